package diagnose

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
	"github.com/authdoctor/authdoctor/header"
)

// secretEq compares Secrets by value in cmp.Diff (the field is unexported).
var secretEq = cmp.Comparer(func(a, b authdoctor.Secret) bool { return a.Equal(b) })

func TestDifferential(t *testing.T) {
	t.Parallel()
	same401 := challenge401()
	tok := opaque(7)
	redirected := func(b *obsBuilder) *obsBuilder {
		next := "https://www.example.com/v1/things"
		return b.baseline(redirectTo(next), rec{status: 401, url: next, header: same401.header, body: same401.body}).
			auth(redirectTo(next), rec{status: 401, url: next, noCred: true, header: same401.header, body: same401.body})
	}
	post := req(apiURL, bearer(tok))
	post.Method = "POST"
	postApproved := post
	postApproved.AllowWrite = true
	cases := []struct {
		name string
		obs  *authdoctor.Observation
		want bool
		bug  string
	}{
		{name: "opaque bearer answered like the baseline", obs: observe(req(apiURL, bearer(tok))).baseline(same401).auth(same401).obs(), want: true},
		{name: "expired JWT answered like the baseline", obs: observe(req(apiURL, bearer(makeJWT(claims(-time.Hour))))).baseline(same401).auth(same401).obs(), want: true},
		{name: "403 like the baseline", obs: observe(req(apiURL, bearer(tok))).baseline(jsonRec(403, `{"message":"forbidden"}`)).auth(jsonRec(403, `{"message":"forbidden"}`)).obs(), want: true},
		{name: "400 like the baseline", obs: observe(req(apiURL, bearer(tok))).baseline(jsonRec(400, `{"message":"bad"}`)).auth(jsonRec(400, `{"message":"bad"}`)).obs(), want: true},
		{name: "Token scheme", obs: observe(req(apiURL, fld("Authorization", "Token "+tok))).baseline(same401).auth(same401).obs(), want: true},
		{name: "API key header", obs: observe(req(apiURL, fld("X-API-Key", tok))).baseline(same401).auth(same401).obs(), want: true},
		{name: "differs only in request ids", obs: observe(req(apiURL, bearer(tok))).
			baseline(jsonRec(401, `{"message":"unauthorized","request_id":"1234"}`)).
			auth(jsonRec(401, `{"message":"unauthorized","request_id":"9876"}`)).obs(), want: true},

		{name: "Basic is a password", obs: observe(req(apiURL, basic("alice:"+tok))).baseline(same401).auth(same401).obs()},
		{name: "lower-case basic", obs: observe(req(apiURL, fld("Authorization", "basic "+b64("alice:"+tok)))).baseline(same401).auth(same401).obs()},
		{name: "Digest", obs: observe(req(apiURL, fld("Authorization", `Digest username="alice", realm="api", nonce="abc", uri="/v1/things", response="`+tok+`"`))).baseline(same401).auth(same401).obs()},
		{name: "Cookie", obs: observe(req(apiURL, fld("Cookie", "session="+tok))).baseline(same401).auth(same401).obs()},
		{name: "POST", obs: observe(post).baseline(same401).auth(same401).obs()},
		{name: "POST approved by the user", obs: observe(postApproved).baseline(same401).auth(same401).obs()},
		{name: "already sent", obs: observe(req(apiURL, bearer(tok))).baseline(same401).auth(same401).corrupted(same401).obs()},
		{name: "no baseline", obs: observe(req(apiURL, bearer(tok))).auth(same401).obs()},
		{name: "answered differently", obs: observe(req(apiURL, bearer(tok))).baseline(same401).
			auth(jsonRec(401, `{"error":"invalid_token"}`, "WWW-Authenticate", `Bearer realm="api", error="invalid_token"`)).obs()},
		{name: "accepted", obs: observe(req(apiURL, bearer(tok))).baseline(jsonRec(200, `[]`)).auth(jsonRec(200, `[]`)).obs()},
		{name: "404 both", obs: observe(req(apiURL, bearer(tok))).baseline(jsonRec(404, `{}`)).auth(jsonRec(404, `{}`)).obs()},
		{name: "token too short", obs: observe(req(apiURL, bearer("abc123"))).baseline(same401).auth(same401).obs()},
		{name: "credential dropped before the final hop", obs: redirected(observe(req(apiURL, bearer(tok)))).obs()},
		{name: "no credential", obs: observe(req(apiURL)).baseline(same401).auth(same401).obs()},
		{name: "no response", obs: observe(req(apiURL, bearer(tok))).baseline(same401).fail(authdoctor.RoleAuthenticated, authdoctor.PhaseConnect, "connection refused").obs()},
		{
			name: "token with fewer than 4 letters or digits keeps its scheme",
			obs:  observe(req(apiURL, bearer("x-_-_-_-_-_"))).baseline(same401).auth(same401).obs(),
			want: true,
		},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.bug != "" {
				t.Skip("bug: " + tt.bug)
			}
			before := *tt.obs
			p, ok := Differential(tt.obs, check.Options{})
			if ok != tt.want {
				t.Fatalf("Differential planned = %v, want %v", ok, tt.want)
			}
			if d := cmp.Diff(before, *tt.obs, secretEq); d != "" {
				t.Errorf("Differential changed the observation:\n%s", d)
			}
			if !ok {
				if d := cmp.Diff(Plan{}, p, secretEq); d != "" {
					t.Errorf("plan not zero when not planned:\n%s", d)
				}
				return
			}
			assertCorrupted(t, tt.obs.Request, p)
		})
	}
}

