package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestRedirectAuthForwarded(t *testing.T) {
	t.Parallel()
	r := req(apiURL, bearer(opaque(41)))
	hop := func(next string, rd authdoctor.Redirect) rec {
		rd.Location, rd.Next = next, next
		return rec{status: 302, header: hdr("Location", next), redirect: &rd}
	}
	runTable(t, "redirect.auth-forwarded", []tc{
		{
			name: "downgrade to http that curl and go would follow with the header",
			obs: observe(r).auth(hop("http://api.example.com/v1/things", authdoctor.Redirect{SchemeChanged: true, Downgrade: true,
				Keeps: map[authdoctor.Client]bool{authdoctor.ClientGo: true, authdoctor.ClientCurl: true, authdoctor.ClientRequests: false, authdoctor.ClientBrowser: false}}),
				rec{status: 200, url: "http://api.example.com/v1/things", noCred: true}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Likely,
				evidence: []string{"hop 1: https://api.example.com/v1/things → http://api.example.com/v1/things", "drops Authorization here: browser, python-requests; keeps it: curl, go"},
				summary:  "On hop 1 the redirect goes to plain http://, and [go curl] would send your Authorization header along."},
		},
		{
			name: "subdomain that go treats as safe",
			obs: observe(r).auth(hop("https://eu.api.example.com/v1/things", authdoctor.Redirect{HostChanged: true,
				Keeps: map[authdoctor.Client]bool{authdoctor.ClientGo: true}}), rec{status: 401, url: "https://eu.api.example.com/v1/things"}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Likely, summary: "another host"},
		},
		{
			name: "query credential redacted in the hop",
			obs: observe(r).auth(hop("https://cdn.example.net/file?sig=canarySignature987", authdoctor.Redirect{HostChanged: true,
				Keeps: map[authdoctor.Client]bool{authdoctor.ClientBrowser: true}}), rec{status: 200, url: "https://cdn.example.net/file?sig=canarySignature987", noCred: true}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Likely, evidence: []string{"sig=[redacted]"}},
		},
		{
			name: "every client drops it",
			obs:  observe(r).auth(hostRedirect(false), rec{status: 401, url: "https://www.example.com/v1/things", noCred: true}).obs(),
		},
		{
			name: "same-origin path redirect",
			obs: observe(r).auth(hop("https://api.example.com/v2/things", authdoctor.Redirect{Forwarded: true,
				Keeps: map[authdoctor.Client]bool{authdoctor.ClientGo: true, authdoctor.ClientCurl: true}}), rec{status: 200, url: "https://api.example.com/v2/things"}).obs(),
		},
		{
			name: "api key header is not Authorization",
			obs: observe(req(apiURL, fld("X-API-Key", opaque(41)))).auth(hop("http://api.example.com/v1/things", authdoctor.Redirect{Downgrade: true,
				Keeps: map[authdoctor.Client]bool{authdoctor.ClientCurl: true}}), rec{status: 200}).obs(),
		},
	})
}
