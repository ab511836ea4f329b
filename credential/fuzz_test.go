package credential

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// fuzzHeaders are the header names FuzzInspect picks from.
var fuzzHeaders = []string{"Authorization", "Proxy-Authorization", "X-API-Key", "Cookie", "api-key", "PRIVATE-TOKEN"}

func FuzzInspect(f *testing.F) {
	jwt := jwtFrom(f, map[string]any{"alg": "RS256", "kid": "k"}, map[string]any{"iss": "https://auth.dev.example.com", "aud": []any{"a", "b"}, "scope": "read write", "exp": 1700000000, "sub": "someone"})
	seeds := []string{
		"Bearer " + rfcToken(f), "Bearer " + jwt, "Bearer " + jwt + "\n", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
		"Basic " + b64("sk_live_"+fill(alnum, 24, 1)+":"), "Basic " + b64("user:pass\n"), "Bearer Bearer x",
		"Bearer sk_test_" + fill(alnum, 24, 2), "token ghp_" + fill(alnum, 36, 3), "sk-ant-api03-" + fill(b64url, 95, 4),
		"Digest username=\"a\"", "AWS4-HMAC-SHA256 Credential=AKIA" + fill(upperNum, 16, 5) + "/x", "Bearer", "Bearer ",
		"Bearer {{token}}", "", " ", "Bearer a.b.c", "Bearer " + b64u(`{"alg":"x"}`) + ".." + fill(b64url, 10, 6) + ".." + fill(b64url, 10, 7),
		"Basic ", "sk_test_", "Bearer sk_test_",
	}
	for i, s := range seeds {
		f.Add(uint8(i), s)
	}
	f.Fuzz(func(t *testing.T, h uint8, value string) {
		name := fuzzHeaders[int(h)%len(fuzzHeaders)]
		c := Inspect(name, value)
		if _, err := json.Marshal(c); err != nil {
			t.Fatalf("json.Marshal(Inspect) failed: %v", err)
		}
		scheme, cred := Split(name, value)
		if len(cred) < 8 || cred == c.Prefix {
			return
		}
		// No field derived from the value may hold the credential.
		fields := []string{c.Kind, c.Fingerprint, c.Prefix, c.Vendor, c.Environment, c.BasicUser}
		if j := c.JWT; j != nil {
			fields = append(fields, j.Alg, j.Kid, j.Typ, j.Iss, j.SubFingerprint, j.ClientID, j.TokenUse, j.Azp)
			fields = append(fields, j.Aud...)
			fields = append(fields, j.Scopes...)
		}
		for _, s := range fields {
			if strings.Contains(s, cred) {
				t.Fatalf("Inspect leaked the credential into a field: %q", s)
			}
		}
		// Nor may the printed form, when the credential holds none of the
		// separators %+v prints between fields, and is not in the header
		// name or scheme the user wrote.
		if strings.ContainsAny(cred, " :{}[]&") || strings.Contains(name, cred) || strings.Contains(scheme, cred) {
			return
		}
		top := c
		top.JWT = nil
		out := fmt.Sprintf("%+v", top)
		if c.JWT != nil {
			out += fmt.Sprintf("%+v", *c.JWT)
		}
		if strings.Contains(out, cred) {
			t.Fatalf("%%+v of Inspect leaked the credential: %s", out)
		}
	})
}

// jwtErr matches every message DecodeJWT may return: none carries content.
var jwtErr = regexp.MustCompile(`^decode jwt: ((header|claims|signature|protected header) segment: (not base64url|not a JSON object|empty)|not a JWT: \d+ segments, want 3|encrypted JWT \(JWE\): claims cannot be read)$`)

