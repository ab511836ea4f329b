package credential

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/authdoctor/authdoctor/internal/anchors"
)

// Anchor is a literal that a key FindKeys reports contains, for a
// prefilter that looks for the anchors over a whole log before it runs
// FindKeys on the few lines that have one.
type Anchor struct {
	// Literal is the anchor, case-sensitive: a vendor prefix (sk_live_,
	// ghp_, "SSWS "), or for a key without one what its shape always
	// has: Mailchimp's "-us", a digit and Telegram's ":", the delimiter
	// before a Discord token and its first byte (" M", "=N").
	Literal string
	// Near, when not nil, tells whether the text around s[i:] (where
	// Literal is) could hold such a key. It may say yes wrongly, never no
	// wrongly; it looks only at the bytes of a key and the one before,
	// so never across a line break but for a delimiter that is one.
	// Nil means the literal alone is reason enough.
	Near func(s string, i int) bool
	// Vendor names the issuer: Stripe for sk_live_, Telegram for "7:".
	Vendor string
	// Start anchors are looked for at the start of the text only: a key
	// found by the delimiter before it (Discord's) has none there.
	Start bool
}

// KeyAnchors returns an anchor for every key FindKeys can report: each
// key it reports contains at least one anchor's Literal where Near says
// yes. Prefixes come first, longest first; the slice is the caller's.
func KeyAnchors() []Anchor {
	return slices.Clone(catalogueAnchors())
}

// catalogueAnchors and keyTable are made on first use, not at start-up:
// a command that finds no key pays nothing for them.
var catalogueAnchors = sync.OnceValue(func() []Anchor { return buildAnchors(catalogue) })

// keyTable finds catalogueAnchors for FindKeys.
var keyTable = sync.OnceValue(func() *anchors.Table {
	ca := catalogueAnchors()
	as := make([]anchors.Anchor, len(ca))
	for i, a := range ca {
		as[i] = anchors.Anchor{Lit: a.Literal, Near: a.Near, Start: a.Start}
	}
	return anchors.New(as)
})

// maxAnchorDepth bounds how far into a key its anchor is: a prefix is at
// its start (Discord's pair one byte before it); Mailchimp's "-us"
// follows 32 hex, Telegram's ":" up to 16 digits. The table may point
// at a byte inside the anchor, hence some more.
const maxAnchorDepth = 40

// bareAnchors are what the keys without a prefix always contain, by
// vendor: literals of two bytes or more, so that a prefilter looking for
// pairs of bytes finds them. Every such key FindKeys looks for needs an
// entry; buildAnchors panics (and so every test fails) when a new one
// has none.
var bareAnchors = map[string][]Anchor{
	// 32 hex, "-us", 1–2 digits (the data centre).
	"Mailchimp": {{Literal: "-us", Near: func(s string, i int) bool {
		return i >= 32 && i+3 < len(s) && setDigit.has(s[i+3]) && allInBack(s[i-32:i], &setHexLower)
	}}},
	// 5–16 digits, ":", 35 base64url bytes: a digit and ":".
	"Telegram": pairsBefore(digitChars, ":", func(s string, i int) bool {
		return i >= 5 && allInBack(s[i-5:i], &setDigit) && len(s)-i-1 >= 35 && allIn(s[i+1:i+36], &setB64URL)
	}),
	// 23–28 base64url bytes from M, N or O (a user id's digits in
	// base64), ".", 6–7, ".", 27–40: the byte before the key, which is
	// not a word byte, and its first; at the start of the text, its
	// first alone. (Its dots are everywhere in logs; M, N and O after a
	// delimiter are not.)
	"Discord": discordAnchors(),
}

func discordAnchors() []Anchor {
	var delims []byte
	for b := range 256 {
		if !isWordByte(byte(b)) {
			delims = append(delims, byte(b))
		}
	}
	out := pairsBefore(string(delims), "MNO", discordAt)
	for _, c := range []string{"M", "N", "O"} {
		out = append(out, Anchor{Literal: c, Start: true, Near: discordAt})
	}
	return out
}

// discordAt reports whether s[i:] starts with a Discord token's shape.
func discordAt(s string, i int) bool {
	seg := func(from int) int {
		j := from
		for j < len(s) && setB64URL.has(s[j]) {
			j++
		}
		return j - from
	}
	n1 := seg(i)
	if n1 < 23 || n1 > 28 || i+n1 >= len(s) || s[i+n1] != '.' {
		return false
	}
	j := i + n1 + 1
	n2 := seg(j)
	if n2 < 6 || n2 > 7 || j+n2 >= len(s) || s[j+n2] != '.' {
		return false
	}
	return seg(j+n2+1) >= 27
}

// pairsBefore returns an anchor for each byte of before followed by each
// byte of after, whose Near calls near with the index of the second: one
// closure for all, and literals cut from one string.
func pairsBefore(before, after string, near func(s string, i int) bool) []Anchor {
	second := func(s string, i int) bool { return near(s, i+1) }
	lits := make([]byte, 0, 2*len(before)*len(after))
	for i := range after {
		for k := range before {
			lits = append(lits, before[k], after[i])
		}
	}
	all := string(lits)
	out := make([]Anchor, len(all)/2)
	for k := range out {
		out[k] = Anchor{Literal: all[2*k : 2*k+2], Near: second}
	}
	return out
}

func buildAnchors(ix *index) []Anchor {
	var out []Anchor
	seen := map[string]bool{}
	for c := range ix.groups {
		for _, g := range ix.groups[c] {
			if g.prefix == "" || seen[g.prefix] {
				continue
			}
			seen[g.prefix] = true
			out = append(out, Anchor{Literal: g.prefix, Vendor: g.fallback.Name, Near: g.near})
		}
	}
	slices.SortFunc(out, func(a, b Anchor) int {
		if d := len(b.Literal) - len(a.Literal); d != 0 {
			return d
		}
		return strings.Compare(a.Literal, b.Literal)
	})
	for _, k := range ix.bare {
		if k.trigger.empty() {
			continue // not looked for in free text
		}
		as, ok := bareAnchors[k.Name]
		if !ok {
			panic(fmt.Sprintf("credential: %s keys have no prefix and no entry in bareAnchors", k.Name))
		}
		for _, a := range as {
			a.Vendor = k.Name
			out = append(out, a)
		}
	}
	return out
}

func allIn(s string, set *byteSet) bool {
	for i := 0; i < len(s); i++ {
		if !set.has(s[i]) {
			return false
		}
	}
	return true
}

// near is the anchor check of a prefix: FindKeys reports a key after it
// only at a word boundary (or after the keys' glue word) and when at
// least min bytes of the key's set follow it, so "path" is not Airtable's
// "pat" and "ACCEPT" not a Twilio "AC".
func (g *keyGroup) near(s string, i int) bool {
	if i > 0 && isWordByte(s[i-1]) && g.keys[0].glue == "" {
		return false
	}
	r := i + len(g.prefix)
	n := 0
	for r+n < len(s) && n < g.min && g.set.has(s[r+n]) {
		n++
	}
	return n >= g.min
}

// allInBack is allIn from the end: the byte nearest the anchor decides
// most often.
func allInBack(s string, set *byteSet) bool {
	for i := len(s) - 1; i >= 0; i-- {
		if !set.has(s[i]) {
			return false
		}
	}
	return true
}
