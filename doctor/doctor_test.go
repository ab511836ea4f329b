package doctor_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/doctor"
	"github.com/authdoctor/authdoctor/lab"
	"github.com/authdoctor/authdoctor/probe"
)

// fixedNow is the clock of every test: time is data.
var fixedNow = time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)

func clock() time.Time { return fixedNow }

// testToken is an opaque bearer token long enough to be corrupted.
const testToken = "tok_8f3a9c2e1d5b7a9c4e6f"

// seen is what the fake server received for one request.
type seen struct {
	Method string
	Path   string
	// Auth holds every Authorization value received; nil when absent.
	Auth []string
}

// recorder is a real loopback server that records every request it
// receives before answering it with its handler.
type recorder struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []seen
}

// serve starts a recorder answering with h.
func serve(t testing.TB, h http.HandlerFunc) *recorder {
	t.Helper()
	rec := &recorder{}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.got = append(rec.got, seen{Method: r.Method, Path: r.URL.Path, Auth: r.Header.Values("Authorization")})
		rec.mu.Unlock()
		_, _ = io.Copy(io.Discard, r.Body)
		h(w, r)
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

// received returns a copy of what the server has seen so far.
func (rec *recorder) received() []seen {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]seen(nil), rec.got...)
}

func (rec *recorder) url(path string) string { return rec.srv.URL + path }

// answer writes status with a challenge and a JSON body.
func answer(w http.ResponseWriter, status int, challenge, body string) {
	if challenge != "" {
		w.Header().Set("WWW-Authenticate", challenge)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// sameAnswer answers 401 the same way whatever the request carries: the
// server does not look at the credential at all.
func sameAnswer(w http.ResponseWriter, _ *http.Request) {
	answer(w, http.StatusUnauthorized, `Bearer realm="api"`, `{"error":"unauthorized"}`)
}

// acceptOnly accepts exactly "Authorization: <want>", answers a request
// without a credential with a bare challenge and any other credential with
// invalid_token, as RFC 6750 §3.1 describes.
func acceptOnly(want string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		switch got := r.Header.Values("Authorization"); {
		case len(got) == 1 && got[0] == want:
			answer(w, http.StatusOK, "", `{"orders":[]}`)
		case len(got) == 0:
			answer(w, http.StatusUnauthorized, `Bearer realm="api"`, `{"error":"unauthorized"}`)
		default:
			answer(w, http.StatusUnauthorized, `Bearer realm="api", error="invalid_token"`, `{"error":"invalid_token"}`)
		}
	}
}

// authField is an Authorization field as the CLI builds it from
// -H 'Authorization: <value>' with the value taken from $API_TOKEN.
func authField(value string) authdoctor.Field {
	return authdoctor.Field{Name: "Authorization", Value: authdoctor.NewSecret(value),
		Origin: authdoctor.OriginEnv, Source: "environment variable $API_TOKEN"}
}

func getWith(url string, fields ...authdoctor.Field) authdoctor.Request {
	return authdoctor.Request{Method: "GET", URL: url, Header: fields}
}

// progress records the calls of Config.Progress.
type progress struct {
	mu    sync.Mutex
	roles []authdoctor.Role
	label []string
}

func (p *progress) record(role authdoctor.Role, label string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.roles = append(p.roles, role)
	p.label = append(p.label, label)
}

func (p *progress) calls() ([]authdoctor.Role, []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]authdoctor.Role(nil), p.roles...), append([]string(nil), p.label...)
}

// roles lists the role of every probe in o, in the order sent.
func roles(o *authdoctor.Observation) []authdoctor.Role {
	var out []authdoctor.Role
	for _, p := range o.Probes {
		out = append(out, p.Role)
	}
	return out
}

// run calls doctor.Run with the fixed clock and fails on an error.
func run(t *testing.T, req authdoctor.Request, cfg doctor.Config) authdoctor.Run {
	t.Helper()
	if cfg.Now == nil {
		cfg.Now = clock
	}
	res, err := doctor.Run(context.Background(), req, cfg)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if res.Observation == nil {
		t.Fatal("Run returned no Observation")
	}
	return res
}

