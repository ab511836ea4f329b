package doctor_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/doctor"
)

// FuzzRun sends a fuzzed token through the whole pipeline to a server that
// answers with a fuzzed status, challenge, content type and body and, when
// echo is set, repeats the Authorization it received in its body and in a
// header. Oracle: Run never panics and never fails for a safe request, and
// the token is not in clear anywhere in the result: not in its JSON, not in
// a stored response header or body, not in a finding.
func FuzzRun(f *testing.F) {
	seeds := []struct {
		suffix, challenge, ctype, body string
		status                         int
		echo                           bool
	}{
		{"8f3a9c2e1d5b7a9c", `Bearer realm="api"`, "application/json", `{"error":"unauthorized"}`, 401, false},
		{"8f3a9c2e1d5b7a9c", `Bearer realm="api", error="invalid_token", error_description="Jwt is expired"`, "application/json", `{"error":"invalid_token"}`, 401, true},
		{"8f3a9c2e1d5b7a9c", "", "text/plain", "forbidden: missing permission orders:read", 403, true},
		{"8f3a9c2e1d5b7a9c", "", "application/json", `{"orders":[]}`, 200, false},
		{"8f3a9c2e1d5b7a9c\n", `Bearer realm="api"`, "application/json", `{"error":"unauthorized"}`, 401, false},
		{" Bearer abcdef0123", `Basic realm="x"`, "text/html", "<html>login</html>", 401, true},
		{"abcdefgh", `Bearer error="insufficient_scope", scope="orders:write"`, "application/problem+json", `{"title":"Forbidden","detail":"token tok_abcdefgh lacks scope"}`, 403, true},
		{"abcdefgh", "", "", "", 500, true},
		{"abcdefgh", "", "text/plain", "slow down", 429, false},
	}
	for _, s := range seeds {
		f.Add(s.suffix, s.challenge, s.ctype, s.body, s.status, s.echo)
	}
	f.Fuzz(func(t *testing.T, suffix, challenge, ctype, body string, status int, echo bool) {
		// 200–599: no informational answers and never a redirect target
		// chosen by the fuzzer (no Location is sent), so every request
		// stays on this loopback server.
		if status < 0 {
			status = -status
		}
		status = 200 + status%400
		token := "tok_" + suffix
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			if challenge != "" {
				w.Header().Set("WWW-Authenticate", challenge)
			}
			if ctype != "" {
				w.Header().Set("Content-Type", ctype)
			}
			got := r.Header.Get("Authorization")
			if echo {
				w.Header().Set("X-Echo", got)
			}
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
			if echo {
				_, _ = io.WriteString(w, "received: "+got)
			}
		}))
		defer srv.Close()

		req := authdoctor.Request{Method: "GET", URL: srv.URL + "/v1/me", Header: []authdoctor.Field{authField("Bearer " + token)}}
		res, err := doctor.Run(context.Background(), req, doctor.Config{Now: clock})
		if err != nil {
			t.Fatalf("Run of a GET failed: %v", err)
		}
		if len(suffix) < 8 {
			return // too short to tell a leak from a coincidence
		}
		// Every probe scrubs every credential of the request, also the
		// baseline that never sent it: a server whose fixed answer holds
		// the token must not get it into the result either.
		b, err := json.Marshal(res)
		if err != nil {
			t.Fatalf("marshal result: %v", err)
		}
		if strings.Contains(string(b), token) {
			t.Fatal("the result's JSON holds the token in clear")
		}
		for _, fd := range res.Diagnosis.Findings {
			if strings.Contains(fd.Summary+strings.Join(fd.Evidence, "\n")+fd.Fix, token) {
				t.Fatalf("finding %s holds the token in clear", fd.ID)
			}
		}
		for _, p := range res.Observation.Probes {
			for i, h := range p.Hops {
				if strings.Contains(string(h.Body), token) {
					t.Fatalf("%s hop %d: the stored body holds the token in clear", p.Role, i)
				}
				for name, vs := range h.Header {
					for _, v := range vs {
						if strings.Contains(v, token) {
							t.Fatalf("%s hop %d: the stored %s header holds the token in clear", p.Role, i, name)
						}
					}
				}
			}
		}
	})
}
