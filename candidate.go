package authdoctor

import (
	"sync"

	"github.com/authdoctor/authdoctor/credential"
	"github.com/authdoctor/authdoctor/internal/anchors"
)

// IndexCandidate returns the index of a byte of the first place in s
// where FindSecrets might find a credential, or -1 when it finds none: a
// string without a candidate holds nothing FindSecrets reports. It is the
// prefilter of a scan over a whole log, far cheaper than FindSecrets: it
// looks for the anchors every find needs (a credential-named key such as
// token or password, a Bearer or Basic scheme, eyJ, URL user info, a
// vendor prefix of the catalogue, the literal a key without a prefix
// always has), with one table lookup per byte (see internal/anchors),
// and checks the few places a pair of bytes starts one. It stops at the
// armour of a PEM block too ("-----BEGIN "): FindSecrets leaves private
// keys to scan, which needs the same search.
//
// An anchor never spans a line break, but one may begin with the
// delimiter before a key, a line break included: when s[i] is '\n', the
// candidate is on the line after it. So a line of s without a candidate
// holds no secret either: searching a block of lines and scanning only
// the lines with a candidate finds what scanning every line finds.
func IndexCandidate(s string) int { return candidates().Index(s) }

// candidates is made on first use, not at start-up.
var candidates = sync.OnceValue(buildCandidates)

func buildCandidates() *anchors.Table {
	var as []anchors.Anchor
	for _, w := range scrubKeyWords {
		as = append(as, anchors.Anchor{Lit: w, Fold: true})
	}
	as = append(as,
		anchors.Anchor{Lit: "bearer", Fold: true},
		anchors.Anchor{Lit: "basic", Fold: true},
		anchors.Anchor{Lit: "eyJ"},
		anchors.Anchor{Lit: "://", Near: userinfoNear},
		// Not a FindSecrets find: the armour of a PEM block, which a
		// scanner for private keys needs.
		anchors.Anchor{Lit: "-----BEGIN "},
	)
	for _, a := range credential.KeyAnchors() {
		as = append(as, anchors.Anchor{Lit: a.Literal, Near: a.Near, Start: a.Start})
	}
	return anchors.New(as)
}

// userinfoNear is scrubUserinfo's test of user info after "://".
func userinfoNear(s string, i int) bool {
	_, _, ok := userinfoPassword(s, i)
	return ok
}
