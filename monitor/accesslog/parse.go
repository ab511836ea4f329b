package accesslog

import (
	"bytes"
	"fmt"
	"strings"
)

// Entry is one request of a log. Host, Method and Path point into the
// line the parser read (or into the parser's scratch space): they are
// valid until the next call.
type Entry struct {
	// Time is the request's time in Unix seconds; 0 when the line has
	// none.
	Time int64
	// Host is the virtual host without its port, "" when the format has
	// none.
	Host []byte
	// Method is the request method, "-" when the request line was not
	// a request (a TLS handshake sent to a plain port, an empty line).
	Method []byte
	// Path is the request target without its query string or fragment;
	// for an absolute target (a proxy's, a load balancer's) only the
	// path. "-" with Method.
	Path   []byte
	Status int
}

// Format names a log format.
type Format string

// The formats Parse reads.
const (
	// Common is the Common Log Format: host ident user [time] "request"
	// status bytes.
	Common Format = "common"
	// Combined is Common followed by "referer" "user-agent": nginx's and
	// Apache's default.
	Combined Format = "combined"
	// VhostCombined is Combined preceded by the virtual host and port
	// (Apache's vhost_combined).
	VhostCombined Format = "vhost_combined"
	// JSON is one JSON object per line: nginx's escape=json formats,
	// Caddy's and Traefik's JSON logs, application logs (see JSONFields).
	JSON Format = "json"
	// ALB is the AWS Application (and Classic) Load Balancer access log.
	ALB Format = "alb"
	// Traefik is Traefik's common log format: Combined plus the request
	// count, router, backend and duration.
	Traefik Format = "traefik"
)

// Formats lists the formats in the order Detect tries them.
var Formats = []Format{JSON, ALB, VhostCombined, Traefik, Combined, Common}

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("format %q is not one of %s", s, strings.Join(names, ", "))
}

// A Parser reads lines of one format. It is not safe for concurrent use:
// each goroutine has its own.
type Parser struct {
	format Format
	json   *jsonParser
	clock  timeCache
}

// NewParser returns a parser of format f; fields maps JSON's fields (nil
// for the defaults) and is ignored by the other formats.
func NewParser(f Format, fields *JSONFields) *Parser {
	p := &Parser{format: f}
	if f == JSON {
		p.json = newJSONParser(fields)
	}
	return p
}

// Format is the parser's format.
func (p *Parser) Format() Format { return p.format }

// Parse reads one line (without its newline) into e; false when the line
// is not of the parser's format.
func (p *Parser) Parse(line []byte, e *Entry) bool {
	*e = Entry{}
	switch p.format {
	case Common, Combined, Traefik:
		return p.clf(line, e, false)
	case VhostCombined:
		return p.clf(line, e, true)
	case JSON:
		return p.json.parse(line, e, &p.clock)
	case ALB:
		return p.alb(line, e)
	}
	return false
}

// Detect finds the format most of lines are in, trying Formats in order;
// an error when no format reads at least half of the non-empty lines.
func Detect(lines [][]byte) (Format, error) {
	best, bestN, total := Format(""), 0, 0
	for _, l := range lines {
		if len(bytes.TrimSpace(l)) > 0 {
			total++
		}
	}
	if total == 0 {
		return "", fmt.Errorf("no log lines to detect the format from")
	}
	var e Entry
	for _, f := range Formats {
		p := NewParser(f, nil)
		n := 0
		for _, l := range lines {
			if p.Parse(l, &e) && (f != Traefik || traefikTail(l)) {
				n++
			}
		}
		if n > bestN {
			best, bestN = f, n
		}
	}
	if bestN*2 < total {
		return "", fmt.Errorf("%d of the first %d lines are in no known format (common, combined, vhost_combined, json, alb, traefik): give --format", total-bestN, total)
	}
	return best, nil
}

// clf reads the Common Log Format and its extensions: [vhost:port] host
// ident user [time] "request" status …
func (p *Parser) clf(line []byte, e *Entry, vhost bool) bool {
	rest := line
	if vhost {
		sp := bytes.IndexByte(rest, ' ')
		if sp <= 0 {
			return false
		}
		e.Host = hostOnly(rest[:sp])
		rest = rest[sp+1:]
	}
	lb := bytes.IndexByte(rest, '[')
	if lb < 0 {
		return false
	}
	// The fields before the time: remote host, ident, user (three, or
	// more when the user holds spaces).
	if lb < 6 || rest[lb-1] != ' ' {
		return false
	}
	if vhost != looksVhost(line) {
		return false
	}
	rb := bytes.IndexByte(rest[lb:], ']')
	if rb < 0 {
		return false
	}
	t, ok := p.clock.clf(rest[lb+1 : lb+rb])
	if !ok {
		return false
	}
	e.Time = t
	rest = rest[lb+rb+1:]
	if len(rest) < 2 || rest[0] != ' ' || rest[1] != '"' {
		return false
	}
	rest = rest[2:]
	q := closingQuote(rest)
	if q < 0 {
		return false
	}
	requestLine(rest[:q], e)
	rest = rest[q+1:]
	if len(rest) < 4 || rest[0] != ' ' {
		return false
	}
	st, n := status(rest[1:])
	if n == 0 {
		return false
	}
	e.Status = st
	return true
}

