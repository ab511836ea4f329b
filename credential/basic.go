package credential

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Basic issue codes, in the order DecodeBasic reports them. Each is a way
// a Basic credential (RFC 7617 §2) is commonly built wrong.
const (
	// BasicLineWrapped: CR or LF inside the base64, as MIME encoders that
	// wrap at 76 columns produce (Python base64.encodestring, Android
	// Base64.DEFAULT).
	BasicLineWrapped = "line-wrapped"
	// BasicURLSafe: '-' or '_' (base64url, RFC 4648 §5) where Basic uses
	// the standard alphabet (§4).
	BasicURLSafe = "url-safe-alphabet"
	// BasicBadPadding: '=' padding missing or wrong.
	BasicBadPadding = "bad-padding"
	// BasicTrailingNewline: the decoded value ends in \n or \r\n, the
	// `echo user:pass | base64` mistake.
	BasicTrailingNewline = "trailing-newline"
	// BasicEmbeddedNewline: a CR or LF inside the decoded user or password.
	BasicEmbeddedNewline = "embedded-newline"
	// BasicControlCharacter: another control character in the decoded
	// value, which RFC 7617 §2 forbids.
	BasicControlCharacter = "control-character"
	// BasicNonUTF8: the decoded value is not UTF-8 (likely Latin-1), which
	// servers that follow RFC 7617 §2.1 cannot read.
	BasicNonUTF8 = "non-utf8"
	// BasicNonASCII: UTF-8 beyond ASCII; servers that do not announce
	// charset="UTF-8" may decode it otherwise.
	BasicNonASCII = "non-ascii"
	// BasicNoColon: no ':' separates user and password.
	BasicNoColon = "no-colon"
	// BasicEmptyUser: nothing before the colon.
	BasicEmptyUser = "empty-user"
	// BasicEmptyPassword: nothing after the colon.
	BasicEmptyPassword = "empty-password"
)

// Basic errors. DecodeBasic wraps them; match with errors.Is.
var (
	// ErrNotBase64: the value is not base64 at all.
	ErrNotBase64 = errors.New("not base64")
	// ErrEmptyBasic: there is no value after the scheme.
	ErrEmptyBasic = errors.New("empty credentials")
)

// Basic is what a Basic credential holds, without the password.
type Basic struct {
	// User is the user-id, the part before the first colon. User ids are
	// not secret, but some APIs take a key as the user name (Stripe,
	// Twilio): decide before showing it (see Inspect). Empty with
	// BasicNoColon.
	User string
	// PasswordLen is the length in bytes of the password, after a
	// trailing newline is removed; with BasicNoColon, of the whole
	// decoded value.
	PasswordLen int
	// Issues lists the Basic* codes found, in declaration order; nil when
	// the credential is well built.
	Issues []string
}

// DecodeBasic decodes the token68 of a Basic credential (RFC 7617 §2) and
// checks how it was built. It is lenient where clients are sloppy (line
// breaks, the URL-safe alphabet, missing padding) and reports each
// leniency in Issues. It fails only when the value is empty or not base64
// at all; the error then says which byte is wrong, never the value.
func DecodeBasic(token68 string) (Basic, error) {
	b, _, err := decodeBasic(token68)
	return b, err
}

// decodeBasic is DecodeBasic that also returns the password, for the
// callers in this package that recognise a key in it and never show it.
func decodeBasic(token68 string) (Basic, string, error) {
	t := strings.Trim(token68, " \t\r\n")
	if t == "" {
		return Basic{}, "", fmt.Errorf("decode basic: %w", ErrEmptyBasic)
	}
	var issues issueSet
	if strings.ContainsAny(t, "\r\n") {
		issues.add(BasicLineWrapped)
		t = strings.NewReplacer("\r", "", "\n", "").Replace(t)
	}
	body := strings.TrimRight(t, "=")
	pad := len(t) - len(body)
	urlSafe := false
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '+', c == '/':
		case c == '-' || c == '_':
			urlSafe = true
		default:
			return Basic{}, "", fmt.Errorf("decode basic: %w: byte %d is outside the base64 alphabet", ErrNotBase64, i)
		}
	}
	if len(body)%4 == 1 || pad > 2 {
		return Basic{}, "", fmt.Errorf("decode basic: %w: length %d cannot be base64", ErrNotBase64, len(body))
	}
	if urlSafe {
		issues.add(BasicURLSafe)
		body = strings.NewReplacer("-", "+", "_", "/").Replace(body)
	}
	if pad != (4-len(body)%4)%4 {
		issues.add(BasicBadPadding)
	}
	raw, err := base64.RawStdEncoding.DecodeString(body)
	if err != nil {
		return Basic{}, "", fmt.Errorf("decode basic: %w", ErrNotBase64)
	}
	d := string(raw)
	if trimmed := strings.TrimRight(d, "\r\n"); trimmed != d {
		issues.add(BasicTrailingNewline)
		d = trimmed
	}
	if strings.ContainsAny(d, "\r\n") {
		issues.add(BasicEmbeddedNewline)
	}
	for i := 0; i < len(d); i++ {
		if c := d[i]; (c < 0x20 && c != '\r' && c != '\n') || c == 0x7f {
			issues.add(BasicControlCharacter)
			break
		}
	}
	switch {
	case !utf8.ValidString(d):
		issues.add(BasicNonUTF8)
	case hasNonASCII(d):
		issues.add(BasicNonASCII)
	}
	var b Basic
	user, pass, ok := strings.Cut(d, ":")
	if !ok {
		pass = ""
	}
	switch {
	case !ok:
		issues.add(BasicNoColon)
		b.PasswordLen = len(d)
	default:
		b.User, b.PasswordLen = user, len(pass)
		if user == "" {
			issues.add(BasicEmptyUser)
		}
		if pass == "" {
			issues.add(BasicEmptyPassword)
		}
	}
	b.Issues = issues.list()
	return b, pass, nil
}

func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}
