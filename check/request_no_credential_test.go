package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

// drfNotProvided is Django REST framework's answer to a request without
// credentials when TokenAuthentication is first.
var drfNotProvided = jsonRec(401, `{"detail":"Authentication credentials were not provided."}`, "WWW-Authenticate", "Token", "Vary", "Accept", "Allow", "GET, HEAD, OPTIONS")

func TestRequestNoCredential(t *testing.T) {
	t.Parallel()
	runTable(t, "request.no-credential", []tc{
		{
			name:    "a query key the server read and called invalid is not missing",
			obs:     observe(req(apiURL + "?x-algolia-api-key=" + fill("0123456789abcdef", 32, 3) + "&x-algolia-application-id=AE29KQB3IA")).auth(jsonRec(403, `{"message":"Invalid Application-ID or API key","status":403}`)).obs(),
			present: []string{"credential.rejected"},
		},
		{
			name: "drf, no credential at all",
			obs:  observe(req(apiURL, fld("Accept", "application/json"))).baseline(drfNotProvided).auth(drfNotProvided).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"WWW-Authenticate: Token", `server said: "Authentication credentials were not provided."`},
				summary:  "No credential was sent", fix: "--bearer-env"},
			absent: []string{"delivery.not-received", "header.scheme-mismatch"},
		},
		{
			name: "empty Authorization header",
			obs:  observe(req(apiURL, fld("Authorization", ""))).auth(rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="api"`)}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "sent empty"},
		},
		{
			name: "scheme without credentials",
			obs:  observe(req(apiURL, fld("Authorization", "Bearer "))).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "sent empty"},
		},
		{
			name: "aws api gateway 403 without a credential",
			obs:  observe(req(apiURL)).auth(jsonRec(403, `{"message":"Forbidden"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name:    "variable unset is the other check's",
			obs:     observe(req(apiURL, templated("Authorization", "Bearer $T", "Bearer ", authdoctor.VarRef{Name: "T"}))).auth(rec{status: 401}).obs(),
			present: []string{"request.var-unset"},
		},
		{
			name: "credential sent",
			obs:  observe(req(apiURL, bearer(opaque(10)))).auth(drfNotProvided).obs(),
		},
		{
			name: "public endpoint",
			obs:  observe(req(apiURL)).auth(rec{status: 200}).obs(),
		},
		{
			name: "not found",
			obs:  observe(req(apiURL)).auth(rec{status: 404}).obs(),
		},
		{
			name: "a signed url carries its credential in the query by design",
			obs: observe(req("https://acct.blob.core.windows.net/c/b?se=2026-11-29T12%3A10%3A00Z&sig=" + fill(b64url, 43, 2) + "&sp=r&sr=b&sv=2018-11-09")).
				auth(rec{status: 403, header: hdr("Content-Type", "application/xml"), body: `<Error><Code>AuthenticationFailed</Code></Error>`}).obs(),
		},
		{
			name: "a sig parameter alone is no signed url",
			obs:  observe(req(apiURL + "?sig=" + fill(b64url, 20, 2))).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "no response",
			obs:  observe(req(apiURL)).fail(authdoctor.RoleAuthenticated, authdoctor.PhaseDNS, "no such host", "").obs(),
		},
	})
}

func TestRequestNoCredentialInBody(t *testing.T) {
	t.Parallel()
	r := authdoctor.Request{Method: "POST", URL: apiURL, Body: authdoctor.NewSecret("access_token=" + opaque(4) + "&x=1")}
	runTable(t, "request.no-credential", []tc{
		{name: "token in a form body", obs: observe(r).auth(rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="api"`)}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "the token is in the request body (access_token)", fix: "Authorization header"}},
		{
			// Several credential parameters: the first by name, always, so
			// the text does not follow map order; an empty one carries
			// nothing.
			name: "several query credentials, one empty",
			obs:  observe(req(apiURL + "?token=&secret_key=" + opaque(5) + "&api_key=" + opaque(6) + "&z_token=" + opaque(7))).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "the token is in the URL query (api_key)"},
		},
		{
			name: "only an empty query credential",
			obs:  observe(req(apiURL + "?api_key=")).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "No credential was sent"},
		},
		{
			name: "a credential parameter left empty by an unset variable is request.var-unset's",
			obs: func() *authdoctor.Observation {
				r := req(apiURL + "?api_key=")
				r.Unfilled = []authdoctor.DataVar{{VarRef: authdoctor.VarRef{Name: "KEY"}, In: "query", Param: "api_key"}}
				return observe(r).auth(rec{status: 401}).obs()
			}(),
			present: []string{"request.var-unset"},
		},
		{
			name: "json body: the first credential key with a value",
			obs: observe(authdoctor.Request{Method: "POST", URL: apiURL, AllowWrite: true,
				Body: authdoctor.NewSecret(`{"refresh_token":"","password":"` + opaque(8) + `","client_secret":"` + opaque(9) + `"}`)}).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "the token is in the request body (client_secret)"},
		},
	})
}
