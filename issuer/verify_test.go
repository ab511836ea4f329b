package issuer

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
)

// Example values of RFC 7515 appendix A. The payload of both tokens is
// {"iss":"joe",\r\n "exp":1300819380,\r\n "http://example.com/is_root":true}.
const (
	rfcPayload = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"

	// A.2: RS256. The key's modulus n and exponent e (A.2.1).
	rfcRSAToken = "eyJhbGciOiJSUzI1NiJ9." + rfcPayload + "." +
		"cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7" +
		"AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4" +
		"BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K" +
		"0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqv" +
		"hJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrB" +
		"p0igcN_IoypGlUPQGe77Rw"
	rfcRSAN = "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddx" +
		"HmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMs" +
		"D1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSH" +
		"SXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdV" +
		"MTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8" +
		"NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"
	rfcRSAE = "AQAB"

	// A.3: ES256 on P-256. The key's coordinates x and y (A.3.1).
	rfcECToken = "eyJhbGciOiJFUzI1NiJ9." + rfcPayload + "." +
		"DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"
	rfcECX = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"
	rfcECY = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"
)

// rfcJWKS is a key set holding the RFC 7515 A.2 and A.3 public keys, as
// an issuer would publish them.
func rfcJWKS(kidRSA, kidEC string) []byte {
	kid := func(k string) string {
		if k == "" {
			return ""
		}
		return `"kid":"` + k + `",`
	}
	return []byte(`{"keys":[` +
		`{` + kid(kidRSA) + `"kty":"RSA","use":"sig","n":"` + rfcRSAN + `","e":"` + rfcRSAE + `"},` +
		`{` + kid(kidEC) + `"kty":"EC","crv":"P-256","x":"` + rfcECX + `","y":"` + rfcECY + `"}]}`)
}

// tamper replaces the payload of a compact JWS.
func tamper(token, payload string) string {
	parts := strings.Split(token, ".")
	parts[1] = b64(payload)
	return strings.Join(parts, ".")
}

// hs256 signs header.payload with HMAC-SHA256 under secret.
func hs256(header, payload string, secret []byte) string {
	in := b64(header) + "." + b64(payload)
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(in))
	return in + "." + b64(string(m.Sum(nil)))
}

