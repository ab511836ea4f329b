package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestCredentialRejected(t *testing.T) {
	t.Parallel()
	nginx := nginxBasic401()
	key := fld("X-API-Key", opaque(34))
	missingKey := jsonRec(401, `{"message":"No API key found in request"}`)
	runTable(t, "credential.rejected", []tc{
		{
			name: "nginx basic answers with a new challenge",
			obs:  observe(req(apiURL, basic("alice:wrong-password"))).baseline(nginx).auth(nginx).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{`WWW-Authenticate: Basic realm="Restricted"`, "answers your Basic credentials with a new Basic challenge", `user name "alice"`},
				summary:  "user name and password"},
			absent: []string{"delivery.not-received", "token.rejected", "credential.basic-malformed"},
		},
		{
			name: "api key the server calls invalid",
			obs:  observe(req(apiURL, key)).baseline(missingKey).auth(jsonRec(401, `{"message":"Invalid API key"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{`the server says "invalid api key"`, "a different answer, so the server did read your key"},
				summary:  "API key"},
		},
		{
			name: "api key, answer differs from the baseline",
			obs:  observe(req(apiURL, key)).baseline(missingKey).auth(jsonRec(401, `{"message":"Unauthorized"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "403 that says bad credentials",
			obs:  observe(req(apiURL, key)).auth(jsonRec(403, `{"message":"Bad credentials"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "digest with a stale nonce",
			obs: observe(req(apiURL, fld("Authorization", `Digest username="alice", realm="api", nonce="abc", uri="/v1/things", response="0123456789abcdef0123456789abcdef"`))).
				auth(rec{status: 401, header: hdr("WWW-Authenticate", `Digest realm="api", qop="auth", nonce="def", stale=true`)}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"stale=true"}},
		},
		{
			name: "403 without any wording is authorisation",
			obs:  observe(req(apiURL, key)).baseline(missingKey).auth(jsonRec(403, `{"message":"Forbidden"}`)).obs(),
		},
		{
			name: "403 invalid key that speaks of permission",
			obs:  observe(req(apiURL, key)).auth(jsonRec(403, `{"message":"Invalid key: you do not have permission"}`)).obs(),
		},
		{
			name: "api key, same answer as without it, no wording",
			obs:  observe(req(apiURL, key)).baseline(jsonRec(401, `{"message":"Unauthorized"}`)).auth(jsonRec(401, `{"message":"Unauthorized"}`)).obs(),
		},
		{
			name: "bearer jwt is the token checks' job",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(0))))).auth(jsonRec(401, `{"message":"Invalid credentials"}`)).obs(),
		},
		{
			name: "basic without a basic challenge",
			obs:  observe(req(apiURL, basic("alice:pw"))).auth(jsonRec(401, `{"message":"Unauthorized"}`)).obs(),
		},
		{
			name: "accepted",
			obs:  observe(req(apiURL, basic("alice:pw"))).auth(rec{status: 200}).obs(),
		},
	})
}
