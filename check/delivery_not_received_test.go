package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestDeliveryNotReceived(t *testing.T) {
	t.Parallel()
	tok := opaque(28)
	r := req(apiURL, bearer(tok))
	// The same answer three times, with request ids that differ.
	stripped := func(id string) rec {
		return rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="api"`, "Content-Type", "text/plain", "Server", "Apache/2.4.58", "Via", "1.1 varnish"),
			body: "Unauthorized (request " + id + ")"}
	}
	invalid := rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="api", error="invalid_token"`, "Content-Type", "text/plain"), body: "Unauthorized"}
	apache := jsonRec(401, `{"error":"No Authorization header","hint":"CGIPassAuth"}`, "Server", "Apache/2.4.58 (Ubuntu)")
	nginx := nginxBasic401()
	runTable(t, "delivery.not-received", []tc{
		{
			name: "no credential, yours and a damaged one get the same answer",
			obs:  observe(r).baseline(stripped("7f3a9c21")).auth(stripped("0b1e22d4")).corrupted(stripped("c0ffee99")).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"all three answers are identical", "the challenge carries no error= code", "Server: Apache/2.4.58", "Via: 1.1 varnish — a proxy or CDN is in the path", "damaged"},
				summary:  "Your Authorization header left this machine but never reached"},
			absent: []string{"token.rejected"},
		},
		{
			// A server that answers every failure alike: the evidence cannot
			// tell "stripped" from "rejected", and the finding says both.
			name: "generic 401 three times, no challenge",
			obs: observe(r).baseline(jsonRec(401, `{"message":"Unauthorized"}`)).auth(jsonRec(401, `{"message":"Unauthorized"}`)).
				corrupted(jsonRec(401, `{"message":"Unauthorized"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Possible,
				evidence: []string{"all three answers are identical"},
				summary:  "or the server rejects every credential alike"},
		},
		{
			name: "server says no authorization header although one was sent",
			obs:  observe(r).baseline(apache).auth(apache).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{`the server says "no authorization header" although the Authorization header was sent`}},
		},
		{
			name: "api key in the header the api does not read",
			obs: observe(req(apiURL, fld("X-API-Key", tok))).baseline(jsonRec(401, `{"message":"Missing API key"}`)).
				auth(jsonRec(401, `{"message":"Missing API key"}`)).corrupted(jsonRec(401, `{"message":"Missing API key"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "X-API-Key"},
		},
		{
			name: "the server says the header it reads is missing",
			obs:  observe(req(apiURL, fld("X-Tyk-Authorization", tok))).auth(jsonRec(401, "{\n    \"error\": \"Authorization field missing\"\n}")).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{`the server says "authorization field missing" although the X-Tyk-Authorization header was sent`}},
		},
		{
			name: "a claim missing from the token is not a missing token",
			obs:  observe(r).auth(jsonRec(401, `{"error":"access token missing required claim: aud"}`)).obs(),
		},
		{
			name: "a key missing inside the jwt is not a missing credential",
			obs:  observe(r).auth(rec{status: 401, header: hdr("Content-Type", "text/plain", "Server", "APISIX/3.9.1"), body: `{"message":"missing user key in JWT token"}`}).obs(),
		},
		{
			name: "a key missing from the request is",
			obs:  observe(req(apiURL, fld("X-API-Key", opaque(4)))).auth(rec{status: 401, header: hdr("Content-Type", "text/plain", "Server", "APISIX/3.9.1"), body: `{"message":"Missing API key found in request"}`}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "a csrf token missing is not the credential",
			obs:  observe(r).auth(jsonRec(403, `{"detail":"CSRF Failed: CSRF token missing."}`)).obs(),
		},
		{
			name:    "basic with an identical baseline is a rejected password",
			obs:     observe(req(apiURL, basic("alice:wrong-password"))).baseline(nginx).auth(nginx).obs(),
			present: []string{"credential.rejected"},
		},
		{
			name:    "damaged copy answered differently",
			obs:     observe(r).baseline(stripped("1")).auth(stripped("2")).corrupted(invalid).obs(),
			present: []string{"token.rejected"},
		},
		{
			name: "same as baseline, not corrupted: not known",
			obs:  observe(r).baseline(stripped("1")).auth(stripped("2")).obs(),
		},
		{
			name:    "drf Token challenge: a scheme problem, not delivery",
			obs:     observe(r).baseline(drfNotProvided).auth(drfNotProvided).corrupted(drfNotProvided).obs(),
			present: []string{"header.scheme-mismatch"},
		},
		{
			name:    "credential dropped on a redirect",
			obs:     observe(r).baseline(stripped("1")).auth(hostRedirect(false), rec{status: 401, url: "https://www.example.com/v1/things", noCred: true}).obs(),
			present: []string{"redirect.auth-dropped"},
		},
		{
			name: "the server names the headers it reads and says none came",
			obs: func() *authdoctor.Observation {
				w := req(apiURL, bearer(opaque(29)))
				w.Method, w.AllowWrite = "POST", true
				return observe(w).auth(jsonRec(401, `{"ErrorCode":10,"Message":"No Account or Server API tokens were supplied in the HTTP headers. Please add a header for either X-Postmark-Server-Token or X-Postmark-Account-Token."}`)).obs()
			}(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`"no account or server api tokens were supplied"`}},
		},
		{
			name: "no permission for this token is not a missing token",
			obs:  observe(r).auth(jsonRec(401, `{"message":"No permission was granted to this token"}`)).obs(),
		},
		{
			name: "basic: not logged in, the same as without credentials",
			obs: observe(req(apiURL, basic("jane:"+fill(alnum, 16, 3)))).
				baseline(jsonRec(401, `{"code":"rest_not_logged_in","message":"You are not currently logged in."}`)).
				auth(jsonRec(401, `{"code":"rest_not_logged_in","message":"You are not currently logged in."}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the server says "not currently logged in"`}},
		},
		{
			name: "not logged in without a baseline proves nothing",
			obs:  observe(req(apiURL, fld("Cookie", "session="+opaque(5)))).auth(jsonRec(401, `{"message":"You are not logged in."}`)).obs(),
		},
		{
			// WordPress answers 401 only when no user is logged in; its
			// text for a capability missing from a logged-in user is the
			// same, with 403.
			name: "wordpress 401: no user was authenticated",
			obs: observe(req(apiURL, basic("editor:"+fill(alnum, 24, 7)))).
				auth(jsonRec(401, `{"code":"rest_cannot_create","message":"Sorry, you are not allowed to create new posts.","data":{"status":401}}`, "Link", `<https://wp.example/wp-json/>; rel="https://api.w.org/"`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"the WordPress REST API answers 401 only when no user was authenticated"}},
		},
		{
			name:   "wordpress 403: a logged-in user without the capability",
			obs:    observe(req(apiURL, basic("editor:"+fill(alnum, 24, 7)))).auth(jsonRec(403, `{"code":"rest_cannot_create","message":"Sorry, you are not allowed to create new posts.","data":{"status":403}}`, "Link", `<https://wp.example/wp-json/>; rel="https://api.w.org/"`)).obs(),
			absent: []string{"delivery.not-received"},
		},
		{
			name: "the same 401 without the WordPress link header proves nothing",
			obs:  observe(req(apiURL, basic("editor:"+fill(alnum, 24, 7)))).auth(jsonRec(401, `{"code":"rest_cannot_create","message":"Sorry, you are not allowed to create new posts."}`)).obs(),
		},
		{
			name: "accepted",
			obs:  observe(r).baseline(stripped("1")).auth(rec{status: 200}).corrupted(stripped("2")).obs(),
		},
	})
}
