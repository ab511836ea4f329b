package leakgen

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

func TestWriteLines(t *testing.T) {
	t.Parallel()
	var a, b bytes.Buffer
	cfg := Config{Lines: 20_000, Leaks: 10 * len(LeakKinds), Seed: 7}
	ta, err := Write(&a, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Write(&b, cfg); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same config wrote different logs")
	}
	lines := strings.Split(strings.TrimSuffix(a.String(), "\n"), "\n")
	if len(lines) != ta.Lines || ta.Lines < cfg.Lines || ta.Lines > cfg.Lines+40 {
		t.Fatalf("wrote %d lines, truth says %d, asked for %d", len(lines), ta.Lines, cfg.Lines)
	}
	if int64(a.Len()) != ta.Bytes {
		t.Fatalf("wrote %d bytes, truth says %d", a.Len(), ta.Bytes)
	}
	if got := ta.Leaks(); got != cfg.Leaks {
		t.Fatalf("planted %d credentials, want %d", got, cfg.Leaks)
	}
	leaks, decoys := map[string]int{}, map[string]int{}
	last := 0
	for _, m := range ta.Marks {
		if m.Line <= last || m.Line > len(lines) {
			t.Fatalf("mark on line %d after line %d, of %d", m.Line, last, len(lines))
		}
		last = m.Line
		line := lines[m.Line-1]
		if !m.Leak {
			decoys[m.Kind]++
			if len(m.Secrets) > 0 {
				t.Errorf("decoy %s on line %d has secrets", m.Kind, m.Line)
			}
			continue
		}
		leaks[m.Kind]++
		if len(m.Secrets) == 0 {
			t.Errorf("%s on line %d has no secret", m.Kind, m.Line)
		}
		// The credential is on its line as written, or in the PEM block
		// that starts there.
		block := line
		if m.Kind == LeakPrivateKey && strings.HasPrefix(line, "-----BEGIN ") {
			block = strings.Join(lines[m.Line-1:min(len(lines), m.Line+30)], "\n")
		}
		if !strings.Contains(block, m.Secrets[0]) {
			t.Errorf("%s on line %d: the planted credential is not on the line", m.Kind, m.Line)
		}
	}
	for _, k := range LeakKinds {
		if leaks[k] != 10 {
			t.Errorf("planted %d %s, want 10 (round robin)", leaks[k], k)
		}
	}
	for _, k := range DecoyKinds {
		if decoys[k] == 0 {
			t.Errorf("wrote no %s decoy", k)
		}
	}
	// About DefaultDecoyRate of the lines carry a decoy.
	if n := len(ta.Marks) - ta.Leaks(); n < cfg.Lines*4/100 || n > cfg.Lines*6/100 {
		t.Errorf("%d decoys in %d lines, want about %.0f%%", n, cfg.Lines, DefaultDecoyRate*100)
	}
	// JSON lines are JSON; the others are logfmt or text with a timestamp.
	styles := map[string]int{}
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "{"):
			var v map[string]any
			if err := json.Unmarshal([]byte(l), &v); err != nil {
				t.Fatalf("line %d is not JSON: %v", i+1, err)
			}
			styles["json"]++
		case strings.HasPrefix(l, "time=2026-"):
			styles["logfmt"]++
		case strings.HasPrefix(l, "2026-"):
			styles["text"]++
		case strings.HasPrefix(l, "-----") || len(l) <= 64:
			styles["pem"]++
		default:
			t.Fatalf("line %d has no known shape: %.80q", i+1, l)
		}
	}
	for _, s := range []string{"json", "logfmt", "text", "pem"} {
		if styles[s] == 0 {
			t.Errorf("no %s lines", s)
		}
	}
}

