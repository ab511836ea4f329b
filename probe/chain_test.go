package probe

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
)

// labPair is two loopback servers reachable under made-up names through
// Config.Resolve: api.lab.test and sub.api.lab.test on A, other.lab.test
// and api.lab.test on B's port.
type labPair struct {
	a, b       *recorder
	aURL, bURL string // http://api.lab.test:PA, http://other.lab.test:PB
	pa, pb     string
	resolve    map[string]string
}

func newLabPair(t *testing.T) *labPair {
	t.Helper()
	lp := &labPair{a: &recorder{routes: map[string]http.HandlerFunc{}}, b: &recorder{routes: map[string]http.HandlerFunc{}}}
	sa, sb := startServer(t, lp.a), startServer(t, lp.b)
	lp.pa, lp.pb = port(t, sa), port(t, sb)
	lp.aURL = "http://api.lab.test:" + lp.pa
	lp.bURL = "http://other.lab.test:" + lp.pb
	lp.resolve = map[string]string{
		"api.lab.test:" + lp.pa:     "127.0.0.1:" + lp.pa,
		"SUB.api.lab.test:" + lp.pa: "127.0.0.1:" + lp.pa,
		"other.lab.test:" + lp.pb:   "127.0.0.1:" + lp.pb,
		"api.lab.test:" + lp.pb:     "127.0.0.1:" + lp.pb,
	}
	return lp
}

type hopWant struct {
	Status    int
	Method    string
	SentAuth  bool
	Keeps     map[authdoctor.Client]bool
	Forwarded bool
	Changed   string // letters: h host, s scheme, p port, m method
}

func keeps(g, c, r, b bool) map[authdoctor.Client]bool {
	return map[authdoctor.Client]bool{authdoctor.ClientGo: g, authdoctor.ClientCurl: c, authdoctor.ClientRequests: r, authdoctor.ClientBrowser: b}
}

