package credential

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, header, value, scheme, creds string
	}{
		{"bearer", "Authorization", "Bearer abc", "Bearer", "abc"},
		{"lower-case header name", "authorization", "Bearer abc", "Bearer", "abc"},
		{"several spaces", "Authorization", "Bearer   abc", "Bearer", "abc"},
		{"tab", "Authorization", "Bearer\tabc", "Bearer", "abc"},
		{"trailing newline kept", "Authorization", "Bearer abc\n", "Bearer", "abc\n"},
		{"scheme alone", "Authorization", "Bearer", "Bearer", ""},
		{"scheme and space", "Authorization", "Bearer ", "Bearer", ""},
		{"no scheme", "Authorization", "ghp_abc", "", "ghp_abc"},
		{"doubled scheme", "Authorization", "Bearer Bearer abc", "Bearer", "Bearer abc"},
		{"proxy authorization", "Proxy-Authorization", "Basic dXNlcjpwYXNz", "Basic", "dXNlcjpwYXNz"},
		{"api key header", "X-API-Key", "Bearer abc", "", "Bearer abc"},
		{"cookie", "Cookie", "session=abc; theme=dark", "", "session=abc; theme=dark"},
		{"empty", "Authorization", "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, c := Split(tc.header, tc.value)
			if s != tc.scheme || c != tc.creds {
				t.Errorf("Split(%q, %q) = %q, %q; want %q, %q", tc.header, tc.value, s, c, tc.scheme, tc.creds)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	jwt := jwtFrom(t, map[string]any{"alg": "RS256"}, map[string]any{"sub": "x"})
	jwe := b64u(`{"alg":"dir","enc":"A128GCM"}`) + ".." + fill(b64url, 16, 1) + "." + fill(b64url, 40, 2) + "." + fill(b64url, 22, 3)
	tests := []struct {
		name, scheme, creds, want string
	}{
		{"nothing", "Bearer", "", KindEmpty},
		{"blank", "Bearer", "  ", KindEmpty},
		{"empty header", "", "", KindEmpty},
		{"basic", "Basic", b64("user:pass"), KindBasic},
		{"basic lower case", "basic", "garbage!", KindBasic},
		{"basic wins over jwt shape", "Basic", jwt, KindBasic},
		{"digest", "Digest", `username="Mufasa", realm="http-auth@example.org"`, KindDigest},
		{"jwt", "Bearer", jwt, KindJWT},
		{"jwt with newline", "Bearer", jwt + "\n", KindJWT},
		{"jwe", "Bearer", jwe, KindJWE},
		{"dots but not jwt", "Bearer", "a.b.c", KindOpaque},
		{"vendor key", "Bearer", "sk_test_" + fill(alnum, 24, 4), KindAPIKey},
		{"vendor key with token scheme", "token", "ghp_" + fill(alnum, 36, 5), KindAPIKey},
		{"opaque bearer", "Bearer", fill(alnum, 40, 6), KindOpaque},
		{"other scheme", "Token", fill(alnum, 40, 7), KindOpaque},
		{"no scheme", "", fill(alnum, 40, 8), KindAPIKey},
		{"jwt without scheme", "", jwt, KindJWT},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Classify(tc.scheme, tc.creds); got != tc.want {
				t.Errorf("Classify(%q, %s) = %q, want %q", tc.scheme, tc.name, got, tc.want)
			}
		})
	}
}

