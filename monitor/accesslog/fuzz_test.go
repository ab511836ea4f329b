package accesslog

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"
)

// The secrets the fuzz targets plant in lines: a malformed line shown in
// a report must never carry them.
const (
	fuzzStripeKey = "sk_live_51H8s7kLmNoPqRsTuVwXyZ0123456789abcdef"
	fuzzJWT       = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
)

// fuzzSeedLines are the lines of every fixture and of TestParse's cases.
func fuzzSeedLines(f *testing.F) [][]byte {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.log"))
	if err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, l := range bytes.Split(bytes.TrimSuffix(b, []byte{'\n'}), []byte{'\n'}) {
			out = append(out, l)
		}
	}
	for _, l := range []string{
		`203.0.113.7 - frank [04/Dec/2026:11:30:00 +0130] "POST /v1/charges HTTP/2.0" 201 10 "https://x/" "ua"`,
		`::1 - - [04/Dec/2026:10:00:00 +0000] "HEAD / HTTP/1.0" 200 -`,
		`192.0.2.1 - - [04/Dec/2026:10:00:00 +0000] "GET /a\"b HTTP/1.1" 404 1 "-" "x"`,
		`192.0.2.1 - - [04/Dec/2026:10:00:00 +0000] "GET https://api.sandbox.example.com:8443/v1/me?x=1 HTTP/1.1" 403 1 "-" "x"`,
		`{"time_local":"04/Dec/2026:10:00:00 +0000","http_host":"a.example.com","request_method":"GET","request_uri":"/x\/y\u0041?q","status":200}`,
		`{"status":200,"path":"/x","ts":1796378400123}`,
		`2026-12-04T10:00:00.000000Z my-elb 192.0.2.1:1 10.0.0.1:80 0.1 0.2 0.3 200 200 0 5 "GET http://www.example.com:80/ HTTP/1.1" "ua" - -`,
		`{"url":"https://api.example.com/v1/me?x=1","status":401}`,
	} {
		out = append(out, []byte(l))
	}
	return out
}

// inside says whether sub lies within buf's backing array.
func inside(sub, buf []byte) bool {
	if len(sub) == 0 {
		return true
	}
	if cap(buf) == 0 {
		return false
	}
	s := uintptr(unsafe.Pointer(unsafe.SliceData(sub)))
	b := uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
	return s >= b && s+uintptr(len(sub)) <= b+uintptr(cap(buf))
}

// fromLineOrScratch says whether v points into the line, the parser's
// scratch space or the package's constants.
func fromLineOrScratch(p *Parser, line, v []byte) bool {
	if inside(v, line) || inside(v, dash) || inside(v, slash) {
		return true
	}
	if p.json != nil {
		for _, s := range p.json.scratch {
			if inside(v, s) {
				return true
			}
		}
	}
	return false
}

// FuzzParse runs every format's parser over a line. Oracles: no panic;
// a parsed entry has a status of three digits, a path without a query
// string, and fields that point into the line or the parser's scratch.
func FuzzParse(f *testing.F) {
	for _, l := range fuzzSeedLines(f) {
		f.Add(l)
	}
	parsers := make([]*Parser, len(Formats))
	for i, fm := range Formats {
		parsers[i] = NewParser(fm, nil)
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		for _, p := range parsers {
			var e Entry
			if !p.Parse(line, &e) {
				continue
			}
			if e.Status < 100 || e.Status > 999 {
				t.Errorf("%s: status %d", p.Format(), e.Status)
			}
			if bytes.ContainsAny(e.Path, "?#") {
				t.Errorf("%s: path %q holds a query string or fragment", p.Format(), e.Path)
			}
			for name, v := range map[string][]byte{"host": e.Host, "method": e.Method, "path": e.Path} {
				if !fromLineOrScratch(p, line, v) {
					t.Errorf("%s: %s %q points outside the line and the scratch", p.Format(), name, v)
				}
			}
			if len(e.Method) == 0 || len(e.Path) == 0 {
				t.Errorf("%s: empty method or path: %+v", p.Format(), asEntry(e))
			}
		}
	})
}

