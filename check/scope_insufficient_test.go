package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

// githubScopes is GitHub's 403 with the scope headers of a classic token.
func githubScopes(has, accepted string) rec {
	return jsonRec(403, `{"message":"Resource not accessible by personal access token","documentation_url":"https://docs.github.com/rest/repos/repos#create-a-repository-for-the-authenticated-user","status":"403"}`,
		"X-OAuth-Scopes", has, "X-Accepted-OAuth-Scopes", accepted, "X-RateLimit-Remaining", "4999")
}

func TestScopeInsufficient(t *testing.T) {
	t.Parallel()
	readOnly := makeJWT(claims(time.Hour, "scope", "repo:read openid"))
	gh := req("https://api.github.com/user/repos", bearer("gh"+"p_"+fill(alnum, 36, 11)))
	runTable(t, "scope.insufficient", []tc{
		{
			name: "rfc 6750 insufficient_scope with scope=",
			obs: observe(req(apiURL, bearer(readOnly))).auth(rec{status: 403, header: hdr("WWW-Authenticate",
				`Bearer realm="api", error="insufficient_scope", error_description="The request requires higher privileges than provided by the access token.", scope="repo:read repo:write"`)}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{`error="insufficient_scope"`, "the token grants: repo:read openid", `server said: error="insufficient_scope"`},
				summary:  "lacks the scope repo:write.", fix: "includes repo:write"},
			absent: []string{"authz.forbidden", "token.rejected"},
		},
		{
			name: "github classic token without the accepted scope",
			obs:  observe(gh).auth(githubScopes("read:user, gist", "repo")).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{"X-OAuth-Scopes: read:user, gist (what the token has)", "X-Accepted-OAuth-Scopes: repo (any one of these is needed)"},
				summary:  "lacks the scope repo."},
			absent: []string{"authz.forbidden"},
		},
		{
			name: "google ACCESS_TOKEN_SCOPE_INSUFFICIENT",
			obs: observe(req("https://www.googleapis.com/drive/v3/files", bearer("ya29."+fill(b64url, 60, 12)))).auth(jsonRec(403,
				`{"error":{"code":403,"message":"Request had insufficient authentication scopes.","errors":[{"message":"Insufficient Permission","domain":"global","reason":"insufficientPermissions"}],"status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"ACCESS_TOKEN_SCOPE_INSUFFICIENT","domain":"googleapis.com"}]}}`,
				"WWW-Authenticate", `Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="https://www.googleapis.com/auth/drive.readonly"`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{"reason: ACCESS_TOKEN_SCOPE_INSUFFICIENT"}, summary: "https://www.googleapis.com/auth/drive.readonly"},
		},
		{
			name:   "plural required scopes, with the scopes named",
			obs:    observe(req(apiURL, bearer(opaque(35)))).auth(jsonRec(403, `{"status":"error","message":"This app hasn't been granted all required scopes to make this call.","errors":[{"message":"One or more of the following scopes are required.","context":{"requiredScopes":["contacts"]}}],"category":"MISSING_SCOPES"}`)).obs(),
			want:   &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the server says "required scopes"`}, summary: "lacks the scope contacts"},
			absent: []string{"authz.forbidden"},
		},
		{
			name: "a tagged union missing_scope on a 401",
			obs:  observe(req(apiURL, bearer(opaque(35)))).auth(jsonRec(401, `{"error":{".tag":"missing_scope","required_scope":"files.metadata.read"},"error_summary":"missing_scope/"}`, "WWW-Authenticate", `Bearer realm="Dropbox-API"`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, summary: "lacks the scope files.metadata.read"},
		},
		{
			name: "scope named without saying it is missing",
			obs:  observe(req(apiURL, bearer(opaque(35)))).auth(jsonRec(403, `{"message":"Your plan does not include this feature","scope":"things:read"}`)).obs(),
		},
		{
			name: "body says missing scope",
			obs:  observe(req(apiURL, bearer(opaque(35)))).auth(jsonRec(403, `{"error":"forbidden","message":"Missing scope: write:things"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the server says "missing scope"`}, summary: "lacks a scope"},
		},
		{
			name:    "github accepted scope present: a permission problem, not a scope one",
			obs:     observe(gh).auth(githubScopes("repo, user", "repo")).obs(),
			present: []string{"authz.forbidden"},
		},
		{
			name:    "github accepted scope present after a comma and space",
			obs:     observe(gh).auth(githubScopes("admin:org, repo", "repo")).obs(),
			present: []string{"authz.forbidden"},
		},
		{
			name:    "github one of several accepted scopes present",
			obs:     observe(gh).auth(githubScopes("public_repo", "repo, public_repo")).obs(),
			present: []string{"authz.forbidden"},
		},
		{
			name: "invalid_token is not a scope problem",
			obs:  observe(req(apiURL, bearer(readOnly))).auth(rec{status: 401, header: hdr("WWW-Authenticate", `Bearer error="invalid_token"`)}).obs(),
		},
		{
			name: "description mentions scope without the error code",
			obs:  observe(req(apiURL, bearer(readOnly))).auth(jsonRec(401, `{"error":"invalid_token","error_description":"Token scope claim is malformed"}`)).obs(),
		},
		{
			name: "success",
			obs:  observe(gh).auth(jsonRec(200, `[]`, "X-OAuth-Scopes", "repo", "X-Accepted-OAuth-Scopes", "repo")).obs(),
		},
	})
}

func TestScopeInsufficientExpected(t *testing.T) {
	t.Parallel()
	tok := makeJWT(claims(time.Hour, "scope", "orders:read"))
	o := func(scopes ...string) *authdoctor.Observation {
		return withExpect(observe(req(apiURL, bearer(tok))).auth(jsonRec(403, `{"message":"Forbidden"}`)).obs(), authdoctor.Expect{Scopes: scopes})
	}
	opaqueTok := opaque(9)
	runTable(t, "scope.insufficient", []tc{
		{name: "--scope names a scope the token lacks", obs: o("orders:write"),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "lacks the scope orders:write", evidence: []string{"this request needs (--scope or OpenAPI): orders:write"}}},
		{name: "--scope satisfied", obs: o("orders:read")},
		{name: "granted scopes from introspection",
			obs: withIssuer(withExpect(observe(req(apiURL, bearer(opaqueTok))).auth(jsonRec(403, `{"message":"Forbidden"}`)).obs(), authdoctor.Expect{Scopes: []string{"admin"}}),
				&authdoctor.IssuerReport{Introspection: &authdoctor.Introspection{Status: 200, Active: boolp(true), Scopes: []string{"read"}}}),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "lacks the scope admin"}},
	})
}
