package authdoctor

import (
	"regexp"
	"strings"

	"github.com/authdoctor/authdoctor/credential"
	"github.com/authdoctor/authdoctor/internal/anchors"
)

// ScrubText returns s with everything that has the unmistakable shape of
// a credential replaced by [redacted], for free text of unknown origin
// that may echo one (a HAR file, a log line) when the secrets themselves
// are not known; when they are, use a Scrubber, which replaces exactly
// them. It replaces what FindSecrets finds, in s[Start+Keep:End], so a
// vendor key keeps its non-secret prefix (sk_test_[redacted]):
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

// scrubShapes replaces the spans FindSecrets reports.
func scrubShapes(s string) string {
	var b strings.Builder
	last := 0
	FindSecrets(s, func(sp Span) bool {
		if b.Len() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last : sp.Start+sp.Keep])
		b.WriteString(Redacted)
		last = sp.End
		return true
	})
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// Span is one secret FindSecrets found: s[Start:End] is the credential,
// its first Keep bytes a non-secret vendor prefix (sk_test_, ghp_, "SSWS ")
// that may be shown. It holds offsets and descriptions, never the value.
type Span struct {
	// Start and End delimit the secret in the string searched, the kept
	// prefix included.
	Start, End int
	// Keep is how many bytes at Start are a vendor's published prefix; 0
	// when nothing of the value may be shown.
	Keep int
	// Kind is what found it: SpanJWT, SpanJWE, SpanVendorKey, SpanBearer,
	// SpanBasic, SpanUserinfoPassword or SpanCredentialField.
	Kind string
	// Field is the key a credential-field was the value of (access_token,
	// X-Api-Key); empty for the other kinds.
	Field string
	// Vendor names the issuer of a vendor key (Stripe, GitHub); empty for
	// the other kinds.
	Vendor string
	// Key is the catalogue entry of a vendor key, with what the value
	// says of itself (environment, checksum); zero for the other kinds.
	// Its Alternatives slice is shared with the catalogue: do not modify it.
	Key credential.Vendor
	// Exact is true for a vendor key with the vendor's exact shape (see
	// credential.KeyMatch); a truncated key or a word that only starts
	// like one is hidden by ScrubText but is not Exact.
	Exact bool
	// Placeholder is true for a vendor key whose rest is a documentation
	// placeholder (sk_test_xxxxxxxx…).
	Placeholder bool
}

// The kinds of Span.
const (
	SpanJWT              = "jwt"               // eyJ….….… (JWS compact serialisation)
	SpanJWE              = "jwe"               // eyJ….….….….… (five segments)
	SpanVendorKey        = "vendor-key"        // a key of the vendor catalogue
	SpanBearer           = "bearer"            // the credential after Bearer
	SpanBasic            = "basic"             // the credential after Basic
	SpanUserinfoPassword = "userinfo-password" // scheme://user:password@host
	SpanCredentialField  = "credential-field"  // the value of a credential-named key, quoted or bare
)

// FindSecrets reports every credential ScrubText hides in s, as spans of
// s in order and never overlapping, by calling fn until it returns false.
//
// It runs the passes listed at ScrubText in that order. A pass looks at s
// as the passes before it left it (what they found replaced by Redacted),
// so that a later pass sees "Bearer [redacted]" where an earlier one found
// a JWT and does not report the scheme's credential twice; the spans are
// mapped back onto s, and a pass that covers an earlier span takes it
// over. Nothing is copied while no pass finds anything, which is the
// common case of a log line.
func FindSecrets(s string, fn func(Span) bool) {
	if IndexCandidate(s) < 0 {
		return // no anchor any pass needs: the common case of a log line
	}
	f := finder{cur: s, e: edits{s: s}}
	for _, p := range secretPasses {
		p(&f.e)
		f.apply()
	}
	for _, m := range f.marks {
		sp := m.span
		sp.Start, sp.End, sp.Keep = m.os-m.keep, m.oe, m.keep
		if !fn(sp) {
			return
		}
	}
}

// secretPasses are ScrubText's passes in order; each records what it finds
// in the working copy e.s.
var secretPasses = []func(e *edits){
	func(e *edits) { scrubQuotedValues(e, '"') },
	func(e *edits) { scrubQuotedValues(e, '\'') },
	scrubUserinfo,
	scrubJWTs,
	scrubVendorKeys,
	scrubSchemes,
	scrubBareValues,
}

