package credential

import (
	"strings"
	"testing"
)

func TestPlaceholder(t *testing.T) {
	t.Parallel()
	names := map[string]bool{}
	for _, n := range PlaceholderNames() {
		names[n] = true
	}
	tests := []struct {
		name, value, want string
	}{
		{"postman variable", "{{token}}", "template-variable"},
		{"postman variable spaced", "{{ access_token }}", "template-variable"},
		{"quoted postman variable", `"{{token}}"`, "template-variable"},
		{"github actions expression", "${{ secrets.API_TOKEN }}", "ci-expression"},
		{"shell braces", "${TOKEN}", "shell-variable"},
		{"shell variable", "$TOKEN", "shell-variable"},
		{"shell variable lower", "$api_key", "shell-variable"},
		{"powershell", "$env:API_TOKEN", "shell-variable"},
		{"command substitution", "$(cat token.txt)", "shell-command"},
		{"backticks", "`cat token.txt`", "shell-command"},
		{"windows variable", "%API_KEY%", "windows-variable"},
		{"single braces", "{ACCESS_TOKEN}", "single-braces"},
		{"angle token", "<token>", "angle-brackets"},
		{"angle your api key", "<your-api-key>", "angle-brackets"},
		{"square brackets", "[TOKEN]", "square-brackets"},
		{"copied redacted output", "[redacted len=40 sha256=1a2b3c4d]", "redacted-copy"},
		{"copied empty secret", "[empty]", "redacted-copy"},
		{"js object", "[object Object]", "js-object"},
		{"YOUR_ACCESS_TOKEN", "YOUR_ACCESS_TOKEN", "your-credential"},
		{"YOUR_API_KEY", "YOUR_API_KEY", "your-credential"},
		{"your-token-here", "your-token-here", "your-credential"},
		{"your vendor key", "YOUR_STRIPE_SECRET_KEY", "your-credential"},
		{"your joined", "yourapikey", "your-credential"},
		{"REPLACE_ME", "REPLACE_ME", "replace-me"},
		{"replace with", "REPLACE_WITH_YOUR_TOKEN", "your-credential"},
		{"insert token here", "INSERT_TOKEN_HERE", "replace-me"},
		{"paste key", "paste-api-key", "replace-me"},
		{"token here", "API_KEY_HERE", "token-here"},
		{"changeme", "changeme", "changeme"},
		{"CHANGE_ME", "CHANGE_ME", "changeme"},
		{"xxx", "xxx", "xxx"},
		{"XXXXXXXX", "XXXXXXXX", "xxx"},
		{"grouped x", "xxxx-xxxx-xxxx", "xxx"},
		{"stars", "***", "masked"},
		{"masked key", "sk_test_****************1234", "vendor-prefix+masked"},
		{"bullets", "••••••••", "masked"},
		{"ellipsis", "...", "ellipsis"},
		{"zero uuid", "00000000-0000-0000-0000-000000000000", "zeros"},
		{"digits", "123456", "sequence"},
		{"letters", "abcdef", "sequence"},
		{"undefined", "undefined", "undefined"},
		{"null", "null", "null"},
		{"None", "None", "none"},
		{"nil", "nil", "nil"},
		{"NaN", "NaN", "nan"},
		{"token", "token", "token"},
		{"test", "test", "test"},
		{"TODO", "TODO", "todo"},
		{"placeholder", "PLACEHOLDER", "placeholder"},
		{"access token words", "access_token", "access-token"},
		{"Bearer alone", "Bearer", "scheme-only"},
		{"padded null", "  null  ", "null"},
		{"variable name pasted", "GITHUB_TOKEN", "variable-name"},
		{"variable name lower", "openai_api_key", "variable-name"},
		{"stripe REPLACE_ME", "sk_test_REPLACE_ME", "vendor-prefix+replace-me"},
		{"stripe your key", "sk_live_YOUR_SECRET_KEY", "vendor-prefix+your-credential"},
		{"github x", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "vendor-prefix+xxx"},
		{"stripe ellipsis", "sk_test_...", "vendor-prefix+ellipsis"},
		{"mollie x", "test_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "vendor-prefix+xxx"},
		{"slack angle", "xoxb-<token>", "vendor-prefix+angle-brackets"},
		{"prefix only", "ghp_", "vendor-prefix-only"},
		{"prefix case-insensitive", "SK_TEST_replace_me", "vendor-prefix+replace-me"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok := Placeholder(tc.value)
			if !ok || got != tc.want {
				t.Errorf("Placeholder(%q) = %q, %v; want %q, true", tc.value, got, ok, tc.want)
			}
			if !names[strings.TrimPrefix(got, "vendor-prefix+")] {
				t.Errorf("Placeholder(%q) = %q, not one of PlaceholderNames", tc.value, got)
			}
		})
	}
}

