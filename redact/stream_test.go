package redact

import (
	"bytes"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
	"github.com/authdoctor/authdoctor/internal/leakgen"
	"github.com/authdoctor/authdoctor/scan"
)

// pemLines is a private key's body of n base64 lines (made up).
func pemLines(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = strings.Repeat(string(rune('A'+i%26))+"b7+/Q", 12)[:64]
	}
	return out
}

func copyAll(t *testing.T, in string) (string, int64) {
	t.Helper()
	var out bytes.Buffer
	lines, n, err := Copy(&out, strings.NewReader(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(strings.Count(in, "\n") + min(1, len(in)-strings.LastIndex(in, "\n")-1)); lines != want {
		t.Fatalf("%d lines written, %d read", lines, want)
	}
	return out.String(), n
}

// TestStreamPrivateKey: a key over lines keeps its armour and its line
// count, each body line one marker with the body's fingerprint (as scan
// computes it); on one line it is one marker; twice changes nothing.
func TestStreamPrivateKey(t *testing.T) {
	t.Parallel()
	body := pemLines(5)
	fp := authdoctor.Fingerprint(strings.Join(body, ""))
	mark := "[redacted:private-key:" + fp + "]"
	multi := "before\nkey follows: -----BEGIN RSA PRIVATE KEY-----\n" + strings.Join(body, "\n") + "\n-----END RSA PRIVATE KEY----- done\nafter " + stripe + "\n"
	want := "before\nkey follows: -----BEGIN RSA PRIVATE KEY-----\n" + strings.Repeat(mark+"\n", 5) + "-----END RSA PRIVATE KEY----- done\nafter sk_live_[redacted:vendor-key:" + fp2(stripe) + "]\n"
	got, n := copyAll(t, multi)
	if got != want || n != 2 {
		t.Fatalf("multi-line key: %d replaced\n got %q\nwant %q", n, got, want)
	}
	if again, n := copyAll(t, got); again != got || n != 0 {
		t.Fatalf("not idempotent (%d replaced):\n%q", n, again)
	}
	one := `{"private_key":"-----BEGIN PRIVATE KEY-----\n` + strings.Join(body, `\n`) + `\n-----END PRIVATE KEY-----\n"}` + "\n"
	wantOne := `{"private_key":"-----BEGIN PRIVATE KEY-----` + mark + `-----END PRIVATE KEY-----\n"}` + "\n"
	if got, n := copyAll(t, one); got != wantOne || n != 1 {
		t.Fatalf("one-line key: %d replaced\n got %q\nwant %q", n, got, wantOne)
	}
	// A documentation stub is no key; a key cut off by the end of the
	// input is still one.
	stub := "-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----\n"
	if got, _ := copyAll(t, stub); got != stub {
		t.Fatalf("stub changed: %q", got)
	}
	cut := "-----BEGIN EC PRIVATE KEY-----\n" + strings.Join(body[:3], "\n")
	if got, n := copyAll(t, cut); strings.Contains(got, body[0]) || n != 1 || strings.Count(got, "\n") != 3 {
		t.Fatalf("cut key: %d replaced: %q", n, got)
	}
	// Public keys and certificates stay.
	pub := "-----BEGIN PUBLIC KEY-----\n" + strings.Join(body, "\n") + "\n-----END PUBLIC KEY-----\n"
	if got, _ := copyAll(t, pub); got != pub {
		t.Fatalf("public key changed: %q", got)
	}
	if credential.PEMBase64(strings.Join(body, "\n")) != strings.Join(body, "") {
		t.Fatal("the test's body is not plain base64")
	}
}

func fp2(s string) string { return authdoctor.Fingerprint(s) }

// TestKindsAreScans: the kinds redact writes are the ones scan reports.
func TestKindsAreScans(t *testing.T) {
	t.Parallel()
	if KindPrivateKey != scan.KindPrivateKey || KindAWSSecretKey != scan.KindAWSSecretKey {
		t.Fatalf("redact writes %s and %s, scan reports %s and %s", KindPrivateKey, KindAWSSecretKey, scan.KindPrivateKey, scan.KindAWSSecretKey)
	}
}

// TestCopyCorpus: redacting leakgen's corpus leaves none of the values it
// planted, of any kind, and keeps every line.
func TestCopyCorpus(t *testing.T) {
	t.Parallel()
	var log bytes.Buffer
	truth, err := leakgen.Write(&log, leakgen.Config{Lines: 20_000, Leaks: 20 * len(leakgen.LeakKinds), Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	got, n := copyAll(t, log.String())
	if n < int64(truth.Leaks()) {
		t.Errorf("%d replaced, %d planted", n, truth.Leaks())
	}
	for _, m := range truth.Marks {
		if !m.Leak {
			continue
		}
		for _, s := range m.Secrets {
			if strings.Contains(got, s) {
				t.Errorf("the %s planted on line %d is still in the redacted log", m.Kind, m.Line)
				break
			}
		}
	}
}

// TestStreamAWSSecret: a secret access key on its key id's line or up to
// four lines after is replaced; the same shape elsewhere stays.
func TestStreamAWSSecret(t *testing.T) {
	t.Parallel()
	id := "AKIA" + strings.Repeat("Q", 12) + "7ZX2"
	sec := "wJalrXUtnFEMIK7MDENGbPxRfiCY" + "9q/+Zt3kLm0a"
	mark := "[redacted:aws-secret-key:" + fp2(sec) + "]"
	in := "[default]\naws_access_key_id = " + id + "\n# rotated monthly\n\n" + sec + "\n" + strings.Repeat("x\n", 5) + sec + "\n"
	got, _ := copyAll(t, in)
	lines := strings.Split(got, "\n")
	if lines[4] != mark || lines[10] != sec {
		t.Fatalf("line 5 %q (want the marker), line 11 %q (want it as it was)", lines[4], lines[10])
	}
	if got, _ := copyAll(t, "s3 client credentials "+id+":"+sec+"\n"); strings.Contains(got, sec) || !strings.Contains(got, mark) {
		t.Fatalf("same line: %q", got)
	}
}

// FuzzCopy: on any text, Copy keeps the number of lines, is idempotent,
// and leaves no planted credential: a secret put in a Bearer header, a
// private key's body or after an AWS key id, amid the fuzzed lines.
func FuzzCopy(f *testing.F) {
	body := pemLines(3)
	f.Add("a\nb", uint8(0))
	f.Add("-----BEGIN PRIVATE KEY-----\n"+strings.Join(body, "\n"), uint8(1))
	f.Add("x AKIAQQQQQQQQQQQQ7ZX2 y\n\n", uint8(2))
	f.Add("[redacted:private-key:12345678]\n-----END PRIVATE KEY-----", uint8(1))
	f.Fuzz(func(t *testing.T, text string, where uint8) {
		secret := "Zq7" + strings.Repeat("aB3/", 9) + "x" // 40 bytes, AWS-shaped
		var planted string
		switch where % 3 {
		case 0:
			planted = "Authorization: Bearer " + secret
		case 1:
			planted = "-----BEGIN PRIVATE KEY-----\n" + strings.Join(body, "\n") + "\n" + secret + "\n-----END PRIVATE KEY-----"
		default:
			planted = "aws_access_key_id=AKIA" + strings.Repeat("Q", 12) + "7ZX2\n" + secret
		}
		// The planted text starts on a line of its own, after a fuzzed
		// text that closes whatever it opened.
		in := text + "\n-----END PRIVATE KEY-----\n" + planted + "\n" + text
		got, _ := copyAll(t, in)
		if strings.Count(got, "\n") != strings.Count(in, "\n") {
			t.Fatalf("%d lines in, %d out", strings.Count(in, "\n"), strings.Count(got, "\n"))
		}
		if again, n := copyAll(t, got); again != got {
			t.Fatalf("not idempotent (%d more replaced):\n%q\n%q", n, got, again)
		}
		rest := got[strings.Index(got, "\n-----END PRIVATE KEY-----\n")+1:]
		if end := strings.LastIndex(rest, text); text != "" && end > 0 {
			rest = rest[:end]
		}
		if strings.Contains(rest, secret) {
			t.Fatalf("the planted secret survived:\n%q", got)
		}
	})
}
