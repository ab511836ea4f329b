package issuer

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
)

func TestScrubber(t *testing.T) {
	t.Parallel()
	sc := newScrubber(authdoctor.NewSecret("tok.en-123456"), authdoctor.NewSecret(`se "cret`), "client:se+%22cret")
	tests := []struct {
		name      string
		in        string
		truncated bool
		want      string
	}{
		{name: "nothing", in: "hello", want: "hello"},
		{name: "token", in: "a tok.en-123456 b", want: "a [redacted] b"},
		{name: "secret json-escaped", in: `{"x":"se \"cret"}`, want: `{"x":"[redacted]"}`},
		{name: "secret form-escaped", in: "s=se+%22cret", want: "s=[redacted]"},
		{name: "basic base64", in: "Basic Y2xpZW50OnNlKyUyMmNyZXQ=", want: "Basic [redacted]"},
		{name: "twice is once", in: "[redacted] tok.en-123456", want: "[redacted] [redacted]"},
		{name: "cut token at the end", in: "echo: tok.en-12", truncated: true, want: "echo: [redacted]"},
		{name: "short tail kept", in: "echo: tok", truncated: true, want: "echo: tok"},
		{name: "tail only when cut", in: "echo: tok.en-12", want: "echo: tok.en-12"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := string(sc.Bytes([]byte(tc.in), tc.truncated)); got != tc.want {
				t.Errorf("scrub(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	h := sc.Header(http.Header{"X-Echo": {"tok.en-123456", "ok"}})
	if diff := cmp.Diff(http.Header{"X-Echo": {"[redacted]", "ok"}}, h); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if got := (*authdoctor.Scrubber)(nil).String("x"); got != "x" {
		t.Errorf("nil scrubber changed %q", got)
	}
}
