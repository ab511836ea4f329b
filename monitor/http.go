package monitor

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// DefaultRefresh is how often the status page reloads itself.
const DefaultRefresh = 15 * time.Second

// probeTimeoutOffset is taken off Prometheus' scrape timeout for a
// /probe, so the answer arrives before Prometheus gives up on it (as
// blackbox_exporter does).
const probeTimeoutOffset = 500 * time.Millisecond

// Handler serves the watcher: / (the status page), /api/status (its
// JSON), /metrics, /probe, /-/healthy and /-/ready. refresh is how often
// the page reloads; zero means DefaultRefresh.
func (w *Watcher) Handler(refresh time.Duration) http.Handler {
	if refresh <= 0 {
		refresh = DefaultRefresh
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(w.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}))
	mux.HandleFunc("GET /probe", w.serveProbe)
	mux.HandleFunc("GET /api/status", func(rw http.ResponseWriter, _ *http.Request) {
		b, err := json.MarshalIndent(w.Status(), "", "  ")
		if err != nil {
			http.Error(rw, "encoding the status failed", http.StatusInternalServerError)
			return
		}
		rw.Header().Set("Content-Type", "application/json")
		rw.Write(append(b, '\n'))
	})
	mux.HandleFunc("GET /-/healthy", func(rw http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(rw, "authdoctor watch is healthy.")
	})
	mux.HandleFunc("GET /-/ready", func(rw http.ResponseWriter, _ *http.Request) {
		if !w.Ready() {
			http.Error(rw, "not ready: some targets have not run yet", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(rw, "authdoctor watch is ready.")
	})
	mux.HandleFunc("GET /{$}", func(rw http.ResponseWriter, _ *http.Request) {
		page, err := Page(w.Status(), refresh)
		if err != nil {
			http.Error(rw, "rendering the status page failed", http.StatusInternalServerError)
			return
		}
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		rw.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
		rw.Write(page)
	})
	return mux
}

// serveProbe runs one check of the target named by ?request= and
// ?environment= now and answers with that run's metrics alone, in a
// fresh registry, like blackbox_exporter's /probe: Prometheus owns the
// schedule. The run goes through Check (and so to the history) but not
// into the watcher's own state and metrics, which are the schedule's.
func (w *Watcher) serveProbe(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	name, env := q.Get("request"), q.Get("environment")
	if name == "" || env == "" {
		http.Error(rw, "give ?request=NAME&environment=ENV", http.StatusBadRequest)
		return
	}
	t, ok := w.lookup(name, env)
	if !ok {
		reqs, envs := w.names()
		http.Error(rw, fmt.Sprintf("unknown target %q: watch has requests %s in environments %s", clip(name)+"@"+clip(env), strings.Join(reqs, ", "), strings.Join(envs, ", ")), http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	if v := r.Header.Get("X-Prometheus-Scrape-Timeout-Seconds"); v != "" {
		if s, err := strconv.ParseFloat(v, 64); err == nil && s > 0 {
			d := time.Duration(s * float64(time.Second))
			if d > 2*probeTimeoutOffset {
				d -= probeTimeoutOffset
			}
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, d)
			defer cancel()
		}
	}
	o, ok := w.check(ctx, t)
	if !ok {
		http.Error(rw, "the probe was cancelled before it could run", http.StatusServiceUnavailable)
		return
	}
	reg := prometheus.NewRegistry()
	m := newCheckMetrics(reg)
	success := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "authdoctor_probe_success",
		Help: "1 when the probe's check had the expected outcome, 0 otherwise.",
	})
	reg.MustRegister(success)
	m.observe(t, o)
	success.Set(boolFloat(o.healthy && o.err == ""))
	promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(rw, r)
}