func TestVerify(t *testing.T) {
	t.Parallel()
	k := keysForTest(t)
	set := jwksOf(t,
		jwk{key: &k.rsa.PublicKey, kid: "rsa-1", use: "sig"},
		jwk{key: &k.ec.PublicKey, kid: "ec-1", alg: "ES256"},
		jwk{key: k.ed.Public(), kid: "ed-1"},
	)
	rsaOnly := jwksOf(t, jwk{key: &k.rsa.PublicKey, kid: "rsa-1"})
	good := sign(t, k.rsa, jose.RS256, "rsa-1", testClaims)
	pubDER, err := x509.MarshalPKIXPublicKey(&k.rsa.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})

	tests := []struct {
		name  string
		token string
		keys  []byte
		want  authdoctor.Verification
		// detail is a fragment the detail must hold.
		detail string
	}{
		{name: "rfc7515 A.2 RS256", token: rfcRSAToken, keys: rfcJWKS("", ""),
			want: authdoctor.Verification{Status: authdoctor.Verified, Alg: "RS256"}, detail: "no kid"},
		{name: "rfc7515 A.3 ES256", token: rfcECToken, keys: rfcJWKS("", ""),
			want: authdoctor.Verification{Status: authdoctor.Verified, Alg: "ES256"}, detail: "EC P-256"},
		{name: "rfc7515 A.2 tampered", token: tamper(rfcRSAToken, `{"iss":"joe","admin":true}`), keys: rfcJWKS("", ""),
			want: authdoctor.Verification{Status: authdoctor.Invalid, Alg: "RS256"}, detail: "none of the 1"},
		{name: "rfc7515 A.3 with kids in the set, token without", token: rfcECToken, keys: rfcJWKS("r", "e"),
			want: authdoctor.Verification{Status: authdoctor.Verified, Alg: "ES256"}, detail: `kid "e"`},
		{name: "rs256 valid", token: good, keys: set,
			want: authdoctor.Verification{Status: authdoctor.Verified, Alg: "RS256", Kid: "rsa-1"}},
		{name: "ps256 valid", token: sign(t, k.rsa, jose.PS256, "rsa-1", testClaims), keys: set,
			want: authdoctor.Verification{Status: authdoctor.Verified, Alg: "PS256", Kid: "rsa-1"}},
		{name: "es256 valid", token: sign(t, k.ec, jose.ES256, "ec-1", testClaims), keys: set,
			want: authdoctor.Verification{Status: authdoctor.Verified, Alg: "ES256", Kid: "ec-1"}},
		{name: "eddsa valid", token: sign(t, k.ed, jose.EdDSA, "ed-1", testClaims), keys: set,
			want: authdoctor.Verification{Status: authdoctor.Verified, Alg: "EdDSA", Kid: "ed-1"}},
		{name: "tampered payload", token: tamper(good, `{"sub":"admin"}`), keys: set,
			want: authdoctor.Verification{Status: authdoctor.Invalid, Alg: "RS256", Kid: "rsa-1"}, detail: "does not verify"},
		{name: "same kid, other key (rotated)", token: sign(t, k.rsa2, jose.RS256, "rsa-1", testClaims), keys: set,
			want: authdoctor.Verification{Status: authdoctor.Invalid, Alg: "RS256", Kid: "rsa-1"}, detail: "same kid"},
		{name: "unknown kid", token: sign(t, k.rsa, jose.RS256, "gone", testClaims), keys: set,
			want: authdoctor.Verification{Status: authdoctor.KidUnknown, Alg: "RS256", Kid: "gone"}, detail: `"rsa-1", "ec-1", "ed-1"`},
		{name: "no kid, one matching key", token: sign(t, k.ec, jose.ES256, "", testClaims), keys: set,
			want: authdoctor.Verification{Status: authdoctor.Verified, Alg: "ES256"}, detail: `kid "ec-1"`},
		{name: "no kid, no key verifies", token: sign(t, k.rsa2, jose.RS256, "", testClaims), keys: set,
			want: authdoctor.Verification{Status: authdoctor.Invalid, Alg: "RS256"}, detail: "none of the 1"},
		{name: "no kid, no key of that type", token: sign(t, k.ec384, jose.ES384, "", testClaims), keys: set,
			want: authdoctor.Verification{Status: authdoctor.Invalid, Alg: "ES384"}, detail: "no published key can verify ES384"},
		{name: "kid on a key of another type", token: sign(t, k.ec, jose.ES256, "rsa-1", testClaims), keys: set,
			want: authdoctor.Verification{Status: authdoctor.Invalid, Alg: "ES256", Kid: "rsa-1"}, detail: "does not fit"},
		{name: "key alg narrows the type", token: sign(t, k.rsa, jose.PS256, "rsa-1", testClaims),
			keys: jwksOf(t, jwk{key: &k.rsa.PublicKey, kid: "rsa-1", alg: "RS256"}),
			want: authdoctor.Verification{Status: authdoctor.Invalid, Alg: "PS256", Kid: "rsa-1"}, detail: "does not fit"},
		{name: "encryption key is not a signing key", token: good,
			keys: jwksOf(t, jwk{key: &k.rsa.PublicKey, kid: "rsa-1", use: "enc"}),
			want: authdoctor.Verification{Status: authdoctor.Invalid, Alg: "RS256", Kid: "rsa-1"}, detail: "does not fit"},
		{name: "hs256", token: sign(t, []byte(strings.Repeat("s", 32)), jose.HS256, "", testClaims), keys: set,
			want: authdoctor.Verification{Status: authdoctor.Unverifiable, Alg: "HS256"}, detail: "only public keys"},
		{name: "hs256 without keys", token: sign(t, []byte(strings.Repeat("s", 32)), jose.HS256, "", testClaims),
			want: authdoctor.Verification{Status: authdoctor.Unverifiable, Alg: "HS256"}, detail: "shared secret"},
		{name: "alg confusion: HMAC keyed with the RSA public key PEM", token: hs256(`{"alg":"HS256","kid":"rsa-1"}`, testClaims, pubPEM),
			keys: rsaOnly, want: authdoctor.Verification{Status: authdoctor.Unverifiable, Alg: "HS256", Kid: "rsa-1"}, detail: "only public keys"},
		{name: "alg confusion: HMAC keyed with the RSA public key DER", token: hs256(`{"alg":"HS256"}`, testClaims, pubDER),
			keys: rsaOnly, want: authdoctor.Verification{Status: authdoctor.Unverifiable, Alg: "HS256"}, detail: "HMAC"},
		{name: "alg confusion: the set publishes the public key as oct", token: hs256(`{"alg":"HS256","kid":"k"}`, testClaims, pubPEM),
			keys: []byte(`{"keys":[{"kty":"oct","kid":"k","k":"` + b64(string(pubPEM)) + `"}]}`),
			want: authdoctor.Verification{Status: authdoctor.Unverifiable, Alg: "HS256", Kid: "k"}, detail: "HMAC"},
		{name: "alg confusion: rsa key labelled HS256", token: hs256(`{"alg":"HS256","kid":"rsa-1"}`, testClaims, pubPEM),
			keys: jwksOf(t, jwk{key: &k.rsa.PublicKey, kid: "rsa-1", alg: "HS256"}),
			want: authdoctor.Verification{Status: authdoctor.Unverifiable, Alg: "HS256", Kid: "rsa-1"}},
		{name: "alg none", token: unsigned(`{"alg":"none"}`, testClaims, ""), keys: set,
			want: authdoctor.Verification{Status: authdoctor.Unverifiable, Alg: "none"}, detail: "unsigned"},
		{name: "alg NONE with a kid", token: unsigned(`{"alg":"NONE","kid":"rsa-1"}`, testClaims, ""), keys: set,
			want: authdoctor.Verification{Status: authdoctor.Unverifiable, Alg: "NONE", Kid: "rsa-1"}, detail: "unsigned"},
		{name: "no alg", token: unsigned(`{"kid":"rsa-1"}`, testClaims, "c2ln"), keys: set,
			want: authdoctor.Verification{Status: authdoctor.Unverifiable, Kid: "rsa-1"}, detail: "no alg"},
		{name: "unsupported alg", token: unsigned(`{"alg":"ES256K"}`, testClaims, "c2ln"), keys: set,
			want: authdoctor.Verification{Status: authdoctor.Unverifiable, Alg: "ES256K"}, detail: "not one authdoctor can check"},
		{name: "jwe", token: "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d", keys: set,
			want: authdoctor.Verification{Status: authdoctor.Unverifiable}, detail: "JWE"},
		{name: "opaque", token: "gho_16C7e42F292c6912E7710c838347Ae178B4a", keys: set,
			want: authdoctor.Verification{Status: authdoctor.Unverifiable}, detail: "opaque"},
		{name: "four segments", token: "a.b.c.d", keys: set,
			want: authdoctor.Verification{Status: authdoctor.Unverifiable}, detail: "4 segments"},
		{name: "header not base64", token: "!!.e30.sig", keys: set,
			want: authdoctor.Verification{Status: authdoctor.Unverifiable}, detail: "base64url"},
		{name: "header not an object", token: b64(`[1]`) + ".e30.sig", keys: set,
			want: authdoctor.Verification{Status: authdoctor.Unverifiable}, detail: "JSON object"},
		{name: "alg not a string", token: b64(`{"alg":5}`) + ".e30.sig", keys: set,
			want: authdoctor.Verification{Status: authdoctor.Unverifiable}, detail: "alg is not a string"},
		{name: "no keys", token: good,
			want: authdoctor.Verification{Status: authdoctor.Unverifiable, Alg: "RS256", Kid: "rsa-1"}, detail: noKeysDetail},
		{name: "empty set", token: good, keys: []byte(`{"keys":[]}`),
			want: authdoctor.Verification{Status: authdoctor.Unverifiable, Alg: "RS256", Kid: "rsa-1"}, detail: noKeysDetail},
		{name: "broken set", token: good, keys: []byte(`{"keys":`),
			want: authdoctor.Verification{Status: authdoctor.Unverifiable, Alg: "RS256", Kid: "rsa-1"}, detail: "could not be read"},
		{name: "kid on an unreadable key", token: good, keys: []byte(`{"keys":[{"kty":"RSA","kid":"rsa-1","n":"AQ"}]}`),
			want: authdoctor.Verification{Status: authdoctor.Unverifiable, Alg: "RS256", Kid: "rsa-1"}, detail: "cannot be used"},
		{name: "signature not base64", token: strings.Join(append(strings.Split(good, ".")[:2], "!!"), "."), keys: set,
			want: authdoctor.Verification{Status: authdoctor.Unverifiable, Alg: "RS256", Kid: "rsa-1"}, detail: "does not parse"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Verify(tc.token, tc.keys)
			if !strings.Contains(got.Detail, tc.detail) {
				t.Errorf("detail %q does not hold %q", got.Detail, tc.detail)
			}
			if strings.Contains(got.Detail, tc.token) {
				t.Errorf("detail quotes the token")
			}
			got.Detail = ""
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Verify (-want +got):\n%s", diff)
			}
		})
	}
}

