package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/monitor"
	"github.com/authdoctor/authdoctor/probe"
)

// Tokens of the bench target: opaque, so the target does no
// cryptography and the benchmark measures watch, not the server.
const (
	benchGoodToken = "bench-good-5f0c1d2e3a4b"
	benchBadToken  = "bench-bad-9e8d7c6b5a41"
)

// benchTarget is a loopback API shaped like most: 401 with a bare Bearer
// challenge without credentials (RFC 6750 §3), 401 invalid_token for an
// unknown token, 200 for the good one. It counts the requests it
// answers, so requests/op is what the target received.
type benchTarget struct {
	srv   *httptest.Server
	hits  atomic.Int64
	conns atomic.Int64 // connections accepted
}

func newBenchTarget(tb testing.TB) *benchTarget {
	tb.Helper()
	bt := &benchTarget{}
	bt.srv = httptest.NewUnstartedServer(http.HandlerFunc(bt.serve))
	bt.srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			bt.conns.Add(1)
		}
	}
	bt.srv.Start()
	tb.Cleanup(bt.srv.Close)
	return bt
}

func (bt *benchTarget) serve(rw http.ResponseWriter, r *http.Request) {
	bt.hits.Add(1)
	rw.Header().Set("Content-Type", "application/json")
	switch r.Header.Get("Authorization") {
	case "":
		rw.Header().Set("WWW-Authenticate", `Bearer realm="bench"`)
		rw.WriteHeader(http.StatusUnauthorized)
		io.WriteString(rw, `{"error":"unauthorized"}`)
	case "Bearer " + benchGoodToken:
		io.WriteString(rw, `{"orders":[]}`)
	default:
		rw.Header().Set("WWW-Authenticate", `Bearer realm="bench", error="invalid_token", error_description="unknown token"`)
		rw.WriteHeader(http.StatusUnauthorized)
		io.WriteString(rw, `{"error":"invalid_token"}`)
	}
}

// benchWatch is watch set up as runWatch sets it up, without serving:
// the profile loaded, the history store (or none), the monitor with
// w.run as its check.
type benchWatch struct {
	run *watchRun
	mon *monitor.Watcher
}

// newBenchWatch writes a profile over bt (environment good with the good
// token, bad with the other; request orders) and loads it the way
// runWatch does. history names the store file; "" turns history off.
func newBenchWatch(tb testing.TB, bt *benchTarget, history bool) *benchWatch {
	tb.Helper()
	return newBenchWatchProfile(tb, bt, history, "")
}

// newBenchWatchProfile is newBenchWatch with more requests (profile
// lines under requests:).
func newBenchWatchProfile(tb testing.TB, bt *benchTarget, history bool, requests string) *benchWatch {
	tb.Helper()
	dir := tb.TempDir()
	prof := filepath.Join(dir, "authdoctor.yaml")
	p := fmt.Sprintf(`environments:
  good:
    base_url: %[1]s
    headers:
      Authorization: Bearer $GOOD_TOKEN
  bad:
    base_url: %[1]s
    headers:
      Authorization: Bearer $BAD_TOKEN
requests:
  orders:
    path: /api/orders
%[2]s`, bt.srv.URL, requests)
	if err := os.WriteFile(prof, []byte(p), 0o600); err != nil {
		tb.Fatal(err)
	}
	o := &watchOptions{config: prof, every: "1m", jitter: 0.1, concurrency: monitor.DefaultConcurrency,
		listen: "127.0.0.1:0", logFormat: "text", stopTimeout: monitor.DefaultStopTimeout, refresh: monitor.DefaultRefresh}
	// The flags' defaults (newWatchCmd).
	o.check.maxRequests, o.check.maxRedirects, o.check.timeout, o.check.leeway = 6, 5, 15*time.Second, 60*time.Second
	o.check.noIssuer = true // an opaque token names no issuer; say so rather than rely on it
	o.check.history.store = filepath.Join(dir, "history.db")
	o.check.history.noHistory = !history
	vars := map[string]string{"GOOD_TOKEN": benchGoodToken, "BAD_TOKEN": benchBadToken}
	env := Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard,
		Lookup: func(k string) (string, bool) { v, ok := vars[k]; return v, ok }}
	// The log of a running watch: one line per check, text, scrubbed.
	log, err := watchLogger(io.Discard, o.logFormat, slog.LevelInfo)
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	w := &watchRun{o: o, env: env, log: log, pool: &probe.Pool{MaxIdlePerHost: o.concurrency}}
	tb.Cleanup(w.pool.Close)
	if _, err := w.load(ctx); err != nil {
		tb.Fatal(err)
	}
	if w.store, err = o.check.history.open(ctx, env); err != nil {
		tb.Fatal(err)
	}
	if w.store != nil {
		tb.Cleanup(func() { w.store.Close() })
	}
	mon, err := monitor.New(monitor.Config{Load: w.load, Check: w.run, Every: time.Minute, Logger: log})
	if err != nil {
		tb.Fatal(err)
	}
	if err := mon.Reload(ctx); err != nil {
		tb.Fatal(err)
	}
	return &benchWatch{run: w, mon: mon}
}

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchCases are the two outcomes a watched request mostly has.
var benchCases = []struct {
	name, env string
	cause     authdoctor.Cause
}{
	{"accepted", "good", authdoctor.CauseAccepted},
	{"rejected", "bad", authdoctor.CauseTokenRejected},
}

// reportPerRequest adds requests/op (what the target received) and
// cpu-ns/request: the CPU time of the whole test process over the loop
// (user and system, every goroutine and the GC — and the loopback
// target's handler, which does almost nothing) per request sent.
func reportPerRequest(b *testing.B, bt *benchTarget, hits0 int64, cpu0 time.Duration) {
	cpu := cpuTime(b) - cpu0
	reqs := float64(bt.hits.Load() - hits0)
	b.ReportMetric(reqs/float64(b.N), "requests/op")
	if reqs > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/reqs, "cpu-ns/request")
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// BenchmarkWatchCheck is one scheduled check as watch makes it: the
// monitor's Check (watchRun.run: the profile's request built, prepare,
// doctor.Run, the run recorded in the history when it is on) of one
// target against a loopback target on kept-alive connections where the
// run allows them.
func BenchmarkWatchCheck(b *testing.B) {
	bt := newBenchTarget(b)
	for _, history := range []bool{false, true} {
		bw := newBenchWatch(b, bt, history)
		for _, c := range benchCases {
			name := c.name + "/no-history"
			if history {
				name = c.name + "/history"
			}
			b.Run(name, func(b *testing.B) {
				ctx := context.Background()
				t := monitor.Target{Request: "orders", Environment: c.env}
				res, err := bw.run.run(ctx, t)
				if err != nil || res.Diagnosis.Verdict.Cause != c.cause {
					b.Fatalf("run = %s, %v; want %s: the benchmark would measure the wrong path", res.Diagnosis.Verdict.Cause, err, c.cause)
				}
				hits0, cpu0 := bt.hits.Load(), cpuTime(b)
				b.ReportAllocs()
				for b.Loop() {
					if _, err := bw.run.run(ctx, t); err != nil {
						b.Fatal(err)
					}
				}
				reportPerRequest(b, bt, hits0, cpu0)
			})
		}
	}
}

// BenchmarkWatchProbe is one GET /probe?request=orders&environment=ENV
// through watch's handler, as Prometheus (or the load generator of
// scripts/bench-watch-vs-blackbox.sh) asks it: the check above, the
// run's metrics in a fresh registry, the text exposition. History off,
// as the script runs it (--no-history) to compare with
// blackbox_exporter, which keeps none.
func BenchmarkWatchProbe(b *testing.B) {
	bt := newBenchTarget(b)
	bw := newBenchWatch(b, bt, false)
	h := bw.mon.Handler(0)
	for _, c := range benchCases {
		b.Run(c.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/probe?request=orders&environment="+c.env, nil)
			want := "authdoctor_probe_success 0"
			if c.cause == authdoctor.CauseAccepted {
				want = "authdoctor_probe_success 1"
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != 200 || !strings.Contains(rec.Body.String(), want) || !strings.Contains(rec.Body.String(), string(c.cause)) {
				b.Fatalf("/probe = %d, want %s and %s:\n%s", rec.Code, want, c.cause, rec.Body)
			}
			hits0, cpu0 := bt.hits.Load(), cpuTime(b)
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("/probe = %d", rec.Code)
				}
			}
			reportPerRequest(b, bt, hits0, cpu0)
		})
	}
}

// TestWatchKeepsConnections: the checks reuse the connection the
// previous check left open (one for all six checks of two targets on one
// host, not one per check), on the path the benchmarks measure.
func TestWatchKeepsConnections(t *testing.T) {
	t.Parallel()
	bt := newBenchTarget(t)
	bw := newBenchWatch(t, bt, false)
	for range 3 {
		for _, env := range []string{"good", "bad"} {
			if _, err := bw.run.run(context.Background(), monitor.Target{Request: "orders", Environment: env}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := bt.hits.Load(); got != 12 {
		t.Errorf("the target answered %d requests, want 12 (2 per check)", got)
	}
	if got := bt.conns.Load(); got != 1 {
		t.Errorf("the target accepted %d connections for 6 checks of 2 targets made one after the other, want 1", got)
	}
}

// BenchmarkWatchOnce500 is one turn of a watch of 500 targets (250
// requests in the good and bad environments) through the monitor, as its
// schedule makes them (Watcher.Once: every target's check within
// --concurrency, its state, metrics and log line), history off. One op is
// the 500 checks.
func BenchmarkWatchOnce500(b *testing.B) {
	bt := newBenchTarget(b)
	var extra strings.Builder
	for i := range 249 {
		fmt.Fprintf(&extra, "  r%d:\n    path: /api/orders/%d\n", i, i)
	}
	bw := newBenchWatchProfile(b, bt, false, extra.String())
	ctx := context.Background()
	if _, err := bw.mon.Once(ctx); err != nil {
		b.Fatal(err)
	}
	hits0, cpu0 := bt.hits.Load(), cpuTime(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := bw.mon.Once(ctx); err != nil {
			b.Fatal(err)
		}
	}
	reportPerRequest(b, bt, hits0, cpu0)
}
