package probe

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
)

func field(name, value string) authdoctor.Field {
	return authdoctor.Field{Name: name, Value: authdoctor.NewSecret(value)}
}

func TestScrub(t *testing.T) {
	t.Parallel()
	const tok = "tok_8f3a9c2e1d"
	tests := []struct {
		name      string
		fields    []authdoctor.Field
		body      string
		url       string
		in        string
		truncated bool
		want      string
	}{
		{name: "whole value", fields: []authdoctor.Field{field("Authorization", "Bearer "+tok)},
			in: `{"auth":"Bearer ` + tok + `"}`, want: `{"auth":"[redacted]"}`},
		{name: "credential after scheme", fields: []authdoctor.Field{field("Authorization", "Bearer "+tok)},
			in: "token " + tok + " rejected", want: "token [redacted] rejected"},
		{name: "short credential part kept", fields: []authdoctor.Field{field("Authorization", "Bearer abc")},
			in: "abc and Bearer abc", want: "abc and [redacted]"},
		{name: "api key header", fields: []authdoctor.Field{field("X-Api-Key", tok)},
			in: tok + tok, want: "[redacted]"},
		{name: "ordinary header not scrubbed", fields: []authdoctor.Field{field("Accept", "application/json")},
			in: "application/json", want: "application/json"},
		{name: "basic decoded", fields: []authdoctor.Field{field("Authorization", "Basic YWxpY2U6czNjcjN0LXB3")},
			in: "user alice:s3cr3t-pw, password s3cr3t-pw", want: "user [redacted], password [redacted]"},
		{name: "basic key as user name", fields: []authdoctor.Field{field("Authorization", "Basic c2tfdGVzdF9hYmNkZWY6")},
			in: "key sk_test_abcdef", want: "key [redacted]"},
		{name: "cookie values", fields: []authdoctor.Field{field("Cookie", "session="+tok+"; theme=dark")},
			in: "s=" + tok + " theme=dark", want: "s=[redacted] theme=dark"},
		{name: "query escaped echo", fields: []authdoctor.Field{field("X-Token", "a+b/c=d e")},
			in: "q=a%2Bb%2Fc%3Dd+e", want: "q=[redacted]"},
		{name: "form body value", body: "grant_type=refresh&refresh_token=" + tok,
			in: "bad token " + tok, want: "bad token [redacted]"},
		{name: "json body value", body: `{"client_secret":"` + tok + `","n":1}`,
			in: "secret " + tok, want: "secret [redacted]"},
		{name: "url query token", url: "https://api.example.com/?access_token=" + tok + "&page=2",
			in: "got " + tok + " page 2", want: "got [redacted] page 2"},
		{name: "overlapping occurrences merge", fields: []authdoctor.Field{field("X-Api-Key", "aaaaaa")},
			in: "xaaaaaaaay", want: "x[redacted]y"},
		{name: "truncated tail", fields: []authdoctor.Field{field("X-Api-Key", tok)},
			in: "echo: tok_8f3", truncated: true, want: "echo: [redacted]"},
		{name: "short tail kept", fields: []authdoctor.Field{field("X-Api-Key", tok)},
			in: "echo: tok", truncated: true, want: "echo: tok"},
		{name: "tail only when truncated", fields: []authdoctor.Field{field("X-Api-Key", tok)},
			in: "echo: tok_8f3", want: "echo: tok_8f3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var u *url.URL
			if tc.url != "" {
				u = mustURL(t, tc.url)
			}
			sc := newScrubber(tc.fields, authdoctor.NewSecret(tc.body), u)
			got := string(sc.bytes([]byte(tc.in), tc.truncated))
			if got != tc.want {
				t.Errorf("scrub(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestScrubHeader(t *testing.T) {
	t.Parallel()
	sc := newScrubber([]authdoctor.Field{field("Authorization", "Bearer tok_8f3a9c2e1d")}, authdoctor.Secret{}, nil)
	in := http.Header{"X-Echo": {"Bearer tok_8f3a9c2e1d", "plain"}, "Www-Authenticate": {`Bearer error="invalid_token"`}}
	got := sc.header(in)
	want := http.Header{"X-Echo": {"[redacted]", "plain"}, "Www-Authenticate": {`Bearer error="invalid_token"`}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if in.Get("X-Echo") != "Bearer tok_8f3a9c2e1d" {
		t.Error("header scrubbed the input in place")
	}
	if sc.header(nil) != nil {
		t.Error("header(nil) != nil")
	}
}

// FuzzScrub checks that no secret survives scrubbing, except where the
// bytes of the marker itself spell it.
func FuzzScrub(f *testing.F) {
	f.Add("echo Bearer tok_8f3a9c2e1d done", "Bearer tok_8f3a9c2e1d", "", false)
	f.Add("aaaaaaaaaa", "aaaaaa", "a=aaaaaa", true)
	f.Add("x=tok_8f3", "tok_8f3a9c2e1d", `{"token":"tok_8f3a9c2e1d"}`, true)
	f.Add("d]aa", "d]a", "", false)
	f.Fuzz(func(t *testing.T, body, secret, reqBody string, truncated bool) {
		if secret == "" || strings.Contains(secret, "\x00") {
			return
		}
		sc := newScrubber([]authdoctor.Field{field("Authorization", secret)}, authdoctor.NewSecret(reqBody), nil)
		out := string(sc.bytes([]byte(body), truncated))
		if strings.Contains(strings.ReplaceAll(out, authdoctor.Redacted, "\x00"), secret) {
			t.Errorf("secret %q survives in %q", secret, out)
		}
		if reqBody != "" && !strings.Contains(reqBody, "\x00") && strings.Contains(strings.ReplaceAll(out, authdoctor.Redacted, "\x00"), reqBody) {
			t.Errorf("request body %q survives in %q", reqBody, out)
		}
	})
}
