package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
)

func captureExpired() CaptureEntry {
	return CaptureEntry{
		Sent:        time.Date(2026, 5, 1, 12, 0, 1, 0, time.UTC),
		Method:      "GET",
		URL:         "https://api.example.com/v1/orders?limit=2&access_token=[redacted]",
		Status:      401,
		FirstByte:   30 * time.Millisecond,
		Total:       34 * time.Millisecond,
		Credentials: []CaptureHeader{{Name: "Authorization", Value: "Bearer [redacted len=812 sha256=1a2b3c4d]"}},
		Diagnosis: &authdoctor.Diagnosis{
			Verdict: authdoctor.Verdict{Cause: authdoctor.CauseTokenExpired, Confidence: authdoctor.Likely,
				Summary: "The token expired 2h ago (at 2026-05-01 10:00:01 UTC).", Fix: "Get a new token.", Finding: "token.expired"},
			Findings: []authdoctor.Finding{{ID: "token.expired", Cause: authdoctor.CauseTokenExpired, Severity: authdoctor.SeverityError,
				Confidence: authdoctor.Likely, Summary: "The token expired 2h ago.", Evidence: []string{"exp 2026-05-01 10:00:01 UTC"}, Fix: "Get a new token."}},
			Credential: &authdoctor.Credential{Header: "Authorization", Scheme: "Bearer", Kind: "jwt", Length: 812, Fingerprint: "1a2b3c4d"},
		},
	}
}

func TestCaptureText(t *testing.T) {
	t.Parallel()
	ok := CaptureEntry{Sent: time.Date(2026, 5, 1, 12, 0, 2, 0, time.UTC), Method: "POST", URL: "https://api.example.com/v1/orders", Status: 201, Total: 1500 * time.Microsecond}
	down := CaptureEntry{Sent: time.Date(2026, 5, 1, 12, 0, 3, 0, time.UTC), Method: "GET", URL: "https://api.example.com/", Total: 2 * time.Millisecond,
		Error: "could not connect to the upstream: connection refused"}
	hostile := CaptureEntry{Sent: time.Date(2026, 5, 1, 12, 0, 4, 0, time.UTC), Method: "GET", URL: "http://h/\x1b[2J", Status: 403,
		Diagnosis: &authdoctor.Diagnosis{Verdict: authdoctor.Verdict{Cause: authdoctor.CausePermissionDenied, Summary: "line\nbreak eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlMTIzNDU2", Fix: "ask"}}}
	cases := map[string]struct {
		e     CaptureEntry
		color bool
		want  string
	}{
		"diagnosed": {e: captureExpired(), want: "12:00:01 GET /v1/orders?limit=2&access_token=[redacted] → 401 (34ms) Authorization: Bearer [redacted len=812 sha256=1a2b3c4d] — token_expired (likely): The token expired 2h ago (at 2026-05-01 10:00:01 UTC).\n" +
			"         fix: Get a new token. (passive: no baseline was sent)\n"},
		"accepted":    {e: ok, want: "12:00:02 POST /v1/orders → 201 (2ms)\n"},
		"no response": {e: down, want: "12:00:03 GET / → no response (2ms) — could not connect to the upstream: connection refused\n"},
		"hostile":     {e: hostile, want: "12:00:04 GET http://h/\\x1b[2J → 403 (0ms) — permission_denied: line break [redacted]\n         fix: ask (passive: no baseline was sent)\n"},
		"colour":      {e: ok, color: true, want: "\x1b[2m12:00:02\x1b[0m POST /v1/orders → \x1b[32m201\x1b[0m (2ms)\n"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			if err := CaptureText(&b, tc.e, Options{Color: tc.color}); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, b.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCaptureJSON(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		e    CaptureEntry
		want map[string]any
	}{
		"diagnosed": {e: captureExpired(), want: map[string]any{
			"schema": CaptureSchema, "time": "2026-05-01T12:00:01Z", "method": "GET",
			"url": "https://api.example.com/v1/orders?limit=2&access_token=[redacted]", "status": 401.0,
			"timing_ms":     map[string]any{"first_byte": 30.0, "total": 34.0},
			"credentials":   []any{map[string]any{"name": "Authorization", "value": "Bearer [redacted len=812 sha256=1a2b3c4d]"}},
			"error":         "",
			"baseline_sent": false,
			"verdict": map[string]any{"cause": "token_expired", "confidence": "likely", "summary": "The token expired 2h ago (at 2026-05-01 10:00:01 UTC).",
				"fix": "Get a new token.", "finding": "token.expired", "doc": "docs/causes.md#token_expired", "decided_by": []any{}, "ruled_out": []any{}},
			"findings": []any{map[string]any{"id": "token.expired", "cause": "token_expired", "severity": "error", "confidence": "likely",
				"summary": "The token expired 2h ago.", "evidence": []any{"exp 2026-05-01 10:00:01 UTC"}, "fix": "Get a new token.", "doc": "docs/causes.md#token_expired"}},
			"credential": map[string]any{"header": "Authorization", "scheme": "Bearer", "kind": "jwt", "format": "jwt", "length": 812.0, "fingerprint": "1a2b3c4d",
				"prefix": "", "vendor": "", "environment": "", "basic_user": "", "jwt": nil},
		}},
		"accepted": {e: CaptureEntry{Method: "GET", URL: "https://api.example.com/?key=abc", Status: 200}, want: map[string]any{
			"schema": CaptureSchema, "time": nil, "method": "GET", "url": "https://api.example.com/?key=[redacted]", "status": 200.0,
			"timing_ms": map[string]any{"first_byte": 0.0, "total": 0.0}, "credentials": []any{}, "error": "", "baseline_sent": false,
			"verdict": nil, "findings": []any{}, "credential": nil,
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			if err := CaptureJSON(&b, tc.e); err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(b.String(), "\n"); n != 1 || !strings.HasSuffix(b.String(), "\n") {
				t.Fatalf("want exactly one line, got %d newlines", n)
			}
			var got map[string]any
			if err := json.Unmarshal(b.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
