package credential

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// vendorCase is one key built at run time, and what Recognise (or, with
// header set, RecogniseIn) must say of it.
type vendorCase struct {
	name   string
	header string // "" for Recognise
	value  string
	want   Vendor // the fields vendorFacts keeps
}

// vendorFacts keeps the fields the cases compare.
func vendorFacts(v Vendor) Vendor {
	return Vendor{
		Name: v.Name, Prefix: v.Prefix, Kind: v.Kind, Environment: v.Environment, AccessCredential: v.AccessCredential,
		ChecksumResult: v.ChecksumResult, Host: v.Host, Region: v.Region,
	}
}

func vendorCases() []vendorCase {
	v := func(name, prefix, kind, env string, access bool) Vendor {
		return Vendor{Name: name, Prefix: prefix, Kind: kind, Environment: env, AccessCredential: access}
	}
	with := func(x Vendor, f func(*Vendor)) Vendor {
		f(&x)
		return x
	}
	valid := func(x Vendor) Vendor { return with(x, func(x *Vendor) { x.ChecksumResult = ChecksumValid }) }
	host := func(x Vendor, h string) Vendor { return with(x, func(x *Vendor) { x.Host = h }) }
	slackIDs := func(salt int) string {
		return fill(digits, 11, salt) + "-" + fill(digits, 12, salt+1) + "-" + fill(digits, 13, salt+2)
	}
	return []vendorCase{
		// Stripe and the vendors that share its prefixes.
		{"stripe secret test", "", "sk_test_" + fill(alnum, 24, 1), v("Stripe", "sk_test_", "secret", EnvTest, true)},
		{"stripe secret live long", "", "sk_live_" + fill(alnum, 99, 2), v("Stripe", "sk_live_", "secret", EnvLive, true)},
		{"stripe restricted test", "", "rk_test_" + fill(alnum, 24, 3), v("Stripe", "rk_test_", "restricted", EnvTest, true)},
		{"stripe restricted live", "", "rk_live_" + fill(alnum, 24, 4), v("Stripe", "rk_live_", "restricted", EnvLive, true)},
		{"stripe publishable test", "", "pk_test_" + fill(alnum, 24, 5), v("Stripe", "pk_test_", "publishable", EnvTest, false)},
		{"stripe publishable live", "", "pk_live_" + fill(alnum, 99, 6), v("Stripe", "pk_live_", "publishable", EnvLive, false)},
		{"stripe webhook secret", "", "whsec_" + fill(alnum, 32, 7), v("Stripe", "whsec_", "webhook-secret", "", false)},
		{"stripe webhook secret from the CLI", "", "whsec_" + fill(hexLower, 64, 8), v("Stripe", "whsec_", "webhook-secret", "", false)},
		{"clerk publishable development", "", "pk_test_" + clerkPK("foo-bar-13.clerk.accounts.dev", false), host(v("Clerk", "pk_test_", "publishable", EnvTest, false), "foo-bar-13.clerk.accounts.dev")},
		{"clerk publishable production", "", "pk_live_" + clerkPK("clerk.shop.example.com", true), host(v("Clerk", "pk_live_", "publishable", EnvLive, false), "clerk.shop.example.com")},
		{"clerk secret test", "", "sk_test_" + fill(alnum, 42, 9), v("Clerk", "sk_test_", "secret", EnvTest, true)},
		{"clerk secret live", "", "sk_live_" + fill(alnum, 42, 10), v("Clerk", "sk_live_", "secret", EnvLive, true)},

		// Payments.
		{"paddle live api key", "", "pdl_live_apikey_" + fill(lowerNum, 26, 11) + "_" + fill(alnum, 22, 12) + "_" + fill(alnum, 3, 13), v("Paddle", "pdl_live_apikey_", "api-key", EnvLive, true)},
		{"paddle sandbox api key", "", "pdl_sdbx_apikey_" + fill(lowerNum, 26, 14) + "_" + fill(alnum, 22, 15) + "_" + fill(alnum, 3, 16), v("Paddle", "pdl_sdbx_apikey_", "api-key", EnvSandbox, true)},
		{"paddle client token sandbox", "", "test_" + fill(hexLower, 27, 17), v("Paddle", "test_", "client-token", EnvSandbox, false)},
		{"paddle client token live", "", "live_" + fill(hexLower, 27, 18), v("Paddle", "live_", "client-token", EnvLive, false)},
		{"adyen client key test", "", "test_" + fill(base32Chars, 32, 19), v("Adyen", "test_", "client-key", EnvTest, false)},
		{"adyen client key live", "", "live_" + fill(base32Chars, 32, 20), v("Adyen", "live_", "client-key", EnvLive, false)},
		{"mollie test", "", "test_" + fill(alnum, 30, 64), v("Mollie", "test_", "api-key", EnvTest, true)},
		{"mollie live", "", "live_" + fill(alnum, 30, 65), v("Mollie", "live_", "api-key", EnvLive, true)},
		{"mollie organization access token", "", "access_" + fill(alnum, 40, 21), v("Mollie", "access_", "organization-access-token", "", true)},
		{"razorpay test key id", "", "rzp_test_" + fill(alnum, 14, 22), v("Razorpay", "rzp_test_", "key-id", EnvTest, false)},
		{"razorpay live key id", "", "rzp_live_" + fill(alnum, 14, 23), v("Razorpay", "rzp_live_", "key-id", EnvLive, false)},
		{"braintree production access token", "", "access_token$production$" + fill(lowerNum, 16, 24) + "$" + fill(hexLower, 32, 25), v("Braintree", "access_token$production$", "access-token", EnvProduction, true)},
		{"braintree sandbox access token", "", "access_token$sandbox$" + fill(lowerNum, 16, 26) + "$" + fill(hexLower, 32, 27), v("Braintree", "access_token$sandbox$", "access-token", EnvSandbox, true)},
		{"braintree production tokenization key", "", "production_" + fill(lowerNum, 8, 28) + "_" + fill(lowerNum, 16, 29), v("Braintree", "production_", "tokenization-key", EnvProduction, false)},
		{"braintree sandbox tokenization key", "", "sandbox_" + fill(lowerNum, 8, 30) + "_" + fill(lowerNum, 16, 31), v("Braintree", "sandbox_", "tokenization-key", EnvSandbox, false)},
		{"plaid sandbox access token", "", "access-sandbox-" + uuidFrom(32), v("Plaid", "access-sandbox-", "access-token", EnvSandbox, true)},
		{"plaid development access token", "", "access-development-" + uuidFrom(33), v("Plaid", "access-development-", "access-token", EnvSandbox, true)},
		{"plaid production access token", "", "access-production-" + uuidFrom(34), v("Plaid", "access-production-", "access-token", EnvProduction, true)},
		{"plaid sandbox public token", "", "public-sandbox-" + uuidFrom(35), v("Plaid", "public-sandbox-", "public-token", EnvSandbox, false)},
		{"plaid production public token", "", "public-production-" + uuidFrom(36), v("Plaid", "public-production-", "public-token", EnvProduction, false)},
		{"plaid sandbox link token", "", "link-sandbox-" + uuidFrom(37), v("Plaid", "link-sandbox-", "link-token", EnvSandbox, false)},
		{"plaid production link token", "", "link-production-" + uuidFrom(38), v("Plaid", "link-production-", "link-token", EnvProduction, false)},
		{"square access token", "", "EAAA" + fill(b64url, 60, 43), v("Square", "EAAA", "access-token", "", true)},
		{"square legacy production", "", "sq0atp-" + fill(b64url, 22, 44), v("Square", "sq0atp-", "access-token", EnvProduction, true)},
		{"square legacy sandbox", "", "sandbox-sq0atb-" + fill(b64url, 22, 45), v("Square", "sandbox-sq0atb-", "access-token", EnvSandbox, true)},
		{"square app id", "", "sq0idp-" + fill(b64url, 22, 46), v("Square", "sq0idp-", "app-id", EnvProduction, false)},
		{"square sandbox app id b", "", "sandbox-sq0idb-" + fill(b64url, 22, 47), v("Square", "sandbox-sq0idb-", "app-id", EnvSandbox, false)},
		{"square sandbox app id p", "", "sandbox-sq0idp-" + fill(b64url, 22, 48), v("Square", "sandbox-sq0idp-", "app-id", EnvSandbox, false)},
		{"square app secret", "", "sq0csp-" + fill(b64url, 43, 49), v("Square", "sq0csp-", "app-secret", EnvProduction, false)},
		{"square sandbox app secret", "", "sandbox-sq0csb-" + fill(b64url, 43, 50), v("Square", "sandbox-sq0csb-", "app-secret", EnvSandbox, false)},
		{"paypal access token", "", "A21AA" + fill(b64url, 92, 39), v("PayPal", "A21AA", "access-token", "", true)},
		{"shopify admin", "", "shpat_" + fill(hexLower, 32, 40), v("Shopify", "shpat_", "admin", "", true)},
		{"shopify custom app", "", "shpca_" + fill(hexLower, 32, 41), v("Shopify", "shpca_", "custom-app", "", true)},
		{"shopify private app", "", "shppa_" + fill(hexLower, 32, 42), v("Shopify", "shppa_", "private-app", "", true)},
		{"shopify shared secret", "", "shpss_" + fill(hexAny, 32, 43), v("Shopify", "shpss_", "shared-secret", "", false)},
		{"shippo test", "", "shippo_test_" + fill(hexLower, 40, 44), v("Shippo", "shippo_test_", "api-token", EnvTest, true)},
		{"shippo live", "", "shippo_live_" + fill(hexLower, 40, 45), v("Shippo", "shippo_live_", "api-token", EnvLive, true)},
		{"easypost test", "", "EZTK" + fill(alnum, 54, 46), v("EasyPost", "EZTK", "api-key", EnvTest, true)},
		{"easypost production", "", "EZAK" + fill(alnum, 54, 47), v("EasyPost", "EZAK", "api-key", EnvProduction, true)},
		{"flutterwave test secret", "", "FLWSECK_TEST-" + fill(hexLower, 32, 48) + "-X", v("Flutterwave", "FLWSECK_TEST-", "secret", EnvTest, true)},
		{"flutterwave live secret", "", "FLWSECK-" + fill(hexLower, 32, 49) + "-X", v("Flutterwave", "FLWSECK-", "secret", EnvLive, true)},
		{"flutterwave test public", "", "FLWPUBK_TEST-" + fill(hexLower, 32, 50) + "-X", v("Flutterwave", "FLWPUBK_TEST-", "publishable", EnvTest, false)},
		{"flutterwave live public", "", "FLWPUBK-" + fill(hexLower, 32, 51) + "-X", v("Flutterwave", "FLWPUBK-", "publishable", EnvLive, false)},
		{"mercado pago test", "", "TEST-" + fill(digits, 16, 52) + "-" + fill(digits, 6, 53) + "-" + fill(hexLower, 32, 54) + "-" + fill(digits, 9, 55), v("Mercado Pago", "TEST-", "access-token", EnvTest, true)},
		{"mercado pago production", "", "APP_USR-" + fill(digits, 16, 56) + "-" + fill(digits, 6, 57) + "-" + fill(hexLower, 32, 58) + "-" + fill(digits, 9, 59), v("Mercado Pago", "APP_USR-", "access-token", EnvProduction, true)},

		// Authentication platforms.
		{"okta api token", "Authorization", "SSWS 00" + fill(b64url, 40, 60), v("Okta", "", "api-token", "", true)},
		{"supabase pat", "", "sbp_" + fill(lowerNum, 40, 61), v("Supabase", "sbp_", "pat", "", true)},
		{"supabase publishable", "", "sb_publishable_" + fill(b64url, 31, 62), v("Supabase", "sb_publishable_", "publishable", "", true)},
		{"supabase secret", "", "sb_secret_" + fill(b64url, 31, 63), v("Supabase", "sb_secret_", "secret", "", true)},

		// Developer tools.
		{"github classic pat", "", "ghp_" + withCRC(7), valid(v("GitHub", "ghp_", "pat", "", true))},
		{"github classic pat, checksum wrong", "", "ghp_" + breakCRC(withCRC(7)), with(v("GitHub", "ghp_", "pat", "", true), func(x *Vendor) { x.ChecksumResult = ChecksumInvalid })},
		{"github longer than documented: no checksum", "", "ghp_" + fill(alnum, 40, 70), v("GitHub", "ghp_", "pat", "", true)},
		{"github fine-grained", "", "github_pat_" + fill(alnum, 22, 8) + "_" + fill(alnum, 59, 9), v("GitHub", "github_pat_", "fine-grained-pat", "", true)},
		{"github oauth", "", "gho_" + withCRC(10), valid(v("GitHub", "gho_", "oauth", "", true))},
		{"github user-to-server", "", "ghu_" + withCRC(11), valid(v("GitHub", "ghu_", "user-to-server", "", true))},
		{"github server-to-server", "", "ghs_" + withCRC(12), valid(v("GitHub", "ghs_", "server-to-server", "", true))},
		{"github refresh", "", "ghr_" + withCRC(13), valid(v("GitHub", "ghr_", "refresh", "", false))},
		{"gitlab pat", "", "glpat-" + fill(b64url, 20, 14), v("GitLab", "glpat-", "pat", "", true)},
		{"gitlab routable pat", "", "glpat-" + fill(b64url, 27, 15) + ".01" + fill(lowerNum, 7, 16), v("GitLab", "glpat-", "pat", "", true)},
		{"gitlab oauth app secret", "", "gloas-" + fill(b64url, 64, 17), v("GitLab", "gloas-", "oauth-app-secret", "", false)},
		{"gitlab deploy token", "", "gldt-" + fill(b64url, 20, 18), v("GitLab", "gldt-", "deploy-token", "", true)},
		{"gitlab runner auth token", "", "glrt-" + fill(b64url, 20, 19), v("GitLab", "glrt-", "runner-auth", "", false)},
		{"gitlab routable runner token", "", "glrt-t1_" + fill(b64url, 27, 20) + ".01" + fill(lowerNum, 7, 21), v("GitLab", "glrt-", "runner-auth", "", false)},
		{"gitlab runner registration", "", "GR1348941" + fill(b64url, 20, 22), v("GitLab", "GR1348941", "runner-registration", "", false)},
		{"gitlab pipeline trigger", "", "glptt-" + fill(hexLower, 40, 23), v("GitLab", "glptt-", "pipeline-trigger", "", true)},
		{"gitlab job token", "", "glcbt-" + fill(alnum, 2, 24) + "_" + fill(b64url, 20, 25), v("GitLab", "glcbt-", "job-token", "", true)},
		{"gitlab feed token", "", "glft-" + fill(b64url, 20, 26), v("GitLab", "glft-", "feed-token", "", false)},
		{"gitlab scim token", "", "glsoat-" + fill(b64url, 20, 27), v("GitLab", "glsoat-", "scim-token", "", true)},
		{"gitlab agent token", "", "glagent-" + fill(b64url, 50, 28) + fill(b64url, 14, 29), v("GitLab", "glagent-", "agent-token", "", false)},
		{"npm", "", "npm_" + withCRC(51), valid(v("npm", "npm_", "access-token", "", true))},
		{"npm checksum wrong", "", "npm_" + breakCRC(withCRC(51)), with(v("npm", "npm_", "access-token", "", true), func(x *Vendor) { x.ChecksumResult = ChecksumInvalid })},
		{"pypi", "", "pypi-" + macaroon(2, "pypi.org"), host(v("PyPI", "pypi-", "api-token", EnvProduction, true), "pypi.org")},
		{"test pypi", "", "pypi-" + macaroon(2, "test.pypi.org"), host(v("PyPI", "pypi-", "api-token", EnvTest, true), "test.pypi.org")},
		{"docker hub pat", "", "dckr_pat_" + fill(b64url, 27, 30), v("Docker Hub", "dckr_pat_", "pat", "", true)},
		{"docker hub organization token", "", "dckr_oat_" + fill(b64url, 32, 31), v("Docker Hub", "dckr_oat_", "organization-access-token", "", true)},
		{"atlassian api token", "", "ATATT3" + fill(b64url, 177, 32) + "=" + fill(hexAny, 8, 33), v("Atlassian", "ATATT3", "api-token", "", true)},
		{"linear api key", "", "lin_api_" + fill(alnum, 40, 34), v("Linear", "lin_api_", "api-key", "", true)},
		{"notion legacy", "", "secret_" + fill(alnum, 43, 35), v("Notion", "secret_", "integration-token", "", true)},
		{"notion", "", "ntn_" + fill(digits, 11, 36) + fill(alnum, 35, 37), v("Notion", "ntn_", "integration-token", "", true)},
		{"airtable pat", "", "pat" + fill(alnum, 14, 38) + "." + fill(hexLower, 64, 39), v("Airtable", "pat", "pat", "", true)},
		{"postman", "", "PMAK-" + fill(hexLower, 24, 40) + "-" + fill(hexLower, 34, 41), v("Postman", "PMAK-", "api-key", "", true)},
		{"vercel pat", "", "vcp_" + fill(alnum, 56, 42), v("Vercel", "vcp_", "pat", "", true)},
		{"vercel integration", "", "vci_" + fill(alnum, 56, 43), v("Vercel", "vci_", "integration-token", "", true)},
		{"vercel app access", "", "vca_" + fill(alnum, 56, 44), v("Vercel", "vca_", "app-access-token", "", true)},
		{"vercel app refresh", "", "vcr_" + fill(alnum, 56, 45), v("Vercel", "vcr_", "refresh", "", false)},
		{"vercel api key", "", "vck_" + fill(alnum, 56, 46), v("Vercel", "vck_", "api-key", "", true)},
		{"netlify pat", "", "nfp_" + fill(wordChars, 36, 47), v("Netlify", "nfp_", "pat", "", true)},
		{"doppler personal", "", "dp.pt." + fill(alnum, 43, 48), v("Doppler", "dp.pt.", "pat", "", true)},
		{"doppler cli", "", "dp.ct." + fill(alnum, 43, 49), v("Doppler", "dp.ct.", "cli-token", "", true)},
		{"doppler service account", "", "dp.sa." + fill(alnum, 43, 50), v("Doppler", "dp.sa.", "service-account", "", true)},
		{"figma pat", "", "figd_" + fill(b64url, 40, 51), v("Figma", "figd_", "pat", "", true)},
		{"pulumi", "", "pul-" + fill(hexLower, 40, 52), v("Pulumi", "pul-", "access-token", "", true)},
		{"databricks", "", "dapi" + fill(hexLower, 32, 53), v("Databricks", "dapi", "pat", "", true)},
		{"databricks with suffix", "", "dapi" + fill(hexLower, 32, 54) + "-2", v("Databricks", "dapi", "pat", "", true)},
		{"1password service account", "", "ops_eyJ" + fill(alnum, 300, 55), v("1Password", "ops_", "service-account", "", false)},
		{"sentry user token", "", "sntryu_" + fill(hexLower, 64, 56), v("Sentry", "sntryu_", "user-auth-token", "", true)},
		{"sentry org token", "", "sntrys_" + sentryOrgToken(57), host(v("Sentry", "sntrys_", "org-auth-token", "", true), "us.sentry.io")},
		{"sentry dsn", "", "https://" + fill(hexLower, 32, 58) + "@o4504.ingest.us.sentry.io/4505", host(v("Sentry", "", "dsn", "", false), "o4504.ingest.us.sentry.io")},
		{"sentry self-hosted dsn", "", "http://" + fill(hexLower, 32, 59) + "@sentry.internal:9000/2", host(v("Sentry", "", "dsn", "", false), "sentry.internal:9000")},
		{"grafana service account", "", "glsa_" + fill(alnum, 32, 60) + "_" + fill(hexLower, 8, 61), v("Grafana", "glsa_", "service-account", "", true)},
		{"grafana cloud", "", "glc_" + base64.StdEncoding.EncodeToString([]byte(`{"o":"1","n":"stack-1-write","k":"`+fill(alnum, 24, 62)+`","m":{"r":"us"}}`)), v("Grafana", "glc_", "cloud-access-policy", "", true)},
		{"datadog api key", "DD-API-KEY", fill(hexLower, 32, 63), v("Datadog", "", "api-key", "", true)},
		{"datadog application key", "dd-application-key", fill(hexLower, 40, 64), v("Datadog", "", "application-key", "", true)},
		{"hubspot na1", "", "pat-na1-" + uuidFrom(54), with(v("HubSpot", "pat-na1-", "private-app", "", true), func(x *Vendor) { x.Region = "na1" })},
		{"hubspot eu1", "", "pat-eu1-" + uuidFrom(59), with(v("HubSpot", "pat-eu1-", "private-app", "", true), func(x *Vendor) { x.Region = "eu1" })},

		// Cloud.
		{"aws long-term", "", "AKIA" + fill(base32Chars, 16, 30), v("AWS", "AKIA", "long-term", "", false)},
		{"aws temporary", "", "ASIA" + fill(base32Chars, 16, 31), v("AWS", "ASIA", "temporary", "", false)},
		{"aws key id in a SigV4 header", "Authorization", "AWS4-HMAC-SHA256 Credential=AKIA" + fill(base32Chars, 16, 32) + "/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=" + fill(hexLower, 64, 1), v("AWS", "AKIA", "long-term", "", false)},
		{"google api key", "", "AIza" + fill(b64url, 35, 32), v("Google", "AIza", "api-key", "", true)},
		{"google oauth", "", "ya29." + fill(b64url, 150, 33), v("Google", "ya29.", "oauth", "", true)},
		{"google refresh", "", "1//" + fill(b64url, 100, 34), v("Google", "1//", "refresh", "", false)},
		{"digitalocean pat", "", "dop_v1_" + fill(hexLower, 64, 35), v("DigitalOcean", "dop_v1_", "pat", "", true)},
		{"digitalocean oauth", "", "doo_v1_" + fill(hexLower, 64, 36), v("DigitalOcean", "doo_v1_", "oauth", "", true)},
		{"digitalocean refresh", "", "dor_v1_" + fill(hexLower, 64, 37), v("DigitalOcean", "dor_v1_", "refresh", "", false)},
		{"cloudflare user token", "", "cfut_" + fill(alnum, 40, 38) + fill(hexLower, 8, 39), v("Cloudflare", "cfut_", "user-api-token", "", true)},
		{"cloudflare account token", "", "cfat_" + fill(alnum, 40, 40) + fill(hexLower, 8, 41), v("Cloudflare", "cfat_", "account-api-token", "", true)},
		{"cloudflare global key", "", "cfk_" + fill(alnum, 40, 42) + fill(hexLower, 8, 43), v("Cloudflare", "cfk_", "global-api-key", "", true)},
		{"cloudflare origin ca key", "", "v1.0-" + fill(hexLower, 24, 44) + "-" + fill(hexLower, 146, 45), v("Cloudflare", "v1.0-", "origin-ca-key", "", true)},
		{"heroku", "", "HRKU-AA" + fill(b64url, 58, 46), v("Heroku", "HRKU-", "api-key", "", true)},
		{"tailscale api token", "", "tskey-api-" + fill(alnum, 16, 47) + "-" + fill(alnum, 32, 48), v("Tailscale", "tskey-api-", "api-access-token", "", true)},
		{"tailscale auth key", "", "tskey-auth-" + fill(alnum, 16, 49) + "-" + fill(alnum, 32, 50), v("Tailscale", "tskey-auth-", "auth-key", "", false)},
		{"azure storage sas", "", azureSAS(true), v("Azure", "", "sas", "", false)},
		{"azure service bus sas", "Authorization", "SharedAccessSignature sr=" + url.QueryEscape("https://ns.servicebus.windows.net/q") + "&sig=" + url.QueryEscape(fill(alnum+"+/", 43, 51)+"=") + "&se=1900000000&skn=RootManageSharedAccessKey", v("Azure", "", "sas", "", true)},

		// AI.
		{"openai project", "", "sk-proj-" + fill(b64url, 120, 23), v("OpenAI", "sk-proj-", "project", "", true)},
		{"openai service account", "", "sk-svcacct-" + fill(b64url, 120, 24), v("OpenAI", "sk-svcacct-", "service-account", "", true)},
		{"openai admin", "", "sk-admin-" + fill(b64url, 80, 25), v("OpenAI", "sk-admin-", "admin", "", true)},
		{"openai legacy", "", "sk-" + fill(alnum, 48, 26), v("OpenAI", "sk-", "user", "", true)},
		{"anthropic api03", "", "sk-ant-api03-" + fill(b64url, 93, 27) + "AA", v("Anthropic", "sk-ant-api03-", "api-key", "", true)},
		{"anthropic admin", "", "sk-ant-admin01-" + fill(b64url, 93, 28) + "AA", v("Anthropic", "sk-ant-admin01-", "admin", "", true)},
		{"anthropic other", "", "sk-ant-" + "oat01-" + fill(b64url, 90, 29), v("Anthropic", "sk-ant-", "api-key", "", true)},
		{"openrouter", "", "sk-or-v1-" + fill(hexLower, 64, 30), v("OpenRouter", "sk-or-v1-", "api-key", "", true)},
		{"groq", "", "gsk_" + fill(alnum, 52, 31), v("Groq", "gsk_", "api-key", "", true)},
		{"xai", "", "xai-" + fill(wordChars, 80, 32), v("xAI", "xai-", "api-key", "", true)},
		{"replicate", "", "r8_" + fill(b64url, 37, 33), v("Replicate", "r8_", "api-token", "", true)},
		{"perplexity", "", "pplx-" + fill(alnum, 48, 34), v("Perplexity", "pplx-", "api-key", "", true)},
		{"hugging face", "", "hf_" + fill(alnum, 34, 53), v("Hugging Face", "hf_", "access-token", "", true)},
		{"hugging face org", "", "api_org_" + fill(alnum, 34, 35), v("Hugging Face", "api_org_", "org-api-token", "", true)},

		// Messaging.
		{"slack bot", "", "xoxb-" + fill(digits, 12, 15) + "-" + fill(alnum, 24, 16), v("Slack", "xoxb-", "bot", "", true)},
		{"slack bot current", "", "xoxb-" + fill(digits, 12, 15) + "-" + fill(digits, 13, 16) + "-" + fill(alnum, 24, 17), v("Slack", "xoxb-", "bot", "", true)},
		{"slack user", "", "xoxp-" + slackIDs(17) + "-" + fill(hexLower, 32, 18), v("Slack", "xoxp-", "user", "", true)},
		{"slack rotating bot", "", "xoxe.xoxb-" + "1-" + fill(alnum, 40, 19), v("Slack", "xoxe.xoxb-", "bot", "", true)},
		{"slack rotating user", "", "xoxe.xoxp-" + "1-" + fill(alnum, 40, 20), v("Slack", "xoxe.xoxp-", "user", "", true)},
		{"slack app", "", "xapp-" + "1-" + fill(alnum, 40, 21), v("Slack", "xapp-", "app", "", true)},
		{"slack refresh", "", "xoxe-" + "1-" + fill(alnum, 40, 22), v("Slack", "xoxe-", "refresh", "", false)},
		{"slack workspace app", "", "xoxa-" + "2-" + fill(alnum, 40, 23), v("Slack", "xoxa-", "workspace-app", "", true)},
		{"slack legacy refresh", "", "xoxr-" + fill(alnum, 40, 24), v("Slack", "xoxr-", "refresh", "", false)},
		{"sendgrid", "", "SG." + fill(b64url, 22, 35) + "." + fill(b64url, 43, 36), v("SendGrid", "SG.", "api-key", "", true)},
		{"twilio api key sid", "", "SK" + fill(hexLower, 32, 37), v("Twilio", "SK", "api-key-sid", "", false)},
		{"twilio account sid", "", "AC" + fill(hexLower, 32, 38), v("Twilio", "AC", "account-sid", "", false)},
		{"mailgun", "", "key-" + fill(hexLower, 32, 66), v("Mailgun", "key-", "api-key", "", true)},
		{"mailgun public validation key", "", "pubkey-" + fill(hexLower, 32, 67), v("Mailgun", "pubkey-", "public-validation-key", "", false)},
		{"mailchimp", "", fill(hexLower, 32, 68) + "-us21", with(v("Mailchimp", "", "api-key", "", true), func(x *Vendor) { x.Region, x.Host = "us21", "us21.api.mailchimp.com" })},
		{"postmark server token", "X-Postmark-Server-Token", uuidFrom(69), v("Postmark", "", "server-token", "", true)},
		{"postmark account token", "X-Postmark-Account-Token", uuidFrom(70), v("Postmark", "", "account-token", "", true)},
		{"brevo api key", "", "xkeysib-" + fill(hexLower, 64, 71) + "-" + fill(alnum, 16, 72), v("Brevo", "xkeysib-", "api-key", "", true)},
		{"brevo smtp key", "", "xsmtpsib-" + fill(hexLower, 64, 73) + "-" + fill(alnum, 16, 74), v("Brevo", "xsmtpsib-", "smtp-key", "", false)},
		{"telegram bot token", "", fill(digits, 10, 75) + ":" + fill(b64url, 35, 76), v("Telegram", "", "bot-token", "", true)},
		{"telegram short bot id", "", "123456:" + fill(b64url, 35, 77), v("Telegram", "", "bot-token", "", true)},
		{"discord bot token", "", discordToken("123456789012345678", 78), v("Discord", "", "bot-token", "", true)},
	}
}

