package authdoctor

// The implementation of ScrubText as it stood before FindSecrets (commit
// 99ba639): six passes, each rewriting the string the next one reads.
// It is the oracle of FuzzFindSecretsMatchesOld and TestFindSecretsMatchesOld:
// ScrubText, which now applies FindSecrets' spans to the original string,
// must return exactly what these passes return. The predicates they share
// with scrub.go (scrubCredentialKey, proseWord, the byte classes, scrubJWT,
// identifierKind) are the vocabulary, not the refactor, and are not copied.

import (
	"strings"

	"github.com/authdoctor/authdoctor/credential"
)

// oldScrubText is ScrubText before FindSecrets.
func oldScrubText(s string) string { return oldScrubShapes(s) }

// oldScrubShapes runs the shape passes.
func oldScrubShapes(s string) string {
	s = oldScrubQuotedValues(s, '"')
	s = oldScrubQuotedValues(s, '\'')
	s = oldScrubUserinfo(s)
	if strings.Contains(s, "eyJ") {
		s = scrubJWT.ReplaceAllString(s, Redacted)
	}
	s = oldScrubVendorKeys(s)
	s = oldScrubSchemes(s)
	s = oldScrubBareValues(s)
	return s
}

// oldScrubVendorKeys redacts every key of the vendor catalogue
// (credential.FindKeys) and keeps its non-secret prefix (sk_test_).
func oldScrubVendorKeys(s string) string {
	e := oldEdits{s: s}
	credential.FindKeys(s, func(m credential.KeyMatch) bool {
		if m.Exact && identifierKind[m.Vendor.Kind] {
			return true // an id, not a secret: paths and notes stay readable
		}
		if m.Start+m.Keep >= e.last && m.End <= len(s) && m.Start+m.Keep < m.End {
			e.replace(m.Start+m.Keep, m.End, Redacted)
		}
		return true
	})
	return e.result()
}

// oldEdits builds a copy of s with some byte ranges replaced, in order.
type oldEdits struct {
	s    string
	b    strings.Builder
	last int
	n    int
}

func (e *oldEdits) replace(start, end int, with string) {
	e.b.WriteString(e.s[e.last:start])
	e.b.WriteString(with)
	e.last = end
	e.n++
}

func (e *oldEdits) result() string {
	if e.n == 0 {
		return e.s
	}
	e.b.WriteString(e.s[e.last:])
	return e.b.String()
}

// oldScrubQuotedValues redacts "key":"value" (or with q = '\”, the Python
// and JavaScript form) for credential-named keys. Empty values are kept:
// they say the credential was missing.
func oldScrubQuotedValues(s string, q byte) string {
	e := oldEdits{s: s}
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], q)
		if j < 0 {
			break
		}
		ks := i + j + 1
		k := ks
		for k < len(s) && isKeyByte(s[k]) {
			k++
		}
		if k >= len(s) || s[k] != q || k == ks {
			i = ks
			continue
		}
		key := s[ks:k]
		m := skipSpace(s, k+1)
		if m >= len(s) || s[m] != ':' {
			i = k + 1
			continue
		}
		m = skipSpace(s, m+1)
		if m >= len(s) || s[m] != q {
			i = k + 1
			continue
		}
		vs := m + 1
		v := vs
		for v < len(s) && s[v] != q {
			if s[v] == '\\' {
				v++
			}
			v++
		}
		if v >= len(s) {
			break // unterminated: the run scan still sees the value
		}
		if val := s[vs:v]; val != "" && val != Redacted && scrubCredentialKey(key) {
			e.replace(vs, v, Redacted)
		}
		i = v + 1
	}
	return e.result()
}

