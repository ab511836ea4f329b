package diagnose_test

// Recorded answers of messaging, e-mail and meeting APIs: Twilio,
// SendGrid, Mailgun, Postmark, Mailchimp, Discord, Telegram, Zoom.

import (
	"time"

	"github.com/authdoctor/authdoctor"
)

func messagingCases() []rwCase {
	var cs []rwCase
	add := func(c rwCase) { cs = append(cs, c) }

	// ---------------------------------------------------------------- Twilio

	// twilio/twilio-python#42 (HTTP ERROR 401: 20003: Authenticate for a
	// wrong account SID / auth token pair), twilio/twilio-python's
	// test_make_request_basic_auth (the 401 carries WWW-Authenticate:
	// Basic realm="Twilio API"). Twilio answers no credentials and wrong
	// ones with the same 20003 body; the Basic challenge to a Basic
	// credential is what says the password was checked.
	twilio := jsonHop(401, `{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}`, "WWW-Authenticate", `Basic realm="Twilio API"`)
	add(rwCase{
		name: "twilio/wrong auth token for the account sid",
		obs: record(get("https://api.twilio.com/2010-04-01/Accounts/AC"+gen(rwHex, 32, 101)+"/Messages.json", basicField("AC"+gen(rwHex, 32, 101), gen(rwHex, 32, 102)))).
			baseline(twilio).auth(twilio).done(),
		want: authdoctor.CauseCredentialsRejected, finding: "credential.rejected",
	})

	// -------------------------------------------------------------- SendGrid

	// sendgrid/sendgrid-php#793 (the full answer: Server nginx, the CORS
	// headers, the body), sendgrid/sendgrid-php#239 (the key's id pasted
	// instead of the key): a key SendGrid does not know.
	add(rwCase{
		name: "sendgrid/authorization grant invalid expired or revoked",
		obs: record(write("POST", "https://api.sendgrid.com/v3/mail/send", `{"personalizations":[{"to":[{"email":"support@example.com"}]}],"from":{"email":"noreply@example.com"},"subject":"Lead","content":[{"type":"text/plain","value":"hi"}]}`,
			bearerField(sendgridKey(103)), plain("Content-Type", "application/json"))).
			auth(jsonHop(401, `{"errors":[{"message":"The provided authorization grant is invalid, expired, or revoked","field":null,"help":null}]}`,
				"Server", "nginx", "Access-Control-Allow-Origin", "https://sendgrid.api-docs.io", "Access-Control-Allow-Methods", "POST",
				"Access-Control-Allow-Headers", "Authorization, Content-Type, On-behalf-of, x-sg-elas-acl", "X-No-CORS-Reason", "https://sendgrid.com/docs/Classroom/Basics/API/cors.html").dated()).done(),
		want: authdoctor.CauseCredentialsRejected,
	})

	// sendgrid/sendgrid-php#263 (403 FORBIDDEN, {"errors":[{"field":null,
	// "message":"access forbidden"}]}), #664 ("This is an API Key issue":
	// the key lacks the permission): SendGrid knows the key and refuses
	// the action.
	add(rwCase{
		name: "sendgrid/403 access forbidden",
		obs: record(write("POST", "https://api.sendgrid.com/v3/mail/batch", "", bearerField(sendgridKey(104)))).
			auth(jsonHop(403, `{"errors":[{"field":null,"message":"access forbidden"}]}`, "Server", "nginx",
				"Access-Control-Allow-Methods", "POST, OPTIONS", "Access-Control-Allow-Headers", "AUTHORIZATION, Content-Type, On-behalf-of, x-sg-elas-acl")).done(),
		want: authdoctor.CausePermissionDenied, finding: "authz.forbidden",
	})

	// --------------------------------------------------------------- Mailgun

	// mailgun/mailgun-js-boland#268 and mailgun/mailgun.js#393: "401
	// Forbidden" — status 401, body Forbidden — for a key the US API does
	// not know (in #268 an EU key sent to api.mailgun.net; nothing in the
	// exchange shows the region). Only the body is published.
	add(rwCase{
		name: "mailgun/401 forbidden for an unknown key",
		obs: record(write("POST", "https://api.mailgun.net/v3/mg.example.com/messages", "from=mailgun%40mg.example.com&to=me%40example.com&subject=Hello&text=Testing",
			basicField("api", mailgunKey(105)), plain("Content-Type", "application/x-www-form-urlencoded"))).
			auth(textHop(401, "Forbidden")).done(),
		want: authdoctor.CauseCredentialsRejected, finding: "credential.rejected",
	})

	// -------------------------------------------------------------- Postmark

	// ActiveCampaign/postmark-rails#60: the token never reached the header
	// Postmark reads (X-Postmark-Server-Token); the answer says so. Here
	// the server token went out as a bearer token. Body only published.
	add(rwCase{
		name: "postmark/server token in authorization instead of its header",
		obs: record(write("POST", "https://api.postmarkapp.com/email", `{"From":"noreply@example.com","To":"jane@example.com","Subject":"Reset","TextBody":"…"}`,
			bearerField(uuidKey(106)), plain("Accept", "application/json"), plain("Content-Type", "application/json"))).
			auth(jsonHop(401, `{"ErrorCode":10,"Message":"No Account or Server API tokens were supplied in the HTTP headers. Please add a header for either X-Postmark-Server-Token or X-Postmark-Account-Token."}`)).done(),
		want: authdoctor.CauseCredentialNotReceived,
	})

	// PipedreamHQ/pipedream#10254: 401, content-type application/json;
	// charset=utf-8, {"ErrorCode": 10, "Message": "Request does not
	// contain a valid Server token."} (the account token had been put in
	// the server-token header; both are UUIDs, so the exchange cannot tell
	// which — the server only says the token is not valid).
	add(rwCase{
		name: "postmark/request does not contain a valid server token",
		obs: record(write("POST", "https://api.postmarkapp.com/webhooks", `{"Url":"https://hooks.example.com/pm","MessageStream":"inbound"}`,
			field("X-Postmark-Server-Token", uuidKey(107)), plain("Accept", "application/json"), plain("Content-Type", "application/json"))).
			auth(hop{status: 401, header: headers("Content-Type", "application/json; charset=utf-8", "Cache-Control", "private"), body: `{"ErrorCode":10,"Message":"Request does not contain a valid Server token."}`}.dated()).done(),
		want: authdoctor.CauseCredentialsRejected,
	})

	// keighl/postmark#1: a client that sent both the server and the
	// account token got ErrorCode 10 "Please do not include Account API
	// Token for Server API Token calls." (body only published; ErrorCode
	// 10 is Postmark's 401 "Bad or missing API token").
	add(rwCase{
		name: "postmark/server and account token in one request",
		obs: record(write("POST", "https://api.postmarkapp.com/email", `{"From":"noreply@example.com","To":"jane@example.com","Subject":"Hi","TextBody":"…"}`,
			field("X-Postmark-Server-Token", uuidKey(108)), field("X-Postmark-Account-Token", uuidKey(109)), plain("Content-Type", "application/json"))).
			auth(jsonHop(401, `{"ErrorCode":10,"Message":"Please do not include Account API Token for Server API Token calls."}`)).done(),
		want: authdoctor.CauseMultipleCredentials, finding: "header.multiple-credentials",
	})

	// ------------------------------------------------------------- Mailchimp

	// Mailchimp keys end with their datacenter (-us16) and work only on
	// that datacenter's host. VingtCinq/python-mailchimp#176 (key -us16,
	// base_url us18), mailchimp/mc-woocommerce#646 (the 401 body, "API Key
	// Invalid … or you've attempted to access the wrong datacenter");
	// Mailchimp's error glossary documents APIKeyMissing for no key.
	mcMissing := jsonHop(401, `{"type":"https://mailchimp.com/developer/marketing/docs/errors/","title":"API Key Missing","status":401,"detail":"Your request did not include an API key.","instance":"3a9c7e1f-2b4d-4f60-9e1a-5c8d7b6a4e21"}`).with("Content-Type", "application/problem+json")
	mcInvalid := jsonHop(401, `{"type":"https://mailchimp.com/developer/marketing/docs/errors/","title":"API Key Invalid","status":401,"detail":"Your API key may be invalid, or you've attempted to access the wrong datacenter.","instance":"7d1e2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f"}`).with("Content-Type", "application/problem+json")
	add(rwCase{
		name: "mailchimp/us16 key on the us18 datacenter",
		obs: record(get("https://us18.api.mailchimp.com/3.0/lists", basicField("anystring", mailchimpKey("us16", 110)))).
			baseline(mcMissing).auth(mcInvalid).done(),
		want: authdoctor.CauseEnvironmentMismatch, finding: "credential.environment",
	})
	add(rwCase{
		name: "mailchimp/invalid key on its own datacenter",
		obs: record(get("https://us6.api.mailchimp.com/3.0/lists", basicField("anystring", mailchimpKey("us6", 111)))).
			baseline(mcMissing).auth(mcInvalid).done(),
		want: authdoctor.CauseCredentialsRejected,
	})

	// --------------------------------------------------------------- Discord

	// jonas747/discorder#10: a bot token sent as "Bearer" (the client put
	// Bearer in front) gets HTTP 401 {"code": 0, "message": "401:
	// Unauthorized"}; discord/discord-api-docs#602: bot tokens must be
	// sent as "Authorization: Bot <token>". Discord sends no challenge and
	// answers a missing token the same way.
	discord401 := jsonHop(401, `{"message": "401: Unauthorized", "code": 0}`, "Server", "cloudflare", "Via", "1.1 google")
	add(rwCase{
		name: "discord/bot token sent as bearer",
		obs: record(get("https://discord.com/api/v10/users/@me", bearerField(discordBotToken(112)))).
			baseline(discord401).auth(discord401).differential(discord401).done(),
		want: authdoctor.CauseSchemeMismatch, finding: "header.scheme-mismatch",
	})

	// -------------------------------------------------------------- Telegram

	// tdlib/telegram-bot-api#77 ({"ok":false,"error_code":401,
	// "description":"Unauthorized"} after the token was revoked),
	// nickoala/telepot#105 ("401 means that the token is not correct";
	// /revoke in BotFather disables it). The token is part of the path,
	// where the Bot API reads it.
	tg := telegramBotToken(113)
	add(rwCase{
		name: "telegram/revoked bot token in the path",
		obs: record(get("https://api.telegram.org/bot" + tg + "/getMe")).
			auth(jsonHop(401, `{"ok":false,"error_code":401,"description":"Unauthorized"}`, "Server", "nginx/1.18.0")).done(),
		want: authdoctor.CauseCredentialsRejected, secrets: []string{tg},
		miss: "credential_missing from request.no-credential: the Bot API reads the token from the URL path (/bot<token>/…); the catalogue now finds it there and RedactURL hides it, but no check treats a key in the path as the credential sent",
	})

	// ------------------------------------------------------------------ Zoom

	// Zoom's (retired) JWT apps signed a short-lived HS256 token with the
	// app's key and secret. Jericho/ZoomNet#193 (GET /v2/users/me, 401,
	// Date and x-zm-trackingid, {"code":124,"message":"Access token is
	// expired."}; the client had stopped refreshing the token),
	// kyleboe/zoom_rb#382 (same body).
	zoomExpired := jsonHop(401, `{"code":124,"message":"Access token is expired."}`, "x-zm-trackingid", "v=2.0;clid=us02;rid=WEB_61ebc1c8aa27dce6fa80823a12c3729a", "Cache-Control", "no-store, no-transform, must-revalidate, no-cache")
	add(rwCase{
		name: "zoom/expired jwt app token",
		obs: record(get("https://api.zoom.us/v2/users/me", bearerField(hs256(map[string]any{"iss": gen(rwB64u, 22, 114), "exp": at(-50 * time.Minute), "iat": at(-90 * time.Minute)})))).
			auth(zoomExpired.dated()).done(),
		want: authdoctor.CauseTokenExpired, finding: "token.expired",
	})

	// jrchamp/moodle-mod_zoom#71: "Connection failed: Access token is
	// expired" for a freshly minted token — "The token used for an
	// individual call only has a 40 second lifespan. Is it possible that
	// your Moodle server's system time is out of sync?" Here the Moodle
	// host runs five minutes slow: by its clock the token is valid, by
	// Zoom's Date it expired long ago.
	add(rwCase{
		name: "zoom/40 second jwt minted on a slow clock",
		obs: record(get("https://api.zoom.us/v2/users/me", bearerField(hs256(map[string]any{"iss": gen(rwB64u, 22, 115), "exp": at(40 * time.Second), "iat": at(0)})))).
			auth(zoomExpired.serverAt(5 * time.Minute)).done(),
		want: authdoctor.CauseClockSkew, finding: "token.clock-skew",
	})

	// MacsiDigital/laravel-zoom#22 (401, {"code":124,"message":"Invalid
	// access token."}) and #35 (the token was signed with the profile's
	// key instead of the app's): the server refused a token it read.
	add(rwCase{
		name: "zoom/invalid access token",
		obs: record(get("https://api.zoom.us/v2/users", bearerField(hs256(map[string]any{"iss": gen(rwB64u, 22, 116), "exp": at(30 * time.Minute), "iat": at(-time.Minute)})))).
			auth(jsonHop(401, `{"code":124,"message":"Invalid access token."}`).dated()).done(),
		want: authdoctor.CauseTokenRejected, finding: "token.rejected",
	})

	return cs
}
