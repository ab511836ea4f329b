package realserver_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/doctor"
)

// runTimeout bounds one doctor.Run against a loopback server.
const runTimeout = 20 * time.Second

// want is what a case asserts of the Diagnosis. Empty fields are not
// asserted.
type want struct {
	cause      authdoctor.Cause
	confidence authdoctor.Confidence
	// verdictFinding is the id the verdict rests on.
	verdictFinding string
	// findings are ids that must be among the findings.
	findings []string
	// fixMentions is a phrase the verdict's fix must contain.
	fixMentions string
}

// realCase is one request against a real server and what the engine must
// conclude.
type realCase struct {
	name string
	req  authdoctor.Request
	cfg  doctor.Config
	want want
	// knownBug, when set, names an engine bug that makes the verdict
	// differ from want: the case skips with the reason instead of
	// failing; once the bug is fixed it fails until the note goes.
	knownBug string
	// after, when set, asserts on the fakes once the run is done.
	after func(t *testing.T)
}

func runCases(t *testing.T, cases []realCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := diagnose(t, tc.req, tc.cfg)
			if testing.Verbose() {
				t.Log(describe(res))
			}
			if tc.knownBug != "" && res.Diagnosis.Verdict.Cause != tc.want.cause {
				t.Skipf("engine bug: %s; the engine said %s (%s), want %s\n%s",
					tc.knownBug, res.Diagnosis.Verdict.Cause, res.Diagnosis.Verdict.Confidence, tc.want.cause, describe(res))
			}
			if tc.knownBug != "" {
				t.Errorf("the engine gets this right now (%s): remove the knownBug note %q", res.Diagnosis.Verdict.Cause, tc.knownBug)
			}
			assertDiagnosis(t, res, tc.want)
			if tc.after != nil {
				tc.after(t)
			}
		})
	}
}

// field is a credential header as the CLI builds it from an environment
// variable.
func field(name, value string) authdoctor.Field {
	return authdoctor.Field{Name: name, Value: authdoctor.NewSecret(value), Origin: authdoctor.OriginEnv, Source: "test"}
}

// get is a GET of url with the given header fields.
func get(url string, fields ...authdoctor.Field) authdoctor.Request {
	return authdoctor.Request{Method: "GET", URL: url, Header: fields}
}

// diagnose runs the whole pipeline on req with cfg and returns the result.
func diagnose(t *testing.T, req authdoctor.Request, cfg doctor.Config) authdoctor.Run {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), runTimeout)
	defer cancel()
	res, err := doctor.Run(ctx, req, cfg)
	if err != nil {
		t.Fatalf("doctor.Run: %v", err)
	}
	return res
}

// assertDiagnosis checks res against w and, on failure, prints what the
// engine saw: every exchange and every finding, never a credential.
func assertDiagnosis(t *testing.T, res authdoctor.Run, w want) {
	t.Helper()
	v := res.Diagnosis.Verdict
	ok := true
	if v.Cause != w.cause {
		t.Errorf("verdict cause = %s, want %s", v.Cause, w.cause)
		ok = false
	}
	if w.confidence != "" && v.Confidence != w.confidence {
		t.Errorf("verdict confidence = %s, want %s", v.Confidence, w.confidence)
		ok = false
	}
	if w.verdictFinding != "" && v.Finding != w.verdictFinding {
		t.Errorf("verdict rests on %q, want %q", v.Finding, w.verdictFinding)
		ok = false
	}
	for _, id := range w.findings {
		if findingByID(res.Diagnosis, id) == nil {
			t.Errorf("finding %s missing", id)
			ok = false
		}
	}
	if w.fixMentions != "" && !strings.Contains(v.Fix, w.fixMentions) {
		t.Errorf("verdict fix %q does not mention %q", v.Fix, w.fixMentions)
		ok = false
	}
	if !ok {
		t.Log(describe(res))
	}
}

func findingByID(d authdoctor.Diagnosis, id string) *authdoctor.Finding {
	for i := range d.Findings {
		if d.Findings[i].ID == id {
			return &d.Findings[i]
		}
	}
	return nil
}

// describe is the engine's view of a run, for failure messages.
func describe(res authdoctor.Run) string {
	var b strings.Builder
	v := res.Diagnosis.Verdict
	fmt.Fprintf(&b, "verdict: %s (%s) from %q: %s\n", v.Cause, v.Confidence, v.Finding, v.Summary)
	if o := res.Observation; o != nil {
		for _, p := range o.Probes {
			fmt.Fprintf(&b, "probe %s (%s):\n", p.Role, p.Label)
			for i := range p.Hops {
				e := &p.Hops[i]
				fmt.Fprintf(&b, "  %s %s -> %d sent-credential=%v www-authenticate=%q body=%q\n",
					e.Method, authdoctor.RedactURL(e.URL), e.Status, e.SentCredential(),
					e.Header.Values("WWW-Authenticate"), excerpt(string(e.Body)))
			}
			if p.Err != nil {
				fmt.Fprintf(&b, "  error: %v\n", p.Err)
			}
		}
		for _, s := range o.Skipped {
			fmt.Fprintf(&b, "skipped: %s\n", s)
		}
	}
	for _, f := range res.Diagnosis.Findings {
		fmt.Fprintf(&b, "finding %s %s %s %s: %s\n", f.ID, f.Cause, f.Severity, f.Confidence, f.Summary)
		for _, e := range f.Evidence {
			fmt.Fprintf(&b, "    - %s\n", e)
		}
	}
	return b.String()
}

func excerpt(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

// basic is the value of a Basic Authorization header for user:password,
// encoded correctly (RFC 7617 §2).
func basic(user, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
}

// expiredJWT is a JWT whose exp passed an hour ago; its signature is
// random bytes, which is all the backend needs to refuse it.
func expiredJWT(t *testing.T) string {
	t.Helper()
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("encode JWT part: %v", err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	now := time.Now()
	return enc(map[string]any{"alg": "HS256", "typ": "JWT"}) + "." +
		enc(map[string]any{"sub": "realserver-test", "iat": now.Add(-2 * time.Hour).Unix(), "exp": now.Add(-time.Hour).Unix()}) + "." +
		base64.RawURLEncoding.EncodeToString([]byte("not-a-real-signature-but-32-byte"))
}
