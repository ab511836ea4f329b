package probe

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

// noDNS is a resolver that fails every lookup without sending a packet:
// tests must never resolve a name (the machine's DNS is off-limits), and a
// name that slips past Config.Resolve fails loudly instead.
var noDNS = &net.Resolver{
	PreferGo: true,
	Dial: func(context.Context, string, string) (net.Conn, error) {
		return nil, errors.New("DNS is disabled in tests")
	},
}

// fixedNow is the clock of every test Sender.
var fixedNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// newSender returns a Sender with test defaults: no DNS, a fixed clock,
// short timeouts unless cfg sets them; it is closed when the test ends.
func newSender(t testing.TB, cfg Config) *Sender {
	t.Helper()
	if cfg.Resolver == nil {
		cfg.Resolver = noDNS
	}
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return fixedNow }
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
	s := New(cfg)
	t.Cleanup(s.Close)
	return s
}

// received is one request a fake server got.
type received struct {
	Method string
	Path   string
	Host   string
	Header http.Header
	Body   string
}

// recorder is an http.Handler that records every request and answers with
// the route's handler, or 200 "ok".
type recorder struct {
	mu     sync.Mutex
	got    []received
	routes map[string]http.HandlerFunc
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	rc.got = append(rc.got, received{Method: r.Method, Path: r.URL.RequestURI(), Host: r.Host, Header: r.Header.Clone(), Body: string(b)})
	h := rc.routes[r.URL.Path]
	rc.mu.Unlock()
	if h != nil {
		h(w, r)
		return
	}
	_, _ = io.WriteString(w, "ok")
}

func (rc *recorder) requests() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

// startServer starts a loopback server with rc as handler.
func startServer(t testing.TB, rc *recorder) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	return srv
}

// redirectTo answers with status and a Location.
func redirectTo(status int, location string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Location", location)
		w.WriteHeader(status)
	}
}

// port is the port of a test server.
func port(t testing.TB, srv *httptest.Server) string {
	t.Helper()
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Port()
}

func get(u string, fields ...authdoctor.Field) authdoctor.Request {
	return authdoctor.Request{Method: "GET", URL: u, Header: fields}
}

// mustOK fails the test when the probe did not complete.
func mustOK(t testing.TB, p authdoctor.Probe) {
	t.Helper()
	if p.Err != nil {
		t.Fatalf("probe error: %+v", p.Err)
	}
}

func field(name, value string) authdoctor.Field {
	return authdoctor.Field{Name: name, Value: authdoctor.NewSecret(value)}
}
