package issuer

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"hash"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor"
)

// mintHMAC signs a compact JWS by hand, as an issuer with a shared secret
// does: HMAC over header.claims (RFC 7515 §5.1).
func mintHMAC(alg, claims, secret string) string {
	enc := base64.RawURLEncoding.EncodeToString
	in := enc([]byte(`{"alg":"`+alg+`","typ":"JWT"}`)) + "." + enc([]byte(claims))
	h := map[string]func() hash.Hash{"HS256": sha256.New, "HS384": sha512.New384, "HS512": sha512.New}[alg]
	if h == nil {
		return in + "." + enc([]byte("not-a-mac"))
	}
	m := hmac.New(h, []byte(secret))
	m.Write([]byte(in))
	return in + "." + enc(m.Sum(nil))
}

func TestVerifyHMAC(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("k", 64)
	for _, tc := range []struct {
		name, token, secret, status, detail string
	}{
		{"HS256 long secret", mintHMAC("HS256", `{"sub":"a"}`, long), long, authdoctor.Verified, "verifies with the shared secret given (HS256)"},
		{"HS384 long secret", mintHMAC("HS384", `{"sub":"a"}`, long), long, authdoctor.Verified, "(HS384)"},
		{"HS512 long secret", mintHMAC("HS512", `{"sub":"a"}`, long), long, authdoctor.Verified, "(HS512)"},
		{"HS256 short secret verifies, said", mintHMAC("HS256", `{"sub":"a"}`, "s3cret"), "s3cret", authdoctor.Verified, "the secret is 6 bytes, shorter than the 32 RFC 7518 §3.2 requires"},
		{"HS512 short secret verifies, said", mintHMAC("HS512", `{"sub":"a"}`, "s3cret-but-short"), "s3cret-but-short", authdoctor.Verified, "shorter than the 64"},
		// Near misses.
		{"wrong long secret", mintHMAC("HS256", `{"sub":"a"}`, long), strings.Repeat("j", 64), authdoctor.Invalid, "does not verify with the shared secret given"},
		{"wrong short secret", mintHMAC("HS256", `{"sub":"a"}`, "s3cret"), "s3creT", authdoctor.Invalid, "does not verify"},
		{"secret with a trailing newline", mintHMAC("HS256", `{"sub":"a"}`, "s3cret"), "s3cret\n", authdoctor.Invalid, "does not verify"},
		{"claims altered", alter(mintHMAC("HS256", `{"sub":"a"}`, long)), long, authdoctor.Invalid, "does not verify"},
		{"RS256 is not an HMAC", mintHMAC("RS256", `{"sub":"a"}`, long), long, authdoctor.Unverifiable, `alg "RS256" is not HS256, HS384 or HS512`},
		{"alg none", mintHMAC("none", `{"sub":"a"}`, long), long, authdoctor.Unverifiable, `alg "none" is not HS256`},
		{"two segments", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0", long, authdoctor.Unverifiable, "2 segments instead of 3"},
		{"empty secret", mintHMAC("HS256", `{"sub":"a"}`, long), "", authdoctor.Unverifiable, "the shared secret is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := VerifyHMAC(tc.token, []byte(tc.secret))
			if v.Status != tc.status || !strings.Contains(v.Detail, tc.detail) {
				t.Fatalf("VerifyHMAC = %s (%q), want %s containing %q", v.Status, v.Detail, tc.status, tc.detail)
			}
			if tc.secret != "" && strings.Contains(v.Detail, tc.secret) {
				t.Fatalf("detail %q holds the secret", v.Detail)
			}
		})
	}
}

// alter changes the claims of a token and keeps its signature.
func alter(tok string) string {
	p := strings.Split(tok, ".")
	p[1] = base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"b"}`))
	return strings.Join(p, ".")
}
