package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestHeaderMultipleCredentials(t *testing.T) {
	t.Parallel()
	tok := opaque(20)
	invalidRequest := jsonRec(400, `{"error":"invalid_request","error_description":"Multiple methods used to include access token"}`,
		"WWW-Authenticate", `Bearer error="invalid_request", error_description="Multiple methods used to include access token"`)
	runTable(t, "header.multiple-credentials", []tc{
		{
			name: "two Authorization fields, rfc 6750 invalid_request",
			obs:  observe(req(apiURL, bearer(tok), basic("alice:secret-pass"))).auth(invalidRequest).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{"2 Authorization header fields were sent", "400 Bad Request"}},
		},
		{
			name: "header and access_token in the query",
			obs:  observe(req(apiURL+"?access_token="+opaque(21), bearer(tok))).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the URL also carries a "access_token" query parameter`}},
		},
		{
			name: "two schemes in one value",
			obs:  observe(req(apiURL, fld("Authorization", "Bearer "+tok+", Basic "+b64("alice:secret-pass")))).auth(jsonRec(400, `{"message":"Only one authentication method may be used"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"a second credential with the scheme Basic"}},
		},
		{
			name: "server says more than one",
			obs:  observe(req(apiURL, bearer(tok), bearer(opaque(22)))).auth(jsonRec(401, `{"message":"More than one credential supplied"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed},
		},
		{
			name: "tolerated by the server",
			obs:  observe(req(apiURL+"?key=abc", bearer(tok))).auth(rec{status: 200}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Possible},
		},
		{
			name: "key in the query without an Authorization header",
			obs:  observe(req(apiURL+"?key="+opaque(23), fld("X-Goog-Api-Key", opaque(24)))).auth(rec{status: 403}).obs(),
		},
		{
			name: "one header",
			obs:  observe(req(apiURL+"?page=2", bearer(tok))).auth(rec{status: 401}).obs(),
		},
	})
}
