package accesslog

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// JSONFields say where a JSON log line keeps each field: for each, the
// dotted paths to try in order ("request.uri" is the uri field of the
// request object). The zero value of a field means the defaults, which
// read nginx's usual escape=json names, Caddy's and Traefik's logs.
type JSONFields struct {
	Status, Path, Host, Time, Method []string
}

// The default field paths, most specific first.
var defaultJSONFields = JSONFields{
	Status: []string{"status", "DownstreamStatus", "status_code", "statusCode", "response.status", "res.statusCode", "http.response.status_code"},
	Path:   []string{"request_uri", "uri", "request.uri", "RequestPath", "path", "request", "url", "req.url", "http.request.path"},
	Host:   []string{"host", "http_host", "server_name", "request.host", "RequestHost", "vhost", "req.headers.host"},
	Time:   []string{"time_iso8601", "time", "timestamp", "ts", "@timestamp", "StartUTC", "time_local", "msec"},
	Method: []string{"request_method", "method", "request.method", "RequestMethod", "req.method"},
}

// ParseJSONFields reads --json-fields: "status=code,path=req.path,host=
// req.host,time=when,method=req.method", each key once; the fields not
// named keep their defaults.
func ParseJSONFields(s string) (*JSONFields, error) {
	f := &JSONFields{}
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || v == "" {
			return nil, fmt.Errorf("--json-fields %q: write each field as name=path, like status=response.code", part)
		}
		if n := strings.Count(v, ".") + 1; n > maxJSONDepth {
			return nil, fmt.Errorf("--json-fields %q: %s is %d levels deep; fields are read at most %d levels down", part, v, n, maxJSONDepth)
		}
		if seen[k] {
			return nil, fmt.Errorf("--json-fields: %s is given twice", k)
		}
		seen[k] = true
		switch k {
		case "status":
			f.Status = []string{v}
		case "path":
			f.Path = []string{v}
		case "host":
			f.Host = []string{v}
		case "time":
			f.Time = []string{v}
		case "method":
			f.Method = []string{v}
		default:
			return nil, fmt.Errorf("--json-fields: %q is not one of status, path, host, time, method", k)
		}
	}
	if len(seen) == 0 {
		return nil, fmt.Errorf("--json-fields is empty: give status=…,path=… and any of host, time, method")
	}
	return f, nil
}

// The fields a JSON line is read for.
const (
	fStatus = iota
	fPath
	fHost
	fTime
	fMethod
	nFields
)

// jsonParser reads one JSON object per line without decoding it: it walks
// the bytes, and keeps the values of the paths it was given.
type jsonParser struct {
	// paths[field] are the candidate paths, each split at its dots.
	paths [nFields][][][]byte
	// per line: the best candidate found for each field and its value.
	rank  [nFields]int
	val   [nFields][]byte
	isStr [nFields]bool
	// scratch holds unescaped string values, one per field.
	scratch [nFields][]byte
	// key is the path of keys to the value being read.
	key [maxJSONDepth][]byte
}

// maxJSONDepth is how deep field paths can go.
const maxJSONDepth = 4

func newJSONParser(f *JSONFields) *jsonParser {
	if f == nil {
		f = &JSONFields{}
	}
	p := &jsonParser{}
	pick := func(v, def []string) []string {
		if len(v) > 0 {
			return v
		}
		return def
	}
	for i, cands := range [nFields][]string{
		pick(f.Status, defaultJSONFields.Status), pick(f.Path, defaultJSONFields.Path), pick(f.Host, defaultJSONFields.Host),
		pick(f.Time, defaultJSONFields.Time), pick(f.Method, defaultJSONFields.Method),
	} {
		for _, c := range cands {
			var segs [][]byte
			for _, s := range strings.Split(c, ".") {
				segs = append(segs, []byte(s))
			}
			if len(segs) <= maxJSONDepth {
				p.paths[i] = append(p.paths[i], segs)
			}
		}
	}
	return p
}

func (p *jsonParser) parse(line []byte, e *Entry, clock *timeCache) bool {
	for i := range p.rank {
		p.rank[i], p.val[i] = -1, nil
	}
	i := skipSpace(line, 0)
	if i >= len(line) || line[i] != '{' {
		return false
	}
	end, ok := p.object(line, i, 0)
	if !ok || skipSpace(line, end) != len(line) {
		return false
	}
	// Status is required; the path too (an app log line that is not a
	// request has neither).
	if p.val[fStatus] == nil || p.val[fPath] == nil {
		return false
	}
	st, n := status(p.val[fStatus])
	if n != len(p.val[fStatus]) || st == 0 {
		return false
	}
	e.Status = st
	path := p.val[fPath]
	if p.val[fMethod] == nil && (bytes.IndexByte(path, ' ') > 0 || !isTarget(path)) {
		// nginx's $request: "GET /x HTTP/1.1", or what a client sent
		// that was no request line (a TLS handshake): "-" as in CLF.
		requestLine(path, e)
	} else {
		if sp := bytes.IndexByte(path, ' '); sp > 0 && isToken(path[:sp]) {
			path = path[sp+1:]
			if sp2 := bytes.IndexByte(path, ' '); sp2 > 0 {
				path = path[:sp2]
			}
		}
		host, pth := splitTarget(path)
		e.Path = pth
		if len(host) > 0 {
			e.Host = host
		}
		e.Method = dash
		if m := p.val[fMethod]; len(m) > 0 && isToken(m) {
			e.Method = m
		}
	}
	if h := p.val[fHost]; len(h) > 0 && !bytes.Equal(h, dash) {
		e.Host = hostOnly(h)
	}
	if t := p.val[fTime]; t != nil {
		if v, ok := jsonTime(t, p.isStr[fTime], clock); ok {
			e.Time = v
		}
	}
	return true
}

