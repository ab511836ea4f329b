package credential

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// vendorCase builds one key at run time: prefix + generated rest.
type vendorCase struct {
	name   string
	prefix string
	rest   string
	want   Vendor // Name, Prefix, Kind, Environment, AccessCredential compared
}

func vendorCases() []vendorCase {
	v := func(name, prefix, kind, env string, access bool) Vendor {
		return Vendor{Name: name, Prefix: prefix, Kind: kind, Environment: env, AccessCredential: access}
	}
	return []vendorCase{
		{"stripe secret test", "sk_test_", fill(alnum, 24, 1), v("Stripe", "sk_test_", "secret", "test", true)},
		{"stripe secret live long", "sk_live_", fill(alnum, 99, 2), v("Stripe", "sk_live_", "secret", "live", true)},
		{"stripe restricted test", "rk_test_", fill(alnum, 24, 3), v("Stripe", "rk_test_", "restricted", "test", true)},
		{"stripe restricted live", "rk_live_", fill(alnum, 24, 4), v("Stripe", "rk_live_", "restricted", "live", true)},
		{"stripe publishable test", "pk_test_", fill(alnum, 24, 5), v("Stripe", "pk_test_", "publishable", "test", false)},
		{"stripe publishable live", "pk_live_", fill(alnum, 24, 6), v("Stripe", "pk_live_", "publishable", "live", false)},
		{"github classic pat", "ghp_", fill(alnum, 36, 7), v("GitHub", "ghp_", "pat", "", true)},
		{"github fine-grained", "github_pat_", fill(alnum, 22, 8) + "_" + fill(alnum, 59, 9), v("GitHub", "github_pat_", "fine-grained-pat", "", true)},
		{"github oauth", "gho_", fill(alnum, 36, 10), v("GitHub", "gho_", "oauth", "", true)},
		{"github user-to-server", "ghu_", fill(alnum, 36, 11), v("GitHub", "ghu_", "user-to-server", "", true)},
		{"github server-to-server", "ghs_", fill(alnum, 36, 12), v("GitHub", "ghs_", "server-to-server", "", true)},
		{"github refresh", "ghr_", fill(alnum, 76, 13), v("GitHub", "ghr_", "refresh", "", false)},
		{"gitlab pat", "glpat-", fill(b64url, 20, 14), v("GitLab", "glpat-", "pat", "", true)},
		{"slack bot", "xoxb-", fill("0123456789", 12, 15) + "-" + fill(alnum, 24, 16), v("Slack", "xoxb-", "bot", "", true)},
		{"slack user", "xoxp-", fill("0123456789", 12, 17) + "-" + fill(alnum, 32, 18), v("Slack", "xoxp-", "user", "", true)},
		{"slack rotating bot", "xoxe.xoxb-", "1-" + fill(alnum, 40, 19), v("Slack", "xoxe.xoxb-", "bot", "", true)},
		{"slack rotating user", "xoxe.xoxp-", "1-" + fill(alnum, 40, 20), v("Slack", "xoxe.xoxp-", "user", "", true)},
		{"slack app", "xapp-", "1-" + fill(alnum, 40, 21), v("Slack", "xapp-", "app", "", true)},
		{"slack refresh", "xoxe-", "1-" + fill(alnum, 40, 22), v("Slack", "xoxe-", "refresh", "", false)},
		{"openai project", "sk-proj-", fill(b64url, 120, 23), v("OpenAI", "sk-proj-", "project", "", true)},
		{"openai service account", "sk-svcacct-", fill(b64url, 120, 24), v("OpenAI", "sk-svcacct-", "service-account", "", true)},
		{"openai admin", "sk-admin-", fill(b64url, 80, 25), v("OpenAI", "sk-admin-", "admin", "", true)},
		{"openai legacy", "sk-", fill(alnum, 48, 26), v("OpenAI", "sk-", "user", "", true)},
		{"anthropic api03", "sk-ant-api03-", fill(b64url, 95, 27), v("Anthropic", "sk-ant-api03-", "api-key", "", true)},
		{"anthropic admin", "sk-ant-admin01-", fill(b64url, 95, 28), v("Anthropic", "sk-ant-admin01-", "admin", "", true)},
		{"anthropic other", "sk-ant-", "oat01-" + fill(b64url, 90, 29), v("Anthropic", "sk-ant-", "api-key", "", true)},
		{"aws long-term", "AKIA", fill(upperNum, 16, 30), v("AWS", "AKIA", "long-term", "", false)},
		{"aws temporary", "ASIA", fill(upperNum, 16, 31), v("AWS", "ASIA", "temporary", "", false)},
		{"google api key", "AIza", fill(b64url, 35, 32), v("Google", "AIza", "api-key", "", true)},
		{"google oauth", "ya29.", fill(b64url, 150, 33), v("Google", "ya29.", "oauth", "", true)},
		{"google refresh", "1//", fill(b64url, 100, 34), v("Google", "1//", "refresh", "", false)},
		{"sendgrid", "SG.", fill(b64url, 22, 35) + "." + fill(b64url, 43, 36), v("SendGrid", "SG.", "api-key", "", true)},
		{"twilio api key sid", "SK", fill(hexLower, 32, 37), v("Twilio", "SK", "api-key-sid", "", false)},
		{"twilio account sid", "AC", fill(hexLower, 32, 38), v("Twilio", "AC", "account-sid", "", false)},
		{"shopify admin", "shpat_", fill(hexLower, 32, 39), v("Shopify", "shpat_", "admin", "", true)},
		{"shopify custom app", "shpca_", fill(hexLower, 32, 40), v("Shopify", "shpca_", "custom-app", "", true)},
		{"shopify private app", "shppa_", fill(hexLower, 32, 41), v("Shopify", "shppa_", "private-app", "", true)},
		{"shopify shared secret", "shpss_", fill(hexLower, 32, 42), v("Shopify", "shpss_", "shared-secret", "", false)},
		{"square access token", "EAAA", fill(b64url, 60, 43), v("Square", "EAAA", "access-token", "", true)},
		{"square legacy production", "sq0atp-", fill(b64url, 22, 44), v("Square", "sq0atp-", "access-token", "production", true)},
		{"square legacy sandbox", "sandbox-sq0atb-", fill(b64url, 22, 45), v("Square", "sandbox-sq0atb-", "access-token", "sandbox", true)},
		{"square app id", "sq0idp-", fill(b64url, 22, 46), v("Square", "sq0idp-", "app-id", "production", false)},
		{"square sandbox app id b", "sandbox-sq0idb-", fill(b64url, 22, 47), v("Square", "sandbox-sq0idb-", "app-id", "sandbox", false)},
		{"square sandbox app id p", "sandbox-sq0idp-", fill(b64url, 22, 48), v("Square", "sandbox-sq0idp-", "app-id", "sandbox", false)},
		{"square app secret", "sq0csp-", fill(b64url, 43, 49), v("Square", "sq0csp-", "app-secret", "production", false)},
		{"square sandbox app secret", "sandbox-sq0csb-", fill(b64url, 43, 50), v("Square", "sandbox-sq0csb-", "app-secret", "sandbox", false)},
		{"npm", "npm_", fill(alnum, 36, 51), v("npm", "npm_", "access-token", "", true)},
		{"pypi", "pypi-", "AgEIcHlwaS5vcmc" + fill(b64url, 120, 52), v("PyPI", "pypi-", "api-token", "", true)},
		{"hugging face", "hf_", fill(alnum, 34, 53), v("Hugging Face", "hf_", "access-token", "", true)},
		{"hubspot na1", "pat-na1-", fill(hexLower, 8, 54) + "-" + fill(hexLower, 4, 55) + "-" + fill(hexLower, 4, 56) + "-" + fill(hexLower, 4, 57) + "-" + fill(hexLower, 12, 58), v("HubSpot", "pat-na1-", "private-app", "", true)},
		{"hubspot eu1", "pat-eu1-", fill(hexLower, 8, 59) + "-" + fill(hexLower, 4, 60) + "-" + fill(hexLower, 4, 61) + "-" + fill(hexLower, 4, 62) + "-" + fill(hexLower, 12, 63), v("HubSpot", "pat-eu1-", "private-app", "", true)},
		{"mollie test", "test_", fill(alnum, 30, 64), v("Mollie", "test_", "api-key", "test", true)},
		{"mollie live", "live_", fill(alnum, 30, 65), v("Mollie", "live_", "api-key", "live", true)},
		{"mailgun", "key-", fill(hexLower, 32, 66), v("Mailgun", "key-", "api-key", "", true)},
	}
}

