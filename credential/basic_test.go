package credential

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeBasic(t *testing.T) {
	t.Parallel()
	long := "user:" + fill(alnum, 80, 1)
	wrapped := b64(long)
	wrapped = wrapped[:76] + "\r\n" + wrapped[76:]
	tests := []struct {
		name    string
		token68 string
		want    Basic
	}{
		{"RFC 7617 example", "QWxhZGRpbjpvcGVuIHNlc2FtZQ==", Basic{User: "Aladdin", PasswordLen: 11}},
		{"password with colon", b64("user:pa:ss"), Basic{User: "user", PasswordLen: 5}},
		{"echo adds a newline", b64("user:pass\n"), Basic{User: "user", PasswordLen: 4, Issues: []string{BasicTrailingNewline}}},
		{"CRLF at the end", b64("user:pass\r\n"), Basic{User: "user", PasswordLen: 4, Issues: []string{BasicTrailingNewline}}},
		{"embedded newline", b64("us\ner:pass"), Basic{User: "us\ner", PasswordLen: 4, Issues: []string{BasicEmbeddedNewline}}},
		{"no colon", b64("justatoken"), Basic{PasswordLen: 10, Issues: []string{BasicNoColon}}},
		{"empty user", b64(":pass"), Basic{PasswordLen: 4, Issues: []string{BasicEmptyUser}}},
		{"empty password", b64("user:"), Basic{User: "user", Issues: []string{BasicEmptyPassword}}},
		{"only a colon", b64(":"), Basic{Issues: []string{BasicEmptyUser, BasicEmptyPassword}}},
		{"MIME line wrapping", wrapped, Basic{User: "user", PasswordLen: 80, Issues: []string{BasicLineWrapped}}},
		{"padding missing", "QWxhZGRpbjpvcGVuIHNlc2FtZQ", Basic{User: "Aladdin", PasswordLen: 11, Issues: []string{BasicBadPadding}}},
		{"padding where none belongs", b64("user:pas") + "=", Basic{User: "user", PasswordLen: 3, Issues: []string{BasicBadPadding}}},
		{"url-safe alphabet", base64.URLEncoding.EncodeToString([]byte("user:p>>?")), Basic{User: "user", PasswordLen: 4, Issues: []string{BasicURLSafe}}},
		{"non-ascii UTF-8", b64("jürgen:pass"), Basic{User: "jürgen", PasswordLen: 4, Issues: []string{BasicNonASCII}}},
		{"latin-1", b64("j\xfcrgen:pass"), Basic{User: "j\xfcrgen", PasswordLen: 4, Issues: []string{BasicNonUTF8}}},
		{"control character", b64("user:pa\x00ss"), Basic{User: "user", PasswordLen: 5, Issues: []string{BasicControlCharacter}}},
		{"surrounding white space", " " + b64("user:pass") + "\n", Basic{User: "user", PasswordLen: 4}},
		{"several issues in order", base64.RawURLEncoding.EncodeToString([]byte("user:p>>?\n")), Basic{User: "user", PasswordLen: 4, Issues: []string{BasicURLSafe, BasicBadPadding, BasicTrailingNewline}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := DecodeBasic(tc.token68)
			if err != nil {
				t.Fatalf("DecodeBasic: %v", err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("DecodeBasic mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestRFC7617Encoding(t *testing.T) {
	t.Parallel()
	if got := b64("Aladdin:open sesame"); got != "QWxhZGRpbjpvcGVuIHNlc2FtZQ==" {
		t.Errorf("base64(Aladdin:open sesame) = %s, want the RFC 7617 §2 value", got)
	}
}

func TestDecodeBasicErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		token68 string
		want    error
	}{
		{"empty", "", ErrEmptyBasic},
		{"blank", " \r\n", ErrEmptyBasic},
		{"not encoded", "user:hunter2secret", ErrNotBase64},
		{"space inside", "dXNl cjpw", ErrNotBase64},
		{"impossible length", "dXNlc", ErrNotBase64},
		{"padding in the middle", "dX=Nlcjpw", ErrNotBase64},
		{"too much padding", "dXNlcjpw===", ErrNotBase64},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := DecodeBasic(tc.token68)
			if !errors.Is(err, tc.want) {
				t.Fatalf("DecodeBasic error = %v, want %v", err, tc.want)
			}
			if v := strings.TrimSpace(tc.token68); len(v) >= 4 && strings.Contains(err.Error(), v) {
				t.Errorf("error %q echoes the credential", err)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error %q echoes the password", err)
			}
		})
	}
}
