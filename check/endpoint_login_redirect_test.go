package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestEndpointLoginRedirect(t *testing.T) {
	t.Parallel()
	login := "https://login.example.com/oauth2/start?rd=%2Fapi"
	bounce := rec{status: 302, header: hdr("Location", login), redirect: &authdoctor.Redirect{Location: login, Next: login, HostChanged: true}}
	page := rec{status: 200, header: hdr("Content-Type", "text/html; charset=utf-8"), body: "<!doctype html><title>Sign in</title>"}
	r := req(apiURL, bearer(opaque(5)))
	runTable(t, "endpoint.login-redirect", []tc{
		{name: "bounced to a sign-in page", obs: observe(r).auth(bounce, page).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "sign-in page", evidence: []string{"redirected to https://login.example.com/oauth2/start"}}},
		{name: "an ordinary redirect to the API", obs: observe(r).auth(rec{status: 301, header: hdr("Location", apiURL+"/"), redirect: &authdoctor.Redirect{Location: apiURL + "/", Next: apiURL + "/"}}, jsonRec(200, `{}`)).obs()},
		{name: "no redirect", obs: observe(r).auth(page).obs()},
		{name: "a 203 sign-in page served in place",
			obs: observe(req("https://dev.azure.com/contoso/_apis/projects", basic(":"+fill(alnum, 52, 4)))).auth(rec{status: 203, header: hdr("Content-Type", "text/html; charset=utf-8"), body: `<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head><body><form id="signInForm"></form></body></html>`}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "sign-in page instead of data",
				evidence: []string{`the page's title is "azure devops services | sign in"`, "203 Non-Authoritative Information"}}},
		{name: "a 203 page that is no sign-in page",
			obs: observe(r).auth(rec{status: 203, header: hdr("Content-Type", "text/html"), body: "<!doctype html><title>Projects</title>"}).obs()},
	})
}
