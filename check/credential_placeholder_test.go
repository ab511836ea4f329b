package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestCredentialPlaceholder(t *testing.T) {
	t.Parallel()
	u401 := jsonRec(401, `{"error":"invalid_token"}`, "WWW-Authenticate", `Bearer realm="api", error="invalid_token"`)
	runTable(t, "credential.placeholder", []tc{
		{
			name: "YOUR_ACCESS_TOKEN",
			obs:  observe(req(apiURL, bearer("YOUR_ACCESS_TOKEN"))).auth(u401).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"Authorization (Bearer) holds a placeholder", "17 bytes", "value came from API_TOKEN"},
				summary:  "placeholder"},
		},
		{
			name: "postman template in an api key header",
			obs:  observe(req(apiURL, fld("X-API-Key", "{{api_key}}"))).auth(jsonRec(401, `{"message":"Invalid API key"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "X-API-Key"},
		},
		{
			name: "vendor prefix with a placeholder",
			obs:  observe(req("https://api.stripe.com/v1/charges", bearer("sk_"+"test_"+"REPLACE_ME"))).auth(jsonRec(401, `{"error":{"message":"Invalid API Key provided: sk_test_********E_ME","type":"invalid_request_error"}}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "quoted placeholder",
			obs:  observe(req(apiURL, bearer(`"changeme"`))).auth(u401).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "accepted anyway",
			obs:  observe(req(apiURL, bearer("<your-token>"))).auth(rec{status: 200}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Likely},
		},
		{
			name: "a real token with xxx inside",
			obs:  observe(req(apiURL, bearer("tok"+fill(alnum, 20, 3)+"xxxx"+fill(alnum, 10, 4)))).auth(u401).obs(),
		},
		{
			name: "a jwt",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(0))))).auth(u401).obs(),
		},
		{
			name: "empty is missing, not a placeholder",
			obs:  observe(req(apiURL, fld("Authorization", "Bearer "))).auth(u401).obs(),
		},
	})
}
