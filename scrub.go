package authdoctor

import (
	"regexp"
	"strings"

	"github.com/authdoctor/authdoctor/credential"
)

// ScrubText returns s with everything that has the unmistakable shape of
// a credential replaced by [redacted], for free text of unknown origin
// that may echo one (a HAR file, a log line) when the secrets themselves
// are not known; when they are, use a Scrubber, which replaces exactly
// them. It replaces, in this order:
//
//   - JSON and quoted values of keys named like a credential
//     (access_token, refresh_token, id_token, token, api_key, apikey,
//     password, secret, client_secret…):
//     "access_token":"…" becomes "access_token":"[redacted]";
//   - the password in URL user info (https://user:[redacted]@host);
//   - JWT- and JWE-shaped strings (eyJ….….…);
//   - keys of the vendor catalogue (credential.FindKeys), keeping only the
//     non-secret prefix (sk_test_[redacted]); account and key ids (a
//     Twilio account SID in a path) are not secrets and stay;
//   - the credential after Bearer or Basic, keeping the scheme word;
//   - form, query, header and YAML values of credential-named keys
//     (access_token=…, X-Api-Key: …) that look like a value, not a word.
//
// Hosts, ids, key ids, UUIDs and prose are left alone: a long run of
// letters and digits is not a credential by itself. Keys that name
// something about a credential (token_type, token_endpoint) are left
// alone, as are challenge parameters (Bearer realm="api") and prose
// (Basic authentication failed). Every pass is a linear scan.
func ScrubText(s string) string { return scrubShapes(s) }

// scrubShapes runs the shape passes.
func scrubShapes(s string) string {
	s = scrubQuotedValues(s, '"')
	s = scrubQuotedValues(s, '\'')
	s = scrubUserinfo(s)
	if strings.Contains(s, "eyJ") {
		s = scrubJWT.ReplaceAllString(s, Redacted)
	}
	s = scrubVendorKeys(s)
	s = scrubSchemes(s)
	s = scrubBareValues(s)
	return s
}

// scrubVendorKeys redacts every key of the vendor catalogue
// (credential.FindKeys) and keeps its non-secret prefix (sk_test_).
func scrubVendorKeys(s string) string {
	e := edits{s: s}
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

// identifierKind are the catalogue kinds that name an account or a key
// rather than grant access: a Twilio account SID (AC…) in an API path, a
// Razorpay key id or a Square application id. The secret that goes with
// them (the auth token, the key secret) is scrubbed where it is known.
var identifierKind = map[string]bool{"account-sid": true, "api-key-sid": true, "key-id": true, "app-id": true}

// scrubJWT matches a JWS (3 segments) or JWE (5) whose header starts {".
var scrubJWT = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?`)

// scrubKeyWords make a key name credential-bearing when it contains one
// (compared lower-cased).
var scrubKeyWords = []string{
	"token", "secret", "password", "passwd", "apikey", "api_key", "api-key",
	"authorization", "credential", "private_key", "private-key", "privatekey",
	"session_id", "sessionid", "session-id", "session_key", "sessionkey",
	"signature", "cookie",
}

// scrubKeyExcludedSuffixes mark keys about a credential rather than
// holding one: token_type, token_endpoint, password_policy.
var scrubKeyExcludedSuffixes = []string{
	"type", "url", "uri", "endpoint", "expires_in", "expires_at", "expiry",
	"hint", "count", "length", "policy", "required", "format", "name",
}

// edits builds a copy of s with some byte ranges replaced, in order.
type edits struct {
	s    string
	b    strings.Builder
	last int
	n    int
}

func (e *edits) replace(start, end int, with string) {
	e.b.WriteString(e.s[e.last:start])
	e.b.WriteString(with)
	e.last = end
	e.n++
}

func (e *edits) result() string {
	if e.n == 0 {
		return e.s
	}
	e.b.WriteString(e.s[e.last:])
	return e.b.String()
}

// scrubQuotedValues redacts "key":"value" (or with q = '\”, the Python
// and JavaScript form) for credential-named keys. Empty values are kept:
// they say the credential was missing.
func scrubQuotedValues(s string, q byte) string {
	e := edits{s: s}
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

// scrubUserinfo redacts the password of scheme://user:password@host.
func scrubUserinfo(s string) string {
	e := edits{s: s}
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

// scrubSchemes redacts the credential after Bearer or Basic and keeps the
// scheme word. It leaves auth-params (Bearer realm="api", Bearer
// error=invalid_token) and prose (Basic authentication) alone.
func scrubSchemes(s string) string {
	e := edits{s: s}
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
		case strings.HasSuffix(tok, "=") && after != "" && !isSpace(after[0]) && after[0] != ',' && after[0] != ';':
			// an auth-param such as realm="api"
		case proseWord(strings.TrimRight(tok, ".")):
		default:
			e.replace(ts, te, Redacted)
		}
		i = te - 1
	}
	return e.result()
}

// scrubBareValues redacts key=value and key: value for credential-named
// keys (form bodies, query strings, header lines, YAML). A scheme word as
// the value (Authorization: Bearer …) is left for scrubSchemes, which
// keeps it.
func scrubBareValues(s string) string {
	e := edits{s: s}
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
		e.replace(vs, ve, Redacted)
		i = ve - 1
	}
	return e.result()
}

// scrubCredentialKey reports whether a key names a credential and not
// something about one.
func scrubCredentialKey(key string) bool {
	k := strings.ToLower(key)
	found := false
	for _, w := range scrubKeyWords {
		if strings.Contains(k, w) {
			found = true
			break
		}
	}
	if !found {
		return false
	}
	for _, suf := range scrubKeyExcludedSuffixes {
		if strings.HasSuffix(k, suf) {
			return false
		}
	}
	return true
}

// proseWord reports whether t reads as an ordinary word (authentication,
// Token) rather than a credential: letters only, shorter than 16, and
// lower case or capitalised.
func proseWord(t string) bool {
	if t == "" || len(t) >= 16 {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case 'a' <= c && c <= 'z':
		case 'A' <= c && c <= 'Z' && i == 0:
		default:
			return false
		}
	}
	return true
}

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isWord(c byte) bool      { return isAlnum(c) || c == '_' }
func isKeyByte(c byte) bool   { return isWord(c) || c == '.' || c == '-' }
func isB64URL(c byte) bool    { return isWord(c) || c == '-' }
func isAlnumDash(c byte) bool { return isAlnum(c) || c == '-' }
func isUpperNum(c byte) bool  { return 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' }
func isHexLower(c byte) bool  { return 'a' <= c && c <= 'f' || '0' <= c && c <= '9' }
func isHex(c byte) bool       { return isHexLower(c) || 'A' <= c && c <= 'F' }
func isHexDash(c byte) bool   { return isHexLower(c) || c == '-' }
func isToken68(c byte) bool   { return isKeyByte(c) || c == '~' || c == '+' || c == '/' }
