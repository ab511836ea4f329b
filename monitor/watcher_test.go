package monitor

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/doctor"
)

// newWatcher is a watcher over ld and c with no jitter, the fake clock
// and OnRun sending each run's target on the returned channel.
func newWatcher(t *testing.T, ld *loader, check CheckFunc, clock Clock, mod func(*Config)) (*Watcher, chan Target) {
	t.Helper()
	runs := make(chan Target, 100)
	cfg := Config{Load: ld.load, Check: check, Jitter: -1, Clock: clock, OnRun: func(t Target) { runs <- t }}
	if mod != nil {
		mod(&cfg)
	}
	w, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return w, runs
}

// receive takes n runs from ch and returns them as "request@env" counts.
func receive(ch chan Target, n int) map[string]int {
	got := map[string]int{}
	for range n {
		got[(<-ch).String()]++
	}
	return got
}

func TestSchedule(t *testing.T) {
	t.Parallel()
	tl := startLab(t)
	c := newChecker(tl)
	ld := &loader{}
	ld.set([]Target{{Request: "orders", Environment: "good"}, {Request: "orders", Environment: "bad", Every: 30 * time.Second}}, nil)
	clock := newFakeClock(labNow)
	w, runs := newWatcher(t, ld, c.check, clock, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()

	// At the start both run at once (no jitter).
	if got := receive(runs, 2); got["orders@good"] != 1 || got["orders@bad"] != 1 {
		t.Fatalf("first runs: %v", got)
	}
	// 30 s later only the target with every: 30s.
	clock.WaitTimer(labNow.Add(30 * time.Second))
	clock.Advance(30 * time.Second)
	if got := receive(runs, 1); got["orders@bad"] != 1 {
		t.Fatalf("runs at 30s: %v", got)
	}
	// At a minute both.
	clock.WaitTimer(labNow.Add(time.Minute))
	clock.Advance(30 * time.Second)
	if got := receive(runs, 2); got["orders@good"] != 1 || got["orders@bad"] != 1 {
		t.Fatalf("runs at 1m: %v", got)
	}
	// The loop now waits for 1m30s, and nothing else ran.
	clock.WaitTimer(labNow.Add(90 * time.Second))
	if len(runs) != 0 {
		t.Errorf("%d runs more than scheduled", len(runs))
	}
	if n, m := c.count(Target{Request: "orders", Environment: "good"}), c.count(Target{Request: "orders", Environment: "bad"}); n != 2 || m != 3 {
		t.Errorf("checks made: good %d (want 2), bad %d (want 3)", n, m)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
}

func TestJitter(t *testing.T) {
	t.Parallel()
	tl := startLab(t)
	c := newChecker(tl)
	ld := &loader{}
	ld.set([]Target{{Request: "orders", Environment: "good"}}, nil)
	clock := newFakeClock(labNow)
	r := 0.5
	w, runs := newWatcher(t, ld, c.check, clock, func(cfg *Config) {
		cfg.Jitter = 0.1
		cfg.Random = func() float64 { return r }
	})
	// The first run comes Random×Jitter×interval after the start: 3s.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	clock.WaitTimer(labNow.Add(3 * time.Second))
	if len(runs) != 0 {
		t.Fatal("ran before its jittered start")
	}
	clock.Advance(3 * time.Second)
	receive(runs, 1)
	cancel()
	<-done

	for _, tc := range []struct {
		r    float64
		want time.Duration
	}{{0, 54 * time.Second}, {0.5, time.Minute}, {0.75, 63 * time.Second}} {
		r = tc.r
		if got := w.jittered(time.Minute); got != tc.want {
			t.Errorf("jittered(1m) with random %v = %v, want %v", tc.r, got, tc.want)
		}
	}
}

// blockingServer answers 401 once release is closed; it counts the
// requests in flight and keeps the most seen.
type blockingServer struct {
	*httptest.Server
	mu       sync.Mutex
	inflight int
	most     int
	arrived  chan int // the number in flight, after each arrival
	release  chan struct{}
	canceled chan struct{} // a request's context ended before release
}

func newBlockingServer(t *testing.T) *blockingServer {
	b := &blockingServer{arrived: make(chan int, 100), release: make(chan struct{}), canceled: make(chan struct{}, 100)}
	b.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.mu.Lock()
		b.inflight++
		b.most = max(b.most, b.inflight)
		n := b.inflight
		b.mu.Unlock()
		b.arrived <- n
		defer func() {
			b.mu.Lock()
			b.inflight--
			b.mu.Unlock()
		}()
		select {
		case <-b.release:
		case <-r.Context().Done():
			b.canceled <- struct{}{}
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="slow"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	t.Cleanup(func() {
		select {
		case <-b.release:
		default:
			close(b.release)
		}
		b.Close()
	})
	return b
}

// check sends one request (budget 1, no confirmation) to the server.
func (b *blockingServer) check(ctx context.Context, t Target) (authdoctor.Run, error) {
	req := authdoctor.Request{Method: "GET", URL: b.URL + "/" + t.Request,
		Header: []authdoctor.Field{{Name: "Authorization", Value: authdoctor.NewSecret("Bearer opaque-token-for-" + t.Environment), Origin: authdoctor.OriginEnv}}}
	cfg := doctor.Config{}
	cfg.Probe.MaxRequests = 1
	cfg.Probe.Timeout = time.Minute
	cfg.Plan.NoConfirm = true
	return doctor.Run(ctx, req, cfg)
}

func TestConcurrencyBound(t *testing.T) {
	t.Parallel()
	b := newBlockingServer(t)
	ld := &loader{}
	ld.set([]Target{{Request: "a", Environment: "x"}, {Request: "b", Environment: "x"}, {Request: "c", Environment: "x"}}, nil)
	w, _ := newWatcher(t, ld, b.check, newFakeClock(labNow), func(cfg *Config) { cfg.Concurrency = 2 })
	done := make(chan Report)
	go func() {
		r, err := w.Once(context.Background())
		if err != nil {
			t.Error(err)
		}
		done <- r
	}()
	for n := 0; n < 2; n = <-b.arrived {
	}
	close(b.release)
	r := <-done
	if b.most != 2 {
		t.Errorf("at most %d requests in flight, want 2 (--concurrency 2)", b.most)
	}
	if len(r.Targets) != 3 || r.Pending != 0 {
		t.Errorf("Once ran %d targets, %d pending", len(r.Targets), r.Pending)
	}
}

func TestStopLetsChecksFinish(t *testing.T) {
	t.Parallel()
	b := newBlockingServer(t)
	ld := &loader{}
	ld.set([]Target{{Request: "a", Environment: "x"}}, nil)
	clock := newFakeClock(labNow)
	w, runs := newWatcher(t, ld, b.check, clock, func(cfg *Config) { cfg.StopTimeout = 10 * time.Second })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	<-b.arrived
	cancel()
	// Run waits for the check in flight (its give-up timer is set) …
	clock.WaitTimer(labNow.Add(10 * time.Second))
	select {
	case err := <-done:
		t.Fatalf("Run returned %v with a check in flight", err)
	default:
	}
	// … which finishes, is recorded, and Run returns.
	close(b.release)
	receive(runs, 1)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if r := w.Status(); r.Targets[0].Runs != 1 || r.Targets[0].Cause == "" {
		t.Errorf("the finishing check was not recorded: %+v", r.Targets[0])
	}
}

func TestStopCancelsAfterTimeout(t *testing.T) {
	t.Parallel()
	b := newBlockingServer(t)
	ld := &loader{}
	ld.set([]Target{{Request: "a", Environment: "x"}}, nil)
	clock := newFakeClock(labNow)
	w, _ := newWatcher(t, ld, b.check, clock, func(cfg *Config) { cfg.StopTimeout = 10 * time.Second })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	<-b.arrived
	cancel()
	clock.WaitTimer(labNow.Add(10 * time.Second))
	clock.Advance(10 * time.Second)
	<-b.canceled // the request in flight was cancelled
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestReload(t *testing.T) {
	t.Parallel()
	tl := startLab(t)
	c := newChecker(tl)
	ld := &loader{}
	good, bad, admin := Target{Request: "orders", Environment: "good"}, Target{Request: "orders", Environment: "bad"}, Target{Request: "admin", Environment: "good", ExpectDenied: true}
	ld.set([]Target{good, bad}, nil)
	w, _ := newWatcher(t, ld, c.check, newFakeClock(labNow), nil)
	ctx := context.Background()
	if _, err := w.Once(ctx); err != nil {
		t.Fatal(err)
	}
	names := func() []string {
		var out []string
		for _, ts := range w.Status().Targets {
			out = append(out, ts.Request+"@"+ts.Environment+":"+ts.State)
		}
		return strings.Fields(strings.Join(out, " "))
	}

	for _, tc := range []struct {
		name string
		ts   []Target
		err  error
		want string // an error the reload returns
	}{
		{"the profile does not load", nil, errors.New("authdoctor.yaml:3:5: unknown key \"bsae_url\""), "bsae_url"},
		{"no targets", []Target{}, nil, "no request to watch"},
		{"a target twice", []Target{good, good}, nil, "orders@good is listed twice"},
		{"an interval out of range", []Target{{Request: "orders", Environment: "good", Every: time.Millisecond}}, nil, "out of range"},
	} {
		ld.set(tc.ts, tc.err)
		err := w.Reload(ctx)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Reload = %v, want an error with %q", tc.name, err, tc.want)
		}
		if got := strings.Join(names(), " "); got != "orders@good:healthy orders@bad:failing" {
			t.Errorf("%s: targets after a bad reload = %s, want the old ones kept", tc.name, got)
		}
		if v := gaugeValue(t, w.watch.reload); v != 0 {
			t.Errorf("%s: authdoctor_watch_config_last_reload_successful = %v, want 0", tc.name, v)
		}
	}

	// A good profile: bad goes with its series, admin comes pending, good
	// keeps its state.
	ld.set([]Target{good, admin}, nil)
	if err := w.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(names(), " "); got != "orders@good:healthy admin@good:pending" {
		t.Errorf("targets after reload = %s", got)
	}
	if w.Ready() {
		t.Error("ready with a target not run yet")
	}
	if v := gaugeValue(t, w.watch.reload); v != 1 {
		t.Errorf("authdoctor_watch_config_last_reload_successful = %v, want 1", v)
	}
	if n := seriesOf(t, w, "authdoctor_check_success"); n != "orders@good" {
		t.Errorf("authdoctor_check_success series after reload: %s, want orders@good only", n)
	}
	if r := w.Status(); r.Targets[0].Runs != 1 {
		t.Errorf("orders@good lost its runs: %d", r.Targets[0].Runs)
	}
}
