package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor/internal/browser"
)

// TestRunbookInBrowser renders the HTML runbook in headless Chromium
// (Debian's chromium, installed by .ci/run) and reads the DOM the browser
// built: the sections, the overdue review, no script and no credential. A
// screenshot is kept as a test artefact (go test -artifacts).
// internal/browser skips without Chromium, and fails under CI=true.
func TestRunbookInBrowser(t *testing.T) {
	t.Parallel()
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
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	shown := browser.Render(t, "runbook", html)
	dom := shown.DOM
	for _, want := range []string{
		"<h1>Runbook: authdoctor.yaml</h1>",
		"<h2>orders</h2>", "<h2>refunds.denied</h2>",
		`class="review overdue"`,
		"authdoctor validate orders --env prod",
		"<code>token_expired</code>",
		"lists &lt;b&gt;orders&lt;/b&gt;", // the profile's text stays text
		"the credential must NOT be allowed",
		"<h3>KPIs (last 30d)</h3>",
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("the browser's DOM has no %q", want)
		}
	}
	for _, bad := range []string{"<script", canary, "<b>orders</b>"} {
		if strings.Contains(dom, bad) {
			t.Errorf("the browser's DOM holds %q", bad)
		}
	}
	if st, err := os.Stat(shown.Screenshot); err != nil || st.Size() == 0 {
		t.Errorf("no screenshot: %v", err)
	}
}
