package monitor

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/doctor"
	"github.com/authdoctor/authdoctor/lab"
)

// labNow is the lab's and the checks' clock in these tests: tokens are
// minted at labNow and the lab's ok token expires an hour later.
var labNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// testLab is a lab with its tokens, for checks made as watch makes them.
type testLab struct {
	lab     *lab.Lab
	ok      string // a valid access token with orders:read
	expired string
}

func startLab(t *testing.T) *testLab {
	t.Helper()
	l, err := lab.Start(context.Background(), lab.Config{Now: func() time.Time { return labNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	tl := &testLab{lab: l}
	ok, _ := l.Scenario("ok")
	tl.ok = strings.TrimSpace(ok.Env["LAB_TOKEN"])
	ex, _ := l.Scenario("expired")
	tl.expired = strings.TrimSpace(ex.Env["LAB_TOKEN"])
	if tl.ok == "" || tl.expired == "" {
		t.Fatal("the lab has no ok or expired token")
	}
	return tl
}

// paths are the lab paths of the test requests.
var paths = map[string]string{
	"orders": "/api/orders",      // accepted with the ok token
	"admin":  "/api/admin/users", // 403 insufficient_scope with it
}

// checker makes real checks against the lab with doctor.Run: the token
// by environment ("good" holds the ok token, "bad" the expired one, any
// other none). It counts the checks made per target.
type checker struct {
	tl *testLab
	mu sync.Mutex
	n  map[string]int
	// token overrides the token of an environment.
	token map[string]string
}

func newChecker(tl *testLab) *checker {
	return &checker{tl: tl, n: map[string]int{}, token: map[string]string{}}
}

func (c *checker) count(t Target) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[t.String()]
}

func (c *checker) check(ctx context.Context, t Target) (authdoctor.Run, error) {
	c.mu.Lock()
	c.n[t.String()]++
	tok, set := c.token[t.Environment]
	c.mu.Unlock()
	if !set {
		switch t.Environment {
		case "good":
			tok = c.tl.ok
		case "bad":
			tok = c.tl.expired
		}
	}
	p, ok := paths[t.Request]
	if !ok {
		return authdoctor.Run{}, errors.New("no such request " + t.Request)
	}
	req := authdoctor.Request{Method: "GET", URL: c.tl.lab.URL() + p}
	if tok != "" {
		req.Header = []authdoctor.Field{{Name: "Authorization", Value: authdoctor.NewSecret("Bearer " + tok), Origin: authdoctor.OriginEnv}}
	}
	cfg := doctor.Config{Now: func() time.Time { return labNow }}
	cfg.Probe.MaxRequests = 6
	cfg.Probe.Timeout = 10 * time.Second
	return doctor.Run(ctx, req, cfg)
}

// staticLoad returns a LoadFunc listing ts, or err when set (under mu).
type loader struct {
	mu  sync.Mutex
	ts  []Target
	err error
}

func (l *loader) set(ts []Target, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ts, l.err = ts, err
}

func (l *loader) load(context.Context) ([]Target, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Target(nil), l.ts...), l.err
}

// fakeClock is a clock the test advances; At timers fire when it passes
// their moment.
type fakeClock struct {
	mu     sync.Mutex
	cond   *sync.Cond
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at   time.Time
	c    chan time.Time
	dead bool // fired or stopped
}

func newFakeClock(now time.Time) *fakeClock {
	c := &fakeClock{now: now}
	c.cond = sync.NewCond(&c.mu)
	return c
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) At(at time.Time) (<-chan time.Time, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ft := &fakeTimer{at: at, c: make(chan time.Time, 1)}
	if !at.After(c.now) {
		ft.c <- c.now
		ft.dead = true
	} else {
		c.timers = append(c.timers, ft)
	}
	c.cond.Broadcast()
	return ft.c, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		ft.dead = true
		c.cond.Broadcast()
	}
}

// Advance moves the clock by d and fires the timers due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	live := c.timers[:0]
	for _, ft := range c.timers {
		switch {
		case ft.dead:
		case !ft.at.After(c.now):
			ft.c <- c.now
			ft.dead = true
		default:
			live = append(live, ft)
		}
	}
	c.timers = live
}

// WaitTimer blocks until a live timer is set for at: the schedule loop
// is then waiting for that moment.
func (c *fakeClock) WaitTimer(at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		for _, ft := range c.timers {
			if !ft.dead && ft.at.Equal(at) {
				return
			}
		}
		c.cond.Wait()
	}
}