// FuzzDetect: no panic; a detected format reads at least half of the
// non-empty lines.
func FuzzDetect(f *testing.F) {
	seeds := fuzzSeedLines(f)
	for i := 0; i+2 < len(seeds); i += 3 {
		f.Add(bytes.Join(seeds[i:i+3], []byte{'\n'}))
	}
	f.Add([]byte("hello\nworld"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Split(data, []byte{'\n'})
		fm, err := Detect(lines)
		if err != nil {
			return
		}
		p := NewParser(fm, nil)
		var e Entry
		n, total := 0, 0
		for _, l := range lines {
			if len(bytes.TrimSpace(l)) > 0 {
				total++
			}
			if p.Parse(l, &e) {
				n++
			}
		}
		if n*2 < total {
			t.Errorf("detected %s, which reads %d of %d lines", fm, n, total)
		}
	})
}

// FuzzParseJSONFields: no panic; an accepted mapping names each field at
// most once, with paths a JSON parser can match; the parser built from it
// does not panic on the seeds.
func FuzzParseJSONFields(f *testing.F) {
	for _, s := range []string{"status=code,path=req.path,host=req.host,time=when,method=req.method", "status=a.b.c.d", "path=x", "", ",", "status=", "foo=bar", "status=a,status=b", "status=a.b.c.d.e"} {
		f.Add(s, `{"code":401,"req":{"path":"/v1/orders/17?x=1","host":"api.example.com"},"when":"2026-12-04T10:00:00Z"}`)
	}
	f.Fuzz(func(t *testing.T, spec, line string) {
		fields, err := ParseJSONFields(spec)
		if err != nil {
			return
		}
		for _, paths := range [][]string{fields.Status, fields.Path, fields.Host, fields.Time, fields.Method} {
			if len(paths) > 1 {
				t.Errorf("%q: %d paths for one field", spec, len(paths))
			}
			for _, p := range paths {
				if n := len(strings.Split(p, ".")); n > maxJSONDepth {
					t.Errorf("%q: path %q is %d deep: it can never match (at most %d)", spec, p, n, maxJSONDepth)
				}
			}
		}
		p := NewParser(JSON, fields)
		var e Entry
		if p.Parse([]byte(line), &e) && bytes.ContainsAny(e.Path, "?#") {
			t.Errorf("path %q holds a query string", e.Path)
		}
	})
}

// FuzzRoute: no panic; the default rule keeps every segment or makes it
// {id} (and only when IsID says so), never adds a '?', and is idempotent;
// templates and custom rules do not panic.
func FuzzRoute(f *testing.F) {
	for _, p := range []string{"/", "/v1/orders/17", "/files/550e8400-e29b-41d4-a716-446655440000", "/v1/customers/cus_Q1w2E3r4T5", "//double//17", "/orders/17/", "-", "*", "/docs/readme.md"} {
		f.Add([]byte(p))
	}
	tr := &Router{}
	tr.AddTemplates([]string{"/v1/orders/{orderId}", "/v1/orders/export", "/v1/{resource}/{id}", "/", ""})
	if err := tr.AddRoute(`^/legacy/.*$=/legacy/*`); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, path []byte) {
		r := &Router{}
		got := append([]byte(nil), r.Route(path)...)
		in := bytes.Split(path, []byte{'/'})
		out := bytes.Split(got, []byte{'/'})
		if len(in) != len(out) {
			t.Fatalf("Route(%q) = %q: %d segments, want %d", path, got, len(out), len(in))
		}
		for i := range in {
			switch {
			case bytes.Equal(in[i], out[i]):
				if IsID(in[i]) {
					t.Errorf("Route(%q): id segment %q kept", path, in[i])
				}
				if HoldsSecret(in[i]) {
					t.Errorf("Route(%q): segment %q holds a credential and was kept", path, in[i])
				}
			case string(out[i]) == IDSegment:
				if !IsID(in[i]) {
					t.Errorf("Route(%q): segment %q became {id} but is no id", path, in[i])
				}
			case string(out[i]) == SecretSegment:
				if IsID(in[i]) || !HoldsSecret(in[i]) {
					t.Errorf("Route(%q): segment %q became {secret} but holds none", path, in[i])
				}
			default:
				t.Errorf("Route(%q) = %q: segment %q became %q", path, got, in[i], out[i])
			}
		}
		if again := r.Route(got); !bytes.Equal(again, got) {
			t.Errorf("Route(Route(%q)) = %q, want %q", path, again, got)
		}
		if IsID(path) && bytes.ContainsAny(path, "/.?") {
			t.Errorf("IsID(%q) with a separator", path)
		}
		tr.Clone().Route(path)
	})
}

