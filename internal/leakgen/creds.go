package leakgen

import (
	"encoding/base64"
	"hash/crc32"
	"math/rand/v2"
	"strconv"
)

// Alphabets of the generated characters.
const (
	digits   = "0123456789"
	upper    = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	lower    = "abcdefghijklmnopqrstuvwxyz"
	base62   = digits + upper + lower // GitHub's and npm's check digits are in this order
	hexLower = "0123456789abcdef"
	base32   = upper + "234567"              // RFC 4648 §6: AWS access key ids
	b64std   = upper + lower + digits + "+/" // RFC 4648 §4
	b64url   = upper + lower + digits + "-_" // RFC 4648 §5
)

// gen draws the characters and bytes of a log; it is the only source of
// randomness, so a seed fixes everything.
type gen struct{ r *rand.Rand }

func (g gen) n(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

func (g gen) pick(s []string) string { return s[g.r.IntN(len(s))] }

func (g gen) chars(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.r.IntN(len(alphabet))]
	}
	return string(b)
}

func (g gen) bytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.r.Uint32())
	}
	return b
}

func (g gen) hex(n int) string { return g.chars(hexLower, n) }

// uuid is a version 4 UUID (RFC 9562 §5.4).
func (g gen) uuid() string {
	h := g.hex(32)
	v := "89ab"[g.r.IntN(4)]
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-" + string(v) + h[17:20] + "-" + h[20:]
}

// token is an opaque random credential: alphanumerics with both cases
// and a digit, as every token generator's output has at this length.
func (g gen) token(n int) string {
	for {
		s := g.chars(base62, n)
		if mixed(s) {
			return s
		}
	}
}

func mixed(s string) bool {
	var u, l, d bool
	for i := 0; i < len(s); i++ {
		c := s[i]
		u = u || 'A' <= c && c <= 'Z'
		l = l || 'a' <= c && c <= 'z'
		d = d || '0' <= c && c <= '9'
	}
	return u && l && d
}

// checkDigits are the 6 base62 digits of the CRC-32 (IEEE) of body,
// zero-padded on the left: the checksum GitHub's and npm's token
// formats end with ("Behind GitHub's new authentication token formats",
// GitHub blog, 2021; npm's access token format, 2021).
func checkDigits(body string) string {
	n := crc32.ChecksumIEEE([]byte(body))
	var out [6]byte
	for i := 5; i >= 0; i-- {
		out[i] = base62[n%62]
		n /= 62
	}
	return string(out[:])
}

// stripeKey is a Stripe API key (docs.stripe.com/keys): sk_, rk_ or pk_,
// then live_ or test_, then either the 24 characters of older accounts
// or the 99 of newer ones (51, the account's shard, and random base62).
func (g gen) stripeKey(kind, env string) string {
	p := kind + "_" + env + "_"
	if g.r.IntN(2) == 0 {
		return p + g.token(24)
	}
	return p + "51" + g.chars(digits, 1) + g.token(96)
}

