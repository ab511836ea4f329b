package monitor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/authdoctor/authdoctor"
)

// Defaults of Config.
const (
	DefaultEvery       = time.Minute
	DefaultJitter      = 0.1
	DefaultConcurrency = 4
	// DefaultStopTimeout is how long in-flight checks may finish after a
	// stop before they are cancelled: a little more than a check's
	// default request timeout (15 s) would be too long for systemd's
	// default 90 s only if several hops hung; 20 s is a compromise.
	DefaultStopTimeout = 20 * time.Second
	// DefaultKeep is how many runs of a target the status page shows.
	DefaultKeep = 30
	// DefaultSlowAfter is how long a check holds its concurrency slot: an
	// API answers in well under a second, so a check still waiting after
	// two is a slow or hanging target, and it lets the next check start.
	DefaultSlowAfter = 2 * time.Second
)

// CheckFunc makes one check of t: it builds the request, sends it and
// diagnoses the answer (and records it, when the caller keeps a history).
// An error means the check could not be made at all.
type CheckFunc func(ctx context.Context, t Target) (authdoctor.Run, error)

// LoadFunc reads the targets (the profile). An error keeps the targets
// already loaded.
type LoadFunc func(ctx context.Context) ([]Target, error)

// Config configures a Watcher. Load and Check are required; every other
// zero value means the default.
type Config struct {
	Load  LoadFunc
	Check CheckFunc
	// Every is the interval of a target that does not set its own;
	// zero means DefaultEvery.
	Every time.Duration
	// Jitter spreads the runs: a target's first run comes a random part
	// of Jitter×interval after the start, and each interval is
	// lengthened or shortened by up to Jitter×interval, so that targets
	// loaded together do not all hit the API in the same second. Zero
	// means DefaultJitter; negative means none.
	Jitter float64
	// Concurrency bounds the checks in flight that are still working;
	// zero means DefaultConcurrency. A check that has waited SlowAfter
	// gives up its slot and goes on outside the bound, so targets that
	// hang never hold the others back (one check per target at a time
	// bounds those).
	Concurrency int
	// SlowAfter is that wait; zero means DefaultSlowAfter, negative
	// never (a check holds its slot to the end).
	SlowAfter time.Duration
	// StopTimeout bounds how long Run waits for in-flight checks after
	// its context is done; then they are cancelled. Zero means
	// DefaultStopTimeout.
	StopTimeout time.Duration
	// Keep is how many runs per target are kept for the status page;
	// zero means DefaultKeep.
	Keep int
	// Clock is the time; nil means the system clock.
	Clock Clock
	// Random returns a number in [0, 1) for the jitter; nil means
	// math/rand/v2.
	Random func() float64
	// Logger receives one line per run and per reload; nil discards.
	Logger *slog.Logger
	// Version names the build on the status page.
	Version string
	// OnRun, when set, is called after each run of the schedule has been
	// recorded in the state and the metrics (tests wait on it).
	OnRun func(Target)
}

// Watcher runs checks on a schedule and keeps their state. Its methods
// are safe for concurrent use.
type Watcher struct {
	cfg     Config
	clock   Clock
	log     *slog.Logger
	reg     *prometheus.Registry
	metrics *checkMetrics
	watch   *watchMetrics
	sem     chan struct{}
	wake    chan struct{}

	mu      sync.Mutex
	order   []key
	targets map[key]*targetState
	loaded  bool
}

