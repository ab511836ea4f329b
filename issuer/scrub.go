package issuer

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// minTail is the shortest start of a secret scrubbed from the end of a
// truncated body, where the cut may have split an echoed value. Shorter
// tails are too common to mean anything.
const minTail = 4

// scrubber replaces the exact values of the secrets this package sends
// (the token, the client secret, the Basic credential) wherever an answer
// echoes them. The zero value scrubs nothing.
type scrubber struct {
	// words are the strings to replace, longest first, without repeats.
	words []string
}

// newScrubber collects the values to scrub and the encodings an answer
// may echo them in: form or path escaping, JSON string escaping, and the
// base64 of the Basic credential.
func newScrubber(token, clientSecret authdoctor.Secret, basic string) *scrubber {
	var words []string
	add := func(w string) {
		if w == "" {
			return
		}
		words = append(words, w, url.QueryEscape(w), url.PathEscape(w))
		if j, err := json.Marshal(w); err == nil && len(j) >= 2 {
			words = append(words, string(j[1:len(j)-1]))
		}
	}
	add(token.Reveal())
	add(clientSecret.Reveal())
	// The Basic pair is a secret only when it holds one: "client:" is
	// just the client id.
	if basic != "" && !clientSecret.IsZero() {
		add(basic)
		add(base64.StdEncoding.EncodeToString([]byte(basic)))
	}
	slices.Sort(words)
	words = slices.Compact(words)
	// Longest first, so a secret is replaced before a shorter one inside it.
	slices.SortStableFunc(words, func(a, b string) int { return len(b) - len(a) })
	return &scrubber{words: words}
}

// string replaces every secret in v by authdoctor.Redacted. Markers
// already in v are kept whole, so scrubbing twice changes nothing more
// (a secret "t" must not eat the t of "[redacted]"). Every length is
// scrubbed: a secret too short to hide well is still never shown.
func (s *scrubber) string(v string) string {
	if s == nil || len(s.words) == 0 || !s.any(v) {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); {
		if strings.HasPrefix(v[i:], authdoctor.Redacted) {
			b.WriteString(authdoctor.Redacted)
			i += len(authdoctor.Redacted)
			continue
		}
		n := 0
		for _, w := range s.words { // longest first
			if strings.HasPrefix(v[i:], w) {
				n = len(w)
				break
			}
		}
		if n > 0 {
			b.WriteString(authdoctor.Redacted)
			i += n
			continue
		}
		b.WriteByte(v[i])
		i++
	}
	return b.String()
}

// any reports whether v holds a secret at all (the common case is no).
func (s *scrubber) any(v string) bool {
	for _, w := range s.words {
		if strings.Contains(v, w) {
			return true
		}
	}
	return false
}

// strings scrubs each element of vs in place and returns vs.
func (s *scrubber) strings(vs []string) []string {
	for i := range vs {
		vs[i] = s.string(vs[i])
	}
	return vs
}

// bytes scrubs a body. When the body was cut, a secret echoed at the very
// end may be cut too: a tail that starts a secret is redacted as well.
func (s *scrubber) bytes(b []byte, truncated bool) []byte {
	if s == nil || len(b) == 0 {
		return b
	}
	v := s.string(string(b))
	if truncated {
		v = s.tail(v)
	}
	return []byte(v)
}

// tail redacts the longest end of v that is the start of a secret.
func (s *scrubber) tail(v string) string {
	best := 0
	for _, w := range s.words {
		for n := min(len(w)-1, len(v)); n >= minTail && n > best; n-- {
			if strings.HasSuffix(v, w[:n]) {
				best = n
				break
			}
		}
	}
	if best == 0 {
		return v
	}
	return v[:len(v)-best] + authdoctor.Redacted
}

// header returns a scrubbed copy of h.
func (s *scrubber) header(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for k, vs := range h {
		out[s.string(k)] = s.strings(slices.Clone(vs))
	}
	return out
}
