// Package deploy holds what authdoctor ships for a Prometheus fleet: the
// alerting and recording rules (prometheus/alerts.yml, with their unit
// tests alerts_test.yml), a Grafana dashboard (grafana/authdoctor.json)
// and an example Alertmanager configuration (alertmanager/). Its tests
// are the only Go code here: promtool on the rules, amtool on the
// routes, the dashboard's structure, and every expression evaluated by a
// real Prometheus scraping a real authdoctor watch (docs/monitoring.md).
package deploy

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/authdoctor/authdoctor/internal/promtest"
)

const (
	rulesFile     = "prometheus/alerts.yml"
	rulesTestFile = "prometheus/alerts_test.yml"
	dashboardFile = "grafana/authdoctor.json"
	causesDoc     = "../docs/causes.md"
	// docsBase starts every link to the documentation in the rules and
	// the dashboard.
	docsBase = "https://github.com/authdoctor/authdoctor/blob/main/docs/"
)

// exportedMetrics are the series the rules and the dashboard may read:
// what authdoctor watch exports (monitor/), the access-log counter of
// authdoctor logs --follow, and Prometheus' own up.
var exportedMetrics = []string{
	"up",
	"authdoctor_check_success",
	"authdoctor_check_cause_info",
	"authdoctor_checks_total",
	"authdoctor_check_duration_seconds_bucket",
	"authdoctor_check_duration_seconds_sum",
	"authdoctor_check_duration_seconds_count",
	"authdoctor_credential_expiry_timestamp_seconds",
	"authdoctor_check_last_run_timestamp_seconds",
	"authdoctor_http_responses_total",
	"authdoctor_http_requests_total",
}

