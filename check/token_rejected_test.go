package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func TestTokenRejected(t *testing.T) {
	t.Parallel()
	valid := makeJWT(claims(time.Hour))
	r := req(apiURL, bearer(valid))
	invalid := rec{status: 401, date: now, header: hdr("WWW-Authenticate", `Bearer realm="api", error="invalid_token", error_description="Signature verification failed"`)}
	missing := jsonRec(401, `{"message":"Missing bearer token"}`, "WWW-Authenticate", `Bearer realm="api"`)
	badSig := jsonRec(401, `{"message":"Invalid signature"}`, "WWW-Authenticate", `Bearer realm="api"`)
	runTable(t, "token.rejected", []tc{
		{
			name: "invalid_token on a token valid by its claims",
			obs:  observe(r).baseline(missing).auth(invalid).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{`WWW-Authenticate: Bearer realm="api", error="invalid_token"`, "(RFC 6750 §3.1)",
					`server said: error="invalid_token", "Signature verification failed"`,
					"by its own claims the token is valid until 2026-11-29 13:00:00 UTC"},
				summary: "rejected"},
			absent: []string{"token.expired", "delivery.not-received", "credential.rejected"},
		},
		{
			name: "answer differs from the baseline",
			obs:  observe(req(apiURL, bearer(opaque(33)))).baseline(missing).auth(badSig).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"a different answer, so the server did read your token"}},
		},
		{
			name: "same as the baseline but a damaged copy differs",
			obs:  observe(req(apiURL, bearer(opaque(33)))).baseline(missing).auth(missing).corrupted(badSig).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"a damaged copy gets a different answer"}},
		},
		{
			name: "a lone 401",
			obs:  observe(req(apiURL, bearer(opaque(33)))).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Possible},
		},
		{
			name: "403 with invalid_token",
			obs:  observe(r).auth(rec{status: 403, header: hdr("WWW-Authenticate", `Bearer error="invalid_token"`)}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "400 that calls the token malformed",
			obs:  observe(req(apiURL, bearer(opaque(34)))).auth(rec{status: 400, header: hdr("Content-Type", "text/plain"), body: `Error in call to API function "files/list_folder": The given OAuth 2 access token is malformed.`}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the server says "token is malformed"`}},
		},
		{
			name:   "consul 403 acl not found for its token header",
			obs:    observe(req("https://consul.example.com:8501/v1/acl/policies", fld("X-Consul-Token", "dfe93c72-ace9-1472-601b-ae6089f8648e"))).auth(rec{status: 403, header: hdr("Content-Type", "text/plain", "X-Consul-Knownleader", "true"), body: "ACL not found"}).obs(),
			want:   &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the server says "acl not found"`}},
			absent: []string{"authz.forbidden"},
		},
		{
			name:    "consul 403 permission denied is a permission",
			obs:     observe(req("https://consul.example.com:8501/v1/acl/policies", fld("X-Consul-Token", "dfe93c72-ace9-1472-601b-ae6089f8648e"))).auth(rec{status: 403, header: hdr("Content-Type", "text/plain"), body: "Permission denied"}).obs(),
			present: []string{"authz.forbidden"},
		},
		{
			name:   "403 the access token you sent could not be found",
			obs:    observe(req(apiURL, bearer(opaque(35)))).auth(rec{status: 403, header: hdr("Content-Type", "application/vnd.contentful.management.v1+json"), body: `{"sys":{"type":"Error","id":"AccessTokenInvalid"},"message":"The access token you sent could not be found or is invalid."}`}).obs(),
			want:   &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`"access token you sent could not be found"`}},
			absent: []string{"authz.forbidden"},
		},
		{
			name:    "403 the space could not be found is no token word",
			obs:     observe(req(apiURL, bearer(opaque(35)))).auth(jsonRec(403, `{"message":"The resource could not be found for this token's space."}`)).obs(),
			present: []string{"authz.forbidden"},
		},
		{
			name: "400 about a malformed body says nothing of the token",
			obs:  observe(req(apiURL, bearer(opaque(34)))).auth(jsonRec(400, `{"error":"malformed request body: unexpected end of JSON input"}`)).obs(),
		},
		{
			name: "400 without words",
			obs:  observe(req(apiURL, bearer(opaque(34)))).auth(rec{status: 400}).obs(),
		},
		{
			name:    "401 that speaks of permission",
			obs:     observe(r).baseline(missing).auth(jsonRec(401, `{"message":"User does not have permission to access this project"}`)).obs(),
			present: []string{"authz.forbidden"},
		},
		{
			name: "403 without invalid_token",
			obs:  observe(r).baseline(missing).auth(jsonRec(403, `{"message":"Forbidden"}`)).obs(),
		},
		{
			name: "same as the baseline, nothing else known",
			obs:  observe(r).baseline(missing).auth(missing).obs(),
		},
		{
			name: "api key, not a token",
			obs:  observe(req(apiURL, fld("X-API-Key", opaque(33)))).baseline(missing).auth(badSig).obs(),
		},
		{
			name:   "a token header the server calls an invalid token in a 403",
			obs:    observe(req(apiURL, fld("X-Vault-Token", "hvs."+fill(alnum, 24, 9)))).auth(jsonRec(403, `{"errors":["permission denied","invalid token"]}`)).obs(),
			want:   &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the server says "invalid token"`}},
			absent: []string{"authz.forbidden", "credential.rejected"},
		},
		{
			name:    "the same header refused for a policy only",
			obs:     observe(req(apiURL, fld("X-Vault-Token", "hvs."+fill(alnum, 24, 9)))).auth(jsonRec(403, `{"errors":["permission denied"]}`)).obs(),
			present: []string{"authz.forbidden"},
		},
		{
			name: "a bearer token the server calls invalid, no baseline",
			obs:  observe(r).auth(jsonRec(401, `{"detail":"Invalid token"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the server says "invalid token"`}},
		},
		{
			name: "a password the server calls an invalid token is still a password",
			obs:  observe(req(apiURL, basic("alice:"+fill(alnum, 10, 2)))).auth(jsonRec(401, `{"detail":"Invalid token"}`)).obs(),
		},
		{
			name: "basic password, not a token",
			obs:  observe(req(apiURL, basic("alice:wrong-password"))).auth(nginxBasic401()).obs(),
		},
		{
			name: "token dropped on a redirect",
			obs:  observe(r).baseline(missing).auth(hostRedirect(false), rec{status: 401, url: "https://www.example.com/v1/things", noCred: true}).obs(),
		},
		{
			name: "accepted",
			obs:  observe(r).baseline(missing).auth(rec{status: 200}).obs(),
		},
	})
}

// A vendor's OAuth access token (Google ya29.) sent as Bearer is a token:
// token.rejected speaks, not credential.rejected ("check your API key").
func TestTokenRejectedVendorAccessToken(t *testing.T) {
	t.Parallel()
	goog := "ya29." + fill(alnum, 60, 7)
	refused := rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="https://accounts.google.com/", error="invalid_token"`)}
	runTable(t, "token.rejected", []tc{
		{name: "Google OAuth access token", obs: observe(req(apiURL, bearer(goog))).auth(refused).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely}, absent: []string{"credential.rejected"}},
	})
}
