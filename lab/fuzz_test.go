package lab

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// unquote reads back one word written by quoteValue: a single-quoted word
// (where a quote is written by closing, escaping and reopening), or bash's
// $'…'.
func unquote(s string) (string, error) {
	if strings.HasPrefix(s, "$'") && strings.HasSuffix(s, "'") && len(s) >= 3 {
		in := s[2 : len(s)-1]
		var b strings.Builder
		for i := 0; i < len(in); i++ {
			c := in[i]
			if c == '\'' {
				return "", errors.New("bare quote inside $'…'")
			}
			if c != '\\' {
				b.WriteByte(c)
				continue
			}
			i++
			if i >= len(in) {
				return "", errors.New("dangling backslash")
			}
			switch in[i] {
			case '\\', '\'':
				b.WriteByte(in[i])
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'x':
				if i+2 >= len(in) {
					return "", errors.New("short \\x")
				}
				v, err := strconv.ParseUint(in[i+1:i+3], 16, 8)
				if err != nil {
					return "", err
				}
				b.WriteByte(byte(v))
				i += 2
			default:
				return "", errors.New("unknown escape")
			}
		}
		return b.String(), nil
	}
	if !strings.HasPrefix(s, "'") || !strings.HasSuffix(s, "'") || len(s) < 2 {
		return "", errors.New("not quoted")
	}
	parts := strings.Split(s[1:len(s)-1], `'\''`)
	for _, p := range parts {
		if strings.Contains(p, "'") {
			return "", errors.New("bare quote inside '…'")
		}
	}
	return strings.Join(parts, "'"), nil
}

func FuzzQuoteValue(f *testing.F) {
	for _, seed := range []string{"abc", "", "it's", "Bearer $LAB_TOKEN", "tok\n", "tok\r\n", "a\tb'c", "a\\b\n", "a\x01b\x7f", "é\n", "'\\'"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := quoteValue(s)
		got, err := unquote(q)
		if err != nil || got != s {
			t.Fatalf("unquote(quoteValue(%q)) = %q, %v (quoted %s)", s, got, err, q)
		}
		if w := shellWord(s); w != s {
			if got, err := unquote(w); err != nil || got != s {
				t.Fatalf("shellWord(%q) = %s does not read back", s, w)
			}
		}
	})
}

// endpoint is a place a fuzzed request can go.
type endpoint struct {
	handler http.Handler
	host    string
	path    string
	method  string
}

func endpoints(l *Lab) []endpoint {
	var out []endpoint
	hosts := map[site]string{siteAPI: "127.0.0.1", siteSandbox: sandboxHost, siteLive: liveHost}
	sites := []site{siteAPI, siteSandbox, siteLive}
	for _, s := range sites {
		var paths []string
		for p := range l.routes[s] {
			paths = append(paths, p)
		}
		slices.Sort(paths)
		for _, p := range paths {
			h := l.listener(l.tlsSite)
			if s == siteAPI {
				h = l.listener(l.mainSite)
			}
			for _, m := range l.routes[s][p].allowed() {
				out = append(out, endpoint{h, hosts[s], p, m})
			}
		}
	}
	// The plain-HTTP production host and the proxy.
	out = append(out, endpoint{l.listener(l.mainSite), apiHost, "/api/orders", http.MethodGet},
		endpoint{http.HandlerFunc(l.serveProxy), "127.0.0.1", "/api/orders", http.MethodGet})
	return out
}

// serveOnce runs one request through h in process.
func serveOnce(e endpoint, header http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequest(e.method, "http://"+e.host+e.path, nil)
	req.Header = header
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return rec
}

// FuzzCredentialHeaders sends arbitrary credentials to every endpoint. The
// oracle: no panic, a status the lab uses, and the credential never comes
// back in the body (unless the body holds that text without it too).
func FuzzCredentialHeaders(f *testing.F) {
	l := startLab(f)
	eps := endpoints(l)
	s := l.Scenarios()
	for i, sc := range s {
		r := fromScenario(f, sc)
		for _, h := range r.header {
			f.Add(uint16(i), h[0], h[1])
		}
	}
	f.Add(uint16(0), "Authorization", "Bearer Bearer x")
	f.Add(uint16(1), "Cookie", "sessionid=x; csrftoken=y")
	f.Add(uint16(2), "Authorization", "Basic Og==")
	f.Add(uint16(3), "Authorization", "Token a b c")
	allowed := []int{200, 201, 202, 301, 400, 401, 403, 404, 405, 407, 409, 421, 429, 500}
	f.Fuzz(func(t *testing.T, idx uint16, name, value string) {
		if name == "" || strings.ContainsAny(name, " :\r\n\x00") {
			return
		}
		e := eps[int(idx)%len(eps)]
		baseline := serveOnce(e, http.Header{})
		rec := serveOnce(e, http.Header{http.CanonicalHeaderKey(name): {value}})
		if !slices.Contains(allowed, rec.Code) {
			t.Fatalf("%s %s%s: status %d", e.method, e.host, e.path, rec.Code)
		}
		if len(value) >= 8 && strings.Contains(rec.Body.String(), value) && !strings.Contains(baseline.Body.String(), value) {
			t.Fatalf("%s %s%s: body echoes the credential: %q", e.method, e.host, e.path, rec.Body.String())
		}
		for k, vs := range rec.Header() {
			for _, v := range vs {
				if len(value) >= 8 && strings.Contains(v, value) && !strings.Contains(baseline.Header().Get(k), value) {
					t.Fatalf("header %s echoes the credential", k)
				}
			}
		}
	})
}
