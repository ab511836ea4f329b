// Package anchors finds, in a long text, the first place where one of a
// set of literals (anchors) is: a prefilter that rules out almost every
// byte with one table lookup, so that a slower, exact search runs only
// near an anchor. authdoctor.IndexCandidate and credential.FindKeys use
// it; it knows nothing of credentials.
//
// The table holds one pair of bytes of each anchor, the pair least
// common in logs (by letter frequency, frequent English pairs and a
// sample of real log text), so that it stops at few places that are not
// an anchor; at each place it stops, one 8-byte load and mask rule out
// most of the rest before the anchor's own check runs.
package anchors

import (
	"math/bits"
	"strings"
)

// Anchor is one literal to find.
type Anchor struct {
	// Lit is the literal, at least two bytes; lower case when Fold.
	Lit string
	// Fold compares Lit ASCII-case-insensitively.
	Fold bool
	// Near, when not nil, checks the text around Lit, found at s[i:];
	// the place counts only when it says yes.
	Near func(s string, i int) bool
	// Start anchors are looked for at the start of s only, and may be
	// one byte: a literal that pairs with the byte before it (a key
	// after a delimiter) has no such byte there.
	Start bool
}

// Table finds the anchors it was made with. It is read-only once made,
// and safe for concurrent use.
type Table struct {
	// bits has a bit for each pair of bytes an anchor holds, keyed
	// little-endian (first byte low); rank[w] counts the bits set in the
	// words before w, so that a pair's rank among the pairs is rank plus
	// the bits below it in its word.
	bits [1 << 16 / 64]uint64
	rank [1 << 16 / 64]uint16
	// first[r] is where the anchors of the pair of rank r start in
	// list; they end where the next pair's start.
	first []uint16
	list  []anchor
	// start are the Start anchors.
	start []anchor
}

// Index returns the index in s of the first pair of bytes that is part
// of an anchor found there, or -1: every anchor in s (Near saying yes)
// has one of its bytes at or after the result, and none is before it.
// The result is within the anchor, not always at its start.
func (t *Table) Index(s string) int {
	for k := range t.start {
		a := &t.start[k]
		if len(s) >= len(a.lit) && a.equal(s[:len(a.lit)], a.lit) && (a.near == nil || a.near(s, 0)) {
			return 0
		}
	}
	i := 0
	// Eight bytes at a time: the seven pairs that start in them.
	for ; i+8 <= len(s); i += 7 {
		w := load64(s, i)
		// One branch for the seven: most windows hold no pair.
		if (t.bit(uint16(w))|t.bit(uint16(w>>8))|t.bit(uint16(w>>16))|t.bit(uint16(w>>24))|
			t.bit(uint16(w>>32))|t.bit(uint16(w>>40))|t.bit(uint16(w>>48)))&1 != 0 {
			for b := range 7 {
				if k := uint16(w >> (8 * b)); t.has(k) && t.at(s, i+b, k) {
					return i + b
				}
			}
		}
	}
	for ; i+1 < len(s); i++ {
		if k := uint16(s[i]) | uint16(s[i+1])<<8; t.has(k) && t.at(s, i, k) {
			return i
		}
	}
	return -1
}

// bit is 1 when an anchor holds pair k, in its lowest bit.
func (t *Table) bit(k uint16) uint64 { return t.bits[k>>6] >> (k & 63) }

// has reports whether an anchor holds pair k.
func (t *Table) has(k uint16) bool { return t.bits[k>>6]&(1<<(k&63)) != 0 }