// azureSAS is a storage service SAS query string.
func azureSAS(withQuestionMark bool) string {
	q := "sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-12-31T23%3A59%3A59Z&st=2026-01-01T00%3A00%3A00Z&spr=https&sig=" + url.QueryEscape(fill(alnum+"+/", 43, 9)+"=")
	if withQuestionMark {
		return "?" + q
	}
	return q
}

func recogniseCase(tc vendorCase) (Vendor, bool) {
	if tc.header != "" {
		return RecogniseIn(tc.header, tc.value)
	}
	return Recognise(tc.value)
}

func TestRecognise(t *testing.T) {
	t.Parallel()
	for _, tc := range vendorCases() {
		if tc.want.Name == "" {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok := recogniseCase(tc)
			if !ok {
				t.Fatalf("%s is not recognised", tc.name)
			}
			if d := cmp.Diff(tc.want, vendorFacts(got)); d != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", tc.name, d)
			}
			if got.Docs == "" || got.Kind == "" {
				t.Errorf("%s: no docs link or kind", tc.name)
			}
		})
	}
}

// TestRecogniseEveryKindTested keeps the catalogue and the cases in
// step: adding a kind of key means adding a positive case.
func TestRecogniseEveryKindTested(t *testing.T) {
	t.Parallel()
	type key struct{ name, prefix, kind, env string }
	tested := map[key]bool{}
	for _, tc := range vendorCases() {
		if got, ok := recogniseCase(tc); ok {
			tested[key{got.Name, got.Prefix, got.Kind, got.Environment}] = true
			tested[key{got.Name, got.Prefix, got.Kind, ""}] = true
		}
	}
	for _, v := range Vendors() {
		if !tested[key{v.Name, v.Prefix, v.Kind, v.Environment}] {
			t.Errorf("%s %s %q (%s) has no positive test case", v.Name, v.Kind, v.Prefix, v.Environment)
		}
		if v.Docs == "" || v.Name == "" || v.Kind == "" || !strings.HasPrefix(v.Docs, "https://") {
			t.Errorf("%s %q lacks a name, kind or https docs link", v.Name, v.Prefix)
		}
	}
}

