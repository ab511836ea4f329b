package postman_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor/source/postman"
)

func mustCollection(t testing.TB, js string) *postman.Collection {
	t.Helper()
	c, err := postman.ReadCollection(strings.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustEnv(t testing.TB, js string) *postman.Environment {
	t.Helper()
	e, err := postman.ReadEnvironment(strings.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestPrecedence: environment > collection variable > globals, the first
// environment given wins, disabled values do not count.
func TestPrecedence(t *testing.T) {
	t.Parallel()
	collection := func(vars string) string {
		return `{"info":{"name":"P"},"variable":[` + vars + `],"item":[{"name":"r","request":{"url":"https://api.example.com/{{v}}"}}]}`
	}
	envE := `{"name":"E","values":[{"key":"v","value":"from-env","enabled":true}]}`
	envE2 := `{"name":"E2","values":[{"key":"v","value":"from-env2","enabled":true}]}`
	envOff := `{"name":"Off","values":[{"key":"v","value":"from-off","enabled":false}]}`
	glob := `{"name":"G","_postman_variable_scope":"globals","values":[{"key":"v","value":"from-globals"}]}`
	collVar := `{"key":"v","value":"from-collection"}`
	tests := []struct {
		name string
		coll string
		envs []string
		want string
		src  string
	}{
		{name: "nowhere", want: "{{v}}", src: "undefined Postman variable: {{v}}"},
		{name: "globals only", envs: []string{glob}, want: "from-globals", src: "Postman globals: {{v}}"},
		{name: "collection only", coll: collVar, want: "from-collection", src: "Postman collection variable: {{v}}"},
		{name: "environment only", envs: []string{envE}, want: "from-env", src: "Postman environment E: {{v}}"},
		{name: "collection over globals", coll: collVar, envs: []string{glob}, want: "from-collection"},
		{name: "environment over globals", envs: []string{glob, envE}, want: "from-env"},
		{name: "environment over collection", coll: collVar, envs: []string{envE}, want: "from-env"},
		{name: "environment over both", coll: collVar, envs: []string{glob, envE}, want: "from-env"},
		{name: "first environment wins", envs: []string{envE2, envE}, want: "from-env2", src: "Postman environment E2: {{v}}"},
		{name: "disabled environment value falls through", coll: collVar, envs: []string{envOff}, want: "from-collection"},
		{name: "disabled collection variable falls through", coll: `{"key":"v","value":"x","disabled":true}`, envs: []string{glob}, want: "from-globals"},
		{name: "empty environment value still wins", coll: collVar, envs: []string{`{"name":"Z","values":[{"key":"v","value":""}]}`}, want: ""},
		{name: "nested across scopes", coll: `{"key":"v","value":"{{w}}-c"}`, envs: []string{`{"name":"E","values":[{"key":"w","value":"e"}]}`}, want: "e-c",
			src: "Postman collection variable: {{v}}, Postman environment E: {{w}}"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := mustCollection(t, collection(tc.coll))
			var envs []*postman.Environment
			for _, e := range tc.envs {
				envs = append(envs, mustEnv(t, e))
			}
			spec, err := c.Spec([]string{"r"}, envs...)
			if err != nil {
				t.Fatal(err)
			}
			if want := "https://api.example.com/" + tc.want; spec.Request.URL != want {
				t.Errorf("URL = %q, want %q", spec.Request.URL, want)
			}
			// The same variable in a header shows where it came from.
			c = mustCollection(t, `{"info":{"name":"P"},"variable":[`+tc.coll+`],"item":[{"name":"r","request":{"url":"https://a.example","header":[{"key":"X-Token","value":"{{v}}"}]}}]}`)
			spec, err = c.Spec([]string{"r"}, envs...)
			if err != nil {
				t.Fatal(err)
			}
			if f, _ := spec.Request.Get("X-Token"); tc.src != "" && f.Source != tc.src {
				t.Errorf("Source = %q, want %q", f.Source, tc.src)
			}
		})
	}
}

func TestNesting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, vars, want, note string
	}{
		{name: "five levels", vars: `{"key":"a","value":"{{b}}"},{"key":"b","value":"{{c}}"},{"key":"c","value":"{{d}}"},{"key":"d","value":"{{e}}"},{"key":"e","value":"{{f}}"},{"key":"f","value":"deep"}`,
			want: "deep"},
		{name: "six levels stop", vars: `{"key":"a","value":"{{b}}"},{"key":"b","value":"{{c}}"},{"key":"c","value":"{{d}}"},{"key":"d","value":"{{e}}"},{"key":"e","value":"{{f}}"},{"key":"f","value":"{{g}}"},{"key":"g","value":"deep"}`,
			want: "{{g}}", note: "{{f}} nests variables more than 5 levels deep; the rest is left as written"},
		{name: "cycle", vars: `{"key":"a","value":"x{{b}}"},{"key":"b","value":"{{a}}"}`,
			want: "x{{a}}", note: "{{a}} refers to itself through other variables; it is left as written"},
		{name: "self", vars: `{"key":"a","value":"{{a}}"}`, want: "{{a}}", note: "{{a}} refers to itself through other variables; it is left as written"},
		{name: "spaces inside braces", vars: `{"key":"b","value":"1"}`, want: "{{ b }}", note: "{{ b }} is not defined, but {{b}} is: remove the spaces inside the braces"},
		{name: "unterminated", vars: ``, want: "{{a"},
		{name: "braces inside braces", vars: `{"key":"b","value":"1"}`, want: "{{x1"},
	}
	urls := map[string]string{"spaces inside braces": "{{ b }}", "unterminated": "{{a", "braces inside braces": "{{x{{b}}"}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ref := "{{a}}"
			if u, ok := urls[tc.name]; ok {
				ref = u
			}
			c := mustCollection(t, `{"info":{"name":"N"},"variable":[`+tc.vars+`],"item":[{"name":"r","request":{"url":"https://api.example.com/`+ref+`"}}]}`)
			spec, err := c.Spec([]string{"r"})
			if err != nil {
				t.Fatal(err)
			}
			if want := "https://api.example.com/" + tc.want; spec.Request.URL != want {
				t.Errorf("URL = %q, want %q", spec.Request.URL, want)
			}
			if tc.note != "" && !contains(spec.Notes, tc.note) {
				t.Errorf("missing note %q in %q", tc.note, spec.Notes)
			}
		})
	}
}

