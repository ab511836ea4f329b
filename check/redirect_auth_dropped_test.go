package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

// hostRedirect is a 301 from api.example.com to www.example.com, on which
// every modelled client drops Authorization.
func hostRedirect(forwarded bool) rec {
	const next = "https://www.example.com/v1/things"
	return rec{status: 301, header: hdr("Location", next), redirect: &authdoctor.Redirect{
		Location: next, Next: next, HostChanged: true, Forwarded: forwarded,
		Keeps: map[authdoctor.Client]bool{authdoctor.ClientGo: false, authdoctor.ClientCurl: false, authdoctor.ClientRequests: false, authdoctor.ClientBrowser: false},
	}}
}

func TestRedirectAuthDropped(t *testing.T) {
	t.Parallel()
	r := req(apiURL, bearer(opaque(27)))
	final401 := rec{status: 401, url: "https://www.example.com/v1/things", noCred: true, header: hdr("WWW-Authenticate", `Bearer realm="www"`)}
	runTable(t, "redirect.auth-dropped", []tc{
		{
			name: "host changed, credential dropped, 401",
			obs:  observe(r).auth(hostRedirect(false), final401).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"hop 1: GET https://api.example.com/v1/things → 301 Moved Permanently, Location: https://www.example.com/v1/things (host changed)",
					"every modelled client drops Authorization here (browser, curl, go, python-requests)",
					"final: authenticated request: GET https://www.example.com/v1/things → 401 Unauthorized",
					`WWW-Authenticate: Bearer realm="www"`},
				summary: "redirected to https://www.example.com", fix: "https://www.example.com/v1/things"},
			absent: []string{"delivery.not-received", "token.rejected"},
		},
		{
			name: "http to https, some clients keep it",
			obs: observe(req("http://api.example.com/v1/things", bearer(opaque(27)))).auth(
				rec{status: 308, redirect: &authdoctor.Redirect{Location: apiURL, Next: apiURL, SchemeChanged: true, PortChanged: true,
					Keeps: map[authdoctor.Client]bool{authdoctor.ClientGo: true, authdoctor.ClientCurl: false, authdoctor.ClientRequests: true, authdoctor.ClientBrowser: true}}},
				rec{status: 403, url: apiURL, noCred: true}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"(scheme changed, port changed)", "drops Authorization here: curl; keeps it: browser, go, python-requests"}},
		},
		{
			name: "direct request to the final URL accepted",
			obs:  observe(r).auth(hostRedirect(false), final401).confirm("redirect.auth-dropped", rec{status: 200, url: "https://www.example.com/v1/things"}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, evidence: []string{"sent directly to the final URL got 200 OK"}},
		},
		{
			name: "credential forwarded on the redirect",
			obs:  observe(r).auth(hostRedirect(true), rec{status: 401, url: "https://www.example.com/v1/things"}).obs(),
		},
		{
			name: "redirect then success",
			obs:  observe(r).auth(hostRedirect(false), rec{status: 200, url: "https://www.example.com/v1/things", noCred: true}).obs(),
		},
		{
			name: "no redirect",
			obs:  observe(r).auth(rec{status: 401}).obs(),
		},
		{
			name: "credential never sent on the first hop",
			obs:  observe(req(apiURL)).auth(hostRedirect(false), final401).obs(),
		},
	})
}