// assertCorrupted checks that p is the corrupted probe of r: the same
// request but for the primary credential, whose value keeps its scheme and
// length and differs only in a few trailing letters or digits.
func assertCorrupted(t *testing.T, r authdoctor.Request, p Plan) {
	t.Helper()
	if p.Role != authdoctor.RoleCorrupted || p.Hypothesis != "" || p.Label == "" {
		t.Errorf("plan role %q, hypothesis %q, label %q", p.Role, p.Hypothesis, p.Label)
	}
	in := check.NewInput(&authdoctor.Observation{Request: r}, check.Options{})
	c := in.Primary()
	nf, ok := p.Request.Get(c.Field.Name)
	if !ok {
		t.Fatalf("corrupted request lacks %s", c.Field.Name)
	}
	// Everything but the value is as the user wrote it.
	if d := cmp.Diff(r.With(nf), p.Request, secretEq); d != "" {
		t.Errorf("corrupted request differs elsewhere (-want +got):\n%s", d)
	}
	if d := cmp.Diff(c.Field, nf, secretEq, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Value" }, cmp.Ignore())); d != "" {
		t.Errorf("credential field metadata changed (-want +got):\n%s", d)
	}
	old, got := c.Field.Value.Reveal(), nf.Value.Reveal()
	if got == old {
		t.Fatal("corrupted value equals the original")
	}
	if len(got) != len(old) {
		t.Errorf("corrupted length %d, want %d", len(got), len(old))
	}
	s1, _, ok1 := header.Split(old)
	s2, _, ok2 := header.Split(got)
	if ok1 != ok2 || s1 != s2 {
		t.Errorf("scheme changed: %q → %q", s1, s2)
	}
	n, first := 0, -1
	for i := 0; i < len(old) && i < len(got); i++ {
		if old[i] != got[i] {
			n++
			if first < 0 {
				first = i
			}
			if !isAlnum(old[i]) || !isAlnum(got[i]) || class(old[i]) != class(got[i]) {
				t.Errorf("byte %d changed from %q to %q: not the same character class", i, old[i], got[i])
			}
		}
	}
	if n == 0 || n > 4 {
		t.Errorf("%d bytes changed, want 1 to 4", n)
	}
	if first < len(s1) {
		t.Errorf("first change at byte %d, inside the scheme %q", first, s1)
	}
}

func isAlnum(c byte) bool { return class(c) != 0 }

// class is 1 for digits, 2 for lower case, 3 for upper case, 0 otherwise.
func class(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return 1
	case 'a' <= c && c <= 'z':
		return 2
	case 'A' <= c && c <= 'Z':
		return 3
	}
	return 0
}

// TestDifferentialNotTwice: once the corrupted probe is in the
// observation, no second one is planned.
func TestDifferentialNotTwice(t *testing.T) {
	t.Parallel()
	o := observe(req(apiURL, bearer(opaque(8)))).baseline(challenge401()).auth(challenge401()).obs()
	p, ok := Differential(o, check.Options{})
	if !ok {
		t.Fatal("not planned on the first call")
	}
	o.Probes = append(o.Probes, authdoctor.Probe{Role: p.Role, Label: p.Label, Request: p.Request,
		Hops: []authdoctor.Exchange{{Method: "GET", URL: apiURL, RequestHeader: p.Request.Header, Status: 401, Header: challenge401().header}}})
	if _, ok := Differential(o, check.Options{}); ok {
		t.Error("planned again after the corrupted probe was sent")
	}
}

var corruptCases = []struct {
	name, in, want string
}{
	{"lower case", "abcd", "nopq"},
	{"digits", "0123", "5678"},
	{"upper case", "Bearer tok-ABCD", "Bearer tok-NOPQ"},
	{"only the last four", "abcdef", "abpqrs"},
	{"skips punctuation", "Bearer ab.cd", "Bearer no.pq"},
	{"base64url tail", "xyz1-_", "klm6-_"},
	{"trailing newline trimmed", "abc\n", "nop"},
	{"trailing whitespace trimmed", "Bearer tok123\t \r\n", "Bearer tox678"},
	{"non-ASCII kept", "é1", "é6"},
	{"no letters or digits", "----", "----"},
	{"empty", "", ""},
	{"JWT signature", "eyJ.eyJ.sig_Ab9-", "eyJ.eyJ.sit_No4-"},
}

func TestCorrupt(t *testing.T) {
	t.Parallel()
	for _, tt := range corruptCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := corrupt(tt.in); got != tt.want {
				t.Errorf("corrupt(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzCorrupt: corrupt never panics, keeps the length of the input trimmed
// of trailing whitespace, and changes any input with a letter or digit.
func FuzzCorrupt(f *testing.F) {
	for _, tt := range corruptCases {
		f.Add(tt.in)
	}
	f.Add("Bearer " + opaque(1))
	f.Add(makeJWT(claims(time.Hour)))
	f.Fuzz(func(t *testing.T, in string) {
		got := corrupt(in)
		trimmed := strings.TrimRight(in, "\r\n \t")
		if len(got) != len(trimmed) {
			t.Fatalf("corrupt(%q) = %q: length %d, want %d", in, got, len(got), len(trimmed))
		}
		n := 0
		for i := 0; i < len(trimmed); i++ {
			if isAlnum(trimmed[i]) {
				n++
			}
		}
		if n >= 1 && got == trimmed {
			t.Fatalf("corrupt(%q) left %d letters or digits unchanged", in, n)
		}
		if n >= 4 && got == in {
			t.Fatalf("corrupt(%q) returned its input", in)
		}
		if n == 0 && got != trimmed {
			t.Fatalf("corrupt(%q) = %q changed an input without letters or digits", in, got)
		}
	})
}
