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
			name: "a key in the query, read and refused",
			obs:  observe(req(apiURL + "?x-algolia-api-key=" + fill("0123456789abcdef", 32, 3) + "&x-algolia-application-id=AE29KQB3IA")).auth(jsonRec(403, `{"message":"Invalid Application-ID or API key","status":403}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "URL query (x-algolia-api-key)",
				evidence: []string{`the server says "invalid application-id`}},
			absent: []string{"request.no-credential"},
		},
		{
			name:    "a key in the query, a 401 that does not say it is wrong",
			obs:     observe(req(apiURL + "?api_key=" + opaque(8))).auth(jsonRec(401, `{"message":"Unauthorized"}`)).obs(),
			present: []string{"request.no-credential"},
		},
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
			name:   "a vendor key in basic, a lone 401 that says forbidden",
			obs:    observe(req(apiURL, basic("api:key-"+fill("0123456789abcdef", 32, 5)))).auth(rec{status: 401, header: hdr("Content-Type", "text/plain"), body: "Forbidden"}).obs(),
			want:   &want{sev: authdoctor.SeverityError, conf: authdoctor.Possible, evidence: []string{"key in Basic and no answer without it to compare"}, summary: "API key"},
			absent: []string{"authz.forbidden"},
		},
		{
			name: "a vendor key in basic that anonymous callers get the same 401 for",
			obs: observe(req(apiURL, basic("api:key-"+fill("0123456789abcdef", 32, 5)))).
				baseline(rec{status: 401, header: hdr("Content-Type", "text/plain"), body: "Forbidden"}).
				auth(rec{status: 401, header: hdr("Content-Type", "text/plain"), body: "Forbidden"}).obs(),
		},
		{
			name: "basic without a basic challenge",
			obs:  observe(req(apiURL, basic("alice:pw"))).auth(jsonRec(401, `{"message":"Unauthorized"}`)).obs(),
		},
		{
			name: "basic, no challenge, an answer that differs from the baseline",
			obs: observe(req(apiURL, basic("rzp_test_"+fill(alnum, 14, 3)+":"+fill(alnum, 24, 4)))).
				baseline(jsonRec(401, `{"error":{"code":"BAD_REQUEST_ERROR","description":"Please provide your api key for authentication purposes."}}`)).
				auth(jsonRec(401, `{"error":{"code":"BAD_REQUEST_ERROR","description":"The api key provided is invalid"}}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{`the server says "api key provided is invalid"`, "a different answer, so the server did read your credentials"}},
		},
		{
			name: "basic, a differing baseline alone",
			obs: observe(req(apiURL, basic("fan:"+fill(alnum, 12, 6)))).
				baseline(jsonRec(401, `{"error":"unauthorized","reason":"You are not authorized to access this db."}`)).
				auth(jsonRec(401, `{"error":"unauthorized","reason":"Authentication is needed."}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"a different answer, so the server did read your credentials"}},
		},
		{
			name: "basic, a differing answer that speaks of permission",
			obs: observe(req(apiURL, basic("fan:"+fill(alnum, 12, 6)))).
				baseline(jsonRec(401, `{"error":"unauthorized","reason":"Authentication is needed."}`)).
				auth(jsonRec(401, `{"error":"unauthorized","reason":"You are not authorized to access this db."}`)).obs(),
		},
		{
			name: "password is incorrect, in the server's word order",
			obs:  observe(req(apiURL, basic("fan:"+fill(alnum, 12, 7)))).auth(jsonRec(401, `{"error":"unauthorized","reason":"Name or password is incorrect."}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the server says "password is incorrect"`}},
		},
		{
			name: "invalid or non-existent authentication information in a 403",
			obs: observe(req(apiURL, basic("__token__:pypi-"+fill(b64url, 40, 8)))).
				auth(rec{status: 403, header: hdr("Content-Type", "text/html"), body: "<html><head><title>403 Invalid or non-existent authentication information.</title></head></html>"}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`"invalid or non-existent authentication information"`}},
		},
		{
			name: "an api key header the server says does not contain a valid token",
			obs:  observe(req(apiURL, key)).auth(jsonRec(401, `{"ErrorCode":10,"Message":"Request does not contain a valid Server token."}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`"does not contain a valid server token"`}},
		},
		{
			name: "a field of the body called invalid is not the credential",
			obs:  observe(req(apiURL, key)).auth(jsonRec(401, `{"message":"The key 'limit' is invalid; the password field is required"}`)).obs(),
		},
		{
			name: "a password that is required, not wrong",
			obs:  observe(req(apiURL, basic("alice:"))).auth(jsonRec(401, `{"message":"A password is required"}`)).obs(),
		},
		{
			name: "accepted",
			obs:  observe(req(apiURL, basic("alice:pw"))).auth(rec{status: 200}).obs(),
		},
	})
}
