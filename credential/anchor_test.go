package credential

import (
	"strings"
	"testing"
)

// anchoredAt reports whether an anchor of KeyAnchors is inside
// s[start:end] where its Near says yes: what a prefilter needs of every
// key FindKeys reports.
func anchoredAt(s string, start, end int) bool {
	for _, a := range KeyAnchors() {
		if a.Start {
			if start == 0 && strings.HasPrefix(s, a.Literal) && (a.Near == nil || a.Near(s, 0)) {
				return true
			}
			continue
		}
		// An anchor may begin with the delimiter before the key.
		for off := max(0, start-1); off < end; {
			i := strings.Index(s[off:end], a.Literal)
			if i < 0 {
				break
			}
			if a.Near == nil || a.Near(s, off+i) {
				return true
			}
			off += i + 1
		}
	}
	return false
}

func TestKeyAnchorsCoverEveryVendorCase(t *testing.T) {
	t.Parallel()
	n := 0
	for _, tc := range vendorCases() {
		for _, s := range []string{tc.value, "x " + tc.value + " y", `"key":"` + tc.value + `"`} {
			FindKeys(s, func(m KeyMatch) bool {
				n++
				if !anchoredAt(s, m.Start, m.End) {
					t.Errorf("%s %s found in %q has no anchor", m.Vendor.Name, m.Vendor.Kind, tc.name)
				}
				return true
			})
		}
	}
	if n < len(vendorCases()) {
		t.Fatalf("only %d keys found in %d vendor cases", n, len(vendorCases()))
	}
}

func TestKeyAnchorsOfBareKeys(t *testing.T) {
	t.Parallel()
	vendors := map[string]bool{}
	for _, a := range KeyAnchors() {
		if a.Literal == "" || a.Vendor == "" {
			t.Errorf("anchor %+v lacks a literal or a vendor", a)
		}
		if a.Near != nil {
			vendors[a.Vendor] = true
		}
	}
	for _, k := range catalogue.bare {
		if !k.trigger.empty() && !vendors[k.Name] {
			t.Errorf("%s keys have no prefix and no anchor", k.Name)
		}
	}
	// The checks say no to what is merely near a key's shape.
	tg := fill(digits, 10, 4) + ":" + fill(b64url, 35, 5)
	mc := fill(hexLower, 32, 6) + "-us14"
	dc := discordToken("123456789012345678", 8)
	for _, s := range []string{tg, mc, dc} {
		if !anchoredAt(s, 0, len(s)) {
			t.Errorf("%q: no anchor", s)
		}
	}
	for _, s := range []string{"12:30:45.123", "1234:" + fill(b64url, 35, 5), fill(digits, 10, 4) + ":" + fill(b64url, 34, 5) + " ", fill(hexLower, 31, 6) + "-us14", "api.example.com", fill(b64url, 24, 1) + "." + fill(b64url, 5, 2) + "." + fill(b64url, 30, 3)} {
		if anchoredAt(s, 0, len(s)) {
			t.Errorf("%q: anchored, yet no key", s)
		}
	}
}