// looksVhost says whether a CLF line starts with a virtual host and a
// port (Apache's vhost_combined: "www.example.com:443 192.0.2.1 - - [").
func looksVhost(line []byte) bool {
	sp := bytes.IndexByte(line, ' ')
	if sp <= 0 {
		return false
	}
	first := line[:sp]
	c := bytes.LastIndexByte(first, ':')
	if c <= 0 || c == len(first)-1 {
		return false
	}
	for _, b := range first[c+1:] {
		if b < '0' || b > '9' {
			return false
		}
	}
	// An IPv6 client address also has colons; a vhost is followed by the
	// client's address, then ident and user before the '['.
	rest := line[sp+1:]
	lb := bytes.IndexByte(rest, '[')
	return lb > 0 && bytes.Count(rest[:lb], []byte{' '}) >= 3 && first[0] != '['
}

// traefikTail says whether a line ends the way Traefik's common log does:
// … "router" "backend" 12ms.
func traefikTail(line []byte) bool {
	l := bytes.TrimRight(line, " ")
	return len(l) > 3 && bytes.HasSuffix(l, []byte("ms")) && l[len(l)-3] >= '0' && l[len(l)-3] <= '9'
}

// closingQuote finds the quote that closes a quoted field, skipping
// backslash escapes (nginx and Apache escape " inside as \").
func closingQuote(b []byte) int {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// dash is what Method and Path hold for a line with no request.
var dash = []byte("-")

// requestLine splits "METHOD target PROTO" into e's Method and Path; a
// request line that is not one (garbage, "-") sets both to "-".
func requestLine(r []byte, e *Entry) {
	sp := bytes.IndexByte(r, ' ')
	if sp <= 0 || !isToken(r[:sp]) {
		e.Method, e.Path = dash, dash
		return
	}
	e.Method = r[:sp]
	target := r[sp+1:]
	if sp2 := bytes.IndexByte(target, ' '); sp2 >= 0 {
		target = target[:sp2]
	}
	host, path := splitTarget(target)
	if len(host) > 0 && len(e.Host) == 0 {
		e.Host = host
	}
	e.Path = path
}

// isToken says whether b is an HTTP method: upper-case letters (RFC 9110
// allows any token; logs only ever show these).
func isToken(b []byte) bool {
	if len(b) > 16 {
		return false
	}
	for _, c := range b {
		if (c < 'A' || c > 'Z') && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

// splitTarget returns the host of an absolute target (without port) and
// the path without query or fragment; "/" for an empty path.
func splitTarget(t []byte) (host, path []byte) {
	// The query first: whatever the target's shape, it never reaches a
	// path (it may hold api_key=).
	for i, c := range t {
		if c == '?' || c == '#' {
			t = t[:i]
			break
		}
	}
	if len(t) > 0 && t[0] != '/' {
		if i := bytes.Index(t, []byte("://")); i > 0 && i < 8 {
			rest := t[i+3:]
			end := len(rest)
			if j := bytes.IndexByte(rest, '/'); j >= 0 {
				end = j
			}
			host = hostOnly(rest[:end])
			t = rest[end:]
		} else if t[0] == '*' || bytes.IndexByte(t, '/') < 0 {
			// OPTIONS * or CONNECT host:port: no path.
			return nil, t
		}
	}
	if len(t) == 0 {
		t = slash
	}
	return host, t
}

var slash = []byte("/")

// hostOnly drops the port (and the brackets of an IPv6 address) and any
// userinfo from a host[:port].
func hostOnly(h []byte) []byte {
	if at := bytes.LastIndexByte(h, '@'); at >= 0 {
		h = h[at+1:]
	}
	if len(h) > 0 && h[0] == '[' {
		if rb := bytes.IndexByte(h, ']'); rb > 0 {
			return h[1:rb]
		}
	}
	if c := bytes.LastIndexByte(h, ':'); c >= 0 && bytes.IndexByte(h[:c], ':') < 0 {
		return h[:c]
	}
	return h
}

// status reads a three-digit status at the start of b and returns it and
// its length; 0, 0 when there is none.
func status(b []byte) (int, int) {
	if len(b) < 3 {
		return 0, 0
	}
	v := 0
	for i := range 3 {
		c := b[i]
		if c < '0' || c > '9' {
			return 0, 0
		}
		v = v*10 + int(c-'0')
	}
	if len(b) > 3 && b[3] != ' ' && b[3] != '\t' && b[3] != ',' && b[3] != '"' {
		return 0, 0
	}
	if v < 100 {
		return 0, 0
	}
	return v, 3
}

// alb reads an AWS load balancer log line: type time elb client target
// request_time target_time response_time elb_status target_status
// received sent "request" … (Classic ELB logs start with the time).
func (p *Parser) alb(line []byte, e *Entry) bool {
	f := line
	field := func() []byte {
		sp := bytes.IndexByte(f, ' ')
		if sp < 0 {
			v := f
			f = nil
			return v
		}
		v := f[:sp]
		f = f[sp+1:]
		return v
	}
	first := field()
	var ts []byte
	if len(first) > 0 && first[0] >= '0' && first[0] <= '9' {
		ts = first // Classic: time elb client backend …
	} else {
		ts = field()
	}
	t, ok := p.clock.iso(ts)
	if !ok {
		return false
	}
	e.Time = t
	field() // elb
	field() // client:port
	field() // target:port
	field() // request_processing_time
	field() // target_processing_time
	field() // response_processing_time
	st, n := status(field())
	if n == 0 {
		return false
	}
	e.Status = st
	field() // target status
	field() // received
	field() // sent
	if len(f) < 2 || f[0] != '"' {
		return false
	}
	q := closingQuote(f[1:])
	if q < 0 {
		return false
	}
	requestLine(f[1:1+q], e)
	return true
}
