package header

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// schemeAnalysis runs the Authorization rules on the cleaned value c; src
// maps each byte of c back to raw so that offsets and edits are in raw.
type schemeAnalysis struct {
	a   *analysis
	c   string
	src []span
}

// pos is the raw offset of c[k]; for k == len(c) it is just after the last
// byte.
func (s *schemeAnalysis) pos(k int) int {
	switch {
	case k < len(s.c):
		return s.src[k].start
	case len(s.c) > 0:
		return s.src[len(s.c)-1].end
	}
	return 0
}

// end is the raw offset just after c[k-1].
func (s *schemeAnalysis) end(k int) int {
	if k == 0 {
		return s.pos(0)
	}
	return s.src[k-1].end
}

// del is the edit that replaces c[i:j] with repl, in raw offsets.
func (s *schemeAnalysis) del(i, j int, repl string) edit {
	if i == j {
		return edit{s.pos(i), s.pos(i), repl}
	}
	return edit{s.pos(i), s.end(j), repl}
}

func (s *schemeAnalysis) explained(k int) bool { return s.a.explained[s.src[k].start] }

func (s *schemeAnalysis) run() {
	c := s.c
	if c == "" {
		s.a.add(CodeEmptyCredentials, -1, "value holds no credential, only whitespace or quotes")
		return
	}
	p := 0
	for {
		n, name := pastedPrefix(c[p:])
		if n == 0 {
			break
		}
		s.a.add(CodePastedHeader, s.pos(p), fmt.Sprintf("value starts with a pasted header name %q at byte %d", name+":", s.pos(p)), s.del(p, p+n, ""))
		p += n
	}
	if p == len(c) {
		s.a.add(CodeEmptyCredentials, s.pos(p), "no scheme and no credentials follow the header name")
		return
	}
	wEnd := p
	for wEnd < len(c) && isTchar(c[wEnd]) {
		wEnd++
	}
	w := c[p:wEnd]
	scheme, params := "", true
	if i := schemeIndex(w); i >= 0 {
		scheme, params = knownSchemes[i].name, knownSchemes[i].params
		if w != scheme {
			s.schemeCase(p, wEnd, scheme)
		}
		switch {
		case wEnd == len(c):
			s.a.add(CodeEmptyCredentials, s.pos(wEnd), fmt.Sprintf("scheme %s is followed by no credentials", scheme))
			return
		case c[wEnd] == ':':
			k := skipSpaces(c, wEnd+1)
			if k == len(c) {
				s.a.add(CodeSchemeColon, s.pos(wEnd), fmt.Sprintf("colon after the scheme %s at byte %d", scheme, s.pos(wEnd)), s.del(wEnd, k, ""))
				s.a.add(CodeEmptyCredentials, s.pos(k), fmt.Sprintf("scheme %s is followed by no credentials", scheme))
				return
			}
			s.a.add(CodeSchemeColon, s.pos(wEnd), fmt.Sprintf("colon after the scheme %s at byte %d; write the scheme, one space, then the credentials", scheme, s.pos(wEnd)), s.del(wEnd, k, " "))
			s.credentials(k, scheme, params)
		case c[wEnd] == ' ':
			s.credentials(s.separator(wEnd), scheme, params)
		default:
			s.a.add(CodeNoSpace, s.pos(wEnd), fmt.Sprintf("no space between the scheme %s and the credentials at byte %d", scheme, s.pos(wEnd)), s.del(wEnd, wEnd, " "))
			s.credentials(wEnd, scheme, params)
		}
		return
	}
	if g, n, ok := gluedScheme(w); ok {
		if c[p:p+n] != g {
			s.schemeCase(p, p+n, g)
		}
		s.a.add(CodeNoSpace, s.pos(p+n), fmt.Sprintf("no space between the scheme %s and the credentials at byte %d", g, s.pos(p+n)), s.del(p+n, p+n, " "))
		s.credentials(p+n, g, knownSchemes[schemeIndex(g)].params)
		return
	}
	if w != "" && wEnd < len(c) && c[wEnd] == ' ' {
		// An unknown scheme: RFC 9110 allows any token.
		s.credentials(s.separator(wEnd), "", true)
		return
	}
	d := fmt.Sprintf("value has no scheme word; it is a bare %d-byte credential", len(c)-p)
	if w != "" && wEnd < len(c) && c[wEnd] == ':' {
		d += ", starting with a word and a colon like a pasted header line"
	}
	s.a.add(CodeNoScheme, s.pos(p), d)
}