// isTarget says whether a JSON path value is a request target: a path,
// or an absolute URL.
func isTarget(b []byte) bool {
	return len(b) > 0 && b[0] == '/' || bytes.Contains(b, []byte("://"))
}

// jsonTime reads a JSON log's time: an RFC 3339 or CLF string, or Unix
// seconds (milliseconds, microseconds, nanoseconds by size) as a number
// or a numeric string.
func jsonTime(b []byte, str bool, clock *timeCache) (int64, bool) {
	if str {
		if t, ok := clock.iso(b); ok {
			return t, true
		}
		if t, ok := clock.clf(b); ok {
			return t, true
		}
	}
	// A number: its integer part.
	i := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	if i == 0 || i > 19 {
		return 0, false
	}
	v, _ := digits(b[:i])
	switch {
	case i >= 18:
		v /= 1e9
	case i >= 15:
		v /= 1e6
	case i >= 12:
		v /= 1e3
	}
	return int64(v), true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// object reads the object at b[i] ('{'), keeping the fields' values;
// returns the index after it.
func (p *jsonParser) object(b []byte, i, depth int) (int, bool) {
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, true
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return 0, false
		}
		ks, ke, esc, ok := stringAt(b, i)
		if !ok {
			return 0, false
		}
		key := b[ks:ke]
		if esc {
			key = nil // an escaped key matches no field path
		}
		i = skipSpace(b, ke+1)
		if i >= len(b) || b[i] != ':' {
			return 0, false
		}
		i = skipSpace(b, i+1)
		if i >= len(b) {
			return 0, false
		}
		if depth < maxJSONDepth {
			p.key[depth] = key
		}
		switch c := b[i]; {
		case c == '{':
			if depth+1 < maxJSONDepth && key != nil {
				if i, ok = p.object(b, i, depth+1); !ok {
					return 0, false
				}
			} else if i, ok = skipValue(b, i); !ok {
				return 0, false
			}
		case c == '"':
			vs, ve, vesc, ok := stringAt(b, i)
			if !ok {
				return 0, false
			}
			if key != nil {
				p.offer(b[vs:ve], vesc, true, depth)
			}
			i = ve + 1
		case c == '[':
			if i, ok = skipValue(b, i); !ok {
				return 0, false
			}
		default:
			start := i
			for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ' ' && b[i] != '\t' {
				i++
			}
			if key != nil {
				p.offer(b[start:i], false, false, depth)
			}
		}
		i = skipSpace(b, i)
		if i >= len(b) {
			return 0, false
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return i + 1, true
		default:
			return 0, false
		}
	}
}

// offer keeps v as the value of every field whose candidate path is the
// current key path and ranks better than what the line gave so far.
func (p *jsonParser) offer(v []byte, esc, str bool, depth int) {
	for f := range nFields {
		for rank, segs := range p.paths[f] {
			if p.rank[f] >= 0 && rank >= p.rank[f] {
				break
			}
			if len(segs) != depth+1 || !p.keyIs(segs) {
				continue
			}
			if esc {
				v = unescape(p.scratch[f][:0], v)
				p.scratch[f] = v
			}
			if !str && bytes.Equal(v, []byte("null")) {
				break
			}
			p.rank[f], p.val[f], p.isStr[f] = rank, v, str
			break
		}
	}
}

func (p *jsonParser) keyIs(segs [][]byte) bool {
	for d, s := range segs {
		if !bytes.Equal(p.key[d], s) {
			return false
		}
	}
	return true
}

// stringAt reads the string at b[i] ('"'): the start and end of its
// contents and whether it holds escapes.
func stringAt(b []byte, i int) (start, end int, esc, ok bool) {
	start = i + 1
	for j := start; j < len(b); j++ {
		switch b[j] {
		case '\\':
			esc = true
			j++
		case '"':
			return start, j, esc, true
		}
	}
	return 0, 0, false, false
}

// skipValue skips the value at b[i], nested objects and arrays included.
func skipValue(b []byte, i int) (int, bool) {
	depth := 0
	for i < len(b) {
		switch b[i] {
		case '"':
			_, e, _, ok := stringAt(b, i)
			if !ok {
				return 0, false
			}
			i = e + 1
			if depth == 0 {
				return i, true
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1, true
			}
			if depth < 0 {
				return 0, false
			}
		case ',':
			if depth == 0 {
				return i, true
			}
		}
		i++
	}
	return 0, false
}

// unescape appends the JSON string contents s, escapes resolved, to dst.
func unescape(dst, s []byte) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			dst = append(dst, c)
			continue
		}
		i++
		switch s[i] {
		case 'n':
			dst = append(dst, '\n')
		case 't':
			dst = append(dst, '\t')
		case 'r':
			dst = append(dst, '\r')
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'u':
			if i+4 < len(s) {
				if r, ok := hex4(s[i+1 : i+5]); ok {
					dst = utf8.AppendRune(dst, r)
					i += 4
					continue
				}
			}
			dst = append(dst, '\\', 'u')
		default: // " \ /
			dst = append(dst, s[i])
		}
	}
	return dst
}

func hex4(b []byte) (rune, bool) {
	var r rune
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			r = r*16 + rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r*16 + rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r*16 + rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
