package authdoctor

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"github.com/authdoctor/authdoctor/credential"
)

// Scrubber limits.
const (
	// scrubMinWord is the shortest value scrubbed on its own: shorter
	// strings ("abc", "1") occur in any text by chance, so replacing them
	// would garble prose without protecting anything worth the name.
	scrubMinWord = 4
	// scrubMinPart is the shortest piece of a credential (the part after
	// the scheme, a cookie value, a decoded password) scrubbed on its own.
	scrubMinPart = 6
	// scrubMinTail is the shortest start of a credential scrubbed from the
	// end of a truncated body, where the cut may have split an echo.
	scrubMinTail = 4
)

// Scrubber replaces the credentials of a run wherever text echoes them:
// their exact bytes and the encodings a server or a log may use (URL and
// JSON escaping, base64, without the trailing newline an env file added).
// Ordinary words, hosts and ids are never touched. With Shapes it also
// hides credentials it was not told about but that have an unmistakable
// shape (a JWT, a catalogue vendor key, "access_token": "…"), for text
// of unknown origin such as a HAR file.
//
// The zero value and nil scrub nothing. A Scrubber is safe for concurrent
// use once built.
type Scrubber struct {
	// words are the strings to replace, longest first, without repeats.
	words []string
	// shapes turns on the shape passes.
	shapes bool
}

// NewScrubber returns a scrubber for the given secret values (and their
// encodings). Values shorter than 4 bytes are ignored.
func NewScrubber(secrets ...string) *Scrubber {
	s := &Scrubber{}
	for _, v := range secrets {
		s.add(v, scrubMinWord)
	}
	s.sort()
	return s
}

// ScrubberFor returns the scrubber of a request: every credential field's
// value and its parts, the request body's credential parameters, and the
// credential parameters of the URL's query.
func ScrubberFor(r Request) *Scrubber {
	s := &Scrubber{}
	s.AddFields(r.Header...)
	s.AddBody(r.Body)
	if u, err := url.Parse(r.URL); err == nil {
		s.AddQuery(u)
	}
	return s
}

// AddFields adds the credential-bearing fields' values and their parts.
func (s *Scrubber) AddFields(fs ...Field) *Scrubber {
	for _, f := range fs {
		if !f.Sensitive() {
			continue
		}
		v := f.Value.Reveal()
		if placeholderValue(v) {
			// Text copied from the documentation (YOUR_ACCESS_TOKEN,
			// <token>) is public: reports name it so it can be replaced.
			continue
		}
		if !bareScheme(f.Name, v) {
			s.add(v, scrubMinWord)
		}
		parts := credentialParts(v)
		for i, p := range parts {
			if !slices.Contains(parts[:i], p) { // "Bearer x" gives x twice (as is and unquoted)
				s.add(p, scrubMinPart)
			}
		}
		// A header line pasted as a name ("Authorization Bearer abc")
		// carries the credential in the name.
		if _, rest, ok := strings.Cut(strings.TrimSpace(f.Name), " "); ok {
			s.add(rest, scrubMinPart)
			for _, p := range credentialParts(rest) {
				s.add(p, scrubMinPart)
			}
		}
	}
	s.sort()
	return s
}

// placeholderValue reports whether a header value's credential, after
// any scheme word, is a documentation placeholder (credential.Placeholder).
func placeholderValue(v string) bool {
	cred := strings.TrimSpace(v)
	if scheme, rest, ok := strings.Cut(cred, " "); ok && SchemeWord(scheme) {
		cred = strings.TrimSpace(rest)
	}
	if cred == "" {
		return false
	}
	_, ok := credential.Placeholder(cred)
	return ok
}

// bareScheme reports whether an Authorization value is a scheme word
// with nothing after it ("Bearer " from an unset $TOKEN): that is the
// scheme, not a secret, and hiding it would garble every line naming it.
func bareScheme(name, v string) bool {
	if !strings.EqualFold(name, "Authorization") && !strings.EqualFold(name, "Proxy-Authorization") {
		return false
	}
	t := strings.TrimSpace(v)
	if len(t) == len(v) {
		return false // "abc123" alone may be the credential itself
	}
	return knownScheme(t)
}

// AddBody adds a request body's credential parameters (a form's or a
// JSON object's credential-named values), or the whole body when it has
// none: a structured body keeps its shape, so a report can still say
// where the credential travelled.
func (s *Scrubber) AddBody(body Secret) *Scrubber {
	if b := body.Reveal(); b != "" {
		parts := bodyParts(b)
		for _, p := range parts {
			s.add(p, scrubMinPart)
		}
		if len(parts) == 0 {
			s.add(b, scrubMinWord)
		}
	}
	s.sort()
	return s
}

// AddQuery adds the values of u's credential-named query parameters.
func (s *Scrubber) AddQuery(u *url.URL) *Scrubber {
	if u == nil {
		return s
	}
	for k, vs := range u.Query() {
		if SensitiveParam(k) {
			for _, v := range vs {
				s.add(v, scrubMinPart)
			}
		}
	}
	s.sort()
	return s
}

