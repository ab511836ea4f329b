package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/internal/browser"
	"github.com/authdoctor/authdoctor/internal/loggen"
)

// writeLog writes a generated log with an incident on sandbox's
// /v1/orders/{id}, plus a line with a secret in its query and a malformed
// one holding the canary.
func writeLog(t *testing.T, dir string) (string, loggen.Truth) {
	t.Helper()
	var b bytes.Buffer
	truth, err := loggen.Write(&b, loggen.Config{Lines: 200_000, Start: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Seed: 5,
		Incident: &loggen.Incident{Host: "api.sandbox.example.com", Route: "/v1/orders/{id}", From: 14 * time.Hour, For: 40 * time.Minute, Rate: 0.6}})
	if err != nil {
		t.Fatal(err)
	}
	b.WriteString("api.example.com:443 192.0.2.9 - - [01/Dec/2026:23:59:59 +0000] \"GET /v1/me?api_key=" + canary + " HTTP/1.1\" 200 1 \"-\" \"ua\"\n")
	b.WriteString("Authorization: Bearer " + canary + " in a debug line\n")
	c := truth[loggen.Key{Env: "production", Route: "/v1/me"}]
	c.Requests++
	truth[loggen.Key{Env: "production", Route: "/v1/me"}] = c
	p := filepath.Join(dir, "access.log")
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p, truth
}

func TestLogsCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	log, truth := writeLog(t, dir)
	run := func(t *testing.T, args ...string) (string, int) {
		t.Helper()
		var out bytes.Buffer
		code := Main(context.Background(), append([]string{"logs"}, args...), canaryEnv("", &out))
		if strings.Contains(out.String(), canary) {
			t.Errorf("logs %v printed the canary", args)
		}
		return out.String(), code
	}

	out, code := run(t, log, "--top", "3")
	if code != ExitOK {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	for _, want := range []string{
		"1 incident window: /v1/orders/{id} in sandbox, 401 for ",
		"from 2026-12-01 14:00 to 14:40 UTC",
		"200,001 requests from 2026-12-01 00:00 to 2026-12-02 00:00 UTC (" + log + ": vhost_combined)",
		"\nproduction — ", "\nsandbox — ", "\nstaging — ",
		"(9 of 24 routes shown: --top 3 per environment)",
		"  sandbox  /v1/orders/{id}  401  2026-12-01 14:00 → 14:40 UTC (40m)  ",
		"1 line in no known format, not counted:\n  " + log + ":200002: Authorization: Bearer [redacted",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}

	out, code = run(t, log, "-o", "json")
	if code != ExitOK {
		t.Fatalf("json: exit %d", code)
	}
	var doc logsDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != LogsSchema || doc.Lines != 200_002 || doc.Parsed != 200_001 || doc.MalformedLines != 1 || len(doc.Windows) != 1 {
		t.Errorf("json: %s, %d lines, %d requests, %d malformed, %d windows", doc.Schema, doc.Lines, doc.Parsed, doc.MalformedLines, len(doc.Windows))
	}
	got := loggen.Truth{}
	for _, r := range doc.Routes {
		got[loggen.Key{Env: r.Env, Route: r.Route}] = loggen.Counts{Requests: r.Requests, Unauthorized: r.Unauthorized, Forbidden: r.Forbidden}
	}
	if len(got) != len(truth) {
		t.Errorf("json: %d routes, the reference %d", len(got), len(truth))
	}
	for k, want := range truth {
		if got[k] != want {
			t.Errorf("json: %v = %+v, the reference %+v", k, got[k], want)
		}
	}

	out, _ = run(t, log, "-o", "csv", "--by", "method")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 2 || recs[0][0] != "environment" || recs[0][4] != "401" {
		t.Errorf("csv: %v", recs[:min(2, len(recs))])
	}
	methods := map[string]bool{}
	for _, r := range recs[1:] {
		methods[r[1]] = true
	}
	if !methods["GET"] || !methods["POST"] || !methods["DELETE"] {
		t.Errorf("csv --by method: methods %v", methods)
	}

	out, _ = run(t, log, "-o", "markdown")
	if !strings.Contains(out, "### Incident windows") || !strings.Contains(out, "| sandbox | `/v1/orders/{id}` | 401 | 2026-12-01 14:00 | 14:40 |") {
		t.Errorf("markdown:\n%s", out)
	}

	// rules: environments by glob, routes by regex, lines without a host
	out, _ = run(t, log, "--env", "*.sandbox.example.com=lab", "--route", "^/v1/orders/[0-9]+$=/v1/orders/:id", "-o", "json")
	if !strings.Contains(out, `"environment": "lab"`) || !strings.Contains(out, `"route": "/v1/orders/:id"`) {
		t.Errorf("--env and --route not applied")
	}
}

func TestLogsErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := "api.example.com:443 192.0.2.1 - - [01/Dec/2026:10:00:00 +0000] \"GET /v1/me HTTP/1.1\" 401 1 \"-\" \"ua\"\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	for range 30000 {
		zw.Write([]byte(good))
	}
	zw.Close()
	cut := filepath.Join(dir, "access.log.2.gz")
	os.WriteFile(cut, gz.Bytes()[:gz.Len()/2], 0o600)
	plain := filepath.Join(dir, "access.log")
	os.WriteFile(plain, []byte(good+good), 0o600)
	prose := filepath.Join(dir, "notes.txt")
	os.WriteFile(prose, []byte("hello\nworld\n"), 0o600)
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"cut gzip", []string{plain, cut}, ExitUnreachable, "/v1/me", "access.log.2.gz: cut off"},
		{"no files", nil, ExitUsage, "", "give the access log files"},
		{"missing", []string{filepath.Join(dir, "nope.log")}, ExitUsage, "", "cannot read"},
		{"directory", []string{dir}, ExitUsage, "", "is a directory"},
		{"prose", []string{prose}, ExitUnreachable, "", "in no known format"},
		{"bad format", []string{"--format", "w3c", plain}, ExitUsage, "", `format "w3c" is not one of`},
		{"bad route", []string{"--route", "(=x", plain}, ExitUsage, "", "--route"},
		{"bad env", []string{"--env", "nohost", plain}, ExitUsage, "", "HOST_GLOB=ENV"},
		{"bad window", []string{"--window", "soon", plain}, ExitUsage, "", "--window"},
		{"bad json fields", []string{"--json-fields", "colour=x", plain}, ExitUsage, "", "not one of status, path"},
		{"bad by", []string{"--by", "host", plain}, ExitUsage, "", "only --by method"},
		{"bad output", []string{"-o", "yaml", plain}, ExitUsage, "", "not one of text, json"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			env := canaryEnv("", &stdout)
			env.Stderr = &stderr
			code := Main(context.Background(), append([]string{"logs"}, tc.args...), env)
			if code != tc.code || !strings.Contains(stdout.String(), tc.stdout) || !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tc.code, stdout.String(), stderr.String())
			}
			if n := strings.Count(strings.TrimSpace(stderr.String()), "\n"); n > 0 {
				t.Errorf("the error is %d lines: %s", n+1, stderr.String())
			}
		})
	}
}

// TestLogsHTMLInBrowser renders the heat map page in headless Chromium
// and reads the DOM: the headline, a row per route, the incident window,
// no script, no canary.
func TestLogsHTMLInBrowser(t *testing.T) {
	t.Parallel()
	log, _ := writeLog(t, t.TempDir())
	var out bytes.Buffer
	if code := Main(context.Background(), []string{"logs", log, "-o", "html"}, canaryEnv("", &out)); code != ExitOK {
		t.Fatalf("exit %d: %s", code, out.String())
	}
	page := out.Bytes()
	if bytes.Contains(page, []byte("<script")) || bytes.Contains(page, []byte(canary)) {
		t.Fatal("the page holds a script or the canary")
	}
	shown := browser.Render(t, "logs", page, "table.windows")
	for _, want := range []string{"401 rates by endpoint and environment", "1 incident window: /v1/orders/{id} in sandbox",
		"Heat map", "Incident windows", "Lines in no known format (1, not counted)"} {
		if !strings.Contains(shown.Text, want) {
			t.Errorf("the page's text lacks %q", want)
		}
	}
	if n := strings.Count(shown.DOM, `<tr class="route">`); n != 24 {
		t.Errorf("%d heat map rows, want 24 (every route)", n)
	}
	if !strings.Contains(shown.Elements["table.windows"], "sandbox") {
		t.Errorf("the incident windows table shows %q", shown.Elements["table.windows"])
	}
	if !strings.Contains(shown.DOM, `class="cell l5"`) {
		t.Error("no cell shaded for half the requests or more answered 401 (the incident)")
	}
	if strings.Contains(shown.DOM, canary) {
		t.Error("the DOM holds the canary")
	}
}

// TestLogsOpenAPI: --openapi counts paths under the document's templates,
// with its server's base path, where the default rule would keep a word.
func TestLogsOpenAPI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec := filepath.Join(dir, "openapi.yaml")
	os.WriteFile(spec, []byte(`openapi: 3.0.3
info: {title: shop, version: "1"}
servers: [{url: "https://api.example.com/v1"}]
paths:
  /orders/{orderId}: {get: {responses: {"200": {description: ok}}}}
  /orders/export: {post: {responses: {"202": {description: ok}}}}
`), 0o600)
	log := filepath.Join(dir, "access.log")
	var b strings.Builder
	for _, p := range []string{"/v1/orders/abc", "/v1/orders/xyz", "/v1/orders/export", "/v2/orders/abc"} {
		b.WriteString("api.example.com:443 192.0.2.1 - - [01/Dec/2026:10:00:00 +0000] \"GET " + p + " HTTP/1.1\" 401 1 \"-\" \"ua\"\n")
	}
	os.WriteFile(log, []byte(b.String()), 0o600)
	var out bytes.Buffer
	if code := Main(context.Background(), []string{"logs", log, "--openapi", spec, "-o", "csv"}, canaryEnv("", &out)); code != ExitOK {
		t.Fatalf("exit %d: %s", code, out.String())
	}
	recs, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range recs[1:] {
		got[r[2]] = r[3]
	}
	want := map[string]string{"/v1/orders/{orderId}": "2", "/v1/orders/export": "1", "/v2/orders/abc": "1"}
	if len(got) != len(want) {
		t.Errorf("routes %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("route %s: %s requests, want %s (all: %v)", k, got[k], v, got)
		}
	}
}

// TestProgressBar draws the bar at most five times a second and clears
// it at the end.
func TestProgressBar(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	p := newProgressBar(&out, 10_000_000)
	p.start = time.Now().Add(-2 * time.Second)
	p.update(5_000_000, 1_000_000)
	p.update(6_000_000, 1_200_000) // within 200 ms: not drawn
	p.done()
	s := out.String()
	if !strings.Contains(s, "reading: 5.0 MB of 10.0 MB (50%, ") || !strings.Contains(s, "left) · 49") || !strings.Contains(s, " lines/s") {
		t.Errorf("bar: %q", s)
	}
	if strings.Count(s, "reading:") != 1 || !strings.HasSuffix(s, "\r\x1b[K") {
		t.Errorf("drawn %d times, or not cleared: %q", strings.Count(s, "reading:"), s)
	}
}