// New returns a watcher with its own Prometheus registry (never the
// global one). It loads nothing yet: call Reload, or Run, which loads
// first.
func New(cfg Config) (*Watcher, error) {
	if cfg.Load == nil || cfg.Check == nil {
		return nil, errors.New("monitor: Config needs Load and Check")
	}
	if cfg.Every == 0 {
		cfg.Every = DefaultEvery
	}
	if cfg.Every < MinEvery || cfg.Every > MaxEvery {
		return nil, fmt.Errorf("monitor: interval %s out of range (1s to 24h)", cfg.Every)
	}
	switch {
	case cfg.Jitter == 0:
		cfg.Jitter = DefaultJitter
	case cfg.Jitter < 0:
		cfg.Jitter = 0
	case cfg.Jitter > 0.5:
		return nil, fmt.Errorf("monitor: jitter %g out of range (0 to 0.5)", cfg.Jitter)
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	if cfg.StopTimeout <= 0 {
		cfg.StopTimeout = DefaultStopTimeout
	}
	if cfg.SlowAfter == 0 {
		cfg.SlowAfter = DefaultSlowAfter
	}
	if cfg.Keep <= 0 {
		cfg.Keep = DefaultKeep
	}
	if cfg.Random == nil {
		cfg.Random = rand.Float64
	}
	w := &Watcher{cfg: cfg, clock: cfg.Clock, log: cfg.Logger, reg: prometheus.NewRegistry(),
		sem: make(chan struct{}, cfg.Concurrency), wake: make(chan struct{}, 1), targets: map[key]*targetState{}}
	if w.clock == nil {
		w.clock = realClock{}
	}
	if w.log == nil {
		w.log = slog.New(slog.DiscardHandler)
	}
	w.metrics = newCheckMetrics(w.reg)
	w.watch = newWatchMetrics(w.reg)
	w.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return w, nil
}

// Gatherer is the watcher's registry, what /metrics serves.
func (w *Watcher) Gatherer() prometheus.Gatherer { return w.reg }

// interval is t's, or the default.
func (w *Watcher) interval(t Target) time.Duration {
	if t.Every > 0 {
		return t.Every
	}
	return w.cfg.Every
}

// jittered is d lengthened or shortened by up to Jitter×d.
func (w *Watcher) jittered(d time.Duration) time.Duration {
	return d + time.Duration(float64(d)*w.cfg.Jitter*(2*w.cfg.Random()-1))
}

// Reload reads the targets again. Targets that stay keep their state and
// schedule (a changed interval applies from their next run); new ones
// are scheduled at once (with the start jitter); removed ones disappear
// with their metrics. A failed load keeps the targets already loaded, is
// logged with the reason and returned.
func (w *Watcher) Reload(ctx context.Context) error {
	ts, err := w.cfg.Load(ctx)
	if err == nil {
		err = validTargets(ts)
	}
	if err != nil {
		w.watch.reload.Set(0)
		w.mu.Lock()
		n := len(w.order)
		w.mu.Unlock()
		w.log.Error("profile not loaded; keeping the previous one", "error", authdoctor.ScrubText(err.Error()), "targets", n)
		return err
	}
	now := w.clock.Now()
	w.mu.Lock()
	first := !w.loaded
	w.loaded = true
	seen := map[key]bool{}
	var order []key
	added, removed := 0, 0
	for _, t := range ts {
		k := t.key()
		seen[k] = true
		order = append(order, k)
		if st, ok := w.targets[k]; ok {
			st.target = t
			continue
		}
		added++
		start := time.Duration(float64(w.interval(t)) * w.cfg.Jitter * w.cfg.Random())
		w.targets[k] = &targetState{target: t, next: now.Add(start)}
	}
	for k, st := range w.targets {
		if !seen[k] {
			removed++
			w.metrics.forget(st.target)
			delete(w.targets, k)
		}
	}
	w.order = order
	w.countLocked()
	w.mu.Unlock()
	w.watch.reload.Set(1)
	if first {
		w.log.Info("profile loaded", "targets", len(order))
	} else {
		w.log.Info("profile reloaded", "targets", len(order), "added", added, "removed", removed)
	}
	w.poke()
	return nil
}

// validTargets refuses an empty list and duplicates.
func validTargets(ts []Target) error {
	if len(ts) == 0 {
		return errors.New("no request to watch: the profile has no requests (or none in the environments named)")
	}
	seen := map[key]bool{}
	for _, t := range ts {
		if t.Request == "" || t.Environment == "" {
			return errors.New("a target without a request or environment name")
		}
		if seen[t.key()] {
			return fmt.Errorf("%s is listed twice", t)
		}
		seen[t.key()] = true
		if t.Every != 0 && (t.Every < MinEvery || t.Every > MaxEvery) {
			return fmt.Errorf("%s: interval %s out of range (1s to 24h)", t, t.Every)
		}
	}
	return nil
}

// poke wakes the schedule loop.
func (w *Watcher) poke() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run loads the targets when Reload has not yet, then runs them on their
// schedule until ctx is done. Then it starts nothing more, lets the
// checks in flight finish for up to StopTimeout, cancels those still
// running and returns once they have. A target whose check is still
// running when it is due again skips that turn: one check per target at
// a time, at most Concurrency in all.
func (w *Watcher) Run(ctx context.Context) error {
	w.mu.Lock()
	loaded := w.loaded
	w.mu.Unlock()
	if !loaded {
		if err := w.Reload(ctx); err != nil {
			return err
		}
	}
	// Checks outlive ctx by up to StopTimeout: a stop lets them finish.
	checkCtx, cancelChecks := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelChecks()
	var wg sync.WaitGroup
	for {
		now := w.clock.Now()
		next := w.launchDue(checkCtx, now, &wg)
		var timer <-chan time.Time
		stop := func() {}
		if !next.IsZero() {
			timer, stop = w.clock.At(next)
		}
		select {
		case <-ctx.Done():
			stop()
			w.log.Info("stopping: waiting for the checks in flight", "timeout", w.cfg.StopTimeout.String())
			done := make(chan struct{})
			go func() { wg.Wait(); close(done) }()
			giveUp, stopGiveUp := w.clock.At(w.clock.Now().Add(w.cfg.StopTimeout))
			select {
			case <-done:
			case <-giveUp:
				w.log.Warn("checks still running after the stop timeout: cancelled", "timeout", w.cfg.StopTimeout.String())
				cancelChecks()
				<-done
			}
			stopGiveUp()
			w.log.Info("stopped")
			return nil
		case <-timer:
		case <-w.wake:
		}
		stop()
	}
}

// launchDue starts every due target that is not running and returns the
// earliest next run of those waiting (zero when all are running).
func (w *Watcher) launchDue(ctx context.Context, now time.Time, wg *sync.WaitGroup) time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	var next time.Time
	for _, k := range w.order {
		st := w.targets[k]
		if st.running {
			continue
		}
		if !st.next.After(now) {
			st.running = true
			st.next = now.Add(w.jittered(w.interval(st.target)))
			wg.Add(1)
			go func(t Target) {
				defer wg.Done()
				w.scheduled(ctx, t)
			}(st.target)
			continue
		}
		if next.IsZero() || st.next.Before(next) {
			next = st.next
		}
	}
	return next
}

