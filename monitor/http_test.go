package monitor

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/authdoctor/authdoctor/internal/browser"
)

func get(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

// served is a watcher over the lab, its handler on a loopback server.
func served(t *testing.T) (*Watcher, *httptest.Server, *testLab) {
	t.Helper()
	tl := startLab(t)
	c := newChecker(tl)
	ld := &loader{}
	ld.set([]Target{
		{Request: "orders", Environment: "good"},
		{Request: "orders", Environment: "bad", Every: 30 * time.Second},
		{Request: "admin", Environment: "good", ExpectDenied: true},
	}, nil)
	w, _ := newWatcher(t, ld, c.check, newFakeClock(labNow), func(cfg *Config) { cfg.Version = "test" })
	if err := w.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w.Handler(0))
	t.Cleanup(srv.Close)
	return w, srv, tl
}

func TestHealthyAndReady(t *testing.T) {
	t.Parallel()
	w, srv, _ := served(t)
	if code, _, _ := get(t, srv.URL+"/-/healthy"); code != 200 {
		t.Errorf("/-/healthy = %d before any run, want 200", code)
	}
	if code, body, _ := get(t, srv.URL+"/-/ready"); code != 503 || !strings.Contains(body, "not ready") {
		t.Errorf("/-/ready = %d %q before any run, want 503", code, body)
	}
	if _, err := w.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := get(t, srv.URL+"/-/ready"); code != 200 {
		t.Errorf("/-/ready = %d once every target ran, want 200", code)
	}
	if code, _, _ := get(t, srv.URL+"/nowhere"); code != 404 {
		t.Errorf("/nowhere = %d, want 404", code)
	}
}

func TestAPIStatus(t *testing.T) {
	t.Parallel()
	w, srv, tl := served(t)
	_, body, _ := get(t, srv.URL+"/api/status")
	var before Report
	if err := json.Unmarshal([]byte(body), &before); err != nil {
		t.Fatal(err)
	}
	if before.Schema != "authdoctor.watch-status/v1" || before.Ready || before.Pending != 3 || before.Targets[0].State != StatePending {
		t.Errorf("before any run: %s", body)
	}
	ctx := context.Background()
	w.Once(ctx)
	w.Once(ctx)
	code, body, h := get(t, srv.URL+"/api/status")
	if code != 200 || h.Get("Content-Type") != "application/json" {
		t.Fatalf("/api/status = %d %s", code, h.Get("Content-Type"))
	}
	var got Report
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	exp := time.Unix(jwtExp(t, tl.ok), 0).UTC()
	expired := time.Unix(jwtExp(t, tl.expired), 0).UTC()
	in := exp.Sub(labNow).Seconds()
	was := expired.Sub(labNow).Seconds()
	at := labNow
	recent := func(ok bool, cause string, status int) []RecentRun {
		r := RecentRun{At: labNow, Healthy: ok, Cause: cause, Status: status}
		return []RecentRun{r, r}
	}
	want := Report{Schema: StatusSchema, Version: "test", Generated: labNow, Ready: true, Healthy: 2, Failing: 1, Targets: []TargetStatus{
		{Request: "orders", Environment: "good", EverySeconds: 60, State: StateHealthy, Cause: "accepted",
			Summary: "The server accepted the request with this credential (200 OK).", Doc: "docs/causes.md#accepted", Status: 200,
			Since: &at, LastRun: &at, CredentialExpires: &exp, ExpiresInSeconds: &in, Runs: 2, Recent: recent(true, "accepted", 200)},
		{Request: "orders", Environment: "bad", EverySeconds: 30, State: StateFailing, Cause: "token_expired",
			Fix: "Get a new token (refresh it or log in again) and make the client refresh before expiry.", Doc: "docs/causes.md#token_expired", Status: 401,
			Since: &at, LastRun: &at, CredentialExpires: &expired, ExpiresInSeconds: &was, Runs: 2, Recent: recent(false, "token_expired", 401)},
		{Request: "admin", Environment: "good", EverySeconds: 60, ExpectDenied: true, State: StateHealthy, Cause: "insufficient_scope",
			Summary: "Refused as it must be (403, insufficient_scope): the credential is not allowed this request.", Doc: "docs/causes.md#insufficient_scope", Status: 403,
			Since: &at, LastRun: &at, CredentialExpires: &exp, ExpiresInSeconds: &in, Runs: 2, Recent: recent(true, "insufficient_scope", 403)},
	}}
	opts := []cmp.Option{cmpopts.IgnoreFields(TargetStatus{}, "DurationSeconds")}
	// The expired token's summary says how long ago: read, not pinned.
	if s := got.Targets[1].Summary; !strings.HasPrefix(s, "The token expired") {
		t.Errorf("summary of the expired token: %q", s)
	}
	got.Targets[1].Summary = ""
	if diff := cmp.Diff(want, got, opts...); diff != "" {
		t.Errorf("/api/status (-want +got):\n%s", diff)
	}
	if !strings.Contains(body, `"schema": "authdoctor.watch-status/v1"`) {
		t.Error("the JSON does not start with its schema")
	}
}