// githubClassic is a GitHub token of the 2021 format: a prefix for its
// kind (personal, OAuth, user-to-server, server-to-server, refresh), 30
// random base62 characters and their check digits.
func (g gen) githubClassic() string {
	body := g.token(30)
	return g.pick([]string{"ghp_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) + body + checkDigits(body)
}

// githubFineGrained is a fine-grained personal access token:
// github_pat_, 22 characters, an underscore and 59 more.
func (g gen) githubFineGrained() string {
	return "github_pat_11" + g.chars(upper+digits, 20) + "_" + g.token(59)
}

// slackToken is a Slack bot (xoxb-) or user (xoxp-) token: the
// workspace's and the user's numeric ids, then a random part.
func (g gen) slackToken() string {
	if g.r.IntN(2) == 0 {
		return "xoxb-" + g.chars(digits, g.n(10, 13)) + "-" + g.chars(digits, g.n(10, 13)) + "-" + g.token(24)
	}
	return "xoxp-" + g.chars(digits, g.n(10, 13)) + "-" + g.chars(digits, g.n(10, 13)) + "-" + g.chars(digits, g.n(10, 13)) + "-" + g.hex(32)
}

// awsKeyID is an IAM user's access key id: AKIA and 16 base32
// characters; awsSecret its 40-character secret access key.
func (g gen) awsKeyID() string  { return "AKIA" + g.chars(base32, 16) }
func (g gen) awsSecret() string { return g.chars(b64std, 40) }

// The access key pair AWS's documentation uses in every example; it
// grants nothing.
const (
	awsExampleKeyID  = "AKIAIOSFODNN7EXAMPLE"
	awsExampleSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)

// googleAPIKey is a Google Cloud API key: AIza and 35 characters of the
// URL-safe base64 alphabet.
func (g gen) googleAPIKey() string { return "AIza" + g.chars(b64url, 35) }

// gitlabPAT is a GitLab personal access token: glpat- and 20 characters.
func (g gen) gitlabPAT() string { return "glpat-" + g.chars(b64url[:62]+"-_", 20) }

// sendgridKey is a SendGrid API key: SG., a 22-character key id, a dot
// and a 43-character secret, both URL-safe base64.
func (g gen) sendgridKey() string { return "SG." + g.chars(b64url, 22) + "." + g.chars(b64url, 43) }

// npmToken is an npm access token: npm_, 30 random base62 characters
// and their CRC-32 check digits, as GitHub's.
func (g gen) npmToken() string {
	body := g.token(30)
	return "npm_" + body + checkDigits(body)
}

func b64u(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// jwt is a JWS in compact serialisation (RFC 7515 §7.1) with a JWT
// payload (RFC 7519): HS256 with a 32-byte MAC or RS256 with a 2048-bit
// signature, base64url without padding.
func (g gen) jwt(now int64) string {
	var header string
	sig := 32
	if g.r.IntN(2) == 0 {
		header = `{"alg":"HS256","typ":"JWT"}`
	} else {
		header = `{"alg":"RS256","typ":"JWT","kid":"` + g.hex(16) + `"}`
		sig = 256
	}
	iat := now - int64(g.r.IntN(3000))
	payload := `{"iss":"https://auth.example.com/","sub":"usr_` + g.token(14) + `","aud":"orders-api","iat":` +
		strconv.FormatInt(iat, 10) + `,"exp":` + strconv.FormatInt(iat+3600, 10) + `,"scope":"` + g.pick([]string{"read:orders", "read:orders write:orders", "openid profile email"}) + `"}`
	return b64u([]byte(header)) + "." + b64u([]byte(payload)) + "." + b64u(g.bytes(sig))
}

// password is a password people and generators choose: letters, digits
// and a symbol or two, 12 to 24 long.
func (g gen) password(symbols string) string {
	s := []byte(g.token(g.n(12, 22)))
	for range g.n(1, 2) {
		s[g.r.IntN(len(s))] = symbols[g.r.IntN(len(symbols))]
	}
	return string(s)
}

// opaqueToken is a bearer token with no vendor's shape: base62, hex or
// padded base64 of 32 random bytes.
func (g gen) opaqueToken() string {
	switch g.r.IntN(4) {
	case 0:
		return g.hex(64)
	case 1:
		return base64.StdEncoding.EncodeToString(g.bytes(32))
	default:
		return g.token(g.n(32, 64))
	}
}

// pkcs8RSA is the DER of a 2048-bit RSA private key in PKCS #8 (RFC
// 5208): the real header of the structure (SEQUENCE, version 0, the
// rsaEncryption algorithm identifier, the OCTET STRING and the RSAPrivateKey
// SEQUENCE with version 0), then random bytes where the integers are.
func (g gen) pkcs8RSA() []byte {
	head := []byte{0x30, 0x82, 0x04, 0xbd, 0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
		0x04, 0x82, 0x04, 0xa7, 0x30, 0x82, 0x04, 0xa3, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00}
	return append(head, g.bytes(1217-len(head))...)
}

// pem writes der as a PEM block (RFC 7468 §2): base64 in lines of 64.
func pem(label string, der []byte) []string {
	s := base64.StdEncoding.EncodeToString(der)
	out := []string{"-----BEGIN " + label + "-----"}
	for len(s) > 64 {
		out = append(out, s[:64])
		s = s[64:]
	}
	return append(out, s, "-----END "+label+"-----")
}