func TestSendRedirectChains(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		setup  func(lp *labPair)
		method string
		trust  bool
		want   []hopWant
	}{
		{name: "same origin keeps everything",
			setup: func(lp *labPair) { lp.a.routes["/start"] = redirectTo(302, "/final") },
			want: []hopWant{
				{Status: 302, Method: "GET", SentAuth: true, Keeps: keeps(true, true, true, true), Forwarded: true},
				{Status: 200, Method: "GET", SentAuth: true},
			}},
		{name: "subdomain: only go keeps",
			setup: func(lp *labPair) {
				lp.a.routes["/start"] = redirectTo(301, "http://sub.api.lab.test:"+lp.pa+"/final")
			},
			want: []hopWant{
				{Status: 301, Method: "GET", SentAuth: true, Keeps: keeps(true, false, false, false), Changed: "h"},
				{Status: 200, Method: "GET"},
			}},
		{name: "other host: nobody keeps",
			setup: func(lp *labPair) { lp.a.routes["/start"] = redirectTo(302, lp.bURL+"/final") },
			want: []hopWant{
				{Status: 302, Method: "GET", SentAuth: true, Keeps: keeps(false, false, false, false), Changed: "hp"},
				{Status: 200, Method: "GET"},
			}},
		{name: "other port: go keeps",
			setup: func(lp *labPair) { lp.a.routes["/start"] = redirectTo(307, "http://api.lab.test:"+lp.pb+"/final") },
			want: []hopWant{
				{Status: 307, Method: "GET", SentAuth: true, Keeps: keeps(true, false, false, false), Changed: "p"},
				{Status: 200, Method: "GET"},
			}},
		{name: "trusted redirects forward credentials",
			setup: func(lp *labPair) { lp.a.routes["/start"] = redirectTo(302, lp.bURL+"/final") },
			trust: true,
			want: []hopWant{
				{Status: 302, Method: "GET", SentAuth: true, Keeps: keeps(false, false, false, false), Forwarded: true, Changed: "hp"},
				{Status: 200, Method: "GET", SentAuth: true},
			}},
		{name: "away and back: stripping sticks except for curl",
			setup: func(lp *labPair) {
				lp.a.routes["/start"] = redirectTo(302, lp.bURL+"/back")
				lp.b.routes["/back"] = redirectTo(302, lp.aURL+"/final")
			},
			want: []hopWant{
				{Status: 302, Method: "GET", SentAuth: true, Keeps: keeps(false, false, false, false), Changed: "hp"},
				{Status: 302, Method: "GET", Keeps: keeps(false, true, false, false), Forwarded: true, Changed: "hp"},
				{Status: 200, Method: "GET", SentAuth: true},
			}},
		{name: "303 turns POST into GET",
			setup:  func(lp *labPair) { lp.a.routes["/start"] = redirectTo(303, "/final") },
			method: "POST",
			want: []hopWant{
				{Status: 303, Method: "POST", SentAuth: true, Keeps: keeps(true, true, true, true), Forwarded: true, Changed: "m"},
				{Status: 200, Method: "GET", SentAuth: true},
			}},
		{name: "308 keeps POST",
			setup:  func(lp *labPair) { lp.a.routes["/start"] = redirectTo(308, "/final") },
			method: "POST",
			want: []hopWant{
				{Status: 308, Method: "POST", SentAuth: true, Keeps: keeps(true, true, true, true), Forwarded: true},
				{Status: 200, Method: "POST", SentAuth: true},
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			lp := newLabPair(t)
			tc.setup(lp)
			s := newSender(t, Config{Resolve: lp.resolve, TrustRedirects: tc.trust})
			req := get(lp.aURL+"/start", field("Authorization", "Bearer tok3n-for-api"), field("X-Request-Id", "r1"))
			if tc.method != "" {
				req.Method, req.AllowWrite = tc.method, true
				req.Header = append(req.Header, field("Content-Type", "text/plain"))
				req.Body = authdoctor.NewSecret("payload")
			}
			p := s.Send(context.Background(), authdoctor.RoleAuthenticated, "", req)
			mustOK(t, p)

			var got []hopWant
			for _, ex := range p.Hops {
				h := hopWant{Status: ex.Status, Method: ex.Method, SentAuth: ex.Sends("Authorization")}
				if r := ex.Redirect; r != nil {
					h.Keeps, h.Forwarded = r.Keeps, r.Forwarded
					for _, c := range []struct {
						on bool
						l  string
					}{{r.HostChanged, "h"}, {r.SchemeChanged, "s"}, {r.PortChanged, "p"}, {r.MethodChanged, "m"}} {
						if c.on {
							h.Changed += c.l
						}
					}
				}
				got = append(got, h)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("hops (-want +got):\n%s", diff)
			}
			// What the servers received matches what the hops record.
			all := append(lp.a.requests(), lp.b.requests()...)
			if len(all) != len(p.Hops) {
				t.Fatalf("servers got %d requests, want %d", len(all), len(p.Hops))
			}
			for _, r := range all {
				if r.Header.Get("X-Request-Id") != "r1" {
					t.Errorf("%s %s: non-sensitive field not forwarded", r.Method, r.Path)
				}
			}
			final := findReq(all, "/final")
			if final.Header.Get("Authorization") != "" != tc.want[len(tc.want)-1].SentAuth {
				t.Errorf("final hop got Authorization %q", final.Header.Get("Authorization"))
			}
			if tc.method != "" {
				wantBody := ""
				if final.Method == "POST" {
					wantBody = "payload"
				}
				if final.Body != wantBody || (final.Header.Get("Content-Type") != "") != (wantBody != "") {
					t.Errorf("final hop body %q, Content-Type %q", final.Body, final.Header.Get("Content-Type"))
				}
			}
		})
	}
}

func findReq(rs []received, path string) received {
	for _, r := range rs {
		if r.Path == path {
			return r
		}
	}
	return received{}
}

func TestSendRedirectRecordsLocation(t *testing.T) {
	t.Parallel()
	lp := newLabPair(t)
	lp.a.routes["/start"] = redirectTo(302, "/next?code=abcdef123456&state=1#frag")
	s := newSender(t, Config{Resolve: lp.resolve, MaxRedirects: -1})
	p := s.Send(context.Background(), authdoctor.RoleAuthenticated, "", get(lp.aURL+"/start"))
	mustOK(t, p)
	if len(p.Hops) != 1 || p.Hops[0].Redirect == nil {
		t.Fatalf("hops = %+v; want one recorded, unfollowed redirect", p.Hops)
	}
	r := p.Hops[0].Redirect
	if r.Location != "/next?code=[redacted]&state=1#frag" || r.Next != lp.aURL+"/next?code=[redacted]&state=1" {
		t.Errorf("Location %q, Next %q", r.Location, r.Next)
	}
	if r.Forwarded {
		t.Error("Forwarded set on a redirect that was not followed")
	}
}

