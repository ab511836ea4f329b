package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/history"
	"github.com/authdoctor/authdoctor/internal/syncbuf"
	"github.com/authdoctor/authdoctor/lab"
	"github.com/authdoctor/authdoctor/monitor"
	"github.com/authdoctor/authdoctor/source/profile"
)

// asMainEnv makes the test binary run as authdoctor (TestMain).
const asMainEnv = "AUTHDOCTOR_TEST_AS_MAIN"

// watchLab is a lab and a profile over it: orders in sandbox (a valid
// token) and production (an expired one).
type watchLab struct {
	lab               *lab.Lab
	dir, profile      string
	okTok, expiredTok string
}

func startWatchLab(t *testing.T) *watchLab {
	t.Helper()
	l, err := lab.Start(context.Background(), lab.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	wl := &watchLab{lab: l, dir: t.TempDir()}
	ok, _ := l.Scenario("ok")
	ex, _ := l.Scenario("expired")
	wl.okTok, wl.expiredTok = strings.TrimSpace(ok.Env["LAB_TOKEN"]), strings.TrimSpace(ex.Env["LAB_TOKEN"])
	wl.profile = filepath.Join(wl.dir, "authdoctor.yaml")
	wl.write(t, "")
	return wl
}

// write writes the profile with extra appended under requests:.
func (wl *watchLab) write(t *testing.T, extra string) {
	t.Helper()
	p := fmt.Sprintf(`environments:
  sandbox:
    base_url: %[1]s
    headers:
      Authorization: Bearer $OK_TOKEN
  production:
    base_url: %[1]s
    headers:
      Authorization: Bearer $EXPIRED_TOKEN
requests:
  orders:
    path: /api/orders
%[2]s`, wl.lab.URL(), extra)
	if err := os.WriteFile(wl.profile, []byte(p), 0o600); err != nil {
		t.Fatal(err)
	}
}

func (wl *watchLab) env(out io.Writer) Env {
	vars := map[string]string{"OK_TOKEN": wl.okTok, "EXPIRED_TOKEN": wl.expiredTok}
	return Env{Stdin: strings.NewReader(""), Stdout: out, Stderr: out,
		Lookup: func(k string) (string, bool) { v, ok := vars[k]; return v, ok }}
}

// watchOpts are the options newWatchCmd's flags default to, for a test
// that calls runWatch directly.
func watchOpts(t *testing.T, wl *watchLab) *watchOptions {
	t.Helper()
	o := &watchOptions{config: wl.profile, every: "1h", listen: "127.0.0.1:0", logFormat: "json",
		concurrency: 2, stopTimeout: 10 * time.Second, refresh: 15 * time.Second}
	o.check.maxRequests, o.check.maxRedirects, o.check.timeout, o.check.leeway = 6, 5, 10*time.Second, 60*time.Second
	o.check.history.store = filepath.Join(wl.dir, "history.db")
	return o
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func statusOf(t *testing.T, base string) monitor.Report {
	t.Helper()
	_, body := httpGet(t, base+"/api/status")
	var r monitor.Report
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("/api/status: %v\n%s", err, body)
	}
	return r
}

// TestWatchServe runs watch in process: it serves, every run goes to the
// history as kind watch, a good profile reloads and a bad one is kept
// out, and a stop returns cleanly.
func TestWatchServe(t *testing.T) {
	t.Parallel()
	wl := startWatchLab(t)
	o := watchOpts(t, wl)
	addr := make(chan string, 1)
	runs := make(chan monitor.Target, 100)
	reloaded := make(chan error, 10)
	o.served = func(a string) { addr <- a }
	o.onRun = func(t monitor.Target) { runs <- t }
	o.reloaded = func(err error) { reloaded <- err }
	var log syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	reloads := make(chan struct{})
	done := make(chan error)
	go func() { done <- runWatch(ctx, o, wl.env(&log), nil, reloads) }()
	base := "http://" + <-addr
	<-runs
	<-runs
	if code, _ := httpGet(t, base+"/-/ready"); code != 200 {
		t.Errorf("/-/ready = %d after every target ran", code)
	}
	_, metrics := httpGet(t, base+"/metrics")
	for _, want := range []string{
		`authdoctor_check_success{environment="sandbox",request="orders"} 1`,
		`authdoctor_check_success{environment="production",request="orders"} 0`,
		`authdoctor_check_cause_info{cause="token_expired",environment="production",request="orders"} 1`,
		`authdoctor_http_responses_total{code="200",environment="sandbox",request="orders"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(metrics, wl.lab.URL()) {
		t.Error("/metrics holds the lab's URL")
	}
	if code, body := httpGet(t, base+"/probe?request=orders&environment=production"); code != 200 || !strings.Contains(body, "authdoctor_probe_success 0") {
		t.Errorf("/probe = %d\n%s", code, body)
	}

	// A good reload adds a request …
	wl.write(t, "  admin:\n    path: /api/admin/users\n    expect_denied: true\n    every: 30m\n")
	reloads <- struct{}{}
	if err := <-reloaded; err != nil {
		t.Fatalf("reload: %v", err)
	}
	<-runs
	<-runs
	r := statusOf(t, base)
	if len(r.Targets) != 4 || r.Targets[2].Request != "admin" || r.Targets[2].EverySeconds != 1800 || r.Targets[2].State != monitor.StateHealthy {
		t.Errorf("after the reload: %+v", r.Targets)
	}
	// … a bad one keeps it, and so does one with a write.
	for _, bad := range []string{"  broken: [\n", "  export:\n    method: POST\n    path: /api/orders/export\n"} {
		wl.write(t, bad)
		reloads <- struct{}{}
		if err := <-reloaded; err == nil {
			t.Errorf("profile with %q reloaded", bad)
		}
		if r := statusOf(t, base); len(r.Targets) != 4 {
			t.Errorf("a bad reload changed the targets: %d", len(r.Targets))
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("runWatch: %v", err)
	}
	logs := log.String()
	for _, want := range []string{`"msg":"serving"`, `"msg":"profile reloaded","targets":4,"added":2,"removed":0`, `"msg":"profile not loaded; keeping the previous one"`, "refusing to watch export: it is a POST", `"msg":"stopped"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %s:\n%s", want, logs)
		}
	}

	// Every run is in the history: 2 + 1 probe + 2 after the reload.
	s, err := history.Open(context.Background(), o.check.history.store, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	recs, err := s.List(context.Background(), history.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 5 {
		t.Errorf("%d runs recorded, want 5", len(recs))
	}
	for _, rec := range recs {
		if rec.Kind != history.KindWatch || rec.Identity.Request == "" {
			t.Errorf("run %d: kind %q request %q", rec.ID, rec.Kind, rec.Identity.Request)
		}
		if rec.Identity.Request == "admin" && !rec.ExpectDenied {
			t.Errorf("run %d of admin not marked expect_denied", rec.ID)
		}
	}
}

func TestWatchUsage(t *testing.T) {
	t.Parallel()
	wl := startWatchLab(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() }) // after the parallel subtests
	busy := ln.Addr().String()
	for _, tc := range []struct {
		name string
		mod  func(*watchOptions)
		args []string
		want string
	}{
		{"every too short", func(o *watchOptions) { o.every = "100ms" }, nil, `--every: "100ms" is out of range: give 1s to 24h`},
		{"every not a duration", func(o *watchOptions) { o.every = "often" }, nil, `--every: "often" is not an interval like 30s, 5m or 1h`},
		{"listen without port", func(o *watchOptions) { o.listen = "localhost" }, nil, `--listen "localhost" is not HOST:PORT`},
		{"listen bad port", func(o *watchOptions) { o.listen = "127.0.0.1:http2" }, nil, "the port must be a number"},
		{"unknown request", nil, []string{"nope"}, `request "nope" is not in`},
		{"unknown environment", func(o *watchOptions) { o.envs = []string{"staging"} }, nil, `environment "staging" is not in`},
		{"log format", func(o *watchOptions) { o.logFormat = "xml" }, nil, `--log-format "xml" is not text or json`},
		{"concurrency", func(o *watchOptions) { o.concurrency = 0 }, nil, "--concurrency 0 is out of range"},
		{"jitter", func(o *watchOptions) { o.jitter = 2 }, nil, "--jitter 2 is out of range"},
		{"address in use", func(o *watchOptions) { o.listen = busy }, nil, "cannot listen on " + busy + ": address already in use"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := watchOpts(t, wl)
			if tc.mod != nil {
				tc.mod(o)
			}
			var out bytes.Buffer
			err := runWatch(context.Background(), o, wl.env(&out), tc.args, nil)
			var ee *exitError
			if err == nil || !errors.As(err, &ee) || ee.code != ExitUsage || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("runWatch = %v, want a one-line usage error with %q", err, tc.want)
			}
		})
	}
}

