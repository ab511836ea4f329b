package check

import (
	"regexp"
	"testing"
)

// hexRunsOracle is the regexp hexRuns replaces.
var hexRunsOracle = regexp.MustCompile(`[0-9a-f]*[0-9][0-9a-f]*`)

var hexRunsCases = []struct{ name, in string }{
	{"empty", ""},
	{"no hex", "token expired"},
	{"letters only", "face bead cafe"},
	{"request id", "request 7f3a9c21 failed"},
	{"digits at the ends", "42 is 1e6 not 0"},
	{"digest nonce", `digest realm="api", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", qop="auth"`},
	{"upper case stays", "ABC123 abc123"},
	{"utf-8", "jeton expiré à 12:30 – réessayez"},
	{"all hex", "0123456789abcdef"},
}

func TestHexRuns(t *testing.T) {
	t.Parallel()
	for _, c := range hexRunsCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got, want := hexRuns(c.in), hexRunsOracle.ReplaceAllString(c.in, "#"); got != want {
				t.Errorf("hexRuns(%q) = %q, want %q (the regexp's)", c.in, got, want)
			}
		})
	}
}

// FuzzHexRuns: hexRuns agrees with the regexp it replaces on any input.
func FuzzHexRuns(f *testing.F) {
	for _, c := range hexRunsCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hexRuns(s), hexRunsOracle.ReplaceAllString(s, "#"); got != want {
			t.Errorf("hexRuns(%q) = %q, want %q", s, got, want)
		}
	})
}