func TestRecognise(t *testing.T) {
	t.Parallel()
	for _, tc := range vendorCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok := Recognise(tc.prefix + tc.rest)
			if !ok {
				t.Fatalf("Recognise(%s…) = not recognised", tc.prefix)
			}
			got = Vendor{Name: got.Name, Prefix: got.Prefix, Kind: got.Kind, Environment: got.Environment, AccessCredential: got.AccessCredential}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("Recognise(%s…) mismatch (-want +got):\n%s", tc.prefix, d)
			}
		})
	}
}

// TestRecogniseEveryPrefixTested keeps the table and the cases in step:
// adding a vendor means adding a positive case.
func TestRecogniseEveryPrefixTested(t *testing.T) {
	t.Parallel()
	tested := map[string]bool{}
	for _, tc := range vendorCases() {
		tested[tc.prefix] = true
	}
	for _, v := range Vendors() {
		if !tested[v.Prefix] {
			t.Errorf("vendor prefix %q has no positive test case", v.Prefix)
		}
		if v.Docs == "" || v.Name == "" || v.Kind == "" {
			t.Errorf("vendor prefix %q lacks a name, kind or docs link", v.Prefix)
		}
	}
}

func TestRecogniseNearMisses(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, value string }{
		{"empty", ""},
		{"prefix alone", "sk_test_"},
		{"stripe too short", "sk_test_" + fill(alnum, 10, 1)},
		{"stripe with hyphen", "sk_test_" + fill(alnum, 12, 2) + "-" + fill(alnum, 12, 3)},
		{"stripe wrong case", "SK_TEST_" + fill(alnum, 24, 4)},
		{"stripe not at start", "my" + "sk_test_" + fill(alnum, 24, 5)},
		{"github 35 chars", "ghp_" + fill(alnum, 35, 6)},
		{"github underscore", "ghp_" + fill(alnum, 20, 7) + "_" + fill(alnum, 16, 8)},
		{"gitlab short", "glpat-" + fill(alnum, 10, 9)},
		{"slack short", "xoxb-123"},
		{"anthropic short is not openai", "sk-ant-" + fill(alnum, 20, 10)},
		{"openai short", "sk-" + fill(alnum, 20, 11)},
		{"aws 15", "AKIA" + fill(upperNum, 15, 12)},
		{"aws 17", "AKIA" + fill(upperNum, 17, 13)},
		{"aws lower case", "AKIA" + strings.ToLower(fill(upperNum, 16, 14))},
		{"google key 34", "AIza" + fill(b64url, 34, 15)},
		{"google refresh short", "1//" + fill(alnum, 10, 16)},
		{"sendgrid one part", "SG." + fill(b64url, 60, 17)},
		{"twilio upper hex", "SK" + strings.ToUpper(fill(hexLower, 32, 18))},
		{"twilio 31", "AC" + fill(hexLower, 31, 19)},
		{"acme word", "ACMECorporation"},
		{"shopify 31", "shpat_" + fill(hexLower, 31, 20)},
		{"square short", "EAAA" + fill(alnum, 20, 21)},
		{"npm short", "npm_" + fill(alnum, 10, 22)},
		{"hf short", "hf_" + fill(alnum, 10, 23)},
		{"hubspot not uuid", "pat-na1-" + fill(alnum, 36, 24)},
		{"mollie 29", "test_" + fill(alnum, 29, 25)},
		{"mollie words", "test_user_creation_for_the_login_page"},
		{"mailgun not hex", "key-" + fill(alnum, 32, 26)},
		{"key value", "key-value"},
		{"live word", "live_stream"},
		{"jwt", jwtFrom(t, map[string]any{"alg": "HS256"}, map[string]any{"sub": "x"})},
		{"opaque", fill(alnum, 40, 27)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if v, ok := Recognise(tc.value); ok {
				t.Errorf("Recognise(near miss %q) = %s %s, want not recognised", tc.name, v.Name, v.Prefix)
			}
		})
	}
}

func TestRecogniseTrimsSpace(t *testing.T) {
	t.Parallel()
	v, ok := Recognise(" ghp_" + fill(alnum, 36, 1) + "\n")
	if !ok || v.Name != "GitHub" {
		t.Errorf("Recognise with surrounding white space = %v, %v; want GitHub", v.Name, ok)
	}
}

func TestRecogniseReturnsCopy(t *testing.T) {
	t.Parallel()
	v, _ := Recognise("ghp_" + fill(alnum, 36, 1))
	v.Alternatives[0] = "changed"
	w, _ := Recognise("ghp_" + fill(alnum, 36, 1))
	if w.Alternatives[0] == "changed" {
		t.Error("Recognise shares the table's Alternatives slice")
	}
}