// TestWatchSignals runs authdoctor watch as a process and sends it real
// signals: SIGHUP reloads the profile, SIGTERM stops it with exit 0.
func TestWatchSignals(t *testing.T) {
	t.Parallel()
	wl := startWatchLab(t)
	cmd := exec.Command(os.Args[0], "watch", "--config", wl.profile, "--listen", "127.0.0.1:0", "--every", "1h", "--log-format", "json", "--no-history")
	cmd.Env = append(os.Environ(), asMainEnv+"=1", "OK_TOKEN="+wl.okTok, "EXPIRED_TOKEN="+wl.expiredTok, "NO_COLOR=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	lines := make(chan map[string]any, 100)
	var all syncBuffer
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			fmt.Fprintln(&all, sc.Text())
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				lines <- m
			}
		}
		close(lines)
	}()
	// waitFor reads log lines until one has msg, returning it.
	waitFor := func(msg string) map[string]any {
		t.Helper()
		for m := range lines {
			if m["msg"] == msg {
				return m
			}
		}
		t.Fatalf("the log ended without %q:\n%s", msg, all.String())
		return nil
	}
	base := "http://" + waitFor("serving")["address"].(string)
	if r := statusOf(t, base); len(r.Targets) != 2 {
		t.Fatalf("%d targets before the reload", len(r.Targets))
	}
	wl.write(t, "  admin:\n    path: /api/admin/users\n    expect_denied: true\n")
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	if m := waitFor("profile reloaded"); m["targets"] != float64(4) {
		t.Errorf("reloaded with %v targets, want 4", m["targets"])
	}
	if r := statusOf(t, base); len(r.Targets) != 4 {
		t.Errorf("%d targets after SIGHUP, want 4", len(r.Targets))
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor("stopped")
	if err := cmd.Wait(); err != nil {
		t.Errorf("watch after SIGTERM: %v (want exit 0)\n%s", err, all.String())
	}
}