func TestInspect(t *testing.T) {
	t.Parallel()
	rfc := rfcToken(t)
	staging := jwtFrom(t, map[string]any{"alg": "RS256", "kid": "k1"}, map[string]any{"iss": "https://auth.staging.example.com/", "aud": "api"})
	envClaim := jwtFrom(t, map[string]any{"alg": "RS256"}, map[string]any{"iss": "https://auth.staging.example.com/", "env": "Production"})
	plainIss := jwtFrom(t, map[string]any{"alg": "RS256"}, map[string]any{"iss": "joe"})
	jwe := b64u(`{"alg":"RSA-OAEP","enc":"A256GCM","kid":"enc-1"}`) + "." + fill(b64url, 342, 1) + "." + fill(b64url, 16, 2) + "." + fill(b64url, 200, 3) + "." + fill(b64url, 22, 4)
	stripe := "sk_test_" + fill(alnum, 24, 5)
	stripeLive := "sk_live_" + fill(alnum, 24, 6)
	ghp := "ghp_" + fill(alnum, 36, 7)
	ant := "sk-ant-api03-" + fill(b64url, 95, 8)
	opaque := fill(alnum, 40, 9)
	asia := "ASIA" + fill(base32Chars, 16, 10)
	sigv4 := "Credential=" + asia + "/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + fill(hexLower, 64, 11)
	longUser := fill(alnum, 32, 12)
	sq := "sandbox-sq0atb-" + fill(b64url, 22, 13)
	stripePH := "sk_test_" + strings.Repeat("x", 24)
	okta := "00" + fill(b64url, 40, 14)
	dd := fill(hexLower, 32, 15)
	atlassian := "ATATT3" + fill(b64url, 186, 16)
	rzp := "rzp_test_" + fill(alnum, 14, 17)
	testPyPI := "pypi-" + macaroon(2, "test.pypi.org")
	wrapped := jwtFrom(t, map[string]any{"alg": "RS256"}, map[string]any{"iss": "joe"})
	wrapped = wrapped[:30] + "\n  " + wrapped[30:]
	twoSeg := b64u(`{"alg":"RS256"}`) + "." + b64u(`{"iss":"joe"}`)
	keycloak := jwtFrom(t, map[string]any{"alg": "RS256"}, map[string]any{"realm_access": map[string]any{"roles": []any{"admin"}}, "resource_access": map[string]any{"api": map[string]any{"roles": []any{"reader"}}}})

	cred := func(header, scheme, kind, creds string) Credential {
		return Credential{Header: header, Scheme: scheme, Kind: kind, Length: len(creds), Fingerprint: Fingerprint(creds)}
	}
	with := func(c Credential, f func(*Credential)) Credential {
		f(&c)
		return c
	}
	tests := []struct {
		name, header, value string
		want                Credential
	}{
		{"RFC 7519 JWT", "Authorization", "Bearer " + rfc,
			with(cred("Authorization", "Bearer", KindJWT, rfc), func(c *Credential) {
				c.JWT = &JWT{Alg: "HS256", Typ: "JWT", Iss: "joe", Exp: tm("2011-03-22T18:43:00Z")}
			})},
		{"JWT from a staging issuer", "Authorization", "Bearer " + staging,
			with(cred("Authorization", "Bearer", KindJWT, staging), func(c *Credential) {
				c.Environment = EnvSandbox
				c.JWT = &JWT{Alg: "RS256", Kid: "k1", Iss: "https://auth.staging.example.com/", Aud: []string{"api"}}
			})},
		{"env claim wins over issuer", "Authorization", "Bearer " + envClaim,
			with(cred("Authorization", "Bearer", KindJWT, envClaim), func(c *Credential) {
				c.Environment = EnvProduction
				c.JWT = &JWT{Alg: "RS256", Iss: "https://auth.staging.example.com/"}
			})},
		{"issuer that is not a URL", "Authorization", "Bearer " + plainIss,
			with(cred("Authorization", "Bearer", KindJWT, plainIss), func(c *Credential) {
				c.JWT = &JWT{Alg: "RS256", Iss: "joe"}
			})},
		{"JWE", "Authorization", "Bearer " + jwe,
			with(cred("Authorization", "Bearer", KindJWE, jwe), func(c *Credential) {
				c.JWT = &JWT{Alg: "RSA-OAEP", Kid: "enc-1", Enc: "A256GCM"}
			})},
		{"opaque bearer", "Authorization", "Bearer " + opaque, cred("Authorization", "Bearer", KindOpaque, opaque)},
		{"trailing newline counted", "Authorization", "Bearer " + opaque + "\n", cred("Authorization", "Bearer", KindOpaque, opaque+"\n")},
		{"stripe key", "Authorization", "Bearer " + stripe,
			with(cred("Authorization", "Bearer", KindAPIKey, stripe), func(c *Credential) {
				c.Prefix, c.Vendor, c.Environment = "sk_test_", "Stripe", "test"
			})},
		{"square sandbox token", "Authorization", "Bearer " + sq,
			with(cred("Authorization", "Bearer", KindAPIKey, sq), func(c *Credential) {
				c.Prefix, c.Vendor, c.Environment = "sandbox-sq0atb-", "Square", "sandbox"
			})},
		{"github key without scheme", "Authorization", ghp,
			with(cred("Authorization", "", KindAPIKey, ghp), func(c *Credential) {
				c.Prefix, c.Vendor = "ghp_", "GitHub"
			})},
		{"github legacy token scheme", "Authorization", "token " + ghp,
			with(cred("Authorization", "token", KindAPIKey, ghp), func(c *Credential) {
				c.Prefix, c.Vendor = "ghp_", "GitHub"
			})},
		{"anthropic in x-api-key", "x-api-key", ant,
			with(cred("x-api-key", "", KindAPIKey, ant), func(c *Credential) {
				c.Prefix, c.Vendor = "sk-ant-api03-", "Anthropic"
			})},
		{"opaque in X-API-Key", "X-API-Key", opaque, cred("X-API-Key", "", KindAPIKey, opaque)},
		{"cookie", "Cookie", "session=" + opaque, cred("Cookie", "", KindAPIKey, "session="+opaque)},
		{"jwt in a custom header", "X-Auth-Token", rfc,
			with(cred("X-Auth-Token", "", KindJWT, rfc), func(c *Credential) {
				c.JWT = &JWT{Alg: "HS256", Typ: "JWT", Iss: "joe", Exp: tm("2011-03-22T18:43:00Z")}
			})},
		{"RFC 7617 basic", "Authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
			with(cred("Authorization", "Basic", KindBasic, "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="), func(c *Credential) {
				c.BasicUser = "Aladdin"
			})},
		{"basic with a stripe key as user", "Authorization", "Basic " + b64(stripeLive+":"),
			with(cred("Authorization", "Basic", KindBasic, b64(stripeLive+":")), func(c *Credential) {
				c.Prefix, c.Vendor, c.Environment = "sk_live_", "Stripe", "live"
			})},
		{"basic with a key-like user hidden", "Authorization", "Basic " + b64(longUser+":x"),
			cred("Authorization", "Basic", KindBasic, b64(longUser+":x"))},
		{"basic with an e-mail user", "Proxy-Authorization", "Basic " + b64("alice.builder@example.com:pw"),
			with(cred("Proxy-Authorization", "Basic", KindBasic, b64("alice.builder@example.com:pw")), func(c *Credential) {
				c.BasicUser = "alice.builder@example.com"
			})},
		{"basic not base64", "Authorization", "Basic user:pass", cred("Authorization", "Basic", KindBasic, "user:pass")},
		{"digest", "Authorization", `Digest username="Mufasa", response="6629fae49393a05397450978507c4ef1"`,
			cred("Authorization", "Digest", KindDigest, `username="Mufasa", response="6629fae49393a05397450978507c4ef1"`)},
		{"AWS SigV4 with temporary key", "Authorization", "AWS4-HMAC-SHA256 " + sigv4,
			with(cred("Authorization", "AWS4-HMAC-SHA256", KindOpaque, sigv4), func(c *Credential) {
				c.Prefix, c.Vendor = "ASIA", "AWS"
			})},
		{"placeholder with a vendor prefix names no vendor", "Authorization", "Bearer " + stripePH, with(cred("Authorization", "Bearer", KindOpaque, stripePH), func(c *Credential) { c.Placeholder = true })},
		{"placeholder in an api key header", "X-API-Key", "{{apiKey}}", with(cred("X-API-Key", "", KindAPIKey, "{{apiKey}}"), func(c *Credential) { c.Placeholder = true })},
		{"okta SSWS", "Authorization", "SSWS " + okta,
			with(cred("Authorization", "SSWS", KindAPIKey, okta), func(c *Credential) { c.Vendor = "Okta" })},
		{"datadog header", "DD-API-KEY", dd,
			with(cred("DD-API-KEY", "", KindAPIKey, dd), func(c *Credential) { c.Vendor = "Datadog" })},
		{"basic with an atlassian token as password", "Authorization", "Basic " + b64("ada@example.com:"+atlassian),
			with(cred("Authorization", "Basic", KindBasic, b64("ada@example.com:"+atlassian)), func(c *Credential) {
				c.Prefix, c.Vendor, c.BasicUser = "ATATT3", "Atlassian", "ada@example.com"
			})},
		{"basic with a razorpay key id", "Authorization", "Basic " + b64(rzp+":"+fill(alnum, 24, 18)),
			with(cred("Authorization", "Basic", KindBasic, b64(rzp+":"+fill(alnum, 24, 18))), func(c *Credential) {
				c.Prefix, c.Vendor, c.Environment = "rzp_test_", "Razorpay", EnvTest
			})},
		{"test pypi token", "Authorization", "Basic " + b64("__token__:"+testPyPI),
			with(cred("Authorization", "Basic", KindBasic, b64("__token__:"+testPyPI)), func(c *Credential) {
				c.Prefix, c.Vendor, c.Environment, c.BasicUser = "pypi-", "PyPI", EnvTest, "__token__"
			})},
		{"JWT wrapped over lines", "Authorization", "Bearer " + wrapped,
			with(cred("Authorization", "Bearer", KindJWT, wrapped), func(c *Credential) {
				c.JWT = &JWT{Alg: "RS256", Iss: "joe", Issues: []string{JWTWhitespace}}
			})},
		{"JWT without its signature", "Authorization", "Bearer " + twoSeg,
			with(cred("Authorization", "Bearer", KindJWT, twoSeg), func(c *Credential) {
				c.JWT = &JWT{Alg: "RS256", Iss: "joe", Issues: []string{JWTMissingSignature}}
			})},
		{"JWT roles", "Authorization", "Bearer " + keycloak,
			with(cred("Authorization", "Bearer", KindJWT, keycloak), func(c *Credential) {
				c.JWT = &JWT{Alg: "RS256", Roles: []string{"admin"}, ClientRoles: map[string][]string{"api": {"reader"}}}
			})},
		{"scheme alone", "Authorization", "Bearer", cred("Authorization", "Bearer", KindEmpty, "")},
		{"scheme and space", "Authorization", "Bearer ", cred("Authorization", "Bearer", KindEmpty, "")},
		{"empty api key header", "X-API-Key", "", cred("X-API-Key", "", KindEmpty, "")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Inspect(tc.header, tc.value)
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("Inspect mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestInspectEnvironmentFromAudience(t *testing.T) {
	t.Parallel()
	enc := func(m map[string]any) string {
		b, _ := json.Marshal(m)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	tok := enc(map[string]any{"alg": "RS256"}) + "." + enc(map[string]any{"iss": "https://login.example.com/", "aud": "https://api.sandbox.example.com"}) + ".c2ln"
	if got := Inspect("Authorization", "Bearer "+tok).Environment; got != EnvSandbox {
		t.Errorf("environment from aud = %q, want %q", got, EnvSandbox)
	}
	tok = enc(map[string]any{"alg": "RS256"}) + "." + enc(map[string]any{"iss": "https://login.staging.example.com/", "aud": "https://api.example.com"}) + ".c2ln"
	if got := Inspect("Authorization", "Bearer "+tok).Environment; got != EnvSandbox {
		t.Errorf("the issuer's environment comes first: got %q", got)
	}
}
