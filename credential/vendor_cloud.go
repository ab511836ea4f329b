package credential

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Cloud and hosting providers.

const (
	docsAWS          = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids"
	docsGoogleKey    = "https://cloud.google.com/docs/authentication/api-keys"
	docsGoogleOA     = "https://developers.google.com/identity/protocols/oauth2"
	docsDigitalOcean = "https://docs.digitalocean.com/reference/api/create-personal-access-token/"
	docsCloudflare   = "https://developers.cloudflare.com/fundamentals/api/get-started/token-formats/"
	docsCloudflareCA = "https://developers.cloudflare.com/fundamentals/api/get-started/ca-keys/"
	docsAzureSAS     = "https://learn.microsoft.com/en-us/rest/api/storageservices/create-service-sas"
	docsAzureSBSAS   = "https://learn.microsoft.com/en-us/azure/service-bus-messaging/service-bus-sas"
	docsHeroku       = "https://devcenter.heroku.com/articles/platform-api-quickstart#authentication"
	docsTailscale    = "https://tailscale.com/kb/1085/auth-keys"
	docsTailscaleAPI = "https://tailscale.com/kb/1101/api"
	noteAWSKeyID     = "An access key id is not a token: sign requests with SigV4 and the secret access key."
)

var (
	// restAWS: 16 base32 characters (A–Z, 2–7) after the four-letter
	// type prefix; the key id encodes the account. FindKeys also hides
	// 16 of A–Z0–9 (a mistyped id is still an id).
	restAWS = one(exactly(setBase32, 16))
	// restCloudflare: 40 alphanumerics and an 8-hex check part (token
	// formats page: "a distinct prefix followed by 40 characters and a
	// checksum"; trufflehog cloudflareapitoken v2 for the hex). The
	// checksum algorithm is not published, so it is not verified.
	restCloudflare = one(exactly(setAlnum, 40), exactly(setHexLower, 8))
	restDO         = one(exactly(setHexLower, 64))
)

