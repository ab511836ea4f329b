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
			name: "basic undefined:undefined",
			obs:  observe(req(apiURL, basic("undefined:undefined"))).auth(jsonRec(401, `{"error":"invalid_client","error_description":"The client credentials are invalid"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"Authorization (Basic) decodes to a password that is a placeholder (undefined)"}},
		},
		{
			name: "basic password left as a template",
			obs:  observe(req(apiURL, basic("client-42:{{client_secret}}"))).auth(jsonRec(401, `{"error":"invalid_client"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"password that is a placeholder (template-variable)"}},
		},
		{
			name: "basic user id null",
			obs:  observe(req(apiURL, basic("null:"+fill(alnum, 24, 6)))).auth(jsonRec(401, `{"error":"invalid_client"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"user name that is a placeholder (null)"}},
		},
		{
			name: "basic with a weak but real password",
			obs:  observe(req(apiURL, basic("admin:changeme"))).auth(rec{status: 401, header: hdr("WWW-Authenticate", `Basic realm="x"`)}).obs(),
		},
		{
			name: "basic user named test",
			obs:  observe(req(apiURL, basic("test:"+fill(alnum, 20, 7)))).auth(rec{status: 401, header: hdr("WWW-Authenticate", `Basic realm="x"`)}).obs(),
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