// New makes the table of as. It panics on an anchor shorter than two
// bytes, or a Fold anchor that is not lower case.
func New(as []Anchor) *Table {
	ps := newPairStats()
	byPair := map[uint16][]anchor{}
	t := &Table{}
	for _, x := range as {
		if x.Start {
			if x.Lit == "" || x.Fold && strings.ToLower(x.Lit) != x.Lit {
				panic("anchors: a start anchor empty or not in lower case: " + x.Lit)
			}
			t.start = append(t.start, anchor{lit: x.Lit, fold: x.Fold, near: x.Near})
			continue
		}
		if len(x.Lit) < 2 {
			panic("anchors: an anchor of one byte: " + x.Lit)
		}
		if x.Fold && strings.ToLower(x.Lit) != x.Lit {
			panic("anchors: a case-insensitive anchor not in lower case: " + x.Lit)
		}
		a := anchor{lit: x.Lit, fold: x.Fold, near: x.Near}
		a.off = rarestPair(a.lit, a.fold, ps)
		a.words()
		for _, c0 := range casesOf(a.lit[a.off], a.fold) {
			for _, c1 := range casesOf(a.lit[a.off+1], a.fold) {
				k := uint16(c0) | uint16(c1)<<8
				byPair[k] = append(byPair[k], a)
			}
		}
	}
	for k := range byPair {
		t.bits[k>>6] |= 1 << (k & 63)
	}
	n := 0
	for w := range t.bits {
		t.rank[w] = uint16(n)
		n += bits.OnesCount64(t.bits[w])
	}
	for k := range 1 << 16 {
		if t.has(uint16(k)) {
			if len(t.list) >= 1<<16 {
				panic("anchors: too many anchors")
			}
			t.first = append(t.first, uint16(len(t.list)))
			t.list = append(t.list, byPair[uint16(k)]...)
		}
	}
	t.first = append(t.first, uint16(len(t.list)))
	return t
}

// anchor is one literal: compared ASCII-case-insensitively when fold
// (lit is then lower case), exactly otherwise. The pair of bytes the
// table holds is its rarest, at lit[off:off+2]; near, if set, checks
// what is around it. head and mask are lit's first eight bytes (fewer
// for a shorter one) as a little-endian word, and fold20 the case bit of
// its letters when fold: one load and compare rules out most places.
type anchor struct {
	head, mask, fold20 uint64
	off                int
	fold               bool
	lit                string
	near               func(s string, i int) bool
}

// at reports whether one of the anchors of pair k is at s[i-off:].
func (t *Table) at(s string, i int, k uint16) bool {
	r := int(t.rank[k>>6]) + bits.OnesCount64(t.bits[k>>6]&(1<<(k&63)-1))
	for x := t.first[r]; x < t.first[r+1]; x++ {
		a := &t.list[x]
		j := i - a.off
		if j < 0 || len(s)-j < len(a.lit) {
			continue
		}
		if len(s)-j >= 8 {
			if (load64(s, j)|a.fold20)&a.mask != a.head {
				continue
			}
			if len(a.lit) > 8 && !a.equal(s[j+8:j+len(a.lit)], a.lit[8:]) {
				continue
			}
		} else if !a.equal(s[j:j+len(a.lit)], a.lit) {
			continue
		}
		if a.near == nil || a.near(s, j) {
			return true
		}
	}
	return false
}

func (a *anchor) equal(w, lit string) bool {
	if a.fold {
		return EqualLower(w, lit)
	}
	return w == lit
}

