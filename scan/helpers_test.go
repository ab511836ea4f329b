package scan

import (
	"encoding/base64"
	"strings"
)

// Test credentials are built at run time from a prefix and generated
// characters, so that no realistic key sits in the source (or in
// testdata, whose files name them as {{MARKERS}}).
const (
	alnum    = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	base32   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	hexLower = "0123456789abcdef"
	b64url   = alnum + "-_"
	b64std   = alnum + "+/"
)

func fill(alphabet string, n, salt int) string {
	var b strings.Builder
	for i := range n {
		b.WriteByte(alphabet[(i*7+salt*13+i*i*3)%len(alphabet)])
	}
	return b.String()
}

func b64u(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// secrets are the generated credentials, by the marker testdata uses.
var secrets = map[string]string{
	"STRIPE_LIVE": "sk_live_" + fill(alnum, 24, 1),
	"STRIPE_TEST": "sk_test_" + fill(alnum, 24, 2),
	"STRIPE_PK":   "pk_live_" + fill(alnum, 24, 3),
	"GITHUB":      "ghp_" + fill(alnum, 36, 4),
	"SLACK":       "xoxb-" + fill("0123456789", 12, 5) + "-" + fill(alnum, 24, 5),
	"AWS_ID":      "AKIA" + fill(base32, 16, 6),
	"AWS_SECRET":  fill(b64std, 40, 13),
	"JWT":         b64u(`{"alg":"HS256","typ":"JWT"}`) + "." + b64u(`{"sub":"42","exp":1700000000}`) + "." + fill(b64url, 43, 7),
	"OPAQUE":      fill(alnum, 40, 8),
	"PASSWORD":    "Pw" + fill(alnum, 14, 9),
	"BASIC":       base64.StdEncoding.EncodeToString([]byte("alice:" + fill(alnum, 20, 10))),
	"PEM_BODY":    fill(b64std, 64, 11),
	"PEM_BODY2":   fill(b64std, 64, 12),
}

// expand replaces every {{MARKER}} in s by its secret.
func expand(s string) string {
	for k, v := range secrets {
		s = strings.ReplaceAll(s, "{{"+k+"}}", v)
	}
	return s
}

// pemKey is a multi-line PEM private key block of generated base64.
func pemKey() string {
	return "-----BEGIN PRIVATE KEY-----\n" + secrets["PEM_BODY"] + "\n" + secrets["PEM_BODY2"] + "\n-----END PRIVATE KEY-----\n"
}
