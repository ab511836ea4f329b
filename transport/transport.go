// Package transport diagnoses an application's own 401 and 403 answers
// from inside it: wrap the HTTP client's transport and every refusal is
// analysed as authdoctor capture would analyse it — passively, on the
// exchange the application made, without a request of its own — and
// handed to a callback, the logger and Prometheus as an Event: the
// verdict, the cause, the fix and the credential's fingerprint, never the
// credential.
//
//	client := &http.Client{Transport: transport.New(http.DefaultTransport, transport.Config{
//		OnFailure: func(e transport.Event) { log.Printf("auth failure: %s", e) },
//	})}
//
// Answers other than 401 and 403 cost a counter increment and nothing
// else.
package transport

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"
	"unsafe"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/authdoctor/authdoctor/doctor"
	"github.com/authdoctor/authdoctor/monitor/accesslog"
)

// Config configures New. The zero value counts nothing and reports
// failures to nobody; set what you need.
type Config struct {
	// OnFailure is called with every 401 and 403, after the analysis,
	// from the goroutine of the request; nil for none.
	OnFailure func(Event)
	// Logger logs every 401 and 403 at Warn; nil for none.
	Logger *slog.Logger
	// Registerer registers authdoctor_client_requests_total{environment,
	// route,code} and authdoctor_client_auth_failures_total{environment,
	// route,cause}; nil for no metrics. New panics when they are
	// registered already (as prometheus.MustRegister does).
	Registerer prometheus.Registerer
	// Route names the endpoint of a request, for labels: bounded, no
	// ids. Nil means the path with ids as {id}, as authdoctor logs
	// counts it.
	Route func(*http.Request) string
	// Environment names the environment of a request. Nil means what the
	// host's name says (sandbox., staging., -test …, else production), as
	// authdoctor logs does.
	Environment func(*http.Request) string
	// MaxBody is how much of a refusal's body is kept for the analysis;
	// zero means 64 KiB. The application still reads all of it.
	MaxBody int
	// Check tunes the checks; the zero value uses their defaults.
	Check check.Options
	// Confirm, when set, lets the transport prove a refusal's cause: a
	// refused GET, HEAD or OPTIONS is checked once more as authdoctor
	// check checks it (a baseline without the credential, and a
	// corrected copy where the cause allows one), with at most
	// ConfirmBudget requests, at most once per ConfirmEvery for a route
	// and environment, and never for another method. The Event then
	// carries that run's verdict. Off by default: without it the
	// transport sends nothing of its own.
	Confirm bool
	// ConfirmBudget is the most requests one confirmation sends; zero
	// means 3.
	ConfirmBudget int
	// ConfirmEvery spaces the confirmations of a route and environment;
	// zero means a minute.
	ConfirmEvery time.Duration
}

// Event is one refused request, as the analysis saw it. It holds no
// credential: the credential appears as its fingerprint.
type Event struct {
	Time        time.Time
	Method      string
	Route       string
	Environment string
	Status      int
	Cause       authdoctor.Cause
	Confidence  authdoctor.Confidence
	// Summary says in one sentence what went wrong; Fix what to do.
	Summary, Fix string
	// Fingerprint is 8 hex of the SHA-256 of the credential sent, ""
	// when none was.
	Fingerprint string
}

// String is the event in one line.
func (e Event) String() string {
	s := e.Method + " " + e.Route + " in " + e.Environment + " → " + strconv.Itoa(e.Status) + ": " + string(e.Cause) + " (" + string(e.Confidence) + "): " + e.Summary
	if e.Fingerprint != "" {
		s += " [credential " + e.Fingerprint + "]"
	}
	return s
}

// noBaseline is the evidence line of every verdict.
const noBaseline = "baseline not sent: the transport is passive and sends no request of its own; the verdict rests on the application's exchange alone"

