package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRunbookInBrowser renders the HTML runbook in headless Chromium
// (Debian's chromium, installed by .ci/run) and reads the DOM the browser
// built: the sections, the overdue review, no script and no credential. A
// screenshot is kept as a test artefact (go test -artifacts).
func TestRunbookInBrowser(t *testing.T) {
	t.Parallel()
	browser, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (.ci/run installs it)")
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "authdoctor.yaml")
	prof := "environments:\n  prod:\n    base_url: https://api.example.com\n    headers:\n      Authorization: Bearer $CANARY\n" +
		"defaults:\n  owner: orders-team\n  blocks: [publishing]\n" +
		"requests:\n  orders:\n    path: /v1/orders\n    use_case: lists <b>orders</b>\n    expected:\n      status: 200\n      json_path: $.orders\n" +
		"  refunds.denied:\n    path: /v1/refunds\n    expect_denied: true\n"
	if err := os.WriteFile(cfg, []byte(prof), 0o600); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "runbook.html")
	var out bytes.Buffer
	if code := Main(context.Background(), []string{"runbook", "--config", cfg, "-o", "html", "--out", page}, canaryEnv("", &out)); code != ExitOK {
		t.Fatalf("runbook exit %d: %s", code, out.String())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	run := func(args ...string) []byte {
		t.Helper()
		// A throwaway profile directory per run: two runs never share one.
		args = append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + t.TempDir()}, args...)
		cmd := exec.CommandContext(ctx, browser, append(args, "file://"+page)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		b, err := cmd.Output()
		if err != nil {
			t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
		}
		return b
	}
	dom := string(run("--dump-dom"))
	for _, want := range []string{
		"<h1>Runbook: authdoctor.yaml</h1>",
		"<h2>orders</h2>", "<h2>refunds.denied</h2>",
		`class="review overdue"`,
		"authdoctor validate orders --env prod",
		"<code>token_expired</code>",
		"lists &lt;b&gt;orders&lt;/b&gt;", // the profile's text stays text
		"the credential must NOT be allowed",
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("the browser's DOM has no %q", want)
		}
	}
	for _, bad := range []string{"<script", canary, "KPI", "<b>orders</b>"} {
		if strings.Contains(dom, bad) {
			t.Errorf("the browser's DOM holds %q", bad)
		}
	}
	shot := filepath.Join(t.ArtifactDir(), "runbook.png")
	run("--screenshot="+shot, "--window-size=1200,1600")
	if st, err := os.Stat(shot); err != nil || st.Size() == 0 {
		t.Errorf("no screenshot: %v", err)
	}
}
