package credential

import (
	"strings"
)

// Vendor describes a vendor key recognised from its literal prefix. It holds
// no part of the key but the prefix, which vendors publish and which is not
// secret.
type Vendor struct {
	// Name is the vendor (Stripe, GitHub…).
	Name string `json:"name"`
	// Prefix is the literal, non-secret prefix matched (sk_test_, ghp_).
	Prefix string `json:"prefix"`
	// Kind says what sort of key the prefix marks: secret, publishable,
	// restricted, pat, oauth, refresh, app-id, user-to-server…
	Kind string `json:"kind"`
	// Environment is test, live, sandbox or production, or empty when the
	// prefix does not say.
	Environment string `json:"environment,omitempty"`
	// Header is the header (and scheme) the vendor expects, such as
	// "Authorization: Bearer" or "X-API-Key"; empty when the value is never
	// sent in a header (a refresh token goes to a token endpoint).
	Header string `json:"header,omitempty"`
	// Alternatives lists other headers the vendor also accepts.
	Alternatives []string `json:"alternatives,omitempty"`
	// AccessCredential is false for values that must not be sent as an API
	// access credential: publishable keys, refresh tokens, application ids,
	// key ids and shared secrets.
	AccessCredential bool `json:"access_credential"`
	// Region is the data region the prefix names (HubSpot na1, eu1), if any.
	Region string `json:"region,omitempty"`
	// Note is one sentence of advice about this kind of key.
	Note string `json:"note,omitempty"`
	// Docs links to the vendor's documentation of the key.
	Docs string `json:"docs,omitempty"`
}

// vendorKey is one row of the table: the description and the shape of what
// follows the prefix. The shape keeps a word that merely starts like a
// prefix ("test_user", "key-value") from being taken for a key.
type vendorKey struct {
	Vendor
	rest shape
}

// Recognise reports which vendor key credentials is, from its literal prefix
// and the shape of the rest. Surrounding white space is ignored. When
// several prefixes match, the longest decides (sk-ant- before sk-), and a
// value whose rest does not have the vendor's shape is not recognised at
// all rather than passed to a shorter prefix.
func Recognise(credentials string) (Vendor, bool) {
	c := strings.TrimSpace(credentials)
	best := -1
	for i := range vendorKeys {
		p := vendorKeys[i].Prefix
		if strings.HasPrefix(c, p) && (best < 0 || len(p) > len(vendorKeys[best].Prefix)) {
			best = i
		}
	}
	if best < 0 {
		return Vendor{}, false
	}
	k := vendorKeys[best]
	if !k.rest.MatchString(c[len(k.Prefix):]) {
		return Vendor{}, false
	}
	v := k.Vendor
	v.Alternatives = append([]string(nil), k.Alternatives...)
	return v, true
}

// Vendors returns a copy of the vendor table, in table order.
func Vendors() []Vendor {
	out := make([]Vendor, len(vendorKeys))
	for i, k := range vendorKeys {
		out[i] = k.Vendor
		out[i].Alternatives = append([]string(nil), k.Alternatives...)
	}
	return out
}

// Shapes of what follows a prefix. Lengths are the documented ones, with
// room for vendors that lengthen their keys. They are checked in code, not
// with regular expressions: bounded repeats such as {20,1000} make Go's
// regexp compile slowly, and every process start would pay for it.
var (
	restAlnum20  = shape{set: alnumChars, min: 20, max: 255}
	restAlnum30  = shape{set: alnumChars, min: 30, max: 255}
	restGitHub   = shape{set: alnumChars, min: 36, max: 251}
	restGitHubFG = shape{set: alnumChars + "_", min: 60, max: 251}
	restGitLab   = shape{set: alnumChars + "_.-", min: 20, max: 255}
	restSlack    = shape{set: alnumChars + "-", min: 10, max: 255}
	restB64URL20 = shape{set: alnumChars + "_-", min: 20, max: 512}
	restB64URL22 = shape{set: alnumChars + "_-", min: 22, max: 255}
	restB64URL30 = shape{set: alnumChars + "_-", min: 30, max: 255}
	restB64URL40 = shape{set: alnumChars + "_-", min: 40, max: 512}
	restB64URL50 = shape{set: alnumChars + "_-", min: 50, max: 512}
	restOpenAI   = shape{set: alnumChars + "_-", min: 32, max: 512}
	restAWS      = shape{set: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min: 16, max: 16}
	restGoogle   = shape{set: alnumChars + "_-", min: 35, max: 35}
	restGoogleAT = shape{set: alnumChars + "_.-", min: 20, max: 1000}
	restSendGrid = shape{set: alnumChars + "_-", min: 16, max: 32, dot: &shape{set: alnumChars + "_-", min: 30, max: 50}}
	restHex32    = shape{set: "0123456789abcdef", min: 32, max: 32}
	restHex32Any = shape{set: "0123456789abcdefABCDEF", min: 32, max: 32}
	restUUID     = shape{uuid: true}
)

