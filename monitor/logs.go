package monitor

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/authdoctor/authdoctor/monitor/accesslog"
)

// LogCollector exports what an access-log Follower counted, for
// Prometheus to add up across machines: authdoctor_http_requests_total
// by environment, route and status code, and the follower's own lines,
// malformed lines and rotations. Labels come from bounded sets: the
// follower caps its routes (accesslog.DefaultFollowRoutes) and the code
// is a status code.
type LogCollector struct {
	f                                   *accesslog.Follower
	requests, lines, malformed, rotated *prometheus.Desc
}

// NewLogCollector returns the collector of f; register it in a registry
// of your own.
func NewLogCollector(f *accesslog.Follower) *LogCollector {
	return &LogCollector{
		f: f,
		requests: prometheus.NewDesc("authdoctor_http_requests_total",
			"Requests in the followed access log, by environment, route template and status code.",
			[]string{"environment", "route", "code"}, nil),
		lines:     prometheus.NewDesc("authdoctor_log_lines_total", "Lines read from the followed access log.", nil, nil),
		malformed: prometheus.NewDesc("authdoctor_log_malformed_lines_total", "Lines of the followed access log in no known format (not counted as requests).", nil, nil),
		rotated:   prometheus.NewDesc("authdoctor_log_rotations_total", "Times the followed access log was rotated or truncated.", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *LogCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.requests
	ch <- c.lines
	ch <- c.malformed
	ch <- c.rotated
}

// Collect implements prometheus.Collector.
func (c *LogCollector) Collect(ch chan<- prometheus.Metric) {
	for _, n := range c.f.Counts() {
		ch <- prometheus.MustNewConstMetric(c.requests, prometheus.CounterValue, float64(n.N), n.Env, n.Route, strconv.Itoa(n.Code))
	}
	lines, malformed, rotations := c.f.Lines()
	ch <- prometheus.MustNewConstMetric(c.lines, prometheus.CounterValue, float64(lines))
	ch <- prometheus.MustNewConstMetric(c.malformed, prometheus.CounterValue, float64(malformed))
	ch <- prometheus.MustNewConstMetric(c.rotated, prometheus.CounterValue, float64(rotations))
}

// LogHandler serves a Follower's counts: /metrics (a registry of its own
// with a LogCollector) and /-/healthy.
func LogHandler(f *accesslog.Follower) http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(NewLogCollector(f))
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	mux.HandleFunc("/-/healthy", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "OK") })
	return mux
}