// TestVerifyNeverHMACWithPublicKey checks the alg-confusion rule for
// every way the token can name its algorithm: whatever the header says,
// a token whose MAC is keyed with the public key is never Verified.
func TestVerifyNeverHMACWithPublicKey(t *testing.T) {
	t.Parallel()
	k := keysForTest(t)
	der, err := x509.MarshalPKIXPublicKey(&k.rsa.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	secrets := [][]byte{der, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), jwksOf(t, jwk{key: &k.rsa.PublicKey})}
	sets := [][]byte{
		jwksOf(t, jwk{key: &k.rsa.PublicKey, kid: "k"}),
		jwksOf(t, jwk{key: &k.rsa.PublicKey, kid: "k", alg: "HS256"}),
		jwksOf(t, jwk{key: &k.rsa.PublicKey}),
	}
	for _, alg := range []string{"HS256", "hs256", "HS384", "HS512", "RS256", "none"} {
		for _, kid := range []string{"", "k"} {
			for _, secret := range secrets {
				hdr := `{"alg":"` + alg + `"`
				if kid != "" {
					hdr += `,"kid":"` + kid + `"`
				}
				tok := hs256(hdr+"}", testClaims, secret)
				for _, set := range sets {
					if got := Verify(tok, set); got.Status == authdoctor.Verified {
						t.Errorf("alg %s kid %q: %+v", alg, kid, got)
					}
				}
			}
		}
	}
}

