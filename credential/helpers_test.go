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

// More alphabets for generated keys.
const (
	base32Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	lowerNum    = "0123456789abcdefghijklmnopqrstuvwxyz"
	digits      = "0123456789"
	hexAny      = "0123456789abcdefABCDEF"
	wordChars   = alnum + "_"
)

// uuidFrom is a lower-case UUID made of generated hex.
func uuidFrom(salt int) string {
	h := fill(hexLower, 32, salt)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// withCRC is 30 generated characters and their ChecksumCRC32Base62 check
// digits: the random part of a GitHub or npm token.
func withCRC(salt int) string {
	body := fill(alnum, 30, salt)
	sum := crc32Base62(body)
	return body + string(sum[:])
}

// breakCRC changes the last check digit of a token.
func breakCRC(tok string) string {
	last := tok[len(tok)-1]
	repl := byte('0')
	if last == '0' {
		repl = '1'
	}
	return tok[:len(tok)-1] + string(repl)
}

// macaroon is the base64url of a version 2 macaroon with the given
// location, a UUID identifier, one caveat and a signature, the shape of a
// PyPI token after pypi-.
func macaroon(version byte, location string) string {
	b := []byte{version, 1, byte(len(location))}
	b = append(b, location...)
	id := uuidFrom(7)
	b = append(b, 2, byte(len(id)))
	b = append(b, id...)
	b = append(b, 0)
	caveat := `{"version": 1, "permissions": "user"}`
	b = append(b, 2, byte(len(caveat)))
	b = append(b, caveat...)
	b = append(b, 0, 0, 6, 32)
	b = append(b, fill(alnum, 32, 8)...)
	return base64.RawURLEncoding.EncodeToString(b)
}

// clerkPK is the rest of a Clerk publishable key for a Frontend API host.
func clerkPK(host string, padded bool) string {
	if padded {
		return base64.StdEncoding.EncodeToString([]byte(host + "$"))
	}
	return base64.RawStdEncoding.EncodeToString([]byte(host + "$"))
}

// discordToken is a bot token for a numeric id.
func discordToken(id string, salt int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(id)) + "." + fill(b64url, 6, salt) + "." + fill(b64url, 38, salt+1)
}

// sentryOrgToken is the rest of an organization auth token.
func sentryOrgToken(salt int) string {
	p := `{"iat":1700000000.5,"url":"https://sentry.io","region_url":"https://us.sentry.io","org":"acme"}`
	return base64.StdEncoding.EncodeToString([]byte(p)) + "_" + fill(alnum, 43, salt)
}
