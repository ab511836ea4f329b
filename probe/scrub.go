package probe

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// Scrubbing limits.
const (
	// minPart is the shortest piece of a credential (the part after the
	// scheme word, a cookie value, a decoded password) that is scrubbed on
	// its own: shorter pieces are common words and scrubbing them would
	// garble the body without protecting anything.
	minPart = 6
	// minTail is the shortest start of a credential scrubbed from the end of
	// a truncated body, where the cut may have split an echoed token.
	minTail = 4
)

// scrubber replaces the credentials a probe sends wherever a response
// echoes them. The zero value scrubs nothing.
type scrubber struct {
	// words are the strings to replace, longest first, without repeats.
	words []string
}

// newScrubber collects the values to scrub: every credential field's value
// and its parts, the request body and its credential parameters, and the
// credential parameters of the URL's query.
func newScrubber(fields []authdoctor.Field, body authdoctor.Secret, u *url.URL) *scrubber {
	var words []string
	add := func(w string, min int) {
		if len(w) < min {
			return
		}
		words = append(words, w)
		if e := url.QueryEscape(w); e != w {
			words = append(words, e)
		}
	}
	for _, f := range fields {
		if !f.Sensitive() {
			continue
		}
		v := f.Value.Reveal()
		add(v, 1)
		for _, p := range credentialParts(v) {
			add(p, minPart)
		}
	}
	if b := body.Reveal(); b != "" {
		add(b, 1)
		for _, p := range bodyParts(b) {
			add(p, minPart)
		}
	}
	if u != nil {
		for k, vs := range u.Query() {
			if authdoctor.SensitiveParam(k) {
				for _, v := range vs {
					add(v, minPart)
				}
			}
		}
	}
	slices.SortFunc(words, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	return &scrubber{words: slices.Compact(words)}
}

// credentialParts splits a credential header value into the pieces a
// server might echo on their own: the credentials after the scheme word, a
// Basic credential decoded, and the values of a cookie list.
func credentialParts(v string) []string {
	var parts []string
	scheme, rest, ok := strings.Cut(strings.TrimSpace(v), " ")
	rest = strings.TrimSpace(rest)
	if ok && rest != "" && authdoctor.SchemeWord(scheme) {
		parts = append(parts, rest)
		if strings.EqualFold(scheme, "Basic") {
			if dec, err := base64.StdEncoding.DecodeString(rest); err == nil {
				parts = append(parts, string(dec))
				user, pass, _ := strings.Cut(string(dec), ":")
				parts = append(parts, pass)
				if pass == "" {
					// An API key sent as the user name (Stripe's way).
					parts = append(parts, user)
				}
			}
		}
	}
	for c := range strings.SplitSeq(v, ";") {
		if _, val, ok := strings.Cut(c, "="); ok {
			parts = append(parts, strings.TrimSpace(val))
		}
	}
	return parts
}

// bodyParts returns the credential values of a form or a JSON object body.
func bodyParts(b string) []string {
	var parts []string
	if q, err := url.ParseQuery(b); err == nil {
		for k, vs := range q {
			if authdoctor.SensitiveParam(k) || authdoctor.SensitiveHeader(k) {
				parts = append(parts, vs...)
			}
		}
	}
	var obj map[string]any
	if json.Unmarshal([]byte(b), &obj) == nil {
		for k, v := range obj {
			if s, ok := v.(string); ok && (authdoctor.SensitiveParam(k) || authdoctor.SensitiveHeader(k)) {
				parts = append(parts, s)
			}
		}
	}
	return parts
}

// bytes returns b with every occurrence of every word replaced by
// authdoctor.Redacted. Overlapping occurrences merge into one marker. When
// truncated is set, a tail that is the start of a word (at least minTail
// bytes) is replaced too, since the cut may have split an echoed token.
func (s *scrubber) bytes(b []byte, truncated bool) []byte {
	if s == nil || len(s.words) == 0 || len(b) == 0 {
		return b
	}
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
		// end is where this word's marking so far stops, so that
		// overlapping occurrences mark each byte once.
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
			for k := min(len(w)-1, len(b)); k >= minTail; k-- {
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
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if !cover[i] {
			out = append(out, b[i])
			i++
			continue
		}
		out = append(out, authdoctor.Redacted...)
		for i < len(b) && cover[i] {
			i++
		}
	}
	return out
}

// string scrubs v like bytes does.
func (s *scrubber) string(v string) string {
	if s == nil || len(s.words) == 0 {
		return v
	}
	return string(s.bytes([]byte(v), false))
}

// header returns a copy of h with every value scrubbed; nil stays nil.
func (s *scrubber) header(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for k, vs := range h {
		c := make([]string, len(vs))
		for i, v := range vs {
			c[i] = s.string(v)
		}
		out[k] = c
	}
	return out
}