// assertNoLeak fails when secret appears in the JSON of the result or in
// the skipped list.
func assertNoLeak(t *testing.T, res authdoctor.Run, secret string) {
	t.Helper()
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatalf("marshal result: %v", err)
	}
	if strings.Contains(string(b), secret) {
		t.Error("the result's JSON holds the credential in clear")
	}
	for _, s := range res.Observation.Skipped {
		if strings.Contains(s, secret) {
			t.Errorf("skipped entry holds the credential in clear: %q", s)
		}
	}
}

func TestRunProbes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		handler http.HandlerFunc
		// want is what the server must receive, in order.
		want      []seen
		wantRoles []authdoctor.Role
		// corrupted: the third request carries a damaged copy of the token.
		corrupted bool
		cause     authdoctor.Cause
	}{
		{
			name:    "answer equals baseline: corrupted probe sent",
			handler: sameAnswer,
			want: []seen{
				{Method: "GET", Path: "/v1/me"},
				{Method: "GET", Path: "/v1/me", Auth: []string{"Bearer " + testToken}},
			},
			wantRoles: []authdoctor.Role{authdoctor.RoleBaseline, authdoctor.RoleAuthenticated, authdoctor.RoleCorrupted},
			corrupted: true,
		},
		{
			name:    "answer differs from baseline: no corrupted probe",
			handler: acceptOnly("Bearer other-token-0123456789"),
			want: []seen{
				{Method: "GET", Path: "/v1/me"},
				{Method: "GET", Path: "/v1/me", Auth: []string{"Bearer " + testToken}},
			},
			wantRoles: []authdoctor.Role{authdoctor.RoleBaseline, authdoctor.RoleAuthenticated},
			cause:     authdoctor.CauseTokenRejected,
		},
		{
			name:    "accepted: baseline and authenticated only",
			handler: acceptOnly("Bearer " + testToken),
			want: []seen{
				{Method: "GET", Path: "/v1/me"},
				{Method: "GET", Path: "/v1/me", Auth: []string{"Bearer " + testToken}},
			},
			wantRoles: []authdoctor.Role{authdoctor.RoleBaseline, authdoctor.RoleAuthenticated},
			cause:     authdoctor.CauseAccepted,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := serve(t, tt.handler)
			res := run(t, getWith(rec.url("/v1/me"), authField("Bearer "+testToken)), doctor.Config{})
			got := rec.received()
			if tt.corrupted {
				if len(got) != 3 {
					t.Fatalf("server received %d requests, want 3: %+v", len(got), got)
				}
				assertCorrupted(t, "Bearer "+testToken, got[2])
				got = got[:2]
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("server received (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantRoles, roles(res.Observation)); diff != "" {
				t.Errorf("probe roles (-want +got):\n%s", diff)
			}
			if n := res.Observation.RequestCount(); n != len(rec.received()) {
				t.Errorf("Observation counts %d requests, the server received %d", n, len(rec.received()))
			}
			if tt.cause != "" && res.Diagnosis.Verdict.Cause != tt.cause {
				t.Errorf("verdict %s, want %s", res.Diagnosis.Verdict.Cause, tt.cause)
			}
			assertNoLeak(t, res, testToken)
		})
	}
}

// assertCorrupted checks that s carries one Authorization value of the
// same length as orig that differs from it only in its last characters.
func assertCorrupted(t *testing.T, orig string, s seen) {
	t.Helper()
	if s.Method != "GET" || len(s.Auth) != 1 {
		t.Fatalf("corrupted probe: %s with %d Authorization values, want GET with 1", s.Method, len(s.Auth))
	}
	got := s.Auth[0]
	if got == orig {
		t.Fatal("corrupted probe sent the token unchanged")
	}
	if len(got) != len(orig) {
		t.Fatalf("corrupted token is %d bytes, the original %d", len(got), len(orig))
	}
	// The damage is confined to the last few characters (diagnose changes
	// four): everything before them is sent as given.
	const tail = 4
	if got[:len(orig)-tail] != orig[:len(orig)-tail] {
		t.Errorf("corrupted token differs before its last %d characters", tail)
	}
}

