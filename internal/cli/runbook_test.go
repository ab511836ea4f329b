package cli

import (
	"bytes"
	"context"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRunbookCanary: the runbook names the variables of a profile whose
// variables all hold the canary, in both formats, and never a value.
func TestRunbookCanary(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "authdoctor.yaml")
	prof := "environments:\n  prod:\n    base_url: https://api.example.com\n    headers:\n      Authorization: Bearer $CANARY\n      X-Extra: $CANARY_NL\n" +
		"requests:\n  orders:\n    path: /v1/orders\n    owner: canary-team\n  basic:\n    path: /v1/admin\n    headers:\n      Authorization: Basic ${CANARY_PASS}\n"
	if err := os.WriteFile(cfg, []byte(prof), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"markdown", "html"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			out2 := filepath.Join(t.TempDir(), "rb")
			for _, args := range [][]string{{"runbook", "--config", cfg, "-o", format}, {"runbook", "--config", cfg, "-o", format, "--out", out2}} {
				if code := Main(context.Background(), args, canaryEnv("", &out)); code != ExitOK {
					t.Fatalf("exit %d:\n%s", code, out.String())
				}
			}
			file, err := os.ReadFile(out2)
			if err != nil {
				t.Fatal(err)
			}
			for what, b := range map[string]string{"output": out.String(), "file": string(file)} {
				if strings.Contains(b, canary) || strings.Contains(html.UnescapeString(b), canary) {
					t.Errorf("the %s holds the canary", what)
				}
				if !strings.Contains(html.UnescapeString(b), "$CANARY") {
					t.Errorf("the %s does not name the variable $CANARY", what)
				}
			}
		})
	}
}

// TestRunbookClock: the generation date comes from the clock given.
func TestRunbookClock(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "authdoctor.yaml")
	if err := os.WriteFile(cfg, []byte("environments:\n  a:\n    base_url: https://a.example.com\nrequests:\n  r:\n    path: /x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	o := &runbookOptions{config: cfg, output: "markdown", now: func() time.Time { return time.Date(2031, 2, 3, 4, 5, 6, 0, time.UTC) }}
	if err := runRunbook(context.Background(), o, nil, Env{Stdout: &out, Stderr: &out}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "on 2031-02-03.") {
		t.Errorf("no generation date of the clock given:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "- none: the request sends no credential") {
		t.Errorf("a request without credential lists inputs:\n%s", out.String())
	}
}
