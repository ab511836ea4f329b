package authdoctor

import (
	"encoding/base64"
	"encoding/json"
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
)

// TestScrubberForms: a known secret is replaced in every form a server or
// a log may echo it in, and nothing else is touched.
func TestScrubberForms(t *testing.T) {
	t.Parallel()
	tok := "tok/" + scrubFill(scrubAlnum, 30, 21) + "+=\""
	pass := "pa:ss" + scrubFill(scrubAlnum, 10, 22)
	user := "alice"
	basic := base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))
	sc := ScrubberFor(Request{URL: "https://api.example.com/v1/items?api_key=" + url.QueryEscape(tok), Header: []Field{
		{Name: "Authorization", Value: NewSecret("Bearer " + tok + "\n")},
		{Name: "Proxy-Authorization", Value: NewSecret("Basic " + basic)},
	}})
	j, _ := json.Marshal(tok)
	forms := map[string]string{
		"raw":          tok,
		"query":        url.QueryEscape(tok),
		"path":         url.PathEscape(tok),
		"json":         string(j[1 : len(j)-1]),
		"base64":       base64.StdEncoding.EncodeToString([]byte(tok)),
		"base64url":    base64.RawURLEncoding.EncodeToString([]byte(tok)),
		"basic":        basic,
		"password":     pass,
		"pair":         user + ":" + pass,
		"with newline": "Bearer " + tok + "\n",
	}
	for name, form := range forms {
		in := "host login.microsoftonline.com said " + form + " for kid 3f9a" + scrubFill(scrubAlnum, 40, 3)
		out := sc.String(in)
		if strings.Contains(out, form) {
			t.Errorf("%s form left in %q", name, out)
		}
		for _, keep := range []string{"host login.microsoftonline.com said ", " for kid 3f9a"} {
			if !strings.Contains(out, keep) {
				t.Errorf("%s: prose %q lost: %q", name, keep, out)
			}
		}
	}
	// The user name alone is not a secret: curl -v shows it.
	if out := sc.String("user alice is not allowed"); out != "user alice is not allowed" {
		t.Errorf("user name scrubbed: %q", out)
	}
	// Idempotent, and existing markers stay whole.
	out := sc.String("a " + tok + " b [redacted] c")
	if again := sc.String(out); again != out || strings.Count(out, Redacted) != 2 {
		t.Errorf("scrub twice: %q then %q", out, again)
	}
	if (*Scrubber)(nil).String("x") != "x" || (&Scrubber{}).String("x") != "x" {
		t.Error("nil and zero scrubbers must scrub nothing")
	}
}

func TestScrubberTruncatedTail(t *testing.T) {
	t.Parallel()
	tok := scrubFill(scrubAlnum, 40, 9)
	sc := NewScrubber(tok)
	got := string(sc.Bytes([]byte(`{"echo":"`+tok[:12]), true))
	if strings.Contains(got, tok[:12]) || !strings.HasSuffix(got, Redacted) {
		t.Errorf("truncated echo not scrubbed: %q", got)
	}
	if got := string(sc.Bytes([]byte("ends with "+tok[:12]), false)); got != "ends with "+tok[:12] {
		t.Errorf("untruncated body changed: %q", got)
	}
}

// proseWords are the surroundings of the property test: prose, hosts, ids
// and numbers as reports and server answers hold them.
var proseWords = []string{"the", "token", "expired", "Bearer", "realm=\"api\"", "login.microsoftonline.com", "72f988bf-86f1-41af-91ab-2d7cd011db47",
	"kid", "req_01HZX3", "api.example.com:8443/v1/orders", "403", "Forbidden", "\n", "{\"error\":\"invalid_token\"}", "user", "alice", "at", "2026-12-04T06:00:00Z"}

// TestScrubberProperty: for random credentials and random surrounding
// prose, hosts and ids, the scrubbed text holds none of the credential's
// forms and all of the prose.
func TestScrubberProperty(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 11))
	for i := range 2000 {
		n := 8 + r.IntN(60)
		b := make([]byte, n)
		alpha := scrubB64 + "+/=.~"
		for k := range b {
			b[k] = alpha[r.IntN(len(alpha))]
		}
		secret := string(b)
		sc := NewScrubber(secret)
		forms := []string{secret, url.QueryEscape(secret), base64.StdEncoding.EncodeToString(b)}
		var in, prose strings.Builder
		for range 3 + r.IntN(6) {
			w := proseWords[r.IntN(len(proseWords))] + " "
			in.WriteString(w)
			prose.WriteString(w)
			if r.IntN(3) == 0 {
				in.WriteString(forms[r.IntN(len(forms))] + " ")
			}
		}
		out := sc.String(in.String())
		for _, f := range forms {
			if strings.Contains(out, f) {
				t.Fatalf("case %d: form %q left in %q", i, f, out)
			}
		}
		for _, w := range strings.Fields(prose.String()) {
			if !strings.Contains(out, w) {
				t.Fatalf("case %d: prose %q lost from %q", i, w, out)
			}
		}
	}
}

func FuzzScrubber(f *testing.F) {
	f.Add("s3cr3t-value", "before ", " after")
	f.Add("abcd", "", "")
	f.Add("[redacted]", "[redact", "ed]")
	f.Fuzz(func(t *testing.T, secret, before, after string) {
		sc := NewScrubber(secret)
		out := sc.String(before + secret + after)
		if len(strings.TrimSpace(secret)) >= scrubMinWord && strings.TrimSpace(secret) != Redacted && strings.Contains(out, strings.TrimSpace(secret)) {
			t.Fatalf("secret left in %q", out)
		}
		if again := sc.String(out); again != out && !strings.Contains(secret, "[") && !strings.Contains(secret, "]") {
			t.Fatalf("not idempotent: %q then %q", out, again)
		}
	})
}
