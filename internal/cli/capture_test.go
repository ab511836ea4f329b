package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/render"
	"github.com/authdoctor/authdoctor/source/har"
)

// captureRun runs authdoctor capture in front of upstream with o, lets
// traffic send its requests through the proxy, stops it and returns
// what it printed and the error runCapture returned.
func captureRun(t *testing.T, o *captureOptions, traffic func(base string)) (string, error) {
	t.Helper()
	var out bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr := make(chan string, 1)
	o.ready = func(a string) { addr <- a }
	if o.listen == "" {
		o.listen = "127.0.0.1:0"
	}
	if o.output == "" {
		o.output = "text"
	}
	done := make(chan error, 1)
	go func() { done <- runCapture(ctx, o, canaryEnv("", &out)) }()
	select {
	case a := <-addr:
		traffic("http://" + a)
		cancel()
		err := <-done
		return out.String(), err
	case err := <-done:
		return out.String(), err
	}
}

// send makes one request and reads the answer to the end.
func send(t *testing.T, method, u, body string, header map[string]string) int {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, u, r)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// expiredToken is a JWT whose exp passed two hours before now.
func expiredToken(now time.Time) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(map[string]any{"alg": "RS256", "typ": "JWT"}) + "." +
		enc(map[string]any{"iss": "https://issuer.example.test/", "exp": now.Add(-2 * time.Hour).Unix(), "iat": now.Add(-3 * time.Hour).Unix()}) +
		"." + strings.Repeat("c2ln", 11)
}

// TestCaptureCommand proxies an application's traffic: one line per
// exchange, a verdict on each 401, a HAR file har.Read accepts.
func TestCaptureCommand(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 1, 12, 0, 1, 0, time.UTC)
	up := echoServer(t)
	cases := map[string]struct {
		output string
		check  func(t *testing.T, out string)
	}{
		"text": {output: "text", check: func(t *testing.T, out string) {
			for _, want := range []string{
				"12:00:01 GET /v1/orders → 401 (0ms) Authorization: Bearer [redacted len=",
				"— token_expired (",
				"(passive: no baseline was sent)",
				"12:00:01 GET /v1/orders → 401 (0ms) Authorization: Bearer [redacted len=",
				"— header_malformed",
				"POST /v1/token → 401 (0ms) body: access_token=[redacted] — ",
				"stopped after 3 exchange(s), 3 refused (401/403)",
				"HAR written to",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		}},
		"json": {output: "json", check: func(t *testing.T, out string) {
			lines := 0
			for _, l := range strings.Split(out, "\n") {
				if !strings.HasPrefix(l, "{") {
					continue
				}
				lines++
				var doc map[string]any
				if err := json.Unmarshal([]byte(l), &doc); err != nil {
					t.Fatalf("line %q: %v", l, err)
				}
				if doc["schema"] != render.CaptureSchema || doc["baseline_sent"] != false || doc["verdict"] == nil {
					t.Errorf("line %s", l)
				}
			}
			if lines != 3 {
				t.Errorf("%d JSON lines, want 3:\n%s", lines, out)
			}
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			harFile := filepath.Join(t.TempDir(), "out.har")
			o := &captureOptions{upstream: up.URL, harFile: harFile, output: tc.output, now: func() time.Time { return now }}
			out, err := captureRun(t, o, func(base string) {
				send(t, "GET", base+"/v1/orders", "", map[string]string{"Authorization": "Bearer " + expiredToken(now)})
				send(t, "GET", base+"/v1/orders", "", map[string]string{"Authorization": "Bearer Bearer " + canary})
				send(t, "POST", base+"/v1/token", url.Values{"access_token": {canary}}.Encode(), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
			})
			if err != nil {
				t.Fatalf("runCapture: %v\n%s", err, out)
			}
			tc.check(t, out)
			if strings.Contains(out, canary) {
				t.Errorf("output contains the canary:\n%s", out)
			}
			b, err := os.ReadFile(harFile)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(b, []byte(canary)) {
				t.Errorf("the HAR file contains the canary: %s", b)
			}
			l, err := har.Read(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Entries) != 3 {
				t.Fatalf("HAR has %d entries, want 3", len(l.Entries))
			}
			if pd := l.Entries[2].Request.PostData; pd == nil || !strings.Contains(pd.Text, "access_token=") {
				t.Errorf("the HAR lost where the body token was: %+v", pd)
			}
			// diff reads what capture wrote, and sees where each request
			// carried its credential.
			var diffOut bytes.Buffer
			code := Main(context.Background(), []string{"diff", harFile + "#1", harFile + "#3", "-o", "json"}, canaryEnv("", &diffOut))
			if code != ExitDiagnosed || !strings.Contains(diffOut.String(), "body access_token") || strings.Contains(diffOut.String(), canary) {
				t.Errorf("diff of the captured HAR: exit %d\n%s", code, diffOut.String())
			}
		})
	}
}

// TestCaptureExitCodes: usage errors are 2, a listen failure 3, and a
// non-loopback --listen warns on stderr.
func TestCaptureExitCodes(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { busy.Close() })
	dir := t.TempDir()
	cases := map[string]struct {
		args []string
		code int
		want []string
	}{
		"no upstream":       {args: []string{"capture"}, code: ExitUsage, want: []string{"--upstream https://api.example.com"}},
		"bad upstream":      {args: []string{"capture", "--upstream", "ftp://x"}, code: ExitUsage, want: []string{"not an http"}},
		"upstream userinfo": {args: []string{"capture", "--upstream", "https://u:" + canary + "@127.0.0.1"}, code: ExitUsage, want: []string{"user:password"}},
		"upstream query":    {args: []string{"capture", "--upstream", "https://127.0.0.1/?key=" + canary}, code: ExitUsage, want: []string{"without query"}},
		"bad output":        {args: []string{"capture", "--upstream", "http://127.0.0.1:1", "-o", "markdown"}, code: ExitUsage, want: []string{"not one of text, json"}},
		"har unwritable":    {args: []string{"capture", "--upstream", "http://127.0.0.1:1", "--har", filepath.Join(dir, "missing", "x.har")}, code: ExitUsage, want: []string{"cannot write --har"}},
		"extra argument":    {args: []string{"capture", "--upstream", "http://127.0.0.1:1", "extra"}, code: ExitUsage},
		"port busy":         {args: []string{"capture", "--upstream", "http://127.0.0.1:1", "--listen", busy.Addr().String()}, code: ExitUnreachable, want: []string{"cannot listen on " + busy.Addr().String()}},
		// 192.0.2.1 (TEST-NET-1) is on no interface: the bind fails, so
		// nothing listens beyond loopback, and the warning comes first.
		"non-loopback warns": {args: []string{"capture", "--upstream", "http://127.0.0.1:1", "--listen", "192.0.2.1:0"}, code: ExitUnreachable,
			want: []string{"warning: --listen 192.0.2.1:0 is not a loopback address", "cannot listen on 192.0.2.1:0"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			code := Main(context.Background(), tc.args, canaryEnv("", &out))
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s", code, tc.code, out.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
			if strings.Contains(out.String(), canary) {
				t.Errorf("output contains the canary:\n%s", out.String())
			}
		})
	}
}

