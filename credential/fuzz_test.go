package credential

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
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
		"Basic ", "sk_test_", "Bearer sk_test_", "SSWS 00" + fill(b64url, 40, 9), "Basic " + b64("a@b.c:ATATT3"+fill(b64url, 186, 10)),
		"Bearer " + jwt[:20] + "\n " + jwt[20:], "Bearer " + b64u(`{"alg":"none"}`) + "." + b64u(`{"role":"x"}`),
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
			fields = append(fields, j.Roles...)
			fields = append(fields, j.Issues...)
			for client, rs := range j.ClientRoles {
				fields = append(fields, client)
				fields = append(fields, rs...)
			}
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
	f.Add(b64u(`{"alg":"RS256"}`) + "." + b64u(`{"exp":"1700000000000","nbf":true,"realm_access":{"roles":["a",1]},"resource_access":{"c":{"roles":"x"}}}`))
	f.Add(b64u(`{"alg":"none"}`) + ".\n" + b64u(`{"cognito:groups":["g"],"role":"anon"}`) + "." + fill(b64url, 10, 1))
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
		known := map[string]bool{}
		for _, c := range JWTIssueCodes() {
			known[c] = true
		}
		for _, is := range tok.Issues {
			if !known[is] {
				t.Fatalf("unknown issue code %q", is)
			}
		}
		if !slices.Equal(tok.Issues, tok.Info.Issues) {
			t.Fatalf("Issues %v and Info.Issues %v differ", tok.Issues, tok.Info.Issues)
		}
		if strings.ContainsAny(strings.TrimSpace(s), " \t\r\n") != slices.Contains(tok.Issues, JWTWhitespace) {
			t.Fatalf("white space inside and the whitespace issue disagree: %v", tok.Issues)
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

// fuzzKeySeeds are values of the new shapes, built at run time.
func fuzzKeySeeds() []string {
	var out []string
	for _, tc := range vendorCases() {
		out = append(out, tc.value)
	}
	return append(out, "ghp_"+breakCRC(withCRC(1)), "pk_test_"+clerkPK("a.b", true)+"==", "pypi-"+macaroon(2, "x"), "test_", "sk-or-v1-", "SSWS ", "1:"+fill(b64url, 35, 2))
}

// FuzzRecognise: Recognise and RecogniseIn never panic; what they return
// holds nothing of the value but the prefix, and agrees with the value.
func FuzzRecognise(f *testing.F) {
	for i, s := range fuzzKeySeeds() {
		f.Add(uint8(i), s)
	}
	headers := append(fuzzHeaders, "DD-API-KEY", "X-Postmark-Server-Token")
	f.Fuzz(func(t *testing.T, h uint8, s string) {
		v, ok := Recognise(s)
		if ok {
			c := strings.TrimSpace(s)
			if !strings.HasPrefix(c, v.Prefix) {
				t.Fatalf("prefix %q is not the value's", v.Prefix)
			}
			if v.Checksum == "" && v.ChecksumResult != "" {
				t.Fatalf("a checksum result without a checksum")
			}
			secret := c[len(v.Prefix):]
			if len(secret) >= 8 {
				for _, field := range []string{v.Host, v.Region, v.Environment, v.Kind, v.Name} {
					if strings.Contains(field, secret) {
						t.Fatalf("a field holds the secret part: %q", field)
					}
				}
			}
		} else if v.Name != "" {
			t.Fatalf("not recognised, yet named %s", v.Name)
		}
		name := headers[int(h)%len(headers)]
		if w, ok2 := RecogniseIn(name, s); ok && ok2 && !isAuthorization(name) && w.Name != v.Name {
			t.Fatalf("RecogniseIn(%s) = %s, Recognise = %s", name, w.Name, v.Name)
		}
	})
}

// FuzzChecksum: the check digits are 6 base62 digits, and a value with
// them appended always verifies.
func FuzzChecksum(f *testing.F) {
	for _, s := range []string{"", "zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ", withCRC(1), strings.Repeat("\xff", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		sum := crc32Base62(body)
		for _, c := range sum {
			if !strings.ContainsRune(base62Digits, rune(c)) {
				t.Fatalf("check digit %q is not base62", c)
			}
		}
		if body != "" && checkCRC32Base62(body+string(sum[:])) != ChecksumValid {
			t.Fatalf("appended check digits do not verify")
		}
		if checkCRC32Base62(body) == ChecksumValid && len(body) > 6 {
			want := crc32Base62(body[:len(body)-6])
			if string(want[:]) != body[len(body)-6:] {
				t.Fatalf("valid without matching digits")
			}
		}
	})
}

// FuzzFindKeys: spans are in bounds, ordered and never overlap; Keep
// stays inside the span; a key starts and ends at a word boundary; an
// exact match is what Recognise says of the span alone.
func FuzzFindKeys(f *testing.F) {
	for _, s := range fuzzKeySeeds() {
		f.Add("x " + s + " y")
	}
	f.Add("sk-sk-sk-sk-sk-" + strings.Repeat("sk-", 50))
	f.Add(strings.Repeat("1234567890:", 20))
	f.Fuzz(func(t *testing.T, s string) {
		// The anchor search only skips what holds no key.
		var all, skipped []KeyMatch
		findKeysFrom(s, 0, func(m KeyMatch) bool { all = append(all, m); return true })
		FindKeys(s, func(m KeyMatch) bool { skipped = append(skipped, m); return true })
		if !slices.EqualFunc(all, skipped, func(a, b KeyMatch) bool {
			return a.Start == b.Start && a.End == b.End && a.Vendor.Name == b.Vendor.Name && a.Exact == b.Exact
		}) {
			t.Fatalf("FindKeys found %d keys, the search from the start %d", len(skipped), len(all))
		}
		last := 0
		FindKeys(s, func(m KeyMatch) bool {
			if m.Start < last || m.End <= m.Start || m.End > len(s) {
				t.Fatalf("span [%d,%d) after %d in %d bytes", m.Start, m.End, last, len(s))
			}
			if m.Keep < 0 || m.Start+m.Keep > m.End {
				t.Fatalf("keep %d outside [%d,%d)", m.Keep, m.Start, m.End)
			}
			if m.Start > 0 && isWordByte(s[m.Start-1]) || m.End < len(s) && isWordByte(s[m.End]) {
				t.Fatalf("span [%d,%d) not at word boundaries", m.Start, m.End)
			}
			if m.Exact && m.Placeholder {
				t.Fatalf("exact and placeholder")
			}
			if !anchoredAt(s, m.Start, m.End) {
				t.Fatalf("%s key [%d,%d) holds no anchor of KeyAnchors", m.Vendor.Name, m.Start, m.End)
			}
			if m.Exact {
				key := s[m.Start:m.End]
				v, ok := Recognise(key)
				if m.Keep == len("SSWS ") && strings.HasPrefix(key, "SSWS ") {
					v, ok = RecogniseIn("Authorization", key)
				}
				if !ok || v.Name != m.Vendor.Name || v.Kind != m.Vendor.Kind {
					t.Fatalf("exact %s %s, Recognise says %s %s %v", m.Vendor.Name, m.Vendor.Kind, v.Name, v.Kind, ok)
				}
			}
			last = m.End
			return true
		})
	})
}
