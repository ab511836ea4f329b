package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/internal/cli"
	"github.com/authdoctor/authdoctor/internal/promtest"
	"github.com/authdoctor/authdoctor/lab"
)

const (
	// dataTimeout bounds the wait for every expression to return data:
	// watch checks every second and Prometheus scrapes and evaluates
	// every second, so a few seconds are enough; the rest is for a loaded
	// machine.
	dataTimeout = 90 * time.Second
	// pollEvery is the pause between two rounds of queries.
	pollEvery = 250 * time.Millisecond
)

// TestEndToEnd: the lab, a real authdoctor watch checking it every
// second (one request that works, one whose token has expired, one whose
// request cannot be built), and a real Prometheus scraping watch's
// /metrics (job authdoctor), its /probe with the relabelling of
// docs/monitoring.md (job authdoctor-probe), authdoctor logs --follow on
// an access log the test keeps writing (job authdoctor-logs), and a watch
// that does not answer (a listener that never accepts). Every dashboard expression and
// every alerting and recording rule's expression, as Prometheus loaded
// them, returns data; an alert without for: fires.
func TestEndToEnd(t *testing.T) {
	t.Parallel()
	promtest.Require(t)
	l, err := lab.Start(context.Background(), lab.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	addr := startWatch(t, l)
	logsAddr := startLogsFollow(t)

	// A watch that hangs: connections are queued and never answered, so
	// its scrapes time out and up is 0.
	hung, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hung.Close() })

	prom := promtest.Start(t, promtest.Config{
		RuleFiles: []string{rulesFile},
		Jobs: []promtest.Job{
			{Name: "authdoctor", Targets: []string{addr, hung.Addr().String()}},
			{Name: "authdoctor-probe", MetricsPath: "/probe",
				Targets:        []string{"orders.list@lab", "orders.expired@lab"},
				RelabelConfigs: docProbeRelabel(t, addr)},
			{Name: "authdoctor-logs", Targets: []string{logsAddr}},
		},
	})
	// A Prometheus with the rules and no watch at all, where
	// AuthdoctorWatchAbsent's expression has data.
	bare := promtest.Start(t, promtest.Config{RuleFiles: []string{rulesFile}})

	ctx := context.Background()
	rules, err := prom.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(readRules(t)); len(rules) != want {
		t.Fatalf("Prometheus loaded %d rules, %s has %d", len(rules), rulesFile, want)
	}
	type query struct{ where, expr string }
	var queries []query
	for _, e := range dashboardExprs(t) {
		queries = append(queries, query{"panel " + e.Where, grafanaVariables.Replace(e.Expr)})
	}
	var onlyBare []query
	for _, r := range rules {
		q := query{r.Type + " rule " + r.Name + " (" + r.Labels["severity"] + ")", r.Query}
		if r.Name == "AuthdoctorWatchAbsent" {
			onlyBare = append(onlyBare, q)
			continue
		}
		queries = append(queries, q)
	}
	// authdoctor_http_requests_total comes from logs --follow on a log
	// the test keeps writing (startLogsFollow): those expressions return
	// data too.
	pending := queries
	t.Logf("%d expressions must return data, %d need a Prometheus without watch", len(pending), len(onlyBare))
	qctx, cancel := context.WithTimeout(ctx, dataTimeout)
	defer cancel()
	for len(pending) > 0 && qctx.Err() == nil {
		var still []query
		for _, q := range pending {
			got, err := prom.Query(qctx, q.expr)
			if err != nil && qctx.Err() == nil {
				t.Fatalf("%s: %v", q.where, err)
			}
			if len(got) == 0 {
				still = append(still, q)
			}
		}
		pending = still
		if len(pending) > 0 {
			select {
			case <-qctx.Done():
			case <-time.After(pollEvery):
			}
		}
	}
	for _, q := range pending {
		t.Errorf("%s returned no data within %v:\n%s", q.where, dataTimeout, q.expr)
	}
	for _, q := range onlyBare {
		if got, err := prom.Query(ctx, q.expr); err != nil || len(got) != 0 {
			t.Errorf("%s with watch scraped: %v, %v; want no data", q.where, got, err)
		}
		bare.Eventually(t, q.expr, dataTimeout)
	}

	// What the series say: the working request succeeds, the expired one
	// fails with token_expired, each in the schedule and in /probe.
	for _, c := range []struct {
		expr string
		want float64
	}{
		{`authdoctor_check_success{job="authdoctor", request="orders.list", environment="lab"}`, 1},
		{`authdoctor_check_success{job="authdoctor", request="orders.expired", environment="lab"}`, 0},
		{`authdoctor_check_cause_info{job="authdoctor", request="orders.expired", cause="token_expired"}`, 1},
		{`authdoctor_check_success{job="authdoctor-probe", instance="orders.list@lab", request="orders.list"}`, 1},
		{`authdoctor_check_cause_info{job="authdoctor-probe", instance="orders.expired@lab", cause="token_expired"}`, 1},
		{`up{job="authdoctor", instance="` + hung.Addr().String() + `"}`, 0},
	} {
		got := prom.Eventually(t, c.expr, dataTimeout)
		if len(got) != 1 || got[0].Value != c.want {
			t.Errorf("%s = %+v, want one sample %g", c.expr, got, c.want)
		}
	}

	// AuthdoctorCredentialExpiring has no for:, so Prometheus fires it at
	// once: the working request's token expires within the hour.
	actx, acancel := context.WithTimeout(ctx, dataTimeout)
	defer acancel()
	var alerts []promtest.Alert
	for actx.Err() == nil && !firing(alerts, "AuthdoctorCredentialExpiring", "critical", "orders.list") {
		if alerts, err = prom.Alerts(actx); err != nil && actx.Err() == nil {
			t.Fatal(err)
		}
		select {
		case <-actx.Done():
		case <-time.After(pollEvery):
		}
	}
	if !firing(alerts, "AuthdoctorCredentialExpiring", "critical", "orders.list") {
		t.Errorf("AuthdoctorCredentialExpiring (critical) for orders.list is not firing: %+v", alerts)
	}
}

