package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// scanTree writes a small tree with a Bearer canary and a live key.
func scanTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "logs"), 0o755)
	os.WriteFile(filepath.Join(dir, "logs", "app.log"), []byte("ok\ncalled with Authorization: Bearer "+canary+"\n"), 0o600)
	os.WriteFile(filepath.Join(dir, ".env"), []byte("STRIPE_KEY=sk_live_51H8s7kLmNoPqRsTuVwXyZ0123456789abcdefGHIJ\n"), 0o600)
	return dir
}

func scanRun(t *testing.T, args ...string) (string, int) {
	t.Helper()
	var out bytes.Buffer
	code := Main(context.Background(), append([]string{"scan"}, args...), canaryEnv("", &out))
	if strings.Contains(out.String(), canary) || strings.Contains(out.String(), "0123456789abcdefGHIJ") {
		t.Errorf("scan %v printed a credential:\n%s", args, out.String())
	}
	return out.String(), code
}

func TestScanSARIF(t *testing.T) {
	t.Parallel()
	dir := scanTree(t)
	out, code := scanRun(t, dir, "-o", "sarif")
	if code != ExitDiagnosed {
		t.Fatalf("exit %d, want 1:\n%s", code, out)
	}
	var doc sarifLog
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "2.1.0" || !strings.Contains(doc.Schema, "sarif-2.1.0") || len(doc.Runs) != 1 || doc.Runs[0].Tool.Driver.Name != "authdoctor" {
		t.Fatalf("not a SARIF 2.1.0 log with one authdoctor run: %+v", doc)
	}
	run := doc.Runs[0]
	rules := map[string]bool{}
	for _, r := range run.Tool.Driver.Rules {
		rules[r.ID] = true
	}
	if len(run.Results) != 2 {
		t.Fatalf("%d results, want 2", len(run.Results))
	}
	for _, r := range run.Results {
		loc := r.Locations[0].PhysicalLocation
		if !rules[r.RuleID] || r.Level != "error" || loc.Region.StartLine < 1 || loc.Region.StartColumn < 1 ||
			strings.HasPrefix(loc.ArtifactLocation.URI, "./") || len(r.PartialFingerprints["authdoctorFingerprint/v1"]) != 8 {
			t.Errorf("result %+v", r)
		}
	}
	// startColumn counts UTF-16 code units: "é" before the credential
	// is one, not two bytes.
	uni := t.TempDir()
	os.WriteFile(filepath.Join(uni, "u.log"), []byte("café Authorization: Bearer "+canary+"\n"), 0o600)
	out, _ = scanRun(t, uni, "-o", "sarif")
	var udoc sarifLog
	if err := json.Unmarshal([]byte(out), &udoc); err != nil || len(udoc.Runs) != 1 || len(udoc.Runs[0].Results) != 1 {
		t.Fatalf("one result wanted (%v):\n%s", err, out)
	}
	if col := udoc.Runs[0].Results[0].Locations[0].PhysicalLocation.Region.StartColumn; col != len("cafe Authorization: Bearer ")+1 {
		t.Errorf("startColumn %d after a non-ASCII letter, want %d", col, len("cafe Authorization: Bearer ")+1)
	}
	// Nothing found: an empty run, exit 0.
	clean := t.TempDir()
	os.WriteFile(filepath.Join(clean, "a.log"), []byte("nothing here\n"), 0o600)
	out, code = scanRun(t, clean, "-o", "sarif")
	if code != ExitOK || !strings.Contains(out, `"results": []`) || !strings.Contains(out, `"rules": []`) {
		t.Errorf("clean tree: exit %d\n%s", code, out)
	}
}

func TestScanBaseline(t *testing.T) {
	t.Parallel()
	dir := scanTree(t)
	base := filepath.Join(t.TempDir(), "baseline.json")
	if _, code := scanRun(t, dir, "--write-baseline", base); code != ExitDiagnosed {
		t.Fatalf("the first scan: exit %d, want 1 (it still reports)", code)
	}
	b, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte(canary)) || !bytes.Contains(b, []byte(BaselineSchema)) || bytes.Count(b, []byte(`"fingerprint"`)) != 2 {
		t.Fatalf("baseline:\n%s", b)
	}
	out, code := scanRun(t, dir, "--baseline", base)
	if code != ExitOK || !strings.Contains(out, "2 known findings accepted by the baseline") {
		t.Errorf("with the baseline: exit %d\n%s", code, out)
	}
	// A new leak fails the scan, and only it is reported.
	os.WriteFile(filepath.Join(dir, "logs", "new.log"), []byte("token=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"), 0o600)
	out, code = scanRun(t, dir, "--baseline", base, "-o", "json")
	if code != ExitDiagnosed || strings.Count(out, `"fingerprint"`) != 1 || !strings.Contains(out, "new.log") {
		t.Errorf("a new leak: exit %d\n%s", code, out)
	}
	for _, bad := range [][]string{{dir, "--baseline", filepath.Join(t.TempDir(), "nope.json")}, {dir, "--baseline", filepath.Join(dir, ".env")}} {
		if out, code := scanRun(t, bad...); code != ExitUsage || !strings.Contains(out, "--baseline") {
			t.Errorf("%v: exit %d %s", bad, code, out)
		}
	}
}

func TestScanProgress(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	p := &scanProgress{progressLine{w: &out, start: time.Now().Add(-2 * time.Second)}}
	p.update(4_000_000, 3)
	p.update(5_000_000, 3) // within 200 ms: not drawn
	p.done()
	s := out.String()
	if !strings.Contains(s, "scanning: 4.0 MB · 2.0 MB/s · 3 findings so far") || strings.Count(s, "scanning:") != 1 || !strings.HasSuffix(s, "\r\x1b[K") {
		t.Errorf("progress: %q", s)
	}
}

func TestSARIFURI(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ path, want string }{
		{"-", "stdin"},
		{"a.log", "a.log"},
		{"./logs/../a.log", "a.log"},
		{"dir x/é.log", "dir%20x/%C3%A9.log"},
		{"100% #1?.env", "100%25%20%231%3F.env"},
		{"x:y.log", "./x:y.log"},
		{"/tmp/a b/c.log", "file:///tmp/a%20b/c.log"},
		{"/", "file:///"},
	} {
		if got := sarifURI(tc.path); got != tc.want {
			t.Errorf("sarifURI(%q) = %q, want %q", tc.path, got, tc.want)
		}
	}
}

func TestSARIFVersion(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]string{"dev": "0.0.0-dev", "v1.2.3": "1.2.3", "1.2.3-rc.1": "1.2.3-rc.1", "": "0.0.0", "vnext": "0.0.0-vnext"} {
		if got := sarifVersion(v); got != want {
			t.Errorf("sarifVersion(%q) = %q, want %q", v, got, want)
		}
	}
}