// oldScrubUserinfo redacts the password of scheme://user:password@host.
func oldScrubUserinfo(s string) string {
	e := oldEdits{s: s}
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "://")
		if j < 0 {
			break
		}
		at := i + j
		i = at + 3
		if at == 0 || !isAlnum(s[at-1]) {
			continue
		}
		u := at + 3
		ue := u
		for ue < len(s) && !strings.ContainsRune("/ \t\r\n:@", rune(s[ue])) {
			ue++
		}
		if ue == u || ue >= len(s) || s[ue] != ':' {
			continue
		}
		p := ue + 1
		pe := p
		for pe < len(s) && !strings.ContainsRune("@ \t\r\n/", rune(s[pe])) {
			pe++
		}
		if pe == p || pe >= len(s) || s[pe] != '@' || s[p:pe] == Redacted {
			continue
		}
		e.replace(p, pe, Redacted)
		i = pe
	}
	return e.result()
}

// oldScrubSchemes redacts the credential after Bearer or Basic and keeps the
// scheme word. It leaves auth-params (Bearer realm="api", Bearer
// error=invalid_token) and prose (Basic authentication) alone.
func oldScrubSchemes(s string) string {
	e := oldEdits{s: s}
	for i := 0; i < len(s); i++ {
		if s[i]|0x20 != 'b' || i > 0 && isWord(s[i-1]) {
			continue
		}
		n := 0
		switch {
		case len(s)-i >= 6 && strings.EqualFold(s[i:i+6], "bearer"):
			n = 6
		case len(s)-i >= 5 && strings.EqualFold(s[i:i+5], "basic"):
			n = 5
		default:
			continue
		}
		j := i + n
		if j >= len(s) || !isSpace(s[j]) {
			continue
		}
		ts := skipSpace(s, j)
		te := ts
		for te < len(s) && isToken68(s[te]) {
			te++
		}
		for te < len(s) && s[te] == '=' {
			te++
		}
		if te == ts {
			continue
		}
		tok, after := s[ts:te], s[te:]
		switch {
		case strings.HasPrefix(after, Redacted):
		case strings.HasSuffix(tok, "=") && !strings.HasSuffix(tok, "==") && after != "" && !isSpace(after[0]) && after[0] != ',' && after[0] != ';' && !closesQuote(after):
			// an auth-param such as realm="api"
		case proseWord(strings.TrimRight(tok, ".")):
		default:
			e.replace(ts, te, Redacted)
		}
		i = te - 1
	}
	return e.result()
}

// oldScrubBareValues redacts key=value and key: value for credential-named
// keys (form bodies, query strings, header lines, YAML). A scheme word as
// the value (Authorization: Bearer …) is left for oldScrubSchemes, which
// keeps it.
func oldScrubBareValues(s string) string {
	e := oldEdits{s: s}
	for i := 0; i < len(s); i++ {
		if s[i] != '=' && s[i] != ':' {
			continue
		}
		ke := i
		for ke > e.last && isSpace(s[ke-1]) {
			ke--
		}
		ks := ke
		for ks > e.last && isKeyByte(s[ks-1]) {
			ks--
		}
		if ks == ke || !scrubCredentialKey(s[ks:ke]) {
			continue
		}
		vs := skipSpace(s, i+1)
		ve := vs
		for ve < len(s) && !isSpace(s[ve]) && !strings.ContainsRune(`&,;"'<>(){}[]`, rune(s[ve])) {
			ve++
		}
		if ve == vs {
			continue
		}
		val := s[vs:ve]
		if strings.EqualFold(val, "Bearer") || strings.EqualFold(val, "Basic") || strings.HasPrefix(s[ve:], Redacted) {
			continue
		}
		// A flag (-H, --bearer-env) or a $VARIABLE reference is an
		// instruction, not a value: "pass a credential: -H '…'".
		if val[0] == '-' || val[0] == '$' {
			continue
		}
		// An ellipsis stands for the value in a fix ("export TOKEN=…").
		if strings.Trim(val, ".…") == "" {
			continue
		}
		// "token: expired" in a sentence is prose; a header or YAML line
		// carries a value ("X-Api-Key: 3f9a…"), which has digits or is long.
		if s[i] == ':' && vs > i+1 && proseWord(strings.TrimRight(val, ".")) {
			continue
		}
		if containsFold(s[ks:ke], "cookie") {
			ve = max(ve, cookieListEnd(s, vs))
		}
		e.replace(vs, ve, Redacted)
		i = ve - 1
	}
	return e.result()
}
