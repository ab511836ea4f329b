package diagnose_test

// Recorded answers of developer tools and registries: GitLab, Azure
// DevOps, PagerDuty, Docker Hub, Harbor, Jenkins.

import (
	"encoding/base64"
	"time"

	"github.com/authdoctor/authdoctor"
)

func devtoolCases() []rwCase {
	var cs []rwCase
	add := func(c rwCase) { cs = append(cs, c) }

	// ---------------------------------------------------------------- GitLab

	// ezbz/gitlabber#21 (a personal access token with read_repository only
	// gets "403: insufficient_scope" listing groups), fh1ch/passport-
	// gitlab2#5 (the body: {"error":"insufficient_scope","error_description":
	// "The request requires higher privileges than provided by the access
	// token.","scope":"api"}), mc1arke/sonarqube-community-branch-
	// plugin#907 (the headers: Server nginx, Cache-Control no-cache, Vary
	// Origin). Body and those headers only published.
	add(rwCase{
		name: "gitlab/403 insufficient scope for a read_repository token",
		obs: record(get("https://gitlab.com/api/v4/groups", field("PRIVATE-TOKEN", "glpat-"+gen(rwB64u, 20, 401)))).
			auth(jsonHop(403, `{"error":"insufficient_scope","error_description":"The request requires higher privileges than provided by the access token.","scope":"api"}`,
				"Server", "nginx", "Cache-Control", "no-cache", "Vary", "Origin").dated()).done(),
		want: authdoctor.CauseInsufficientScope, finding: "scope.insufficient",
	})

	// mattermost/mattermost-plugin-gitlab#316: "GET https://gitlab.xxxxx.com/
	// api/v4/issues: 401 {error: invalid_token}, {error_description: Token
	// is expired. You can either do re-authorization or token refresh.}" —
	// GitLab's OAuth access tokens last two hours (gitlab4j/gitlab4j-
	// api#911). Body only published.
	add(rwCase{
		name: "gitlab/oauth token is expired",
		obs: record(get("https://gitlab.example.com/api/v4/issues", bearerField(gen(rwHex, 64, 402)))).
			auth(jsonHop(401, `{"error":"invalid_token","error_description":"Token is expired. You can either do re-authorization or token refresh."}`).dated()).done(),
		want: authdoctor.CauseTokenExpired, finding: "token.expired",
	})

	// ---------------------------------------------------------- Azure DevOps

	// MicrosoftDocs/vsts-rest-api-specs#574 ("I get back 203
	// non-authoritative info. It looks like it's trying to open a browser
	// to sign in") and #97 ("HTTP 203 with \"sign in\" content"): Azure
	// DevOps answers a PAT it does not accept with its sign-in page and
	// status 203, not 401. The PAT goes in Basic with an empty user name,
	// as Microsoft documents. The page is abridged.
	ado := authdoctor.Field{Name: "Authorization", Value: authdoctor.NewSecret("Basic " + base64.StdEncoding.EncodeToString([]byte(":"+gen(rwAlnum, 52, 403)))), Origin: authdoctor.OriginEnv, Source: "AZURE_DEVOPS_PAT"}
	add(rwCase{
		name: "azure devops/203 sign-in page for a pat it does not accept",
		obs: record(get("https://dev.azure.com/contoso/_apis/projects?api-version=7.1", ado)).
			auth(htmlHop(203, `<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head><body><form id="signInForm"></form></body></html>`).dated()).done(),
		want: authdoctor.CauseCredentialsRejected, finding: "endpoint.login-redirect",
	})

	// ------------------------------------------------------------- PagerDuty

	// PagerDuty's REST API takes "Authorization: Token token=<key>".
	// hashicorp/terraform#12854: a missing (empty) or invalid token gets
	// 401 with an empty body, Content-Type text/html; charset=utf-8, Server
	// nginx, X-Request-Id; apache/devlake#6112: "Token %s" instead of
	// "Token token=%s" got 401 on every call.
	pd := bare(401, "Content-Type", "text/html; charset=utf-8", "Server", "nginx", "X-Request-Id", "444f0bcbd1fc02a3ab93e8833c9e3c4c",
		"X-Ua-Compatible", "IE=Edge,chrome=1", "Cache-Control", "no-cache")
	add(rwCase{
		name: "pagerduty/token without token=",
		obs: record(get("https://api.pagerduty.com/incidents?limit=100", field("Authorization", "Token "+gen(rwB64u, 20, 404)))).
			baseline(pd).auth(pd).differential(pd).done(),
		want: authdoctor.CauseHeaderMalformed,
		miss: "credential_not_received from delivery.not-received (possible): baseline, key and damaged key all get the same empty 401; PagerDuty's documented form is \"Token token=<key>\", and a Token value without token= is the known mistake — vendor knowledge no check has (pattern 6: a server that answers no credential and a malformed one alike)",
	})
	add(rwCase{
		name: "pagerduty/token variable unset",
		obs: record(get("https://api.pagerduty.com/users/me", unset("Authorization", "Token token=$PAGERDUTY_TOKEN", "PAGERDUTY_TOKEN"))).
			baseline(pd).auth(pd).done(),
		want: authdoctor.CauseCredentialMissing, finding: "request.var-unset",
	})

	// ------------------------------------------------------------ Docker Hub

	// distribution/distribution#2476: PUT /v2/{image}/manifests/{tag} on
	// registry-1.docker.io with a token obtained for pull only: 401,
	// Docker-Distribution-Api-Version registry/2.0, Www-Authenticate:
	// Bearer realm="https://auth.docker.io/token",service="registry.docker.io",
	// scope="…:pull,push",error="insufficient_scope", and a body that says
	// "authentication required" although the token was read.
	hubToken := jwt(map[string]any{"alg": "ES256", "typ": "JWT", "kid": "4MKT:WGNN:XN2F"}, map[string]any{
		"iss": "auth.docker.io", "sub": "jane", "aud": "registry.docker.io", "iat": at(-time.Minute), "nbf": at(-time.Minute), "exp": at(4 * time.Minute),
		"access": []map[string]any{{"type": "repository", "name": "jane/web", "actions": []string{"pull"}}}})
	add(rwCase{
		name: "docker hub/push with a pull-only token",
		obs: record(write("PUT", "https://registry-1.docker.io/v2/jane/web/manifests/v2", `{"schemaVersion":2}`,
			bearerField(hubToken), plain("Content-Type", "application/vnd.docker.distribution.manifest.v2+json"))).
			auth(jsonHop(401, `{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":[{"Type":"repository","Class":"","Name":"jane/web","Action":"push"}]}]}`,
				"Docker-Distribution-Api-Version", "registry/2.0", "Strict-Transport-Security", "max-age=31536000",
				"Www-Authenticate", `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:jane/web:pull,push",error="insufficient_scope"`).with("Content-Type", "application/json; charset=utf-8").dated()).done(),
		want: authdoctor.CauseInsufficientScope, finding: "scope.insufficient",
	})

	// ---------------------------------------------------------------- Harbor

	// goharbor/harbor#12455: POST /projects/{id}/members with Basic auth
	// from a client that kept Harbor's cookies got 403 {"errors":[{"code":
	// "FORBIDDEN","message":"CSRF token invalid"}]} ("Please disable
	// cookies … otherwise you should process the CSRF token yourself");
	// #12676 names the cookie (_gorilla_csrf) and the header
	// (X-Harbor-Csrf-Token).
	harborMember := write("POST", "https://harbor.example.com/api/v2.0/projects/3/members", `{"role_id":2,"member_user":{"username":"jane"}}`,
		basicField("admin", gen(rwAlnum, 16, 405)), field("Cookie", "sid="+gen(rwHex, 32, 406)+"; _gorilla_csrf="+gen(rwB64u, 40, 407)), plain("Content-Type", "application/json"))
	add(rwCase{
		name: "harbor/csrf token invalid with basic auth and kept cookies",
		obs:  record(harborMember).auth(jsonHop(403, `{"errors":[{"code":"FORBIDDEN","message":"CSRF token invalid"}]}`)).done(),
		want: authdoctor.CauseCSRFRequired, finding: "authz.csrf",
	})

	// goharbor/harbor#11813 (Harbor 1.10): curl POST /api/registries with
	// Basic and --cookie sid=… got "422 Unprocessed Entity" and the page
	// "The page you have requested is forbidden. … '_xsrf' argument missing
	// from POST". Body abridged.
	add(rwCase{
		name: "harbor/422 _xsrf argument missing from post",
		obs: record(write("POST", "https://harbor.example.com/api/registries", `{"name":"docker-hub","url":"https://hub.docker.com","type":"docker-hub"}`,
			basicField("admin", gen(rwAlnum, 16, 408)), field("Cookie", "sid="+gen(rwHex, 32, 409)), plain("Content-Type", "application/json"))).
			auth(htmlHop(422, `<html><head><title>Harbor</title></head><body><br>The page you have requested is forbidden.<br>Perhaps you are here because:<br><br><ul><br>'_xsrf' argument missing from POST</ul></body></html>`)).done(),
		want: authdoctor.CauseCSRFRequired, finding: "authz.csrf",
	})

	// --------------------------------------------------------------- Jenkins

	// pycontribs/jenkinsapi#503: a job build with user name and password
	// got 403 and Jetty's page "Error 403 No valid crumb was included in
	// the request" — Jenkins' CSRF protection ("Prevent Cross Site Request
	// Forgery exploits"); the crumb is its CSRF token.
	add(rwCase{
		name: "jenkins/no valid crumb was included in the request",
		obs: record(write("POST", "https://jenkins.example.com/job/infra/job/test123/build", "", basicField("jane", gen(rwAlnum, 14, 410)), plain("Content-Type", "application/x-www-form-urlencoded"))).
			auth(htmlHop(403, "<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"/>\n<title>Error 403 No valid crumb was included in the request</title>\n</head>\n<body><h2>HTTP ERROR 403</h2>\n<p>Problem accessing /job/infra/job/test123/build. Reason:\n<pre>    No valid crumb was included in the request</pre></p><hr><i><small>Powered by Jetty://</small></i><hr/>\n\n</body>\n</html>\n", "Server", "Jetty(9.2.z-SNAPSHOT)")).done(),
		want: authdoctor.CauseCSRFRequired,
	})

	// ------------------------------------------------------------------ PyPI

	// LFPy/LFPy#468 (the page: <title>403 Username/Password authentication
	// is no longer supported. Migrate to API Tokens or Trusted Publishers
	// instead. …</title> … "Access was denied to this resource."),
	// neuronsimulator/nrn#2654 (twine with a user name and password):
	// uploads take an API token (user __token__) or Trusted Publishing.
	pypiPage := func(msg string) string {
		return "<html>\n <head>\n  <title>403 " + msg + "</title>\n </head>\n <body>\n  <h1>403 " + msg + "</h1>\n  Access was denied to this resource.<br/><br/>\n " + msg + "\n\n\n </body>\n</html>"
	}
	pypiUpload := func(host string, f authdoctor.Field) authdoctor.Request {
		return write("POST", "https://"+host+"/legacy/", ":action=file_upload&name=lfpy&version=2.3.1", f, plain("Content-Type", "multipart/form-data; boundary=xYzZY"))
	}
	add(rwCase{
		name: "pypi/upload with a user name and password",
		obs: record(pypiUpload("test.pypi.org", basicField("espenhgn", "Hunter"+gen(rwDigit, 4, 411)+"!"))).
			auth(htmlHop(403, pypiPage("Username/Password authentication is no longer supported. Migrate to API Tokens or Trusted Publishers instead. See https://test.pypi.org/help/#apitoken and https://test.pypi.org/help/#trusted-publishers"))).done(),
		want: authdoctor.CauseWrongCredentialKind,
	})

	// nationalarchives/ds-caselaw-custom-api-client#653: the API token had
	// been deleted (after setting up a Trusted Publisher); twine got "403
	// Forbidden … Invalid or non-existent authentication information. See
	// https://pypi.org/help/#invalid-auth for more information."
	add(rwCase{
		name: "pypi/upload with a deleted api token",
		obs: record(pypiUpload("upload.pypi.org", basicField("__token__", "pypi-AgEIcHlwaS5vcmc"+gen(rwB64u, 120, 412)))).
			auth(htmlHop(403, pypiPage("Invalid or non-existent authentication information. See https://pypi.org/help/#invalid-auth for more information."))).done(),
		want: authdoctor.CauseCredentialsRejected,
	})

	return cs
}
