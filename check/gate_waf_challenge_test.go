package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

const cloudflareChallenge = `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body><noscript>Enable JavaScript and cookies to continue</noscript></body></html>`

func TestGateWAFChallenge(t *testing.T) {
	t.Parallel()
	r := req(apiURL, bearer(opaque(5)))
	runTable(t, "gate.waf-challenge", []tc{
		{
			name: "cloudflare cf-mitigated challenge",
			obs: observe(r).auth(rec{status: 403, header: hdr("Cf-Mitigated", "challenge", "Cf-Ray", "8f1e2d3c4b5a6978-FRA", "Server", "cloudflare", "Content-Type", "text/html; charset=UTF-8"),
				body: cloudflareChallenge}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{"cf-mitigated: challenge", "cf-ray: 8f1e2d3c4b5a6978-FRA"}, summary: "Cloudflare"},
			absent: []string{"authz.forbidden", "token.rejected", "credential.rejected"},
		},
		{
			name: "cloudflare just-a-moment page without cf-mitigated",
			obs: observe(r).auth(rec{status: 503, header: hdr("Server", "cloudflare", "Content-Type", "text/html; charset=UTF-8"),
				body: cloudflareChallenge}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the HTML page says "just a moment"`}},
		},
		{
			name: "cloudflare attention required block page",
			obs: observe(r).auth(rec{status: 403, header: hdr("Server", "cloudflare", "Content-Type", "text/html"),
				body: `<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>Sorry, you have been blocked</body></html>`}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "akamai access denied",
			obs: observe(r).auth(rec{status: 403, header: hdr("Server", "AkamaiGHost", "Content-Type", "text/html"),
				body: `<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>You don't have permission to access "http&#58;&#47;&#47;api&#46;example&#46;com&#47;v1&#47;things" on this server.<P>Reference&#32;&#35;18&#46;abc</BODY></HTML>`}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "Akamai"},
		},
		{
			name: "imperva incident page",
			obs: observe(r).auth(rec{status: 403, header: hdr("Content-Type", "text/html"),
				body: `<html><body>Request unsuccessful. Incapsula incident ID: 123000450123456789-12345678901234567</body></html>`}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "Imperva"},
		},
		{
			name: "cf-mitigated other than challenge",
			obs:  observe(r).auth(rec{status: 403, header: hdr("Cf-Mitigated", "block-lite", "Server", "cloudflare")}).obs(),
		},
		{
			name: "an application's access denied without an akamai server",
			obs:  observe(r).auth(jsonRec(403, `{"message":"Access denied"}`, "Server", "nginx")).obs(),
		},
		{
			name: "just a moment from an origin that is not cloudflare",
			obs:  observe(r).auth(rec{status: 503, header: hdr("Server", "nginx", "Content-Type", "text/html"), body: "<html>Just a moment, we are upgrading</html>"}).obs(),
		},
		{
			name: "challenge page on a success",
			obs:  observe(r).auth(rec{status: 200, header: hdr("Cf-Mitigated", "challenge", "Server", "cloudflare"), body: cloudflareChallenge}).obs(),
		},
	})
}
