package monitor

import (
	"context"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/authdoctor/authdoctor/monitor/accesslog"
)

// TestLogCollector follows a log from its start and checks the exported
// series by value, their lint, and the handler.
func TestLogCollector(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "access.log")
	lines := `api.example.com:443 192.0.2.1 - - [04/Dec/2026:10:00:00 +0000] "GET /v1/orders/17?api_key=x HTTP/1.1" 401 1 "-" "ua"
api.example.com:443 192.0.2.1 - - [04/Dec/2026:10:00:01 +0000] "GET /v1/orders/18 HTTP/1.1" 200 1 "-" "ua"
api.sandbox.example.com:443 192.0.2.1 - - [04/Dec/2026:10:00:01 +0000] "GET /v1/me HTTP/1.1" 403 1 "-" "ua"
not a log line
`
	if err := os.WriteFile(path, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	f := accesslog.NewFollower(path, accesslog.FollowOptions{FromStart: true, Poll: time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for n, _, _ := f.Lines(); n < 4; n, _, _ = f.Lines() {
		if time.Now().After(deadline) {
			t.Fatalf("read %d lines, want 4", n)
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	c := NewLogCollector(f)
	want := `
# HELP authdoctor_http_requests_total Requests in the followed access log, by environment, route template and status code.
# TYPE authdoctor_http_requests_total counter
authdoctor_http_requests_total{code="200",environment="production",route="/v1/orders/{id}"} 1
authdoctor_http_requests_total{code="401",environment="production",route="/v1/orders/{id}"} 1
authdoctor_http_requests_total{code="403",environment="sandbox",route="/v1/me"} 1
# HELP authdoctor_log_lines_total Lines read from the followed access log.
# TYPE authdoctor_log_lines_total counter
authdoctor_log_lines_total 4
# HELP authdoctor_log_malformed_lines_total Lines of the followed access log in no known format (not counted as requests).
# TYPE authdoctor_log_malformed_lines_total counter
authdoctor_log_malformed_lines_total 1
# HELP authdoctor_log_rotations_total Times the followed access log was rotated or truncated.
# TYPE authdoctor_log_rotations_total counter
authdoctor_log_rotations_total 0
`
	if err := testutil.CollectAndCompare(c, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
	if probs, err := testutil.CollectAndLint(c); err != nil || len(probs) > 0 {
		t.Errorf("lint: %v %v", probs, err)
	}
	srv := httptest.NewServer(LogHandler(f))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `authdoctor_http_requests_total{code="401",environment="production",route="/v1/orders/{id}"} 1`) || strings.Contains(string(b), "api_key") {
		t.Errorf("/metrics:\n%s", b)
	}
}
