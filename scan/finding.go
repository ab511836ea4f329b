package scan

import (
	"strings"
	"unicode/utf8"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
)

// Finding is one leaked credential. It holds no part of the value but a
// vendor's published prefix.
type Finding struct {
	// Path is the file as named on the command line or found under a
	// directory given there; "-" for stdin.
	Path string `json:"path"`
	// Line is the 1-based line number; Column the 1-based byte offset in
	// the line where the credential starts, its prefix included.
	Line   int `json:"line"`
	Column int `json:"column"`
	// ColumnUTF16 is Column counted in UTF-16 code units, as editors
	// and SARIF (columnKind utf16CodeUnits) count: the same on an ASCII
	// line, smaller after multi-byte characters. Bytes that are not
	// UTF-8 count one each.
	ColumnUTF16 int `json:"-"`
	// Kind is what the credential is: one of authdoctor's Span kinds
	// (vendor-key, jwt, jwe, bearer, basic, userinfo-password,
	// credential-field), KindPrivateKey or KindAWSSecretKey.
	Kind string `json:"kind"`
	// Vendor is the catalogue's name for a vendor key (Stripe, GitHub).
	Vendor string `json:"vendor,omitempty"`
	// Environment is what a vendor key says of itself (test, live,
	// sandbox, production); empty when it says nothing.
	Environment string `json:"environment,omitempty"`
	// Severity is SeverityCritical, SeverityHigh, SeverityMedium or
	// SeverityInfo.
	Severity string `json:"severity"`
	// Fingerprint is 8 hex of the SHA-256 of the credential, as
	// authdoctor.Fingerprint computes it everywhere, so a finding can be
	// matched to the key in a profile or the history without the value.
	// For a private key it is taken over the base64 body, line breaks
	// removed.
	Fingerprint string `json:"fingerprint"`
	// Prefix is the vendor's non-secret prefix (sk_live_, ghp_), if any.
	Prefix string `json:"prefix,omitempty"`
	// Field is the name the value was given (access_token, X-Api-Key) for
	// a credential-field.
	Field string `json:"field,omitempty"`
	// Excerpt is the line around the credential with every credential
	// in it redacted, at most about excerptMax bytes.
	Excerpt string `json:"excerpt"`
}

// Severities, most severe first.
const (
	// SeverityCritical: a live or production key where it is served to
	// the public (a path under frontend/, dist/, public/ or static/).
	SeverityCritical = "critical"
	// SeverityHigh: a live or production key, or a credential that does
	// not say its environment (a JWT, a password, an opaque token).
	SeverityHigh = "high"
	// SeverityMedium: a test or sandbox key.
	SeverityMedium = "medium"
	// SeverityInfo: a publishable key, public by design; reported, but
	// it does not make the scan fail.
	SeverityInfo = "info"
)

// KindPrivateKey is a PEM private key (-----BEGIN … PRIVATE KEY-----).
const KindPrivateKey = "private-key"

// Leak reports whether f counts as a leak, that is everything but
// SeverityInfo.
func (f Finding) Leak() bool { return f.Severity != SeverityInfo }

// publicDirs are the path segments of files served to browsers, where a
// live key is exposed to anyone.
var publicDirs = []string{"/frontend/", "/dist/", "/public/", "/static/"}

// severity grades a hit found in path.
func severity(h hit, path string) string {
	if h.info {
		return SeverityInfo
	}
	switch h.env {
	case credential.EnvTest, credential.EnvSandbox:
		return SeverityMedium
	case credential.EnvLive, credential.EnvProduction:
		p := "/" + strings.ReplaceAll(path, "\\", "/")
		for _, d := range publicDirs {
			if strings.Contains(p, d) {
				return SeverityCritical
			}
		}
	}
	return SeverityHigh
}

// excerptMax bounds an excerpt: a minified bundle is one line of
// megabytes.
const excerptMax = 160

// redactLine returns line with every span replaced by authdoctor.Redacted
// after its kept prefix, and where each span's start went. spans are in
// order and apart.
func redactLine(line string, spans []hit) (string, []int) {
	var b strings.Builder
	at := make([]int, len(spans))
	last := 0
	for i, h := range spans {
		b.WriteString(line[last:h.start])
		at[i] = b.Len()
		b.WriteString(line[h.start : h.start+h.keep])
		b.WriteString(authdoctor.Redacted)
		last = h.end
	}
	b.WriteString(line[last:])
	return b.String(), at
}

// excerpt cuts the redacted line r around offset at, at rune boundaries,
// and makes it printable: control bytes become '?', invalid UTF-8 '�'.
func excerpt(r string, at int) string {
	start, end := 0, len(r)
	if len(r) > excerptMax {
		start = max(0, at-excerptMax/3)
		end = min(len(r), start+excerptMax)
		for start > 0 && !utf8.RuneStart(r[start]) {
			start--
		}
		for end < len(r) && !utf8.RuneStart(r[end]) {
			end++
		}
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	for _, c := range strings.ToValidUTF8(r[start:end], "\uFFFD") {
		if c < 0x20 && c != '\t' || c == 0x7f || c >= 0x80 && c < 0xa0 {
			c = '?'
		}
		b.WriteRune(c)
	}
	if end < len(r) {
		b.WriteString("…")
	}
	return strings.TrimSpace(b.String())
}

// utf16Column is the 1-based UTF-16 column of byte offset at in s.
func utf16Column(s string, at int) int {
	n := 1
	for i := 0; i < at && i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
		if r >= 0x10000 && size == 4 {
			n++ // a surrogate pair
		}
	}
	return n
}
