package accesslog

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fixtureCount is a count per environment and route, for comparing.
type fixtureCount struct{ Requests, Unauthorized, Forbidden int64 }

// fixtureCounts are the counts of the requests every fixture under
// testdata holds (see testdata/README.md): the ones
// internal/realserver's TestAccessLogs sends to nginx, Apache and Caddy,
// and the same requests in the ALB and Traefik fixtures. hasHost: the
// format names the virtual host; bad: the log holds the bad request line
// (a TLS handshake sent to the plain port, a 400 of the default host).
func fixtureCounts(hasHost, bad bool) map[[2]string]fixtureCount {
	prod, sandbox := "production", "sandbox"
	if !hasHost {
		prod, sandbox = NoHost, NoHost
	}
	out := map[[2]string]fixtureCount{}
	add := func(env, route string, status int) {
		c := out[[2]string{env, route}]
		c.Requests++
		switch status {
		case 401:
			c.Unauthorized++
		case 403:
			c.Forbidden++
		}
		out[[2]string{env, route}] = c
	}
	add(prod, "/v1/orders/{id}", 200)
	add(prod, "/v1/orders/{id}", 200)
	add(sandbox, "/v1/orders/{id}", 200)
	add(prod, "/private/orders/{id}", 401)
	add(sandbox, "/private/orders/{id}", 401)
	add(prod, "/admin/users/{id}", 403)
	add(sandbox, "/missing.txt", 404)
	if bad {
		add(prod, "-", 400)
	}
	return out
}

// TestFixtures reads the logs under testdata, written by the real
// servers or built from the vendors' documented formats, with the format
// detected: every line parsed, the exact counts, no query string in any
// route, a time on every line.
func TestFixtures(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file         string
		format       Format
		hasHost, bad bool
		lines        int64
	}{
		{"nginx-combined.log", Combined, false, true, 8},
		{"nginx-json.log", JSON, true, true, 8},
		{"apache-combined.log", Combined, false, true, 8},
		{"apache-vhost_combined.log", VhostCombined, true, true, 8},
		{"caddy.json.log", JSON, true, false, 7},
		{"alb.log", ALB, true, false, 7},
		{"traefik.log", Traefik, false, false, 7},
		{"traefik.json.log", JSON, true, false, 7},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Read(context.Background(), []Input{{Name: tc.file, R: bytes.NewReader(data)}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Formats[0] != tc.format {
				t.Errorf("detected %s, want %s", res.Formats[0], tc.format)
			}
			if res.Lines != tc.lines || res.Parsed != tc.lines || res.MalformedLines != 0 {
				t.Errorf("%d lines, %d parsed, %d malformed (%+v); want %d, %d, 0", res.Lines, res.Parsed, res.MalformedLines, res.Malformed, tc.lines, tc.lines)
			}
			got := map[[2]string]fixtureCount{}
			for _, s := range res.Counter.Series() {
				if strings.ContainsAny(s.Route, "?&=") || strings.Contains(s.Route, "not-a-real-key") {
					t.Errorf("the query string reached route %q", s.Route)
				}
				k := [2]string{s.Env, s.Route}
				c := got[k]
				c.Requests += s.Requests
				c.Unauthorized += s.Unauthorized
				c.Forbidden += s.Forbidden
				got[k] = c
				var timed int64
				for _, b := range s.Buckets {
					timed += int64(b.Requests)
				}
				if timed != s.Requests {
					t.Errorf("%s %s: %d of %d requests have a time", s.Env, s.Route, timed, s.Requests)
				}
			}
			if d := cmp.Diff(fixtureCounts(tc.hasHost, tc.bad), got); d != "" {
				t.Errorf("counts (-want +got):\n%s", d)
			}
			// Each line on its own through the detected format's parser.
			p := NewParser(tc.format, nil)
			var e Entry
			for i, l := range bytes.Split(bytes.TrimSuffix(data, []byte{'\n'}), []byte{'\n'}) {
				if !p.Parse(l, &e) {
					t.Errorf("line %d not parsed: %q", i+1, l)
					continue
				}
				if e.Time == 0 || bytes.IndexByte(e.Path, '?') >= 0 {
					t.Errorf("line %d: %+v", i+1, asEntry(e))
				}
			}
		})
	}
}
