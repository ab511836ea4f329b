package authdoctor

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// scrubFill returns n generated characters from alphabet; test credentials
// are built at run time so that no realistic key sits in the source.
func scrubFill(alphabet string, n, salt int) string {
	var b strings.Builder
	for i := range n {
		b.WriteByte(alphabet[(i*7+salt*13+i*i*3)%len(alphabet)])
	}
	return b.String()
}

const (
	scrubAlnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	scrubUpper = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	scrubB64   = scrubAlnum + "-_"
)

func TestScrubText(t *testing.T) {
	t.Parallel()
	tok := scrubFill(scrubAlnum, 40, 1)
	short := "s3cr3tValue"
	jwt := "eyJhbGciOiJIUzI1NiJ9." + scrubFill(scrubB64, 30, 2) + "." + scrubFill(scrubB64, 43, 3)
	tests := []struct{ name, in, want string }{
		{"plain prose", "The token has expired. Ask for a new one.", "The token has expired. Ask for a new one."},
		{"oauth error body", `{"error":"invalid_token","error_description":"The access token expired"}`, `{"error":"invalid_token","error_description":"The access token expired"}`},
		{"token response", `{"access_token":"` + short + `","token_type":"Bearer","expires_in":3600,"refresh_token":"` + short + `"}`,
			`{"access_token":"[redacted]","token_type":"Bearer","expires_in":3600,"refresh_token":"[redacted]"}`},
		{"json with spaces", `{"id_token" : "` + short + `"}`, `{"id_token" : "[redacted]"}`},
		{"json camel case", `{"apiKey":"` + short + `","clientSecret":"` + short + `","password":"` + short + `"}`,
			`{"apiKey":"[redacted]","clientSecret":"[redacted]","password":"[redacted]"}`},
		{"json escaped quote", `{"secret":"a\"b` + short + `"}`, `{"secret":"[redacted]"}`},
		{"json empty value kept", `{"password":""}`, `{"password":""}`},
		{"json token endpoint kept", `{"token_endpoint":"https://idp.example.com/token"}`, `{"token_endpoint":"https://idp.example.com/token"}`},
		{"python dict", `{'api_key': '` + short + `'}`, `{'api_key': '[redacted]'}`},
		{"form body", "access_token=" + short + "&token_type=bearer&expires_in=3600", "access_token=[redacted]&token_type=bearer&expires_in=3600"},
		{"query string", "GET /v1/items?apikey=" + short + "&page=2", "GET /v1/items?apikey=[redacted]&page=2"},
		{"yaml", "client_secret: " + short, "client_secret: [redacted]"},
		{"header line", "X-Api-Key: " + short, "X-Api-Key: [redacted]"},
		{"bearer", "Authorization: Bearer " + short, "Authorization: Bearer [redacted]"},
		{"basic", "sent Basic dXNlcjpwYXNz", "sent Basic [redacted]"},
		{"basic padded", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==, then", "Basic [redacted], then"},
		{"challenge params kept", `WWW-Authenticate: Bearer realm="api", error="invalid_token"`, `WWW-Authenticate: Bearer realm="api", error="invalid_token"`},
		{"every cookie of a header line", "Cookie: theme=dark; session=s3ss10nVALUE42; lang=en\nnext", "Cookie: [redacted]\nnext"},
		{"empty challenge param kept", `WWW-Authenticate: Basic realm="", charset="UTF-8"`, `WWW-Authenticate: Basic realm="", charset="UTF-8"`},
		{"padded credential before a closing quote", `auth="Basic dXNlcjpwYXNzd29yZA==" x="Bearer c2VjcmV0LXZhbHVl=" y=1`, `auth="Basic [redacted]" x="Bearer [redacted]" y=1`},
		{"unquoted challenge param kept", "Bearer error=invalid_token", "Bearer error=invalid_token"},
		{"prose after scheme kept", "Basic authentication failed; Bearer tokens only.", "Basic authentication failed; Bearer tokens only."},
		{"jwt", "token was " + jwt + " (expired)", "token was [redacted] (expired)"},
		{"bearer jwt", "Bearer " + jwt, "Bearer [redacted]"},
		{"stripe key keeps prefix", "No such key: sk_test_" + scrubFill(scrubAlnum, 24, 4), "No such key: sk_test_[redacted]"},
		{"stripe masked message kept", "Invalid API Key provided: sk_test_****abcd", "Invalid API Key provided: sk_test_****abcd"},
		{"bearer vendor key", "Authorization: Bearer ghp_" + scrubFill(scrubAlnum, 36, 5), "Authorization: Bearer ghp_[redacted]"},
		{"anthropic before openai", "key sk-ant-api03-" + scrubFill(scrubB64, 90, 6) + " rejected", "key sk-ant-api03-[redacted] rejected"},
		{"aws key id", "Credential=AKIA" + scrubFill(scrubUpper, 16, 7) + "/20240101", "Credential=AKIA[redacted]/20240101"},
		{"slack", "token xoxb-" + scrubFill(scrubAlnum, 30, 8), "token xoxb-[redacted]"},
		{"square sandbox", "sandbox-sq0atb-" + scrubFill(scrubB64, 22, 9), "sandbox-sq0atb-[redacted]"},
		{"unknown random run kept", "request " + tok + " failed", "request " + tok + " failed"},
		{"host with tenant id kept", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"},
		{"kid kept", `kid "` + tok + `" is not among the keys`, `kid "` + tok + `" is not among the keys`},
		{"prose after a credential word kept", "the token: expired 2s ago", "the token: expired 2s ago"},
		{"letters-only run kept", "abcdefghijklmnopqrstuvwxyzabcdefghij", "abcdefghijklmnopqrstuvwxyzabcdefghij"},
		{"short id kept", "req_12345abc", "req_12345abc"},
		{"url user info", "proxy https://bob:" + short + "@proxy.example.com:8080/ refused", "proxy https://bob:[redacted]@proxy.example.com:8080/ refused"},
		{"already scrubbed", `{"access_token":"[redacted]"} Bearer [redacted] sk_test_[redacted]`, `{"access_token":"[redacted]"} Bearer [redacted] sk_test_[redacted]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := ScrubText(tc.in)
			if got != tc.want {
				t.Errorf("ScrubText(%s)\n got %q\nwant %q", tc.name, got, tc.want)
			}
			if again := ScrubText(got); again != got {
				t.Errorf("ScrubText is not idempotent on %s: %q", tc.name, again)
			}
		})
	}
}

// scrubToken returns a 40-character token from seed with at least one
// digit and one letter, the shape every credential rule must catch.
func scrubToken(seed uint64) string {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, 40)
	for i := range b {
		b[i] = scrubAlnum[r.IntN(len(scrubAlnum))]
	}
	b[r.IntN(40)] = '7'
	b[r.IntN(40)] = 'q'
	if !strings.ContainsAny(string(b), "0123456789") {
		b[0] = '7'
	}
	return string(b)
}

// FuzzScrubText: ScrubText never panics, is idempotent, and removes a
// token placed where its shape says credential.
func FuzzScrubText(f *testing.F) {
	for _, s := range []string{"", "Bearer ", "Basic =", `{"access_token":"x"}`, "access_token=&x=1", "sk_test_", "AKIA", "eyJ.a.b", "https://u:p@h/", "Bearer realm=\"x\"", "password: \n", "[redacted]"} {
		f.Add(s, uint8(len(s)), uint64(len(s)))
	}
	contexts := []func(string) string{
		func(t string) string { return "Authorization: Bearer " + t },
		func(t string) string { return `{"access_token":"` + t + `"}` },
		func(t string) string { return "access_token=" + t + "&x=1" },
		func(t string) string { return "https://user:" + t + "@host.example/" },
		func(t string) string { return "X-Api-Key: " + t },
	}
	f.Fuzz(func(t *testing.T, prose string, ctx uint8, seed uint64) {
		out := ScrubText(prose) // never panics on anything
		if again := ScrubText(out); again != out {
			t.Fatalf("not idempotent on %q: %q then %q", prose, out, again)
		}
		tok := scrubToken(seed)
		in := contexts[int(ctx)%len(contexts)](tok)
		if out := ScrubText(in); strings.Contains(out, tok) {
			t.Fatalf("ScrubText left the token in %q", out)
		}
	})
}

func BenchmarkScrubText(b *testing.B) {
	var sb strings.Builder
	for i := 0; sb.Len() < 16<<10; i++ {
		sb.WriteString(`{"id":"req_` + scrubFill(scrubAlnum, 12, i) + `","message":"The request was rejected because the token has expired","access_token":"` + scrubFill(scrubAlnum, 40, i) + `"},` + "\n")
	}
	body := sb.String()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		ScrubText(body)
	}
}

// TestScrubTextKeepsInstructions: fix texts name flags and variables after
// a credential word; they are not values.
func TestScrubTextKeepsInstructions(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Pass a credential: -H 'Authorization: Bearer $TOKEN'": "Pass a credential: -H 'Authorization: Bearer $TOKEN'",
		"token: $API_TOKEN":             "token: $API_TOKEN",
		"password=abc123xyz&user=alice": "password=[redacted]&user=alice",
	} {
		if got := ScrubText(in); got != want {
			t.Errorf("ScrubText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestScrubTextCatalogue: ScrubText hides keys of vendors only the
// catalogue in package credential knows (it once had a table of its own
// that missed them), keeping the prefix, and leaves near-misses alone.
func TestScrubTextCatalogue(t *testing.T) {
	hexLower := "0123456789abcdef"
	alnum, gen := scrubAlnum, scrubFill
	for _, tc := range []struct{ prefix, rest string }{
		{"whsec_", gen(alnum, 32, 1)},
		{"dop_v1_", gen(hexLower, 64, 2)},
		{"lin_api_", gen(alnum, 40, 3)},
		{"gldt-", gen(alnum, 20, 4)},
	} {
		key := tc.prefix + tc.rest
		text := "the key " + key + " was rejected by api.example.com"
		got := ScrubText(text)
		if strings.Contains(got, tc.rest) || !strings.Contains(got, tc.prefix+Redacted) || !strings.Contains(got, "rejected by api.example.com") {
			t.Errorf("ScrubText(%q) = %q, want %s%s and the prose kept", text, got, tc.prefix, Redacted)
		}
	}
	// One character short of DigitalOcean's 64: not a key, an id.
	near := "dop_v1_" + gen(hexLower, 63, 5)
	if got := ScrubText("id " + near); got != "id "+near {
		t.Errorf("near-miss %q scrubbed: %q", near, got)
	}
}
