// Package promtest starts a real, throwaway Prometheus server for a test:
// Debian's /usr/bin/prometheus on a free loopback port, with a fresh
// temporary data directory and a configuration generated from the scrape
// jobs and rule files the test gives. The test then asks it instant
// queries, its rules and its alerts through the HTTP API (/api/v1/...),
// the way Grafana and Alertmanager see it.
//
// Prometheus and promtool come from Debian's prometheus package,
// Alertmanager and amtool from prometheus-alertmanager (both installed by
// .ci/run). StartAlertmanager starts a real Alertmanager the same way. Without them the tests skip, except under CI=true, where
// they fail.
package promtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/internal/syncbuf"
)

const (
	// DefaultInterval is the scrape and rule evaluation interval when
	// Config.Interval is zero: short, so that a test sees a second sample
	// (what rate() needs) a second after the first.
	DefaultInterval = time.Second
	// readyTries × readyBackoff bounds the wait for a starting server:
	// 30 s, about twenty times what Prometheus takes on a 2-core machine.
	readyTries   = 300
	readyBackoff = 100 * time.Millisecond
	// pollBackoff is the pause between two queries of Eventually.
	pollBackoff = 100 * time.Millisecond
	// portTries is how often Start picks another port when the one it
	// chose was taken between choosing it and Prometheus binding it.
	portTries = 3
	// stopGrace is how long Prometheus has to shut down cleanly after
	// SIGTERM before its process group is killed.
	stopGrace = 5 * time.Second
	// requestTimeout bounds one HTTP API call.
	requestTimeout = 10 * time.Second
)

// Job is one scrape job of the generated configuration.
type Job struct {
	// Name is the job's name, the job label of its series ("authdoctor").
	Name string
	// Targets are host:port addresses scraped over plain HTTP.
	Targets []string
	// MetricsPath is the path scraped; "" means /metrics.
	MetricsPath string
	// Params are the URL query parameters of every scrape, as in
	// Prometheus' params: (nil: none).
	Params map[string][]string
	// RelabelConfigs are Prometheus relabel_configs entries, written into
	// the configuration as given (field names as in Prometheus'
	// documentation: source_labels, target_label, replacement, ...).
	RelabelConfigs []map[string]any
}

// Config is what the server is started with. The zero value is a server
// with no scrape job and no rules.
type Config struct {
	// Jobs are the scrape jobs.
	Jobs []Job
	// RuleFiles are rule files (alerting and recording), loaded as they
	// are; relative paths are relative to the test's working directory.
	RuleFiles []string
	// Interval is the scrape and evaluation interval; zero means
	// DefaultInterval.
	Interval time.Duration
}

// Server is a running Prometheus.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:PORT.
	URL    string
	client *http.Client
}

// Sample is one element of a query result. A scalar result is one Sample
// with a nil Metric.
type Sample struct {
	Metric map[string]string
	Value  float64
}

// Rule is a loaded alerting or recording rule, as /api/v1/rules lists it.
type Rule struct {
	// Group is the rule group's name.
	Group string
	// Type is "alerting" or "recording".
	Type string
	// Name is the alert's name or the recorded series' name.
	Name string
	// Query is the rule's PromQL expression.
	Query string
	// Duration is the alert's for:, zero for recording rules.
	Duration time.Duration
	// Health is "ok", "err" or "unknown" (not evaluated yet).
	Health    string
	LastError string
	Labels    map[string]string
}

// Alert is an active (pending or firing) alert, as /api/v1/alerts lists it.
type Alert struct {
	Labels      map[string]string
	Annotations map[string]string
	// State is "pending" or "firing".
	State string
	Value string
}

// Binary returns the path of the prometheus program, or "".
func Binary() string { return lookPath("prometheus") }

// Require skips t (or fails it under CI=true) when Prometheus is not
// installed: for a test that must know before it starts what Prometheus
// will scrape.
func Require(t testing.TB) {
	t.Helper()
	if Binary() == "" {
		missing(t, "prometheus")
	}
}