const alnumChars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// shape is what may follow a vendor prefix: characters from set, between
// min and max of them; with dot, a '.' and a second part of shape dot; with
// uuid, a lower-case 8-4-4-4-12 UUID.
type shape struct {
	set      string
	min, max int
	dot      *shape
	uuid     bool
}

// MatchString reports whether s has the shape.
func (sh shape) MatchString(s string) bool {
	if sh.uuid {
		if len(s) != 36 {
			return false
		}
		for i := 0; i < len(s); i++ {
			if i == 8 || i == 13 || i == 18 || i == 23 {
				if s[i] != '-' {
					return false
				}
			} else if !strings.ContainsRune("0123456789abcdef", rune(s[i])) {
				return false
			}
		}
		return true
	}
	first := s
	if sh.dot != nil {
		var rest string
		var ok bool
		first, rest, ok = strings.Cut(s, ".")
		if !ok || !sh.dot.MatchString(rest) {
			return false
		}
	}
	if len(first) < sh.min || len(first) > sh.max {
		return false
	}
	for i := 0; i < len(first); i++ {
		if strings.IndexByte(sh.set, first[i]) < 0 {
			return false
		}
	}
	return true
}

// Documentation pages, one per vendor.
const (
	docsStripe    = "https://docs.stripe.com/keys"
	docsGitHub    = "https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats"
	docsGitLab    = "https://docs.gitlab.com/ee/security/token_overview.html"
	docsSlack     = "https://api.slack.com/authentication/token-types"
	docsOpenAI    = "https://platform.openai.com/docs/api-reference/authentication"
	docsAnthropic = "https://docs.anthropic.com/en/api/overview"
	docsAWS       = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html"
	docsGoogleKey = "https://cloud.google.com/docs/authentication/api-keys"
	docsGoogleOA  = "https://developers.google.com/identity/protocols/oauth2"
	docsSendGrid  = "https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys"
	docsTwilio    = "https://www.twilio.com/docs/iam/api-keys"
	docsShopify   = "https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens"
	docsSquare    = "https://developer.squareup.com/docs/build-basics/access-tokens"
	docsNPM       = "https://docs.npmjs.com/about-access-tokens"
	docsPyPI      = "https://pypi.org/help/#apitoken"
	docsHF        = "https://huggingface.co/docs/hub/security-tokens"
	docsHubSpot   = "https://developers.hubspot.com/docs/api/private-apps"
	docsMollie    = "https://docs.mollie.com/reference/authentication"
	docsMailgun   = "https://documentation.mailgun.com/docs/mailgun/api-reference/authentication"
)

// Headers vendors expect.
const (
	hdrBearer = "Authorization: Bearer"
	hdrBasic  = "Authorization: Basic"
)

