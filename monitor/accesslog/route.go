package accesslog

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// IDSegment is what an id-like path segment becomes.
const IDSegment = "{id}"

// SecretSegment is what a path segment holding a credential becomes (a
// Telegram bot token after /bot, a JWT in a verification link): a route
// is a report line and a metric label, and must never carry one.
const SecretSegment = "{secret}"

// minSecretSegment is the shortest segment looked at for a credential:
// every credential the finder knows is longer, and the common short
// segments (v1, orders, items) cost nothing.
const minSecretSegment = 20

// Router turns request paths into route templates, so that /v1/orders/17
// and /v1/orders/18 count as one endpoint. The zero Router applies the
// default rule only. A Router is safe for concurrent use once built; its
// Route method is not (each goroutine has its own scratch: use Clone).
type Router struct {
	custom    []customRoute
	templates [][]templateSeg
	buf       []byte
}

// customRoute is one --route REGEX=NAME.
type customRoute struct {
	re   *regexp.Regexp
	name string
}

// templateSeg is one segment of an OpenAPI path template: a literal, or
// a parameter ({orderId}) matching any one segment.
type templateSeg struct {
	lit   string
	param bool
}

// AddRoute adds a --route rule: paths the regular expression matches
// (anywhere; anchor it with ^ and $) are counted as name. Rules are
// tried in the order added, before templates and the default rule.
func (r *Router) AddRoute(spec string) error {
	i := strings.LastIndex(spec, "=")
	if i <= 0 || i == len(spec)-1 {
		return fmt.Errorf("--route %q: write it as REGEX=NAME, like '^/v1/orders/[0-9]+$=/v1/orders/{id}'", spec)
	}
	re, err := regexp.Compile(spec[:i])
	if err != nil {
		return fmt.Errorf("--route %q: %v", spec, err)
	}
	r.custom = append(r.custom, customRoute{re: re, name: spec[i+1:]})
	return nil
}

// AddTemplates adds path templates ("/v1/orders/{orderId}"), an OpenAPI
// document's paths: a path with as many segments that equals a template
// in every literal segment counts as that template. When several match,
// the one with the most literal segments wins.
func (r *Router) AddTemplates(ts []string) {
	for _, t := range ts {
		var segs []templateSeg
		for _, s := range strings.Split(strings.Trim(t, "/"), "/") {
			if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
				segs = append(segs, templateSeg{param: true, lit: s})
			} else {
				segs = append(segs, templateSeg{lit: s})
			}
		}
		r.templates = append(r.templates, segs)
	}
}

// Clone returns a router with the same rules and its own scratch space.
func (r *Router) Clone() *Router {
	return &Router{custom: r.custom, templates: r.templates}
}

// Route returns the route of path. The result is valid until the next
// call.
func (r *Router) Route(path []byte) []byte {
	for _, c := range r.custom {
		if c.re.Match(path) {
			r.buf = append(r.buf[:0], c.name...)
			return r.buf
		}
	}
	if len(r.templates) > 0 {
		if t, ok := r.template(path); ok {
			return t
		}
	}
	return r.normalise(path)
}

// template matches path against the templates.
func (r *Router) template(path []byte) ([]byte, bool) {
	best, bestLits := -1, -1
	p := bytes.Trim(path, "/")
	for ti, segs := range r.templates {
		rest, lits, ok := p, 0, true
		for si, s := range segs {
			var seg []byte
			if j := bytes.IndexByte(rest, '/'); j >= 0 {
				seg, rest = rest[:j], rest[j+1:]
			} else {
				seg, rest = rest, nil
				if si != len(segs)-1 {
					ok = false
					break
				}
			}
			if s.param {
				if len(seg) == 0 {
					ok = false
					break
				}
				continue
			}
			if string(seg) != s.lit {
				ok = false
				break
			}
			lits++
		}
		if ok && rest == nil && lits > bestLits {
			best, bestLits = ti, lits
		}
	}
	if best < 0 {
		return nil, false
	}
	r.buf = r.buf[:0]
	for _, s := range r.templates[best] {
		r.buf = append(r.buf, '/')
		r.buf = append(r.buf, s.lit...)
	}
	if len(r.buf) == 0 {
		r.buf = append(r.buf, '/')
	}
	return r.buf, true
}

// normalise is the default rule: every segment that looks like an id
// becomes {id}.
func (r *Router) normalise(path []byte) []byte {
	r.buf = r.buf[:0]
	start := 0
	for i := 0; i <= len(path); i++ {
		if i < len(path) && path[i] != '/' {
			continue
		}
		seg := path[start:i]
		switch {
		case IsID(seg):
			r.buf = append(r.buf, IDSegment...)
		case HoldsSecret(seg):
			r.buf = append(r.buf, SecretSegment...)
		default:
			r.buf = append(r.buf, seg...)
		}
		if i < len(path) {
			r.buf = append(r.buf, '/')
		}
		start = i + 1
	}
	return r.buf
}

// HoldsSecret says whether a path segment holds a credential that
// authdoctor.FindSecrets recognises. Segments shorter than
// minSecretSegment are not looked at (none is one), so the hot path of a
// log line pays nothing for it.
func HoldsSecret(seg []byte) bool {
	if len(seg) < minSecretSegment {
		return false
	}
	found := false
	authdoctor.FindSecrets(string(seg), func(authdoctor.Span) bool { found = true; return false })
	return found
}

// IsID says whether a path segment is an identifier rather than a name:
//   - all decimal digits (17, 2026), or a number with a dot-free suffix
//     shorter than the number (123.json keeps its name: no);
//   - a UUID, with or without dashes;
//   - 16 or more hex digits with at least one digit (a digest, an object
//     id);
//   - 20 or more characters of letters, digits, - and _ mixing letters
//     and digits (an opaque token, a base64url id);
//   - a vendor-style prefixed id: letters, _ or -, then 8 or more
//     letters and digits with at least two digits (ord_8f3k2q9x, cus_Q1w2E3r4).
//
// Words, versions (v1, v2beta), dates in words and file names stay.
func IsID(s []byte) bool {
	n := len(s)
	if n == 0 {
		return false
	}
	// sep is the first - or _, for the prefix rule.
	var dig, hex, alpha, sep = 0, 0, 0, -1
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
			dig++
			hex++
		case c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F':
			hex++
			alpha++
		case c >= 'g' && c <= 'z' || c >= 'G' && c <= 'Z':
			alpha++
		case c == '-' || c == '_':
			if sep < 0 {
				sep = i
			}
		default:
			return false // dots, %, ~, ':' …: a file name, an encoded word
		}
	}
	switch {
	case dig == n:
		return true
	case isUUID(s):
		return true
	case n >= 16 && hex == n && dig > 0:
		return true
	case n >= 20 && dig > 0 && alpha > 0:
		return true
	}
	// prefix_id: the prefix is letters, the rest letters and digits.
	if sep > 0 && sep < 8 {
		rest := s[sep+1:]
		var d int
		for _, c := range rest {
			if c >= '0' && c <= '9' {
				d++
			} else if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				return false
			}
		}
		return len(rest) >= 8 && d >= 2
	}
	return false
}

// isUUID says whether s is 8-4-4-4-12 hex digits, or 32 without dashes.
func isUUID(s []byte) bool {
	switch len(s) {
	case 36:
		for i, c := range s {
			if i == 8 || i == 13 || i == 18 || i == 23 {
				if c != '-' {
					return false
				}
				continue
			}
			if !isHex(c) {
				return false
			}
		}
		return true
	case 32:
		for _, c := range s {
			if !isHex(c) {
				return false
			}
		}
		return true
	}
	return false
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