// Promtool returns the path of promtool, skipping t (or failing it under
// CI=true) when it is not installed.
func Promtool(t testing.TB) string {
	t.Helper()
	p := lookPath("promtool")
	if p == "" {
		missing(t, "promtool")
	}
	return p
}

// Amtool returns the path of Alertmanager's amtool, skipping t (or
// failing it under CI=true) when it is not installed (Debian's
// prometheus-alertmanager package).
func Amtool(t testing.TB) string {
	t.Helper()
	p := lookPath("amtool")
	if p == "" {
		missingPackage(t, "amtool", "prometheus-alertmanager")
	}
	return p
}

func lookPath(name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if p := filepath.Join("/usr/bin", name); isExecutable(p) {
		return p
	}
	return ""
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

func missing(t testing.TB, name string) {
	t.Helper()
	missingPackage(t, name, "prometheus")
}

func missingPackage(t testing.TB, name, pkg string) {
	t.Helper()
	msg := name + " is not installed: apt-get install -y " + pkg + " to run the Prometheus tests"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + " (CI=true: .ci/run installs it, so its absence is a failure)")
	}
	t.Skip(msg)
}

// Start starts a Prometheus for t with cfg, waits until it is ready
// (/-/ready answers 200) and stops it in t.Cleanup. Without Prometheus
// installed it skips t, or fails it when CI=true.
func Start(t testing.TB, cfg Config) *Server {
	t.Helper()
	bin := Binary()
	if bin == "" {
		missing(t, "prometheus")
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "prometheus.yml")
	if err := writeConfig(conf, cfg); err != nil {
		t.Fatalf("write the Prometheus configuration: %v", err)
	}
	url := run(t, "prometheus", bin, dir, func(addr string, try int) []string {
		return []string{
			"--config.file=" + conf,
			"--storage.tsdb.path=" + filepath.Join(dir, "data"+strconv.Itoa(try)),
			"--storage.tsdb.retention.time=1h",
			"--web.listen-address=" + addr,
			"--log.level=info",
		}
	})
	return &Server{URL: url, client: &http.Client{Timeout: requestTimeout}}
}

// AlertmanagerBinary returns the path of Alertmanager (Debian names it
// prometheus-alertmanager), or "".
func AlertmanagerBinary() string {
	if p := lookPath("prometheus-alertmanager"); p != "" {
		return p
	}
	return lookPath("alertmanager")
}

// StartAlertmanager starts an Alertmanager for t with the configuration
// file config, on a free loopback port with clustering off and a
// temporary storage directory; it waits until it is ready and stops it in
// t.Cleanup, and returns its base URL. Without Alertmanager installed it
// skips t, or fails it when CI=true.
func StartAlertmanager(t testing.TB, config string) string {
	t.Helper()
	bin := AlertmanagerBinary()
	if bin == "" {
		missingPackage(t, "alertmanager", "prometheus-alertmanager")
	}
	dir := t.TempDir()
	abs, err := filepath.Abs(config)
	if err != nil {
		t.Fatal(err)
	}
	return run(t, "alertmanager", bin, dir, func(addr string, try int) []string {
		return []string{
			"--config.file=" + abs,
			"--storage.path=" + filepath.Join(dir, "data"+strconv.Itoa(try)),
			"--web.listen-address=" + addr,
			"--cluster.listen-address=", // no gossip port: a single instance
			"--log.level=info",
		}
	})
}

// run starts the server program bin with args on a port chosen now and
// returns its base URL once /-/ready answers 200; it stops the server in
// t.Cleanup. It tries another port when the chosen one was taken between
// choosing it and the server binding it.
func run(t testing.TB, name, bin, dir string, args func(addr string, try int) []string) string {
	t.Helper()
	for try := 1; ; try++ {
		url, taken, err := runOnce(t, name, bin, dir, args, try)
		if err == nil {
			return url
		}
		if !taken || try == portTries {
			t.Fatal(err)
		}
	}
}