func TestWriteBytes(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	cfg := Config{Bytes: 3 << 20, Leaks: 100, Seed: 1}
	truth, err := Write(&buf, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if truth.Bytes < cfg.Bytes || truth.Bytes > cfg.Bytes+8<<10 {
		t.Errorf("wrote %d bytes, asked for %d", truth.Bytes, cfg.Bytes)
	}
	if truth.Leaks() != 100 {
		t.Errorf("planted %d credentials, want 100", truth.Leaks())
	}
	// Spread over the log: some in each quarter.
	var quarters [4]int
	for _, m := range truth.Marks {
		if m.Leak {
			quarters[min(3, 4*(m.Line-1)/truth.Lines)]++
		}
	}
	for i, q := range quarters {
		if q < 10 {
			t.Errorf("quarter %d of the log has %d of the 100 credentials: %v", i+1, q, quarters)
		}
	}
}

func TestWriteTSV(t *testing.T) {
	t.Parallel()
	truth, err := Write(&bytes.Buffer{}, Config{Lines: 2000, Leaks: 40, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := truth.WriteTSV(&out); err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(rows) != len(truth.Marks) {
		t.Fatalf("%d rows for %d marks", len(rows), len(truth.Marks))
	}
	for i, r := range rows {
		f := strings.Split(r, "\t")
		m := truth.Marks[i]
		class := map[bool]string{true: "leak", false: "decoy"}[m.Leak]
		if len(f) != 3 || f[0] != strconv.Itoa(m.Line) || f[1] != class || f[2] != m.Kind {
			t.Fatalf("row %d is %q, want %d, %s, %s", i+1, r, m.Line, class, m.Kind)
		}
		for _, s := range m.Secrets {
			if strings.Contains(out.String(), s) {
				t.Fatalf("the TSV holds the secret of line %d", m.Line)
			}
		}
	}
}

// TestCredentialShapes checks each builder against its vendor's
// documented shape, independently of how it builds it.
func TestCredentialShapes(t *testing.T) {
	t.Parallel()
	g := gen{newRand(5)}
	isAll := func(s, alphabet string) bool { return strings.Trim(s, alphabet) == "" }
	for range 200 {
		if k := g.stripeKey("sk", "live"); !strings.HasPrefix(k, "sk_live_") || (len(k) != 8+24 && len(k) != 8+99) || !isAll(k[8:], base62) {
			t.Fatalf("stripe key of %d bytes", len(k))
		}
		if k := g.githubClassic(); len(k) != 40 || k[3] != '_' || !isAll(k[4:], base62) {
			t.Fatalf("GitHub token of %d bytes", len(k))
		}
		if k := g.githubFineGrained(); len(k) != 93 || !strings.HasPrefix(k, "github_pat_") || k[33] != '_' {
			t.Fatalf("fine-grained token of %d bytes", len(k))
		}
		if k := g.awsKeyID(); len(k) != 20 || !isAll(k[4:], base32) {
			t.Fatalf("AWS key id of %d bytes", len(k))
		}
		if k := g.googleAPIKey(); len(k) != 39 || !strings.HasPrefix(k, "AIza") {
			t.Fatalf("Google key of %d bytes", len(k))
		}
		if k := g.sendgridKey(); len(k) != 69 || k[2] != '.' || k[25] != '.' {
			t.Fatalf("SendGrid key of %d bytes", len(k))
		}
		if k := g.npmToken(); len(k) != 40 || !strings.HasPrefix(k, "npm_") {
			t.Fatalf("npm token of %d bytes", len(k))
		}
		jwt := g.jwt(1_800_000_000)
		parts := strings.Split(jwt, ".")
		if len(parts) != 3 {
			t.Fatalf("JWT of %d parts", len(parts))
		}
		for i, p := range parts[:2] {
			b, err := base64.RawURLEncoding.DecodeString(p)
			if err != nil || !json.Valid(b) {
				t.Fatalf("JWT part %d is not base64url JSON: %v", i, err)
			}
		}
		if sig, err := base64.RawURLEncoding.DecodeString(parts[2]); err != nil || len(sig) != 32 && len(sig) != 256 {
			t.Fatalf("JWT signature of %d bytes: %v", len(sig), err)
		}
	}
	// The check digits of the 2021 formats: CRC-32 (IEEE) in base62. The
	// CRC-32 of "123456789" is 0xCBF43926 (the standard check value), in
	// base62 3jZRME.
	if got := checkDigits("123456789"); got != "3jZRME" {
		t.Errorf("checkDigits(123456789) = %s, want 3jZRME", got)
	}
}
