package credential

// KeyMatch is one catalogue key FindKeys found in free text. It holds
// offsets, never the key.
type KeyMatch struct {
	// Start and End delimit the key in the text searched: s[Start:End],
	// its prefix included.
	Start, End int
	// Keep is how many bytes at Start are the vendor's non-secret prefix
	// (sk_test_, ghp_, "SSWS "): a scrubber keeps s[Start:Start+Keep] and
	// hides s[Start+Keep:End]. 0 for keys without a prefix.
	Keep int
	// Vendor is the catalogue entry with what the value says of itself
	// (checksum, host, environment) when Exact; for a value that only
	// starts like a key, the vendor best known for its prefix. Its
	// Alternatives slice is shared with the catalogue: do not modify it.
	Vendor Vendor
	// Exact is true when the value has the vendor's exact shape. A value
	// that is not exact starts with a vendor's prefix and has a key's
	// bytes but not its length or layout: a truncated or mangled key, or
	// a word that happens to start like one. A scrubber hides both; a
	// leak scanner reports only exact ones.
	Exact bool
	// Placeholder is true when the part after the prefix is a
	// documentation placeholder (sk_test_xxxxxxxxxxxxxxxxxxxxxxxx); such a
	// value is never Exact.
	Placeholder bool
}

// FindKeys reports every catalogue key in s, in order, by calling fn
// until it returns false. A key starts and ends at a word boundary (no
// letter, digit or underscore on either side) and matches never overlap.
//
// It looks for each literal prefix of the catalogue, and for the keys
// without one that have a distinctive shape (Telegram bot tokens,
// Discord bot tokens, Mailchimp keys, Okta tokens after "SSWS "). After a
// prefix, any run of the key's bytes between the lengths bounds is
// reported, exact or not (see KeyMatch.Exact): a truncated key is still a
// secret to hide. Keys known only by the header they are sent in
// (Datadog, Postmark) cannot be found in free text.
//
// The scan is linear in len(s): each position tries the few prefixes
// that start with its byte, and runs of key bytes are measured once per
// byte set. It allocates nothing of its own.
func FindKeys(s string, fn func(KeyMatch) bool) {
	// A key holds an anchor (KeyAnchors) at most maxAnchorDepth bytes
	// after its start: none starts before the first anchor's place less
	// that, and a text without one holds no key.
	first := keyTable().Index(s)
	if first < 0 {
		return
	}
	findKeysFrom(s, max(0, first-maxAnchorDepth), fn)
}

// findKeysFrom is FindKeys looking for keys that start at from or after.
func findKeysFrom(s string, from int, fn func(KeyMatch) bool) {
	var runs runCache
	var m KeyMatch
	for i := from; i < len(s); i++ {
		gs := catalogue.groups[s[i]]
		if len(gs) == 0 {
			continue
		}
		glued := i > 0 && isWordByte(s[i-1]) // only a key with glue may start here
		if glued && !catalogue.glued[s[i]] {
			continue
		}
		prefixed := false // a longer prefix matched: no exact claim below it
		for _, g := range gs {
			if glued && !g.gluedAt(s, i) {
				continue
			}
			matched, ok := g.find(s, i, &runs, prefixed, &m)
			prefixed = prefixed || matched
			if !ok {
				continue
			}
			if !fn(m) {
				return
			}
			i = m.End - 1
			break
		}
	}
}

// runCache remembers, per loose byte set, the last maximal run measured,
// so that a run is scanned once however many prefixes end inside it.
type runCache struct {
	from, to [maxLooseSets]int
	valid    [maxLooseSets]bool
}

// end returns the end of the maximal run of set bytes starting at r.
func (c *runCache) end(s string, r, id int, set *byteSet) int {
	if c.valid[id] && c.from[id] <= r && r <= c.to[id] {
		return c.to[id]
	}
	e := r
	for e < len(s) && set.has(s[e]) {
		if c.valid[id] && e == c.from[id] {
			e = c.to[id]
			break
		}
		e++
	}
	if !c.valid[id] || r >= c.to[id] || e == c.to[id] {
		c.from[id], c.to[id], c.valid[id] = r, e, true
	}
	return e
}

// find tries the group at s[i:]. matched reports whether the prefix is
// there, ok whether a key is. After a longer prefix matched without a key
// (demoted), a value is never exact, as Recognise would not recognise it
// either: the longest prefix decides.
// The match is written to m only when ok: a KeyMatch is large, and most
// calls find nothing.
func (g *keyGroup) find(s string, i int, runs *runCache, demoted bool, m *KeyMatch) (matched, ok bool) {
	if len(s)-i < len(g.prefix) || s[i:i+len(g.prefix)] != g.prefix {
		return false, false
	}
	if g.exactOnly && demoted {
		return false, false
	}
	matched = g.prefix != ""
	r := i + len(g.prefix)
	e := runs.end(s, r, g.setID, &catalogue.sets[g.setID])
	// A dot after a key ends a sentence more often than it continues the
	// key.
	for e > r && s[e-1] == '.' {
		e--
	}
	n := e - r
	if n < g.min || n > g.max || e < len(s) && isWordByte(s[e]) {
		return matched, false
	}
	rest := s[r:e]
	var k *vendorKey
	exact, placeholder := false, false
	var v Vendor
	for _, k = range g.keys {
		if demoted || !k.rest.match(rest) {
			continue
		}
		v = k.Vendor
		if !k.read.read(rest, &v) {
			continue
		}
		exact = true
		if _, ph := placeholderCore(rest); ph {
			exact, placeholder = false, true
		}
		break
	}
	if !exact && g.exactOnly {
		return matched, false
	}
	if !exact && !placeholder {
		v = g.fallback.Vendor
	}
	*m = KeyMatch{Start: i, End: e, Keep: len(g.prefix), Vendor: v, Exact: exact, Placeholder: placeholder}
	return matched, true
}

// gluedAt reports whether the group's keys may start at i although a word
// byte precedes it: s[:i] ends with the keys' glue word, which itself
// starts at a boundary.
func (g *keyGroup) gluedAt(s string, i int) bool {
	w := g.keys[0].glue
	if w == "" || i < len(w) || s[i-len(w):i] != w {
		return false
	}
	j := i - len(w)
	return j == 0 || !isWordByte(s[j-1])
}
