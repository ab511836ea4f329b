package credential

import "encoding/base64"

// Messaging: chat, e-mail and SMS.

const (
	docsSlack     = "https://api.slack.com/authentication/token-types"
	docsSendGrid  = "https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys"
	docsTwilio    = "https://www.twilio.com/docs/iam/api-keys"
	docsMailgun   = "https://documentation.mailgun.com/docs/mailgun/api-reference/authentication"
	docsMailchimp = "https://mailchimp.com/developer/marketing/docs/fundamentals/#connecting-to-the-api"
	docsPostmark  = "https://postmarkapp.com/developer/api/overview#authentication"
	docsBrevo     = "https://developers.brevo.com/docs/getting-started"
	docsTelegram  = "https://core.telegram.org/bots/api#authorizing-your-bot"
	docsDiscord   = "https://discord.com/developers/docs/reference#authentication"
	noteRotating  = "Rotating token: it expires after 12 hours and must be refreshed."
)

var (
	// restSlack: what legacy and rotating tokens hold after the prefix.
	restSlack = one(run(setAlnum.or(bytesOf("-")), 10, 255))
	// restSlackBot: team id, bot id, secret (gitleaks rules/slack.go has
	// both the current and the legacy form).
	restSlackBot = either(
		pattern{run(setDigit, 10, 13), lit("-"), run(setDigit, 10, 13), lit("-"), run(setAlnum, 16, 64)},
		pattern{run(setDigit, 8, 14), lit("-"), run(setAlnum, 18, 26)},
	)
	// restSlackUser: three numeric ids and a 28 to 34 character secret
	// (gitleaks rules/slack.go).
	restSlackUser = one(run(setDigit, 10, 13), lit("-"), run(setDigit, 10, 13), lit("-"), run(setDigit, 10, 13), lit("-"), run(setAlnum, 28, 34))
	// restSendGrid: SG., a 22-character key id, '.', a 43-character secret
	// (69 characters in all, as the API keys page says).
	restSendGrid = one(exactly(setB64URL, 22), lit("."), exactly(setB64URL, 43))
	restHex32    = one(exactly(setHexLower, 32))
)

