package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/authdoctor/authdoctor/internal/promtest"
)

// TestAlertmanagerDelivers: a real Alertmanager with the example
// configuration, its receivers replaced by webhooks to a loopback server
// that records what it gets, and its group_wait by 0s. Alerts as the rules
// make them are posted; each receiver gets exactly the notifications the
// routes give it, and the inhibit rules suppress what they say: the 7-day
// expiry under the 1-day one, a failing check's 401s, the expiry of a
// token that already fails as token_expired.
func TestAlertmanagerDelivers(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	got := map[string][]string{} // receiver → "alertname severity request@environment"
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var msg struct {
			Receiver string `json:"receiver"`
			Alerts   []struct {
				Labels map[string]string `json:"labels"`
			} `json:"alerts"`
		}
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &msg); err != nil {
			t.Errorf("webhook %s: %v\n%s", r.URL.Path, err, b)
		}
		mu.Lock()
		for _, a := range msg.Alerts {
			if k := alertKey(a.Labels); !slices.Contains(got[msg.Receiver], k) {
				got[msg.Receiver] = append(got[msg.Receiver], k)
			}
		}
		mu.Unlock()
	}))
	t.Cleanup(hook.Close)

	b, err := os.ReadFile(alertmanagerFile)
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]any
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	receivers, _ := cfg["receivers"].([]any)
	for i, r := range receivers {
		name := r.(map[string]any)["name"].(string)
		receivers[i] = map[string]any{"name": name, "webhook_configs": []any{map[string]any{"url": hook.URL + "/" + name, "send_resolved": false}}}
	}
	cfg["route"].(map[string]any)["group_wait"] = "0s"
	out, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(t.TempDir(), "alertmanager.yml")
	if err := os.WriteFile(conf, out, 0o600); err != nil {
		t.Fatal(err)
	}
	am := promtest.StartAlertmanager(t, conf)

	w := map[string]string{"job": "authdoctor", "instance": "watch-a:9464"}
	alert := func(name, severity, request, env string, extra ...string) map[string]any {
		l := map[string]string{"alertname": name, "severity": severity, "request": request, "environment": env}
		for k, v := range w {
			l[k] = v
		}
		for i := 0; i+1 < len(extra); i += 2 {
			l[extra[i]] = extra[i+1]
		}
		return map[string]any{"labels": l, "annotations": map[string]string{"summary": name}}
	}
	post := func(alerts ...map[string]any) {
		t.Helper()
		body, _ := json.Marshal(alerts)
		resp, err := http.Post(am+"/api/v2/alerts", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("POST /api/v2/alerts: %s", resp.Status)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), dataTimeout)
	defer cancel()
	// wait polls until cond holds on the notifications received so far.
	wait := func(what string, cond func(got map[string][]string) bool) {
		t.Helper()
		for {
			mu.Lock()
			snapshot := map[string][]string{}
			for k, v := range got {
				snapshot[k] = slices.Clone(v)
			}
			mu.Unlock()
			if cond(snapshot) {
				return
			}
			select {
			case <-ctx.Done():
				t.Fatalf("within %v, %s; the notifications are %v", dataTimeout, what, snapshot)
			case <-time.After(pollEvery):
			}
		}
	}
	// The inhibiting alerts first, as they come in life: a check fails,
	// and its token's expiry is already known to be within a day. Once
	// they are notified, Alertmanager's inhibitor knows them too (a batch
	// posted at once, with group_wait 0s, races it).
	sources := map[string][]string{
		"auth-pager": {"AuthdoctorCheckFailing critical orders.list@production"},
		"auth-chat":  {"AuthdoctorCheckFailing critical users.me@staging", "AuthdoctorCredentialExpiring critical users.me@staging"},
	}
	post(alert("AuthdoctorCheckFailing", "critical", "orders.list", "production", "cause", "token_expired"),
		alert("AuthdoctorCheckFailing", "critical", "users.me", "staging", "cause", "credentials_rejected"),
		alert("AuthdoctorCredentialExpiring", "critical", "users.me", "staging"))
	wait("the first alerts were not notified", func(got map[string][]string) bool { return equalSets(got, sources) })
	post(alert("AuthdoctorCredentialExpiring", "critical", "orders.list", "production"),
		alert("AuthdoctorCredentialExpiring", "warning", "orders.list", "production"),
		alert("AuthdoctorRequest401RateHigh", "warning", "orders.list", "production"),
		alert("AuthdoctorCredentialExpiring", "warning", "users.me", "staging"),
		map[string]any{"labels": map[string]string{"alertname": "AuthdoctorWatchDown", "severity": "warning", "job": "authdoctor", "instance": "watch-b:9464"}})

	want := map[string][]string{
		"auth-pager":    {"AuthdoctorCheckFailing critical orders.list@production"},
		"auth-chat":     {"AuthdoctorCheckFailing critical users.me@staging", "AuthdoctorCredentialExpiring critical users.me@staging"},
		"platform-chat": {"AuthdoctorWatchDown warning @"},
	}
	suppressed := []string{
		"AuthdoctorCredentialExpiring critical orders.list@production",
		"AuthdoctorCredentialExpiring warning orders.list@production",
		"AuthdoctorCredentialExpiring warning users.me@staging",
		"AuthdoctorRequest401RateHigh warning orders.list@production",
	}
	var gotSuppressed []string
	wait("the notifications and the suppressed alerts are not as the configuration says", func(got map[string][]string) bool {
		gotSuppressed = suppressedAlerts(t, ctx, am)
		return equalSets(got, want) && slices.Equal(gotSuppressed, suppressed)
	})
}

func alertKey(l map[string]string) string {
	return l["alertname"] + " " + l["severity"] + " " + l["request"] + "@" + l["environment"]
}

// equalSets compares two receiver → alerts maps, order aside.
func equalSets(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		x, y := slices.Clone(v), slices.Clone(b[k])
		sort.Strings(x)
		sort.Strings(y)
		if !slices.Equal(x, y) {
			return false
		}
	}
	return true
}

// suppressedAlerts returns, sorted, the alerts Alertmanager holds as
// suppressed by an inhibit rule.
func suppressedAlerts(t *testing.T, ctx context.Context, am string) []string {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, am+"/api/v2/alerts", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var alerts []struct {
		Labels map[string]string `json:"labels"`
		Status struct {
			State       string   `json:"state"`
			InhibitedBy []string `json:"inhibitedBy"`
		} `json:"status"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&alerts); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range alerts {
		if a.Status.State == "suppressed" && len(a.Status.InhibitedBy) > 0 {
			out = append(out, alertKey(a.Labels))
		}
	}
	sort.Strings(out)
	return out
}