// New wraps base (nil: http.DefaultTransport).
func New(base http.RoundTripper, cfg Config) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 64 << 10
	}
	if cfg.ConfirmBudget <= 0 {
		cfg.ConfirmBudget = 3
	}
	if cfg.ConfirmEvery <= 0 {
		cfg.ConfirmEvery = time.Minute
	}
	t := &roundTripper{base: base, cfg: cfg, envs: map[string]string{}, counters: map[string]prometheus.Counter{}, confirmed: map[string]time.Time{}}
	t.routers.New = func() any { return &accesslog.Router{} }
	if cfg.Registerer != nil {
		t.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "authdoctor_client_requests_total",
			Help: "Requests the application's HTTP client made, by environment, route template and status code."},
			[]string{"environment", "route", "code"})
		t.failures = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "authdoctor_client_auth_failures_total",
			Help: "401 and 403 answers to the application's HTTP client, by environment, route template and diagnosed cause."},
			[]string{"environment", "route", "cause"})
		cfg.Registerer.MustRegister(t.requests, t.failures)
	}
	return t
}

type roundTripper struct {
	base http.RoundTripper
	cfg  Config

	routers sync.Pool // *accesslog.Router, each with its scratch

	mu       sync.RWMutex
	envs     map[string]string             // host → environment
	counters map[string]prometheus.Counter // env \x00 route \x00 code → counter

	requests, failures *prometheus.CounterVec

	// confirmed holds when each route and environment was last
	// confirmed (under mu).
	confirmed map[string]time.Time
}

// maxCached bounds the caches: past it, lookups are not remembered.
const maxCached = 4096

// keyPool holds the buffers label keys are built in.
var keyPool = sync.Pool{New: func() any { b := make([]byte, 0, 128); return &b }}

// RoundTrip implements http.RoundTripper.
func (t *roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.base.RoundTrip(req)
	if err != nil || (t.requests == nil && t.cfg.OnFailure == nil && t.cfg.Logger == nil) {
		return resp, err
	}
	code := resp.StatusCode
	refused := code == http.StatusUnauthorized || code == http.StatusForbidden
	if t.requests != nil {
		t.count(req, code)
	}
	if refused {
		t.refused(req, resp, start)
	}
	return resp, nil
}

// count adds one to the request's counter, without an allocation once
// its labels have been seen.
func (t *roundTripper) count(req *http.Request, code int) {
	env := t.environment(req)
	kp := keyPool.Get().(*[]byte)
	key := append((*kp)[:0], env...)
	key = append(key, 0)
	var r *accesslog.Router
	if t.cfg.Route != nil {
		key = append(key, t.cfg.Route(req)...)
	} else {
		r = t.routers.Get().(*accesslog.Router)
		key = append(key, r.Route(pathOf(req))...)
	}
	key = append(key, 0)
	key = strconv.AppendInt(key, int64(code), 10)
	t.mu.RLock()
	c, ok := t.counters[string(key)]
	t.mu.RUnlock()
	if !ok {
		parts := bytes.SplitN(key, []byte{0}, 3)
		c = t.requests.WithLabelValues(string(parts[0]), string(parts[1]), string(parts[2]))
		t.mu.Lock()
		if len(t.counters) < maxCached {
			t.counters[string(key)] = c
		}
		t.mu.Unlock()
	}
	c.Inc()
	*kp = key
	keyPool.Put(kp)
	if r != nil {
		t.routers.Put(r)
	}
}

// pathOf is the request's path as sent, without an allocation.
func pathOf(req *http.Request) []byte {
	if req.URL == nil {
		return []byte("/")
	}
	p := req.URL.RawPath
	if p == "" {
		p = req.URL.Path
	}
	if p == "" {
		p = "/"
	}
	return unsafeBytes(p)
}

// environment is the request's environment, cached per host.
func (t *roundTripper) environment(req *http.Request) string {
	if t.cfg.Environment != nil {
		return t.cfg.Environment(req)
	}
	host := ""
	if req.URL != nil {
		host = req.URL.Hostname()
	}
	t.mu.RLock()
	env, ok := t.envs[host]
	t.mu.RUnlock()
	if ok {
		return env
	}
	env = (&accesslog.Environments{}).Of(host)
	t.mu.Lock()
	if len(t.envs) < maxCached {
		t.envs[host] = env
	}
	t.mu.Unlock()
	return env
}

func (t *roundTripper) route(req *http.Request) string {
	if t.cfg.Route != nil {
		return t.cfg.Route(req)
	}
	r := t.routers.Get().(*accesslog.Router)
	s := string(r.Route(pathOf(req)))
	t.routers.Put(r)
	return s
}

