package authdoctor

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func field(name, value string) Field {
	return Field{Name: name, Value: NewSecret(value)}
}

// scrubberOf is the scrubber of a request with these fields, body and URL.
func scrubberOf(fields []Field, body Secret, u *url.URL) *Scrubber {
	return (&Scrubber{}).AddFields(fields...).AddBody(body).AddQuery(u)
}

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestScrubberRequest(t *testing.T) {
	t.Parallel()
	const tok = "tok_8f3a9c2e1d"
	tests := []struct {
		name      string
		fields    []Field
		body      string
		url       string
		in        string
		truncated bool
		want      string
	}{
		{name: "whole value", fields: []Field{field("Authorization", "Bearer "+tok)},
			in: `{"auth":"Bearer ` + tok + `"}`, want: `{"auth":"[redacted]"}`},
		{name: "credential after scheme", fields: []Field{field("Authorization", "Bearer "+tok)},
			in: "token " + tok + " rejected", want: "token [redacted] rejected"},
		{name: "short credential part kept", fields: []Field{field("Authorization", "Bearer abc")},
			in: "abc and Bearer abc", want: "abc and [redacted]"},
		{name: "api key header", fields: []Field{field("X-Api-Key", tok)},
			in: tok + tok, want: "[redacted]"},
		{name: "ordinary header not scrubbed", fields: []Field{field("Accept", "application/json")},
			in: "application/json", want: "application/json"},
		{name: "basic decoded", fields: []Field{field("Authorization", "Basic YWxpY2U6czNjcjN0LXB3")},
			in: "user alice:s3cr3t-pw, password s3cr3t-pw", want: "user [redacted], password [redacted]"},
		{name: "basic key as user name", fields: []Field{field("Authorization", "Basic c2tfdGVzdF9hYmNkZWY6")},
			in: "key sk_test_abcdef", want: "key [redacted]"},
		{name: "cookie values", fields: []Field{field("Cookie", "session="+tok+"; theme=dark")},
			in: "s=" + tok + " theme=dark", want: "s=[redacted] theme=dark"},
		{name: "query escaped echo", fields: []Field{field("X-Token", "a+b/c=d e")},
			in: "q=a%2Bb%2Fc%3Dd+e", want: "q=[redacted]"},
		{name: "form body value", body: "grant_type=refresh&refresh_token=" + tok,
			in: "bad token " + tok, want: "bad token [redacted]"},
		{name: "json body value", body: `{"client_secret":"` + tok + `","n":1}`,
			in: "secret " + tok, want: "secret [redacted]"},
		{name: "url query token", url: "https://api.example.com/?access_token=" + tok + "&page=2",
			in: "got " + tok + " page 2", want: "got [redacted] page 2"},
		{name: "overlapping occurrences merge", fields: []Field{field("X-Api-Key", "aaaaaa")},
			in: "xaaaaaaaay", want: "x[redacted]y"},
		{name: "truncated tail", fields: []Field{field("X-Api-Key", tok)},
			in: "echo: tok_8f3", truncated: true, want: "echo: [redacted]"},
		{name: "short tail kept", fields: []Field{field("X-Api-Key", tok)},
			in: "echo: tok", truncated: true, want: "echo: tok"},
		{name: "tail only when truncated", fields: []Field{field("X-Api-Key", tok)},
			in: "echo: tok_8f3", want: "echo: tok_8f3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var u *url.URL
			if tc.url != "" {
				u = mustURL(t, tc.url)
			}
			sc := scrubberOf(tc.fields, NewSecret(tc.body), u)
			got := string(sc.Bytes([]byte(tc.in), tc.truncated))
			if got != tc.want {
				t.Errorf("scrub(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestScrubberHeader(t *testing.T) {
	t.Parallel()
	sc := scrubberOf([]Field{field("Authorization", "Bearer tok_8f3a9c2e1d")}, Secret{}, nil)
	in := http.Header{"X-Echo": {"Bearer tok_8f3a9c2e1d", "plain"}, "Www-Authenticate": {`Bearer error="invalid_token"`}}
	got := sc.Header(in)
	want := http.Header{"X-Echo": {"[redacted]", "plain"}, "Www-Authenticate": {`Bearer error="invalid_token"`}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if in.Get("X-Echo") != "Bearer tok_8f3a9c2e1d" {
		t.Error("header scrubbed the input in place")
	}
	if sc.Header(nil) != nil {
		t.Error("header(nil) != nil")
	}
}

// FuzzScrub checks that no secret survives scrubbing, except where the
// bytes of the marker itself spell it.
func FuzzScrubberRequest(f *testing.F) {
	f.Add("echo Bearer tok_8f3a9c2e1d done", "Bearer tok_8f3a9c2e1d", "", false)
	f.Add("aaaaaaaaaa", "aaaaaa", "a=aaaaaa", true)
	f.Add("x=tok_8f3", "tok_8f3a9c2e1d", `{"token":"tok_8f3a9c2e1d"}`, true)
	f.Add("d]aa", "d]a", "", false)
	f.Fuzz(func(t *testing.T, body, secret, reqBody string, truncated bool) {
		// Values shorter than four bytes are not scrubbed on their own.
		if len(strings.TrimSpace(secret)) < 4 || strings.Contains(secret, "\x00") {
			return
		}
		sc := scrubberOf([]Field{field("Authorization", secret)}, NewSecret(reqBody), nil)
		out := string(sc.Bytes([]byte(body), truncated))
		if strings.Contains(strings.ReplaceAll(out, Redacted, "\x00"), secret) {
			t.Errorf("secret %q survives in %q", secret, out)
		}
		if len(strings.TrimSpace(reqBody)) >= 4 && !strings.Contains(reqBody, "\x00") && strings.Contains(strings.ReplaceAll(out, Redacted, "\x00"), reqBody) {
			t.Errorf("request body %q survives in %q", reqBody, out)
		}
	})
}

func BenchmarkScrubber(b *testing.B) {
	sc := scrubberOf([]Field{field("Authorization", "Bearer tok_8f3a9c2e1d5b7a9c"), field("Cookie", "sid=abcdef0123456789; theme=dark")}, Secret{}, nil)
	body := make([]byte, 1<<20)
	for i := range body {
		body[i] = "abcdefghij tok_8f3a9c2e1d5b7a9c "[i%32]
	}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		sc.Bytes(body, true)
	}
}
