package redact

import (
	"bufio"
	"io"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor"
)

// Credentials of the tests: made up, of real shapes.
const (
	jwt    = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
	stripe = "sk_live_51H8s7kLmNoPqRsTuVwXyZ0123456789abcdefGHIJ"
	pk     = "pk_live_51H8s7kLmNoPqRsTuVwXyZ0123456789abcdefGHIJ"
	ghp    = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
)

func fp(s string) string { return authdoctor.Fingerprint(s) }

func TestString(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"Authorization: Bearer " + jwt:                    "Authorization: Bearer [redacted:jwt:" + fp(jwt) + "]",
		"charge with " + stripe + " failed":               "charge with sk_live_[redacted:vendor-key:" + fp(stripe) + "] failed",
		"GET /v1/orders?access_token=opaqueTOKEN12345 ok": "GET /v1/orders?access_token=[redacted:credential-field:" + fp("opaqueTOKEN12345") + "] ok",
		`{"token":"` + ghp + `","n":1}`:                   `{"token":"ghp_[redacted:vendor-key:` + fp(ghp) + `]","n":1}`,
		"https://svc:hunter2hunter2@db.internal/x":        "https://svc:[redacted:userinfo-password:" + fp("hunter2hunter2") + "]@db.internal/x",
		// left alone: publishable keys, placeholders, prose, ids
		"the publishable key " + pk + " is public":           "the publishable key " + pk + " is public",
		"export API_TOKEN=$API_TOKEN":                        "export API_TOKEN=$API_TOKEN",
		"Basic authentication failed for user 42":            "Basic authentication failed for user 42",
		"order 550e8400-e29b-41d4-a716-446655440000 shipped": "order 550e8400-e29b-41d4-a716-446655440000 shipped",
	}
	for in, want := range cases {
		got := String(in)
		if got != want {
			t.Errorf("String(%q)\n got %q\nwant %q", in, got, want)
		}
		if again := String(got); again != got {
			t.Errorf("not idempotent: String(%q) = %q", got, again)
		}
	}
}

// TestCopyLineByLine: each line comes out as soon as it is complete, not
// when the input ends, and the bytes around the credentials are kept.
func TestCopyLineByLine(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	var lines, replaced int64
	go func() {
		var err error
		lines, replaced, err = Copy(outW, pr, nil)
		outW.CloseWithError(err)
		done <- err
	}()
	out := bufio.NewReader(outR)
	for i, in := range []string{"first Bearer " + jwt + "\n", "second, nothing\r\n", "third " + stripe + "\n"} {
		if _, err := pw.Write([]byte(in)); err != nil {
			t.Fatal(err)
		}
		got, err := out.ReadString('\n') // before the next line is written
		if err != nil {
			t.Fatal(err)
		}
		if want := String(strings.TrimSuffix(in, "\n")) + "\n"; got != want {
			t.Errorf("line %d: %q, want %q", i+1, got, want)
		}
	}
	pw.Write([]byte("no newline at the end " + ghp))
	pw.Close()
	rest, _ := io.ReadAll(out)
	if want := "no newline at the end ghp_[redacted:vendor-key:" + fp(ghp) + "]"; string(rest) != want {
		t.Errorf("last line %q, want %q", rest, want)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if lines != 4 || replaced != 3 {
		t.Errorf("%d lines, %d replaced; want 4, 3", lines, replaced)
	}
}

func FuzzString(f *testing.F) {
	for _, s := range []string{"Authorization: Bearer " + jwt, stripe, "a=b", "[redacted:jwt:12345678]", "https://u:p@h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := String(s)
		if again := String(got); again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, got, again)
		}
		// Every span FindSecrets still reports in the output is one
		// redact leaves on purpose.
		authdoctor.FindSecrets(got, func(sp authdoctor.Span) bool {
			if !keep(sp, got[sp.Start+sp.Keep:sp.End]) && !insideMarker(got, sp.Start) && !touchesMarker(got, sp) {
				t.Fatalf("String(%q) = %q still holds %s %q", s, got, sp.Kind, got[sp.Start:sp.End])
			}
			return true
		})
	})
}
