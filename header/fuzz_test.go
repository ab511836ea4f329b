package header

import (
	"errors"
	"strings"
	"testing"
)

func FuzzParseChallenges(f *testing.F) {
	for _, tc := range challengeCases {
		switch len(tc.in) {
		case 0:
			f.Add("", "")
		case 1:
			f.Add(tc.in[0], "")
		default:
			f.Add(tc.in[0], tc.in[1])
		}
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		in := []string{a, b}
		cs, err := ParseChallenges(in)
		for _, c := range cs {
			if c.Scheme == "" {
				t.Fatalf("empty scheme in %q", in)
			}
			for i := 0; i < len(c.Scheme); i++ {
				if !isTchar(c.Scheme[i]) {
					t.Fatalf("scheme %q has a non-token byte", c.Scheme)
				}
			}
			if c.Token68 != "" && len(c.Params) > 0 {
				t.Fatalf("challenge %+v has both token68 and params", c)
			}
			seen := map[string]bool{}
			for _, p := range c.Params {
				n := strings.ToLower(p.Name)
				if seen[n] {
					t.Fatalf("duplicate param %q kept", p.Name)
				}
				seen[n] = true
			}
		}
		if err == nil {
			return
		}
		var pe *ParseError
		if !errors.As(err, &pe) || len(pe.Problems) == 0 {
			t.Fatalf("error %v is not a *ParseError with problems", err)
		}
		if strings.ContainsAny(err.Error(), "\r\n") {
			t.Fatalf("error is not one line: %q", err.Error())
		}
		for _, p := range pe.Problems {
			if p.Field < 0 || p.Field >= len(in) || p.Offset < 0 || p.Offset > len(in[p.Field]) {
				t.Fatalf("problem %+v out of range", p)
			}
		}
	})
}

// credentialPart is the part of an Authorization value that must never
// appear in a Detail: what follows the scheme, without the scheme words and
// pasted header names that may legitimately be named, trimmed.
func credentialPart(v string) string {
	c := v
	if _, cred, ok := Split(v); ok {
		c = cred
	}
	for {
		c = strings.Trim(c, " \t\r\n\"'")
		if n, _ := pastedPrefix(c); n > 0 {
			c = c[n:]
			continue
		}
		if n, _ := schemePrefix(c); n > 0 {
			c = c[n:]
			continue
		}
		return c
	}
}

func FuzzLintAuthorization(f *testing.F) {
	for _, tc := range authCases {
		f.Add(tc.value)
	}
	for _, s := range secrets {
		for _, v := range mistakes(s) {
			f.Add(v)
		}
	}
	f.Fuzz(func(t *testing.T, v string) {
		cred := credentialPart(v)
		for _, lint := range []func(string) []Issue{LintAuthorization, LintValue} {
			is := lint(v)
			for k, i := range is {
				if i.Offset < -1 || i.Offset > len(v) {
					t.Fatalf("issue %+v out of range for %d bytes", i, len(v))
				}
				if i.Detail == "" || strings.ContainsAny(i.Detail, "\r\n") {
					t.Fatalf("bad detail %q", i.Detail)
				}
				if len(cred) >= 6 && strings.Contains(i.Detail, cred) {
					t.Fatalf("detail %q holds the credential of %q", i.Detail, v)
				}
				if k > 0 && (is[k-1].Offset > i.Offset || is[k-1].Offset == i.Offset && is[k-1].Code > i.Code) {
					t.Fatalf("issues not sorted: %v", is)
				}
			}
			fixed, changed := Fix(v, is)
			if changed != (fixed != v) {
				t.Fatalf("Fix(%q) = %q, changed %v", v, fixed, changed)
			}
			again, changed2 := Fix(fixed, lint(fixed))
			if again != fixed || changed2 {
				t.Fatalf("Fix not idempotent: %q -> %q -> %q", v, fixed, again)
			}
		}
		LintName(v)
	})
}
