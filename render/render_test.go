package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
	"github.com/google/go-cmp/cmp"
)

func TestFormatDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		d    time.Duration
		want string
	}{
		{"zero", 0, "0ms"},
		{"negative", -time.Second, "0ms"},
		{"under a millisecond", 999 * time.Microsecond, "0ms"},
		{"one millisecond", time.Millisecond, "1ms"},
		{"rounds half up", 1500 * time.Microsecond, "2ms"},
		{"just under ten seconds", 9999 * time.Millisecond, "9999ms"},
		{"rounds to ten seconds", 9999600 * time.Microsecond, "10.0s"},
		{"ten seconds", 10 * time.Second, "10.0s"},
		{"seconds one decimal", 12345 * time.Millisecond, "12.3s"},
		{"minutes in seconds", 2 * time.Minute, "120.0s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := formatDuration(tt.d); got != tt.want {
				t.Errorf("formatDuration(%v) = %q, want %q", tt.d, got, tt.want)
			}
		})
	}
}

func TestMillis(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		d    time.Duration
		want float64
	}{
		{"zero", 0, 0},
		{"one decimal", 12345 * time.Microsecond, 12.3},
		{"rounds", 12350 * time.Microsecond, 12.4},
		{"sub millisecond", 50 * time.Microsecond, 0.1},
		{"whole", 3 * time.Second, 3000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := millis(tt.d); got != tt.want {
				t.Errorf("millis(%v) = %v, want %v", tt.d, got, tt.want)
			}
		})
	}
}

func TestStatusText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		code int
		want string
	}{
		{"no response", 0, "no response"},
		{"known", 401, "401 Unauthorized"},
		{"forbidden", 403, "403 Forbidden"},
		{"unknown", 499, "499 Unknown Status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := statusText(tt.code); got != tt.want {
				t.Errorf("statusText(%d) = %q, want %q", tt.code, got, tt.want)
			}
		})
	}
}

func TestTitle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		cause authdoctor.Cause
		want  string
	}{
		{"accepted", authdoctor.CauseAccepted, "Accepted"},
		{"documented", authdoctor.CauseTokenExpired, "Token expired"},
		{"keeps capitals", authdoctor.CauseCSRFRequired, "CSRF token required"},
		{"unknown", "made_up_cause", "Made up cause"},
		{"empty", "", "Unknown cause"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := title(tt.cause); got != tt.want {
				t.Errorf("title(%q) = %q, want %q", tt.cause, got, tt.want)
			}
		})
	}
}