// load64 is s[j:j+8] as a little-endian word (the compiler makes it one
// load).
func load64(s string, j int) uint64 {
	s = s[j : j+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// words sets head, mask and fold20 from lit.
func (a *anchor) words() {
	for b := 0; b < min(8, len(a.lit)); b++ {
		c := a.lit[b]
		a.head |= uint64(c) << (8 * b)
		a.mask |= 0xff << (8 * b)
		if a.fold && 'a' <= c && c <= 'z' {
			a.fold20 |= 0x20 << (8 * b)
		}
	}
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
// anchor: "ok" of token rather than "to", "iz" of authorization. A pair
// seen in logSample counts for as many times more as it is seen there.
func rarestPair(lit string, fold bool, ps *pairStats) int {
	best, bestScore := 0, -1.0
	for j := 0; j+1 < len(lit); j++ {
		sc := byteFrequency(lit[j], fold) * byteFrequency(lit[j+1], fold)
		if ps.common[[2]byte{lowerASCII[lit[j]], lowerASCII[lit[j+1]]}] {
			sc *= 4
		}
		n := ps.sample[[2]byte{lit[j], lit[j+1]}]
		if fold {
			n = 0
			for _, c0 := range casesOf(lit[j], true) {
				for _, c1 := range casesOf(lit[j+1], true) {
					n += ps.sample[[2]byte{c0, c1}]
				}
			}
		}
		sc *= 1 + float64(n)
		if bestScore < 0 || sc < bestScore {
			best, bestScore = j, sc
		}
	}
	return best
}

// logSample is log text of the kinds authdoctor scans, with no
// credential in it: its pairs of bytes are the common ones.
const logSample = `time=2026-12-01T00:00:01.874Z level=INFO msg="request handled" method=POST path=/v1/customers/034016 status=200 latency=6.638ms request_id=cfd3ce88-b76c-4edd-bf12-01d47f20173c trace_id=6837018a757edb3d span_id=76ebce694cb2968c user_agent=okhttp/4.12.0
{"time":"2026-12-01T00:00:01.876Z","level":"INFO","msg":"cache miss","method":"GET","path":"/api/v2/payments","status":429,"latency":"45.618ms","remote_addr":"10.0.3.17:52144","db.statement":"SELECT id, status FROM orders WHERE customer_id = $1 LIMIT 50"}
10.0.0.12 - - [04/Dec/2026:21:25:55 +0000] "GET /static/app.3f9a1c.js HTTP/1.1" 200 51234 "https://shop.example.com/checkout?step=2" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
2026-12-04 21:25:56,004 WARN  [pool-3-thread-7] c.e.inventory.Client - upstream slow, retrying with exponential backoff (attempt 2 of 5, elapsed 1.52s)
Dec  4 21:25:57 web-1 nginx[812]: 2026/12/04 21:25:57 [error] 812#812: *4711 connect() failed (111: Connection refused) while connecting to upstream, client: 192.168.1.20, server: api.example.org
{"ts":1733347557.123,"caller":"server/handler.go:88","msg":"processed event","event_type":"invoice.paid","customer":"cus_Q8xLmPz1","duration_ms":12,"attempt":1,"version":"1.4.2","host":"worker-5f7c9d-xk2lp"}
I1204 21:25:58.000123   1 controller.go:231] Successfully synced deployment default/checkout-service, generation 42, observed 41
level=debug ts=2026-12-04T21:25:59.312Z component=scheduler msg="job finished" job=nightly-report rows=18234 next_run="2026-12-05T02:00:00Z" queue=default
GET /healthz 200 0.4ms; POST /graphql 200 38ms; PUT /api/users/1234/preferences 204 9ms; DELETE /api/sessions/current 401 2ms
The request could not be completed because the upstream service returned an unexpected response; please try again later or contact support with the request id above.`

// pairStats are how common pairs of bytes are: seen in logSample, and
// frequent in English (commonPairs). New makes them for its table.
type pairStats struct {
	sample map[[2]byte]int
	common map[[2]byte]bool
}

func newPairStats() *pairStats {
	ps := &pairStats{sample: map[[2]byte]int{}, common: map[[2]byte]bool{}}
	for i := 0; i+1 < len(logSample); i++ {
		ps.sample[[2]byte{logSample[i], logSample[i+1]}]++
	}
	for _, p := range strings.Fields(commonPairs) {
		ps.common[[2]byte{p[0], p[1]}] = true
	}
	return ps
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
const commonPairs = "th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le ve co me de hi ri ro ic ne ea ra ce li ch ll be ma si om ur ca el ta la ns ge ly ei os no pe do su pa ec ac ot di ol tr sh ck ss ee oo ex xa mp pl ap pi ag ke ey ok id us"

var lowerASCII = func() (t [256]byte) {
	for c := range 256 {
		t[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			t[c] = byte(c) + 'a' - 'A'
		}
	}
	return t
}()

// EqualLower reports whether w, ASCII-lower-cased, is lower (which is
// in lower case), without making the lower-cased copy.
func EqualLower(w, lower string) bool {
	if len(w) != len(lower) {
		return false
	}
	for i := 0; i < len(w); i++ {
		if lowerASCII[w[i]] != lower[i] {
			return false
		}
	}
	return true
}

// ContainsLower reports whether s, ASCII-lower-cased, contains w (in
// lower case), without making the lower-cased copy.
func ContainsLower(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if lowerASCII[s[i]] == w[0] && EqualLower(s[i:i+len(w)], w) {
			return true
		}
	}
	return false
}