// refused analyses a 401 or 403 and reports it. The response's body is
// read up to MaxBody for the analysis and given back whole to the
// application.
func (t *roundTripper) refused(req *http.Request, resp *http.Response, start time.Time) {
	var body []byte
	if resp.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(resp.Body, int64(t.cfg.MaxBody)))
		resp.Body = &replayBody{r: io.MultiReader(bytes.NewReader(body), resp.Body), c: resp.Body}
	}
	fields := headerFields(req.Header)
	sc := authdoctor.ScrubberFor(authdoctor.Request{URL: req.URL.String(), Header: fields}).WithShapes()
	ex := authdoctor.Exchange{
		Method: req.Method, URL: req.URL.String(), RequestHeader: fields, Sent: start,
		Status: resp.StatusCode, Proto: resp.Proto, Header: resp.Header.Clone(),
		Body: sc.Bytes(body, false), BodyTruncated: len(body) == t.cfg.MaxBody,
		Timing: authdoctor.Timing{Total: time.Since(start)},
	}
	if ex.Header == nil {
		ex.Header = http.Header{}
	}
	if d, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		ex.ServerDate = d
	}
	d := diagnose.Passive(ex, "", t.cfg.Check, "the transport", noBaseline)
	route, env := t.route(req), t.environment(req)
	if t.cfg.Confirm && authdoctor.SafeMethod(req.Method) && t.confirmDue(env+"\x00"+route, start) {
		run, err := doctor.Run(req.Context(), authdoctor.Request{Method: req.Method, URL: req.URL.String(), Header: fields},
			t.confirmConfig())
		if err == nil && run.Observation != nil {
			d = run.Diagnosis
		}
	}
	ev := Event{Time: start, Method: req.Method, Route: route, Environment: env, Status: resp.StatusCode,
		Cause: d.Verdict.Cause, Confidence: d.Verdict.Confidence,
		Summary: authdoctor.ScrubText(sc.String(d.Verdict.Summary)), Fix: authdoctor.ScrubText(sc.String(d.Verdict.Fix))}
	if d.Credential != nil {
		ev.Fingerprint = d.Credential.Fingerprint
	}
	if t.failures != nil {
		t.failures.WithLabelValues(ev.Environment, ev.Route, string(ev.Cause)).Inc()
	}
	if t.cfg.Logger != nil {
		t.cfg.Logger.Warn("authentication failure", "method", ev.Method, "route", ev.Route, "environment", ev.Environment,
			"status", ev.Status, "cause", string(ev.Cause), "confidence", string(ev.Confidence), "summary", ev.Summary,
			"fix", ev.Fix, "fingerprint", ev.Fingerprint)
	}
	if t.cfg.OnFailure != nil {
		t.cfg.OnFailure(ev)
	}
}

// confirmDue says whether key may be confirmed now, and if so notes it.
func (t *roundTripper) confirmDue(key string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if last, ok := t.confirmed[key]; ok && now.Sub(last) < t.cfg.ConfirmEvery {
		return false
	}
	if len(t.confirmed) >= maxCached {
		return false
	}
	t.confirmed[key] = now
	return true
}

// confirmConfig is the check of a confirmation: the budget, no issuer
// requests, the transport's check options.
func (t *roundTripper) confirmConfig() doctor.Config {
	var c doctor.Config
	c.Probe.MaxRequests = t.cfg.ConfirmBudget
	c.Check = t.cfg.Check
	return c
}

// replayBody gives back what the analysis read, then the rest.
type replayBody struct {
	r io.Reader
	c io.Closer
}

func (b *replayBody) Read(p []byte) (int, error) { return b.r.Read(p) }
func (b *replayBody) Close() error               { return b.c.Close() }

// headerFields are the request's header fields, names sorted.
func headerFields(h http.Header) []authdoctor.Field {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	var out []authdoctor.Field
	for _, k := range names {
		for _, v := range h[k] {
			out = append(out, authdoctor.Field{Name: k, Value: authdoctor.NewSecret(v)})
		}
	}
	return out
}

// unsafeBytes views s as bytes without a copy, for the router, which
// only reads its argument (it writes the route into its own scratch).
func unsafeBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
