package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor/internal/leakgen"
)

// TestScanRedactCorpusCanary: on leakgen's corpus (every planted kind,
// every decoy kind), no planted value appears in what scan prints in any
// format, in the baseline it writes, in what redact prints as a filter or
// with --dry-run, or in the file redact --in-place leaves.
func TestScanRedactCorpusCanary(t *testing.T) {
	t.Parallel()
	var log bytes.Buffer
	truth, err := leakgen.Write(&log, leakgen.Config{Lines: 8_000, Leaks: 8 * len(leakgen.LeakKinds), Seed: 31})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "app.log")
	if err := os.WriteFile(p, log.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	var secrets []string
	for _, m := range truth.Marks {
		if m.Leak {
			secrets = append(secrets, m.Secrets...)
		}
	}
	check := func(what, s string) {
		t.Helper()
		for _, v := range secrets {
			if strings.Contains(s, v) {
				t.Fatalf("%s holds a planted credential", what)
			}
		}
	}
	run := func(stdin string, args ...string) string {
		t.Helper()
		var out bytes.Buffer
		code := Main(context.Background(), args, canaryEnv(stdin, &out))
		if code != ExitOK && code != ExitDiagnosed {
			t.Fatalf("%v: exit %d\n%.2000s", args, code, out.String())
		}
		return out.String()
	}
	base := filepath.Join(dir, "baseline.json")
	for _, o := range []string{"text", "json", "sarif"} {
		check("scan -o "+o, run("", "scan", p, "-o", o))
	}
	check("scan --write-baseline", run("", "scan", p, "--write-baseline", base))
	b, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	check("the baseline file", string(b))
	check("redact as a filter", run(log.String(), "redact"))
	check("redact --in-place --dry-run", run("", "redact", "--in-place", "--dry-run", p))
	run("", "redact", "--in-place", p)
	after, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	check("the file redact --in-place wrote", string(after))
	if strings.Count(string(after), "\n") != strings.Count(log.String(), "\n") {
		t.Fatalf("redact --in-place changed the number of lines")
	}
	// What redact leaves, scan finds no leak in (publishable keys stay).
	var doc struct {
		Summary struct{ Leaks int } `json:"summary"`
	}
	out := run("", "scan", p, "-o", "json")
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Summary.Leaks != 0 {
		t.Fatalf("scan finds %d leaks in the redacted file (%v):\n%.3000s", doc.Summary.Leaks, err, out)
	}
}
