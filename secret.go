package authdoctor

import (
	"fmt"
	"github.com/authdoctor/authdoctor/credential"
	"log/slog"
)

// Redacted is what every formatted form of a Secret prints.
const Redacted = "[redacted]"

// Secret holds a credential. Its String, GoString, Format, MarshalJSON,
// MarshalText and LogValue forms never contain the value; only Reveal does,
// and Reveal is called by the code that writes a request and nowhere else.
// The zero value is an empty secret.
type Secret struct {
	value string
}

// NewSecret wraps v.
func NewSecret(v string) Secret { return Secret{value: v} }

// Reveal returns the value in clear. Call it only to put the credential on
// the wire.
func (s Secret) Reveal() string { return s.value }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.value == "" }

// Len is the length of the value in bytes; the length is not secret and
// helps tell a truncated token from a whole one.
func (s Secret) Len() int { return len(s.value) }

// Fingerprint is the first 8 hex digits of the SHA-256 of the value: enough
// to tell two credentials apart, too little to recover or confirm a guess of
// a random token. It is empty for the zero Secret.
func (s Secret) Fingerprint() string { return Fingerprint(s.value) }

// Equal reports whether two secrets hold the same value.
func (s Secret) Equal(o Secret) bool { return s.value == o.value }

// Fingerprint is the first 8 hex digits of the SHA-256 of v, or "" for "".
func Fingerprint(v string) string { return credential.Fingerprint(v) }

// String returns a redacted description: length and fingerprint.
func (s Secret) String() string {
	if s.value == "" {
		return "[empty]"
	}
	return fmt.Sprintf("[redacted len=%d sha256=%s]", len(s.value), s.Fingerprint())
}

// GoString is redacted like String, so %#v cannot leak the value.
func (s Secret) GoString() string { return "authdoctor.Secret" + s.String() }

// Format makes every fmt verb print the redacted form.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, s.GoString())
		return
	}
	fmt.Fprint(f, s.String())
}

// MarshalJSON encodes the redacted form.
func (s Secret) MarshalJSON() ([]byte, error) {
	return []byte(`"` + s.String() + `"`), nil
}

// MarshalText encodes the redacted form (used by encoding/xml, yaml and map keys).
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// LogValue keeps slog from logging the value.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }
