package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/monitor"
)

// hangServer accepts connections, reads the request and never answers. It
// reports each request read on got and each connection the client closed
// on closed, so a test can tell "in flight" from "cut off" by events.
type hangServer struct {
	ln     net.Listener
	got    chan string // the request line of each request read
	closed chan struct{}
	wg     sync.WaitGroup
}

func startHangServer(t *testing.T) *hangServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := &hangServer{ln: ln, got: make(chan string, 100), closed: make(chan struct{}, 100)}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			h.wg.Add(1)
			go func() {
				defer h.wg.Done()
				defer c.Close()
				r := bufio.NewReader(c)
				if req, err := http.ReadRequest(r); err == nil {
					h.got <- req.Method + " " + req.URL.Path
				}
				// Never answer; the next read returns when the client
				// gives up and closes its end.
				var b [1]byte
				c.Read(b[:])
				h.closed <- struct{}{}
			}()
		}
	}()
	t.Cleanup(func() { ln.Close(); h.wg.Wait() })
	return h
}

func (h *hangServer) URL() string { return "http://" + h.ln.Addr().String() }

// steppingClock is a scheduler clock that never waits: asked for a timer
// at t, it moves to t and fires. The watcher's schedule then runs as fast
// as its checks complete, so a test sees many turns of the healthy target
// in the time one hanging request takes, with no sleep and no wall-clock
// threshold. (The checks' own request timeouts stay on the real clock.)
type steppingClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *steppingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *steppingClock) At(t time.Time) (<-chan time.Time, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.now) {
		c.now = t
	}
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch, func() {}
}

// isolationProfile writes a profile with one request in two
// environments: ok on the lab, hang on a server that never answers.
func isolationProfile(t *testing.T, wl *watchLab, hang *hangServer) {
	t.Helper()
	p := fmt.Sprintf(`environments:
  ok:
    base_url: %s
    headers:
      Authorization: Bearer $OK_TOKEN
  hang:
    base_url: %s
    headers:
      Authorization: Bearer $OK_TOKEN
requests:
  orders:
    path: /api/orders
`, wl.lab.URL(), hang.URL())
	if err := os.WriteFile(wl.profile, []byte(p), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestWatchHangingTargetIsolated: a target whose server accepts and never
// answers holds its own check (and one --concurrency slot), not the
// others: the healthy target completes turn after turn while the hanging
// request is still in flight and the hanging target skips its turns (one
// check per target at a time). A stop cancels the hanging check after
// --stop-timeout and its connection is closed.
//
// The design's promise, and its limit: with K targets hanging and
// --concurrency C, the others are not delayed while K < C; with K ≥ C
// every slot is held until --timeout cuts the hanging requests off.
func TestWatchHangingTargetIsolated(t *testing.T) {
	t.Parallel()
	wl := startWatchLab(t)
	hang := startHangServer(t)
	isolationProfile(t, wl, hang)
	o := watchOpts(t, wl)
	o.every = "1s"
	o.check.timeout = time.Hour // the hanging request outlasts the test
	o.clock = &steppingClock{now: time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)}
	o.random = func() float64 { return 0.5 } // no jitter either way
	o.check.history.noHistory = true

	runs := make(chan monitor.Target, 1000)
	o.onRun = func(t monitor.Target) { runs <- t }
	o.served = func(string) {}
	var log syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- runWatch(ctx, o, wl.env(&log), nil, nil) }()

	// The hanging target's first request (its baseline) reaches the
	// server and gets no answer.
	if got := <-hang.got; got != "GET /api/orders" {
		t.Fatalf("the hanging server got %q", got)
	}
	// Meanwhile the healthy target runs again and again. (The hanging
	// request is cut off by the probe's header timeout, 10 s, whatever
	// --timeout says: three lab checks take milliseconds.)
	okRuns := 0
	for okRuns < 3 {
		r := <-runs
		if r.Environment == "hang" {
			t.Fatalf("the hanging target finished a run while its server never answered:\n%s", log.String())
		}
		okRuns++
	}
	select {
	case <-hang.closed:
		t.Fatal("the hanging request was cut off before its timeout or a stop")
	case got := <-hang.got:
		t.Fatalf("a second request (%s) reached the hanging server while the first was in flight", got)
	default:
	}

	// A stop: the checks in flight may finish for --stop-timeout (on the
	// stepping clock, at once), then they are cancelled.
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("runWatch: %v\n%s", err, log.String())
	}
	<-hang.closed // the cancelled request's connection was closed
	logs := log.String()
	if !strings.Contains(logs, "checks still running after the stop timeout: cancelled") {
		t.Errorf("the stop did not cancel the hanging check:\n%s", logs)
	}
}

// TestWatchHangingTargetTimeout: the hanging target's check is cut off by
// --timeout and becomes a failing run of its own (the endpoint did not
// answer), while the healthy target's run in the same --once is healthy.
func TestWatchHangingTargetTimeout(t *testing.T) {
	t.Parallel()
	wl := startWatchLab(t)
	hang := startHangServer(t)
	isolationProfile(t, wl, hang)
	o := watchOpts(t, wl)
	o.once = true
	o.check.timeout = 200 * time.Millisecond
	o.check.history.store = filepath.Join(wl.dir, "history.db")
	var out syncBuffer
	err := runWatch(context.Background(), o, wl.env(&out), nil, nil)
	var code exitCode
	if !errors.As(err, &code) || int(code) != ExitDiagnosed {
		t.Fatalf("runWatch --once = %v, want exit %d\n%s", err, ExitDiagnosed, out.String())
	}
	<-hang.got
	<-hang.closed // cut off by the timeout: the client closed the connection
	got := out.String()
	for _, want := range []string{
		"2 targets, 1 healthy, 1 failing",
		"✓ orders  ok ",
		"✗ orders  hang ",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("--once output lacks %q:\n%s", want, got)
		}
	}
	if !strings.Contains(got, "endpoint_unreachable") {
		t.Errorf("the hanging target's run is not endpoint_unreachable:\n%s", got)
	}
}
