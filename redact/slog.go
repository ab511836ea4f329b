package redact

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// Handler is a slog.Handler that redacts before it hands a record on:
// the message and every attribute — strings, errors, fmt.Stringers,
// *http.Request, http.Header, *url.URL, []byte, LogValuers (resolved
// first), groups at any depth, and the attributes of WithAttrs — go
// through String, Header or URL. Other values are logged as their
// fmt.Sprintf("%+v") text, redacted: a struct that holds a token is no
// exception.
type Handler struct {
	next slog.Handler
}

// NewHandler wraps next.
func NewHandler(next slog.Handler) *Handler { return &Handler{next: next} }

// Enabled implements slog.Handler.
func (h *Handler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

// Handle implements slog.Handler.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, String(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(Attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

// WithAttrs implements slog.Handler.
func (h *Handler) WithAttrs(as []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(as))
	for i, a := range as {
		red[i] = Attr(a)
	}
	return &Handler{next: h.next.WithAttrs(red)}
}

// WithGroup implements slog.Handler.
func (h *Handler) WithGroup(name string) slog.Handler {
	return &Handler{next: h.next.WithGroup(name)}
}

// keyed redacts the value of the key: as "key=value", so a
// credential-named key (token, client_secret, api_key) makes its value a
// credential whatever it looks like.
func keyed(key, v string) string {
	if key == "" {
		return String(v)
	}
	red := String(key + "=" + v)
	if after, ok := strings.CutPrefix(red, key+"="); ok {
		return after
	}
	return String(v)
}

// Attr returns a with its value redacted (see Handler).
func Attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, keyed(a.Key, v.String()))
	case slog.KindGroup:
		g := v.Group()
		red := make([]any, len(g))
		for i, x := range g {
			red[i] = Attr(x)
		}
		return slog.Group(a.Key, red...)
	case slog.KindAny:
		return anyAttr(a.Key, v.Any())
	}
	return slog.Attr{Key: a.Key, Value: v} // numbers, times, durations, bools
}

func anyAttr(key string, x any) slog.Attr {
	switch v := x.(type) {
	case nil:
		return slog.Any(key, nil)
	case error:
		return slog.String(key, String(v.Error()))
	case *http.Request:
		if v == nil {
			return slog.Any(key, nil)
		}
		u := ""
		if v.URL != nil {
			u = URL(v.URL)
		}
		return slog.Group(key, slog.String("method", v.Method), slog.String("url", u), headerAttr("header", v.Header))
	case http.Header:
		return headerAttr(key, v)
	case *url.URL:
		if v == nil {
			return slog.Any(key, nil)
		}
		return slog.String(key, URL(v))
	case []byte:
		return slog.String(key, String(string(v)))
	case fmt.Stringer:
		return slog.String(key, String(v.String()))
	}
	return slog.String(key, String(fmt.Sprintf("%+v", x)))
}

func headerAttr(key string, h http.Header) slog.Attr {
	red := Header(h)
	names := make([]string, 0, len(red))
	for n := range red {
		names = append(names, n)
	}
	sort.Strings(names)
	as := make([]any, 0, len(names))
	for _, n := range names {
		as = append(as, slog.String(n, strings.Join(red[n], ", ")))
	}
	return slog.Group(key, as...)
}

// sensitiveHeaders carry a credential whatever their value looks like:
// their values are replaced whole.
var sensitiveHeaders = map[string]bool{
	"Authorization": true, "Proxy-Authorization": true, "Cookie": true, "Set-Cookie": true,
	"X-Api-Key": true, "X-Auth-Token": true, "X-Access-Token": true, "Api-Key": true,
}

// Header returns a copy of h with credentials redacted: the values of
// the headers that always carry one (Authorization, Cookie, X-Api-Key…)
// keep only their scheme word ("Bearer [redacted:bearer:1a2b3c4d]"), the
// others go through String as "Name: value" lines, so a credential-named
// header of its own (X-Shop-Token) is caught too.
func Header(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for name, vs := range h {
		canon := http.CanonicalHeaderKey(name)
		red := make([]string, len(vs))
		for i, v := range vs {
			red[i] = headerValue(canon, v)
		}
		out[canon] = red
	}
	return out
}

func headerValue(name, v string) string {
	got := strings.TrimPrefix(String(name+": "+v), name+": ")
	if !sensitiveHeaders[name] || strings.TrimSpace(v) == "" {
		return got
	}
	// A header that always carries a credential: its whole value (after
	// the scheme word) is one, whatever the finder made of its parts
	// (a cookie list, a short opaque token).
	whole := func(s string) bool {
		return strings.HasPrefix(s, Marker) && strings.HasSuffix(s, "]") && strings.Count(s, Marker) == 1
	}
	v = strings.TrimSpace(v)
	scheme, rest, ok := strings.Cut(v, " ")
	if ok && rest != "" && !strings.ContainsAny(scheme, "=;,") {
		if r, cut := strings.CutPrefix(got, scheme+" "); cut && whole(r) {
			return got
		}
		return scheme + " " + Marker + "value:" + authdoctor.Fingerprint(rest) + "]"
	}
	if whole(got) {
		return got
	}
	return Marker + "value:" + authdoctor.Fingerprint(v) + "]"
}

// URL returns u as text with its credentials redacted: the password of
// its user info, credential-named query parameters and anything in the
// path that has a credential's shape (a bot token).
func URL(u *url.URL) string {
	return String(authdoctor.RedactURL(u.String()))
}
