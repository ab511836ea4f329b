package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func TestAuthzForbidden(t *testing.T) {
	t.Parallel()
	tok := makeJWT(claims(time.Hour))
	r := req(apiURL, bearer(tok))
	challenge := rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="api"`)}
	gql := req("https://api.github.com/graphql", bearer(opaque(37)))
	gql.Method, gql.AllowWrite = "POST", true
	runTable(t, "authz.forbidden", []tc{
		{
			name: "403 after a 401 baseline",
			obs:  observe(r).baseline(challenge).auth(jsonRec(403, `{"message":"Forbidden"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"without a credential the server asks who you are; with yours it knows and refuses"},
				summary:  "not allowed"},
		},
		{
			name: "drf permission denied",
			obs:  observe(r).auth(jsonRec(403, `{"detail":"You do not have permission to perform this action."}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the server says "permission"`}},
		},
		{
			name: "a lone 403",
			obs:  observe(r).auth(rec{status: 403}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Possible},
		},
		{
			name: "401 with permission wording",
			obs:  observe(r).baseline(challenge).auth(jsonRec(401, `{"message":"User does not have permission to access this project"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{`the server says "permission" — a permission problem, although it answered 401`, "a different answer, so your credential was read"},
				summary:  "although it answered 401"},
			absent: []string{"token.rejected"},
		},
		{
			name:   "401 with a contracted permission phrase",
			obs:    observe(req(apiURL, bearer(opaque(38)))).auth(jsonRec(401, `{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Catalog::products"}}`)).obs(),
			want:   &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the server says "isn't authorized to"`}},
			absent: []string{"token.rejected"},
		},
		{
			name: "401 saying the token isn't valid is no permission phrase",
			obs:  observe(req(apiURL, bearer(opaque(38)))).auth(jsonRec(401, `{"message":"The token isn't valid"}`)).obs(),
		},
		{
			name: "github saml sso enforcement",
			obs: observe(req("https://api.github.com/orgs/octo/repos", bearer(opaque(37)))).auth(jsonRec(403,
				`{"message":"Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.","documentation_url":"https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/"}`,
				"X-GitHub-SSO", "required; url=https://github.com/orgs/octo/sso?authorization_request=ABC123")).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{"X-GitHub-SSO: required; url=https://github.com/orgs/octo/sso"}, summary: "SAML single sign-on", fix: "X-GitHub-SSO"},
		},
		{
			name: "200 with graphql errors FORBIDDEN",
			obs:  observe(gql).auth(jsonRec(200, `{"data":{"organization":null},"errors":[{"type":"FORBIDDEN","path":["organization"],"extensions":{"saml_failure":false},"locations":[{"line":1,"column":3}],"message":"Resource not accessible by integration"}]}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{`errors[]: "Resource not accessible by integration"`}, summary: "GraphQL errors"},
		},
		{
			name:    "github accepted scope is a subset of the token's: permission, not scope",
			obs:     observe(req("https://api.github.com/user/repos", bearer(opaque(37)))).auth(githubScopes("repo, user", "repo")).obs(),
			want:    &want{sev: authdoctor.SeverityError, conf: authdoctor.Possible},
			absent:  []string{"scope.insufficient"},
			present: []string{"authz.forbidden"},
		},
		{
			name: "insufficient_scope is the scope check's",
			obs:  observe(r).auth(rec{status: 403, header: hdr("WWW-Authenticate", `Bearer error="insufficient_scope", scope="admin"`)}).obs(),
		},
		{
			name: "github scope headers without the accepted scope",
			obs:  observe(req("https://api.github.com/user/repos", bearer(opaque(37)))).auth(githubScopes("gist", "repo")).obs(),
		},
		{
			name: "rate limit is the gate's",
			obs:  observe(r).auth(jsonRec(403, `{"message":"API rate limit exceeded for 203.0.113.7."}`)).obs(),
		},
		{
			name: "cloudflare challenge is the gate's",
			obs:  observe(r).auth(rec{status: 403, header: hdr("Server", "cloudflare", "Content-Type", "text/html"), body: cloudflareChallenge}).obs(),
		},
		{
			name: "api gateway missing route",
			obs:  observe(r).auth(jsonRec(403, `{"message":"Missing Authentication Token"}`, "X-Amzn-Requestid", "1")).obs(),
		},
		{
			name:   "401 to a basic user who lacks a role",
			obs:    observe(req(apiURL, basic("newrelic:"+fill(alnum, 16, 8)))).auth(jsonRec(401, `{"error":"not_authorised","reason":"Not management user"}`)).obs(),
			want:   &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the server says "not management user"`}},
			absent: []string{"credential.rejected"},
		},
		{
			name: "401 you are not a server admin",
			obs:  observe(req(apiURL, basic("admin:"+fill(alnum, 14, 9)))).auth(jsonRec(401, `{"error":"unauthorized","reason":"You are not a server admin."}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`"not a server admin"`}},
		},
		{
			name:   "404 hidden from the integration",
			obs:    observe(r).auth(jsonRec(404, `{"object":"error","status":404,"code":"object_not_found","message":"Could not find database with ID: 6c79d10b. Make sure the relevant pages and databases are shared with your integration."}`)).obs(),
			want:   &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`"shared with your integration"`}, summary: "hides this object"},
			absent: []string{"endpoint.not-found"},
		},
		{
			name:    "a plain 404 is the endpoint's",
			obs:     observe(r).auth(jsonRec(404, `{"message":"Could not find database with ID: 6c79d10b."}`)).obs(),
			present: []string{"endpoint.not-found"},
		},
		{
			name: "401 whose whole body is Forbidden",
			obs:  observe(r).auth(rec{status: 401, header: hdr("Content-Type", "text/plain"), body: "Forbidden"}).obs(),
		},
		{
			name: "401 that says forbidden in a sentence",
			obs:  observe(r).auth(jsonRec(401, `{"message":"Forbidden: this project is not yours"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "401 login failed is no role refusal",
			obs:  observe(req(apiURL, basic("wronguser:"+fill(alnum, 16, 8)))).auth(jsonRec(401, `{"error":"not_authorised","reason":"Login failed"}`)).obs(),
		},
		{
			name: "401 admin login required is no role refusal",
			obs:  observe(req(apiURL, basic("admin:"+fill(alnum, 14, 9)))).auth(jsonRec(401, `{"error":"unauthorized","reason":"Admin login required"}`)).obs(),
		},
		{
			name: "plain 401",
			obs:  observe(r).baseline(challenge).auth(jsonRec(401, `{"message":"Unauthorized"}`)).obs(),
		},
		{
			name: "401 with permission wording for an expired token",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(-time.Hour))))).auth(jsonRec(401, `{"message":"Access denied"}`)).obs(),
		},
		{
			name: "401 invalid_token with permission wording",
			obs:  observe(r).auth(jsonRec(401, `{"message":"not permitted"}`, "WWW-Authenticate", `Bearer error="invalid_token"`)).obs(),
		},
		{
			name: "200 with graphql errors that are not forbidden",
			obs:  observe(gql).auth(jsonRec(200, `{"data":null,"errors":[{"message":"Field 'nme' doesn't exist on type 'User'","extensions":{"code":"undefinedField"}}]}`)).obs(),
		},
		{
			name: "200 without errors",
			obs:  observe(gql).auth(jsonRec(200, `{"data":{"viewer":{"login":"octocat"}}}`)).obs(),
		},
	})
}