// finder is FindSecrets' state: the working copy and, for each secret
// found so far, where its marker is in the copy and the secret in the
// original.
type finder struct {
	cur   string
	marks []mark
	e     edits
}

// mark is a secret found: Redacted at cur[cs:cs+len(Redacted)], the
// original's [os, oe), preceded by keep bytes of plain prefix in both.
type mark struct {
	cs, os, oe, keep int
	span             Span
}

func (m mark) ce() int { return m.cs + len(Redacted) }

// apply replaces the pass's edits in the working copy by Redacted and
// maps them onto the original. An edit that overlaps earlier marks is
// widened to cover them whole and takes them over (no pass reports a
// range that starts or ends inside a marker: their byte classes exclude
// its brackets).
func (f *finder) apply() {
	list := f.e.list
	f.e = edits{list: list[:0]}
	if len(list) == 0 {
		f.e.s = f.cur
		return
	}
	old, cur := f.marks, f.cur
	var b strings.Builder
	b.Grow(len(cur))
	marks := make([]mark, 0, len(old)+len(list))
	// delta is the original's offset minus the working copy's for plain
	// text after the marks copied so far; last is how much of cur is
	// written.
	delta, last, mi := 0, 0, 0
	copyMark := func(m mark) {
		b.WriteString(cur[last:m.cs])
		if m.cs-m.keep < last {
			m.keep = m.cs - last // an edit ended inside its prefix
		}
		last = m.ce()
		delta = m.oe - last
		m.cs = b.Len()
		b.WriteString(Redacted)
		marks = append(marks, m)
	}
	for _, ed := range list {
		a, z := ed.start, ed.end
		for mi < len(old) && old[mi].ce() <= a {
			copyMark(old[mi])
			mi++
		}
		oa := a + delta
		if mi < len(old) && old[mi].cs < a {
			a, oa = old[mi].cs, old[mi].os // widened over a mark it starts inside
		}
		for ; mi < len(old) && old[mi].cs < z; mi++ {
			z = max(z, old[mi].ce())
			delta = old[mi].oe - old[mi].ce()
		}
		oz := z + delta
		keep := min(ed.keep, a-last)
		b.WriteString(cur[last:a])
		marks = append(marks, mark{cs: b.Len(), os: oa, oe: oz, keep: keep, span: ed.span})
		b.WriteString(Redacted)
		last = z
	}
	for ; mi < len(old); mi++ {
		copyMark(old[mi])
	}
	b.WriteString(cur[last:])
	f.cur, f.marks = b.String(), marks
	f.e.s = f.cur
}

// edits collects what one pass finds in the working copy s, in order:
// last is the end of the latest, before which the pass does not look
// back.
type edits struct {
	s    string
	last int
	list []edit
}

// edit is one secret a pass found: s[start:end] to replace, after keep
// bytes of prefix.
type edit struct {
	start, end, keep int
	span             Span
}

func (e *edits) add(start, end, keep int, sp Span) {
	e.list = append(e.list, edit{start: start, end: end, keep: keep, span: sp})
	e.last = end
}

// scrubJWTs finds JWT- and JWE-shaped strings.
func scrubJWTs(e *edits) {
	if !strings.Contains(e.s, "eyJ") {
		return
	}
	for _, m := range scrubJWT.FindAllStringIndex(e.s, -1) {
		kind := SpanJWT
		if strings.Count(e.s[m[0]:m[1]], ".") == 4 {
			kind = SpanJWE
		}
		e.add(m[0], m[1], 0, Span{Kind: kind})
	}
}

// scrubVendorKeys finds every key of the vendor catalogue
// (credential.FindKeys) and keeps its non-secret prefix (sk_test_).
func scrubVendorKeys(e *edits) {
	s := e.s
	credential.FindKeys(s, func(m credential.KeyMatch) bool {
		if m.Exact && identifierKind[m.Vendor.Kind] {
			return true // an id, not a secret: paths and notes stay readable
		}
		if m.Start+m.Keep >= e.last && m.End <= len(s) && m.Start+m.Keep < m.End {
			e.add(m.Start+m.Keep, m.End, m.Keep, Span{Kind: SpanVendorKey, Vendor: m.Vendor.Name, Key: m.Vendor, Exact: m.Exact, Placeholder: m.Placeholder})
		}
		return true
	})
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

// scrubQuotedValues redacts "key":"value" (or with q = '\”, the Python
// and JavaScript form) for credential-named keys. Empty values are kept:
// they say the credential was missing.
func scrubQuotedValues(e *edits, q byte) {
	s := e.s
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
			e.add(vs, v, 0, Span{Kind: SpanCredentialField, Field: key})
		}
		i = v + 1
	}
}