// scheduled makes one scheduled check of t within the concurrency bound.
func (w *Watcher) scheduled(ctx context.Context, t Target) {
	o, ok := w.check(ctx, t)
	w.mu.Lock()
	if st, still := w.targets[t.key()]; still && ok {
		st.running = false
		st.add(o, w.cfg.Keep)
		w.metrics.observe(st.target, o)
		if now := w.clock.Now(); !st.next.After(now) {
			// It ran longer than its interval: the missed turn is
			// skipped, not made up at once.
			st.next = now.Add(w.jittered(w.interval(st.target)))
		}
	} else if still {
		st.running = false
	}
	w.countLocked()
	w.mu.Unlock()
	if ok && w.cfg.OnRun != nil {
		w.cfg.OnRun(t)
	}
	w.poke()
}

// check runs cfg.Check for t under the concurrency bound; false when ctx
// ended before a slot was free (nothing ran).
func (w *Watcher) check(ctx context.Context, t Target) (outcome, bool) {
	select {
	case w.sem <- struct{}{}:
	case <-ctx.Done():
		return outcome{}, false
	}
	var once sync.Once
	release := func() { once.Do(func() { <-w.sem }) }
	defer release()
	at := w.clock.Now()
	if w.cfg.SlowAfter > 0 {
		// A slow or hanging check gives its slot to the next one.
		slow, stopSlow := w.clock.At(at.Add(w.cfg.SlowAfter))
		finished := make(chan struct{})
		defer close(finished)
		go func() {
			defer stopSlow()
			select {
			case <-slow:
				release()
				w.log.Debug("slow check: its concurrency slot goes to the next", "request", t.Request, "environment", t.Environment)
			case <-finished:
			}
		}()
	}
	run, err := w.cfg.Check(ctx, t)
	var o outcome
	if err != nil {
		o = outcome{at: at, err: authdoctor.ScrubText(oneLine(err.Error()))}
		w.log.Warn("check could not be made", "request", t.Request, "environment", t.Environment, "error", o.err)
		return o, true
	}
	if !run.Started.IsZero() {
		at = run.Started
	}
	o = newOutcome(t, run, at)
	lvl := slog.LevelInfo
	if !o.healthy {
		lvl = slog.LevelWarn
	}
	w.log.Log(ctx, lvl, "check", "request", t.Request, "environment", t.Environment,
		"healthy", o.healthy, "cause", string(o.cause), "status", o.status, "duration", o.duration.Round(time.Millisecond).String())
	return o, true
}