var messagingKeys = []vendorKey{
	// Slack token types. Rotating access tokens start with xoxe.; the
	// refresh token that renews them starts with xoxe-.
	{Vendor: Vendor{Name: "Slack", Prefix: "xoxb-", Kind: "bot", Header: hdrBearer, AccessCredential: true, Docs: docsSlack}, rest: restSlackBot, findMin: 8, findMax: 255},
	{Vendor: Vendor{Name: "Slack", Prefix: "xoxp-", Kind: "user", Header: hdrBearer, AccessCredential: true, Docs: docsSlack}, rest: restSlackUser, findMin: 8, findMax: 255},
	{Vendor: Vendor{Name: "Slack", Prefix: "xoxe.xoxb-", Kind: "bot", Header: hdrBearer, AccessCredential: true, Note: noteRotating, Docs: docsSlack}, rest: restSlack, findMin: 8},
	{Vendor: Vendor{Name: "Slack", Prefix: "xoxe.xoxp-", Kind: "user", Header: hdrBearer, AccessCredential: true, Note: noteRotating, Docs: docsSlack}, rest: restSlack, findMin: 8},
	{Vendor: Vendor{Name: "Slack", Prefix: "xapp-", Kind: "app", Header: hdrBearer, AccessCredential: true, Note: "App-level tokens work only for app-level methods such as apps.connections.open, not for Web API calls on behalf of a bot or user.", Docs: docsSlack}, rest: restSlack, findMin: 8},
	{Vendor: Vendor{Name: "Slack", Prefix: "xoxe-", Kind: "refresh", Note: "A refresh token is exchanged with oauth.v2.access for a new access token; it is not accepted by the API.", Docs: docsSlack}, rest: restSlack, findMin: 8},
	{Vendor: Vendor{Name: "Slack", Prefix: "xoxa-", Kind: "workspace-app", Header: hdrBearer, AccessCredential: true, Note: "Workspace app tokens are retired; reinstall the app to get a bot token.", Docs: docsSlack}, rest: restSlack, findMin: 8},
	{Vendor: Vendor{Name: "Slack", Prefix: "xoxr-", Kind: "refresh", Note: "A refresh token is exchanged for a new access token; it is not accepted by the API.", Docs: docsSlack}, rest: restSlack, findMin: 8},

	// SendGrid: SG.<id>.<secret>.
	{Vendor: Vendor{Name: "SendGrid", Prefix: "SG.", Kind: "api-key", Header: hdrBearer, AccessCredential: true, Docs: docsSendGrid}, rest: restSendGrid, findMin: 16, findMax: 255},

	// Twilio SIDs identify; the secret or auth token is the Basic password.
	{Vendor: Vendor{Name: "Twilio", Prefix: "SK", Kind: "api-key-sid", Header: hdrBasic, Note: "An API key SID is the Basic user name; the key's secret is the password.", Docs: docsTwilio}, rest: restHex32},
	{Vendor: Vendor{Name: "Twilio", Prefix: "AC", Kind: "account-sid", Header: hdrBasic, Note: "An account SID is the Basic user name; the auth token is the password.", Docs: docsTwilio}, rest: restHex32},

	// Mailgun: the private API key (key-, 32 hex) and the public
	// validation key (pubkey-, 32 hex) (gitleaks rules/mailgun.go).
	{Vendor: Vendor{Name: "Mailgun", Prefix: "key-", Kind: "api-key", Header: hdrBasic, Note: "Send the key as the Basic password with the user name api.", AccessCredential: true, Docs: docsMailgun}, rest: restHex32, findSet: setAlnum},
	{Vendor: Vendor{Name: "Mailgun", Prefix: "pubkey-", Kind: "public-validation-key", Note: "The public validation key is retired and never authenticated sending; use the private API key.", Docs: docsMailgun}, rest: restHex32},

	// Mailchimp Marketing API keys: 32 hex and the data centre
	// (…-us21), which is also the API host (us21.api.mailchimp.com).
	{Vendor: Vendor{Name: "Mailchimp", Kind: "api-key", Header: hdrBasic + " (any user name, key as password)", Alternatives: []string{hdrBearer}, AccessCredential: true, Note: "Call the data centre the key names: https://<dc>.api.mailchimp.com/3.0/.", Docs: docsMailchimp}, rest: one(exactly(setHexLower, 32), lit("-us"), run(setDigit, 1, 2)), read: rdMailchimp, trigger: setHexLower},

	// Postmark tokens are UUIDs; the header says which.
	{Vendor: Vendor{Name: "Postmark", Kind: "server-token", Header: "X-Postmark-Server-Token", AccessCredential: true, Docs: docsPostmark}, rest: restUUID, field: "X-Postmark-Server-Token"},
	{Vendor: Vendor{Name: "Postmark", Kind: "account-token", Header: "X-Postmark-Account-Token", AccessCredential: true, Note: "Account tokens manage servers and domains; sending needs a server token.", Docs: docsPostmark}, rest: restUUID, field: "X-Postmark-Account-Token"},

	// Brevo (Sendinblue): xkeysib- API keys and xsmtpsib- SMTP keys, 64
	// hex, '-', 16 alphanumerics (gitleaks rules/sendinblue.go).
	{Vendor: Vendor{Name: "Brevo", Prefix: "xkeysib-", Kind: "api-key", Header: "api-key", AccessCredential: true, Docs: docsBrevo}, rest: one(exactly(setHexLower, 64), lit("-"), exactly(setAlnum, 16))},
	{Vendor: Vendor{Name: "Brevo", Prefix: "xsmtpsib-", Kind: "smtp-key", Note: "An SMTP key is the SMTP relay password; the API needs an API key (xkeysib-).", Docs: docsBrevo}, rest: one(exactly(setHexLower, 64), lit("-"), exactly(setAlnum, 16))},

	// Telegram bot tokens: the bot's numeric id, ':', 35 characters
	// (123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11 in the Bot API docs).
	{Vendor: Vendor{Name: "Telegram", Kind: "bot-token", AccessCredential: true, Note: "The token goes in the URL path (https://api.telegram.org/bot<token>/getMe), not in a header.", Docs: docsTelegram}, rest: one(run(setDigit, 5, 16), lit(":"), exactly(setB64URL, 35)), trigger: setDigit, glue: "bot"},

	// Discord bot tokens: the base64 of the bot's numeric id, a
	// timestamp, an HMAC, separated by dots (trufflehog discordbottoken
	// detector); readDiscord checks that the first part is an id.
	{Vendor: Vendor{Name: "Discord", Kind: "bot-token", Header: "Authorization: Bot", AccessCredential: true, Note: "Bot tokens take the Bot scheme (Authorization: Bot <token>); Bearer is for OAuth2 access tokens.", Docs: docsDiscord}, rest: one(run(setB64URL, 23, 28), lit("."), run(setB64URL, 6, 7), lit("."), run(setB64URL, 27, 40)), read: rdDiscord, trigger: bytesOf("MNO")},
}

// readMailchimp records the data centre and its API host.
func readMailchimp(key string, v *Vendor) bool {
	dc := key[33:] // after the 32 hex digits and the hyphen
	v.Region = dc
	v.Host = dc + ".api.mailchimp.com"
	return true
}

// readDiscord accepts a token whose first part is the base64 of a
// Discord id (a snowflake: 17 to 20 digits).
func readDiscord(tok string, v *Vendor) bool {
	first := tok
	for i := 0; i < len(tok); i++ {
		if tok[i] == '.' {
			first = tok[:i]
			break
		}
	}
	var buf [32]byte
	n, err := base64.RawURLEncoding.Decode(buf[:], []byte(first))
	if err != nil {
		n, err = base64.RawStdEncoding.Decode(buf[:], []byte(first))
	}
	if err != nil || n < 17 || n > 20 {
		return false
	}
	for _, c := range buf[:n] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
