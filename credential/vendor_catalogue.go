package credential

import (
	"fmt"
	"sort"
)

// vendorKeys is the catalogue Recognise, RecogniseIn, FindKeys,
// Placeholder and Vendors read, one entry per kind of key, grouped by
// field of work in the vendor_*.go files. Order does not decide between
// prefixes (the longest match does). Where vendors share a prefix, the
// first entry whose shape accepts the value wins, so the stricter shapes
// come first: Clerk's before Stripe's (sk_test_, pk_test_), Adyen's and
// Paddle's before Mollie's (test_, live_).
var vendorKeys = join(
	authKeys, // Clerk before Stripe
	paymentKeys,
	devKeys,
	cloudKeys,
	aiKeys,
	messagingKeys,
)

func join(groups ...[]vendorKey) []vendorKey {
	var out []vendorKey
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// index is the catalogue arranged for lookup.
type index struct {
	// byFirst holds the keys with a literal prefix by its first byte,
	// longest prefix first, table order among equals.
	byFirst [256][]*vendorKey
	// bare are the keys without a prefix, recognised by shape alone.
	bare []*vendorKey
	// context are the keys recognised only with their header or scheme.
	context []*vendorKey
	// groups holds what FindKeys looks for by first byte: one group per
	// prefix, longest first, then the bare keys that can start with the
	// byte.
	groups [256][]*keyGroup
	// sets are the distinct byte sets of the groups' loose runs.
	sets []byteSet
	// glued marks the first bytes of a group whose keys may follow
	// their glue word with no boundary: only there is a key looked for
	// inside a word.
	glued [256]bool
}

// keyGroup is one prefix FindKeys looks for in free text, with every
// kind of key that has it.
type keyGroup struct {
	prefix string
	keys   []*vendorKey
	// set, min and max bound the loose run after the prefix: any run of
	// set bytes of that length is reported (a truncated key is still a
	// secret), exact or not.
	set      byteSet
	setID    int
	min, max int
	// exactOnly: without a prefix there is no claim unless the shape is
	// exact.
	exactOnly bool
	// fallback names a value that only starts like a key: the first kind
	// whose FindKeys bounds were widened (the vendor long known for the
	// prefix: Stripe's sk_test_ rather than Clerk's), else the first.
	fallback *vendorKey
}

// maxLooseSets bounds the number of distinct loose byte sets: FindKeys
// keeps one cached run per set on its stack.
const maxLooseSets = 64

var catalogue = buildIndex(vendorKeys)

func buildIndex(keys []vendorKey) *index {
	ix := &index{}
	groupOf := map[string]*keyGroup{}
	var order []*keyGroup
	addToGroup := func(prefix string, k *vendorKey, exactOnly bool) {
		g := groupOf[prefix]
		if g == nil || exactOnly {
			g = &keyGroup{prefix: prefix, exactOnly: exactOnly, min: -1}
			if !exactOnly {
				groupOf[prefix] = g
			}
			order = append(order, g)
		}
		g.keys = append(g.keys, k)
		if g.fallback == nil || g.fallback == g.keys[0] && k.findMin+k.findMax > 0 && g.keys[0].findMin+g.keys[0].findMax == 0 {
			g.fallback = k
		}
		lo, hi := k.rest.bounds()
		if k.findMin > 0 && !exactOnly {
			lo = min(lo, k.findMin)
		}
		if k.findMax > hi && !exactOnly {
			hi = k.findMax
		}
		if g.min < 0 || lo < g.min {
			g.min = lo
		}
		g.max = max(g.max, hi)
		g.set = g.set.or(k.rest.bytes())
		if !exactOnly {
			g.set = g.set.or(k.findSet)
		}
	}
	for i := range keys {
		k := &keys[i]
		switch {
		case k.field != "" || k.scheme != "":
			ix.context = append(ix.context, k)
			if k.findPrefix != "" {
				addToGroup(k.findPrefix, k, false)
			}
		case k.Prefix == "":
			ix.bare = append(ix.bare, k)
			if !k.trigger.empty() {
				addToGroup("", k, true)
			}
		default:
			ix.byFirst[k.Prefix[0]] = append(ix.byFirst[k.Prefix[0]], k)
			addToGroup(k.Prefix, k, false)
		}
	}
	for c := range ix.byFirst {
		ks := ix.byFirst[c]
		sort.SliceStable(ks, func(i, j int) bool { return len(ks[i].Prefix) > len(ks[j].Prefix) })
	}
	for _, g := range order {
		g.setID = -1
		for i, s := range ix.sets {
			if s == g.set {
				g.setID = i
			}
		}
		if g.setID < 0 {
			g.setID = len(ix.sets)
			ix.sets = append(ix.sets, g.set)
		}
		if g.prefix != "" {
			ix.groups[g.prefix[0]] = append(ix.groups[g.prefix[0]], g)
			continue
		}
		for c := 0; c < 256; c++ {
			if g.keys[0].trigger.has(byte(c)) {
				ix.groups[c] = append(ix.groups[c], g)
			}
		}
	}
	if len(ix.sets) > maxLooseSets {
		panic(fmt.Sprintf("credential: %d loose byte sets, more than maxLooseSets", len(ix.sets)))
	}
	for c := range ix.groups {
		for _, g := range ix.groups[c] {
			if g.keys[0].glue != "" {
				ix.glued[c] = true
			}
		}
	}
	for c := range ix.groups {
		gs := ix.groups[c]
		sort.SliceStable(gs, func(i, j int) bool { return len(gs[i].prefix) > len(gs[j].prefix) })
	}
	return ix
}
