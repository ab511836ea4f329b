package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// scanCanaryLog is a log with the canary in every place scan looks.
func scanCanaryLog() string {
	basic := base64.StdEncoding.EncodeToString([]byte("svc:" + canary))
	return strings.Join([]string{
		"level=info msg=start",
		"> Authorization: Bearer " + canary,
		`{"msg":"token response","access_token":"` + canary + `"}`,
		`"GET /v1/items?api_key=` + canary + `&page=2 HTTP/1.1" 401`,
		"dial https://svc:" + canary + "@db.example.com/",
		"Authorization: Basic " + basic,
		"key sk_live_" + canary[:24],
		"X-Api-Key: " + canary,
		"",
	}, "\n")
}

// TestScanExitCodes: 1 when a credential is found, 0 when not, 2 for
// usage, 3 when an input cannot be read (also when something was found).
func TestScanExitCodes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	leaky := filepath.Join(dir, "leaky.log")
	clean := filepath.Join(dir, "clean.log")
	os.WriteFile(leaky, []byte(scanCanaryLog()), 0o644)
	os.WriteFile(clean, []byte("Invalid API Key provided: sk_live_****1234\nAuthorization: Bearer $TOKEN\npk_live_"+strings.Repeat("a1B2", 6)+"\n"), 0o644)
	missing := filepath.Join(dir, "missing.log")
	for name, tc := range map[string]struct {
		args  []string
		stdin string
		code  int
		want  string
	}{
		"found":                   {args: []string{"scan", leaky}, code: ExitDiagnosed, want: "7 leaked credentials"},
		"clean, publishable info": {args: []string{"scan", clean}, code: ExitOK, want: "No leaked credentials in 1 file"},
		"directory":               {args: []string{"scan", dir}, code: ExitDiagnosed, want: "in 2 files"},
		"excluded":                {args: []string{"scan", dir, "--exclude", "leaky.*"}, code: ExitOK, want: "No leaked credentials"},
		"stdin":                   {args: []string{"scan", "-"}, stdin: scanCanaryLog(), code: ExitDiagnosed, want: "-:2:25"},
		"stdin clean":             {args: []string{"scan", "-"}, stdin: "hello\n", code: ExitOK},
		"no path":                 {args: []string{"scan"}, code: ExitUsage, want: "requires at least 1 arg"},
		"bad output":              {args: []string{"scan", clean, "-o", "xml"}, code: ExitUsage, want: `--output "xml"`},
		"bad glob":                {args: []string{"scan", clean, "--exclude", "[a"}, code: ExitUsage, want: "--exclude"},
		"stdin twice":             {args: []string{"scan", "-", "-"}, code: ExitUsage, want: "given twice"},
		"missing":                 {args: []string{"scan", missing}, code: ExitUnreachable, want: "cannot read " + missing + ": no such file"},
		"missing and found":       {args: []string{"scan", missing, leaky}, code: ExitUnreachable, want: "7 leaked credentials"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			code := Main(context.Background(), tc.args, canaryEnv(tc.stdin, &out))
			if code != tc.code || !strings.Contains(out.String(), tc.want) {
				t.Errorf("authdoctor %v: exit %d, want %d; output should hold %q:\n%s", tc.args, code, tc.code, tc.want, out.String())
			}
			if strings.Contains(out.String(), canary) || strings.Contains(out.String(), canary[:24]) {
				t.Errorf("output holds the canary:\n%s", out.String())
			}
		})
	}
}

// TestScanCanary: the credentials scan reports never appear in its
// output, in any format, from a file, a gzipped file or stdin; the JSON
// has the documented keys.
func TestScanCanary(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	leaky := filepath.Join(dir, "leaky.log")
	os.WriteFile(leaky, []byte(scanCanaryLog()), 0o644)
	for _, args := range [][]string{
		{"scan", leaky}, {"scan", leaky, "-o", "json"}, {"scan", "-", "-o", "json"}, {"scan", "-"},
	} {
		var out bytes.Buffer
		code := Main(context.Background(), args, canaryEnv(scanCanaryLog(), &out))
		if code != ExitDiagnosed {
			t.Errorf("%v: exit %d, want 1:\n%s", args, code, out.String())
		}
		basic := base64.StdEncoding.EncodeToString([]byte("svc:" + canary))
		for _, s := range []string{canary, canary[:24], canary[len(canary)-12:], basic} {
			if strings.Contains(out.String(), s) {
				t.Errorf("%v: output holds %q:\n%s", args, s, out.String())
			}
		}
		if args[len(args)-1] != "json" {
			continue
		}
		var doc struct {
			Schema   string           `json:"schema"`
			Findings []map[string]any `json:"findings"`
			Summary  map[string]any   `json:"summary"`
			Errors   []any            `json:"errors"`
		}
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out.String())
		}
		if doc.Schema != ScanSchema || len(doc.Findings) != 7 || doc.Errors == nil || doc.Summary["leaks"] != float64(7) {
			t.Errorf("%v: schema %q, %d findings, errors %v, summary %v", args, doc.Schema, len(doc.Findings), doc.Errors, doc.Summary)
		}
		for _, f := range doc.Findings {
			for _, k := range []string{"path", "line", "column", "kind", "severity", "fingerprint", "excerpt"} {
				if _, ok := f[k]; !ok {
					t.Errorf("finding %v has no %q", f, k)
				}
			}
		}
	}
}