func TestPlaceholderNegatives(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, value string }{
		{"empty is missing, not a placeholder", ""},
		{"blank", "   "},
		{"xxx in the middle", fill(alnum, 12, 1) + "xxx" + fill(alnum, 12, 2)},
		{"starts with xxx", "xxx" + fill(alnum, 30, 3)},
		{"test prefix of a real token", "test" + fill(alnum, 30, 4)},
		{"null prefix", "nullable"},
		{"token prefix", "token123abc"},
		{"two x", "xx"},
		{"real stripe key", "sk_test_" + fill(alnum, 24, 5)},
		{"real github key", "ghp_" + fill(alnum, 36, 6)},
		{"mixed case identifier", "Sk_Test_" + fill(alnum, 10, 7)},
		{"jwt", jwtFrom(t, map[string]any{"alg": "HS256"}, map[string]any{"sub": "x"})},
		{"opaque with your inside", fill(alnum, 10, 8) + "your" + fill(alnum, 10, 9)},
		{"opaque hex", fill(hexLower, 40, 10)},
		{"digits not a sequence", "1234509876"},
		{"words without a credential word", "hello_world"},
		{"bearer and a token", "Bearer " + fill(alnum, 30, 11)},
		{"basic value", b64("user:pass")},
		{"angle inside", "ab<token>cd"},
		{"stars-free password", "hunter2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got, ok := Placeholder(tc.value); ok {
				t.Errorf("Placeholder(%s) = %q, want no match", tc.name, got)
			}
		})
	}
}

// TestClearlyNotPlaceholder: the fast path never hides what the rules
// match.
func TestClearlyNotPlaceholder(t *testing.T) {
	t.Parallel()
	for _, tc := range vendorCases() {
		for _, v := range []string{tc.value, tc.value[min(len(tc.value), 4):]} {
			if clearlyNotPlaceholder(v) {
				if what, ok := runPlaceholderRules(v); ok {
					t.Errorf("%s: fast path skips placeholder rule %s", tc.name, what)
				}
			}
		}
	}
	for _, v := range []string{"ABC123", "abc123abc123abc123", "AAAAAAAA11111111", "YOUR_KEY_1234567890", "your_key_1234567890", "a1_b2_c3_d4_e5_f6_g7", "{{token}}0123456789", "1234567890abcdefghij"} {
		if clearlyNotPlaceholder(v) {
			if what, ok := runPlaceholderRules(v); ok {
				t.Errorf("%q: fast path skips placeholder rule %s", v, what)
			}
		}
	}
}

func FuzzClearlyNotPlaceholder(f *testing.F) {
	for _, s := range []string{"ABC123ABC123ABC123", "abc123", "sk_test_REPLACE_ME_1234567", "0000000000000000a", "x1xxxxxxxxxxxxxxxxx"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if clearlyNotPlaceholder(v) {
			if what, ok := runPlaceholderRules(v); ok {
				t.Fatalf("fast path skips placeholder rule %s", what)
			}
		}
	})
}
