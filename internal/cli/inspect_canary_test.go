package cli

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hs256 mints an HS256 token signed with secret, as a shared-secret
// issuer does (RFC 7515 §5.1).
func hs256(claims, secret string) string {
	enc := base64.RawURLEncoding.EncodeToString
	in := enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc([]byte(claims))
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(in))
	return in + "." + enc(m.Sum(nil))
}

// TestInspectHMACCanary: the shared secret of --hs-secret-env and
// --hs-secret-file appears nowhere in any output of inspect, whether it
// verifies the token or not, nor when it is given where its name belongs.
func TestInspectHMACCanary(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	secFile := filepath.Join(dir, "secret")
	if err := os.WriteFile(secFile, []byte(canary+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	good := hs256(`{"sub":"u1","exp":4102444800}`, canary)
	bad := hs256(`{"sub":"u1","exp":4102444800}`, "another-secret-of-32-bytes-or-more!")
	vars := map[string]string{"GOOD": good, "BAD": bad, "SECRET": canary, "EMPTY": ""}
	for name, tc := range map[string]struct {
		args     []string
		code     int
		want     string
		wantJSON string
	}{
		"env verified text":   {args: []string{"inspect", "--token-env", "GOOD", "--no-issuer", "--hs-secret-env", "SECRET"}, code: ExitOK, want: "signature check: verified"},
		"env verified json":   {args: []string{"inspect", "--token-env", "GOOD", "--no-issuer", "--hs-secret-env", "SECRET", "-o", "json"}, code: ExitOK, want: `"status": "verified"`},
		"file verified":       {args: []string{"inspect", "--token-env", "GOOD", "--no-issuer", "--hs-secret-file", secFile}, code: ExitOK, want: "signature check: verified"},
		"env invalid text":    {args: []string{"inspect", "--token-env", "BAD", "--no-issuer", "--hs-secret-env", "SECRET"}, code: ExitDiagnosed, want: "Signature invalid"},
		"file invalid json":   {args: []string{"inspect", "--token-env", "BAD", "--no-issuer", "--hs-secret-file", secFile, "-o", "json"}, code: ExitDiagnosed, want: `"status": "invalid"`},
		"value given as name": {args: []string{"inspect", "--token-env", "GOOD", "--no-issuer", "--hs-secret-env", canary}, code: ExitUsage, want: "names a variable that is not set"},
		"empty variable":      {args: []string{"inspect", "--token-env", "GOOD", "--hs-secret-env", "EMPTY"}, code: ExitUsage, want: "names a variable that is empty"},
		"both flags":          {args: []string{"inspect", "--token-env", "GOOD", "--hs-secret-env", "SECRET", "--hs-secret-file", secFile}, code: ExitUsage, want: "not both"},
		"missing file":        {args: []string{"inspect", "--token-env", "GOOD", "--hs-secret-file", filepath.Join(dir, "nope")}, code: ExitUsage, want: "cannot read --hs-secret-file"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out,
				Lookup: func(k string) (string, bool) { v, ok := vars[k]; return v, ok }}
			code := Main(context.Background(), tc.args, env)
			s := out.String()
			if strings.Contains(s, canary) {
				t.Fatalf("output contains the secret:\n%s", s)
			}
			if strings.Contains(s, "refusing to print the report") {
				t.Fatalf("the report would have leaked the secret; the guard caught it:\n%s", s)
			}
			if code != tc.code || !strings.Contains(s, tc.want) {
				t.Fatalf("exit %d, want %d, and output containing %q:\n%s", code, tc.code, tc.want, s)
			}
		})
	}
}

func TestReadSecret(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want, err string }{
		{"s3cret", "s3cret", ""},
		{"s3cret\n", "s3cret", ""},
		{"s3cret\r\n", "s3cret", ""},
		{"s3cret\n\n", "s3cret\n", ""}, // one newline only: the rest is the secret's
		{" s3cret ", " s3cret ", ""},
		{"", "", "the file is empty"},
		{"\n", "", "the file is empty"},
		{strings.Repeat("x", maxSecretBytes+1), "", "larger than 64 KiB"},
	} {
		s, err := readSecret([]byte(tc.in))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("readSecret(%.20q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || s.Reveal() != tc.want {
			t.Errorf("readSecret(%.20q) = %q, %v; want %q", tc.in, s.Reveal(), err, tc.want)
		}
	}
}

// FuzzReadSecret: readSecret never panics, its error never holds the
// content, and what it keeps is the content less one trailing newline.
func FuzzReadSecret(f *testing.F) {
	for _, s := range []string{"s3cret", "s3cret\n", "s3cret\r\n", "", "\n", "\r", "a\n\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := readSecret(data)
		if err != nil {
			if len(data) > 3 && strings.Contains(err.Error(), string(data)) {
				t.Fatalf("error %q holds the content", err)
			}
			if strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("error %q is not one line", err)
			}
			return
		}
		if !strings.HasPrefix(string(data), s.Reveal()) || len(data)-len(s.Reveal()) > 2 || s.Reveal() == "" {
			t.Fatalf("readSecret(%q) = %q", data, s.Reveal())
		}
	})
}