// TestCaptureLoopbackQuiet: the default loopback listen prints no warning
// and a clean stop exits 0.
func TestCaptureLoopbackQuiet(t *testing.T) {
	t.Parallel()
	up := echoServer(t)
	out, err := captureRun(t, &captureOptions{upstream: up.URL}, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "warning") {
		t.Errorf("loopback listen warned:\n%s", out)
	}
	if !strings.Contains(out, "stopped after 0 exchange(s)") {
		t.Errorf("no summary:\n%s", out)
	}
}

// TestCaptureCanary sends the canary every way an application can through
// capture, against the echo server, in both output formats: it appears
// nowhere in stdout, stderr or the HAR file.
func TestCaptureCanary(t *testing.T) {
	t.Parallel()
	up := echoServer(t)
	basic := base64.StdEncoding.EncodeToString([]byte("svc:" + canary))
	type req struct {
		method, path, body string
		header             map[string]string
	}
	reqs := map[string]req{
		"bearer":         {method: "GET", path: "/a", header: map[string]string{"Authorization": "Bearer " + canary}},
		"double scheme":  {method: "GET", path: "/b", header: map[string]string{"Authorization": "Bearer Bearer " + canary}},
		"trailing space": {method: "GET", path: "/c", header: map[string]string{"Authorization": "Bearer " + canary + " "}},
		"api key":        {method: "GET", path: "/d", header: map[string]string{"X-API-Key": canary}},
		"basic":          {method: "GET", path: "/e", header: map[string]string{"Authorization": "Basic " + basic}},
		"cookie":         {method: "GET", path: "/f", header: map[string]string{"Cookie": "session=" + canary}},
		"query":          {method: "GET", path: "/g?access_token=" + canary},
		"form body":      {method: "POST", path: "/h", body: "access_token=" + canary, header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}},
		"json body":      {method: "POST", path: "/i", body: `{"client_secret":"` + canary + `"}`, header: map[string]string{"Content-Type": "application/json"}},
		"custom header":  {method: "GET", path: "/j", header: map[string]string{"X-Auth-Token": canary}},
	}
	for _, output := range []string{"text", "json"} {
		t.Run(output, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			harFile, db := filepath.Join(dir, "c.har"), filepath.Join(dir, "history.db")
			o := &captureOptions{upstream: up.URL, harFile: harFile, output: output}
			o.history.store = db
			out, err := captureRun(t, o, func(base string) {
				for _, r := range reqs {
					send(t, r.method, base+r.path, r.body, r.header)
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(harFile)
			if err != nil {
				t.Fatal(err)
			}
			files := map[string]string{"output": out, "HAR file": string(b)}
			for _, p := range []string{db, db + "-wal"} {
				if d, err := os.ReadFile(p); err == nil {
					files[filepath.Base(p)] = string(d)
				}
			}
			if len(files) < 3 || !strings.Contains(files["history.db"]+files["history.db-wal"], `"kind":"capture"`) {
				t.Errorf("no capture run in the history database")
			}
			for what, s := range files {
				for _, leak := range []string{canary, basic} {
					if strings.Contains(s, leak) {
						t.Errorf("%s contains the credential:\n%s", what, s)
					}
				}
			}
			if n := strings.Count(string(b), `"startedDateTime"`); n != len(reqs) {
				t.Errorf("HAR has %d entries, want %d", n, len(reqs))
			}
		})
	}
}