func runOnce(t testing.TB, name, bin, dir string, args func(string, int) []string, try int) (url string, taken bool, err error) {
	addr, err := freePort()
	if err != nil {
		return "", false, err
	}
	var output syncBuffer
	cmd := exec.Command(bin, args(addr, try)...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C", "LC_ALL=C"}
	cmd.Stdout, cmd.Stderr = &output, &output
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return "", false, fmt.Errorf("start %s: %w", name, err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	stop := func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(stopGrace):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	}
	url = "http://" + addr
	client := &http.Client{Timeout: requestTimeout}
	for range readyTries {
		if ready(client, url) {
			t.Cleanup(stop)
			return url, false, nil
		}
		select {
		case <-exited:
			out := output.String()
			return "", strings.Contains(out, "address already in use"),
				fmt.Errorf("%s exited before it was ready (%v):\n%s", name, cmd.ProcessState, out)
		case <-time.After(readyBackoff):
		}
	}
	stop()
	return "", false, fmt.Errorf("%s not ready after %d polls:\n%s", name, readyTries, output.String())
}

func ready(client *http.Client, url string) bool {
	resp, err := client.Get(url + "/-/ready")
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// freePort returns a loopback address no one listened on a moment ago.
func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("pick a port for prometheus: %w", err)
	}
	addr := ln.Addr().String()
	return addr, ln.Close()
}