func TestRelative(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		t    time.Time
		now  time.Time
		want string
	}{
		{"unknown now", now, time.Time{}, ""},
		{"same second", now.Add(300 * time.Millisecond), now, "now"},
		{"seconds ago", now.Add(-42 * time.Second), now, "42s ago"},
		{"minutes ahead", now.Add(5*time.Minute + 30*time.Second), now, "in 5m"},
		{"hours ago", now.Add(-2*time.Hour - 59*time.Minute), now, "2h ago"},
		{"days ahead", now.Add(90 * 24 * time.Hour), now, "in 90d"},
		{"two days is days", now.Add(-48 * time.Hour), now, "2d ago"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := relative(tt.t, tt.now); got != tt.want {
				t.Errorf("relative = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		body      []byte
		proberCut bool
		limit     int
		want      string
		wantCut   bool
	}{
		{"empty", nil, false, 10, "", false},
		{"fits", []byte("hello"), false, 10, "hello", false},
		{"cut here", []byte("hello world"), false, 5, "hello" + truncatedMark, true},
		{"cut by prober", []byte("hello"), true, 10, "hello" + truncatedMark, true},
		{"cut at rune boundary", []byte("aé"), false, 2, "a" + truncatedMark, true},
		{"invalid utf-8 replaced", []byte("a\xffb"), false, 10, "a\uFFFDb", false},
		{"scrubbed before the cut", []byte("x " + canaryKey), false, 20, "x sk_live_[redacted]", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, cut := body(tt.body, tt.proberCut, tt.limit)
			if got != tt.want || cut != tt.wantCut {
				t.Errorf("body = %q, %v; want %q, %v", got, cut, tt.want, tt.wantCut)
			}
		})
	}
}

func TestOneLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"plain", "Bearer realm=\"lab\"", "Bearer realm=\"lab\""},
		{"newlines", "a\r\nb\tc", "a  b c"},
		{"escape sequence", "\x1b[2Jgone", `\x1b[2Jgone`},
		{"C1 control", "a\u009bb", `a\u009bb`},
		{"bidi override", "abc\u202edef", `abc\u202edef`},
		{"unicode kept", "café ✓", "café ✓"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := oneLine(tt.in); got != tt.want {
				t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMarkdownEscapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"text", mdText("a_b *c* [d](e) <script>"), `a\_b \*c\* \[d\](e) \<script\>`},
		{"code plain", code("GET /x"), "`GET /x`"},
		{"code with backtick", code("a`b"), "``a`b``"},
		{"code edge backtick", code("`a"), "`` `a ``"},
		{"cell pipe", cell("a|b"), `a\|b`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestResponseFields(t *testing.T) {
	t.Parallel()
	h := http.Header{
		"X-Request-Id":     {"r1"},
		"Set-Cookie":       {"a=1", "b=2"},
		"Www-Authenticate": {`Basic realm="x"`, `Bearer realm="y"`},
		"Location":         {"https://cdn.test/f?X-Amz-Signature=abc&v=1"},
		"Content-Type":     {"text/plain"},
	}
	want := []field{
		{"Content-Type", "text/plain"},
		{"Location", "https://cdn.test/f?X-Amz-Signature=[redacted]&v=1"},
		{"Set-Cookie", "[redacted]"},
		{"Set-Cookie", "[redacted]"},
		{"WWW-Authenticate", `Basic realm="x"`},
		{"WWW-Authenticate", `Bearer realm="y"`},
		{"X-Request-Id", "r1"},
	}
	if diff := cmp.Diff(want, responseFields(h)); diff != "" {
		t.Errorf("responseFields (-want +got):\n%s", diff)
	}
}

// TestProbeWithoutHops checks the one exchange entry of a probe that never
// got a response.
func TestProbeWithoutHops(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := JSON(&buf, unreachableReport(canaryKey)); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Exchanges []jsonExchange `json:"exchanges"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Exchanges) != 1 {
		t.Fatalf("got %d exchanges, want 1", len(doc.Exchanges))
	}
	e := doc.Exchanges[0]
	want := jsonExchange{
		Probe: authdoctor.RoleBaseline, Label: "without credentials", Hop: 1, Method: "GET",
		URL: "http://[redacted]@127.0.0.1:1/api/orders",
		RequestHeaders: []field{
			{"Authorization", "Basic " + authdoctor.NewSecret(canaryKey).String()},
			{"X-Api-Key", authdoctor.NewSecret(canaryKey).String()},
		},
		ResponseHeaders: []field{},
		Error: &jsonError{
			Phase:   "connect",
			Message: "dial tcp 127.0.0.1:1: connect: connection refused (token sk_live_[redacted])",
			Hint:    "Check that the server is running and listening on port 1.",
		},
	}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("exchange (-want +got):\n%s", diff)
	}
}

// TestEmptyReport renders the zero Report: nothing to show must not panic
// or fail.
func TestEmptyReport(t *testing.T) {
	t.Parallel()
	for _, f := range formats {
		t.Run(f.suffix, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := f.render(&buf, authdoctor.Run{}); err != nil {
				t.Fatal(err)
			}
			if buf.Len() == 0 {
				t.Error("no output")
			}
		})
	}
}

// TestNoColor asserts that only Color adds escape sequences.
func TestNoColor(t *testing.T) {
	t.Parallel()
	for _, rc := range reportCases {
		t.Run(rc.name, func(t *testing.T) {
			t.Parallel()
			for _, o := range []Options{{}, {Verbose: true}, {Color: true}} {
				var buf bytes.Buffer
				if err := Text(&buf, rc.build(rc.secret), o); err != nil {
					t.Fatal(err)
				}
				if got := bytes.Contains(buf.Bytes(), []byte("\x1b[")); got != o.Color {
					t.Errorf("%+v: escape sequences = %v", o, got)
				}
			}
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	t.Parallel()
	r := expiredReport(canaryJWT)
	for name, err := range map[string]error{
		"text":     Text(failWriter{}, r, Options{}),
		"json":     JSON(failWriter{}, r),
		"markdown": Markdown(failWriter{}, r),
	} {
		if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.HasPrefix(err.Error(), "render ") {
			t.Errorf("%s: err = %v, want render …: disk full", name, err)
		}
	}
}
