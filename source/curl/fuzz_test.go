package curl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// canary is a credential the fuzzer's command always carries; it must
// never come back in an error, a note or an unknown option name.
const canary = "tok_canary_7f3a9c"

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	for _, s := range []string{
		`curl -sSLk -XPUT -HAccept:\ text/plain -d'a=1' https://api.example.com/x`,
		`curl --header="X-API-Key: k" --url=https://api.example.com/y --request=DELETE`,
		`curl -G https://api.example.com/search --data-urlencode "q=hello world" --url-query "+raw=1"`,
		`curl -H $'X-A: \x41\101\u00e9\t\'' https://api.example.com/`,
		`curl -H "X: ${A:-d}${B#x}$1$@" https://api.example.com/`,
		"curl ^\"https://api.example.com/^\" ^\n -H ^\"a: b^\"",
		`curl "https://bob:p%40ss@api.example.com/me" -u`,
		"curl https://api.example.com/ -H 'x' <<EOF\nbody\nEOF",
	} {
		f.Add(s)
	}
	lookup := func(string) (string, bool) { return canary, true }
	f.Fuzz(func(t *testing.T, s string) {
		for _, cmd := range []string{s, "curl -H 'Authorization: Bearer " + canary + "' " + s} {
			for _, lk := range []func(string) (string, bool){nil, lookup} {
				spec, err := Parse(cmd, lk)
				if err != nil {
					msg := err.Error()
					if strings.ContainsAny(msg, "\n\r") {
						t.Fatalf("error is not one line: %q", msg)
					}
					if !strings.HasPrefix(msg, sourceName+": ") {
						t.Fatalf("error without prefix: %q", msg)
					}
					if strings.Contains(msg, canary) {
						t.Fatalf("error leaks the credential: %q", msg)
					}
					continue
				}
				if strings.Contains(s, canary) {
					continue
				}
				for _, n := range append(spec.Notes, spec.Unknown...) {
					if strings.Contains(n, canary) {
						t.Fatalf("note or unknown option leaks the credential: %q", n)
					}
				}
			}
		}
	})
}
