package check_test

import (
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
)

func TestHeaderMultipleCredentials(t *testing.T) {
	t.Parallel()
	tok := opaque(20)
	invalidRequest := jsonRec(400, `{"error":"invalid_request","error_description":"Multiple methods used to include access token"}`,
		"WWW-Authenticate", `Bearer error="invalid_request", error_description="Multiple methods used to include access token"`)
	runTable(t, "header.multiple-credentials", []tc{
		{
			name: "two token headers the server says not to combine",
			obs: observe(req(apiURL, fld("X-Postmark-Server-Token", "dfe93c72-ace9-1472-601b-ae6089f8648e"), fld("X-Postmark-Account-Token", "0a1b2c3d-ace9-1472-601b-ae6089f8648e"))).
				auth(jsonRec(401, `{"ErrorCode":10,"Message":"Please do not include Account API Token for Server API Token calls."}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"2 credential headers were sent: X-Postmark-Server-Token, X-Postmark-Account-Token", `the server says "do not include"`}},
		},
		{
			name: "an application id header beside a key, refused for the key",
			obs:  observe(req(apiURL, fld("X-Algolia-Api-Key", opaque(9)), fld("X-Algolia-Application-Id-Token", "AE29KQB3IA"))).auth(jsonRec(403, `{"message":"Invalid Application-ID or API key"}`)).obs(),
		},
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

// TestHeaderMultipleCredentialsOrder: the query parameters are listed in
// one order however Go's maps iterate.
func TestHeaderMultipleCredentialsOrder(t *testing.T) {
	t.Parallel()
	o := observe(req(apiURL+"?token="+opaque(22)+"&api_key="+opaque(23)+"&key="+opaque(24)+"&access_token="+opaque(25), bearer(opaque(26)))).auth(rec{status: 401}).obs()
	c := checkByID(t, "header.multiple-credentials")
	first := dump(check.RunList([]check.Check{c}, o, check.Options{}))
	for range 50 {
		if got := dump(check.RunList([]check.Check{c}, o, check.Options{})); got != first {
			t.Fatalf("evidence changed between runs:\n%s\nthen\n%s", first, got)
		}
	}
	if !strings.Contains(first, `"access_token" query parameter`) || strings.Index(first, `"access_token"`) > strings.Index(first, `"token"`) {
		t.Errorf("want the parameters by name, access_token first:\n%s", first)
	}
}