// AddSecret adds one secret value and its encodings.
func (s *Scrubber) AddSecret(v Secret) *Scrubber {
	s.add(v.Reveal(), scrubMinWord)
	s.sort()
	return s
}

// Merge returns a scrubber holding the secrets of s and o.
func (s *Scrubber) Merge(o *Scrubber) *Scrubber {
	out := &Scrubber{}
	if s != nil {
		out.words = append(out.words, s.words...)
		out.shapes = s.shapes
	}
	if o != nil {
		out.words = append(out.words, o.words...)
		out.shapes = out.shapes || o.shapes
	}
	out.sort()
	return out
}

// WithShapes returns a copy of s that also hides credentials by their
// shape, as ScrubText does: JWTs, keys of the vendor catalogue,
// credential-named values.
func (s *Scrubber) WithShapes() *Scrubber {
	out := s.Merge(nil)
	out.shapes = true
	return out
}

// Secrets is how many distinct strings s replaces, encodings included.
func (s *Scrubber) Secrets() int {
	if s == nil {
		return 0
	}
	return len(s.words)
}

// add records v and its encodings when v is at least min bytes long.
func (s *Scrubber) add(v string, min int) {
	for i, w := range []string{v, strings.TrimSpace(v)} {
		if i == 1 && w == v {
			break // no space to trim: the same word, already added
		}
		if len(w) < min || w == Redacted {
			continue
		}
		s.words = append(s.words, w, url.QueryEscape(w), url.PathEscape(w))
		if j, err := json.Marshal(w); err == nil && len(j) >= 2 {
			s.words = append(s.words, string(j[1:len(j)-1]))
		}
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
			s.words = append(s.words, enc.EncodeToString([]byte(w)))
		}
	}
}

func (s *Scrubber) sort() {
	slices.SortFunc(s.words, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	s.words = slices.Compact(s.words)
}

// credentialParts splits a credential header value into the pieces a
// server might echo on their own: the credentials after the scheme word, a
// Basic credential decoded and its password (never the user name alone,
// which is not secret, unless it is an API key with no password), and the
// values of a cookie list.
func credentialParts(v string) []string {
	var parts []string
	scheme, rest, ok := strings.Cut(strings.TrimSpace(v), " ")
	rest = strings.TrimSpace(rest)
	if strings.HasSuffix(scheme, ":") {
		scheme = strings.TrimSuffix(scheme, ":")
	}
	if ok && rest != "" && paramScheme(scheme) {
		// Digest and AWS Signature v4 credentials are a list of
		// parameters: the realm, user name, nonce, URI and signed header
		// names are public (the server sent most of them); the response or
		// signature derived from the secret is not.
		parts = append(parts, rest)
		for _, p := range strings.Split(rest, ",") {
			name, val, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && (strings.EqualFold(name, "response") || strings.EqualFold(name, "signature")) {
				parts = append(parts, strings.Trim(strings.TrimSpace(val), `"`))
			}
		}
		return parts
	}
	if ok && rest != "" && SchemeWord(scheme) {
		parts = append(parts, rest, strings.Trim(rest, "\"'"))
		// "Bearer Bearer x", "Bearer: x": the credential after the second
		// scheme word or the colon is what a server would echo.
		if s2, r2, ok := strings.Cut(rest, " "); ok && SchemeWord(strings.TrimSuffix(s2, ":")) {
			parts = append(parts, strings.Trim(strings.TrimSpace(r2), "\"'"))
		}
		if strings.EqualFold(scheme, "Basic") {
			if dec, err := base64.StdEncoding.DecodeString(rest); err == nil {
				user, pass, _ := strings.Cut(string(dec), ":")
				if pass != "" {
					parts = append(parts, string(dec), pass)
				} else {
					// An API key sent as the user name (Stripe's way).
					parts = append(parts, user)
				}
			}
		}
	}
	// "Bearerabc…": a scheme glued to the credential.
	for _, sch := range []string{"Bearer", "Basic", "Token", "Digest", "ApiKey", "Api-Key", "JWT"} {
		if len(v) > len(sch) && strings.EqualFold(v[:len(sch)], sch) {
			parts = append(parts, strings.Trim(strings.TrimSpace(v[len(sch):]), "\"':"))
		}
	}
	// A credential split by stray white space, a zero-width character or
	// a comma is echoed whole or in pieces; "user:pass" not encoded gives
	// its password away after the colon.
	pieces := strings.FieldsFunc(v, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == ';' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff'
	})
	if len(pieces) > 1 {
		var joined strings.Builder
		for i, p := range pieces {
			p = strings.Trim(p, "\"'")
			if knownScheme(strings.TrimSuffix(p, ":")) {
				continue
			}
			if k := strings.Index(strings.TrimRight(p, "="), "="); k > 0 {
				continue // name=value: the cookie rule below takes the value
			}
			parts = append(parts, p)
			if i > 0 {
				joined.WriteString(p)
			}
			if _, pass, ok := strings.Cut(p, ":"); ok && pass != "" {
				parts = append(parts, pass)
			}
		}
		parts = append(parts, joined.String(), strings.Join(pieces, ""))
	}
	for c := range strings.SplitSeq(v, ";") {
		if _, val, ok := strings.Cut(c, "="); ok {
			parts = append(parts, strings.TrimSpace(val))
		}
	}
	return parts
}

