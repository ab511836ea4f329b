package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/internal/promtest"
)

// TestLogsFollowPrometheus runs logs --follow on a log that a test
// appends to and rotates, with a real Prometheus scraping its /metrics,
// and reads the counts back through Prometheus' API.
func TestLogsFollowPrometheus(t *testing.T) {
	t.Parallel()
	promtest.Require(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "access.log")
	line := func(host, path string, code int) string {
		return fmt.Sprintf("%s:443 192.0.2.1 - - [04/Dec/2026:10:00:00 +0000] \"GET %s?api_key=%s HTTP/1.1\" %d 1 \"-\" \"ua\"\n", host, path, canary, code)
	}
	write := func(p string, lines ...string) {
		t.Helper()
		f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(strings.Join(lines, ""))
		f.Close()
	}
	write(path, line("api.example.com", "/v1/me", 200)) // before the start: not counted

	var stderr bytes.Buffer
	env := canaryEnv("", &bytes.Buffer{})
	env.Stderr = &stderr
	addr := make(chan string, 1)
	o := &logsOptions{follow: true, listen: "127.0.0.1:0", window: "1h", output: "text", served: func(a string) { addr <- a }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runLogs(ctx, o, []string{path}, env) }()
	var a string
	select {
	case a = <-addr:
	case err := <-done:
		t.Fatalf("logs --follow ended: %v\n%s", err, stderr.String())
	}
	prom := promtest.Start(t, promtest.Config{Jobs: []promtest.Job{{Name: "authdoctor-logs", Targets: []string{a}}}})

	var batch []string
	for i := range 300 {
		batch = append(batch, line("api.sandbox.example.com", fmt.Sprintf("/v1/orders/%d", i), 401))
	}
	for i := range 700 {
		batch = append(batch, line("api.example.com", fmt.Sprintf("/v1/orders/%d", i), 200))
	}
	write(path, batch[:500]...)
	if err := os.Rename(path, path+".1"); err != nil { // logrotate
		t.Fatal(err)
	}
	write(path, batch[500:]...)

	prom.Eventually(t, `sum(authdoctor_http_requests_total) == 1000`, time.Minute)
	got := prom.Eventually(t, `authdoctor_http_requests_total{environment="sandbox",route="/v1/orders/{id}",code="401"}`, time.Minute)
	if len(got) != 1 || got[0].Value != 300 || got[0].Metric["job"] != "authdoctor-logs" {
		t.Errorf("sandbox 401s: %+v, want one series of 300", got)
	}
	// The ratio the alert rule reads, by route and environment: it needs
	// traffic between two scrapes.
	more := make([]string, 100)
	for i := range more {
		more[i] = line("api.sandbox.example.com", "/v1/orders/7", 401)
	}
	write(path, more...)
	ratio := prom.Eventually(t, `sum by (environment, route) (rate(authdoctor_http_requests_total{code="401"}[1m])) / sum by (environment, route) (rate(authdoctor_http_requests_total[1m])) > 0`, time.Minute)
	if len(ratio) != 1 || ratio[0].Metric["environment"] != "sandbox" || ratio[0].Value != 1 {
		t.Errorf("401 ratio by route and environment: %+v, want sandbox's, 1", ratio)
	}
	rot := prom.Eventually(t, `authdoctor_log_rotations_total >= 1`, time.Minute)
	if len(rot) != 1 {
		t.Errorf("rotations: %+v", rot)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("logs --follow: %v\n%s", err, stderr.String())
	}
	out := stderr.String()
	if !strings.Contains(out, "following "+path+" (only the lines appended from now)") || !strings.Contains(out, "stopped after 1,100 lines (0 in no known format), 1 rotation") {
		t.Errorf("stderr:\n%s", out)
	}
	if strings.Contains(out, canary) {
		t.Error("stderr holds the canary")
	}
}

func TestLogsFollowUsage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--follow", "a.log", "b.log"}, "--follow follows one log file"},
		{[]string{"--follow", "-"}, "--follow follows one log file"},
		{[]string{"--follow", dir}, "is a directory"},
		{[]string{"--follow", "a.log", "--listen", "nope"}, `--listen "nope": give host:port`},
		{[]string{"--follow", "a.log", "--listen", "256.0.0.1:1"}, "cannot listen on 256.0.0.1:1"},
	} {
		var out bytes.Buffer
		if code := Main(context.Background(), append([]string{"logs"}, tc.args...), canaryEnv("", &out)); code != ExitUsage || !strings.Contains(out.String(), tc.want) {
			t.Errorf("%v: exit %d, %s; want 2 and %q", tc.args, code, out.String(), tc.want)
		}
	}
}
