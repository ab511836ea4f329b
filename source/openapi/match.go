package openapi

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// segment is one segment of a path template.
type segment struct {
	lit string         // a literal segment
	re  *regexp.Regexp // a templated one ("{id}", "{name}.json")
	// rank orders segments for precedence: a literal (2) beats a segment
	// mixing literal text and a parameter (1), which beats a bare
	// parameter (0). OpenAPI 3.1 §4.8.8: concrete paths match before
	// templated ones.
	rank int
}

func (s segment) match(v string) bool {
	if s.re == nil {
		return s.lit == v
	}
	return v != "" && s.re.MatchString(v)
}

// splitPath splits a path into segments without the leading and trailing
// slash; "/" has none.
func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

var reParam = regexp.MustCompile(`\{[^{}/]*\}`)

func compilePath(tmpl string) []segment {
	var out []segment
	for _, s := range splitPath(tmpl) {
		out = append(out, compileSegment(s, nil))
	}
	return out
}

// compileSegment compiles one segment; vars, when set, gives server
// variables their enum values.
func compileSegment(s string, vars map[string]serverVar) segment {
	locs := reParam.FindAllStringIndex(s, -1)
	if len(locs) == 0 {
		return segment{lit: s, rank: 2}
	}
	var b strings.Builder
	b.WriteString("^")
	last := 0
	for _, l := range locs {
		b.WriteString(regexp.QuoteMeta(s[last:l[0]]))
		b.WriteString(varPattern(s[l[0]+1:l[1]-1], vars, "(?s:.+)"))
		last = l[1]
	}
	b.WriteString(regexp.QuoteMeta(s[last:]))
	b.WriteString("$")
	rank := 0
	if len(locs) > 1 || locs[0][0] > 0 || locs[0][1] < len(s) {
		rank = 1
	}
	re, err := regexp.Compile(b.String())
	if err != nil { // too large: let the segment match nothing
		return segment{lit: "\x00" + s, rank: rank}
	}
	return segment{re: re, rank: rank}
}

// varPattern is the regexp for one template variable: its enum (and
// default) when a server variable has one, else any.
func varPattern(name string, vars map[string]serverVar, any string) string {
	v, ok := vars[name]
	if !ok || len(v.enum) == 0 {
		if ok && v.def != "" {
			return "(?:" + regexp.QuoteMeta(v.def) + "|" + any + ")"
		}
		return any
	}
	alts := make([]string, 0, len(v.enum)+1)
	for _, e := range append(v.enum, v.def) {
		if e != "" {
			alts = append(alts, regexp.QuoteMeta(e))
		}
	}
	return "(?:" + strings.Join(alts, "|") + ")"
}

// serverMatcher matches the start of a URL against a server URL template.
type serverMatcher struct {
	origin *regexp.Regexp // nil for a relative server URL
	path   []segment      // the server's path prefix
}

// maxServerURL bounds a server URL compiled into a regexp.
const maxServerURL = 2048

func compileServer(s server) serverMatcher {
	raw := strings.TrimSpace(s.url)
	if len(raw) > maxServerURL {
		raw = raw[:maxServerURL]
	}
	var m serverMatcher
	path := raw
	if i := strings.Index(raw, "//"); i >= 0 && (i == 0 || strings.HasSuffix(raw[:i], ":")) {
		rest := raw[i+2:]
		origin, p, _ := strings.Cut(rest, "/")
		path = "/" + p
		scheme := strings.TrimSuffix(raw[:i], ":")
		var b strings.Builder
		b.WriteString("(?i)^")
		if scheme == "" {
			b.WriteString("[a-z][a-z0-9+.-]*")
		} else {
			b.WriteString(templateRE(scheme, s.vars, "[a-z][a-z0-9+.-]*"))
		}
		b.WriteString("://")
		b.WriteString(originRE(scheme, origin, s.vars))
		b.WriteString("$")
		re, err := regexp.Compile(b.String())
		if err != nil {
			re = regexp.MustCompile(`^$`) // matches no URL
		}
		m.origin = re
	}
	for _, seg := range splitPath(path) {
		m.path = append(m.path, compileSegment(seg, s.vars))
	}
	return m
}

// templateRE turns text with {var} references into a regexp.
func templateRE(s string, vars map[string]serverVar, any string) string {
	var b strings.Builder
	last := 0
	for _, l := range reParam.FindAllStringIndex(s, -1) {
		b.WriteString(regexp.QuoteMeta(s[last:l[0]]))
		b.WriteString(varPattern(s[l[0]+1:l[1]-1], vars, any))
		last = l[1]
	}
	b.WriteString(regexp.QuoteMeta(s[last:]))
	return b.String()
}

