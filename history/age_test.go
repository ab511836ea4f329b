package history

import (
	"strings"
	"testing"
	"time"
)

var ageCases = []struct {
	in   string
	want time.Duration
	err  bool
}{
	{"90d", 90 * 24 * time.Hour, false},
	{"7d", 7 * 24 * time.Hour, false},
	{"2w", 14 * 24 * time.Hour, false},
	{"36h", 36 * time.Hour, false},
	{"90m", 90 * time.Minute, false},
	{"1h30m", 90 * time.Minute, false},
	{" 1d ", 24 * time.Hour, false},
	{"", 0, true},
	{"d", 0, true},
	{"0d", 0, true},
	{"-3d", 0, true},
	{"1.5d", 0, true},
	{"-1h", 0, true},
	{"99999999999d", 0, true},
	{"ninety days", 0, true},
}

func TestParseAge(t *testing.T) {
	t.Parallel()
	for _, tc := range ageCases {
		got, err := ParseAge(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseAge(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.err)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("ParseAge(%q): error is not one line: %q", tc.in, err)
		}
	}
}

// FuzzParseAge: never panics; an accepted age is positive and at most
// maxAge; an error is one line.
func FuzzParseAge(f *testing.F) {
	for _, tc := range ageCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseAge(s)
		if err != nil {
			if d != 0 || strings.Contains(err.Error(), "\n") {
				t.Fatalf("ParseAge(%q) = %v, %q", s, d, err)
			}
			return
		}
		if d <= 0 || d > maxAge {
			t.Fatalf("ParseAge(%q) = %v, out of range", s, d)
		}
	})
}