// scrubUserinfo redacts the password of scheme://user:password@host.
func scrubUserinfo(e *edits) {
	s := e.s
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
		p, pe, ok := userinfoPassword(s, at)
		if !ok || s[p:pe] == Redacted {
			continue
		}
		e.add(p, pe, 0, Span{Kind: SpanUserinfoPassword})
		i = pe
	}
}

// userinfoPassword finds, after the "://" at s[at:], a user, ":", a
// password and "@", none of them empty, and returns where the password
// is. IndexCandidate's check of "://" is the same test.
func userinfoPassword(s string, at int) (p, pe int, ok bool) {
	u := at + 3
	ue := u
	for ue < len(s) && !userinfoStop(s[ue]) && s[ue] != ':' {
		ue++
	}
	if ue == u || ue >= len(s) || s[ue] != ':' {
		return 0, 0, false
	}
	p = ue + 1
	pe = p
	for pe < len(s) && !userinfoStop(s[pe]) {
		pe++
	}
	if pe == p || pe >= len(s) || s[pe] != '@' {
		return 0, 0, false
	}
	return p, pe, true
}

// userinfoStop ends the user and the password of URL user info.
func userinfoStop(c byte) bool {
	return c == '/' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '@'
}

// scrubSchemes redacts the credential after Bearer or Basic and keeps the
// scheme word. It leaves auth-params (Bearer realm="api", Bearer
// error=invalid_token) and prose (Basic authentication) alone.
func scrubSchemes(e *edits) {
	s := e.s
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
		kind := SpanBearer
		if n == 5 {
			kind = SpanBasic
		}
		switch {
		case strings.HasPrefix(after, Redacted):
		case strings.HasSuffix(tok, "=") && !strings.HasSuffix(tok, "==") && after != "" && !isSpace(after[0]) && after[0] != ',' && after[0] != ';' && !closesQuote(after):
			// an auth-param such as realm="api"
		case proseWord(strings.TrimRight(tok, ".")):
		default:
			e.add(ts, te, 0, Span{Kind: kind})
		}
		i = te - 1
	}
}

// closesQuote reports whether after, what follows a token ending in
// "=", is the quote that ends a quoted value ("Basic dXNlcjpwYXNz="" in a
// log field) rather than one that opens an auth-param's (realm="api").
func closesQuote(after string) bool {
	if after[0] != '"' && after[0] != '\'' {
		return false
	}
	if len(after) == 1 {
		return true
	}
	switch after[1] {
	case ' ', '\t', ',', ';', '}', ']', '\\', '\r', '\n':
		return true
	}
	return false
}

// scrubBareValues redacts key=value and key: value for credential-named
// keys (form bodies, query strings, header lines, YAML). A scheme word as
// the value (Authorization: Bearer …) is left for scrubSchemes, which
// keeps it.
func scrubBareValues(e *edits) {
	s := e.s
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
			// A cookie header's value is the whole list (a=b; sid=…).
			ve = max(ve, cookieListEnd(s, vs))
		}
		e.add(vs, ve, 0, Span{Kind: SpanCredentialField, Field: s[ks:ke]})
		i = ve - 1
	}
}

// cookieListEnd is where the list of cookies that starts at s[i:] ends:
// at a quote, a line break, an angle bracket or a space that does not
// follow a ";".
func cookieListEnd(s string, i int) int {
	for ; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\'', '\r', '\n', '<', '>':
			return i
		case ' ', '\t':
			if s[i-1] != ';' {
				return i
			}
		}
	}
	return i
}

func containsFold(s, w string) bool { return anchors.ContainsLower(s, w) }

// scrubCredentialKey reports whether a key names a credential and not
// something about one.
func scrubCredentialKey(key string) bool {
	found := false
	for _, w := range scrubKeyWords {
		if anchors.ContainsLower(key, w) {
			found = true
			break
		}
	}
	if !found {
		return false
	}
	for _, suf := range scrubKeyExcludedSuffixes {
		if len(key) >= len(suf) && anchors.EqualLower(key[len(key)-len(suf):], suf) {
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