var cloudKeys = []vendorKey{
	// AWS access key ids: they name a key; requests are signed with its
	// secret (SigV4), never sent as a token.
	{Vendor: Vendor{Name: "AWS", Prefix: "AKIA", Kind: "long-term", Header: "Authorization: AWS4-HMAC-SHA256", Note: noteAWSKeyID, Docs: docsAWS}, rest: restAWS, findSet: setUpperNum},
	{Vendor: Vendor{Name: "AWS", Prefix: "ASIA", Kind: "temporary", Header: "Authorization: AWS4-HMAC-SHA256", Note: "Temporary credentials also need the session token in X-Amz-Security-Token, and they expire.", Docs: docsAWS}, rest: restAWS, findSet: setUpperNum},

	// Google.
	{Vendor: Vendor{Name: "Google", Prefix: "AIza", Kind: "api-key", Header: "X-Goog-Api-Key", Alternatives: []string{"key query parameter"}, AccessCredential: true, Note: "API keys identify a project; APIs that need a user or service account reject them with 401.", Docs: docsGoogleKey}, rest: one(exactly(setB64URL, 35)), findMin: 30, findMax: 64},
	{Vendor: Vendor{Name: "Google", Prefix: "ya29.", Kind: "oauth", Header: hdrBearer, AccessCredential: true, Note: "OAuth access tokens last about an hour.", Docs: docsGoogleOA}, rest: one(run(setB64URL.or(bytesOf(".")), 20, 1000)), findMin: 16},
	{Vendor: Vendor{Name: "Google", Prefix: "1//", Kind: "refresh", Note: "A refresh token is exchanged at the token endpoint for an access token (ya29.); it is not accepted by APIs.", Docs: docsGoogleOA}, rest: one(run(setB64URL, 20, 512)), findMin: 16},

	// DigitalOcean: dop_v1_ personal access tokens, doo_v1_ OAuth access
	// tokens, dor_v1_ refresh tokens, 64 hex (gitleaks
	// rules/digitalocean.go).
	{Vendor: Vendor{Name: "DigitalOcean", Prefix: "dop_v1_", Kind: "pat", Header: hdrBearer, AccessCredential: true, Docs: docsDigitalOcean}, rest: restDO},
	{Vendor: Vendor{Name: "DigitalOcean", Prefix: "doo_v1_", Kind: "oauth", Header: hdrBearer, AccessCredential: true, Docs: docsDigitalOcean}, rest: restDO},
	{Vendor: Vendor{Name: "DigitalOcean", Prefix: "dor_v1_", Kind: "refresh", Note: "A refresh token is exchanged at cloud.digitalocean.com/v1/oauth/token; it is not accepted by the API.", Docs: docsDigitalOcean}, rest: restDO},

	// Cloudflare scannable credentials (token formats page).
	{Vendor: Vendor{Name: "Cloudflare", Prefix: "cfut_", Kind: "user-api-token", Header: hdrBearer, AccessCredential: true, Docs: docsCloudflare}, rest: restCloudflare},
	{Vendor: Vendor{Name: "Cloudflare", Prefix: "cfat_", Kind: "account-api-token", Header: hdrBearer, AccessCredential: true, Docs: docsCloudflare}, rest: restCloudflare},
	{Vendor: Vendor{Name: "Cloudflare", Prefix: "cfk_", Kind: "global-api-key", Header: "X-Auth-Key", AccessCredential: true, Note: "The Global API Key goes in X-Auth-Key with the account e-mail in X-Auth-Email, never as Bearer; prefer a scoped API token.", Docs: docsCloudflare}, rest: restCloudflare},
	// Origin CA keys: v1.0-, 24 hex, '-', 146 hex (gitleaks
	// rules/cloudflare.go).
	{Vendor: Vendor{Name: "Cloudflare", Prefix: "v1.0-", Kind: "origin-ca-key", Header: "X-Auth-User-Service-Key", AccessCredential: true, Note: "Origin CA keys work only on the Origin CA certificate endpoints.", Docs: docsCloudflareCA}, rest: one(exactly(setHexLower, 24), lit("-"), exactly(setHexLower, 146))},

	// Heroku API keys: HRKU-, AA and 58 more (gitleaks rules/heroku.go).
	{Vendor: Vendor{Name: "Heroku", Prefix: "HRKU-", Kind: "api-key", Header: hdrBearer, AccessCredential: true, Docs: docsHeroku}, rest: one(lit("AA"), exactly(setB64URL, 58))},

	// Tailscale keys: tskey-<type>-<key id>-<secret> (trufflehog
	// tailscale detector).
	{Vendor: Vendor{Name: "Tailscale", Prefix: "tskey-api-", Kind: "api-access-token", Header: hdrBearer, Alternatives: []string{hdrBasic + " (token as user name)"}, AccessCredential: true, Note: "API access tokens expire after at most 90 days.", Docs: docsTailscaleAPI}, rest: restTailscale},
	{Vendor: Vendor{Name: "Tailscale", Prefix: "tskey-auth-", Kind: "auth-key", Note: "An auth key registers devices (tailscale up --auth-key); the API needs an API access token (tskey-api-).", Docs: docsTailscale}, rest: restTailscale},

	// Azure shared access signatures: a query string with the signed
	// fields and sig (storage: sv, se, sp…; Service Bus and Event Hubs:
	// sr, se, skn). readAzureSAS checks the fields and records se.
	{Vendor: Vendor{Name: "Azure", Kind: "sas", Header: "query string", Note: "A SAS is appended to the resource URL; it stops working at its expiry (se) and outside its permissions (sp).", Docs: docsAzureSAS}, rest: restAzureSAS, read: rdAzureStorageSAS},
	{Vendor: Vendor{Name: "Azure", Kind: "sas", Header: "Authorization: SharedAccessSignature", AccessCredential: true, Note: "A Service Bus or Event Hubs SAS token stops working at its expiry (se).", Docs: docsAzureSBSAS}, rest: restAzureSAS, read: rdAzureBusSAS, scheme: "SharedAccessSignature"},
}

// restTailscale: a key id of word characters, '-', the secret.
var restTailscale = one(run(setWord, 6, 64), lit("-"), run(setWord, 16, 128))

// restAzureSAS: the bytes a query string can hold.
var restAzureSAS = one(run(bytesOf(alnumChars+"?&=%-_.:+/,;~"), 20, 4000))

// readAzureStorageSAS accepts a storage SAS (sv, sp, se and sig) and
// records its expiry.
func readAzureStorageSAS(q string, v *Vendor) bool { return readAzureSAS(q, "sv", "sp", v) }

// readAzureBusSAS accepts a Service Bus or Event Hubs SAS token (sr, skn,
// se and sig) and records its expiry.
func readAzureBusSAS(q string, v *Vendor) bool { return readAzureSAS(q, "sr", "skn", v) }

// readAzureSAS accepts a query string with sig, se and the two fields
// named, and records the expiry se: an RFC 3339 time or date (storage),
// or Unix seconds (Service Bus).
func readAzureSAS(q, field1, field2 string, v *Vendor) bool {
	if !strings.Contains(q, "sig=") {
		return false
	}
	vals, err := url.ParseQuery(strings.TrimPrefix(q, "?"))
	if err != nil || vals.Get("sig") == "" || vals.Get("se") == "" || vals.Get(field1) == "" || vals.Get(field2) == "" {
		return false
	}
	se := vals.Get("se")
	if t, err := time.Parse(time.RFC3339, se); err == nil {
		v.Expires = &t
	} else if t, err := time.Parse("2006-01-02", se); err == nil {
		v.Expires = &t
	} else if n, err := strconv.ParseInt(se, 10, 64); err == nil && n > 0 && n < maxNumericDate {
		t := time.Unix(n, 0).UTC()
		v.Expires = &t
	}
	return true
}
