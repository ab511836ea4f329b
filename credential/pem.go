package credential

import "strings"

// MinPrivateKeyBody is the shortest base64 body taken for a private key
// (PEMBase64 of what is between its armour lines): an Ed25519 key in
// PKCS #8 is 64 bytes of base64; "MIIE..." in documentation is shorter.
const MinPrivateKeyBody = 64

// PrivateKeyArmour finds "-----BEGIN … PRIVATE KEY-----" in s (RFC 7468
// §2; RSA, EC, DSA, OPENSSH, ENCRYPTED and PGP private key blocks) and
// returns where the marker starts and ends, or -1, -1. Certificates and
// public keys are not private keys.
func PrivateKeyArmour(s string) (start, end int) {
	for off := 0; ; {
		i := strings.Index(s[off:], "-----BEGIN ")
		if i < 0 {
			return -1, -1
		}
		i += off
		j := strings.Index(s[i+11:], "-----")
		if j < 0 {
			return -1, -1
		}
		label := s[i+11 : i+11+j]
		if strings.Contains(label, "PRIVATE KEY") && len(label) <= 40 {
			return i, i + 11 + j + 5
		}
		off = i + 11
	}
}

// PEMBase64 keeps the base64 bytes of s, a piece of a PEM body: escapes
// (\n), line breaks, quotes and headers' punctuation (Proc-Type:
// 4,ENCRYPTED) go. A key's fingerprint is taken over its body's.
func PEMBase64(s string) string {
	s = strings.ReplaceAll(s, `\n`, "")
	s = strings.ReplaceAll(s, `\r`, "")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '=' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// AWSPairLines is how many lines after an AWS access key id its secret
// access key is looked for: the credentials file, an IAM console CSV and
// the JSON of sts get-session-token keep them within a few lines.
const AWSPairLines = 4

// AWSSecretKeyLen is the length of an AWS secret access key.
const AWSSecretKeyLen = 40

// FindAWSSecretKeys calls fn, until it returns false, for each run of s
// with the shape of an AWS secret access key: 40 bytes of base64 (no
// padding after it), mixed case and a digit or a slash, as a random key
// has, and not the documented example (…EXAMPLEKEY) or a placeholder.
// The shape alone is common (a hash, a token); it means an AWS secret
// only near an access key id (AKIA…, ASIA…), which callers check.
func FindAWSSecretKeys(s string, fn func(start, end int) bool) {
	for i := 0; i+AWSSecretKeyLen <= len(s); {
		if !isAWSSecretByte(s[i]) || i > 0 && isAWSSecretByte(s[i-1]) {
			i++
			continue
		}
		e := i
		for e < len(s) && isAWSSecretByte(s[e]) {
			e++
		}
		if e-i == AWSSecretKeyLen && (e == len(s) || s[e] != '=') && awsSecretShape(s[i:e]) {
			if !fn(i, e) {
				return
			}
		}
		i = e
	}
}

func isAWSSecretByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '/' || c == '+'
}

func awsSecretShape(v string) bool {
	if strings.Contains(v, "EXAMPLE") {
		return false
	}
	if _, ph := Placeholder(v); ph {
		return false
	}
	upper, lower, other := false, false, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case 'A' <= c && c <= 'Z':
			upper = true
		case 'a' <= c && c <= 'z':
			lower = true
		default:
			other = true
		}
	}
	return upper && lower && other
}
