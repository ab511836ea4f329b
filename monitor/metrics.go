package monitor

import (
	"strconv"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// Label names. They are API: the shipped alerting rules and dashboard
// (deploy/) select on them.
const (
	labelRequest     = "request"
	labelEnvironment = "environment"
	labelCause       = "cause"
	labelCode        = "code"
)

// durationBuckets cover a check: a few milliseconds on loopback to the
// probe timeout of a slow API (several requests, an issuer lookup).
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

// checkMetrics are the per-target metrics. The watcher keeps one set in
// its registry for the life of the process; /probe makes a fresh set for
// one run. Every label comes from a bounded set: the profile's request
// and environment names, the documented causes, HTTP status codes.
type checkMetrics struct {
	success   *prometheus.GaugeVec
	causeInfo *prometheus.GaugeVec
	checks    *prometheus.CounterVec
	errors    *prometheus.CounterVec
	duration  *prometheus.HistogramVec
	expiry    *prometheus.GaugeVec
	lastRun   *prometheus.GaugeVec
	responses *prometheus.CounterVec

	// mu guards cause: the cause_info series each target has (its last
	// verdict's cause), so observe removes it by its labels instead of
	// scanning every target's series (DeletePartialMatch), which made
	// a check's cost grow with the number of targets.
	mu    sync.Mutex
	cause map[key]string
}

func newCheckMetrics(reg prometheus.Registerer) *checkMetrics {
	t := []string{labelRequest, labelEnvironment}
	m := &checkMetrics{
		cause: map[key]string{},
		success: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "authdoctor_check_success",
			Help: "1 when the last check had the expected outcome (accepted, or refused for an expect_denied request), 0 otherwise.",
		}, t),
		causeInfo: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "authdoctor_check_cause_info",
			Help: "The cause of the last check's verdict (docs/causes.md): 1 for the current cause only.",
		}, append(t, labelCause)),
		checks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "authdoctor_checks_total",
			Help: "Checks run, by the cause of their verdict.",
		}, append(t, labelCause)),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "authdoctor_check_errors_total",
			Help: "Checks that could not be made at all (the request could not be built); they have no verdict.",
		}, t),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "authdoctor_check_duration_seconds",
			Help:    "How long a whole check took: every request it sent, the issuer's included.",
			Buckets: durationBuckets,
		}, t),
		expiry: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "authdoctor_credential_expiry_timestamp_seconds",
			Help: "When the credential of the last check expires (a JWT's exp), as a Unix time; absent when unknown.",
		}, t),
		lastRun: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "authdoctor_check_last_run_timestamp_seconds",
			Help: "When the last check started, as a Unix time.",
		}, t),
		responses: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "authdoctor_http_responses_total",
			Help: "Answers the checks got from the API, by HTTP status code (redirect hops and confirmations included; the issuer's answers are not).",
		}, append(t, labelCode)),
	}
	reg.MustRegister(m.success, m.causeInfo, m.checks, m.errors, m.duration, m.expiry, m.lastRun, m.responses)
	return m
}

// observe records one finished check of t.
func (m *checkMetrics) observe(t Target, o outcome) {
	l := prometheus.Labels{labelRequest: t.Request, labelEnvironment: t.Environment}
	m.lastRun.With(l).Set(float64(o.at.UnixNano()) / 1e9)
	m.mu.Lock()
	defer m.mu.Unlock()
	if c, ok := m.cause[t.key()]; ok {
		m.causeInfo.DeleteLabelValues(t.Request, t.Environment, c)
		delete(m.cause, t.key())
	}
	if o.err != "" {
		m.success.With(l).Set(0)
		m.errors.With(l).Inc()
		m.expiry.Delete(l)
		return
	}
	m.success.With(l).Set(boolFloat(o.healthy))
	m.causeInfo.WithLabelValues(t.Request, t.Environment, string(o.cause)).Set(1)
	m.cause[t.key()] = string(o.cause)
	m.checks.WithLabelValues(t.Request, t.Environment, string(o.cause)).Inc()
	m.duration.With(l).Observe(o.duration.Seconds())
	if o.expires.IsZero() {
		m.expiry.Delete(l)
	} else {
		m.expiry.With(l).Set(float64(o.expires.Unix()))
	}
	for code, n := range o.responses {
		m.responses.WithLabelValues(t.Request, t.Environment, strconv.Itoa(code)).Add(float64(n))
	}
}

// forget removes every series of t: a target no longer in the profile
// must not be reported as if it still failed.
func (m *checkMetrics) forget(t Target) {
	m.mu.Lock()
	delete(m.cause, t.key())
	m.mu.Unlock()
	l := prometheus.Labels{labelRequest: t.Request, labelEnvironment: t.Environment}
	for _, v := range []interface {
		DeletePartialMatch(prometheus.Labels) int
	}{m.success, m.causeInfo, m.checks, m.errors, m.duration, m.expiry, m.lastRun, m.responses} {
		v.DeletePartialMatch(l)
	}
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// watchMetrics are the watcher's own.
type watchMetrics struct {
	targets *prometheus.GaugeVec
	reload  prometheus.Gauge
}

func newWatchMetrics(reg prometheus.Registerer) *watchMetrics {
	m := &watchMetrics{
		targets: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "authdoctor_watch_targets",
			Help: "Targets (request × environment) watched, by state: pending (not run yet), healthy, failing.",
		}, []string{"state"}),
		reload: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "authdoctor_watch_config_last_reload_successful",
			Help: "1 when the last load of the profile succeeded, 0 when it failed and the previous one is still in use.",
		}),
	}
	reg.MustRegister(m.targets, m.reload)
	return m
}