// TestWatchOnce: --once runs each target once, prints one line each, the
// fix under a failure, and exits 1 when one fails, 0 when all are healthy.
func TestWatchOnce(t *testing.T) {
	t.Parallel()
	wl := startWatchLab(t)
	o := watchOpts(t, wl)
	o.once = true
	var out bytes.Buffer
	err := runWatch(context.Background(), o, wl.env(&out), nil, nil)
	if ec, ok := err.(exitCode); !ok || ec != ExitDiagnosed {
		t.Fatalf("runWatch --once = %v, want exit 1\n%s", err, out.String())
	}
	s := out.String()
	for _, want := range []string{
		"authdoctor watch --once: 2 targets, 1 healthy, 1 failing\n",
		"✓ orders  sandbox     The server accepted the request with this credential (200 OK). [accepted, HTTP 200]\n",
		"✗ orders  production  The token expired",
		"    fix: Get a new token",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the summary lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "\x1b[") {
		t.Error("colour without a terminal")
	}
	o.envs = []string{"sandbox"}
	out.Reset()
	if err := runWatch(context.Background(), o, wl.env(&out), nil, nil); err != nil {
		t.Errorf("--once --env sandbox = %v, want exit 0\n%s", err, out.String())
	}
}

func TestWatchEveryBounds(t *testing.T) {
	t.Parallel()
	if profile.MinEvery != monitor.MinEvery || profile.MaxEvery != monitor.MaxEvery {
		t.Error("profile's and monitor's interval bounds differ")
	}
}

