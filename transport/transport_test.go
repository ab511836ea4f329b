package transport

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/lab"
)

func startLab(t *testing.T) (*lab.Lab, string, string) {
	t.Helper()
	l, err := lab.Start(context.Background(), lab.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	tok := func(s string) string {
		sc, ok := l.Scenario(s)
		if !ok {
			t.Fatalf("no lab scenario %s", s)
		}
		return strings.TrimSpace(sc.Env["LAB_TOKEN"])
	}
	return l, tok("ok"), tok("expired")
}

func get(t *testing.T, c *http.Client, url, token string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// TestTransport sends the lab a good token, an expired one and none
// through the transport: the refusals become events with their cause and
// fingerprint, the application reads every answer whole, the metrics
// count by value, and the log never holds the token.
func TestTransport(t *testing.T) {
	t.Parallel()
	l, ok, expired := startLab(t)
	var mu sync.Mutex
	var events []Event
	var logs bytes.Buffer
	reg := prometheus.NewRegistry()
	rt := New(nil, Config{
		OnFailure:  func(e Event) { mu.Lock(); events = append(events, e); mu.Unlock() },
		Logger:     slog.New(slog.NewJSONHandler(&logs, nil)),
		Registerer: reg,
	})
	c := &http.Client{Transport: rt}
	direct := &http.Client{}

	for _, tok := range []string{ok, expired, ""} {
		st, body := get(t, c, l.URL()+"/api/orders?page=2", tok)
		dst, dbody := get(t, direct, l.URL()+"/api/orders?page=2", tok)
		if st != dst || !bytes.Equal(body, dbody) {
			t.Errorf("token sent %v: through the transport %d %q, directly %d %q", tok != "", st, body, dst, dbody)
		}
	}
	if len(events) != 2 {
		t.Fatalf("%d events, want 2 (the expired token, no token): %+v", len(events), events)
	}
	e := events[0]
	if e.Status != 401 || e.Cause != authdoctor.CauseTokenExpired || e.Route != "/api/orders" || e.Environment != "production" ||
		e.Method != "GET" || e.Fingerprint != authdoctor.Fingerprint(expired) || e.Fix == "" || e.Summary == "" {
		t.Errorf("expired token's event: %+v", e)
	}
	if events[1].Cause != authdoctor.CauseCredentialMissing || events[1].Fingerprint != "" {
		t.Errorf("no token's event: %+v", events[1])
	}
	if !strings.Contains(e.String(), "GET /api/orders in production → 401: token_expired") {
		t.Errorf("String() = %s", e)
	}
	want := `
# HELP authdoctor_client_auth_failures_total 401 and 403 answers to the application's HTTP client, by environment, route template and diagnosed cause.
# TYPE authdoctor_client_auth_failures_total counter
authdoctor_client_auth_failures_total{cause="credential_missing",environment="production",route="/api/orders"} 1
authdoctor_client_auth_failures_total{cause="token_expired",environment="production",route="/api/orders"} 1
# HELP authdoctor_client_requests_total Requests the application's HTTP client made, by environment, route template and status code.
# TYPE authdoctor_client_requests_total counter
authdoctor_client_requests_total{code="200",environment="production",route="/api/orders"} 1
authdoctor_client_requests_total{code="401",environment="production",route="/api/orders"} 2
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
	if probs, err := testutil.GatherAndLint(reg); err != nil || len(probs) > 0 {
		t.Errorf("lint: %v %v", probs, err)
	}
	for _, tok := range []string{ok, expired} {
		if strings.Contains(logs.String(), tok) {
			t.Fatalf("the log holds a token:\n%s", logs.String())
		}
	}
	if !strings.Contains(logs.String(), `"cause":"token_expired"`) {
		t.Errorf("log:\n%s", logs.String())
	}
}

// TestTransportCanary: a secret that is sent in a header, a query and
// comes back in the body never reaches an event or a log line.
func TestTransportCanary(t *testing.T) {
	t.Parallel()
	const canary = "canaryT7Zq91LmX4wR8pV2"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="token `+r.Header.Get("X-Api-Key")+` unknown"`)
		w.WriteHeader(401)
		io.WriteString(w, `{"error":"bad key `+r.Header.Get("X-Api-Key")+`"}`)
	}))
	defer srv.Close()
	var logs bytes.Buffer
	var got []Event
	c := &http.Client{Transport: New(nil, Config{Logger: slog.New(slog.NewTextHandler(&logs, nil)), OnFailure: func(e Event) { got = append(got, e) }})}
	req, _ := http.NewRequest("GET", srv.URL+"/v1/orders/17?access_token="+canary, nil)
	req.Header.Set("X-Api-Key", canary)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), canary) {
		t.Error("the application did not get the body as sent")
	}
	if len(got) != 1 || got[0].Route != "/v1/orders/{id}" {
		t.Fatalf("events %+v", got)
	}
	if s := logs.String() + got[0].String() + got[0].Fix; strings.Contains(s, canary) {
		t.Fatalf("the canary reached an event or the log:\n%s", s)
	}
}

