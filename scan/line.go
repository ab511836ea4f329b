package scan

import (
	"errors"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
)

// hit is a credential in a line: line[start:end], the first keep bytes a
// published prefix.
type hit struct {
	start, end, keep         int
	kind, vendor, env, field string
	// info marks a publishable key: reported, not a leak.
	info bool
	// fingerprint, when set, replaces the fingerprint of
	// line[start:end] (a private key's body).
	fingerprint string
	// leak is false for a span that is redacted in the excerpt but is
	// no finding (a placeholder, a truncated key).
	leak bool
}

// Minimum lengths of a value with no shape of its own for it to count as
// a credential: shorter values after a credential word are mostly words,
// flags and test fixtures (token=expired, password=secret1).
const (
	minOpaque   = 8 // a Bearer token, a field's value
	minPassword = 6 // the password in URL user info
)

// identifierKinds are the catalogue kinds that name an account or a key
// rather than grant access (as in authdoctor's scrubber, which keeps
// them): found as a field's whole value, they are no leak.
var identifierKinds = map[string]bool{"account-sid": true, "api-key-sid": true, "key-id": true, "app-id": true}

// notSecretFields are words in a field's name that make its value a
// digest of something, not the thing: password_hash, signature,
// X-Hub-Signature-256, key_fingerprint.
var notSecretFields = []string{"hash", "digest", "checksum", "signature", "fingerprint"}

// judge turns a span FindSecrets reported in line into a hit, whose leak
// is false when it is no credential to report (see the package
// documentation); it is redacted in the excerpt all the same.
func judge(line string, sp authdoctor.Span) hit {
	h := hit{start: sp.Start, end: sp.End, keep: sp.Keep, kind: sp.Kind, field: sp.Field}
	v := line[sp.Start:sp.End]
	switch sp.Kind {
	case authdoctor.SpanVendorKey:
		h.leak = sp.Exact && !sp.Placeholder
		h.vendorFrom(sp.Key, v)
		return h
	case authdoctor.SpanJWT:
		_, err := credential.DecodeJWT(v)
		h.leak = err == nil
		return h
	case authdoctor.SpanJWE:
		_, err := credential.DecodeJWT(v)
		h.leak = errors.Is(err, credential.ErrEncrypted)
		return h
	}
	// A value of a field, a scheme or user info that is itself a
	// vendor key or a JWT is reported as what it is.
	if vd, ok := credential.Recognise(v); ok && strings.HasPrefix(v, vd.Prefix) {
		h.kind, h.keep = authdoctor.SpanVendorKey, len(vd.Prefix)
		h.leak = !identifierKinds[vd.Kind]
		h.vendorFrom(vd, v)
		return h
	}
	if strings.HasPrefix(v, "eyJ") {
		if _, err := credential.DecodeJWT(v); err == nil || errors.Is(err, credential.ErrEncrypted) {
			h.kind, h.leak = authdoctor.SpanJWT, true
			if err != nil {
				h.kind = authdoctor.SpanJWE
			}
			return h
		}
	}
	h.leak = opaque(v, sp)
	return h
}

// vendorFrom records what the catalogue says of a vendor key.
func (h *hit) vendorFrom(vd credential.Vendor, v string) {
	h.vendor, h.env = vd.Name, vd.Environment
	if vd.Kind == "publishable" {
		h.info = true
	}
	// AWS documents its example keys (AKIAIOSFODNN7EXAMPLE); they are
	// in every tutorial and grant nothing.
	if strings.Contains(v, "EXAMPLE") {
		h.leak = false
	}
}

// opaque reports whether v, a value with no vendor's or JWT's shape
// found after a scheme, in user info or as a credential-named field, is
// a credential rather than a stand-in for one.
func opaque(v string, sp authdoctor.Span) bool {
	if _, ph := credential.Placeholder(v); ph || strings.Contains(v, "EXAMPLE") {
		return false
	}
	switch sp.Kind {
	case authdoctor.SpanUserinfoPassword:
		return len(v) >= minPassword
	case authdoctor.SpanBasic:
		b, err := credential.DecodeBasic(v)
		return err == nil && b.PasswordLen > 0
	case authdoctor.SpanCredentialField:
		f := strings.ToLower(sp.Field)
		for _, w := range notSecretFields {
			if strings.Contains(f, w) {
				return false
			}
		}
	}
	if len(v) < minOpaque {
		return false
	}
	// A run of one byte (--------, 00000000) or letters only in one case
	// shorter than a passphrase (undefined, disabled) is a word or a
	// filler.
	lower, upper, digit, other := false, false, false, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case 'a' <= c && c <= 'z':
			lower = true
		case 'A' <= c && c <= 'Z':
			upper = true
		case '0' <= c && c <= '9':
			digit = true
		default:
			other = true
		}
	}
	if strings.Count(v, v[:1]) == len(v) {
		return false
	}
	return digit || other || lower && upper || len(v) >= 16
}