func TestRunWrites(t *testing.T) {
	t.Parallel()
	// The header is malformed on purpose: a confirmation would be planned
	// for a GET, and must not be for a POST.
	value := "Bearer Bearer " + testToken

	t.Run("POST approved: no baseline, no confirmation", func(t *testing.T) {
		t.Parallel()
		rec := serve(t, sameAnswer)
		req := getWith(rec.url("/v1/orders"), authField(value))
		req.Method = "POST"
		req.Body = authdoctor.NewSecret(`{"sku":"LAB-1"}`)
		req.AllowWrite = true
		res := run(t, req, doctor.Config{})
		want := []seen{{Method: "POST", Path: "/v1/orders", Auth: []string{value}}}
		if diff := cmp.Diff(want, rec.received()); diff != "" {
			t.Errorf("server received (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]authdoctor.Role{authdoctor.RoleAuthenticated}, roles(res.Observation)); diff != "" {
			t.Errorf("probe roles (-want +got):\n%s", diff)
		}
		if !containsAll(res.Observation.Skipped, "baseline not sent", "POST") {
			t.Errorf("Skipped does not say why the baseline was not sent: %q", res.Observation.Skipped)
		}
		assertNoLeak(t, res, testToken)
	})

	for _, method := range []string{"POST", "post", "DELETE", "PATCH"} {
		t.Run(method+" not approved: refused, nothing sent", func(t *testing.T) {
			t.Parallel()
			rec := serve(t, sameAnswer)
			req := getWith(rec.url("/v1/orders"), authField(value))
			req.Method = method
			p := &progress{}
			res, err := doctor.Run(context.Background(), req, doctor.Config{Now: clock, Progress: p.record})
			if err == nil {
				t.Fatal("Run sent an unapproved write without an error")
			}
			if strings.Contains(err.Error(), testToken) {
				t.Error("the error holds the credential in clear")
			}
			if res.Observation != nil {
				t.Errorf("Run returned an Observation with %d probes for a refused request", len(res.Observation.Probes))
			}
			if got := rec.received(); len(got) != 0 {
				t.Errorf("server received %d requests: %+v", len(got), got)
			}
			if r, _ := p.calls(); len(r) != 0 {
				t.Errorf("Progress called for %v", r)
			}
		})
	}
}

func TestRunBudget(t *testing.T) {
	t.Parallel()
	chain := func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/a":
			http.Redirect(w, r, "/b", http.StatusFound)
		case "/b":
			http.Redirect(w, r, "/c", http.StatusFound)
		case "/c":
			http.Redirect(w, r, "/d", http.StatusFound)
		default:
			sameAnswer(w, r)
		}
	}
	tests := []struct {
		name    string
		handler http.HandlerFunc
		path    string
		want    []seen
		// skipped must be found in one entry of Observation.Skipped.
		skipped   []string
		wantRoles []authdoctor.Role
	}{
		{
			name:    "redirect chain spends the budget in the baseline",
			handler: chain,
			path:    "/a",
			want: []seen{
				{Method: "GET", Path: "/a"},
				{Method: "GET", Path: "/b"},
			},
			skipped:   []string{"authenticated probe not sent", "budget of 2"},
			wantRoles: []authdoctor.Role{authdoctor.RoleBaseline},
		},
		{
			name:    "corrupted probe over budget",
			handler: sameAnswer,
			path:    "/v1/me",
			want: []seen{
				{Method: "GET", Path: "/v1/me"},
				{Method: "GET", Path: "/v1/me", Auth: []string{"Bearer " + testToken}},
			},
			skipped:   []string{"corrupted probe not sent", "budget of 2"},
			wantRoles: []authdoctor.Role{authdoctor.RoleBaseline, authdoctor.RoleAuthenticated},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := serve(t, tt.handler)
			p := &progress{}
			cfg := doctor.Config{Probe: probe.Config{MaxRequests: 2}, Progress: p.record}
			res := run(t, getWith(rec.url(tt.path), authField("Bearer "+testToken)), cfg)
			got := rec.received()
			if len(got) > 2 {
				t.Errorf("server received %d requests with a budget of 2", len(got))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("server received (-want +got):\n%s", diff)
			}
			o := res.Observation
			if o.MaxRequests != 2 {
				t.Errorf("Observation.MaxRequests = %d, want 2", o.MaxRequests)
			}
			if o.RequestCount() != len(got) {
				t.Errorf("Observation counts %d requests, the server received %d", o.RequestCount(), len(got))
			}
			if !containsAll(o.Skipped, tt.skipped...) {
				t.Errorf("Skipped %q: want an entry with %q", o.Skipped, tt.skipped)
			}
			if diff := cmp.Diff(tt.wantRoles, roles(o)); diff != "" {
				t.Errorf("probe roles (-want +got):\n%s", diff)
			}
			if r, _ := p.calls(); !cmp.Equal(r, tt.wantRoles) {
				t.Errorf("Progress told %v, want %v: only probes sent are announced", r, tt.wantRoles)
			}
			assertNoLeak(t, res, testToken)
		})
	}
}