// TestPromtool: promtool accepts the rule file and its unit tests pass.
func TestPromtool(t *testing.T) {
	t.Parallel()
	promtool := promtest.Promtool(t)
	for _, args := range [][]string{{"check", "rules", rulesFile}, {"test", "rules", rulesTestFile}} {
		out, err := exec.Command(promtool, args...).CombinedOutput()
		if err != nil {
			t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// rule is one rule of alerts.yml.
type rule struct {
	Group       string            `yaml:"-"`
	Alert       string            `yaml:"alert"`
	Record      string            `yaml:"record"`
	Expr        string            `yaml:"expr"`
	For         string            `yaml:"for"`
	Labels      map[string]string `yaml:"labels"`
	Annotations map[string]string `yaml:"annotations"`
}

// name is the alert's or the recorded series' name.
func (r rule) name() string { return r.Alert + r.Record }

func readRules(t *testing.T) []rule {
	t.Helper()
	b, err := os.ReadFile(rulesFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Groups []struct {
			Name  string `yaml:"name"`
			Rules []rule `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", rulesFile, err)
	}
	var out []rule
	for _, g := range doc.Groups {
		for _, r := range g.Rules {
			r.Group = g.Name
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s has no rules", rulesFile)
	}
	return out
}

// TestRulesShape: every alert has a severity, a summary and a
// description; the failing-check alert carries the cause and links its
// fix; every link into docs/causes.md names a section there; rules read
// only exported or recorded series.
func TestRulesShape(t *testing.T) {
	t.Parallel()
	rules := readRules(t)
	known := slices.Clone(exportedMetrics)
	for _, r := range rules {
		if r.Record != "" {
			known = append(known, r.Record)
		}
	}
	for _, r := range rules {
		for _, m := range seriesNames(r.Expr) {
			if !slices.Contains(known, m) {
				t.Errorf("%s reads %s, which neither watch exports nor a rule records", r.name(), m)
			}
		}
		if r.Alert == "" {
			continue
		}
		if s := r.Labels["severity"]; s != "warning" && s != "critical" {
			t.Errorf("alert %s: severity %q, want warning or critical", r.Alert, s)
		}
		if r.Annotations["summary"] == "" || r.Annotations["description"] == "" {
			t.Errorf("alert %s lacks a summary or a description", r.Alert)
		}
		for _, a := range r.Annotations {
			checkDocLinks(t, "alert "+r.Alert, a)
		}
	}
	var failing *rule
	for i := range rules {
		if rules[i].Alert == "AuthdoctorCheckFailing" {
			failing = &rules[i]
		}
	}
	if failing == nil {
		t.Fatal("no alert AuthdoctorCheckFailing")
	}
	if !strings.Contains(failing.Expr, "group_left (cause)") || !strings.Contains(failing.Expr, "authdoctor_check_cause_info") {
		t.Errorf("AuthdoctorCheckFailing does not join the cause from authdoctor_check_cause_info:\n%s", failing.Expr)
	}
	if want := docsBase + "causes.md#{{ $labels.cause }}"; failing.Annotations["fix"] != want || failing.Annotations["cause"] != "{{ $labels.cause }}" {
		t.Errorf("AuthdoctorCheckFailing annotations cause %q, fix %q; want the cause and %s",
			failing.Annotations["cause"], failing.Annotations["fix"], want)
	}
}

// checkDocLinks fails t for a link into docs/causes.md whose anchor is
// not a heading there. A templated anchor ({{ $labels.cause }}) is a
// cause, and every cause has its section (TestCausesDocumented).
func checkDocLinks(t *testing.T, where, text string) {
	t.Helper()
	doc, err := os.ReadFile(causesDoc)
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^#+ (.+?)\s*$`).FindAllStringSubmatch(string(doc), -1) {
		anchors[anchor(m[1])] = true
	}
	for _, m := range regexp.MustCompile(`docs/causes\.md#([^\s"]*)`).FindAllStringSubmatch(text, -1) {
		a := m[1]
		if a == "{{" || strings.HasPrefix(a, "{{") || strings.HasPrefix(a, "${") {
			continue
		}
		if !anchors[a] {
			t.Errorf("%s links docs/causes.md#%s, which is no heading there", where, a)
		}
	}
	if strings.Contains(text, "causes.md") && !strings.Contains(text, docsBase+"causes.md") {
		t.Errorf("%s links causes.md elsewhere than %s", where, docsBase)
	}
}

// anchor is GitHub's anchor of a Markdown heading: lower case, spaces to
// hyphens, punctuation other than - and _ dropped.
func anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// seriesNames returns the authdoctor series an expression reads: its
// identifiers that contain authdoctor_ or a colon (recorded), or are up,
// outside quoted strings.
func seriesNames(expr string) []string {
	unquoted := regexp.MustCompile(`"(?:[^"\\]|\\.)*"`).ReplaceAllString(expr, `""`)
	var out []string
	for _, id := range regexp.MustCompile(`[a-zA-Z_:][a-zA-Z0-9_:]*`).FindAllString(unquoted, -1) {
		if (strings.Contains(id, "authdoctor_") || strings.Contains(id, ":") || id == "up") && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// TestRulesTested: alerts_test.yml has, for every alerting rule (an alert
// name and its severity), a case where it fires and one where it does
// not; every recording rule is read by another rule (and so evaluated
// by its tests) or by a promql_expr_test.
func TestRulesTested(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(rulesTestFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		RuleFiles []string `yaml:"rule_files"`
		Tests     []struct {
			Name       string `yaml:"name"`
			AlertTests []struct {
				EvalTime  string `yaml:"eval_time"`
				Alertname string `yaml:"alertname"`
				ExpAlerts []struct {
					ExpLabels map[string]string `yaml:"exp_labels"`
				} `yaml:"exp_alerts"`
			} `yaml:"alert_rule_test"`
			ExprTests []struct {
				Expr string `yaml:"expr"`
			} `yaml:"promql_expr_test"`
		} `yaml:"tests"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", rulesTestFile, err)
	}
	if !slices.Equal(doc.RuleFiles, []string{filepath.Base(rulesFile)}) {
		t.Errorf("%s tests %v, want [%s]", rulesTestFile, doc.RuleFiles, filepath.Base(rulesFile))
	}
	type key struct{ alert, severity string }
	fires, silent := map[key]bool{}, map[key]bool{}
	var exprs []string
	for _, tc := range doc.Tests {
		for _, at := range tc.AlertTests {
			seen := map[string]bool{}
			for _, a := range at.ExpAlerts {
				fires[key{at.Alertname, a.ExpLabels["severity"]}] = true
				seen[a.ExpLabels["severity"]] = true
			}
			// An expectation lists every alert of its name active then:
			// a severity it leaves out is asserted not to fire.
			for _, s := range []string{"warning", "critical"} {
				if !seen[s] {
					silent[key{at.Alertname, s}] = true
				}
			}
		}
		for _, e := range tc.ExprTests {
			exprs = append(exprs, e.Expr)
		}
	}
	rules := readRules(t)
	used := strings.Join(exprs, "\n")
	for _, r := range rules {
		used += "\n" + r.Expr
		if r.Alert != "" {
			k := key{r.Alert, r.Labels["severity"]}
			if !fires[k] {
				t.Errorf("%s: no case where %s (%s) fires", rulesTestFile, r.Alert, k.severity)
			}
			if !silent[k] {
				t.Errorf("%s: no case where %s (%s) does not fire", rulesTestFile, r.Alert, k.severity)
			}
		}
	}
	for _, r := range rules {
		if r.Record != "" && !slices.Contains(seriesNames(used), r.Record) {
			t.Errorf("recording rule %s is read by no rule and no promql_expr_test", r.Record)
		}
	}
}

// panelExpr is one query of the dashboard.
type panelExpr struct {
	// Where names it: the panel's title and the target's refId.
	Where string
	// Expr is the PromQL as written, with Grafana's variables.
	Expr string
}

// dashboard is the part of a Grafana dashboard the tests read.
type dashboard struct {
	UID        string `json:"uid"`
	Title      string `json:"title"`
	Templating struct {
		List []struct {
			Name       string          `json:"name"`
			Type       string          `json:"type"`
			Query      json.RawMessage `json:"query"`
			Datasource *datasource     `json:"datasource"`
		} `json:"list"`
	} `json:"templating"`
	Panels []struct {
		ID         int         `json:"id"`
		Type       string      `json:"type"`
		Title      string      `json:"title"`
		Datasource *datasource `json:"datasource"`
		Targets    []struct {
			RefID      string      `json:"refId"`
			Expr       string      `json:"expr"`
			Datasource *datasource `json:"datasource"`
		} `json:"targets"`
	} `json:"panels"`
}

type datasource struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

func readDashboard(t *testing.T) dashboard {
	t.Helper()
	b, err := os.ReadFile(dashboardFile)
	if err != nil {
		t.Fatal(err)
	}
	var d dashboard
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("%s: %v", dashboardFile, err)
	}
	return d
}

// dashboardExprs returns every panel target's expression.
func dashboardExprs(t *testing.T) []panelExpr {
	t.Helper()
	var out []panelExpr
	for _, p := range readDashboard(t).Panels {
		for _, tg := range p.Targets {
			out = append(out, panelExpr{Where: strconv.Quote(p.Title) + " " + tg.RefID, Expr: tg.Expr})
		}
	}
	return out
}

// grafanaVariables are the values a test gives the dashboard's variables:
// every environment and request, and a rate window that holds several
// scrapes at the tests' 1s interval as at a fleet's 15s to 1m.
var grafanaVariables = strings.NewReplacer(
	"$__rate_interval", "1m",
	"$environment", ".*",
	"$request", ".*",
)

// TestDashboard: the datasource is a variable every panel and target
// uses; the environment and request variables query watch's series;
// every panel has a target, every target an expression reading only
// exported or recorded series; the promised panels are there.
func TestDashboard(t *testing.T) {
	t.Parallel()
	d := readDashboard(t)
	if d.UID != "authdoctor" || d.Title == "" {
		t.Errorf("uid %q title %q", d.UID, d.Title)
	}
	vars := map[string]string{}
	for _, v := range d.Templating.List {
		vars[v.Name] = v.Type
		if v.Type == "query" && (v.Datasource == nil || v.Datasource.UID != "${datasource}") {
			t.Errorf("variable %s does not query the datasource variable: %+v", v.Name, v.Datasource)
		}
	}
	if vars["datasource"] != "datasource" || vars["environment"] != "query" || vars["request"] != "query" {
		t.Errorf("variables %v, want datasource (type datasource), environment and request (type query)", vars)
	}
	known := slices.Clone(exportedMetrics)
	for _, r := range readRules(t) {
		if r.Record != "" {
			known = append(known, r.Record)
		}
	}
	for _, p := range d.Panels {
		if p.Datasource == nil || p.Datasource.UID != "${datasource}" || p.Datasource.Type != "prometheus" {
			t.Errorf("panel %q: datasource %+v, want the variable ${datasource}", p.Title, p.Datasource)
		}
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no target", p.Title)
		}
		for _, tg := range p.Targets {
			if tg.Datasource == nil || tg.Datasource.UID != "${datasource}" {
				t.Errorf("panel %q target %s: datasource %+v", p.Title, tg.RefID, tg.Datasource)
			}
			if strings.TrimSpace(tg.Expr) == "" {
				t.Errorf("panel %q target %s has no expression", p.Title, tg.RefID)
			}
			for _, m := range seriesNames(tg.Expr) {
				if !slices.Contains(known, m) {
					t.Errorf("panel %q reads %s, which neither watch exports nor a rule records", p.Title, m)
				}
			}
			if rest := grafanaVariables.Replace(tg.Expr); strings.Contains(rest, "$") {
				t.Errorf("panel %q uses a variable the tests do not give: %s", p.Title, tg.Expr)
			}
		}
	}
	all := ""
	for _, e := range dashboardExprs(t) {
		all += e.Expr + "\n"
	}
	for _, want := range []string{"authdoctor_check_success", "authdoctor_check_cause_info", "authdoctor_http_responses_401",
		"authdoctor_http_requests_401", "authdoctor_credential_expiry_timestamp_seconds"} {
		if !strings.Contains(all, want) {
			t.Errorf("no panel reads %s", want)
		}
	}
}

// TestDashboardParses: promtool parses every dashboard expression (with
// the variables given values), written into a rule file as recording
// rules.
func TestDashboardParses(t *testing.T) {
	t.Parallel()
	promtool := promtest.Promtool(t)
	var b strings.Builder
	b.WriteString("groups:\n  - name: dashboard\n    rules:\n")
	for i, e := range dashboardExprs(t) {
		q, _ := json.Marshal(grafanaVariables.Replace(e.Expr))
		b.WriteString("      - record: dashboard:expr" + strconv.Itoa(i) + ":test\n        expr: " + string(q) + "\n")
	}
	p := filepath.Join(t.TempDir(), "dashboard.yml")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(promtool, "check", "rules", p).CombinedOutput(); err != nil {
		t.Errorf("promtool check rules on the dashboard's expressions: %v\n%s\n%s", err, out, b.String())
	}
}

const alertmanagerFile = "alertmanager/alertmanager.yml"

// TestAlertmanager: amtool accepts the example Alertmanager configuration
// and routes authdoctor's alerts as docs/monitoring.md says.
func TestAlertmanager(t *testing.T) {
	t.Parallel()
	amtool := promtest.Amtool(t)
	if out, err := exec.Command(amtool, "check-config", alertmanagerFile).CombinedOutput(); err != nil {
		t.Fatalf("amtool check-config: %v\n%s", err, out)
	}
	for _, c := range []struct {
		labels   []string
		receiver string
	}{
		{[]string{"alertname=AuthdoctorCheckFailing", "severity=critical", "environment=production", "request=orders.list"}, "auth-pager"},
		{[]string{"alertname=AuthdoctorCredentialExpiring", "severity=critical", "environment=prod"}, "auth-pager"},
		{[]string{"alertname=AuthdoctorCheckFailing", "severity=critical", "environment=staging"}, "auth-chat"},
		{[]string{"alertname=AuthdoctorCredentialExpiring", "severity=warning", "environment=production"}, "auth-chat"},
		{[]string{"alertname=AuthdoctorRoute401RatioHigh", "severity=warning", "environment=production", "route=/api/orders"}, "auth-chat"},
		{[]string{"alertname=AuthdoctorWatchDown", "severity=warning", "instance=watch-a:9464"}, "platform-chat"},
		{[]string{"alertname=AuthdoctorWatchAbsent", "severity=warning", "job=authdoctor"}, "platform-chat"},
	} {
		args := append([]string{"config", "routes", "test", "--config.file=" + alertmanagerFile}, c.labels...)
		out, err := exec.Command(amtool, args...).Output()
		if got := strings.TrimSpace(string(out)); err != nil || got != c.receiver {
			t.Errorf("amtool config routes test %s: %q, %v; want %s", strings.Join(c.labels, " "), got, err, c.receiver)
		}
	}
}

const monitoringDoc = "../docs/monitoring.md"

// docPrometheusConfigs returns the YAML blocks of docs/monitoring.md that
// are Prometheus configuration (they have scrape_configs or rule_files).
func docPrometheusConfigs(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(monitoringDoc)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range regexp.MustCompile("(?ms)^```yaml\n(.*?)^```").FindAllStringSubmatch(string(b), -1) {
		if strings.Contains(m[1], "scrape_configs:") || strings.Contains(m[1], "rule_files:") {
			out = append(out, m[1])
		}
	}
	if len(out) < 4 {
		t.Fatalf("%s has %d Prometheus configuration blocks, want at least 4", monitoringDoc, len(out))
	}
	return out
}

// TestMonitoringDocConfigs: promtool accepts every Prometheus
// configuration docs/monitoring.md shows, with the shipped rules where
// they name a rule file.
func TestMonitoringDocConfigs(t *testing.T) {
	t.Parallel()
	promtool := promtest.Promtool(t)
	rules, err := os.ReadFile(rulesFile)
	if err != nil {
		t.Fatal(err)
	}
	for i, block := range docPrometheusConfigs(t) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "authdoctor-alerts.yml"), rules, 0o600); err != nil {
			t.Fatal(err)
		}
		block = strings.ReplaceAll(block, "/etc/prometheus/rules/authdoctor.yml", filepath.Join(dir, "authdoctor-alerts.yml"))
		p := filepath.Join(dir, "prometheus.yml")
		if err := os.WriteFile(p, []byte(block), 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(promtool, "check", "config", p).CombinedOutput(); err != nil {
			t.Errorf("block %d of %s: promtool check config: %v\n%s\n%s", i+1, monitoringDoc, err, out, block)
		}
	}
}

// docProbeRelabel returns the relabel_configs of the authdoctor-probe job
// docs/monitoring.md shows, with watch's address for the one it gives.
func docProbeRelabel(t *testing.T, watch string) []map[string]any {
	t.Helper()
	for _, block := range docPrometheusConfigs(t) {
		var cfg struct {
			ScrapeConfigs []struct {
				JobName        string           `yaml:"job_name"`
				RelabelConfigs []map[string]any `yaml:"relabel_configs"`
			} `yaml:"scrape_configs"`
		}
		if err := yaml.Unmarshal([]byte(block), &cfg); err != nil {
			t.Fatalf("%s: %v\n%s", monitoringDoc, err, block)
		}
		for _, sc := range cfg.ScrapeConfigs {
			if sc.JobName != "authdoctor-probe" {
				continue
			}
			for _, rc := range sc.RelabelConfigs {
				if rc["target_label"] == "__address__" {
					rc["replacement"] = watch
				}
			}
			return sc.RelabelConfigs
		}
	}
	t.Fatalf("%s shows no authdoctor-probe job", monitoringDoc)
	return nil
}
