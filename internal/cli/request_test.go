package cli

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
)

func lookupOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestExpand(t *testing.T) {
	t.Parallel()
	env := lookupOf(map[string]string{"T": "tok", "EMPTY": "", "A_1": "x"})
	for _, tc := range []struct {
		name, in, want string
		refs           []authdoctor.VarRef
		err            bool
	}{
		{name: "plain", in: "Bearer $T", want: "Bearer tok", refs: []authdoctor.VarRef{{Name: "T", Set: true, Len: 3}}},
		{name: "braces", in: "Bearer ${T}x", want: "Bearer tokx", refs: []authdoctor.VarRef{{Name: "T", Set: true, Len: 3}}},
		{name: "unset", in: "Bearer $NOPE", want: "Bearer ", refs: []authdoctor.VarRef{{Name: "NOPE"}}},
		{name: "empty", in: "$EMPTY", want: "", refs: []authdoctor.VarRef{{Name: "EMPTY", Set: true, Empty: true}}},
		{name: "dollar dollar", in: "a$$b", want: "a$b"},
		{name: "lone dollar", in: "cost $ 5", want: "cost $ 5"},
		{name: "trailing dollar", in: "x$", want: "x$"},
		{name: "digits and underscore", in: "$A_1-", want: "x-", refs: []authdoctor.VarRef{{Name: "A_1", Set: true, Len: 1}}},
		{name: "unclosed", in: "${T", err: true},
		{name: "bad name", in: "${1x}", err: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, refs, err := expand(tc.in, env)
			if (err != nil) != tc.err {
				t.Fatalf("err = %v, want error %v", err, tc.err)
			}
			if tc.err {
				return
			}
			if got != tc.want {
				t.Errorf("expand(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if diff := cmp.Diff(tc.refs, refs); diff != "" {
				t.Errorf("refs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestHeaderField(t *testing.T) {
	t.Parallel()
	env := lookupOf(map[string]string{"T": "tok"})
	f, err := headerField("Authorization: Bearer $T", env)
	if err != nil || f.Name != "Authorization" || f.Value.Reveal() != "Bearer tok" || f.Origin != authdoctor.OriginEnv || f.Template != "Bearer $T" {
		t.Fatalf("got %+v, %v", f, err)
	}
	f, err = headerField("X-API-Key:  literal-key-123", env)
	if err != nil || f.Origin != authdoctor.OriginLiteral || f.Template != "" || f.Value.Reveal() != " literal-key-123" {
		t.Fatalf("literal: got %+v (%q), %v", f, f.Value.Reveal(), err)
	}
	for _, bad := range []string{"Authorization Bearer secret-value-1", ": x", "X: ${T"} {
		if _, err := headerField(bad, env); err == nil {
			t.Errorf("headerField(%q) accepted", bad)
		} else if strings.Contains(err.Error(), "secret-value-1") {
			t.Errorf("error quotes the value: %v", err)
		}
	}
}

func TestCutResolve(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][2]string{
		"api.example.com:443:127.0.0.1": {"api.example.com:443", "127.0.0.1:443"},
		"h:80:[::1]":                    {"h:80", "[::1]:80"},
		"h:80:::1":                      {"h:80", "[::1]:80"},
	} {
		hp, addr, ok := cutResolve(in)
		if !ok || hp != want[0] || addr != want[1] {
			t.Errorf("cutResolve(%q) = %q, %q, %v", in, hp, addr, ok)
		}
	}
	for _, bad := range []string{"h:80", "::", "h::1.2.3.4"} {
		if _, _, ok := cutResolve(bad); ok {
			t.Errorf("cutResolve(%q) accepted", bad)
		}
	}
}

func TestEnvProxy(t *testing.T) {
	t.Parallel()
	env := Env{Lookup: lookupOf(map[string]string{"HTTPS_PROXY": "http://p:3128", "NO_PROXY": "internal.example.com,.corp"})}
	for target, want := range map[string]string{
		"https://api.example.com/":     "http://p:3128",
		"http://api.example.com/":      "",
		"https://internal.example.com": "",
		"https://x.corp/":              "",
		"https://127.0.0.1:8080/":      "",
	} {
		if got := envProxy(env, target); got != want {
			t.Errorf("envProxy(%s) = %q, want %q", target, got, want)
		}
	}
}

// FuzzHeaderField: any -H argument either parses or gets a one-line
// error; neither the error nor the field's printed form contains the
// value's secret part.
func FuzzHeaderField(f *testing.F) {
	for _, s := range []string{"Authorization: Bearer $T", "X-API-Key: ${T}", "Authorization Bearer abc", "a:b", ":", "X: $", "X: ${", "X: $$T"} {
		f.Add(s, "secret-token-value")
	}
	f.Fuzz(func(t *testing.T, arg, secret string) {
		if len(secret) < 8 || strings.ContainsAny(secret, "$:{}") {
			return
		}
		env := lookupOf(map[string]string{"T": secret})
		fld, err := headerField(arg, env)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error: %q", err)
			}
			if !strings.Contains(arg, secret) && strings.Contains(err.Error(), secret) {
				t.Fatalf("error contains the variable's value: %v", err)
			}
			return
		}
		if fld.Sensitive() && strings.Contains(fld.Display(), secret) {
			t.Fatalf("Display() shows the secret: %q", fld.Display())
		}
	})
}