// originRE is the regexp for host[:port] of a server URL. A port that is
// the scheme's default (literally, or as a variable's default) may be left
// out, as the request side drops it.
func originRE(scheme, origin string, vars map[string]serverVar) string {
	host, port := origin, ""
	if i := strings.LastIndex(origin, ":"); i >= 0 && !strings.Contains(origin[i:], "]") {
		host, port = origin[:i], origin[i+1:]
	}
	re := templateRE(host, vars, "[^/?#:]+")
	if port == "" {
		return re
	}
	portRE := ":" + templateRE(port, vars, "[0-9]+")
	if d := defaultPort(withDefaults(scheme, vars)); d != "" && withDefaults(port, vars) == d {
		return re + "(?:" + portRE + ")?"
	}
	return re + portRE
}

// withDefaults replaces the {var} references in s by their defaults.
func withDefaults(s string, vars map[string]serverVar) string {
	return reParam.ReplaceAllStringFunc(s, func(ref string) string { return vars[ref[1:len(ref)-1]].def })
}

func defaultPort(scheme string) string {
	switch strings.ToLower(scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

// stripDefaultPort drops :443 from an https origin and :80 from an http
// one, as the request side does.
func stripDefaultPort(scheme, origin string) string {
	switch strings.ToLower(scheme) {
	case "https":
		return strings.TrimSuffix(origin, ":443")
	case "http":
		return strings.TrimSuffix(origin, ":80")
	}
	return origin
}

// target is the URL asked about, split for matching.
type target struct {
	origin string   // "https://api.example.com", "" when the URL has no host
	segs   []string // unescaped path segments
	shown  string   // scheme://host/path, for errors: no userinfo, no query
}

func parseTarget(raw string) (target, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return target{}, fmt.Errorf("parse URL: %w", errURL)
	}
	var t target
	if u.Host != "" {
		scheme := strings.ToLower(u.Scheme)
		t.origin = scheme + "://" + stripDefaultPort(scheme, strings.ToLower(u.Host))
	}
	for _, s := range splitPath(u.EscapedPath()) {
		if v, err := url.PathUnescape(s); err == nil {
			s = v
		}
		t.segs = append(t.segs, s)
	}
	t.shown = t.origin + "/" + strings.Join(t.segs, "/")
	return t, nil
}

// errURL replaces url.Parse's error, which quotes the whole URL (and so
// any credential in its query).
var errURL = fmt.Errorf("not a valid URL")

// candidate is a path and server that match the URL.
type candidate struct {
	path  *pathItem
	ranks []int // server path segments then template segments
	// server is the length of the server prefix, to prefer the longer one.
	server int
}

// better reports whether a should be chosen over b.
func better(a, b candidate) bool {
	for i := 0; i < len(a.ranks) && i < len(b.ranks); i++ {
		if a.ranks[i] != b.ranks[i] {
			return a.ranks[i] > b.ranks[i]
		}
	}
	if a.server != b.server {
		return a.server > b.server
	}
	return a.path.template < b.path.template
}

// effectiveServers are the servers for an operation (or a path, op nil):
// the operation's, else the path's, else the document's, else "/"
// (OpenAPI 3.1 §4.8.1: a missing or empty servers means "/").
func (d *Doc) effectiveServers(p *pathItem, op *operation) []server {
	switch {
	case op != nil && len(op.servers) > 0:
		return op.servers
	case len(p.servers) > 0:
		return p.servers
	case len(d.servers) > 0:
		return d.servers
	}
	return []server{newServer("/", nil)}
}

// matchPath tries p (for method, or for any operation when method is "")
// against t. hostless ignores the servers' origins.
func (d *Doc) matchPath(p *pathItem, method string, t target, hostless bool) (candidate, bool) {
	var servers []server
	if method != "" {
		op, ok := p.ops[method]
		if !ok {
			return candidate{}, false
		}
		servers = d.effectiveServers(p, &op)
	} else {
		servers = d.effectiveServers(p, nil)
		for _, op := range p.ops {
			servers = append(servers, op.servers...)
		}
	}
	var best candidate
	found := false
	for _, s := range servers {
		m := s.m
		if m.origin != nil && !hostless && !m.origin.MatchString(t.origin) {
			continue
		}
		if len(t.segs) < len(m.path)+len(p.segs) || len(t.segs) > len(m.path)+len(p.segs) {
			continue
		}
		ok := true
		var ranks []int
		for i, seg := range m.path {
			if !seg.match(t.segs[i]) {
				ok = false
				break
			}
			ranks = append(ranks, seg.rank)
		}
		if !ok {
			continue
		}
		rest := t.segs[len(m.path):]
		for i, seg := range p.segs {
			if !seg.match(rest[i]) {
				ok = false
				break
			}
			ranks = append(ranks, seg.rank)
		}
		if !ok {
			continue
		}
		c := candidate{path: p, ranks: ranks, server: len(m.path)}
		if !found || better(c, best) {
			best, found = c, true
		}
	}
	return best, found
}

// find returns the best path for method and t, first honouring the
// servers' hosts, then (when nothing matches) ignoring them.
func (d *Doc) find(method string, t target) (*pathItem, bool) {
	for _, hostless := range []bool{false, true} {
		var best candidate
		found := false
		for i := range d.paths {
			if c, ok := d.matchPath(&d.paths[i], method, t, hostless); ok && (!found || better(c, best)) {
				best, found = c, true
			}
		}
		if found {
			return best.path, true
		}
	}
	return nil, false
}

// Operation finds the operation for method and URL and returns its id
// (operationId, else "GET /orders/{id}") and its effective security.
//
// The URL is matched against each server URL (servers of the operation,
// else of the path, else of the document; variables by their enum, or any
// value) followed by a path template. A literal segment wins over a
// templated one (/orders/export before /orders/{id}). When no server's
// host matches — the request goes to a staging host or localhost — the
// servers' path prefixes are matched alone. The URL may also be a bare
// path.
//
// Security: the operation's list overrides the document's. Each
// requirement object is one alternative (OR); the schemes inside it are
// all needed (AND), sorted by name. alternatives is nil when neither the
// operation nor the document declares security, and empty (not nil) for
// an explicit "security: []"; both mean no authentication. An empty
// requirement object ({}) gives an empty alternative: authentication is
// optional.
func (d *Doc) Operation(method, rawURL string) (opID string, alternatives [][]Requirement, err error) {
	m := strings.ToLower(strings.TrimSpace(method))
	t, err := parseTarget(rawURL)
	if err != nil {
		return "", nil, fmt.Errorf("find operation: %w", err)
	}
	p, ok := d.find(m, t)
	if !ok {
		if p, ok := d.find("", t); ok {
			return "", nil, fmt.Errorf("find operation: path %s has no %s operation (it has %s)", p.template, strings.ToUpper(m), strings.Join(p.methods(), ", "))
		}
		return "", nil, fmt.Errorf("find operation: no path of the document matches %s %s", strings.ToUpper(m), t.shown)
	}
	op := p.ops[m]
	opID = op.id
	if opID == "" {
		opID = strings.ToUpper(m) + " " + p.template
	}
	list, has := op.security, op.hasSec
	if !has {
		list, has = d.security, d.hasSec
	}
	if !has {
		return opID, nil, nil
	}
	alternatives = [][]Requirement{}
	for _, raw := range list {
		alt, err := d.requirements(obj(raw))
		if err != nil {
			return "", nil, fmt.Errorf("find operation %s: %w", opID, err)
		}
		alternatives = append(alternatives, alt)
	}
	return opID, alternatives, nil
}

func (p *pathItem) methods() []string {
	var out []string
	for _, m := range methods {
		if _, ok := p.ops[m]; ok {
			out = append(out, strings.ToUpper(m))
		}
	}
	sort.Strings(out)
	return out
}

// PathTemplates returns every path template of the document as a request
// path: joined to the path of each server it is served under
// ("https://api.example.com/v1" and "/orders/{id}" make
// "/v1/orders/{id}"), sorted, without repeats. Server variables in a path
// stay as {name}. Access-log routes are matched against these.
func (d *Doc) PathTemplates() []string {
	seen := map[string]bool{}
	var out []string
	for i := range d.paths {
		p := &d.paths[i]
		for _, s := range d.effectiveServers(p, nil) {
			base := s.url
			if j := strings.Index(base, "://"); j >= 0 {
				base = base[j+3:]
				if k := strings.IndexByte(base, '/'); k >= 0 {
					base = base[k:]
				} else {
					base = ""
				}
			}
			if k := strings.IndexAny(base, "?#"); k >= 0 {
				base = base[:k]
			}
			t := strings.TrimSuffix(base, "/") + "/" + strings.TrimPrefix(p.template, "/")
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	sort.Strings(out)
	return out
}