// TestInheritance runs every combination of collection, folder and request
// auth: the nearest auth that is set and not "inherit" is used, and "noauth"
// sends nothing.
func TestInheritance(t *testing.T) {
	t.Parallel()
	levels := map[string]string{
		"absent":  "",
		"null":    `"auth":null,`,
		"inherit": `"auth":{"type":"inherit"},`,
		"noauth":  `"auth":{"type":"noauth"},`,
	}
	bearer := func(tok string) string {
		return `"auth":{"type":"bearer","bearer":[{"key":"token","value":"` + tok + `"}]},`
	}
	kinds := []string{"absent", "null", "inherit", "noauth", "bearer"}
	auth := func(kind, tok string) string {
		if kind == "bearer" {
			return bearer(tok)
		}
		return levels[kind]
	}
	for _, ck := range []string{"absent", "noauth", "bearer"} {
		for _, fk := range kinds {
			for _, rk := range kinds {
				name := fmt.Sprintf("collection=%s/folder=%s/request=%s", ck, fk, rk)
				want := ""
				for _, l := range []struct{ kind, tok string }{{rk, "R"}, {fk, "F"}, {ck, "C"}} {
					if l.kind == "noauth" {
						break
					}
					if l.kind == "bearer" {
						want = "Bearer " + l.tok
						break
					}
				}
				js := `{"info":{"name":"I"},` + auth(ck, "C") + `"item":[{"name":"F",` + auth(fk, "F") +
					`"item":[{"name":"r","request":{` + auth(rk, "R") + `"url":"https://api.example.com/x"}}]}]}`
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					spec, err := mustCollection(t, js).Spec([]string{"F", "r"})
					if err != nil {
						t.Fatal(err)
					}
					f, ok := spec.Request.Get("Authorization")
					if got := f.Value.Reveal(); got != want || ok != (want != "") {
						t.Errorf("Authorization = %q (present %v), want %q", got, ok, want)
					}
				})
			}
		}
	}
}

// TestSubfolderInheritance: a folder without auth between the request and
// a folder with auth passes it on.
func TestSubfolderInheritance(t *testing.T) {
	t.Parallel()
	js := `{"info":{"name":"I"},"auth":{"type":"bearer","bearer":[{"key":"token","value":"C"}]},"item":[
	{"name":"A","auth":{"type":"apikey","apikey":[{"key":"key","value":"X-Key"},{"key":"value","value":"A"}]},"item":[
		{"name":"B","item":[{"name":"C","auth":{"type":"inherit"},"item":[{"name":"r","request":{"url":"https://api.example.com"}}]}]},
		{"name":"N","auth":{"type":"noauth"},"item":[{"name":"r","request":{"url":"https://api.example.com"}}]}
	]}]}`
	c := mustCollection(t, js)
	spec, err := c.Spec([]string{"A", "B", "C", "r"})
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := spec.Request.Get("X-Key"); !ok || f.Value.Reveal() != "A" {
		t.Errorf("X-Key = %v, %v", f.Value.Reveal(), ok)
	}
	if _, ok := spec.Request.Get("Authorization"); ok {
		t.Error("the collection's bearer leaked past the folder's apikey")
	}
	spec, err = c.Spec([]string{"A", "N", "r"})
	if err != nil {
		t.Fatal(err)
	}
	if len(spec.Request.Header) != 0 || !contains(spec.Notes, `auth: No Auth on the folder "N", overriding the apikey auth of the folder "A"`) {
		t.Errorf("headers %v, notes %q", spec.Request.Header, spec.Notes)
	}
}
