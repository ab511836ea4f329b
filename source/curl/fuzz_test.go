package curl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
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

// fuzzEnv is the environment of FuzzWords: blanks, an empty value and a
// value with glob characters, the cases where splitting matters.
var fuzzEnv = []string{"A=a b", "B=", "T=" + canary, "S=  lead and trail  ", "G=*.go ?", "N=3", "U=https://api.example.com/v1"}

// FuzzWords checks the expander against mvdan.cc/sh's own expand.Fields:
// for a curl command with no assignments, substitutions or redirections,
// the arguments the reader expands, splits and tracks piece by piece must
// be exactly the fields the expand package produces.
func FuzzWords(f *testing.F) {
	for _, s := range []string{
		`-H "Authorization: Bearer $T" $U/x`,
		`$A "$A" '$A' ${A}x${B} "${B}" $B`,
		`${S} x${S}y "${S}"`,
		`-d {a,b} https://x/{1..3} {id}`,
		`${T:-d} ${B:-dflt} ${B-dflt} ${Z:+alt} ${A:+alt} ${#T} ${T:0:4} ${T/canary/C} ${A^^} ${U%/v1} ${U#https://}`,
		`$((N+1)) "$((N*2))" $G`,
		`-u $A:$T --oauth2-bearer $'x\ty' "a\"b" a\ b`,
	} {
		f.Add(s)
	}
	vars := map[string]string{}
	for _, kv := range fuzzEnv {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	lookup := func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 2048 || strings.ContainsAny(s, "~`<>|;&\n\x00") || strings.Contains(s, "$(") ||
			strings.Contains(s, "${!") || strings.Contains(s, "$@") || strings.Contains(s, "$*") ||
			strings.Contains(s, "=") || strings.Contains(s, "[") || strings.Contains(s, "$'") {
			// Outside the subset both sides agree on. expand decodes
			// $'\cX' and $'\700' differently from bash 5.2; the reader
			// follows bash (TestParse, "ansi-c escapes as bash").
			return
		}
		cmd := "curl " + s
		if tooDeep(cmd) > 0 {
			return // refused on purpose (TestParse, "deep nesting")
		}
		p := syntax.NewParser(syntax.Variant(syntax.LangBash))
		file, err := p.Parse(strings.NewReader(cmd), "")
		if err != nil || len(file.Stmts) != 1 {
			return
		}
		call, ok := file.Stmts[0].Cmd.(*syntax.CallExpr)
		if !ok || len(call.Assigns) > 0 || len(file.Stmts[0].Redirs) > 0 || file.Stmts[0].Background || call.Args[0].Lit() != "curl" {
			return
		}
		want, err := expand.Fields(&expand.Config{Env: expand.ListEnviron(fuzzEnv...)}, call.Args[1:]...)
		if err != nil {
			return
		}
		sc, err := shellWords(cmd, lookup)
		if err != nil {
			t.Fatalf("shellWords(%q): %v, expand.Fields gave %q", cmd, err, want)
		}
		var got []string
		for _, w := range sc.args {
			got = append(got, w.String())
		}
		if strings.Join(got, "\x00") != strings.Join(want, "\x00") || len(got) != len(want) {
			t.Fatalf("%q:\nreader %q\nexpand %q", cmd, got, want)
		}
		for _, w := range sc.args {
			if strings.Contains(w.template(), canary) {
				t.Fatalf("template holds the value of $T: %q", w.template())
			}
		}
	})
}