func TestProbe(t *testing.T) {
	t.Parallel()
	w, srv, _ := served(t)
	code, body, h := get(t, srv.URL+"/probe?request=orders&environment=bad")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/plain") {
		t.Fatalf("/probe = %d %s: %s", code, h.Get("Content-Type"), body)
	}
	samples := map[string][]string{} // name → "{labels} value" lines
	for _, line := range strings.Split(body, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, rest, _ := strings.Cut(line, "{")
		if n, v, ok := strings.Cut(line, " "); ok && !strings.Contains(n, "{") {
			name, rest = n, v
		}
		samples[name] = append(samples[name], rest)
	}
	lbl := `environment="bad",request="orders"`
	for name, want := range map[string]string{
		"authdoctor_probe_success":                    "0",
		"authdoctor_check_success":                    lbl + "} 0",
		"authdoctor_check_cause_info":                 `cause="token_expired",` + lbl + "} 1",
		"authdoctor_checks_total":                     `cause="token_expired",` + lbl + "} 1",
		"authdoctor_check_duration_seconds_count":     lbl + "} 1",
		"authdoctor_check_last_run_timestamp_seconds": lbl + "} " + fmt.Sprintf("%g", float64(labNow.Unix())),
		"authdoctor_http_responses_total":             `code="401",` + lbl + "} 2",
	} {
		if got := samples[name]; len(got) != 1 || got[0] != want {
			t.Errorf("%s: %q, want one sample %q", name, got, want)
		}
	}
	// A fresh registry: no other target, none of the watcher's own.
	if strings.Contains(body, `environment="good"`) || strings.Contains(body, "authdoctor_watch_") || strings.Contains(body, "go_goroutines") {
		t.Errorf("the probe's answer holds more than its run:\n%s", body)
	}
	// The schedule's state is not the probe's.
	if r := w.Status(); r.Targets[1].Runs != 0 {
		t.Errorf("a probe changed the schedule's state: %+v", r.Targets[1])
	}
	_, ok, _ := get(t, srv.URL+"/probe?request=orders&environment=good")
	if !strings.Contains(ok, "authdoctor_probe_success 1") {
		t.Errorf("probe of a healthy target:\n%s", ok)
	}

	for _, tc := range []struct{ query, want string }{
		{"request=nope&environment=good", `unknown target "nope@good": watch has requests admin, orders in environments bad, good`},
		{"request=orders&environment=staging", `unknown target "orders@staging"`},
		{"request=orders", "give ?request=NAME&environment=ENV"},
		{"", "give ?request=NAME&environment=ENV"},
	} {
		code, body, _ := get(t, srv.URL+"/probe?"+tc.query)
		if code != 400 || !strings.Contains(body, tc.want) || strings.Count(strings.TrimSpace(body), "\n") != 0 {
			t.Errorf("/probe?%s = %d %q, want 400 with one line containing %q", tc.query, code, body, tc.want)
		}
	}
}

func TestStatusPage(t *testing.T) {
	t.Parallel()
	w, srv, _ := served(t)
	ctx := context.Background()
	for range 3 {
		w.Once(ctx)
	}
	code, body, h := get(t, srv.URL+"/")
	if code != 200 || h.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("/ = %d %s", code, h.Get("Content-Type"))
	}
	for _, want := range []string{`<meta http-equiv="refresh" content="15">`, "<style>", "2 healthy", "1 failing"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, not := range []string{"<script", "javascript:", "<link", "http://127.0.0.1"} {
		if strings.Contains(body, not) {
			t.Errorf("the page holds %q: it must be self-contained, without JavaScript or the lab's URL", not)
		}
	}

	page := browser.Render(t, "watch-status", []byte(body), "h1", "#t-orders-bad .verdict", "#t-orders-bad .fix", "#t-orders-good .expiry", "#t-orders-good .state", "#t-admin-good .state", "#t-orders-bad .state")
	for sel, want := range map[string]string{
		"h1":                     "authdoctor watch",
		"#t-orders-bad .verdict": "The token expired",
		"#t-orders-bad .fix":     "Get a new token",
		"#t-orders-good .expiry": "in 1h 0m",
		"#t-orders-good .state":  "✓ healthy",
		"#t-admin-good .state":   "✓ healthy",
		"#t-orders-bad .state":   "✗ failing",
	} {
		if got := page.Elements[sel]; !strings.Contains(got, want) {
			t.Errorf("%s shows %q, want %q", sel, got, want)
		}
	}
	if page.Title != "authdoctor watch — 1 failing" {
		t.Errorf("title %q", page.Title)
	}
	if n := strings.Count(page.DOM, `class="bad"`); n != 3+1 {
		t.Errorf("%d red cells, want 4 (orders@bad ran three times, and the legend)", n)
	}
	if n := strings.Count(page.DOM, `class="ok"`); n != 6+1 {
		t.Errorf("%d green cells, want 7 (6 runs and the legend)", n)
	}
}