// FuzzEnvironments: no panic; an accepted rule for a plain host name
// names that host's environment; every host has an environment.
func FuzzEnvironments(f *testing.F) {
	f.Add("*.eu.example.com=production-eu", "api.eu.example.com")
	f.Add("api.example.com=prod", "API.example.com")
	f.Add("[=x", "x")
	f.Add("=", "")
	f.Add("a=b", "sandbox.api.example.com")
	f.Fuzz(func(t *testing.T, rule, host string) {
		var e Environments
		err := e.AddRule(rule)
		env := e.Of(host)
		if env == "" {
			t.Errorf("Of(%q) is empty", host)
		}
		if h := Heuristic(host); h == "" {
			t.Errorf("Heuristic(%q) is empty", host)
		}
		if err != nil {
			return
		}
		g, want, _ := strings.Cut(rule, "=")
		g, want = strings.ToLower(strings.TrimSpace(g)), strings.TrimSpace(want)
		if host != "" && strings.ToLower(host) == g && !strings.ContainsAny(g, `*?[\`) && env != want {
			t.Errorf("rule %q: Of(%q) = %q, want %q", rule, host, env, want)
		}
	})
}

// FuzzRead reads small inputs, with the format detected and with each
// format given, a secret planted in one line. Oracles: no panic; every
// line is parsed, malformed or blank; a malformed line's text is valid
// UTF-8, short, and never carries the secret.
func FuzzRead(f *testing.F) {
	seeds := fuzzSeedLines(f)
	for i := 0; i+3 < len(seeds); i += 4 {
		f.Add(bytes.Join(seeds[i:i+4], []byte{'\n'}), []byte("garbage api_key="), []byte(" more"), uint8(i))
	}
	f.Add([]byte("\n\r\n\n"), []byte(""), []byte(""), uint8(0))
	f.Fuzz(func(t *testing.T, data, before, after []byte, pick uint8) {
		if len(data)+len(before)+len(after) > 16<<10 {
			return
		}
		secret := fuzzStripeKey
		if pick&1 == 1 {
			secret = fuzzJWT
		}
		planted := append(append(append(append([]byte(nil), before...), secret...), after...), '\n')
		in := append(append(planted, data...), '\n')
		in = append(in, planted...)
		var blank int64
		for _, l := range bytes.Split(bytes.TrimSuffix(in, []byte{'\n'}), []byte{'\n'}) {
			if len(bytes.TrimSuffix(l, []byte{'\r'})) == 0 {
				blank++
			}
		}
		formats := append([]Format{""}, Formats[int(pick)%len(Formats)])
		for _, fm := range formats {
			res, err := Read(context.Background(), []Input{{Name: "fuzz.log", R: bytes.NewReader(in)}}, Options{Format: fm, Workers: 2})
			if err != nil {
				if fm != "" {
					t.Fatalf("format %s: %v", fm, err)
				}
				continue
			}
			if res.Lines != res.Parsed+res.MalformedLines+blank {
				t.Errorf("format %q: %d lines != %d parsed + %d malformed + %d blank", fm, res.Lines, res.Parsed, res.MalformedLines, blank)
			}
			for _, m := range res.Malformed {
				if strings.Contains(m.Text, secret) || strings.Contains(m.Text, secret[len(secret)-16:]) {
					t.Errorf("format %q: line %d shows the secret: %q", fm, m.Line, m.Text)
				}
				if !utf8.ValidString(m.Text) || len(m.Text) > MaxMalformedText+len("…") {
					t.Errorf("format %q: line %d text %q", fm, m.Line, m.Text)
				}
			}
		}
	})
}
