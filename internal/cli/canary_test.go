package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor/lab"
)

// canary is a made-up credential; no output of any command may contain it.
const canary = "canaryX9f3Kq7ZpL2mN8vR4tW6yB1cD5eG0hJ"

// echoServer answers 401 and echoes every request header it received in
// its body, a response header and a cookie: the worst case for a report.
func echoServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		for k, vs := range r.Header {
			for _, v := range vs {
				b.WriteString(k + ": " + v + "\n")
			}
		}
		// The server echoes what it received, as careless servers do: the
		// credential in every place it can. authdoctor knows the
		// credentials it (or the application) sent and scrubs exactly
		// those; a random string the client never sent is not one.
		tok := r.Header.Get("X-Api-Key")
		if a := strings.Fields(r.Header.Get("Authorization")); len(a) > 0 {
			tok = a[len(a)-1]
		}
		if r.ParseForm() == nil && r.PostForm.Get("access_token") != "" {
			tok = r.PostForm.Get("access_token")
		}
		w.Header().Set("X-Echo", r.Header.Get("Authorization")+r.Header.Get("X-Api-Key"))
		http.SetCookie(w, &http.Cookie{Name: "s", Value: tok})
		w.Header().Set("WWW-Authenticate", `Bearer realm="echo", error="invalid_token", error_description="token `+tok+` is not valid"`)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":"invalid_token","received":` + quoteJSON(b.String()) + `,"access_token":"` + tok + `","echo":"token ` + tok + ` refused"}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func quoteJSON(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	return `"` + strings.ReplaceAll(s, "\n", `\n`) + `"`
}

func canaryEnv(stdin string, out *bytes.Buffer) Env {
	vars := map[string]string{
		"CANARY":      canary,
		"CANARY_NL":   canary + "\n",
		"CANARY_USER": "svc",
		"CANARY_PASS": canary,
	}
	return Env{
		Stdin: strings.NewReader(stdin), Stdout: out, Stderr: out,
		Lookup: func(k string) (string, bool) { v, ok := vars[k]; return v, ok },
	}
}