// vendorKeys is the table Recognise reads. Order does not decide between
// prefixes (the longest match does); it groups vendors for reading.
var vendorKeys = []vendorKey{
	// Stripe: the mode is in the prefix; both modes use api.stripe.com.
	{Vendor{Name: "Stripe", Prefix: "sk_test_", Kind: "secret", Environment: "test", Header: hdrBearer, Alternatives: []string{"Authorization: Basic (key as user name)"}, AccessCredential: true, Docs: docsStripe}, restAlnum20},
	{Vendor{Name: "Stripe", Prefix: "sk_live_", Kind: "secret", Environment: "live", Header: hdrBearer, Alternatives: []string{"Authorization: Basic (key as user name)"}, AccessCredential: true, Docs: docsStripe}, restAlnum20},
	{Vendor{Name: "Stripe", Prefix: "rk_test_", Kind: "restricted", Environment: "test", Header: hdrBearer, AccessCredential: true, Note: "Restricted keys carry only the permissions chosen when they were created.", Docs: docsStripe}, restAlnum20},
	{Vendor{Name: "Stripe", Prefix: "rk_live_", Kind: "restricted", Environment: "live", Header: hdrBearer, AccessCredential: true, Note: "Restricted keys carry only the permissions chosen when they were created.", Docs: docsStripe}, restAlnum20},
	{Vendor{Name: "Stripe", Prefix: "pk_test_", Kind: "publishable", Environment: "test", Header: hdrBearer, Note: "Publishable keys are for client-side code; server API calls need the secret key (sk_).", Docs: docsStripe}, restAlnum20},
	{Vendor{Name: "Stripe", Prefix: "pk_live_", Kind: "publishable", Environment: "live", Header: hdrBearer, Note: "Publishable keys are for client-side code; server API calls need the secret key (sk_).", Docs: docsStripe}, restAlnum20},

	// GitHub token formats (github.blog changelog 2021-03-31).
	{Vendor{Name: "GitHub", Prefix: "ghp_", Kind: "pat", Header: hdrBearer, Alternatives: []string{"Authorization: token"}, AccessCredential: true, Docs: docsGitHub}, restGitHub},
	{Vendor{Name: "GitHub", Prefix: "github_pat_", Kind: "fine-grained-pat", Header: hdrBearer, Alternatives: []string{"Authorization: token"}, AccessCredential: true, Note: "Fine-grained tokens reach only the repositories and permissions chosen for them; GitHub answers 404 for the rest.", Docs: docsGitHub}, restGitHubFG},
	{Vendor{Name: "GitHub", Prefix: "gho_", Kind: "oauth", Header: hdrBearer, Alternatives: []string{"Authorization: token"}, AccessCredential: true, Docs: docsGitHub}, restGitHub},
	{Vendor{Name: "GitHub", Prefix: "ghu_", Kind: "user-to-server", Header: hdrBearer, Alternatives: []string{"Authorization: token"}, AccessCredential: true, Docs: docsGitHub}, restGitHub},
	{Vendor{Name: "GitHub", Prefix: "ghs_", Kind: "server-to-server", Header: hdrBearer, Alternatives: []string{"Authorization: token"}, AccessCredential: true, Note: "Installation and Actions tokens expire after an hour.", Docs: docsGitHub}, restGitHub},
	{Vendor{Name: "GitHub", Prefix: "ghr_", Kind: "refresh", Note: "A refresh token is exchanged for a new user-to-server token; it is not accepted by the API.", Docs: docsGitHub}, restGitHub},

	// GitLab.
	{Vendor{Name: "GitLab", Prefix: "glpat-", Kind: "pat", Header: "PRIVATE-TOKEN", Alternatives: []string{hdrBearer}, AccessCredential: true, Docs: docsGitLab}, restGitLab},

	// Slack token types. Rotating access tokens start with xoxe.; the
	// refresh token that renews them starts with xoxe-.
	{Vendor{Name: "Slack", Prefix: "xoxb-", Kind: "bot", Header: hdrBearer, AccessCredential: true, Docs: docsSlack}, restSlack},
	{Vendor{Name: "Slack", Prefix: "xoxp-", Kind: "user", Header: hdrBearer, AccessCredential: true, Docs: docsSlack}, restSlack},
	{Vendor{Name: "Slack", Prefix: "xoxe.xoxb-", Kind: "bot", Header: hdrBearer, AccessCredential: true, Note: "Rotating token: it expires after 12 hours and must be refreshed.", Docs: docsSlack}, restSlack},
	{Vendor{Name: "Slack", Prefix: "xoxe.xoxp-", Kind: "user", Header: hdrBearer, AccessCredential: true, Note: "Rotating token: it expires after 12 hours and must be refreshed.", Docs: docsSlack}, restSlack},
	{Vendor{Name: "Slack", Prefix: "xapp-", Kind: "app", Header: hdrBearer, AccessCredential: true, Note: "App-level tokens work only for app-level methods such as apps.connections.open, not for Web API calls on behalf of a bot or user.", Docs: docsSlack}, restSlack},
	{Vendor{Name: "Slack", Prefix: "xoxe-", Kind: "refresh", Note: "A refresh token is exchanged with oauth.v2.access for a new access token; it is not accepted by the API.", Docs: docsSlack}, restSlack},

	// OpenAI; other OpenAI-compatible providers also issue sk- keys.
	{Vendor{Name: "OpenAI", Prefix: "sk-proj-", Kind: "project", Header: hdrBearer, AccessCredential: true, Docs: docsOpenAI}, restB64URL40},
	{Vendor{Name: "OpenAI", Prefix: "sk-svcacct-", Kind: "service-account", Header: hdrBearer, AccessCredential: true, Docs: docsOpenAI}, restB64URL40},
	{Vendor{Name: "OpenAI", Prefix: "sk-admin-", Kind: "admin", Header: hdrBearer, AccessCredential: true, Note: "Admin keys work only on the administration endpoints.", Docs: docsOpenAI}, restB64URL40},
	{Vendor{Name: "OpenAI", Prefix: "sk-", Kind: "user", Header: hdrBearer, AccessCredential: true, Note: "Other OpenAI-compatible providers also issue keys starting sk-; check which service the key belongs to.", Docs: docsOpenAI}, restOpenAI},

	// Anthropic, matched before sk- by being longer.
	{Vendor{Name: "Anthropic", Prefix: "sk-ant-api03-", Kind: "api-key", Header: "x-api-key", AccessCredential: true, Note: "Anthropic expects the key in x-api-key, not Authorization: Bearer.", Docs: docsAnthropic}, restB64URL40},
	{Vendor{Name: "Anthropic", Prefix: "sk-ant-admin01-", Kind: "admin", Header: "x-api-key", AccessCredential: true, Note: "Admin keys work only on the Admin API.", Docs: docsAnthropic}, restB64URL40},
	{Vendor{Name: "Anthropic", Prefix: "sk-ant-", Kind: "api-key", Header: "x-api-key", AccessCredential: true, Note: "Anthropic expects the key in x-api-key, not Authorization: Bearer.", Docs: docsAnthropic}, restB64URL40},

	// AWS access key ids: they name a key; requests are signed with its
	// secret (SigV4), never sent as a token.
	{Vendor{Name: "AWS", Prefix: "AKIA", Kind: "long-term", Header: "Authorization: AWS4-HMAC-SHA256", Note: "An access key id is not a token: sign requests with SigV4 and the secret access key.", Docs: docsAWS}, restAWS},
	{Vendor{Name: "AWS", Prefix: "ASIA", Kind: "temporary", Header: "Authorization: AWS4-HMAC-SHA256", Note: "Temporary credentials also need the session token in X-Amz-Security-Token, and they expire.", Docs: docsAWS}, restAWS},

	// Google.
	{Vendor{Name: "Google", Prefix: "AIza", Kind: "api-key", Header: "X-Goog-Api-Key", Alternatives: []string{"key query parameter"}, AccessCredential: true, Note: "API keys identify a project; APIs that need a user or service account reject them with 401.", Docs: docsGoogleKey}, restGoogle},
	{Vendor{Name: "Google", Prefix: "ya29.", Kind: "oauth", Header: hdrBearer, AccessCredential: true, Note: "OAuth access tokens last about an hour.", Docs: docsGoogleOA}, restGoogleAT},
	{Vendor{Name: "Google", Prefix: "1//", Kind: "refresh", Note: "A refresh token is exchanged at the token endpoint for an access token (ya29.); it is not accepted by APIs.", Docs: docsGoogleOA}, restB64URL20},

	// SendGrid: SG.<id>.<secret>.
	{Vendor{Name: "SendGrid", Prefix: "SG.", Kind: "api-key", Header: hdrBearer, AccessCredential: true, Docs: docsSendGrid}, restSendGrid},

	// Twilio SIDs identify; the secret or auth token is the Basic password.
	{Vendor{Name: "Twilio", Prefix: "SK", Kind: "api-key-sid", Header: hdrBasic, Note: "An API key SID is the Basic user name; the key's secret is the password.", Docs: docsTwilio}, restHex32},
	{Vendor{Name: "Twilio", Prefix: "AC", Kind: "account-sid", Header: hdrBasic, Note: "An account SID is the Basic user name; the auth token is the password.", Docs: docsTwilio}, restHex32},

	// Shopify.
	{Vendor{Name: "Shopify", Prefix: "shpat_", Kind: "admin", Header: "X-Shopify-Access-Token", AccessCredential: true, Docs: docsShopify}, restHex32Any},
	{Vendor{Name: "Shopify", Prefix: "shpca_", Kind: "custom-app", Header: "X-Shopify-Access-Token", AccessCredential: true, Docs: docsShopify}, restHex32Any},
	{Vendor{Name: "Shopify", Prefix: "shppa_", Kind: "private-app", Header: "X-Shopify-Access-Token", AccessCredential: true, Docs: docsShopify}, restHex32Any},
	{Vendor{Name: "Shopify", Prefix: "shpss_", Kind: "shared-secret", Note: "The shared secret verifies webhooks and OAuth; it is not an access token.", Docs: docsShopify}, restHex32Any},

	// Square. Current sandbox access tokens start with EAAA too, so EAAA
	// does not tell the environment; the legacy sandbox- prefixes do.
	{Vendor{Name: "Square", Prefix: "EAAA", Kind: "access-token", Header: hdrBearer, AccessCredential: true, Note: "Production and sandbox access tokens both start with EAAA; sandbox tokens work only on connect.squareupsandbox.com.", Docs: docsSquare}, restB64URL40},
	{Vendor{Name: "Square", Prefix: "sq0atp-", Kind: "access-token", Environment: "production", Header: hdrBearer, AccessCredential: true, Docs: docsSquare}, restB64URL22},
	{Vendor{Name: "Square", Prefix: "sandbox-sq0atb-", Kind: "access-token", Environment: "sandbox", Header: hdrBearer, AccessCredential: true, Note: "Sandbox tokens work only on connect.squareupsandbox.com.", Docs: docsSquare}, restB64URL22},
	{Vendor{Name: "Square", Prefix: "sq0idp-", Kind: "app-id", Environment: "production", Note: "An application id identifies the app; API calls need an access token.", Docs: docsSquare}, restB64URL22},
	{Vendor{Name: "Square", Prefix: "sandbox-sq0idb-", Kind: "app-id", Environment: "sandbox", Note: "An application id identifies the app; API calls need an access token.", Docs: docsSquare}, restB64URL22},
	{Vendor{Name: "Square", Prefix: "sandbox-sq0idp-", Kind: "app-id", Environment: "sandbox", Note: "An application id identifies the app; API calls need an access token.", Docs: docsSquare}, restB64URL22},
	{Vendor{Name: "Square", Prefix: "sq0csp-", Kind: "app-secret", Environment: "production", Note: "The application secret is for the OAuth token endpoint, not for API calls.", Docs: docsSquare}, restB64URL30},
	{Vendor{Name: "Square", Prefix: "sandbox-sq0csb-", Kind: "app-secret", Environment: "sandbox", Note: "The application secret is for the OAuth token endpoint, not for API calls.", Docs: docsSquare}, restB64URL30},

	// Package registries and model hubs.
	{Vendor{Name: "npm", Prefix: "npm_", Kind: "access-token", Header: hdrBearer, AccessCredential: true, Docs: docsNPM}, restAlnum30},
	{Vendor{Name: "PyPI", Prefix: "pypi-", Kind: "api-token", Header: hdrBasic, Note: "Upload with user name __token__ and the token as the password.", AccessCredential: true, Docs: docsPyPI}, restB64URL50},
	{Vendor{Name: "Hugging Face", Prefix: "hf_", Kind: "access-token", Header: hdrBearer, AccessCredential: true, Docs: docsHF}, restAlnum30},

	// HubSpot private-app tokens name their data region.
	{Vendor{Name: "HubSpot", Prefix: "pat-na1-", Kind: "private-app", Header: hdrBearer, AccessCredential: true, Region: "na1", Docs: docsHubSpot}, restUUID},
	{Vendor{Name: "HubSpot", Prefix: "pat-eu1-", Kind: "private-app", Header: hdrBearer, AccessCredential: true, Region: "eu1", Docs: docsHubSpot}, restUUID},

	// Mollie: only the documented length, so that test_something is not
	// taken for a key.
	{Vendor{Name: "Mollie", Prefix: "test_", Kind: "api-key", Environment: "test", Header: hdrBearer, AccessCredential: true, Docs: docsMollie}, restAlnum30},
	{Vendor{Name: "Mollie", Prefix: "live_", Kind: "api-key", Environment: "live", Header: hdrBearer, AccessCredential: true, Docs: docsMollie}, restAlnum30},

	// Mailgun legacy private API key.
	{Vendor{Name: "Mailgun", Prefix: "key-", Kind: "api-key", Header: hdrBasic, Note: "Send the key as the Basic password with the user name api.", AccessCredential: true, Docs: docsMailgun}, restHex32},
}
