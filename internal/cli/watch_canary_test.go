package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/monitor"
)

// TestWatchCanary watches requests whose credential is the canary,
// against a server that echoes it back in every place it can, and
// asserts it appears nowhere watch writes: /metrics, the status page,
// /api/status, /probe, the log (text and JSON), the --once summary and
// the history database's files.
func TestWatchCanary(t *testing.T) {
	t.Parallel()
	srv := echoServer(t)
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			cfg := filepath.Join(dir, "authdoctor.yaml")
			prof := "environments:\n  prod:\n    base_url: " + srv.URL + "\n    headers:\n      Authorization: Bearer $CANARY\n" +
				"  basic:\n    base_url: " + srv.URL + "\n    headers:\n      Authorization: Basic ${CANARY_B64}\n" +
				"requests:\n  orders:\n    path: /v1/orders\n  keyed:\n    path: /v1/keyed\n    headers:\n      X-API-Key: $CANARY\n"
			if err := os.WriteFile(cfg, []byte(prof), 0o600); err != nil {
				t.Fatal(err)
			}
			var out syncBuffer
			env := canaryEnv("", &bytes.Buffer{})
			lookup := env.Lookup
			env.Lookup = func(k string) (string, bool) {
				if k == "CANARY_B64" {
					return base64.StdEncoding.EncodeToString([]byte("svc:" + canary)), true
				}
				return lookup(k)
			}
			env.Stdout, env.Stderr = &out, &out
			o := &watchOptions{config: cfg, every: "1h", listen: "127.0.0.1:0", logFormat: format,
				concurrency: 2, stopTimeout: 10 * time.Second, refresh: 15 * time.Second}
			o.check.maxRequests, o.check.maxRedirects, o.check.timeout, o.check.leeway = 6, 5, 10*time.Second, 60*time.Second
			o.check.history.store = filepath.Join(dir, "history.db")
			addr := make(chan string, 1)
			runs := make(chan monitor.Target, 10)
			o.served = func(a string) { addr <- a }
			o.onRun = func(t monitor.Target) { runs <- t }
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error)
			go func() { done <- runWatch(ctx, o, env, nil, nil) }()
			base := "http://" + <-addr
			for range 4 {
				<-runs
			}
			pages := map[string]string{}
			for _, p := range []string{"/metrics", "/", "/api/status", "/probe?request=orders&environment=prod", "/probe?request=keyed&environment=basic"} {
				_, pages[p] = httpGet(t, base+p)
			}
			cancel()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			pages["log"] = out.String()

			var once bytes.Buffer
			o.once = true
			oenv := env
			oenv.Stdout, oenv.Stderr = &once, &once
			runWatch(context.Background(), o, oenv, nil, nil)
			pages["--once"] = once.String()

			files, _ := filepath.Glob(filepath.Join(dir, "history.db*"))
			if len(files) == 0 {
				t.Fatal("no history database written")
			}
			for _, f := range files {
				b, _ := os.ReadFile(f)
				pages[filepath.Base(f)] = string(b)
			}
			b64 := base64.StdEncoding.EncodeToString([]byte("svc:" + canary))
			for name, s := range pages {
				if s == "" && name != "--once" {
					t.Errorf("%s is empty", name)
				}
				for _, secret := range []string{canary, b64} {
					if strings.Contains(s, secret) || strings.Contains(html.UnescapeString(s), secret) {
						t.Errorf("%s contains the canary:\n%s", name, s)
					}
				}
			}
			if !strings.Contains(pages["/metrics"], `authdoctor_check_success{environment="prod",request="orders"} 0`) {
				t.Errorf("the checks did not run as expected:\n%s", pages["/metrics"])
			}
		})
	}
}