// TestCanary runs every command, every output format and every way to pass
// a credential with a known secret, and asserts it appears nowhere in
// stdout, stderr or the files in the working directory.
func TestCanary(t *testing.T) {
	t.Parallel()
	srv := echoServer(t)
	dir := t.TempDir()
	tokFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokFile, []byte(canary+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	u := srv.URL + "/v1/orders"
	cases := map[string]struct {
		args  []string
		stdin string
	}{
		"bearer header text":   {args: []string{"check", u, "-H", "Authorization: Bearer $CANARY", "-v"}},
		"bearer json":          {args: []string{"check", u, "-H", "Authorization: Bearer $CANARY", "-o", "json"}},
		"bearer markdown":      {args: []string{"check", u, "-H", "Authorization: Bearer $CANARY", "-o", "markdown"}},
		"bearer html":          {args: []string{"check", u, "-H", "Authorization: Bearer $CANARY", "-o", "html"}},
		"basic env html":       {args: []string{"check", u, "--basic-env", "CANARY_USER:CANARY_PASS", "-o", "html"}},
		"double scheme":        {args: []string{"check", u, "-H", "Authorization: Bearer Bearer $CANARY", "-o", "json"}},
		"newline":              {args: []string{"check", u, "-H", "Authorization: Bearer $CANARY_NL", "-v"}},
		"api key header":       {args: []string{"check", u, "-H", "X-API-Key: $CANARY", "-o", "json"}},
		"literal in argv":      {args: []string{"check", u, "-H", "Authorization: Bearer " + canary, "-v"}},
		"basic env":            {args: []string{"check", u, "--basic-env", "CANARY_USER:CANARY_PASS", "-o", "json"}},
		"bearer env":           {args: []string{"check", u, "--bearer-env", "CANARY", "-o", "markdown"}},
		"token file":           {args: []string{"check", u, "--token-file", tokFile, "-v"}},
		"token stdin":          {args: []string{"check", u, "--token-stdin", "-o", "json"}, stdin: canary},
		"token in query":       {args: []string{"check", u + "?access_token=" + canary, "-o", "json"}},
		"body":                 {args: []string{"check", "POST", u, "-H", "Authorization: Bearer $CANARY", "-d", `{"token":"$CANARY"}`, "--allow-write", "--yes", "-v"}},
		"refused write":        {args: []string{"check", "POST", u, "-H", "Authorization: Bearer $CANARY"}},
		"bad header":           {args: []string{"check", u, "-H", "Authorization Bearer " + canary}},
		"bad url":              {args: []string{"check", "https://user:" + canary + "@" + strings.TrimPrefix(u, "http://")}},
		"bad proxy":            {args: []string{"check", u, "--proxy", "::" + canary, "--bearer-env", "CANARY"}},
		"unknown flag":         {args: []string{"check", u, "--bogus=" + canary}},
		"demo":                 {args: []string{"demo", "--scenario", "ok", "-v"}},
		"inspect env":          {args: []string{"inspect", "--token-env", "CANARY", "--no-issuer"}},
		"inspect env json":     {args: []string{"inspect", "--token-env", "CANARY_NL", "--no-issuer", "-o", "json"}},
		"inspect file":         {args: []string{"inspect", "--token-file", tokFile, "--jwks", u}},
		"inspect stdin":        {args: []string{"inspect", "--token-stdin", "--introspect", u, "--client-id-env", "CANARY_USER", "--client-secret-env", "CANARY_PASS", "-o", "json"}, stdin: canary},
		"check introspect":     {args: []string{"check", u, "--bearer-env", "CANARY", "--introspect", u, "--client-id-env", "CANARY_USER", "--client-secret-env", "CANARY_PASS", "-v"}},
		"help":                 {args: []string{"--help"}},
		"basic via header b64": {args: []string{"check", u, "-H", "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("svc:"+canary)), "-o", "json"}},
		"token basic text":     {args: []string{"token", "--token-url", u, "--client-id-env", "CANARY_USER", "--client-secret-env", "CANARY_PASS"}},
		"token post json":      {args: []string{"token", "--token-url", u, "--client-id-env", "CANARY_USER", "--client-secret-env", "CANARY_PASS", "--auth-method", "post", "-o", "json"}},
		"token refresh":        {args: []string{"token", "--token-url", u, "--client-id-env", "CANARY_USER", "--client-secret-env", "CANARY_PASS", "--refresh-token-env", "CANARY_NL", "-o", "json"}},
		"token issuer":         {args: []string{"token", "--issuer", srv.URL, "--client-id-env", "CANARY_USER", "--client-secret-env", "CANARY_PASS", "--scope", canary}},
		"token print refused":  {args: []string{"token", "--token-url", u, "--client-id-env", "CANARY_USER", "--client-secret-env", "CANARY_PASS", "--print-token"}},
		"token bad grant":      {args: []string{"token", "--token-url", u, "--client-id-env", "CANARY_USER", "--client-secret-env", "CANARY_PASS", "--grant", canary}},
		"token value as name":  {args: []string{"token", "--token-url", u, "--client-id-env", "CANARY_USER", "--client-secret-env", canary}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			Main(context.Background(), tc.args, canaryEnv(tc.stdin, &out))
			if strings.Contains(out.String(), canary) || strings.Contains(html.UnescapeString(out.String()), canary) {
				t.Errorf("output contains the canary:\n%s", out.String())
			}
			if strings.Contains(out.String(), "refusing to print the report") {
				t.Errorf("the report would have leaked the canary; the output guard caught it:\n%s", out.String())
			}
			if strings.Contains(out.String(), base64.StdEncoding.EncodeToString([]byte("svc:"+canary))) {
				t.Errorf("output contains the Basic credential")
			}
		})
	}
	files, _ := os.ReadDir(dir)
	for _, f := range files {
		if f.Name() == "token" {
			continue
		}
		b, _ := os.ReadFile(filepath.Join(dir, f.Name()))
		if bytes.Contains(b, []byte(canary)) {
			t.Errorf("file %s contains the canary", f.Name())
		}
	}
}

// TestLabCommand starts the lab command, lets it print, and stops it: the
// printed commands name every scenario and keep $VARS in single quotes.
func TestLabCommand(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o := &labOptions{ready: func(*lab.Lab) { cancel() }}
	if err := runLab(ctx, o, canaryEnv("", &out)); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"# expired", "# redirect", "authdoctor check", "-H 'Authorization: Bearer $LAB_TOKEN'"} {
		if !strings.Contains(s, want) {
			t.Errorf("lab output lacks %q", want)
		}
	}
	if strings.Contains(s, canary) {
		t.Error("lab output contains the canary")
	}
}
