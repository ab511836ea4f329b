package probe

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

// canary is the secret the canary test sends everywhere; urlCanary is the
// one it puts in URLs (the caller's own Request.URL is a plain string, so
// it is checked in what the probe adds, not in the Request it keeps).
const (
	canary    = "cAnArY-7f3e9d1b5a2c4e6f8091"
	urlCanary = "uRlCaNaRy-0a1b2c3d4e5f6a7b"
)

// echoHandler reflects everything it got: every header and the body into
// the response body and into response headers, and redirects on /r/.
func echoHandler(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	var lines []string
	for k, vs := range r.Header {
		for _, v := range vs {
			lines = append(lines, k+": "+v)
			w.Header().Add("X-Echo-"+k, v)
		}
	}
	sort.Strings(lines)
	w.Header().Set("Set-Cookie", "seen="+r.Header.Get("X-Api-Key"))
	switch {
	case strings.HasPrefix(r.URL.Path, "/r/"):
		// Redirect to a path and query that carry the credential.
		w.Header().Set("Location", "/final/"+r.Header.Get("X-Api-Key")+"?token="+r.Header.Get("X-Api-Key"))
		w.WriteHeader(307)
	case r.URL.Path == "/loop":
		w.Header().Set("Location", r.URL.RequestURI())
		w.WriteHeader(302)
	default:
		w.WriteHeader(401)
	}
	fmt.Fprintf(w, "url=%s\nbody=%s\n%s\n", r.URL.RequestURI(), b, strings.Join(lines, "\n"))
}

func TestCanaryNeverLeaks(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(echoHandler))
	t.Cleanup(srv.Close)
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(echoHandler))
	tlsSrv.Config.ErrorLog = quietLog
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	hang := hangingServer(t, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := ln.Addr().String()
	ln.Close()

	creds := []authdoctor.Field{
		field("Authorization", "Bearer "+canary),
		field("X-Api-Key", canary),
		field("Cookie", "session="+canary),
	}
	with := func(u string, extra ...authdoctor.Field) authdoctor.Request {
		return authdoctor.Request{Method: "POST", URL: u, AllowWrite: true,
			Header: append(append([]authdoctor.Field(nil), creds...), extra...),
			Body:   authdoctor.NewSecret(`{"client_secret":"` + canary + `"}`)}
	}
	tests := []struct {
		name string
		cfg  Config
		req  authdoctor.Request
	}{
		{"echo", Config{}, with(srv.URL + "/echo")},
		{"redirect same origin", Config{}, with(srv.URL + "/r/1")},
		{"redirect trusted", Config{TrustRedirects: true}, with(srv.URL + "/r/1")},
		{"redirect loop", Config{MaxRequests: 10}, with(srv.URL + "/loop")},
		{"redirect budget", Config{MaxRequests: 1}, with(srv.URL + "/r/1")},
		{"url credentials", Config{}, with(srv.URL + "/echo?access_token=" + urlCanary + "&api_key=" + urlCanary)},
		{"url user info", Config{}, with(strings.Replace(srv.URL, "//", "//user:"+urlCanary+"@", 1) + "/echo")},
		{"invalid header", Config{}, with(srv.URL, field("X-Auth-Token", canary+"\n"))},
		{"dns failure", Config{}, with("https://nowhere.lab.test/" + urlCanary + "?token=" + urlCanary)},
		{"refused", Config{}, with("http://" + refused + "/" + urlCanary + "?token=" + urlCanary)},
		{"untrusted tls", Config{}, with(tlsSrv.URL + "/" + urlCanary + "?token=" + urlCanary)},
		{"tls echo", Config{Insecure: true}, with(tlsSrv.URL + "/echo")},
		{"timeout", Config{HeaderTimeout: 30 * time.Millisecond}, with(hang.URL + "/?token=" + urlCanary)},
		{"tiny body limit", Config{MaxBody: 40}, with(srv.URL + "/echo")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSender(t, tc.cfg)
			p := s.Send(context.Background(), authdoctor.RoleAuthenticated, "canary", tc.req)
			js, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			// The probe keeps the caller's Request; strip its URL, which the
			// caller wrote, and look at everything the probe produced.
			shown := p
			shown.Request.URL = ""
			outputs := map[string]string{
				"%+v":  fmt.Sprintf("%+v", shown),
				"%#v":  fmt.Sprintf("%#v", shown),
				"json": string(js),
			}
			for i, ex := range p.Hops {
				outputs[fmt.Sprintf("hop %d body", i)] = string(ex.Body)
				outputs[fmt.Sprintf("hop %d header", i)] = fmt.Sprint(ex.Header)
				outputs[fmt.Sprintf("hop %d url", i)] = ex.URL
				if ex.Redirect != nil {
					outputs[fmt.Sprintf("hop %d redirect", i)] = ex.Redirect.Location + " " + ex.Redirect.Next
				}
			}
			if p.Err != nil {
				outputs["error"] = p.Err.Error() + " " + p.Err.Hint
			}
			for where, out := range outputs {
				for _, c := range []string{canary, urlCanary, canary[:12], urlCanary[:12]} {
					if strings.Contains(out, c) {
						t.Errorf("%s holds %q:\n%s", where, c, out)
					}
				}
			}
		})
	}
}
