package header

import (
	"fmt"
	"strings"
)

// isTchar reports whether c may appear in a token (RFC 9110 §5.6.2).
func isTchar(c byte) bool {
	if isAlnum(c) {
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// isToken68 reports whether c may appear in a token68 before its trailing
// '=' padding (RFC 9110 §11.2).
func isToken68(c byte) bool {
	if isAlnum(c) {
		return true
	}
	return strings.IndexByte("-._~+/", c) >= 0
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// isCTL reports whether c is an ASCII control byte (0x00–0x1F, 0x7F).
func isCTL(c byte) bool { return c < 0x20 || c == 0x7f }

// isWS reports whether c is optional whitespace (RFC 9110 §5.6.3).
func isWS(c byte) bool { return c == ' ' || c == '\t' }

// isSpaceCTL reports whether c is a control byte that editors and shells
// produce as whitespace: TAB, LF, VT, FF, CR.
func isSpaceCTL(c byte) bool { return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' }

// ctlName names a control byte the way an ASCII table does.
func ctlName(c byte) string {
	names := [...]string{"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF", "CR", "SO", "SI",
		"DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"}
	if c == 0x7f {
		return "DEL"
	}
	if c < 0x20 {
		return names[c]
	}
	return fmt.Sprintf("0x%02X", c)
}

// describe names the byte at s[i] for a parse error; the WWW-Authenticate
// field is not secret, but only one byte is shown.
func describe(s string, i int) string {
	if i >= len(s) {
		return "end of value"
	}
	c := s[i]
	switch {
	case c == ' ':
		return "space"
	case isCTL(c):
		return ctlName(c)
	case c >= 0x80:
		return fmt.Sprintf("byte 0x%02X", c)
	}
	return fmt.Sprintf("%q", rune(c))
}

// runeKind classifies the non-ASCII characters that end up in pasted
// credentials.
type runeKind int

const (
	kindOther     runeKind = iota // any other non-ASCII character
	kindSpace                     // a space that is not U+0020: replaced by one
	kindInvisible                 // zero-width: removed
	kindQuote                     // typographic quotation mark
	kindDash                      // typographic dash or minus
)

// lookalike names r and says what kind of look-alike it is.
func lookalike(r rune) (string, runeKind) {
	switch r {
	case 0x00A0:
		return "no-break space U+00A0", kindSpace
	case 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x205F, 0x3000:
		return fmt.Sprintf("Unicode space U+%04X", r), kindSpace
	case 0x202F:
		return "narrow no-break space U+202F", kindSpace
	case 0x200B:
		return "zero-width space U+200B", kindInvisible
	case 0x200C:
		return "zero-width non-joiner U+200C", kindInvisible
	case 0x200D:
		return "zero-width joiner U+200D", kindInvisible
	case 0x2060:
		return "word joiner U+2060", kindInvisible
	case 0xFEFF:
		return "zero-width no-break space (byte order mark) U+FEFF", kindInvisible
	case 0x00AD:
		return "soft hyphen U+00AD", kindInvisible
	case 0x2018:
		return "left single quotation mark U+2018", kindQuote
	case 0x2019:
		return "right single quotation mark U+2019", kindQuote
	case 0x201A:
		return "single low quotation mark U+201A", kindQuote
	case 0x201C:
		return "left double quotation mark U+201C", kindQuote
	case 0x201D:
		return "right double quotation mark U+201D", kindQuote
	case 0x201E:
		return "double low quotation mark U+201E", kindQuote
	case 0x2010:
		return "hyphen U+2010", kindDash
	case 0x2011:
		return "non-breaking hyphen U+2011", kindDash
	case 0x2012:
		return "figure dash U+2012", kindDash
	case 0x2013:
		return "en dash U+2013", kindDash
	case 0x2014:
		return "em dash U+2014", kindDash
	case 0x2212:
		return "minus sign U+2212", kindDash
	}
	return "", kindOther
}

// quoteClass is 1 for double quotation marks, 2 for single ones, 0 otherwise.
func quoteClass(r rune) int {
	switch r {
	case '"', 0x201C, 0x201D, 0x201E:
		return 1
	case '\'', 0x2018, 0x2019, 0x201A:
		return 2
	}
	return 0
}

// plural returns n and the word, with an s when n is not 1.
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// at says where a run of n bytes starting at i is.
func at(i, n int) string {
	if n <= 1 {
		return fmt.Sprintf("at byte %d", i)
	}
	return fmt.Sprintf("at bytes %d-%d", i, i+n-1)
}
