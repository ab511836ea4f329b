package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestCanaryCurlExpanded: a secret that the curl reader expands from the
// environment — in a header, the body (-d token=$TOKEN), the query and
// -u $USER:$PASS, in a pipeline after TOKEN=$(…) — reaches the server,
// is named by its variable in the notes, and appears in no output of
// check or diff, in any format.
func TestCanaryCurlExpanded(t *testing.T) {
	t.Parallel()
	srv := echoServer(t)
	// A second server records what curl's request carried, to prove the
	// value was expanded and sent, not the literal $CANARY.
	var mu sync.Mutex
	got := map[string]bool{}
	rec := recordingServer(t, func(where string) { mu.Lock(); got[where] = true; mu.Unlock() })
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	files := map[string]string{}
	for _, base := range []string{srv.URL, rec.URL} {
		u := base + "/v1/orders"
		k := "e"
		if base == rec.URL {
			k = "r"
		}
		files[k+"header"] = write(k+"h.sh", `curl "`+u+`" -H "Authorization: Bearer $CANARY"`+"\n")
		files[k+"body"] = write(k+"d.sh", `curl "`+u+`" -d token=$CANARY -d "access_token=${CANARY}"`+"\n")
		files[k+"query"] = write(k+"q.sh", `curl "`+u+`?access_token=$CANARY&api_key=${CANARY}"`+"\n")
		files[k+"get"] = write(k+"g.sh", `curl -G "`+u+`" --data-urlencode "token=$CANARY"`+"\n")
		files[k+"user"] = write(k+"u.sh", `curl "`+u+`" -u $CANARY_USER:$CANARY_PASS`+"\n")
		files[k+"pipe"] = write(k+"p.sh", "$ export API=\""+base+"\"\n# list the orders\nTOKEN=$(vault read -field=token secret/api) && curl \"$API/v1/orders\" -H \"X-API-Key: $CANARY\" -H \"Authorization: Bearer $TOKEN\" | jq .\n")
	}
	cases := map[string]struct {
		args []string
		want []string
	}{
		"check header":      {[]string{"check", "--from-curl", files["eheader"], "-v"}, []string{"Authorization expanded from $CANARY"}},
		"check header json": {[]string{"check", "--from-curl", files["eheader"], "-o", "json"}, []string{"Authorization expanded from $CANARY"}},
		"check body":        {[]string{"check", "--from-curl", files["ebody"], "--allow-write", "--yes", "-v"}, []string{"the body expanded from $CANARY"}},
		"check body json":   {[]string{"check", "--from-curl", files["ebody"], "--allow-write", "--yes", "-o", "json"}, []string{"the body expanded from $CANARY"}},
		"check query":       {[]string{"check", "--from-curl", files["equery"], "-v"}, []string{"the URL expanded from $CANARY"}},
		"check query md":    {[]string{"check", "--from-curl", files["equery"], "-o", "markdown"}, nil}, // markdown shows no notes
		"check get json":    {[]string{"check", "--from-curl", files["eget"], "-o", "json"}, []string{"the query expanded from $CANARY"}},
		"check user":        {[]string{"check", "--from-curl", files["euser"], "-v"}, []string{"Authorization (-u) expanded from $CANARY_USER, $CANARY_PASS"}},
		"check user json":   {[]string{"check", "--from-curl", files["euser"], "-o", "json"}, []string{"Authorization (-u) expanded from $CANARY_USER, $CANARY_PASS"}},
		"check pipeline":    {[]string{"check", "--from-curl", files["epipe"], "-v"}, []string{"X-API-Key expanded from $CANARY", "export TOKEN", "jq"}},
		"diff header body":  {[]string{"diff", "curl:" + files["eheader"], "curl:" + files["ebody"], "--all"}, []string{"A: Authorization expanded from $CANARY", "B: the body expanded from $CANARY"}},
		"diff query user":   {[]string{"diff", "curl:" + files["equery"], files["euser"], "-o", "json"}, []string{"A: the URL expanded from $CANARY", "B: Authorization (-u) expanded from $CANARY_USER, $CANARY_PASS"}},
		"diff get pipeline": {[]string{"diff", files["eget"], "curl:" + files["epipe"], "--all"}, []string{"A: the query expanded from $CANARY", "B: X-API-Key expanded from $CANARY"}},
		"diff user header":  {[]string{"diff", files["euser"], files["eheader"]}, []string{"expanded from $CANARY"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			Main(context.Background(), tc.args, canaryEnv("", &out))
			s := out.String()
			for _, leak := range []string{canary, url.QueryEscape(canary), base64.StdEncoding.EncodeToString([]byte("svc:" + canary))} {
				if strings.Contains(s, leak) {
					t.Errorf("output contains the canary (%d bytes form):\n%s", len(leak), s)
				}
			}
			if strings.Contains(s, "refusing to print") || strings.Contains(s, "warning: the") {
				t.Errorf("the output guard had to step in:\n%s", s)
			}
			for _, w := range tc.want {
				if !strings.Contains(s, w) {
					t.Errorf("output lacks %q:\n%s", w, s)
				}
			}
		})
	}
	// The same commands against the recording server: the expanded value
	// is what went out.
	for _, k := range []string{"rheader", "rbody", "rquery", "rget", "ruser", "rpipe"} {
		var out bytes.Buffer
		args := []string{"check", "--from-curl", files[k], "--no-confirm"}
		if k == "rbody" {
			args = append(args, "--allow-write", "--yes")
		}
		Main(context.Background(), args, canaryEnv("", &out))
		if strings.Contains(out.String(), canary) {
			t.Errorf("%s: output contains the canary", k)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, where := range []string{"header", "body", "query", "basic", "x-api-key"} {
		if !got[where] {
			t.Errorf("the server never received the expanded canary in the %s (got %v)", where, got)
		}
	}
}

// recordingServer answers 401 to everything and calls seen with where the
// canary arrived: "header" (Bearer), "basic", "x-api-key", "query",
// "body".
func recordingServer(t *testing.T, seen func(where string)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Bearer "+canary {
			seen("header")
		}
		if u, p, ok := r.BasicAuth(); ok && u == "svc" && p == canary {
			seen("basic")
		}
		if r.Header.Get("X-Api-Key") == canary {
			seen("x-api-key")
		}
		q := r.URL.Query()
		if q.Get("access_token") == canary || q.Get("token") == canary {
			seen("query")
		}
		if r.ParseForm() == nil && r.PostForm.Get("token") == canary && r.PostForm.Get("access_token") == canary {
			seen("body")
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="rec"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	t.Cleanup(srv.Close)
	return srv
}
