package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestEndpointNotFound(t *testing.T) {
	t.Parallel()
	r := req(apiURL, bearer(opaque(7)))
	apigw := jsonRec(403, `{"message":"Missing Authentication Token"}`, "X-Amzn-Requestid", "0e2f5a1b-6c7d-4e8f-9a0b-1c2d3e4f5a6b", "X-Amzn-Errortype", "MissingAuthenticationTokenException", "X-Amz-Apigw-Id", "Ab1CdEfGhIjKlMn=")
	runTable(t, "endpoint.not-found", []tc{
		{
			name: "404 with and without a credential",
			obs:  observe(r).baseline(jsonRec(404, `{"message":"Not Found"}`)).auth(jsonRec(404, `{"message":"Not Found"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"→ 404 Not Found", "the same without a credential", `server said: "Not Found"`},
				summary:  "https://api.example.com/v1/things"},
		},
		{
			name: "410 gone, no baseline",
			obs:  observe(r).auth(rec{status: 410}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "410 Gone"},
		},
		{
			name: "404 without a baseline does not claim one",
			obs:  observe(r).auth(jsonRec(404, `{"message":"Not Found"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "(404 Not Found)."},
		},
		{
			name:    "404 that says the object is not shared with the integration",
			obs:     observe(r).auth(jsonRec(404, `{"object":"error","status":404,"code":"object_not_found","message":"Could not find database with ID: 6c79d10b. Make sure the relevant pages and databases are shared with your integration."}`)).obs(),
			present: []string{"authz.forbidden"},
		},
		{
			name: "github hides a private repository behind 404",
			obs: observe(req("https://api.github.com/repos/octo/private", bearer(opaque(7)))).
				baseline(jsonRec(401, `{"message":"Requires authentication"}`)).
				auth(jsonRec(404, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest/repos/repos#get-a-repository"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Possible, summary: "hidden from this credential"},
		},
		{
			name: "aws api gateway missing authentication token",
			obs:  observe(r).baseline(apigw).auth(apigw).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{`server said: "Missing Authentication Token"`}, summary: "API Gateway has no route"},
			absent: []string{"delivery.not-received", "authz.forbidden"},
		},
		{
			name: "missing authentication token from something that is not api gateway",
			obs:  observe(r).auth(jsonRec(403, `{"message":"Missing Authentication Token"}`)).obs(),
		},
		{
			name: "credential in the URL is redacted in the summary",
			obs:  observe(req(apiURL+"?api_key=canaryInTheQuery42", bearer(opaque(7)))).auth(rec{status: 404}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "api_key=[redacted]"},
		},
		{
			name: "401",
			obs:  observe(r).baseline(rec{status: 401}).auth(rec{status: 401}).obs(),
		},
		{
			name: "plain 403",
			obs:  observe(r).auth(jsonRec(403, `{"message":"Forbidden"}`)).obs(),
		},
		{
			name: "404 only without a credential",
			obs:  observe(r).baseline(rec{status: 404}).auth(rec{status: 200}).obs(),
		},
	})
}
