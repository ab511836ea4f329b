package credential

import (
	"strings"
	"testing"
)

// longestVendorPrefixFoldOracle is the catalogue scan that
// longestVendorPrefixFold replaced.
func longestVendorPrefixFoldOracle(v string) string {
	best := ""
	for _, k := range vendorKeys {
		p := k.Prefix
		if p == "" || placeholderWordPrefixes[p] || len(p) <= len(best) || len(v) < len(p) {
			continue
		}
		if v[:len(p)] == p || len(p) >= 5 && strings.EqualFold(v[:len(p)], p) {
			best = p
		}
	}
	return best
}

// TestLongestVendorPrefixFold: the same answer as the scan, for every
// catalogue prefix as written, upper- and lower-cased, cut short and
// followed by a placeholder or a key-like tail.
func TestLongestVendorPrefixFold(t *testing.T) {
	t.Parallel()
	inputs := []string{"", "x", "access_token", "YOUR_API_KEY", "Bearer abc"}
	for _, k := range vendorKeys {
		p := k.Prefix
		for _, v := range []string{p, strings.ToUpper(p), strings.ToLower(p), p + "YOUR_KEY", p + "0123456789abcdef", strings.ToUpper(p) + "x"} {
			inputs = append(inputs, v)
			if len(v) > 1 {
				inputs = append(inputs, v[:len(v)-1])
			}
		}
	}
	for _, v := range inputs {
		if got, want := longestVendorPrefixFold(v), longestVendorPrefixFoldOracle(v); len(got) != len(want) || (got == "") != (want == "") {
			t.Errorf("longestVendorPrefixFold(%q) = %q, want %q (the same length)", v, got, want)
		}
	}
}

// FuzzLongestVendorPrefixFold: the same length as the scan on any input.
func FuzzLongestVendorPrefixFold(f *testing.F) {
	for _, s := range []string{"sk_test_YOUR_KEY", "SK_LIVE_xxx", "ghp_", "AKIA", "xoxb-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if got, want := longestVendorPrefixFold(v), longestVendorPrefixFoldOracle(v); len(got) != len(want) {
			t.Errorf("longestVendorPrefixFold(%q) = %q, want %q", v, got, want)
		}
	})
}
