package authdoctor

import (
	"strings"

	"github.com/authdoctor/authdoctor/credential"
)

// IndexCandidate returns the index of the first place in s where
// FindSecrets might find a credential, or -1 when it finds none there: a
// string without a candidate holds nothing FindSecrets reports. It is the
// prefilter of a scan over a whole log, far cheaper than FindSecrets: it
// looks for the anchors every find needs (a credential-named key such as
// token or password, a Bearer or Basic scheme, eyJ, URL user info, a
// vendor prefix of the catalogue, the literal a key without a prefix
// always has), with one table lookup per byte, and checks the few
// places a pair of bytes starts one.
//
// An anchor never spans a line break, so a line of s without a candidate
// holds no secret either: searching a block of lines and scanning only
// the lines with a candidate finds what scanning every line finds.
func IndexCandidate(s string) int {
	if len(s) < 2 {
		return -1
	}
	t := &candidates
	for i := 0; i+1 < len(s); i++ {
		k := uint32(s[i])<<8 | uint32(s[i+1])
		if t.bits[k>>6]&(1<<(k&63)) != 0 && t.at(s, i, k) {
			return i
		}
	}
	return -1
}

// candidateTable maps each pair of bytes in an anchor to the anchors it
// may be in (the pair of a case-insensitive anchor in each case).
type candidateTable struct {
	bits  [1 << 16 / 64]uint64
	slot  [1 << 16]uint16 // 1 + index into lists; 0 for none
	lists [][]anchor
}

// anchor is one literal: compared ASCII-case-insensitively when fold
// (lit is then lower case), exactly otherwise. The pair of bytes the
// table holds is its rarest, at lit[off:off+2]; near, if set, checks
// what is around it.
type anchor struct {
	lit  string
	fold bool
	off  int
	near func(s string, i int) bool
}

// at reports whether one of the anchors of pair k is at s[i+off:].
func (t *candidateTable) at(s string, i int, k uint32) bool {
	for _, a := range t.lists[t.slot[k]-1] {
		j := i - a.off
		if j < 0 || len(s)-j < len(a.lit) {
			continue
		}
		w := s[j : j+len(a.lit)]
		if a.fold && !equalLowerASCII(w, a.lit) || !a.fold && w != a.lit {
			continue
		}
		if a.near == nil || a.near(s, j) {
			return true
		}
	}
	return false
}

var candidates = buildCandidates()

func buildCandidates() candidateTable {
	var t candidateTable
	var as []anchor
	for _, w := range scrubKeyWords {
		as = append(as, anchor{lit: w, fold: true})
	}
	as = append(as,
		anchor{lit: "bearer", fold: true},
		anchor{lit: "basic", fold: true},
		anchor{lit: "eyJ"},
		anchor{lit: "://", near: userinfoNear},
	)
	for _, a := range credential.KeyAnchors() {
		as = append(as, anchor{lit: a.Literal, near: a.Near})
	}
	add := func(k uint32, a anchor) {
		t.bits[k>>6] |= 1 << (k & 63)
		if t.slot[k] == 0 {
			t.lists = append(t.lists, nil)
			if len(t.lists) >= 1<<16 {
				panic("authdoctor: too many anchor pairs")
			}
			t.slot[k] = uint16(len(t.lists))
		}
		t.lists[t.slot[k]-1] = append(t.lists[t.slot[k]-1], a)
	}
	for _, a := range as {
		if len(a.lit) < 2 {
			panic("authdoctor: an anchor of one byte: " + a.lit)
		}
		a.off = rarestPair(a.lit, a.fold)
		for _, c0 := range casesOf(a.lit[a.off], a.fold) {
			for _, c1 := range casesOf(a.lit[a.off+1], a.fold) {
				add(uint32(c0)<<8|uint32(c1), a)
			}
		}
	}
	return t
}

// casesOf is c, and its other case when fold.
func casesOf(c byte, fold bool) []byte {
	if fold && 'a' <= c && c <= 'z' {
		return []byte{c, c - 'a' + 'A'}
	}
	return []byte{c}
}

// rarestPair returns the offset of the pair of bytes of lit least
// common in logs, so that the table stops at few places that are not an
// anchor: "ok" of token rather than "to", "iz" of authorization.
func rarestPair(lit string, fold bool) int {
	best, bestScore := 0, -1.0
	for j := 0; j+1 < len(lit); j++ {
		sc := byteFrequency(lit[j], fold) * byteFrequency(lit[j+1], fold)
		if commonPairs[lowerASCII[lit[j]]][lowerASCII[lit[j+1]]] {
			sc *= 4
		}
		if bestScore < 0 || sc < bestScore {
			best, bestScore = j, sc
		}
	}
	return best
}

// byteFrequency is roughly how common a byte is in log text, in percent:
// English letter frequencies (upper case a fifth as common, both cases
// together for a case-insensitive anchor), and digits, spaces and the
// punctuation of timestamps, key=value pairs, JSON and URLs.
func byteFrequency(c byte, fold bool) float64 {
	switch {
	case 'a' <= c && c <= 'z':
		f := letterFrequency[c-'a']
		if fold {
			f *= 1.2
		}
		return f
	case 'A' <= c && c <= 'Z':
		f := letterFrequency[c-'A']
		if fold {
			return f * 1.2
		}
		return f / 5
	case '0' <= c && c <= '9':
		return 4
	}
	switch c {
	case ' ':
		return 15
	case '"', '=', ':', '.', '/', '-':
		return 3
	case '_', ',':
		return 1.5
	}
	return 0.5
}

var letterFrequency = [26]float64{8.2, 1.5, 2.8, 4.3, 12.7, 2.2, 2.0, 6.1, 7.0, 0.15, 0.8, 4.0, 2.4, 6.7, 7.5, 1.9, 0.1, 6.0, 6.3, 9.1, 2.8, 1.0, 2.4, 0.15, 2.0, 0.07}

// commonPairs are frequent pairs of letters in English text and log
// words, more common than their letters' frequencies make them.
var commonPairs = func() (t [256][256]bool) {
	for _, p := range strings.Fields("th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le ve co me de hi ri ro ic ne ea ra ce li ch ll be ma si om ur ca el ta la ns ge ly ei os no pe do su pa ec ac ot di ol tr sh ck ss ee oo ex xa mp pl ap pi ag ke ey ok id us ge") {
		t[p[0]][p[1]] = true
	}
	return t
}()

// userinfoNear mirrors scrubUserinfo: "://" then a user, ":", a password
// and "@", none of them empty.
func userinfoNear(s string, i int) bool {
	u := i + 3
	ue := u
	for ue < len(s) && !userinfoStop(s[ue]) && s[ue] != ':' {
		ue++
	}
	if ue == u || ue >= len(s) || s[ue] != ':' {
		return false
	}
	p := ue + 1
	pe := p
	for pe < len(s) && !userinfoStop(s[pe]) {
		pe++
	}
	return pe > p && pe < len(s) && s[pe] == '@'
}

func userinfoStop(c byte) bool {
	return c == '/' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '@'
}

var lowerASCII = func() (t [256]byte) {
	for c := range 256 {
		t[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			t[c] = byte(c) + 'a' - 'A'
		}
	}
	return t
}()

// equalLowerASCII reports whether w, ASCII-lower-cased, is lower.
func equalLowerASCII(w, lower string) bool {
	for i := 0; i < len(w); i++ {
		if lowerASCII[w[i]] != lower[i] {
			return false
		}
	}
	return true
}
