package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor/capture"
	"github.com/authdoctor/authdoctor/lab"
	"github.com/authdoctor/authdoctor/source/har"
)

// TestCaptureThenDiff is the story of issue 4 end to end: an application
// that puts its token in the request body goes through authdoctor capture;
// diff against the Postman request that works names the difference.
func TestCaptureThenDiff(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l, err := lab.Start(ctx, lab.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	ok, _ := l.Scenario("ok")
	token := strings.TrimSpace(ok.Env["LAB_TOKEN"])
	up, _ := url.Parse(l.URL())
	p, err := capture.Start(ctx, capture.Config{Upstream: up})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })

	// The application: a form POST with access_token in the body.
	resp, err := http.PostForm("http://"+p.Addr()+"/api/orders", url.Values{"access_token": {token}, "item": {"1"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	p.Close() // flush: every exchange is recorded once Close returns

	dir := t.TempDir()
	harPath := filepath.Join(dir, "app.har")
	f, err := os.Create(harPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := har.Write(f, p.HAR()); err != nil {
		t.Fatal(err)
	}
	f.Close()
	raw, _ := os.ReadFile(harPath)
	if bytes.Contains(raw, []byte(token)) {
		t.Fatal("the captured HAR holds the token in clear")
	}

	coll := filepath.Join(dir, "c.json")
	os.WriteFile(coll, []byte(`{"info":{"name":"Lab","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
"auth":{"type":"bearer","bearer":[{"key":"token","value":"{{token}}","type":"string"}]},
"item":[{"name":"Create order","request":{"method":"POST","url":"{{base}}/api/orders","body":{"mode":"raw","raw":"item=1"}}}]}`), 0o600)
	penv := filepath.Join(dir, "e.json")
	os.WriteFile(penv, []byte(`{"name":"lab","values":[{"key":"base","value":"`+l.URL()+`","enabled":true},{"key":"token","value":"`+token+`","enabled":true}]}`), 0o600)

	var out bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Lookup: func(string) (string, bool) { return "", false }}
	code := Main(ctx, []string{"diff", "postman:" + coll + "#Create order", harPath + "#1", "--postman-env", penv}, env)
	if code != ExitDiagnosed {
		t.Errorf("diff exit %d, want %d\n%s", code, ExitDiagnosed, out.String())
	}
	want := "B sends the token in the request body (access_token); A sends the credential in the Authorization (Bearer) header."
	if !strings.Contains(out.String(), want) {
		t.Errorf("diff does not name the difference; want %q in\n%s", want, out.String())
	}
	if strings.Contains(out.String(), token) {
		t.Error("diff output holds the token")
	}
}
