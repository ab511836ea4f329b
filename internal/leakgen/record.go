package leakgen

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// style is how a line is written.
type style int

const (
	// slogText is log/slog's TextHandler: time=… level=… msg=… k=v.
	slogText style = iota
	// slogJSON is log/slog's JSONHandler.
	slogJSON
	// clientDebug is an HTTP client's debug log: a timestamp, a level, the
	// component and a request line or a header as curl -v shows them
	// ("> Authorization: …"), then logfmt fields.
	clientDebug
	// proxyJSON is a proxy's JSON access log (Envoy's or Traefik's shape):
	// one object per request, request headers under their lower-case
	// names.
	proxyJSON
	nStyles
)

// kv is a field: a key and a value.
type kv struct{ k, v string }

// payload is what a line carries beyond the request it logs: a leak, a
// decoy or neither.
type payload struct {
	// msg, when set, is the message.
	msg string
	// query is appended to the request's path (it starts with ? or &;
	// the path has no query of its own when it is set).
	query string
	// url, when set, replaces the request's URL (the client's and the
	// service's lines log the URL they call).
	url string
	// header is a request header, written as the style writes headers.
	header *kv
	// fields are written after the request's.
	fields []kv
	// after are lines written after this one, verbatim (the body of a
	// PEM block a program printed); markNext puts the mark on the first
	// of them.
	after    []string
	markNext bool
}

// appendJSONString appends s as a JSON string (RFC 8259 §7), escaping
// what must be and no more: quotes, backslashes and control characters.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		case c < 0x20:
			b = append(b, `\u00`...)
			b = append(b, hexLower[c>>4], hexLower[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// appendLogfmtValue appends v as slog's TextHandler does: bare unless it
// is empty or holds a space, a quote, an equals sign or a control
// character, then quoted as Go does.
func appendLogfmtValue(b []byte, v string) []byte {
	if v == "" || strings.ContainsAny(v, " \"=\\\n\r\t") || !utf8.ValidString(v) {
		return strconv.AppendQuote(b, v)
	}
	return append(b, v...)
}

// record builds one line of the logfmt or the JSON family.
type record struct {
	b    []byte
	json bool
	n    int // fields so far
}

func (r *record) begin(json bool) {
	r.b, r.json, r.n = r.b[:0], json, 0
	if json {
		r.b = append(r.b, '{')
	}
}

func (r *record) sep() {
	if r.n > 0 {
		if r.json {
			r.b = append(r.b, ',')
		} else {
			r.b = append(r.b, ' ')
		}
	}
	r.n++
}

func (r *record) str(k, v string) {
	r.sep()
	if r.json {
		r.b = appendJSONString(r.b, k)
		r.b = append(r.b, ':')
		r.b = appendJSONString(r.b, v)
		return
	}
	r.b = append(r.b, k...)
	r.b = append(r.b, '=')
	r.b = appendLogfmtValue(r.b, v)
}

// raw writes a JSON number or boolean, or a bare logfmt value.
func (r *record) raw(k, v string) {
	r.sep()
	if r.json {
		r.b = appendJSONString(r.b, k)
		r.b = append(r.b, ':')
	} else {
		r.b = append(r.b, k...)
		r.b = append(r.b, '=')
	}
	r.b = append(r.b, v...)
}

func (r *record) int(k string, v int) {
	r.sep()
	if r.json {
		r.b = appendJSONString(r.b, k)
		r.b = append(r.b, ':')
	} else {
		r.b = append(r.b, k...)
		r.b = append(r.b, '=')
	}
	r.b = strconv.AppendInt(r.b, int64(v), 10)
}

// object writes a JSON object of string fields (a logfmt line gets
// them as k.name=v, as slog writes a group).
func (r *record) object(k string, fields []kv) {
	if !r.json {
		for _, f := range fields {
			r.str(k+"."+f.k, f.v)
		}
		return
	}
	r.sep()
	r.b = appendJSONString(r.b, k)
	r.b = append(r.b, ':', '{')
	for i, f := range fields {
		if i > 0 {
			r.b = append(r.b, ',')
		}
		r.b = appendJSONString(r.b, f.k)
		r.b = append(r.b, ':')
		r.b = appendJSONString(r.b, f.v)
	}
	r.b = append(r.b, '}')
}

func (r *record) end() []byte {
	if r.json {
		r.b = append(r.b, '}')
	}
	return append(r.b, '\n')
}