func TestKeys(t *testing.T) {
	t.Parallel()
	k := keysForTest(t)
	tests := []struct {
		name    string
		jwks    []byte
		want    []authdoctor.JWK
		wantErr string
	}{
		{name: "rfc keys", jwks: rfcJWKS("r", ""),
			want: []authdoctor.JWK{{Kid: "r", Kty: "RSA", Use: "sig"}, {Kty: "EC"}}},
		{name: "generated", jwks: jwksOf(t, jwk{key: &k.ec.PublicKey, kid: "ec-1", alg: "ES256", use: "sig"}, jwk{key: k.ed.Public(), kid: "ed"}),
			want: []authdoctor.JWK{{Kid: "ec-1", Kty: "EC", Alg: "ES256", Use: "sig"}, {Kid: "ed", Kty: "OKP"}}},
		{name: "unknown type listed", jwks: []byte(`{"keys":[{"kty":"XYZ","kid":"q","alg":"ML-DSA-44"}]}`),
			want: []authdoctor.JWK{{Kid: "q", Kty: "XYZ", Alg: "ML-DSA-44"}}},
		{name: "member of the wrong type left empty", jwks: []byte(`{"keys":[{"kty":"RSA","kid":7}]}`),
			want: []authdoctor.JWK{{Kty: "RSA"}}},
		{name: "oct key listed without material", jwks: []byte(`{"keys":[{"kty":"oct","kid":"h","k":"c2VjcmV0"}]}`),
			want: []authdoctor.JWK{{Kid: "h", Kty: "oct"}}},
		{name: "empty", jwks: []byte(`{"keys":[]}`), want: []authdoctor.JWK{}},
		{name: "not json", jwks: []byte(`<html>`), wantErr: "not a JSON object"},
		{name: "no keys member", jwks: []byte(`{"kty":"RSA"}`), wantErr: `no "keys" member`},
		{name: "keys not an array", jwks: []byte(`{"keys":{}}`), wantErr: "not an array"},
		{name: "key not an object", jwks: []byte(`{"keys":[1]}`), wantErr: "key 1 is not a JSON object"},
		{name: "null key", jwks: []byte(`{"keys":[null]}`), wantErr: "key 1 is not a JSON object"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Keys(tc.jwks)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Keys (-want +got):\n%s", diff)
			}
		})
	}
}