// TestTransportConcurrent: 64 goroutines through one transport (run with
// -race).
func TestTransportConcurrent(t *testing.T) {
	t.Parallel()
	l, ok, expired := startLab(t)
	reg := prometheus.NewRegistry()
	var mu sync.Mutex
	n := 0
	c := &http.Client{Transport: New(nil, Config{Registerer: reg, OnFailure: func(Event) { mu.Lock(); n++; mu.Unlock() }})}
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok := ok
			if i%2 == 1 {
				tok = expired
			}
			get(t, c, l.URL()+"/api/orders", tok)
		}()
	}
	wg.Wait()
	if n != 32 {
		t.Errorf("%d failures reported, want 32", n)
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var total float64
	for _, mf := range mfs {
		if mf.GetName() == "authdoctor_client_requests_total" {
			for _, m := range mf.GetMetric() {
				total += m.GetCounter().GetValue()
			}
		}
	}
	if total != 64 {
		t.Errorf("%v requests counted, want 64", total)
	}
}

// constant answers every request with the same response, built once:
// the base of the overhead benchmarks, so they measure the transport
// alone (a base that allocates a response would hide the transport's own
// allocations, or add to them).
type constant struct{ resp *http.Response }

func (c constant) RoundTrip(*http.Request) (*http.Response, error) { return c.resp, nil }

func answer(status int) constant {
	return constant{&http.Response{StatusCode: status, Body: http.NoBody, Header: http.Header{}}}
}

// BenchmarkTransport200 is the cost the transport adds to a 200 answer
// with metrics on. Target: under 2 µs and no allocation.
func BenchmarkTransport200(b *testing.B) {
	rt := New(answer(200), Config{Registerer: prometheus.NewRegistry()})
	req, _ := http.NewRequest("GET", "https://api.example.com/v1/orders/17?page=2", nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rt.RoundTrip(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBase200 is the base alone, called as the transport calls it
// (through the interface), for comparison.
func BenchmarkBase200(b *testing.B) {
	var rt http.RoundTripper = answer(200)
	req, _ := http.NewRequest("GET", "https://api.example.com/v1/orders/17?page=2", nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rt.RoundTrip(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTransport401 is the analysis of a refusal (a Bearer JWT
// refused with a challenge).
func BenchmarkTransport401(b *testing.B) {
	base := roundTripFunc(func(*http.Request) (*http.Response, error) {
		h := http.Header{}
		h.Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		return &http.Response{StatusCode: 401, Body: io.NopCloser(strings.NewReader(`{"error":"invalid_token"}`)), Header: h}, nil
	})
	rt := New(base, Config{Registerer: prometheus.NewRegistry(), OnFailure: func(Event) {}})
	req, _ := http.NewRequest("GET", "https://api.example.com/v1/orders/17", nil)
	req.Header.Set("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln")
	b.ReportAllocs()
	for b.Loop() {
		resp, err := rt.RoundTrip(req)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestTransportConfirm: without Confirm the transport sends nothing of
// its own; with it, a refused GET is checked once more within the
// budget, at most once per ConfirmEvery for its route, and a POST never.
func TestTransportConfirm(t *testing.T) {
	t.Parallel()
	for _, confirm := range []bool{false, true} {
		l, _, expired := startLab(t)
		var events []Event
		c := &http.Client{Transport: New(nil, Config{Confirm: confirm, ConfirmBudget: 2, ConfirmEvery: time.Hour,
			OnFailure: func(e Event) { events = append(events, e) }})}
		for range 3 {
			get(t, c, l.URL()+"/api/orders", expired)
		}
		extra := l.Hits("/api/orders") - 3
		switch {
		case !confirm && extra != 0:
			t.Errorf("without Confirm the lab got %d requests of the transport's own", extra)
		case confirm && (extra < 1 || extra > 2):
			t.Errorf("with Confirm (budget 2, once an hour) the lab got %d extra requests, want 1 or 2", extra)
		}
		if len(events) != 3 || events[0].Cause != authdoctor.CauseTokenExpired {
			t.Errorf("confirm %v: events %+v", confirm, events)
		}
		// A refused POST is never sent again.
		before := l.Hits("/api/orders/export")
		req, _ := http.NewRequest("POST", l.URL()+"/api/orders/export", nil)
		req.Header.Set("Authorization", "Bearer "+expired)
		if resp, err := c.Do(req); err == nil {
			resp.Body.Close()
		}
		if n := l.Hits("/api/orders/export") - before; n != 1 {
			t.Errorf("confirm %v: a refused POST reached the lab %d times, want once", confirm, n)
		}
	}
}
