package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCanarySources: credentials read from files — curl commands, HAR
// entries, Postman environments, profiles — appear in no output of check,
// diff and compare.
func TestCanarySources(t *testing.T) {
	t.Parallel()
	srv := echoServer(t)
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	u := srv.URL + "/v1/orders"
	curlFile := write("c.sh", "curl '"+u+"' -H 'Authorization: Bearer "+canary+"' -H 'X-Other: 1'\n")
	bodyCurl := write("b.sh", "curl '"+u+"' -d 'access_token="+canary+"&x=1'\n")
	harFile := write("a.har", `{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[{"startedDateTime":"2026-11-29T12:00:00Z","time":1,
"request":{"method":"GET","url":"`+u+`?api_key=`+canary+`","httpVersion":"HTTP/1.1","headers":[{"name":"X-API-Key","value":"`+canary+`"}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},
"response":{"status":401,"statusText":"Unauthorized","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{"size":0,"mimeType":"text/plain"},"redirectURL":"","headersSize":-1,"bodySize":0},
"cache":{},"timings":{"send":0,"wait":1,"receive":0}}]}}`)
	coll := write("p.json", `{"info":{"name":"c","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
"auth":{"type":"bearer","bearer":[{"key":"token","value":"{{token}}","type":"string"}]},
"item":[{"name":"Orders","request":{"method":"GET","url":"`+u+`"}}]}`)
	penv := write("e.json", `{"name":"e","values":[{"key":"token","value":"`+canary+`","enabled":true}]}`)
	prof := write("authdoctor.yaml", "environments:\n  a:\n    base_url: "+srv.URL+"\n    headers:\n      Authorization: Bearer $CANARY\n  b:\n    base_url: "+srv.URL+"\n    headers:\n      Authorization: Bearer $CANARY_NL\nrequests:\n  r:\n    path: /v1/orders\n")
	badProf := write("bad.yaml", "environments:\n  a:\n    base_url: "+srv.URL+"\n    headers:\n      Authorization: Bearer "+canary+"\n")
	for name, args := range map[string][]string{
		"check from curl":    {"check", "--from-curl", curlFile, "-v"},
		"check from har":     {"check", "--from-har", harFile, "-o", "json"},
		"check from postman": {"check", "--from-postman", coll, "--postman-env", penv, "--request-name", "Orders", "-o", "markdown"},
		"check profile":      {"check", "--config", prof, "--env", "a", "r", "-v"},
		"bad profile":        {"check", "--config", badProf, "--env", "a", "r"},
		"diff curl har":      {"diff", curlFile, harFile, "--all"},
		"diff body json":     {"diff", curlFile, bodyCurl, "-o", "json"},
		"diff postman":       {"diff", "postman:" + coll + "#Orders", curlFile, "--postman-env", penv, "--all"},
		"compare":            {"compare", "r", "--config", prof},
		"compare json":       {"compare", "r", "--config", prof, "-o", "json"},
		"compare markdown":   {"compare", "r", "--config", prof, "-o", "markdown"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			Main(context.Background(), args, canaryEnv("", &out))
			if strings.Contains(out.String(), canary) {
				t.Errorf("output contains the canary:\n%s", out.String())
			}
			if strings.Contains(out.String(), "refusing to print") {
				t.Errorf("the output guard had to stop a leak:\n%s", out.String())
			}
		})
	}
}