// containsAll reports whether one entry of list contains every part.
func containsAll(list []string, parts ...string) bool {
	for _, s := range list {
		ok := true
		for _, p := range parts {
			if !strings.Contains(s, p) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// closedURL returns a loopback URL on a port where nothing listens: the
// port is taken and released, so a connection to it is refused.
func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	return "http://" + addr + "/v1/me"
}

func TestRunUnreachable(t *testing.T) {
	t.Parallel()
	p := &progress{}
	res := run(t, getWith(closedURL(t), authField("Bearer "+testToken)), doctor.Config{Progress: p.record})
	o := res.Observation
	if diff := cmp.Diff([]authdoctor.Role{authdoctor.RoleBaseline}, roles(o)); diff != "" {
		t.Errorf("probes (-want +got):\n%s", diff)
	}
	if r, _ := p.calls(); !cmp.Equal(r, []authdoctor.Role{authdoctor.RoleBaseline}) {
		t.Errorf("Progress told %v, want only the baseline", r)
	}
	if b := o.Probe(authdoctor.RoleBaseline); b == nil || b.Err == nil || b.Err.Phase != authdoctor.PhaseConnect {
		t.Errorf("baseline probe = %+v, want a connect error", b)
	}
	if !containsAll(o.Skipped, "authenticated request not sent", "unreachable") {
		t.Errorf("Skipped %q does not say the authenticated request was held back", o.Skipped)
	}
	if got := res.Diagnosis.Verdict.Cause; got != authdoctor.CauseEndpointUnreachable {
		t.Errorf("verdict %s, want %s", got, authdoctor.CauseEndpointUnreachable)
	}
	assertNoLeak(t, res, testToken)
}

func TestRunConfirmation(t *testing.T) {
	t.Parallel()
	good := "Bearer " + testToken
	rec := serve(t, acceptOnly(good))
	p := &progress{}
	res := run(t, getWith(rec.url("/v1/me"), authField("Bearer "+good)), doctor.Config{Progress: p.record})

	want := []seen{
		{Method: "GET", Path: "/v1/me"},
		{Method: "GET", Path: "/v1/me", Auth: []string{"Bearer " + good}},
		{Method: "GET", Path: "/v1/me", Auth: []string{good}},
	}
	if diff := cmp.Diff(want, rec.received()); diff != "" {
		t.Errorf("server received (-want +got):\n%s", diff)
	}
	corrected := 0
	for _, s := range rec.received() {
		if len(s.Auth) == 1 && s.Auth[0] == good {
			corrected++
		}
	}
	if corrected != 1 {
		t.Errorf("server saw %d corrected requests, want exactly 1", corrected)
	}
	v := res.Diagnosis.Verdict
	if v.Cause != authdoctor.CauseHeaderMalformed || v.Confidence != authdoctor.Confirmed {
		t.Errorf("verdict %s (%s), want %s (%s)", v.Cause, v.Confidence, authdoctor.CauseHeaderMalformed, authdoctor.Confirmed)
	}
	c := res.Observation.Probe(authdoctor.RoleConfirm)
	if c == nil || c.Hypothesis != v.Finding || c.Status() != http.StatusOK {
		t.Errorf("confirm probe %+v: want hypothesis %q answered 200", c, v.Finding)
	}
	if r, _ := p.calls(); !cmp.Equal(r, []authdoctor.Role{authdoctor.RoleBaseline, authdoctor.RoleAuthenticated, authdoctor.RoleConfirm}) {
		t.Errorf("Progress told %v", r)
	}
	assertNoLeak(t, res, testToken)
}

func TestRunConfirmationOff(t *testing.T) {
	t.Parallel()
	good := "Bearer " + testToken
	rec := serve(t, acceptOnly(good))
	cfg := doctor.Config{}
	cfg.Plan.NoConfirm = true
	res := run(t, getWith(rec.url("/v1/me"), authField("Bearer "+good)), cfg)
	if n := len(rec.received()); n != 2 {
		t.Errorf("server received %d requests with confirmations off, want 2", n)
	}
	if v := res.Diagnosis.Verdict; v.Cause != authdoctor.CauseHeaderMalformed || v.Confidence == authdoctor.Confirmed {
		t.Errorf("verdict %s (%s), want %s not confirmed", v.Cause, v.Confidence, authdoctor.CauseHeaderMalformed)
	}
}

func TestRunProgress(t *testing.T) {
	t.Parallel()
	rec := serve(t, sameAnswer)
	p := &progress{}
	res := run(t, getWith(rec.url("/v1/me"), authField("Bearer "+testToken)), doctor.Config{Progress: p.record})
	gotRoles, gotLabels := p.calls()
	var wantLabels []string
	for _, pr := range res.Observation.Probes {
		wantLabels = append(wantLabels, pr.Label)
	}
	if diff := cmp.Diff(roles(res.Observation), gotRoles); diff != "" {
		t.Errorf("Progress roles (-probes +told):\n%s", diff)
	}
	if diff := cmp.Diff(wantLabels, gotLabels); diff != "" {
		t.Errorf("Progress labels (-probes +told):\n%s", diff)
	}
	if len(gotRoles) != len(rec.received()) {
		t.Errorf("Progress called %d times for %d requests received", len(gotRoles), len(rec.received()))
	}
}

func TestRunNoCredential(t *testing.T) {
	t.Parallel()
	rec := serve(t, sameAnswer)
	res := run(t, getWith(rec.url("/v1/me")), doctor.Config{})
	if diff := cmp.Diff([]seen{{Method: "GET", Path: "/v1/me"}}, rec.received()); diff != "" {
		t.Errorf("server received (-want +got):\n%s", diff)
	}
	if !containsAll(res.Observation.Skipped, "baseline not sent", "no credential") {
		t.Errorf("Skipped %q", res.Observation.Skipped)
	}
	if got := res.Diagnosis.Verdict.Cause; got != authdoctor.CauseCredentialMissing {
		t.Errorf("verdict %s, want %s", got, authdoctor.CauseCredentialMissing)
	}
}

func TestRunNow(t *testing.T) {
	t.Parallel()
	rec := serve(t, sameAnswer)
	res := run(t, getWith(rec.url("/v1/me"), authField("Bearer "+testToken)), doctor.Config{Now: clock})
	o := res.Observation
	if !o.Now.Equal(fixedNow) {
		t.Errorf("Observation.Now = %v, want %v", o.Now, fixedNow)
	}
	// The probe clock defaults to the run's clock.
	for _, p := range o.Probes {
		for i, h := range p.Hops {
			if !h.Sent.Equal(fixedNow) {
				t.Errorf("%s hop %d sent at %v, want %v", p.Role, i, h.Sent, fixedNow)
			}
		}
	}
}

// fromScenario builds the request of a lab scenario as the CLI does from
// its -H templates, with $VARS taken from the scenario's Env.
func fromScenario(s lab.Scenario) authdoctor.Request {
	req := authdoctor.Request{Method: s.Method, URL: s.URL}
	for _, h := range s.Headers {
		name, tmpl, _ := strings.Cut(h, ":")
		tmpl = strings.TrimPrefix(tmpl, " ")
		value, refs := expand(tmpl, s.Env)
		f := authdoctor.Field{Name: strings.TrimSpace(name), Value: authdoctor.NewSecret(value), Vars: refs, Origin: authdoctor.OriginLiteral}
		if len(refs) > 0 {
			f.Template, f.Origin = tmpl, authdoctor.OriginEnv
			f.Source = "environment variable $" + refs[0].Name
		}
		req.Header = append(req.Header, f)
	}
	return req
}

// expand replaces $NAME in tmpl from env and records each reference; a
// name absent from env expands to "" and is recorded as unset.
func expand(tmpl string, env map[string]string) (string, []authdoctor.VarRef) {
	var b strings.Builder
	var refs []authdoctor.VarRef
	for i := 0; i < len(tmpl); i++ {
		j := i + 1
		for j < len(tmpl) && (tmpl[j] == '_' || 'A' <= tmpl[j] && tmpl[j] <= 'Z' || 'a' <= tmpl[j] && tmpl[j] <= 'z' || i+1 < j && '0' <= tmpl[j] && tmpl[j] <= '9') {
			j++
		}
		if tmpl[i] != '$' || j == i+1 {
			b.WriteByte(tmpl[i])
			continue
		}
		name := tmpl[i+1 : j]
		v, ok := env[name]
		refs = append(refs, authdoctor.VarRef{Name: name, Set: ok, Empty: ok && v == "", Len: len(v)})
		b.WriteString(v)
		i = j - 1
	}
	return b.String(), refs
}

func TestExpand(t *testing.T) {
	t.Parallel()
	env := map[string]string{"TOK": "abc", "EMPTY": ""}
	tests := []struct {
		name, tmpl, want string
		refs             []authdoctor.VarRef
	}{
		{"no reference", "Bearer abc", "Bearer abc", nil},
		{"one reference", "Bearer $TOK", "Bearer abc", []authdoctor.VarRef{{Name: "TOK", Set: true, Len: 3}}},
		{"unset", "Bearer $NOPE!", "Bearer !", []authdoctor.VarRef{{Name: "NOPE"}}},
		{"empty", "$EMPTY", "", []authdoctor.VarRef{{Name: "EMPTY", Set: true, Empty: true}}},
		{"lone dollar", "a $ b$", "a $ b$", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, refs := expand(tt.tmpl, env)
			if got != tt.want {
				t.Errorf("expand(%q) = %q, want %q", tt.tmpl, got, tt.want)
			}
			if diff := cmp.Diff(tt.refs, refs); diff != "" {
				t.Errorf("refs (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRunLab runs the lab scenarios that need no extra flags (no proxy, no
// --resolve, no CA file) through Run against a lab on loopback.
func TestRunLab(t *testing.T) {
	t.Parallel()
	l, err := lab.Start(context.Background(), lab.Config{Now: clock})
	if err != nil {
		t.Fatalf("start lab: %v", err)
	}
	t.Cleanup(func() {
		if err := l.Close(); err != nil {
			t.Errorf("close lab: %v", err)
		}
	})
	ran := 0
	for _, s := range l.Scenarios() {
		if len(s.Args) > 0 || len(s.Unset) > 0 || s.Method != "" {
			continue
		}
		ran++
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			res := run(t, fromScenario(s), doctor.Config{Issuer: doctor.IssuerOptions{Ask: true}})
			if got := res.Diagnosis.Verdict.Cause; got != s.Cause {
				t.Errorf("verdict %s, want %s (%s)", got, s.Cause, res.Diagnosis.Verdict.Summary)
			}
			for _, v := range s.Env {
				if len(v) >= 8 {
					assertNoLeak(t, res, v)
				}
			}
		})
	}
	if ran < 2 {
		t.Fatalf("only %d lab scenarios ran", ran)
	}
}
