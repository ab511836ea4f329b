package issuer

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/authdoctor/authdoctor"
)

// fuzzSeeds are token and key-set pairs from the table cases.
func fuzzSeeds(t testing.TB) [][2]string {
	k := keysForTest(t)
	set := string(jwksOf(t, jwk{key: &k.rsa.PublicKey, kid: "rsa-1"}, jwk{key: &k.ec.PublicKey, kid: "ec-1", alg: "ES256"}, jwk{key: k.ed.Public(), kid: "ed-1"}))
	good := sign(t, k.rsa, jose.RS256, "rsa-1", testClaims)
	return [][2]string{
		{rfcRSAToken, string(rfcJWKS("", ""))},
		{rfcECToken, string(rfcJWKS("r", "e"))},
		{good, set},
		{tamper(good, `{"sub":"admin"}`), set},
		{sign(t, k.ec, jose.ES256, "", testClaims), set},
		{sign(t, k.ed, jose.EdDSA, "ed-1", testClaims), set},
		{hs256(`{"alg":"HS256","kid":"rsa-1"}`, testClaims, []byte(set)), set},
		{hs256(`{"alg":"HS256","kid":"k"}`, testClaims, []byte("k")), `{"keys":[{"kty":"oct","kid":"k","k":"aw"}]}`},
		{unsigned(`{"alg":"none"}`, testClaims, ""), set},
		{"a.b.c.d.e", set},
		{"opaque", ""},
		{good, `{"keys":[{"kty":"RSA","kid":"rsa-1","n":"AQ","e":"AQAB"}]}`},
		{good, `{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}]}`},
		{good, `{"keys":[{"kty":"OKP","crv":"Ed25519","x":"AA"}]}`},
		{good, `{"keys":[null,1,"x"]}`},
		{good, `{"keys":`},
	}
}

// FuzzVerify: Verify never panics, always answers one of the four
// statuses, and never quotes the token.
func FuzzVerify(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s[0], []byte(s[1]))
	}
	statuses := map[string]bool{authdoctor.Verified: true, authdoctor.Invalid: true, authdoctor.KidUnknown: true, authdoctor.Unverifiable: true}
	f.Fuzz(func(t *testing.T, token string, keys []byte) {
		v := Verify(token, keys)
		if !statuses[v.Status] {
			t.Fatalf("status %q", v.Status)
		}
		if v.Detail == "" {
			t.Fatal("no detail")
		}
		// A token long enough not to occur in the prose by chance.
		if len(token) >= 16 && strings.Contains(v.Detail, token) {
			t.Fatalf("detail quotes the token: %q", v.Detail)
		}
	})
}

// FuzzKeys: Keys never panics, lists one entry per member, and never
// carries key material.
func FuzzKeys(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add([]byte(s[1]))
	}
	f.Add([]byte(`{"keys":[{"kty":"RSA","kid":"a","d":"secret-material","n":"AQ"}]}`))
	f.Fuzz(func(t *testing.T, jwks []byte) {
		keys, err := Keys(jwks)
		if err != nil {
			if keys != nil {
				t.Fatalf("keys with an error: %+v", keys)
			}
			return
		}
		var doc struct {
			Keys []map[string]json.RawMessage `json:"keys"`
		}
		if json.Unmarshal(jwks, &doc) == nil && len(doc.Keys) != len(keys) {
			t.Fatalf("%d keys listed for %d members", len(keys), len(doc.Keys))
		}
		if fmt.Sprint(keys) == "" {
			t.Fatal("unprintable")
		}
	})
}

// FuzzParseMetadata: never panics; a document it accepts has an issuer.
func FuzzParseMetadata(f *testing.F) {
	for _, s := range []string{
		`{"issuer":"https://as.example","jwks_uri":"https://as.example/keys"}`,
		`{"issuer":1}`, `{"jwks_uri":"x"}`, `{"issuer":"x","jwks_uri":5}`, `<html>`, ``, `null`, `[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		m, err := parseMetadata(body)
		if err == nil && (m == nil || m.Issuer == "") {
			t.Fatalf("accepted without issuer: %+v", m)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("error spans lines: %q", err)
		}
	})
}

// FuzzIntrospection: parseIntrospection never panics and never keeps the
// secret in what it reads, whatever member the answer echoes it in.
func FuzzIntrospection(f *testing.F) {
	for _, s := range []string{
		`{"active":true,"scope":"a b","client_id":"c","aud":["x"],"exp":1700000000,"token_type":"Bearer"}`,
		`{"active":false}`, `{"scope":"x"}`, `{"active":"true"}`, `{"active":true,"exp":1e300,"aud":"a"}`,
		`{"active":true,"exp":-1.5}`, `null`, `<html>`,
		`{"active":true,"scope":"tok-0123456789 x","client_id":"tok-0123456789","aud":"tok-0123456789"}`,
	} {
		f.Add([]byte(s), "tok-0123456789")
	}
	f.Fuzz(func(t *testing.T, body []byte, secret string) {
		// The oracle needs a secret that cannot occur by accident, nor
		// inside the redaction marker itself.
		if !fuzzSecret(secret) {
			secret = "tok-0123456789"
		}
		sc := newScrubber(authdoctor.NewSecret(secret), authdoctor.Secret{}, "")
		ins := &authdoctor.Introspection{}
		err := parseIntrospection(ins, body, sc)
		if err == nil && ins.Active == nil {
			t.Fatal("accepted without active")
		}
		out := fmt.Sprintf("%+v %v %v", *ins, ins.Scopes, ins.Aud)
		if strings.Contains(out, secret) {
			t.Fatalf("secret kept: %s", out)
		}
	})
}

// FuzzScrub: the scrubbed text never holds a secret, and scrubbing twice
// changes nothing more.
func FuzzScrub(f *testing.F) {
	f.Add("echo tok-0123456789 and s3cret-value", "tok-0123456789", "s3cret-value", false)
	f.Add("cut tok-01234", "tok-0123456789", "s3cret-value", true)
	f.Add("[redacted]tok-0123456789[redac", "tok-0123456789", "s3cret-value", true)
	f.Fuzz(func(t *testing.T, text, token, secret string, truncated bool) {
		if !fuzzSecret(token) || !fuzzSecret(secret) {
			return
		}
		sc := newScrubber(authdoctor.NewSecret(token), authdoctor.NewSecret(secret), "")
		out := string(sc.Bytes([]byte(text), truncated))
		for _, w := range []string{token, secret} {
			if strings.Contains(out, w) {
				t.Fatalf("scrub(%q) = %q holds %q", text, out, w)
			}
		}
		if again := sc.String(out); again != out {
			t.Fatalf("not idempotent: %q then %q", out, again)
		}
	})
}

// fuzzSecret reports whether s is usable as a secret for a leak oracle:
// long enough not to occur by accident, of token characters, and not a
// piece of the redaction marker itself.
func fuzzSecret(s string) bool {
	return len(s) >= 8 && !strings.Contains(authdoctor.Redacted, s) &&
		strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == ""
}
