package header

import (
	"fmt"
	"strings"
)

// Param is one auth-param of a challenge (RFC 9110 §11.2).
type Param struct {
	// Name is the parameter name as written; compare it case-insensitively.
	Name string
	// Value is the value with the quotes removed and quoted-pairs (\" and
	// \\) resolved.
	Value string
}

// Challenge is one challenge from a WWW-Authenticate or Proxy-Authenticate
// field (RFC 9110 §11.6.1, §11.7.1): a scheme and either a token68 or a list
// of parameters. The zero value is no challenge.
type Challenge struct {
	// Scheme is the auth-scheme as written; compare it with Is.
	Scheme string
	// Token68 is set when the challenge carries a token68 instead of
	// parameters (for example Negotiate with a SPNEGO token).
	Token68 string
	// Params are the parameters in the order they were written. A repeated
	// name keeps its first value.
	Params []Param
}

// Param returns the value of the first parameter named name, compared
// case-insensitively, and whether there is one.
func (c Challenge) Param(name string) (string, bool) {
	for _, p := range c.Params {
		if strings.EqualFold(p.Name, name) {
			return p.Value, true
		}
	}
	return "", false
}

// Is reports whether the challenge's scheme is scheme, compared
// case-insensitively (RFC 9110 §11.1).
func (c Challenge) Is(scheme string) bool { return strings.EqualFold(c.Scheme, scheme) }

// Scopes splits the scope parameter into its space-delimited,
// case-sensitive scope tokens (RFC 6750 §3, RFC 6749 §3.3). It is nil when
// there is no scope parameter or it is empty.
func (c Challenge) Scopes() []string {
	v, ok := c.Param("scope")
	if !ok {
		return nil
	}
	f := strings.Fields(v)
	if len(f) == 0 {
		return nil
	}
	return f
}

// Problem is one malformed place in a list of challenges.
type Problem struct {
	// Field is the index of the field value in the slice given to
	// ParseChallenges.
	Field int
	// Offset is the byte offset of the problem in that field value.
	Offset int
	// Msg describes the problem in lower case.
	Msg string
}

// ParseError lists what was malformed in the field values given to
// ParseChallenges. Its message is one line and names the first problem.
type ParseError struct {
	// Problems are in the order they were found; there is at least one.
	Problems []Problem
	fields   int
}

// Error describes the first problem and counts the others.
func (e *ParseError) Error() string {
	if len(e.Problems) == 0 {
		return "parse challenges: malformed"
	}
	p := e.Problems[0]
	var b strings.Builder
	b.WriteString("parse challenges: ")
	if e.fields > 1 {
		fmt.Fprintf(&b, "value[%d] ", p.Field)
	}
	fmt.Fprintf(&b, "byte %d: %s", p.Offset, p.Msg)
	if n := len(e.Problems) - 1; n > 0 {
		fmt.Fprintf(&b, " (and %s)", plural(n, "more problem"))
	}
	return b.String()
}

// ParseChallenges parses the values of every WWW-Authenticate (or
// Proxy-Authenticate) field line of a response, in order, into challenges.
//
// It accepts several challenges in one value and several field lines,
// commas inside quoted strings, bare-token and quoted parameter values,
// token68 credentials with '=' padding, empty list elements and whitespace
// around '='. Field lines are combined as if joined with commas (RFC 9110
// §5.3), so a parameter at the start of a line belongs to the last challenge
// of the line before.
//
// It is lenient like a good client: it returns every challenge it could
// read, and a non-nil *ParseError only when something was malformed; the
// challenges before and after the problem are still returned. A repeated
// parameter name within one challenge is reported and the first value kept.
func ParseChallenges(fieldValues []string) ([]Challenge, error) {
	p := parser{cur: -1}
	for f, v := range fieldValues {
		p.s, p.i, p.field = v, 0, f
		p.parse()
	}
	if len(p.probs) > 0 {
		return p.out, &ParseError{Problems: p.probs, fields: len(fieldValues)}
	}
	return p.out, nil
}

// parser reads one field value at a time; out, cur and probs carry over
// from one field line to the next.
type parser struct {
	s     string
	i     int
	field int
	out   []Challenge
	cur   int // index in out of the challenge parameters attach to, or -1
	probs []Problem
}

