package postman_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor/source"
	"github.com/authdoctor/authdoctor/source/postman"
)

// leaks returns the canaries found in the parts of a Spec that are shown
// as they are: Name, From, Notes, Unknown and each field's Source and
// Template. A header's name is left out: it is sent and shown as it is,
// and a collection that takes a header name from a secret variable asks
// for that.
func leaks(s source.Spec, secrets []string) []string {
	shown := []string{s.Name, s.From}
	shown = append(shown, s.Notes...)
	shown = append(shown, s.Unknown...)
	for _, f := range s.Request.Header {
		shown = append(shown, f.Source, f.Template, f.Value.String(), fmt.Sprintf("%+v", f.Value))
	}
	var out []string
	for _, sec := range secrets {
		for _, x := range shown {
			if sec != "" && strings.Contains(x, sec) {
				out = append(out, sec)
			}
		}
	}
	return out
}

func TestCanary(t *testing.T) {
	t.Parallel()
	c := orders(t)
	staging := env(t, "staging.postman_environment.json")
	globals := env(t, "workspace.postman_globals.json")
	secrets := append([]string{"collection-token-value", "global-token-value", "stale-manual-token"}, canaries...)
	for _, name := range c.Names() {
		_, path, err := c.Find(name)
		if err != nil {
			t.Fatalf("Find(%q): %v", name, err)
		}
		for _, envs := range [][]*postman.Environment{nil, {staging}, {staging, globals}} {
			spec, err := c.Spec(path, envs...)
			if err != nil {
				t.Fatalf("Spec(%q): %v", name, err)
			}
			if l := leaks(spec, secrets); len(l) > 0 {
				t.Errorf("%s: %q shown in clear", name, l)
			}
		}
	}
	for _, v := range []any{c, staging, globals} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
			if s := fmt.Sprintf(verb, v); len(leaks(source.Spec{Name: s}, secrets)) > 0 {
				t.Errorf("%s of %T prints a value: %s", verb, v, s)
			}
		}
	}
	it, _, _ := c.Find("Create order")
	if s := fmt.Sprintf("%+v %#v", it, it); s != "Create order Create order" {
		t.Errorf("item prints as %q", s)
	}
	// Errors never quote the file.
	for _, in := range []string{
		`{"info":{"name":"x"},"item":[], "v": env-token-CANARY-7f3a9c}`,
		`{"info":{"name":"x"},"variable":[{"key":"t","value":"env-token-CANARY-7f3a9c"`,
		`env-token-CANARY-7f3a9c`,
		`"env-token-CANARY-7f3a9c"`,
		`[{"key":"t","value":"env-token-CANARY-7f3a9c"}]`,
	} {
		if _, err := postman.ReadCollection(strings.NewReader(in)); err == nil || strings.Contains(err.Error(), "CANARY") {
			t.Errorf("ReadCollection(%q) = %v", in, err)
		}
		if _, err := postman.ReadEnvironment(strings.NewReader(in)); err != nil && strings.Contains(err.Error(), "CANARY") {
			t.Errorf("ReadEnvironment(%q) = %v", in, err)
		}
	}
}

func FuzzReadCollection(f *testing.F) {
	for _, seed := range []string{
		`{"info":{"name":"A"},"auth":{"type":"bearer","bearer":[{"key":"token","value":"{{token}}"}]},"item":[{"name":"r","request":{"url":"https://api.example.com/{{v}}"}}]}`,
		`{"info":{"name":"A"},"item":[{"name":"F","auth":{"type":"basic","basic":{"username":"{{u}}","password":"{{token}}"}},"item":[{"name":"r","request":"{{base}}/x"}]}]}`,
		`{"info":{"name":"A"},"item":[{"name":"r","request":{"auth":{"type":"apikey","apikey":[{"key":"in","value":"query"},{"key":"key","value":"k"},{"key":"value","value":"{{token}}"}]},"url":{"host":["{{h}}"],"path":[":id"],"variable":[{"key":"id","value":"{{token}}"}],"query":[{"key":"a","disabled":true}]}}}]}`,
		`{"info":{"name":"A"},"item":[{"name":"r","request":{"auth":{"type":"oauth2","oauth2":[{"key":"accessToken","value":"{{token}}"},{"key":"headerPrefix","value":""}]},"header":"A: b\n// C: d","body":{"mode":"graphql","graphql":{"query":"{{token}}","variables":"{"}},"url":"x"}}]}`,
		`{"collection":{"info":{"name":"W"},"item":[]}}`,
		`{"name":"v1","requests":[]}`,
		`{"info":{"name":"A"},"item":[{"name":"r","request":{"url":"{{a}}{{$guid}}{{ a }}{{x{{a}}"}}]}`,
	} {
		f.Add([]byte(seed))
	}
	const token = "fuzz-secret-CANARY-5150"
	envs := []*postman.Environment{
		mustEnv(f, `{"name":"E","values":[{"key":"token","value":"`+token+`"},{"key":"a","value":"{{b}}"},{"key":"b","value":"{{a}}"}]}`),
		mustEnv(f, `{"name":"G","_postman_variable_scope":"globals","values":[{"key":"v","value":"g"}]}`),
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if strings.Contains(string(data), token) {
			t.Skip() // the canary must come from the environment only
		}
		c, err := postman.ReadCollection(strings.NewReader(string(data)))
		if err != nil {
			return
		}
		for _, name := range c.Names() {
			_, path, err := c.Find(name)
			if err != nil {
				// Duplicate names make a path ambiguous; Spec by path must still work.
				continue
			}
			spec, err := c.Spec(path, envs...)
			if err != nil {
				if strings.Contains(err.Error(), token) {
					t.Fatalf("error leaks the token: %v", err)
				}
				continue
			}
			if l := leaks(spec, []string{token}); len(l) > 0 {
				t.Fatalf("%q: token shown in clear: notes %q", name, spec.Notes)
			}
		}
		if _, _, err := c.Find(string(data)); err != nil && strings.Contains(err.Error(), token) {
			t.Fatal("Find error leaks the token")
		}
	})
}