// TestCatalogueSize records the size of the catalogue issue 8 asked for.
func TestCatalogueSize(t *testing.T) {
	t.Parallel()
	names := map[string]bool{}
	for _, v := range Vendors() {
		names[v.Name] = true
	}
	for _, n := range []string{"Paddle", "Razorpay", "Braintree", "Plaid", "Adyen", "Supabase", "Clerk", "PayPal", "Mailchimp", "Postmark", "Telegram", "Discord", "Datadog", "Sentry", "Cloudflare", "DigitalOcean", "Vercel", "Netlify", "Linear", "Notion", "Airtable", "Atlassian", "Okta", "Azure", "Twilio"} {
		if !names[n] {
			t.Errorf("catalogue lacks %s", n)
		}
	}
}

func TestRecogniseNearMisses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, header, value string
		notVendor           string // "" when nothing may be recognised
	}{
		{"empty", "", "", ""},
		{"prefix alone", "", "sk_test_", ""},
		{"stripe too short", "", "sk_test_" + fill(alnum, 10, 1), ""},
		{"stripe with hyphen", "", "sk_test_" + fill(alnum, 12, 2) + "-" + fill(alnum, 12, 3), ""},
		{"stripe wrong case", "", "SK_TEST_" + fill(alnum, 24, 4), ""},
		{"stripe not at start", "", "my" + "sk_test_" + fill(alnum, 24, 5), ""},
		{"stripe placeholder", "", "sk_test_" + strings.Repeat("x", 24), ""},
		{"stripe webhook secret short", "", "whsec_" + fill(alnum, 20, 6), ""},
		{"clerk publishable without $", "", "pk_test_" + base64.RawStdEncoding.EncodeToString([]byte("clerk.example.com")), "Clerk"},
		{"clerk publishable not a host", "", "pk_live_" + clerkPK("not a host", true), "Clerk"},
		{"clerk secret 39", "", "sk_test_" + fill(alnum, 39, 7), "Clerk"},
		{"paddle api key short ulid", "", "pdl_live_apikey_" + fill(lowerNum, 25, 8) + "_" + fill(alnum, 22, 9) + "_" + fill(alnum, 3, 10), ""},
		{"paddle api key upper-case ulid", "", "pdl_sdbx_apikey_" + strings.ToUpper(fill(lowerNum, 26, 8)) + "_" + fill(alnum, 22, 9) + "_" + fill(alnum, 3, 10), ""},
		{"paddle client token 26", "", "test_" + fill(hexLower, 26, 11), ""},
		{"adyen lower-case", "", "test_" + strings.ToLower(fill(base32Chars, 32, 12)), ""},
		{"adyen 31", "", "live_" + fill(base32Chars, 31, 13), ""},
		{"mollie 29", "", "test_" + fill(alnum, 29, 25), ""},
		{"mollie 31", "", "live_" + fill(alnum, 31, 26), ""},
		{"mollie words", "", "test_user_creation_for_the_login_page", ""},
		{"mollie access token short", "", "access_" + fill(alnum, 20, 14), ""},
		{"access_token is a word", "", "access_token", ""},
		{"razorpay 13", "", "rzp_test_" + fill(alnum, 13, 15), ""},
		{"razorpay 15", "", "rzp_live_" + fill(alnum, 15, 16), ""},
		{"braintree short merchant", "", "access_token$production$" + fill(lowerNum, 15, 17) + "$" + fill(hexLower, 32, 18), ""},
		{"braintree upper-case hex", "", "access_token$sandbox$" + fill(lowerNum, 16, 19) + "$" + strings.ToUpper(fill(hexLower, 32, 20)), ""},
		{"braintree tokenization key parts", "", "sandbox_" + fill(lowerNum, 9, 21) + "_" + fill(lowerNum, 16, 22), ""},
		{"production word", "", "production_database_password", ""},
		{"plaid upper-case uuid", "", "access-sandbox-" + strings.ToUpper(uuidFrom(23)), ""},
		{"plaid unknown environment", "", "access-staging-" + uuidFrom(24), ""},
		{"paypal short", "", "A21AA" + fill(b64url, 40, 25), ""},
		{"shippo 39", "", "shippo_test_" + fill(hexLower, 39, 26), ""},
		{"easypost 53", "", "EZTK" + fill(alnum, 53, 27), ""},
		{"flutterwave without -X", "", "FLWSECK_TEST-" + fill(hexLower, 32, 28), ""},
		{"mercado pago 15 digits", "", "TEST-" + fill(digits, 15, 29) + "-" + fill(digits, 6, 30) + "-" + fill(hexLower, 32, 31) + "-" + fill(digits, 9, 32), ""},
		{"okta with Bearer", "Authorization", "Bearer 00" + fill(b64url, 40, 33), ""},
		{"okta not 00", "Authorization", "SSWS 01" + fill(b64url, 40, 34), ""},
		{"okta 39", "Authorization", "SSWS 00" + fill(b64url, 39, 35), ""},
		{"supabase 39", "", "sbp_" + fill(lowerNum, 39, 36), ""},
		{"supabase upper-case", "", "sbp_" + strings.ToUpper(fill(lowerNum, 40, 37)), ""},
		{"github 35 chars", "", "ghp_" + fill(alnum, 35, 6), ""},
		{"github underscore", "", "ghp_" + fill(alnum, 20, 7) + "_" + fill(alnum, 16, 8), ""},
		{"github fine-grained without inner underscore", "", "github_pat_" + fill(alnum, 82, 38), ""},
		{"github fine-grained 21_59", "", "github_pat_" + fill(alnum, 21, 39) + "_" + fill(alnum, 59, 40), ""},
		{"github x placeholder", "", "ghp_" + strings.Repeat("x", 36), ""},
		{"gitlab short", "", "glpat-" + fill(alnum, 10, 9), ""},
		{"gitlab oauth secret 40", "", "gloas-" + fill(b64url, 40, 41), ""},
		{"gitlab trigger not hex", "", "glptt-" + fill(alnum, 40, 42), ""},
		{"gitlab job token without underscore", "", "glcbt-" + fill(alnum, 24, 43), ""},
		{"npm 35", "", "npm_" + fill(alnum, 35, 22), ""},
		{"pypi not a macaroon", "", "pypi-" + fill(b64url, 150, 44), ""},
		{"pypi macaroon version 1", "", "pypi-" + macaroon(1, "pypi.org"), ""},
		{"pypi too short", "", "pypi-" + macaroon(2, "pypi.org")[:79], ""},
		{"docker 26", "", "dckr_pat_" + fill(b64url, 26, 45), ""},
		{"atlassian 185", "", "ATATT3" + fill(b64url, 185, 46), ""},
		{"linear 39", "", "lin_api_" + fill(alnum, 39, 47), ""},
		{"notion legacy 42", "", "secret_" + fill(alnum, 42, 48), ""},
		{"notion 10 digits", "", "ntn_" + fill(digits, 10, 49) + fill(alnum, 36, 50), ""},
		{"secret_key is a word", "", "secret_key", ""},
		{"airtable 13", "", "pat" + fill(alnum, 13, 51) + "." + fill(hexLower, 64, 52), ""},
		{"pattern is a word", "", "pattern", ""},
		{"postman short part", "", "PMAK-" + fill(hexLower, 24, 53) + "-" + fill(hexLower, 33, 54), ""},
		{"vercel 19", "", "vcp_" + fill(alnum, 19, 55), ""},
		{"netlify 35", "", "nfp_" + fill(wordChars, 35, 56), ""},
		{"doppler 39", "", "dp.pt." + fill(alnum, 39, 57), ""},
		{"figma 39", "", "figd_" + fill(b64url, 39, 58), ""},
		{"pulumi 39", "", "pul-" + fill(hexLower, 39, 59), ""},
		{"databricks 31", "", "dapi" + fill(hexLower, 31, 60), ""},
		{"databricks long suffix", "", "dapi" + fill(hexLower, 32, 61) + "-12", ""},
		{"1password short", "", "ops_eyJ" + fill(alnum, 100, 62), ""},
		{"sentry user 63", "", "sntryu_" + fill(hexLower, 63, 63), ""},
		{"sentry dsn ftp", "", "ftp://" + fill(hexLower, 32, 64) + "@o1.ingest.sentry.io/1", ""},
		{"sentry dsn short key", "", "https://" + fill(hexLower, 31, 65) + "@o1.ingest.sentry.io/1", ""},
		{"grafana 7 hex", "", "glsa_" + fill(alnum, 32, 66) + "_" + fill(hexLower, 7, 67), ""},
		{"datadog key in another header", "X-API-Key", fill(hexLower, 32, 68), ""},
		{"datadog 31", "DD-API-KEY", fill(hexLower, 31, 69), ""},
		{"hubspot not uuid", "", "pat-na1-" + fill(alnum, 36, 24), ""},
		{"aws 15", "", "AKIA" + fill(base32Chars, 15, 12), ""},
		{"aws 17", "", "AKIA" + fill(base32Chars, 17, 13), ""},
		{"aws lower case", "", "AKIA" + strings.ToLower(fill(base32Chars, 16, 14)), ""},
		{"aws not base32", "", "AKIA" + "0189" + fill(base32Chars, 12, 15), ""},
		{"google key 34", "", "AIza" + fill(b64url, 34, 15), ""},
		{"google refresh short", "", "1//" + fill(alnum, 10, 16), ""},
		{"digitalocean 63", "", "dop_v1_" + fill(hexLower, 63, 70), ""},
		{"cloudflare upper-case check part", "", "cfut_" + fill(alnum, 40, 71) + strings.ToUpper(fill("abcdef", 8, 72)), ""},
		{"heroku without AA", "", "HRKU-AB" + fill(b64url, 58, 73), ""},
		{"tailscale one part", "", "tskey-api-" + fill(alnum, 40, 74), ""},
		{"azure query without sig", "", "sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-12-31T23%3A59%3A59Z", ""},
		{"azure sig without the signed fields", "", "a=1&sig=" + fill(alnum, 44, 75) + "&se=2026-12-31", ""},
		{"openai short", "", "sk-" + fill(alnum, 20, 11), ""},
		{"anthropic short is not openai", "", "sk-ant-" + fill(alnum, 20, 10), ""},
		{"anthropic 94", "", "sk-ant-api03-" + fill(b64url, 94, 76), ""},
		{"anthropic 96", "", "sk-ant-api03-" + fill(b64url, 96, 77), ""},
		{"openrouter 63 is not openai", "", "sk-or-v1-" + fill(hexLower, 63, 78), ""},
		{"groq 51", "", "gsk_" + fill(alnum, 51, 79), ""},
		{"xai 79", "", "xai-" + fill(wordChars, 79, 80), ""},
		{"replicate 36", "", "r8_" + fill(b64url, 36, 81), ""},
		{"perplexity 47", "", "pplx-" + fill(alnum, 47, 82), ""},
		{"hf short", "", "hf_" + fill(alnum, 10, 23), ""},
		{"hf 33", "", "hf_" + fill(alnum, 33, 83), ""},
		{"hf 35", "", "hf_" + fill(alnum, 35, 84), ""},
		{"hf org 33", "", "api_org_" + fill(alnum, 33, 85), ""},
		{"slack short", "", "xoxb-123", ""},
		{"slack user old shape", "", "xoxp-" + fill(digits, 12, 17) + "-" + fill(alnum, 32, 18), ""},
		{"slack user 9-digit ids", "", "xoxp-" + fill(digits, 9, 86) + "-" + fill(digits, 9, 87) + "-" + fill(digits, 9, 88) + "-" + fill(hexLower, 32, 89), ""},
		{"slack user 35-character secret", "", "xoxp-" + fill(digits, 11, 90) + "-" + fill(digits, 11, 91) + "-" + fill(digits, 11, 92) + "-" + fill(alnum, 35, 93), ""},
		{"sendgrid one part", "", "SG." + fill(b64url, 60, 17), ""},
		{"sendgrid 21.43", "", "SG." + fill(b64url, 21, 94) + "." + fill(b64url, 43, 95), ""},
		{"sendgrid 22.42", "", "SG." + fill(b64url, 22, 96) + "." + fill(b64url, 42, 97), ""},
		{"twilio upper hex", "", "SK" + strings.ToUpper(fill(hexLower, 32, 18)), ""},
		{"twilio 31", "", "AC" + fill(hexLower, 31, 19), ""},
		{"acme word", "", "ACMECorporation", ""},
		{"mailgun not hex", "", "key-" + fill(alnum, 32, 26), ""},
		{"mailgun public 31", "", "pubkey-" + fill(hexLower, 31, 98), ""},
		{"key value", "", "key-value", ""},
		{"live word", "", "live_stream", ""},
		{"mailchimp eu suffix", "", fill(hexLower, 32, 99) + "-eu1", ""},
		{"mailchimp 31 hex", "", fill(hexLower, 31, 100) + "-us1", ""},
		{"mailchimp upper-case hex", "", strings.ToUpper(fill(hexLower, 32, 101)) + "-us1", ""},
		{"postmark token in another header", "X-API-Key", uuidFrom(102), ""},
		{"brevo 15", "", "xkeysib-" + fill(hexLower, 64, 103) + "-" + fill(alnum, 15, 104), ""},
		{"telegram 4-digit id", "", "1234:" + fill(b64url, 35, 105), ""},
		{"telegram 34-character secret", "", fill(digits, 9, 106) + ":" + fill(b64url, 34, 107), ""},
		{"discord id not digits", "", discordToken("not-a-snowflake-id", 108), ""},
		{"discord short id", "", discordToken("1234567890", 109), ""},
		{"jwt", "", jwtFrom(t, map[string]any{"alg": "HS256"}, map[string]any{"sub": "x"}), ""},
		{"opaque", "", fill(alnum, 40, 27), ""},
		{"uuid", "", uuidFrom(110), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var v Vendor
			var ok bool
			if tc.header != "" {
				v, ok = RecogniseIn(tc.header, tc.value)
			} else {
				v, ok = Recognise(tc.value)
			}
			switch {
			case tc.notVendor == "" && ok:
				t.Errorf("near miss %q recognised as %s %s %q, want not recognised", tc.name, v.Name, v.Kind, v.Prefix)
			case tc.notVendor != "" && ok && v.Name == tc.notVendor:
				t.Errorf("near miss %q recognised as %s, want another vendor or none", tc.name, v.Name)
			}
		})
	}
}

