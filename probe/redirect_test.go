package probe

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
)

// keepsCase is one redirect for KeepsAuthorization. from is the previous
// hop; empty means the initial URL. want lists go, curl, requests, browser.
type keepsCase struct {
	name                   string
	initial, from, to      string
	stripped               bool
	golang, curl, req, brw bool
}

var keepsCases = []keepsCase{
	{name: "same URL", initial: "https://api.example.com/a", to: "https://api.example.com/a",
		golang: true, curl: true, req: true, brw: true},
	{name: "same origin other path", initial: "https://api.example.com/a", to: "https://api.example.com/b?x=1",
		golang: true, curl: true, req: true, brw: true},
	{name: "explicit default port", initial: "https://api.example.com/a", to: "https://api.example.com:443/b",
		golang: true, curl: true, req: true, brw: true},
	{name: "http explicit 80 to implicit", initial: "http://api.example.com:80/", to: "http://api.example.com/",
		golang: true, curl: true, req: true, brw: true},
	{name: "host case differs", initial: "https://api.example.com/", to: "https://API.example.com/",
		golang: false, curl: true, req: true, brw: true},
	{name: "other host", initial: "https://api.example.com/", to: "https://evil.example.net/",
		golang: false, curl: false, req: false, brw: false},
	{name: "subdomain of initial", initial: "https://example.com/", to: "https://api.example.com/",
		golang: true, curl: false, req: false, brw: false},
	{name: "parent domain", initial: "https://api.example.com/", to: "https://example.com/",
		golang: false, curl: false, req: false, brw: false},
	{name: "suffix without dot", initial: "https://example.com/", to: "https://badexample.com/",
		golang: false, curl: false, req: false, brw: false},
	{name: "http to https same host default ports", initial: "http://api.example.com/", to: "https://api.example.com/",
		golang: true, curl: false, req: true, brw: false},
	{name: "http to https explicit ports", initial: "http://api.example.com:80/", to: "https://api.example.com:443/",
		golang: true, curl: false, req: true, brw: false},
	{name: "http to https other port", initial: "http://api.example.com/", to: "https://api.example.com:8443/",
		golang: true, curl: false, req: false, brw: false},
	{name: "https to http downgrade", initial: "https://api.example.com/", to: "http://api.example.com/",
		golang: true, curl: false, req: false, brw: false},
	{name: "port change", initial: "https://api.example.com/", to: "https://api.example.com:8443/",
		golang: true, curl: false, req: false, brw: false},
	{name: "same explicit odd port", initial: "http://api.example.com:8080/", to: "http://api.example.com:8080/x",
		golang: true, curl: true, req: true, brw: true},
	{name: "port with leading zero", initial: "http://api.example.com:8080/", to: "http://api.example.com:08080/x",
		golang: true, curl: true, req: true, brw: true},
	{name: "ip literal same", initial: "http://127.0.0.1:8080/", to: "http://127.0.0.1:8080/x",
		golang: true, curl: true, req: true, brw: true},
	{name: "ip literal to name", initial: "http://127.0.0.1:8080/", to: "http://localhost:8080/x",
		golang: false, curl: false, req: false, brw: false},
	{name: "ipv6 same", initial: "http://[::1]:8080/", to: "http://[::1]:8080/x",
		golang: true, curl: true, req: true, brw: true},
	{name: "ipv6 zone never a subdomain", initial: "http://example.com/", to: "http://[fe80::1%25.example.com]/",
		golang: false, curl: false, req: false, brw: false},
	{name: "stripped before stays stripped", initial: "https://a.example.com/", from: "https://b.example.com/", to: "https://a.example.com/x", stripped: true,
		golang: false, curl: true, req: false, brw: false},
	{name: "back to initial from other host", initial: "https://a.example.com/", from: "https://b.example.com/", to: "https://a.example.com/x",
		golang: true, curl: true, req: false, brw: false},
	{name: "requests compares with previous hop", initial: "https://a.example.com/", from: "https://b.example.com/", to: "https://b.example.com/x",
		golang: false, curl: false, req: true, brw: true},
	{name: "requests http to https from previous hop", initial: "http://a.example.com/", from: "http://a.example.com/", to: "https://a.example.com/",
		golang: true, curl: false, req: true, brw: false},
}

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return u
}