func (p *parser) fail(at int, format string, args ...any) {
	p.probs = append(p.probs, Problem{Field: p.field, Offset: at, Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) eof() bool { return p.i >= len(p.s) }

func (p *parser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *parser) skipWS() int {
	n := 0
	for p.i < len(p.s) && isWS(p.s[p.i]) {
		p.i++
		n++
	}
	return n
}

func (p *parser) token() string {
	start := p.i
	for p.i < len(p.s) && isTchar(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

// skipElement moves to the next comma outside a quoted string, so that one
// malformed element does not hide the challenges after it.
func (p *parser) skipElement() {
	quoted := false
	for ; p.i < len(p.s); p.i++ {
		switch c := p.s[p.i]; {
		case quoted && c == '\\':
			p.i++
		case c == '"':
			quoted = !quoted
		case !quoted && c == ',':
			return
		}
	}
}

// endElement expects optional whitespace and then a comma or the end.
func (p *parser) endElement(after string) {
	p.skipWS()
	if p.eof() || p.peek() == ',' {
		return
	}
	p.fail(p.i, "unexpected %s after %s", describe(p.s, p.i), after)
	p.skipElement()
}

// parse reads one field value: #challenge, where a challenge is
// auth-scheme [ 1*SP ( token68 / #auth-param ) ] and its parameters are
// further list elements (RFC 9110 §11.6.1).
func (p *parser) parse() {
	for {
		for !p.eof() && (isWS(p.peek()) || p.peek() == ',') {
			p.i++
		}
		if p.eof() {
			return
		}
		start := p.i
		name := p.token()
		if name == "" {
			p.fail(start, "expected an auth scheme, found %s", describe(p.s, p.i))
			p.skipElement()
			continue
		}
		ws := p.skipWS()
		if p.peek() == '=' {
			// name BWS "=": a parameter of the current challenge.
			p.paramElement(start, name)
			continue
		}
		p.out = append(p.out, Challenge{Scheme: name})
		p.cur = len(p.out) - 1
		if p.eof() || p.peek() == ',' {
			continue
		}
		if ws == 0 {
			p.fail(p.i, "unexpected %s after auth scheme %q", describe(p.s, p.i), name)
			p.skipElement()
			continue
		}
		p.afterScheme()
	}
}

// paramElement reads the rest of "name BWS = BWS value" at the start of a
// list element, with p.i on the '='.
func (p *parser) paramElement(start int, name string) {
	switch {
	case p.cur < 0:
		p.fail(start, "parameter %q has no auth scheme before it", name)
		p.skipElement()
		return
	case p.out[p.cur].Token68 != "":
		p.fail(start, "parameter %q follows a token68", name)
		p.skipElement()
		return
	}
	p.i++ // '='
	p.skipWS()
	v, ok := p.value(name)
	if !ok {
		return
	}
	p.add(start, name, v)
	p.endElement("parameter value")
}

// afterScheme reads what follows "scheme 1*SP": a first parameter or a
// token68.
func (p *parser) afterScheme() {
	start := p.i
	if name := p.token(); name != "" {
		p.skipWS()
		if p.peek() == '=' {
			p.i++
			p.skipWS()
			if c := p.peek(); c == '"' || isTchar(c) {
				v, ok := p.value(name)
				if ok {
					p.add(start, name, v)
					p.endElement("parameter value")
				}
				return
			}
		}
		p.i = start
	}
	j := start
	for j < len(p.s) && isToken68(p.s[j]) {
		j++
	}
	if j == start {
		p.fail(start, "expected a token68 or parameters, found %s", describe(p.s, start))
		p.skipElement()
		return
	}
	for j < len(p.s) && p.s[j] == '=' {
		j++
	}
	p.out[p.cur].Token68 = p.s[start:j]
	p.i = j
	p.endElement("token68")
}

// value reads a parameter value: a quoted-string or a token. A bare value
// that runs on with characters a token may not hold is kept up to the next
// comma or space and reported.
func (p *parser) value(name string) (string, bool) {
	if p.peek() == '"' {
		return p.quoted(), true
	}
	start := p.i
	for p.i < len(p.s) && !isWS(p.s[p.i]) && p.s[p.i] != ',' && p.s[p.i] != '"' {
		p.i++
	}
	v := p.s[start:p.i]
	if v == "" {
		p.fail(start, "missing value for parameter %q", name)
		p.skipElement()
		return "", false
	}
	for k := 0; k < len(v); k++ {
		if !isTchar(v[k]) {
			p.fail(start+k, "parameter %q has %s in an unquoted value", name, describe(v, k))
			break
		}
	}
	return v, true
}

// quoted reads a quoted-string with p.i on the opening quote and resolves
// its quoted-pairs (RFC 9110 §5.6.4). An unterminated string runs to the
// end of the value and is reported; its text is kept.
func (p *parser) quoted() string {
	start := p.i
	p.i++
	var b strings.Builder
	ctl := false
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return b.String()
		case c == '\\' && p.i+1 < len(p.s):
			c = p.s[p.i+1]
			p.i++
		}
		if isCTL(c) && c != '\t' && !ctl {
			ctl = true
			p.fail(p.i, "%s in quoted string", ctlName(c))
		}
		b.WriteByte(c)
		p.i++
	}
	p.fail(start, "unterminated quoted string")
	return b.String()
}

// add appends a parameter to the current challenge unless the name is
// already there (RFC 9110 §11.2: each name at most once).
func (p *parser) add(at int, name, value string) {
	c := &p.out[p.cur]
	if _, dup := c.Param(name); dup {
		p.fail(at, "duplicate parameter %q in challenge %q", name, c.Scheme)
		return
	}
	c.Params = append(c.Params, Param{Name: name, Value: value})
}
