package scan

import (
	"errors"
	"net/url"
	"slices"
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
	// A field that holds a whole Authorization value ("authorization":
	// "Bearer …") is judged by what follows the scheme: "Bearer
	// [redacted]" and "Bearer <token>" are no leak.
	if n := schemeValue(v); sp.Kind == authdoctor.SpanCredentialField && n > 0 {
		sub := sp
		sub.Start, sub.Field, sub.Kind = sp.Start+n, "", authdoctor.SpanBearer
		if strings.EqualFold(strings.TrimSpace(v[:n]), "basic") {
			sub.Kind = authdoctor.SpanBasic
		}
		h := judge(line, sub)
		h.field = sp.Field
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
	h.leak = opaque(v, sp) && !(sp.Kind == authdoctor.SpanCredentialField && codeOrProse(line, sp, v))
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

// authSchemes are the Authorization schemes a field's value may start
// with, lower-cased.
var authSchemes = []string{"bearer", "basic", "token", "bot", "negotiate", "ntlm", "apikey", "api-key", "jwt", "key"}

// schemeValue returns the length of the scheme word and the spaces after
// it when v is "<scheme> <credential>", with one of authSchemes and no
// space in the credential; 0 otherwise.
func schemeValue(v string) int {
	i := strings.IndexByte(v, ' ')
	if i <= 0 {
		return 0
	}
	j := i
	for j < len(v) && v[j] == ' ' {
		j++
	}
	if j == len(v) || strings.ContainsAny(v[j:], " \t") {
		return 0
	}
	for _, sc := range authSchemes {
		if strings.EqualFold(v[:i], sc) {
			return j
		}
	}
	return 0
}

// metadataSuffixes, after a credential word in a field's name, make the
// field about a credential rather than the credential: token_kid,
// api_key_id, token_issuer, api_key_header. A session id is the
// exception: it is a credential (see sessionID).
var metadataSuffixes = []string{
	"id", "ids", "kid", "issuer", "iss", "header", "alg", "algorithm", "audience", "aud", "scope", "scopes",
	"ttl", "lifetime", "expires", "exp", "iat", "nbf", "version", "method", "days", "age", "source", "provider",
	"mode", "enabled", "prefix", "last4", "env", "file", "path", "location", "store", "backend", "rotation",
	"strategy", "kind", "label", "owner", "created", "updated", "usage", "param", "field", "status", "arn",
}

// metadataField reports whether field names something about a credential
// (see metadataSuffixes).
func metadataField(field string) bool {
	f := strings.ToLower(field)
	for _, suf := range metadataSuffixes {
		if len(f) <= len(suf) || !strings.HasSuffix(f, suf) {
			continue
		}
		rest := field[:len(field)-len(suf)]
		switch last := rest[len(rest)-1]; {
		case last == '_' || last == '-' || last == '.':
			rest = rest[:len(rest)-1]
		case 'A' <= field[len(rest)] && field[len(rest)] <= 'Z':
			// camelCase: tokenKid
		default:
			continue // part of a word: apikeyid? no, "valid", "paid"
		}
		if (suf == "id" || suf == "ids") && strings.HasSuffix(strings.ToLower(rest), "session") {
			return false // session_id: a session's id is its credential
		}
		return true
	}
	return false
}

// opaque reports whether v, a value with no vendor's or JWT's shape
// found after a scheme, in user info or as a credential-named field, is
// a credential rather than a stand-in for one.
func opaque(v string, sp authdoctor.Span) bool {
	if _, ph := credential.Placeholder(v); ph || strings.Contains(v, "EXAMPLE") {
		return false
	}
	// A query string's %5BFILTERED%5D is [FILTERED].
	if strings.Contains(v, "%") {
		if u, err := url.QueryUnescape(v); err == nil {
			if _, ph := credential.Placeholder(u); ph {
				return false
			}
		}
	}
	switch sp.Kind {
	case authdoctor.SpanUserinfoPassword:
		return len(v) >= minPassword
	case authdoctor.SpanBasic:
		// user:password in base64: prose after the word Basic ("basic
		// PLT support", "add basic smart-http tests") decodes, if at
		// all, to bytes with no colon or that are no text.
		b, err := credential.DecodeBasic(v)
		return err == nil && b.PasswordLen > 0 && !slices.ContainsFunc(b.Issues, func(i string) bool {
			return i == credential.BasicNoColon || i == credential.BasicNonUTF8 || i == credential.BasicControlCharacter
		})
	case authdoctor.SpanCredentialField:
		if metadataField(sp.Field) || isURL(v) || strings.HasPrefix(v, "arn:") {
			return false
		}
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

// codeOrProse reports whether the value of a credential-named field
// found in line is program text or prose, not a credential, as in source
// code, change logs and manuals:
//   - the key is a file name (* src/gpasswd.c: fix…, sltoken.c:) or a
//     namespace (HTTP::Cookies: the value starts with ":"), or the value
//     is a label (it ends with ":");
//   - after a space, as code and prose have it (a query or a form body
//     has none): a call (password = g_strdup(value)), a chain of
//     identifiers without a digit (Password: cfg.influxdbPassword), a
//     file name (a make rule's git-credential-osxkeychain.o), a path
//     (privatekey: /path/to/key.pem, NOPASSWD: /bin/systemctl), a
//     lower-case word that ends a sentence (Token= setting.);
//   - a cookie header whose cookies' values are all short or
//     placeholders (Cookie: JSESSIONID=123, SERVERID=A).
func codeOrProse(line string, sp authdoctor.Span, v string) bool {
	if fileName(sp.Field) || strings.HasPrefix(v, ":") || strings.HasSuffix(v, ":") {
		return true
	}
	// Code and prose put a space before the value (password =
	// g_strdup(…), Password: cfg.x); a query or a form body does not
	// (password=Abc.dEf_Ghi is a password).
	if spaced := sp.Start > 0 && (line[sp.Start-1] == ' ' || line[sp.Start-1] == '\t'); spaced {
		if sp.End < len(line) && line[sp.End] == '(' || identifierChain(v) || fileName(v) || filePath(v) {
			return true
		}
		// A word before the end of a sentence or a list ("cookie =
		// request.", "Token= setting.").
		if w := strings.TrimRight(v, ".,"); w != v && len(w) < 16 && strings.IndexFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) < 0 {
			return true
		}
	}
	if strings.Contains(strings.ToLower(sp.Field), "cookie") && strings.Contains(v, "=") {
		for _, c := range strings.Split(v, ";") {
			_, val, _ := strings.Cut(strings.TrimSpace(c), "=")
			if opaque(val, authdoctor.Span{Kind: authdoctor.SpanBearer}) {
				return false
			}
		}
		return true
	}
	return false
}

// identifierChain reports whether v is identifiers joined by ".", "->"
// or "::" (request.getHeader, cfg.influxdbPassword), with no digit: a
// reference in code. A random secret has digits, or no such joints.
func identifierChain(v string) bool {
	parts := strings.FieldsFunc(strings.NewReplacer("->", ".", "::", ".").Replace(v), func(r rune) bool { return r == '.' })
	if len(parts) < 2 || strings.ContainsAny(v, "0123456789") {
		return false
	}
	for _, p := range parts {
		if p == "" || !(p[0] == '_' || 'a' <= p[0]|0x20 && p[0]|0x20 <= 'z') {
			return false
		}
		for i := 0; i < len(p); i++ {
			if c := p[i]; !(c == '_' || 'a' <= c|0x20 && c|0x20 <= 'z') {
				return false
			}
		}
	}
	return true
}

// fileName reports whether a key or a value is a file's name (gpasswd.c,
// git-credential-wincred.exe, passwd.1): lower-case words, a dot and one
// to four letters or digits.
func fileName(key string) bool {
	i := strings.LastIndexByte(key, '.')
	if i <= 0 || len(key)-i-1 < 1 || len(key)-i-1 > 4 {
		return false
	}
	for _, c := range key[i+1:] {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	// A name of lower-case words: a random value with a dot in it
	// (Y6VSd4bT1ro.l) is no file's.
	for _, c := range key[:i] {
		if !('a' <= c && c <= 'z' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// filePath reports whether v is a file path: "/", "./", "../" or "~/"
// and at least two parts of name bytes.
func filePath(v string) bool {
	if !(strings.HasPrefix(v, "/") || strings.HasPrefix(v, "./") || strings.HasPrefix(v, "../") || strings.HasPrefix(v, "~/")) || strings.Count(v, "/") < 2 {
		return false
	}
	for _, p := range strings.Split(strings.TrimLeft(v, "./~"), "/") {
		if len(p) > 32 {
			return false
		}
		for i := 0; i < len(p); i++ {
			if c := p[i]; !(isAlnumByte(c) || c == '.' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

func isAlnumByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// isURL reports whether v is an http(s) URL: the value of token_issuer
// or jwks_uri, not a credential (one in its query or user info is found
// on its own). An AWS ARN (secret_arn=arn:aws:secretsmanager:…) names a
// secret, and is no more one.
func isURL(v string) bool {
	return strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "http://")
}