func FuzzDecodeJWT(f *testing.F) {
	f.Add(rfcToken(f))
	f.Add(jwtFrom(f, map[string]any{"alg": "none"}, map[string]any{"exp": 1.7e12, "aud": []any{"x", 1}, "scp": "a b"}))
	f.Add(b64u(`{"alg":"none"}`) + "." + b64u(`{}`) + ".")
	f.Add(base64.URLEncoding.EncodeToString([]byte(`{"a":1}`)) + "." + base64.StdEncoding.EncodeToString([]byte(`{"sub":"a>>?b"}`)) + ".x")
	f.Add("a.b.c.d.e")
	f.Add("..")
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := DecodeJWT(s)
		if err != nil {
			if !jwtErr.MatchString(err.Error()) {
				t.Fatalf("unexpected error text %q", err)
			}
			return
		}
		if _, err := json.Marshal(tok.Info); err != nil {
			t.Fatalf("json.Marshal(Info) failed: %v", err)
		}
		if tok.Header == nil || tok.Claims == nil {
			t.Fatal("DecodeJWT succeeded without header or claims")
		}
	})
}

var basicErr = regexp.MustCompile(`^decode basic: (empty credentials|not base64(: byte \d+ is outside the base64 alphabet|: length \d+ cannot be base64)?)$`)

func FuzzDecodeBasic(f *testing.F) {
	for _, s := range []string{"QWxhZGRpbjpvcGVuIHNlc2FtZQ==", b64("user:pass\n"), b64(":"), "QWxhZGRpbjpvcGVuIHNlc2FtZQ", "dXNlcjpwPj4_", "dX=N", "", "a\r\nb", b64("j\xfcrgen:x")} {
		f.Add(s)
	}
	known := map[string]bool{}
	for _, c := range []string{BasicLineWrapped, BasicURLSafe, BasicBadPadding, BasicTrailingNewline, BasicEmbeddedNewline, BasicControlCharacter, BasicNonUTF8, BasicNonASCII, BasicNoColon, BasicEmptyUser, BasicEmptyPassword} {
		known[c] = true
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := DecodeBasic(s)
		if err != nil {
			if !basicErr.MatchString(err.Error()) {
				t.Fatalf("unexpected error text %q", err)
			}
			return
		}
		for _, is := range b.Issues {
			if !known[is] {
				t.Fatalf("unknown issue code %q", is)
			}
		}
		// A clean standard encoding must agree with encoding/base64.
		if len(b.Issues) == 0 {
			raw, err := base64.StdEncoding.DecodeString(strings.Trim(s, " \t\r\n"))
			if err != nil {
				t.Fatalf("no issues reported, but encoding/base64 says: %v", err)
			}
			if want := string(raw); want != b.User+":"+want[len(b.User)+1:] || len(want)-len(b.User)-1 != b.PasswordLen {
				t.Fatalf("user/password split disagrees with the decoded value")
			}
		}
	})
}

func BenchmarkInspectJWT(b *testing.B) {
	scopes := make([]any, 30)
	for i := range scopes {
		scopes[i] = fmt.Sprintf("api.read.%d", i)
	}
	tok := jwtFrom(b, map[string]any{"alg": "RS256", "typ": "at+jwt", "kid": fill(alnum, 32, 1)}, map[string]any{
		"iss": "https://login.example.com/" + fill(hexLower, 36, 2) + "/v2.0", "aud": "api://" + fill(hexLower, 36, 3),
		"sub": fill(alnum, 43, 4), "azp": fill(hexLower, 36, 5), "scp": scopes, "roles": []any{"Reader", "Writer"},
		"exp": 1700003600, "nbf": 1700000000, "iat": 1700000000, "tid": fill(hexLower, 36, 6), "oid": fill(hexLower, 36, 7),
	})
	value := "Bearer " + tok + fill(b64url, 300, 8) // an RS256 signature is 342 characters
	b.ReportAllocs()
	b.SetBytes(int64(len(value)))
	for b.Loop() {
		c := Inspect("Authorization", value)
		if c.Kind != KindJWT && c.Kind != KindOpaque {
			b.Fatal(c.Kind)
		}
	}
}
