package check_test

import (
	"encoding/base64"
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestHeaderSchemeMismatch(t *testing.T) {
	t.Parallel()
	tok := opaque(25)
	r := req(apiURL, bearer(tok))
	runTable(t, "header.scheme-mismatch", []tc{
		{
			name: "bearer token to an API Gateway IAM route",
			obs: observe(req(apiURL, bearer(opaque(3)))).baseline(jsonRec(403, `{"message":"Missing Authentication Token"}`)).
				auth(jsonRec(403, `{"message":"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter."}`, "X-Amzn-Requestid", "abc")).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "AWS Signature Version 4"},
		},
		{
			name: "a discord bot token sent as bearer, no challenge",
			obs:  observe(req("https://discord.com/api/v10/users/@me", bearer(discordToken()))).auth(jsonRec(401, `{"message": "401: Unauthorized", "code": 0}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"sent: Authorization Bearer", "the credential is a Discord bot-token, which Discord documents as 'Authorization: Bot <token>'"},
				summary:  "Discord expects the Bot scheme", fix: "'Authorization: Bot <credential>'"},
		},
		{
			name: "a discord bot token sent as Bot",
			obs:  observe(req("https://discord.com/api/v10/users/@me", fld("Authorization", "Bot "+discordToken()))).auth(jsonRec(401, `{"message": "401: Unauthorized", "code": 0}`)).obs(),
		},
		{
			name: "a github token with the token scheme it also takes",
			obs:  observe(req("https://api.github.com/user", fld("Authorization", "token ghp_"+fill(alnum, 36, 2)))).auth(jsonRec(401, `{"message":"Bad credentials"}`)).obs(),
		},
		{
			name: "drf wants Token, got Bearer",
			obs:  observe(r).baseline(drfNotProvided).auth(drfNotProvided).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"sent: Authorization Bearer", "WWW-Authenticate: Token", "it ignored the Bearer header"},
				summary:  "You sent Bearer, but the server asks for the Token scheme", fix: "'Authorization: Token <credential>'"},
			absent: []string{"delivery.not-received", "request.no-credential"},
		},
		{
			name: "Token confirmed",
			obs:  observe(r).baseline(drfNotProvided).auth(drfNotProvided).confirm("header.scheme-mismatch", rec{status: 200}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, evidence: []string{"with the scheme Token got 200 OK"}},
		},
		{
			name: "basic challenge to a bearer token may be a default",
			obs:  observe(r).auth(nginxBasic401()).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Possible, evidence: []string{"a Basic challenge can also be a server's default answer"}},
		},
		{
			// Caddy, Prometheus, HAProxy: a Basic-only server answers the
			// token exactly as it answers no credential (issue 7 pattern 2).
			name: "basic-only server ignores the bearer token",
			obs:  observe(r).baseline(nginxBasic401()).auth(nginxBasic401()).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"the same answer as without any credential"}},
		},
		{
			name: "bearer challenge",
			obs:  observe(r).auth(rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="api", error="invalid_token"`)}).obs(),
		},
		{
			name: "bearer among several challenges",
			obs:  observe(r).auth(rec{status: 401, header: hdr("WWW-Authenticate", `Basic realm="api"`, "WWW-Authenticate", `Bearer realm="api"`)}).obs(),
		},
		{
			name: "scheme compared case-insensitively",
			obs:  observe(r).auth(rec{status: 401, header: hdr("WWW-Authenticate", `bearer realm="api"`)}).obs(),
		},
		{
			name: "403 is not a challenge",
			obs:  observe(r).auth(rec{status: 403, header: hdr("WWW-Authenticate", `Token`)}).obs(),
		},
		{
			name: "no challenge",
			obs:  observe(r).auth(rec{status: 401}).obs(),
		},
		{
			name: "api key header has no scheme",
			obs:  observe(req(apiURL, fld("X-API-Key", tok))).auth(drfNotProvided).obs(),
		},
	})
}

// discordToken is shaped as Discord bot tokens are: the bot's user id in
// unpadded base64, a timestamp part and an HMAC part.
func discordToken() string {
	return base64.RawStdEncoding.EncodeToString([]byte("1"+fill("0123456789", 17, 3))) + "." + fill(b64url, 6, 4) + "." + fill(b64url, 38, 5)
}
