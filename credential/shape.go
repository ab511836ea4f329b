package credential

import "strings"

// Shapes are checked in code, not with regular expressions: bounded
// repeats such as {20,1000} make Go's regexp compile slowly, every process
// start would pay for it, and FindKeys needs a matcher that never looks
// at a byte twice.

// byteSet is a set of bytes, tested with one shift and one mask.
type byteSet [4]uint64

// bytesOf returns the set of the bytes in chars.
func bytesOf(chars string) byteSet {
	var s byteSet
	for i := 0; i < len(chars); i++ {
		c := chars[i]
		s[c>>6] |= 1 << (c & 63)
	}
	return s
}

func (s *byteSet) has(c byte) bool { return s[c>>6]&(1<<(c&63)) != 0 }

func (s byteSet) or(t byteSet) byteSet {
	for i := range s {
		s[i] |= t[i]
	}
	return s
}

func (s byteSet) empty() bool { return s == byteSet{} }

// Alphabets of key shapes.
const (
	digitChars = "0123456789"
	upperChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	lowerChars = "abcdefghijklmnopqrstuvwxyz"
	alnumChars = digitChars + upperChars + lowerChars
)

var (
	setDigit    = bytesOf(digitChars)
	setHexLower = bytesOf(digitChars + "abcdef")
	setHex      = bytesOf(digitChars + "abcdefABCDEF")
	setAlnum    = bytesOf(alnumChars)
	setLowerNum = bytesOf(digitChars + lowerChars)
	setUpperNum = bytesOf(digitChars + upperChars)
	setLetters  = bytesOf(upperChars + lowerChars)
	// setBase32 is RFC 4648 §6 base32 (A–Z, 2–7).
	setBase32 = bytesOf(upperChars + "234567")
	// setB64URL is RFC 4648 §5 base64url without padding.
	setB64URL = bytesOf(alnumChars + "-_")
	// setB64 is RFC 4648 §4 base64 with padding.
	setB64 = bytesOf(alnumChars + "+/=")
	// setWord is what \w matches: letters, digits and underscore.
	setWord = bytesOf(alnumChars + "_")
)

// seg is one part of a shape: a literal (lit non-empty) or a run of min to
// max bytes of set.
type seg struct {
	lit      string
	set      byteSet
	min, max int
}

// run is a run of min to max bytes of set.
func run(set byteSet, min, max int) seg { return seg{set: set, min: min, max: max} }

// exactly is a run of exactly n bytes of set.
func exactly(set byteSet, n int) seg { return seg{set: set, min: n, max: n} }

// lit is a literal.
func lit(s string) seg { return seg{lit: s} }

// pattern is a sequence of segs matched left to right. Runs are greedy
// and never give bytes back, so a run must not be followed by a literal
// or a run that can start with a byte of its set, unless its length is
// fixed (TestShapesDeterministic checks the table): matching is then one
// pass with no backtracking.
type pattern []seg

// shape is a list of alternative patterns.
type shape []pattern

// one is the shape of a single pattern.
func one(segs ...seg) shape { return shape{segs} }

// either is the shape of alternative patterns.
func either(ps ...pattern) shape { return shape(ps) }

func (p pattern) match(s string) bool {
	i := 0
	for _, sg := range p {
		if sg.lit != "" {
			if !strings.HasPrefix(s[i:], sg.lit) {
				return false
			}
			i += len(sg.lit)
			continue
		}
		j := i
		for j < len(s) && j-i < sg.max && sg.set.has(s[j]) {
			j++
		}
		if j-i < sg.min {
			return false
		}
		i = j
	}
	return i == len(s)
}

// match reports whether s has one of the shape's patterns.
func (sh shape) match(s string) bool {
	for _, p := range sh {
		if p.match(s) {
			return true
		}
	}
	return false
}

// bounds returns the shortest and longest length a value of the shape
// can have.
func (sh shape) bounds() (min, max int) {
	for i, p := range sh {
		lo, hi := 0, 0
		for _, sg := range p {
			if sg.lit != "" {
				lo += len(sg.lit)
				hi += len(sg.lit)
				continue
			}
			lo += sg.min
			hi += sg.max
		}
		if i == 0 || lo < min {
			min = lo
		}
		if hi > max {
			max = hi
		}
	}
	return min, max
}

// bytes returns every byte a value of the shape can hold.
func (sh shape) bytes() byteSet {
	var s byteSet
	for _, p := range sh {
		for _, sg := range p {
			s = s.or(sg.set).or(bytesOf(sg.lit))
		}
	}
	return s
}

// uuidPattern is a lower-case 8-4-4-4-12 UUID.
var uuidPattern = pattern{
	exactly(setHexLower, 8), lit("-"), exactly(setHexLower, 4), lit("-"), exactly(setHexLower, 4), lit("-"),
	exactly(setHexLower, 4), lit("-"), exactly(setHexLower, 12),
}

// isWordByte reports whether c is a letter, digit or underscore: a key
// starts and ends where a run of such bytes does.
func isWordByte(c byte) bool { return setWord.has(c) }
