package cli

import (
	"strings"
	"testing"
	"time"
)

var atNow = time.Date(2026, 12, 4, 18, 0, 0, 0, time.UTC)

func TestParseAt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in      string
		want    time.Time
		wantErr string
	}{
		{"+2h", atNow.Add(2 * time.Hour), ""},
		{"-30m", atNow.Add(-30 * time.Minute), ""},
		{" +1h30m ", atNow.Add(90 * time.Minute), ""},
		{"2026-12-05T02:00:00Z", time.Date(2026, 12, 5, 2, 0, 0, 0, time.UTC), ""},
		{"2026-12-05T03:00:00+01:00", time.Date(2026, 12, 5, 2, 0, 0, 0, time.UTC), ""},
		// Near misses.
		{"2h", time.Time{}, "a duration needs a sign: +2h for later, -2h for earlier"},
		{"+2 hours", time.Time{}, "not a duration like +2h"},
		{"+2d", time.Time{}, "not a duration like +2h"},
		{"+100000h", time.Time{}, "more than ten years from now"},
		{"2026-12-05", time.Time{}, "not an RFC 3339 time"},
		{"2026-12-05 02:00:00", time.Time{}, "not an RFC 3339 time"},
		{"tomorrow", time.Time{}, "not an RFC 3339 time"},
		{"", time.Time{}, "empty"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := parseAt(tc.in, atNow)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("parseAt(%q) error = %v, want one containing %q", tc.in, err, tc.wantErr)
				}
				return
			}
			if err != nil || !got.Equal(tc.want) {
				t.Fatalf("parseAt(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
}

// FuzzParseAt: parseAt never panics; an error is one line; a relative
// moment stays within ten years of now.
func FuzzParseAt(f *testing.F) {
	for _, s := range []string{"+2h", "-30m", "2h", "2026-12-05T02:00:00Z", "+9999999999h", "-0s", "2026-12-05T03:00:00+01:00", "\n+1h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseAt(s, atNow)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("error for %q is not one line: %q", s, err)
			}
			return
		}
		if v := strings.TrimSpace(s); v != "" && (v[0] == '+' || v[0] == '-') {
			if d := got.Sub(atNow); d > maxAtOffset || d < -maxAtOffset {
				t.Fatalf("parseAt(%q) = %v, more than ten years from now", s, got)
			}
		}
	})
}