// oneLine is the first line of s.
func oneLine(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' || s[i] == '\r' {
			return s[:i]
		}
	}
	return s
}

// countLocked sets the targets gauge; w.mu is held.
func (w *Watcher) countLocked() {
	var pending, healthy, failing int
	for _, k := range w.order {
		switch st := w.targets[k]; {
		case st.last == nil:
			pending++
		case st.last.healthy:
			healthy++
		default:
			failing++
		}
	}
	w.watch.targets.WithLabelValues("pending").Set(float64(pending))
	w.watch.targets.WithLabelValues("healthy").Set(float64(healthy))
	w.watch.targets.WithLabelValues("failing").Set(float64(failing))
}

// Ready reports whether every target has run at least once.
func (w *Watcher) Ready() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.loaded {
		return false
	}
	for _, k := range w.order {
		if w.targets[k].last == nil {
			return false
		}
	}
	return true
}

// Once loads the targets when needed and checks each once (within the
// concurrency bound), recording the outcomes as scheduled runs would be;
// it returns the status of all.
func (w *Watcher) Once(ctx context.Context) (Report, error) {
	w.mu.Lock()
	loaded := w.loaded
	w.mu.Unlock()
	if !loaded {
		if err := w.Reload(ctx); err != nil {
			return Report{}, err
		}
	}
	w.mu.Lock()
	var ts []Target
	for _, k := range w.order {
		ts = append(ts, w.targets[k].target)
	}
	w.mu.Unlock()
	var wg sync.WaitGroup
	for _, t := range ts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.scheduled(ctx, t)
		}()
	}
	wg.Wait()
	return w.Status(), nil
}

// lookup finds a target by its names.
func (w *Watcher) lookup(request, environment string) (Target, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	st, ok := w.targets[key{request, environment}]
	if !ok {
		return Target{}, false
	}
	return st.target, true
}

// names lists the request and environment names known, sorted.
func (w *Watcher) names() (requests, environments []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, k := range w.order {
		if !slices.Contains(requests, k.request) {
			requests = append(requests, k.request)
		}
		if !slices.Contains(environments, k.environment) {
			environments = append(environments, k.environment)
		}
	}
	slices.Sort(requests)
	slices.Sort(environments)
	return requests, environments
}