func TestKeepsAuthorization(t *testing.T) {
	t.Parallel()
	for _, tc := range keepsCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			from := tc.from
			if from == "" {
				from = tc.initial
			}
			initial, f, to := mustURL(t, tc.initial), mustURL(t, from), mustURL(t, tc.to)
			got := map[authdoctor.Client]bool{}
			for _, c := range Clients() {
				got[c] = KeepsAuthorization(c, initial, f, to, tc.stripped)
			}
			want := map[authdoctor.Client]bool{
				authdoctor.ClientGo:       tc.golang,
				authdoctor.ClientCurl:     tc.curl,
				authdoctor.ClientRequests: tc.req,
				authdoctor.ClientBrowser:  tc.brw,
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("keeps (-want +got):\n%s", diff)
			}
		})
	}
}

func TestKeepsAuthorizationOddInput(t *testing.T) {
	t.Parallel()
	u := mustURL(t, "https://example.com/")
	tests := []struct {
		name              string
		c                 authdoctor.Client
		initial, from, to *url.URL
	}{
		{"unknown client", authdoctor.Client("wget"), u, u, u},
		{"nil initial", authdoctor.ClientGo, nil, u, u},
		{"nil from", authdoctor.ClientRequests, u, nil, u},
		{"nil to", authdoctor.ClientCurl, u, u, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if KeepsAuthorization(tc.c, tc.initial, tc.from, tc.to, false) {
				t.Error("KeepsAuthorization = true, want false")
			}
		})
	}
}

func TestRedirectMethod(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		status   int
		method   string
		want     string
		keepBody bool
	}{
		{"301 GET", 301, "GET", "GET", false},
		{"301 POST", 301, "POST", "GET", false},
		{"302 HEAD", 302, "HEAD", "HEAD", false},
		{"302 DELETE", 302, "DELETE", "GET", false},
		{"303 PUT", 303, "PUT", "GET", false},
		{"303 OPTIONS", 303, "OPTIONS", "GET", false},
		{"307 POST", 307, "POST", "POST", true},
		{"308 PATCH", 308, "PATCH", "PATCH", true},
		{"308 GET", 308, "GET", "GET", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, keep := redirectMethod(tc.status, tc.method)
			if got != tc.want || keep != tc.keepBody {
				t.Errorf("redirectMethod(%d, %s) = %s, %v; want %s, %v", tc.status, tc.method, got, keep, tc.want, tc.keepBody)
			}
		})
	}
}

func FuzzKeepsAuthorization(f *testing.F) {
	for _, tc := range keepsCases {
		from := tc.from
		if from == "" {
			from = tc.initial
		}
		f.Add(tc.initial, from, tc.to, tc.stripped)
	}
	f.Fuzz(func(t *testing.T, initial, from, to string, stripped bool) {
		iu, err1 := url.Parse(initial)
		fu, err2 := url.Parse(from)
		tu, err3 := url.Parse(to)
		if err1 != nil || err2 != nil || err3 != nil {
			return
		}
		for _, c := range Clients() {
			keep := KeepsAuthorization(c, iu, fu, tu, stripped)
			if stripped && keep && c != authdoctor.ClientCurl {
				t.Errorf("%s keeps after an earlier strip", c)
			}
			// Nobody strips on a hop that goes nowhere new.
			if !stripped && !KeepsAuthorization(c, iu, iu, iu, false) {
				t.Errorf("%s strips a redirect to the same URL %q", c, initial)
			}
		}
		// curl's rule is the strictest about the initial origin: whatever
		// curl keeps, the browser keeps on a first hop.
		if KeepsAuthorization(authdoctor.ClientCurl, iu, iu, tu, false) && !KeepsAuthorization(authdoctor.ClientBrowser, iu, iu, tu, false) {
			t.Errorf("curl keeps but browser strips %q → %q", initial, to)
		}
	})
}
