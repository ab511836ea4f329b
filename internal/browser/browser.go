// Package browser renders authdoctor's HTML pages (the check report, the
// runbook, the watch status page) in a real headless Chromium for tests,
// and reads back what a person would see: the text of the page and of the
// elements a test names, and a screenshot kept as a test artefact.
//
// Chromium comes from Debian's chromium package (installed by .ci/run).
// Without it the tests skip, except under CI=true, where they fail.
package browser

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Page is what the browser showed.
type Page struct {
	// Title is the document's title.
	Title string
	// Text is the whole page's visible text (document.body.innerText).
	Text string
	// DOM is the document the browser built, serialised
	// (document.documentElement.outerHTML).
	DOM string
	// Elements holds the visible text of each selector asked for, "" when
	// no element matched.
	Elements map[string]string
	// Screenshot is the path of a full-page PNG.
	Screenshot string
}

// executable returns Chromium's path, or "".
func executable() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Render serves page on a loopback listener, opens it in headless
// Chromium and returns what it shows. selectors name the elements whose
// text the test wants (CSS selectors such as "#verdict h1"); name names the
// screenshot.
func Render(t testing.TB, name string, page []byte, selectors ...string) Page {
	t.Helper()
	exe := executable()
	if exe == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed: .ci/run installs Debian's chromium package")
		}
		t.Skip("chromium is not installed (apt-get install chromium); CI=true makes this a failure")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox cannot start
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1200, 900),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()

	p := Page{Elements: map[string]string{}}
	fail := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("chromium: %s: %v", what, err)
		}
	}
	// The first Run starts the browser and lives as long as bctx.
	fail("open the page", chromedp.Do(bctx, chromedp.Navigate("http://"+ln.Addr().String()+"/"), chromedp.WaitReady("body")))
	p.Title, err = chromedp.Run(bctx, chromedp.Title())
	fail("read the title", err)
	p.Text, err = chromedp.Run(bctx, chromedp.Evaluate[string](`document.body.innerText`))
	fail("read the text", err)
	p.DOM, err = chromedp.Run(bctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	fail("read the DOM", err)
	for _, sel := range selectors {
		js := `(function(){var e=document.querySelector(` + jsString(sel) + `);return e?e.innerText:""})()`
		p.Elements[sel], err = chromedp.Run(bctx, chromedp.Evaluate[string](js))
		fail("read "+sel, err)
	}
	png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	fail("take a screenshot", err)
	p.Screenshot = filepath.Join(artifactDir(t), name+".png")
	if err := os.WriteFile(p.Screenshot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p.Screenshot)
	return p
}

// artifactDir is where screenshots go: the test's artefact directory
// (kept with go test -artifacts -outputdir DIR, as .ci/run does), or its
// temporary directory for a testing.TB without one.
func artifactDir(t testing.TB) string {
	if a, ok := t.(interface{ ArtifactDir() string }); ok {
		return a.ArtifactDir()
	}
	return t.TempDir()
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b := []byte{'"'}
	for _, r := range s {
		switch r {
		case '"', '\\':
			b = append(b, '\\', byte(r))
		case '\n':
			b = append(b, '\\', 'n')
		default:
			b = append(b, string(r)...)
		}
	}
	return string(append(b, '"'))
}