func TestRecogniseSharedPrefixes(t *testing.T) {
	t.Parallel()
	// The same prefix, told apart by shape.
	tests := []struct{ value, want string }{
		{"sk_test_" + fill(alnum, 24, 1), "Stripe"},
		{"sk_test_" + fill(alnum, 42, 2), "Clerk"},
		{"sk_test_" + fill(alnum, 99, 3), "Stripe"},
		{"pk_test_" + fill(alnum, 99, 4), "Stripe"},
		{"pk_test_" + clerkPK("foo-bar-13.clerk.accounts.dev", false), "Clerk"},
		{"test_" + fill(base32Chars, 32, 5), "Adyen"},
		{"test_" + fill(alnum, 30, 6), "Mollie"},
		{"test_" + fill(hexLower, 27, 7), "Paddle"},
		{"sk-or-v1-" + fill(hexLower, 64, 8), "OpenRouter"},
		{"sk-" + fill(alnum, 48, 9), "OpenAI"},
	}
	for _, tc := range tests {
		v, ok := Recognise(tc.value)
		if !ok || v.Name != tc.want {
			t.Errorf("Recognise(%.12s…) = %s %v, want %s", tc.value, v.Name, ok, tc.want)
		}
	}
}

func TestRecogniseExpiry(t *testing.T) {
	t.Parallel()
	v, ok := Recognise(azureSAS(false))
	if !ok || v.Expires == nil || !v.Expires.Equal(time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC)) {
		t.Errorf("storage SAS: expires %v (recognised %v), want 2026-12-31T23:59:59Z", v.Expires, ok)
	}
	v, ok = RecogniseIn("Authorization", "SharedAccessSignature sr=x&sig=abcdefghijklmnopqrstuvwxyz&se=1900000000&skn=k")
	if !ok || v.Expires == nil || v.Expires.Unix() != 1900000000 {
		t.Errorf("Service Bus SAS: expires %v (recognised %v), want unix 1900000000", v.Expires, ok)
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
	for _, get := range []func() (Vendor, bool){
		func() (Vendor, bool) { return Recognise("ghp_" + fill(alnum, 36, 1)) },
		func() (Vendor, bool) { return RecogniseIn("Authorization", "token ghp_"+fill(alnum, 36, 1)) },
	} {
		v, _ := get()
		v.Alternatives[0] = "changed"
		if w, _ := get(); w.Alternatives[0] == "changed" {
			t.Error("Recognise shares the table's Alternatives slice")
		}
	}
}

// TestShapesDeterministic checks the rule that lets patterns match in one
// pass: a run of variable length is never followed by a literal or a run
// that can start with one of its bytes.
func TestShapesDeterministic(t *testing.T) {
	t.Parallel()
	for _, k := range vendorKeys {
		for _, p := range k.rest {
			for i := 0; i+1 < len(p); i++ {
				cur, next := p[i], p[i+1]
				if cur.lit != "" || cur.min == cur.max {
					continue
				}
				var first byteSet
				if next.lit != "" {
					first = bytesOf(next.lit[:1])
				} else {
					first = next.set
				}
				for c := 0; c < 256; c++ {
					if cur.set.has(byte(c)) && first.has(byte(c)) {
						t.Errorf("%s %s %q: a variable run is followed by a part that can start with %q", k.Name, k.Kind, k.Prefix, rune(c))
						break
					}
				}
			}
		}
	}
}