func TestLoopbackListen(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		listen   string
		loopback bool
	}{
		{"127.0.0.1:9464", true},
		{"localhost:9464", true},
		{"[::1]:9464", true},
		{"127.0.0.2:9464", true},
		{":9464", false}, // every interface
		{"0.0.0.0:9464", false},
		{"192.0.2.10:9464", false},
		{"watch.example.com:9464", false},
	} {
		t.Run(tc.listen, func(t *testing.T) {
			t.Parallel()
			host, err := checkListen(tc.listen)
			if err != nil {
				t.Fatal(err)
			}
			if got := loopbackListen(host); got != tc.loopback {
				t.Errorf("loopbackListen(%q) = %v, want %v", host, got, tc.loopback)
			}
		})
	}
}

// TestWatchOnceColour: the --once marks are coloured on a terminal only,
// and never with NO_COLOR or TERM=dumb or --no-color.
func TestWatchOnceColour(t *testing.T) {
	t.Parallel()
	wl := startWatchLab(t)
	for _, tc := range []struct {
		name     string
		terminal bool
		vars     map[string]string
		noColor  bool
		colour   bool
	}{
		{"terminal", true, nil, false, true},
		{"pipe", false, nil, false, false},
		{"NO_COLOR", true, map[string]string{"NO_COLOR": "1"}, false, false},
		{"TERM=dumb", true, map[string]string{"TERM": "dumb"}, false, false},
		{"--no-color", true, nil, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := watchOpts(t, wl)
			o.once, o.noColor = true, tc.noColor
			o.check.history.noHistory = true
			var out bytes.Buffer
			env := wl.env(&out)
			env.StdoutTerminal = tc.terminal
			base := env.Lookup
			env.Lookup = func(k string) (string, bool) {
				if v, ok := tc.vars[k]; ok {
					return v, true
				}
				return base(k)
			}
			runWatch(context.Background(), o, env, nil, nil)
			if got := strings.Contains(out.String(), "\x1b[32m✓\x1b[0m"); got != tc.colour {
				t.Errorf("coloured = %v, want %v:\n%s", got, tc.colour, out.String())
			}
		})
	}
}

// TestWatchStoreFailure: a history store that cannot be opened costs one
// warning line; watch runs anyway.
func TestWatchStoreFailure(t *testing.T) {
	t.Parallel()
	wl := startWatchLab(t)
	o := watchOpts(t, wl)
	o.once = true
	o.envs = []string{"sandbox"}
	o.check.history.store = filepath.Join(wl.profile, "history.db") // under a file: cannot be created
	var out bytes.Buffer
	if err := runWatch(context.Background(), o, wl.env(&out), nil, nil); err != nil {
		t.Fatalf("runWatch = %v, want the checks to run and pass\n%s", err, out.String())
	}
	if n := strings.Count(out.String(), "warning: run not recorded in history"); n != 1 {
		t.Errorf("%d history warnings, want 1:\n%s", n, out.String())
	}
	if !strings.Contains(out.String(), "1 target, 1 healthy") {
		t.Errorf("the checks did not run:\n%s", out.String())
	}
}

// syncBuffer is the output buffer of the helpers here (syncbuf.Buffer).
type syncBuffer = syncbuf.Buffer