// paramScheme reports whether scheme's credentials are a list of
// name=value parameters of which only some are secret.
func paramScheme(scheme string) bool {
	return strings.EqualFold(scheme, "Digest") || scheme == "AWS4-HMAC-SHA256"
}

// knownScheme reports whether w is an authentication scheme name: a word
// every report and server answer holds, never scrubbed on its own.
func knownScheme(w string) bool {
	for _, s := range []string{"Bearer", "Basic", "Token", "Digest", "ApiKey", "Api-Key", "JWT", "Negotiate", "NTLM", "DPoP", "Key", "AWS4-HMAC-SHA256"} {
		if strings.EqualFold(w, s) {
			return true
		}
	}
	return false
}

// bodyParts returns the credential values of a form or a JSON object body.
func bodyParts(b string) []string {
	var parts []string
	if q, err := url.ParseQuery(b); err == nil {
		for k, vs := range q {
			if SensitiveParam(k) || SensitiveHeader(k) {
				parts = append(parts, vs...)
			}
		}
	}
	var obj map[string]any
	if json.Unmarshal([]byte(b), &obj) == nil {
		for k, v := range obj {
			if s, ok := v.(string); ok && (SensitiveParam(k) || SensitiveHeader(k)) {
				parts = append(parts, s)
			}
		}
	}
	return parts
}

// String returns v with every secret (and, with shapes, every
// credential-shaped string) replaced by Redacted. Markers already in v
// are kept whole, so scrubbing twice changes nothing more.
func (s *Scrubber) String(v string) string {
	if s == nil {
		return v
	}
	if len(s.words) > 0 && s.any(v) {
		v = string(s.exact([]byte(v), false))
	}
	if s.shapes {
		v = scrubShapes(v)
	}
	return v
}

// Bytes scrubs a body like String. When truncated is set, a tail that is
// the start of a secret (at least 4 bytes) is replaced too, since the cut
// may have split an echoed token.
func (s *Scrubber) Bytes(b []byte, truncated bool) []byte {
	if s == nil || len(b) == 0 {
		return b
	}
	out := b
	if len(s.words) > 0 {
		out = s.exact(b, truncated)
	}
	if s.shapes {
		out = []byte(scrubShapes(string(out)))
	}
	return out
}

// Header returns a copy of h with every value scrubbed; nil stays nil.
func (s *Scrubber) Header(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for k, vs := range h {
		c := make([]string, len(vs))
		for i, v := range vs {
			c[i] = s.String(v)
		}
		out[k] = c
	}
	return out
}

// Strings scrubs each element of vs in place and returns vs.
func (s *Scrubber) Strings(vs []string) []string {
	for i := range vs {
		vs[i] = s.String(vs[i])
	}
	return vs
}

// Contains reports whether b holds one of the secrets in clear.
func (s *Scrubber) Contains(b []byte) bool {
	if s == nil {
		return false
	}
	for _, w := range s.words {
		if bytes.Contains(b, []byte(w)) {
			return true
		}
	}
	return false
}

// any reports whether v holds a secret at all (the common case is no).
func (s *Scrubber) any(v string) bool {
	for _, w := range s.words {
		if strings.Contains(v, w) {
			return true
		}
	}
	return false
}

// exact replaces every occurrence of every word; overlapping occurrences
// merge into one marker, and existing markers are left whole.
func (s *Scrubber) exact(b []byte, truncated bool) []byte {
	var cover []bool
	mark := func(from, to int) {
		if cover == nil {
			cover = make([]bool, len(b))
		}
		for i := from; i < to; i++ {
			cover[i] = true
		}
	}
	for _, w := range s.words {
		end := 0
		for i := 0; i+len(w) <= len(b); {
			j := bytes.Index(b[i:], []byte(w))
			if j < 0 {
				break
			}
			mark(max(i+j, end), i+j+len(w))
			end = i + j + len(w)
			i += j + 1
		}
		if truncated {
			for k := min(len(w)-1, len(b)); k >= scrubMinTail; k-- {
				if bytes.HasSuffix(b, []byte(w[:k])) {
					mark(len(b)-k, len(b))
					break
				}
			}
		}
	}
	if cover == nil {
		return b
	}
	// A marker already in the text stays whole: a secret that happens to
	// occur inside "[redacted]" must not eat part of it.
	for i := 0; i+len(Redacted) <= len(b); {
		j := bytes.Index(b[i:], []byte(Redacted))
		if j < 0 {
			break
		}
		for k := i + j; k < i+j+len(Redacted); k++ {
			cover[k] = false
		}
		i += j + len(Redacted)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if !cover[i] {
			out = append(out, b[i])
			i++
			continue
		}
		out = append(out, Redacted...)
		for i < len(b) && cover[i] {
			i++
		}
	}
	return out
}