// firing reports whether alerts hold the named alert, firing, for request.
func firing(alerts []promtest.Alert, name, severity, request string) bool {
	for _, a := range alerts {
		if a.Labels["alertname"] == name && a.Labels["severity"] == severity && a.Labels["request"] == request && a.State == "firing" {
			return true
		}
	}
	return false
}

// startWatch runs authdoctor watch against l on a loopback port of its
// choosing, every second, and returns the address it serves on (read
// from its "serving" log line). It stops watch in t.Cleanup.
// startLogsFollow runs authdoctor logs --follow on an access log that a
// goroutine writes to until the test ends — a line every 100 ms, one in
// two a 401 on /v1/orders/{id} in sandbox — and returns the address of
// its /metrics.
func startLogsFollow(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "access.log")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	logs := &followLog{addr: make(chan string, 1)}
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: logs,
		Lookup: func(string) (string, bool) { return "", false }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"logs", "--follow", path, "--listen", "127.0.0.1:0", "--from-start"}, env)
	}()
	stopWriting := make(chan struct{})
	written := make(chan struct{})
	go func() {
		defer close(written)
		f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return
		}
		defer f.Close()
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			code := 200
			if i%2 == 0 {
				code = 401
			}
			line := "api.sandbox.example.com:443 192.0.2.1 - - [04/Dec/2026:10:00:00 +0000] \"GET /v1/orders/" +
				strconv.Itoa(i) + " HTTP/1.1\" " + strconv.Itoa(code) + " 1 \"-\" \"ua\"\n"
			if _, err := f.WriteString(line); err != nil {
				return
			}
			select {
			case <-stopWriting:
				return
			case <-tick.C:
			}
		}
	}()
	t.Cleanup(func() {
		close(stopWriting)
		<-written
		cancel()
		if code := <-done; code != cli.ExitOK {
			t.Errorf("logs --follow exited %d:\n%s", code, logs.String())
		}
	})
	select {
	case addr := <-logs.addr:
		return addr
	case code := <-done:
		done <- code
		t.Fatalf("logs --follow exited %d before serving:\n%s", code, logs.String())
	case <-time.After(dataTimeout):
		t.Fatalf("logs --follow did not serve within %v:\n%s", dataTimeout, logs.String())
	}
	return ""
}

// followLog is logs --follow's stderr: it sends the address of its
// "metrics on http://ADDR/metrics" line once.
type followLog struct {
	mu   sync.Mutex
	b    bytes.Buffer
	addr chan string
	sent bool
}

func (f *followLog) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.b.Write(p)
	if !f.sent {
		s := f.b.String()
		if i := strings.Index(s, "metrics on http://"); i >= 0 {
			rest := s[i+len("metrics on http://"):]
			if j := strings.Index(rest, "/metrics"); j > 0 {
				f.addr <- rest[:j]
				f.sent = true
			}
		}
	}
	return len(p), nil
}

func (f *followLog) String() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.b.String()
}

func startWatch(t *testing.T, l *lab.Lab) string {
	t.Helper()
	token := func(scenario string) string {
		s, ok := l.Scenario(scenario)
		if !ok {
			t.Fatalf("no lab scenario %s", scenario)
		}
		return strings.TrimSpace(s.Env["LAB_TOKEN"])
	}
	profile := filepath.Join(t.TempDir(), "authdoctor.yaml")
	yaml := `environments:
  lab:
    base_url: ` + l.URL() + `
    headers:
      Authorization: Bearer $LAB_TOKEN
requests:
  orders.list:
    path: /api/orders
  orders.expired:
    path: /api/orders
    headers:
      Authorization: Bearer $EXPIRED_TOKEN
  orders.unbuildable:
    path: /api/orders
    headers:
      X-Trace: ${unclosed
`
	if err := os.WriteFile(profile, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"LAB_TOKEN": token("ok"), "EXPIRED_TOKEN": token("expired"), "XDG_STATE_HOME": t.TempDir()}
	logs := &serveLog{addr: make(chan string, 1)}
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: logs,
		Lookup: func(k string) (string, bool) { v, ok := vars[k]; return v, ok }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"watch", "--config", profile, "--listen", "127.0.0.1:0",
			"--every", "1s", "--jitter", "0", "--log-format", "json"}, env)
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != cli.ExitOK {
			t.Errorf("watch exited %d:\n%s", code, logs.String())
		}
	})
	select {
	case addr := <-logs.addr:
		return addr
	case code := <-done:
		done <- code
		t.Fatalf("watch exited %d before serving:\n%s", code, logs.String())
	case <-time.After(dataTimeout):
		t.Fatalf("watch did not serve within %v:\n%s", dataTimeout, logs.String())
	}
	return ""
}

// serveLog is watch's stderr: it keeps the JSON log lines and sends the
// address of the "serving" line once.
type serveLog struct {
	mu   sync.Mutex
	b    bytes.Buffer
	addr chan string
	sent bool
}

func (s *serveLog) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Write(p)
	if !s.sent {
		for _, line := range strings.Split(s.b.String(), "\n") {
			var rec struct {
				Msg     string `json:"msg"`
				Address string `json:"address"`
			}
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "serving" && rec.Address != "" {
				s.addr <- rec.Address
				s.sent = true
				break
			}
		}
	}
	return len(p), nil
}

func (s *serveLog) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
