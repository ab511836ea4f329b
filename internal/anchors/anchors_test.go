package anchors

import (
	"strings"
	"testing"
)

var testAnchors = []Anchor{
	{Lit: "token", Fold: true},
	{Lit: "sk_live_"},
	{Lit: "-----BEGIN "},
	{Lit: "ab"},
	{Lit: "x.", Near: func(s string, i int) bool { return i >= 3 && s[i-3:i] == "abc" }},
}

// naive returns, by brute force, where each anchor found in s starts.
func naive(as []Anchor, s string) (starts []int) {
	for i := range len(s) {
		for _, a := range as {
			if len(s)-i < len(a.Lit) {
				continue
			}
			w := s[i : i+len(a.Lit)]
			if a.Fold && strings.ToLower(w) != a.Lit || !a.Fold && w != a.Lit {
				continue
			}
			if a.Near == nil || a.Near(s, i) {
				starts = append(starts, i)
				break
			}
		}
	}
	return starts
}

func check(t *testing.T, tb *Table, s string) {
	t.Helper()
	starts := naive(testAnchors, s)
	got := tb.Index(s)
	if len(starts) == 0 {
		if got >= 0 {
			t.Fatalf("Index(%q) = %d, want -1", s, got)
		}
		return
	}
	// The result is inside the first anchor: at its start or within
	// its length, and no later than any anchor's start.
	first := starts[0]
	if got < first || got > first+len("-----BEGIN ") {
		t.Fatalf("Index(%q) = %d, first anchor at %d", s, got, first)
	}
}

func TestIndex(t *testing.T) {
	t.Parallel()
	tb := New(testAnchors)
	for _, s := range []string{"", "a", "ab", "no anchor here at all, none", "TOKEN", "xToKeNx", "sk_live", "sk_live_", "abcx.", "zzzx.", "-----BEGIN RSA"} {
		check(t, tb, s)
	}
	// Every offset, to cross the eight-byte windows and the tail.
	for _, lit := range []string{"token", "sk_live_", "ab", "abcx."} {
		for pad := range 20 {
			check(t, tb, strings.Repeat("-", pad)+lit+strings.Repeat("=", pad%5))
		}
	}
}

func TestNewRefuses(t *testing.T) {
	t.Parallel()
	for _, a := range []Anchor{{Lit: "x"}, {Lit: "Token", Fold: true}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%+v) did not panic", a)
				}
			}()
			New([]Anchor{a})
		}()
	}
}

func FuzzIndex(f *testing.F) {
	for _, s := range []string{"token", "xx sk_live_ yy", "abcx.", "-----BEGIN ", "aaaaaaab"} {
		f.Add(s)
	}
	tb := New(testAnchors)
	f.Fuzz(func(t *testing.T, s string) { check(t, tb, s) })
}

func BenchmarkIndex(b *testing.B) {
	s := strings.Repeat(`ts=2026-12-04T21:25:55.123Z level=info msg="request handled" method=GET path=/v1/orders/88 status=200`+"\n", 10000)
	tb := New(testAnchors)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if tb.Index(s) >= 0 {
			b.Fatal("found an anchor")
		}
	}
}