// writeConfig writes cfg as Prometheus' YAML configuration. JSON is YAML,
// so encoding/json writes it.
func writeConfig(path string, cfg Config) error {
	interval := cfg.Interval
	if interval == 0 {
		interval = DefaultInterval
	}
	every := interval.String()
	type staticConfig struct {
		Targets []string `json:"targets"`
	}
	type scrapeConfig struct {
		JobName        string              `json:"job_name"`
		MetricsPath    string              `json:"metrics_path,omitempty"`
		Params         map[string][]string `json:"params,omitempty"`
		StaticConfigs  []staticConfig      `json:"static_configs"`
		RelabelConfigs []map[string]any    `json:"relabel_configs,omitempty"`
	}
	doc := struct {
		Global struct {
			ScrapeInterval     string `json:"scrape_interval"`
			ScrapeTimeout      string `json:"scrape_timeout"`
			EvaluationInterval string `json:"evaluation_interval"`
		} `json:"global"`
		RuleFiles     []string       `json:"rule_files"`
		ScrapeConfigs []scrapeConfig `json:"scrape_configs"`
	}{RuleFiles: []string{}, ScrapeConfigs: []scrapeConfig{}}
	doc.Global.ScrapeInterval, doc.Global.ScrapeTimeout, doc.Global.EvaluationInterval = every, every, every
	for _, f := range cfg.RuleFiles {
		abs, err := filepath.Abs(f)
		if err != nil {
			return err
		}
		doc.RuleFiles = append(doc.RuleFiles, abs)
	}
	for _, j := range cfg.Jobs {
		doc.ScrapeConfigs = append(doc.ScrapeConfigs, scrapeConfig{
			JobName: j.Name, MetricsPath: j.MetricsPath, Params: j.Params,
			StaticConfigs:  []staticConfig{{Targets: append([]string{}, j.Targets...)}},
			RelabelConfigs: j.RelabelConfigs,
		})
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// Query runs an instant query at the server's current time and returns
// its result: the samples of a vector, or one Sample for a scalar. An
// empty vector is an empty result, not an error; a bad expression is an
// error carrying Prometheus' message.
func (s *Server) Query(ctx context.Context, expr string) ([]Sample, error) {
	var data struct {
		ResultType string          `json:"resultType"`
		Result     json.RawMessage `json:"result"`
	}
	if err := s.get(ctx, "/api/v1/query", url.Values{"query": {expr}}, &data); err != nil {
		return nil, fmt.Errorf("query %s: %w", expr, err)
	}
	switch data.ResultType {
	case "vector":
		var vec []struct {
			Metric map[string]string `json:"metric"`
			Value  [2]any            `json:"value"`
		}
		if err := json.Unmarshal(data.Result, &vec); err != nil {
			return nil, fmt.Errorf("query %s: decode vector: %w", expr, err)
		}
		out := make([]Sample, 0, len(vec))
		for _, v := range vec {
			f, err := sampleValue(v.Value)
			if err != nil {
				return nil, fmt.Errorf("query %s: %w", expr, err)
			}
			out = append(out, Sample{Metric: v.Metric, Value: f})
		}
		return out, nil
	case "scalar":
		var v [2]any
		if err := json.Unmarshal(data.Result, &v); err != nil {
			return nil, fmt.Errorf("query %s: decode scalar: %w", expr, err)
		}
		f, err := sampleValue(v)
		if err != nil {
			return nil, fmt.Errorf("query %s: %w", expr, err)
		}
		return []Sample{{Value: f}}, nil
	default:
		return nil, fmt.Errorf("query %s: result type %q, want vector or scalar", expr, data.ResultType)
	}
}

// sampleValue reads the [time, "value"] pair of the API.
func sampleValue(v [2]any) (float64, error) {
	s, ok := v[1].(string)
	if !ok {
		return 0, fmt.Errorf("sample value %v is not a string", v[1])
	}
	return strconv.ParseFloat(s, 64)
}

// Eventually runs expr until it returns at least one sample and returns
// those, failing t when it returns none within timeout (or the query is
// invalid). It is how a test waits for the first scrapes and rule
// evaluations without sleeping a fixed time.
func (s *Server) Eventually(t testing.TB, expr string, timeout time.Duration) []Sample {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for {
		got, err := s.Query(ctx, expr)
		if err != nil && ctx.Err() == nil {
			t.Fatal(err)
		}
		if len(got) > 0 {
			return got
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s returned no data within %v", expr, timeout)
			return nil
		case <-time.After(pollBackoff):
		}
	}
}

// Rules returns every loaded rule, in the order of its groups and files.
func (s *Server) Rules(ctx context.Context) ([]Rule, error) {
	var data struct {
		Groups []struct {
			Name  string `json:"name"`
			Rules []struct {
				Type      string            `json:"type"`
				Name      string            `json:"name"`
				Query     string            `json:"query"`
				Duration  float64           `json:"duration"`
				Health    string            `json:"health"`
				LastError string            `json:"lastError"`
				Labels    map[string]string `json:"labels"`
			} `json:"rules"`
		} `json:"groups"`
	}
	if err := s.get(ctx, "/api/v1/rules", nil, &data); err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	var out []Rule
	for _, g := range data.Groups {
		for _, r := range g.Rules {
			out = append(out, Rule{Group: g.Name, Type: r.Type, Name: r.Name, Query: r.Query,
				Duration: time.Duration(r.Duration * float64(time.Second)),
				Health:   r.Health, LastError: r.LastError, Labels: r.Labels})
		}
	}
	return out, nil
}

// Alerts returns the active alerts, pending and firing.
func (s *Server) Alerts(ctx context.Context) ([]Alert, error) {
	var data struct {
		Alerts []Alert `json:"alerts"`
	}
	if err := s.get(ctx, "/api/v1/alerts", nil, &data); err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	return data.Alerts, nil
}

// get calls the HTTP API and decodes the data of a success envelope.
func (s *Server) get(ctx context.Context, path string, q url.Values, data any) error {
	u := s.URL + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var env struct {
		Status    string          `json:"status"`
		Data      json.RawMessage `json:"data"`
		ErrorType string          `json:"errorType"`
		Error     string          `json:"error"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return fmt.Errorf("%s: %s: not the API's JSON: %w", path, resp.Status, err)
	}
	if env.Status != "success" {
		return fmt.Errorf("%s: %s", env.ErrorType, env.Error)
	}
	if err := json.Unmarshal(env.Data, data); err != nil {
		return fmt.Errorf("decode %s: %w", path, err)
	}
	return nil
}

// syncBuffer is the output buffer of the helpers here (syncbuf.Buffer).
type syncBuffer = syncbuf.Buffer
