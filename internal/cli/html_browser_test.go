package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor/internal/browser"
	"github.com/authdoctor/authdoctor/lab"
)

// TestHTMLReportInBrowser runs check -o html against the lab's expired
// token and opens the page in headless Chromium: the verdict is the first
// thing on it, the sections a reader needs are there, and the token is
// nowhere in what the browser shows (nor in its title).
func TestHTMLReportInBrowser(t *testing.T) {
	t.Parallel()
	l, err := lab.Start(context.Background(), lab.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	sc, ok := l.Scenario("expired")
	if !ok {
		t.Fatal("lab has no expired scenario")
	}
	args := []string{"check", sc.URL, "-o", "html", "--no-confirm"}
	for _, h := range sc.Headers {
		args = append(args, "-H", h)
	}
	var out, errs bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs,
		Lookup: func(k string) (string, bool) { v, ok := sc.Env[k]; return v, ok }}
	if code := Main(context.Background(), args, env); code != ExitDiagnosed {
		t.Fatalf("exit %d, want %d; stderr: %s", code, ExitDiagnosed, errs.String())
	}
	page := browser.Render(t, "check-expired", out.Bytes(), "#verdict h1", "#verdict #fix", "#findings", "#requests", "#evidence", "#why")
	if !strings.HasPrefix(strings.TrimSpace(page.Text), "✗ Token expired") {
		t.Errorf("the page does not start with the verdict:\n%.300s", page.Text)
	}
	if !strings.Contains(page.Title, "Token expired") {
		t.Errorf("title %q", page.Title)
	}
	if got := page.Elements["#verdict h1"]; !strings.Contains(got, "token_expired") {
		t.Errorf("verdict heading %q lacks the cause id", got)
	}
	if got := page.Elements["#verdict #fix"]; !strings.HasPrefix(got, "Fix: ") {
		t.Errorf("fix %q", got)
	}
	for _, sel := range []string{"#findings", "#requests", "#evidence", "#why"} {
		if page.Elements[sel] == "" {
			t.Errorf("section %s is missing or empty", sel)
		}
	}
	if !strings.Contains(page.Elements["#findings"], "token.expired") {
		t.Errorf("findings lack token.expired:\n%s", page.Elements["#findings"])
	}
	for k, v := range sc.Env {
		v = strings.TrimSpace(v)
		if len(v) < 8 {
			continue
		}
		if strings.Contains(page.Text, v) || strings.Contains(page.Title, v) {
			t.Errorf("the browser shows the value of $%s", k)
		}
		if i := len(v) / 2; strings.Contains(page.Text, v[:i]) && i >= 16 {
			t.Errorf("the browser shows the first half of $%s", k)
		}
	}
}
