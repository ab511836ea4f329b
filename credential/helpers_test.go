package credential

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
)

// Alphabets for generated test keys. Test keys are built at run time from
// a prefix and generated characters so that no realistic key literal sits
// in the source for secret scanners to flag.
const (
	alnum    = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	upperNum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	hexLower = "0123456789abcdef"
	b64url   = alnum + "-_"
)

// fill returns n characters from alphabet in a fixed, scattered order; salt
// varies the sequence.
func fill(alphabet string, n, salt int) string {
	var b strings.Builder
	for i := range n {
		b.WriteByte(alphabet[(i*7+salt*13+i*i*3)%len(alphabet)])
	}
	return b.String()
}

// b64u is unpadded base64url (RFC 7515 §2).
func b64u(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// b64 is padded standard base64, as Basic uses.
func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// jwtFrom builds an unsigned-looking JWS from a header and claims; the
// signature is generated characters (nothing here verifies it).
func jwtFrom(t testing.TB, header, claims map[string]any) string {
	t.Helper()
	h, err := json.Marshal(header)
	if err != nil {
		t.Fatal(err)
	}
	c, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	return b64u(string(h)) + "." + b64u(string(c)) + "." + fill(b64url, 43, 5)
}