func (s *schemeAnalysis) schemeCase(i, j int, canonical string) {
	s.a.add(CodeSchemeCase, s.pos(i), fmt.Sprintf("scheme %s is not in its canonical case; RFC 9110 §11.1 makes schemes case-insensitive, but some servers compare them exactly", canonical), s.del(i, j, canonical))
}

// separator reports more than one space between the scheme and the
// credentials, with c[i] the first space, and returns where the
// credentials start.
func (s *schemeAnalysis) separator(i int) int {
	k := skipSpaces(s.c, i)
	if k-i > 1 && k < len(s.c) {
		s.a.add(CodeInnerSpace, s.pos(i), fmt.Sprintf("%d spaces between the scheme and the credentials at byte %d; servers may expect exactly one", k-i, s.pos(i)), s.del(i, k, " "))
	}
	return k
}

func skipSpaces(c string, i int) int {
	for i < len(c) && c[i] == ' ' {
		i++
	}
	return i
}

// credentials checks c[q:], the credentials after scheme ("" when the
// scheme is unknown). params says whether the scheme may take auth-params
// instead of a token68; such credentials are not checked for spaces or the
// token68 alphabet when they look like parameters.
func (s *schemeAnalysis) credentials(q int, scheme string, params bool) {
	c := s.c
	e := len(c)
	// Quotes around the credentials, as in Bearer "token".
	for e-q >= 2 {
		q1, n1 := utf8.DecodeRuneInString(c[q:e])
		q2, n2 := utf8.DecodeLastRuneInString(c[q:e])
		if e-q < n1+n2 || quoteClass(q1) == 0 || quoteClass(q1) != quoteClass(q2) {
			break
		}
		in1, in2 := skipSpaces(c, q+n1), e-n2
		for in2 > in1 && c[in2-1] == ' ' {
			in2--
		}
		s.a.add(CodeQuoted, s.pos(q), fmt.Sprintf("credentials are wrapped in %s (bytes %d and %d)", quoteWords(q1, q2), s.pos(q), s.pos(e-n2)),
			s.del(q, in1, ""), s.del(in2, e, ""))
		q, e = in1, in2
	}
	// Scheme words and pasted header names at the start of the credentials.
	dStart, dEnd := -1, -1
	var dNames []string
	flush := func() {
		if dStart < 0 {
			return
		}
		d := fmt.Sprintf("credentials start with the scheme word %s again at byte %d", dNames[0], s.pos(dStart))
		if len(dNames) > 1 {
			d = fmt.Sprintf("credentials start with %d more scheme words (%s) from byte %d", len(dNames), strings.Join(dNames, ", "), s.pos(dStart))
		}
		s.a.add(CodeDoubleScheme, s.pos(dStart), d, s.del(dStart, dEnd, ""))
		dStart, dNames = -1, nil
	}
	for q < e {
		if n, name := pastedPrefix(c[q:e]); n > 0 {
			flush()
			m, _ := schemePrefix(c[q+n : e])
			s.a.add(CodePastedHeader, s.pos(q), fmt.Sprintf("credentials start with a pasted header name %q at byte %d", name+":", s.pos(q)), s.del(q, q+n+m, ""))
			q += n + m
			continue
		}
		if m, name := schemePrefix(c[q:e]); m > 0 {
			if dStart < 0 {
				dStart = q
			}
			dNames = append(dNames, name)
			q += m
			dEnd = q
			continue
		}
		break
	}
	flush()
	if q >= e {
		if scheme != "" {
			s.a.add(CodeEmptyCredentials, s.pos(q), fmt.Sprintf("scheme %s is followed by no credentials", scheme))
		} else {
			s.a.add(CodeEmptyCredentials, s.pos(q), "no credentials follow the scheme")
		}
		return
	}
	// A comma and a second scheme: two credentials in one value.
	quoted := false
	for k := q; k < e; k++ {
		switch c[k] {
		case '"':
			quoted = !quoted
		case ',':
			if quoted {
				continue
			}
			j := skipSpaces(c, k+1)
			w := j
			for w < e && isTchar(c[w]) {
				w++
			}
			if name, ok := KnownScheme(c[j:w]); ok && (w == e || c[w] == ' ') {
				s.a.add(CodeMultipleSchemes, s.pos(k), fmt.Sprintf("a second credential with the scheme %s follows the comma at byte %d; send one credential", name, s.pos(k)))
				e = k
			}
		}
	}
	explainedTo := -1
	if i := indexFold(c[q:e], "authorization:"); i > 0 {
		s.a.add(CodePastedHeader, s.pos(q+i), fmt.Sprintf("credentials contain a pasted header name \"Authorization:\" at byte %d", s.pos(q+i)))
		explainedTo = q + i + len("authorization:")
	}
	if params && looksLikeParams(c[q:e]) {
		return
	}
	spaces, firstSpace := 0, -1
	bad, firstBad := 0, -1
	pad := e
	for pad > q && c[pad-1] == '=' {
		pad--
	}
	for k := q; k < e; k++ {
		if s.explained(k) || k < explainedTo {
			continue
		}
		switch ch := c[k]; {
		case ch == ' ':
			if firstSpace < 0 {
				firstSpace = s.pos(k)
			}
			spaces++
		case k >= pad || isToken68(ch):
		default:
			if firstBad < 0 {
				firstBad = s.pos(k)
			}
			bad++
		}
	}
	if spaces > 0 {
		s.a.add(CodeInnerSpace, firstSpace, fmt.Sprintf("%s inside the credentials, first at byte %d", plural(spaces, "space"), firstSpace))
	}
	if bad > 0 {
		d := fmt.Sprintf("credentials hold %s outside the token68 alphabet, first at byte %d", plural(bad, "byte"), firstBad)
		if scheme == "Basic" {
			d += "; Basic credentials are the base64 of user-id:password"
		}
		s.a.add(CodeNotToken68, firstBad, d)
	}
}