func TestSendRedirectNotFollowable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		location string
		status   int
		redirect bool
	}{
		{"app scheme", "myapp://callback?code=x", 302, true},
		{"no location", "", 302, false},
		{"304 is no redirect", "/x", 304, false},
		{"300 is not followed", "/x", 300, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rc := &recorder{routes: map[string]http.HandlerFunc{"/": redirectTo(tc.status, tc.location)}}
			srv := startServer(t, rc)
			s := newSender(t, Config{})
			p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get(srv.URL+"/"))
			mustOK(t, p)
			if len(p.Hops) != 1 || (p.Hops[0].Redirect != nil) != tc.redirect {
				t.Errorf("hops %d, redirect %+v", len(p.Hops), p.Hops[0].Redirect)
			}
		})
	}
}

func TestSendRedirectLoop(t *testing.T) {
	t.Parallel()
	rc := &recorder{routes: map[string]http.HandlerFunc{
		"/a": redirectTo(302, "/b"),
		"/b": redirectTo(302, "/a"),
	}}
	srv := startServer(t, rc)
	s := newSender(t, Config{MaxRequests: 20})
	p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get(srv.URL+"/a"))
	if p.Err == nil || p.Err.Phase != authdoctor.PhaseRedirect || !strings.Contains(p.Err.Message, "loop") || !strings.Contains(p.Err.Message, "chain of 2 responses") {
		t.Fatalf("Err = %+v", p.Err)
	}
	if len(p.Hops) != 2 || s.Sent() != 2 {
		t.Errorf("hops %d, sent %d; want 2", len(p.Hops), s.Sent())
	}
}

func TestSendTooManyRedirects(t *testing.T) {
	t.Parallel()
	rc := &recorder{routes: map[string]http.HandlerFunc{}}
	for _, p := range []string{"/1", "/2", "/3", "/4", "/5"} {
		next := "/" + string(rune(p[1]+1))
		rc.routes[p] = redirectTo(302, next)
	}
	srv := startServer(t, rc)
	s := newSender(t, Config{MaxRedirects: 3, MaxRequests: 20})
	p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get(srv.URL+"/1"))
	if p.Err == nil || p.Err.Phase != authdoctor.PhaseRedirect || !strings.Contains(p.Err.Message, "more than 3 times (a chain of 4 responses") {
		t.Fatalf("Err = %+v", p.Err)
	}
	if len(p.Hops) != 4 {
		t.Errorf("hops = %d, want 4", len(p.Hops))
	}
	if p.Status() != 302 {
		t.Errorf("Status = %d, want the last 302", p.Status())
	}
}

func TestSendBudget(t *testing.T) {
	t.Parallel()
	rc := &recorder{routes: map[string]http.HandlerFunc{
		"/1": redirectTo(302, "/2"),
		"/2": redirectTo(302, "/3"),
	}}
	srv := startServer(t, rc)
	s := newSender(t, Config{MaxRequests: 2})

	p := s.Send(context.Background(), authdoctor.RoleAuthenticated, "", get(srv.URL+"/1"))
	if p.Err == nil || p.Err.Phase != authdoctor.PhaseBudget || !strings.Contains(p.Err.Message, "after 2 hops") {
		t.Fatalf("Err = %+v", p.Err)
	}
	if len(p.Hops) != 2 || p.Hops[1].Redirect == nil || p.Hops[1].Redirect.Forwarded {
		t.Errorf("hops = %d; the last redirect must be recorded and not forwarded", len(p.Hops))
	}
	if s.Sent() != 2 || s.Remaining() != 0 {
		t.Errorf("Sent %d, Remaining %d", s.Sent(), s.Remaining())
	}

	p = s.Send(context.Background(), authdoctor.RoleBaseline, "", get(srv.URL+"/3"))
	if p.Err == nil || p.Err.Phase != authdoctor.PhaseBudget || !strings.Contains(p.Err.Message, "nothing was sent") || len(p.Hops) != 0 {
		t.Fatalf("second probe = %+v", p)
	}
	if n := len(rc.requests()); n != 2 {
		t.Errorf("server got %d requests, want 2", n)
	}
}

func TestSendNegativeBudget(t *testing.T) {
	t.Parallel()
	s := newSender(t, Config{MaxRequests: -1})
	p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get("http://127.0.0.1:1/"))
	if p.Err == nil || p.Err.Phase != authdoctor.PhaseBudget {
		t.Fatalf("Err = %+v", p.Err)
	}
}
