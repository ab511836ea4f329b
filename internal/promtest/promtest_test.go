package promtest

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// exporter serves a fixed page in Prometheus' text exposition format on a
// loopback port, a stand-in target for testing this package alone (the
// deploy tests scrape the real authdoctor watch).
func exporter(t *testing.T, page string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		w.Write([]byte(page))
	}), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

const page = `# HELP example_success Whether the check had its expected outcome.
# TYPE example_success gauge
example_success{request="orders.list",environment="production"} 0
example_success{request="orders.list",environment="sandbox"} 1
# HELP example_checks_total Checks run.
# TYPE example_checks_total counter
example_checks_total{request="orders.list",environment="production"} 3
example_checks_total{request="orders.list",environment="sandbox"} 4
`

// TestServer: a real Prometheus scrapes a loopback target, evaluates a
// rule file and answers queries, rules and alerts through its HTTP API.
func TestServer(t *testing.T) {
	t.Parallel()
	addr := exporter(t, page)
	srv := Start(t, Config{
		Jobs:      []Job{{Name: "example", Targets: []string{addr}}},
		RuleFiles: []string{filepath.Join("testdata", "rules.yml")},
	})
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Errorf("URL %s, want a loopback address", srv.URL)
	}
	got := srv.Eventually(t, `example_success{environment="production"}`, 30*time.Second)
	if len(got) != 1 || got[0].Value != 0 || got[0].Metric["job"] != "example" || got[0].Metric["instance"] != addr {
		t.Errorf("example_success{environment=production}: %+v", got)
	}
	sum := srv.Eventually(t, `job:example_checks:sum`, 30*time.Second)
	if len(sum) != 1 || sum[0].Value != 7 {
		t.Errorf("recorded job:example_checks:sum: %+v, want 7", sum)
	}
	ctx := context.Background()
	if s, err := srv.Query(ctx, `scalar(example_success{environment="sandbox"})`); err != nil || len(s) != 1 || s[0].Value != 1 || s[0].Metric != nil {
		t.Errorf("scalar query: %+v, %v", s, err)
	}
	if s, err := srv.Query(ctx, `example_success{environment="staging"}`); err != nil || len(s) != 0 {
		t.Errorf("query matching nothing: %+v, %v; want no samples and no error", s, err)
	}
	if _, err := srv.Query(ctx, `sum by (`); err == nil || !strings.Contains(err.Error(), "bad_data") {
		t.Errorf("a bad expression: %v, want Prometheus' bad_data error", err)
	}
	rules, err := srv.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 2 || rules[0].Type != "recording" || rules[1].Name != "ExampleFailing" || rules[1].Query != "example_success == 0" {
		t.Errorf("rules: %+v", rules)
	}
	var alerts []Alert
	deadline := time.Now().Add(30 * time.Second)
	for len(alerts) == 0 && time.Now().Before(deadline) {
		if alerts, err = srv.Alerts(ctx); err != nil {
			t.Fatal(err)
		}
		if len(alerts) == 0 {
			<-time.After(pollBackoff)
		}
	}
	if len(alerts) != 1 || alerts[0].State != "firing" || alerts[0].Annotations["summary"] != "orders.list fails" {
		t.Errorf("alerts: %+v, want ExampleFailing firing for production", alerts)
	}
}

// TestConfig: the generated configuration carries the jobs, their
// parameters and relabelling, and absolute rule paths.
func TestConfig(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "prometheus.yml")
	err := writeConfig(p, Config{Interval: 2 * time.Second, RuleFiles: []string{"a.yml"}, Jobs: []Job{{
		Name: "probe", Targets: []string{"orders.list/production"}, MetricsPath: "/probe",
		Params:         map[string][]string{"x": {"1"}},
		RelabelConfigs: []map[string]any{{"target_label": "__address__", "replacement": "127.0.0.1:9464"}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("a.yml")
	for _, want := range []string{`"scrape_interval": "2s"`, `"evaluation_interval": "2s"`, `"job_name": "probe"`,
		`"metrics_path": "/probe"`, `"target_label": "__address__"`, `"` + abs + `"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("configuration lacks %s:\n%s", want, b)
		}
	}
}