// pastedPrefix reports the length of a pasted header name at the start of
// x: "Authorization:" (or Proxy-Authorization) with the spaces after it, or
// the name without its colon when a known scheme word follows.
func pastedPrefix(x string) (int, string) {
	for _, name := range []string{"Proxy-Authorization", "Authorization"} {
		if len(x) < len(name) || !strings.EqualFold(x[:len(name)], name) {
			continue
		}
		n := len(name)
		if n < len(x) && x[n] == ':' {
			return skipSpaces(x, n+1), name
		}
		if n < len(x) && x[n] == ' ' {
			k := skipSpaces(x, n)
			if m, _ := schemePrefix(x[k:]); m > 0 {
				return k, name
			}
		}
		return 0, ""
	}
	return 0, ""
}

// schemePrefix reports the length of a known scheme word at the start of x
// that stands alone: followed by the end, a space or a colon, with that
// colon and the spaces after it.
func schemePrefix(x string) (int, string) {
	w := 0
	for w < len(x) && isTchar(x[w]) {
		w++
	}
	name, ok := KnownScheme(x[:w])
	if !ok {
		return 0, ""
	}
	switch {
	case w == len(x):
		return w, name
	case x[w] == ':':
		return skipSpaces(x, w+1), name
	case x[w] == ' ':
		return skipSpaces(x, w), name
	}
	return 0, ""
}

// indexFold is strings.Index, ignoring ASCII case.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// looksLikeParams reports whether x has the shape of a list of
// auth-params, the other form credentials may take (RFC 9110 §11.4): an '='
// followed by something other than token68 padding. The check is loose on
// purpose: AWS Signature V4 values hold '/' and ';', which a token may not.
func looksLikeParams(x string) bool {
	for k := 0; k+1 < len(x); k++ {
		if x[k] == '=' && x[k+1] != '=' && k > 0 && isTchar(x[k-1]) {
			return true
		}
	}
	return false
}
