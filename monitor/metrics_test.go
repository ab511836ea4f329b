package monitor

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"
)

// gaugeValue reads a gauge.
func gaugeValue(t *testing.T, g prometheus.Gauge) float64 {
	t.Helper()
	var m dto.Metric
	if err := g.Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetGauge().GetValue()
}

// seriesOf lists the request@environment of every series of name.
func seriesOf(t *testing.T, w *Watcher, name string) string {
	t.Helper()
	mfs, err := w.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			l := map[string]string{}
			for _, lp := range m.GetLabel() {
				l[lp.GetName()] = lp.GetValue()
			}
			out = append(out, l[labelRequest]+"@"+l[labelEnvironment])
		}
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// jwtExp is the exp of a JWT, read without verifying it.
func jwtExp(t *testing.T, tok string) int64 {
	t.Helper()
	parts := strings.Split(tok, ".")
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var c struct{ Exp int64 }
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c.Exp
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	tl := startLab(t)
	c := newChecker(tl)
	ld := &loader{}
	ld.set([]Target{
		{Request: "orders", Environment: "good"},
		{Request: "orders", Environment: "bad"},
		{Request: "admin", Environment: "good", ExpectDenied: true},
		{Request: "admin", Environment: "bad", ExpectDenied: true},
		{Request: "missing", Environment: "good"}, // Check fails: no such request
	}, nil)
	w, _ := newWatcher(t, ld, c.check, newFakeClock(labNow), nil)
	ctx := context.Background()
	for range 2 {
		if _, err := w.Once(ctx); err != nil {
			t.Fatal(err)
		}
	}
	m := w.metrics
	ts := fmt.Sprintf("%.0f", float64(labNow.Unix()))
	for _, tc := range []struct {
		name string
		c    prometheus.Collector
		want string
	}{
		{"authdoctor_check_success", m.success, `
# HELP authdoctor_check_success 1 when the last check had the expected outcome (accepted, or refused for an expect_denied request), 0 otherwise.
# TYPE authdoctor_check_success gauge
authdoctor_check_success{environment="bad",request="admin"} 0
authdoctor_check_success{environment="bad",request="orders"} 0
authdoctor_check_success{environment="good",request="admin"} 1
authdoctor_check_success{environment="good",request="missing"} 0
authdoctor_check_success{environment="good",request="orders"} 1
`},
		{"authdoctor_check_cause_info", m.causeInfo, `
# HELP authdoctor_check_cause_info The cause of the last check's verdict (docs/causes.md): 1 for the current cause only.
# TYPE authdoctor_check_cause_info gauge
authdoctor_check_cause_info{cause="accepted",environment="good",request="orders"} 1
authdoctor_check_cause_info{cause="insufficient_scope",environment="good",request="admin"} 1
authdoctor_check_cause_info{cause="token_expired",environment="bad",request="admin"} 1
authdoctor_check_cause_info{cause="token_expired",environment="bad",request="orders"} 1
`},
		{"authdoctor_checks_total", m.checks, `
# HELP authdoctor_checks_total Checks run, by the cause of their verdict.
# TYPE authdoctor_checks_total counter
authdoctor_checks_total{cause="accepted",environment="good",request="orders"} 2
authdoctor_checks_total{cause="insufficient_scope",environment="good",request="admin"} 2
authdoctor_checks_total{cause="token_expired",environment="bad",request="admin"} 2
authdoctor_checks_total{cause="token_expired",environment="bad",request="orders"} 2
`},
		{"authdoctor_check_errors_total", m.errors, `
# HELP authdoctor_check_errors_total Checks that could not be made at all (the request could not be built); they have no verdict.
# TYPE authdoctor_check_errors_total counter
authdoctor_check_errors_total{environment="good",request="missing"} 2
`},
		{"authdoctor_credential_expiry_timestamp_seconds", m.expiry, fmt.Sprintf(`
# HELP authdoctor_credential_expiry_timestamp_seconds When the credential of the last check expires (a JWT's exp), as a Unix time; absent when unknown.
# TYPE authdoctor_credential_expiry_timestamp_seconds gauge
authdoctor_credential_expiry_timestamp_seconds{environment="bad",request="admin"} %[2]d
authdoctor_credential_expiry_timestamp_seconds{environment="bad",request="orders"} %[2]d
authdoctor_credential_expiry_timestamp_seconds{environment="good",request="admin"} %[1]d
authdoctor_credential_expiry_timestamp_seconds{environment="good",request="orders"} %[1]d
`, jwtExp(t, tl.ok), jwtExp(t, tl.expired))},
		{"authdoctor_check_last_run_timestamp_seconds", m.lastRun, `
# HELP authdoctor_check_last_run_timestamp_seconds When the last check started, as a Unix time.
# TYPE authdoctor_check_last_run_timestamp_seconds gauge
authdoctor_check_last_run_timestamp_seconds{environment="bad",request="admin"} ` + ts + `
authdoctor_check_last_run_timestamp_seconds{environment="bad",request="orders"} ` + ts + `
authdoctor_check_last_run_timestamp_seconds{environment="good",request="admin"} ` + ts + `
authdoctor_check_last_run_timestamp_seconds{environment="good",request="missing"} ` + ts + `
authdoctor_check_last_run_timestamp_seconds{environment="good",request="orders"} ` + ts + `
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := testutil.CollectAndCompare(tc.c, strings.NewReader(tc.want), tc.name); err != nil {
				t.Error(err)
			}
			if problems, err := testutil.CollectAndLint(tc.c); err != nil || len(problems) > 0 {
				t.Errorf("lint: %v %v", problems, err)
			}
		})
	}
	if jwtExp(t, tl.ok) != labNow.Add(time.Hour).Unix() {
		t.Errorf("the lab's ok token expires at %d, an hour after labNow is %d", jwtExp(t, tl.ok), labNow.Add(time.Hour).Unix())
	}
	// Every answer by status code: the lab answers the unauthenticated
	// baseline 401, then the request as written.
	t.Run("authdoctor_http_responses_total", func(t *testing.T) {
		got := responsesByTarget(t, w)
		want := map[string]string{
			"orders@good": "200:2 401:2",
			"admin@good":  "401:2 403:2",
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: responses %q, want %q (all: %v)", k, got[k], v, got)
			}
		}
		if _, ok := got["missing@good"]; ok {
			t.Error("a check that was not made counted responses")
		}
		if problems, err := testutil.CollectAndLint(m.responses); err != nil || len(problems) > 0 {
			t.Errorf("lint: %v %v", problems, err)
		}
	})
	t.Run("authdoctor_check_duration_seconds", func(t *testing.T) {
		if n := testutil.CollectAndCount(m.duration, "authdoctor_check_duration_seconds"); n != 4 {
			t.Errorf("%d duration series, want 4 (one per target with a verdict)", n)
		}
		if problems, err := testutil.CollectAndLint(m.duration); err != nil || len(problems) > 0 {
			t.Errorf("lint: %v %v", problems, err)
		}
	})
	t.Run("whole registry lints", func(t *testing.T) {
		if problems, err := testutil.GatherAndLint(w.reg); err != nil || len(problems) > 0 {
			t.Errorf("lint: %v %v", problems, err)
		}
	})
	t.Run("authdoctor_watch_targets", func(t *testing.T) {
		want := `
# HELP authdoctor_watch_targets Targets (request × environment) watched, by state: pending (not run yet), healthy, failing.
# TYPE authdoctor_watch_targets gauge
authdoctor_watch_targets{state="failing"} 3
authdoctor_watch_targets{state="healthy"} 2
authdoctor_watch_targets{state="pending"} 0
`
		if err := testutil.CollectAndCompare(w.watch.targets, strings.NewReader(want)); err != nil {
			t.Error(err)
		}
	})
}

// responsesByTarget reads authdoctor_http_responses_total as
// "request@env" → "code:n code:n".
func responsesByTarget(t *testing.T, w *Watcher) map[string]string {
	t.Helper()
	mfs, err := w.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]string{}
	for _, mf := range mfs {
		if mf.GetName() != "authdoctor_http_responses_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			l := map[string]string{}
			for _, lp := range m.GetLabel() {
				l[lp.GetName()] = lp.GetValue()
			}
			k := l[labelRequest] + "@" + l[labelEnvironment]
			parts[k] = append(parts[k], fmt.Sprintf("%s:%.0f", l[labelCode], m.GetCounter().GetValue()))
		}
	}
	out := map[string]string{}
	for k, v := range parts {
		sort.Strings(v)
		out[k] = strings.Join(v, " ")
	}
	return out
}

// A cause that changes leaves one cause_info series, the new one.
func TestCauseInfoFollowsTheVerdict(t *testing.T) {
	t.Parallel()
	tl := startLab(t)
	c := newChecker(tl)
	ld := &loader{}
	ld.set([]Target{{Request: "orders", Environment: "rotating"}}, nil)
	w, _ := newWatcher(t, ld, c.check, newFakeClock(labNow), nil)
	ctx := context.Background()
	for _, tok := range []string{tl.ok, tl.expired} {
		c.mu.Lock()
		c.token["rotating"] = tok
		c.mu.Unlock()
		if _, err := w.Once(ctx); err != nil {
			t.Fatal(err)
		}
	}
	want := `
# HELP authdoctor_check_cause_info The cause of the last check's verdict (docs/causes.md): 1 for the current cause only.
# TYPE authdoctor_check_cause_info gauge
authdoctor_check_cause_info{cause="token_expired",environment="rotating",request="orders"} 1
`
	if err := testutil.CollectAndCompare(w.metrics.causeInfo, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
	r := w.Status().Targets[0]
	if r.State != StateFailing || r.Runs != 2 || len(r.Recent) != 2 || !r.Recent[0].Healthy || r.Recent[1].Healthy {
		t.Errorf("status after ok then expired: %+v", r)
	}
}
