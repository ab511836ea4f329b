package diagnose_test

// Recorded answers of SaaS APIs: Dropbox, Box, Jira Cloud, Notion,
// Salesforce, HubSpot.

import (
	"github.com/authdoctor/authdoctor"
)

func saasCases() []rwCase {
	var cs []rwCase
	add := func(c rwCase) { cs = append(cs, c) }

	// --------------------------------------------------------------- Dropbox

	// Dropbox answers with Server: envoy, a bare Bearer realm="Dropbox-API"
	// challenge and a tagged error (andreafabrizi/Dropbox-Uploader#598 and
	// #514 show the headers). Its API is RPC-style: every call is a POST.
	dropbox := func(status int, body string) hop {
		return jsonHop(status, body, "Www-Authenticate", `Bearer realm="Dropbox-API"`, "Server", "envoy",
			"X-Dropbox-Request-Id", "7aafeb32e1a946cf84ca759e06bf7081", "Content-Security-Policy", "sandbox allow-forms allow-scripts").dated()
	}
	dbxToken := func(s int) authdoctor.Field { return bearerField("sl." + gen(rwB64u, 140, s)) }

	// froemken/dropbox#23: "POST https://api.dropboxapi.com/2/users/
	// get_current_account resulted in a 401 Unauthorized response:
	// {"error_summary": "expired_access_token/.", "error": {".tag":
	// "expired_access_token"}}" — short-lived tokens last four hours.
	add(rwCase{
		name: "dropbox/expired short-lived access token",
		obs: record(write("POST", "https://api.dropboxapi.com/2/users/get_current_account", "", dbxToken(301))).
			auth(dropbox(401, `{"error_summary": "expired_access_token/.", "error": {".tag": "expired_access_token"}}`)).done(),
		want: authdoctor.CauseTokenExpired,
	})

	// andreafabrizi/Dropbox-Uploader#598: HTTP/2 401 with the bare
	// challenge and {"error":{".tag":"missing_scope","required_scope":
	// "files.metadata.read"},"error_summary":"missing_scope/"}; dropbox/
	// dbxcli#154: "missing_scope means Dropbox accepted the token, but
	// that token does not include the scope required".
	add(rwCase{
		name: "dropbox/missing scope on a 401 with a bare challenge",
		obs: record(write("POST", "https://api.dropboxapi.com/2/files/list_folder", `{"path":""}`, dbxToken(302), plain("Content-Type", "application/json"))).
			auth(dropbox(401, `{"error":{".tag":"missing_scope","required_scope":"files.metadata.read"},"error_summary":"missing_scope/"}`)).done(),
		want: authdoctor.CauseInsufficientScope,
	})

	// duplicati/duplicati#4667: "Error in call to API function
	// "files/list_folder": The given OAuth 2 access token is malformed."
	// (a 400 with a plain-text body; the user had pasted a wrong key and
	// fixed it by restoring the old one). Body only published.
	add(rwCase{
		name: "dropbox/400 access token is malformed",
		obs: record(write("POST", "https://api.dropboxapi.com/2/files/list_folder", `{"path":""}`, bearerField(gen(rwB64u, 64, 303)), plain("Content-Type", "application/json"))).
			auth(textHop(400, `Error in call to API function "files/list_folder": The given OAuth 2 access token is malformed.`)).done(),
		want: authdoctor.CauseTokenRejected,
	})

	// ------------------------------------------------------------------- Box

	// box/box-node-sdk#157 ("Intermittent Expired Auth error"): 401,
	// WWW-Authenticate: Bearer realm="Service", error="invalid_token",
	// error_description="The access token provided is invalid.",
	// BOX-REQUEST-ID. The token was opaque; the server calls it invalid.
	add(rwCase{
		name: "box/invalid_token challenge",
		obs: record(get("https://api.box.com/2.0/folders/0", bearerField(gen(rwAlnum, 32, 304)))).
			auth(bare(401, "WWW-Authenticate", `Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."`,
				"Strict-Transport-Security", "max-age=31536000", "Box-Request-Id", "0g81ogj572gd15m289a3m0ovs66", "Age", "1").dated()).done(),
		want: authdoctor.CauseTokenRejected, finding: "token.rejected",
	})

	// ------------------------------------------------------------ Jira Cloud

	// tenable/integration-jira-cloud#134: "[401: GET] https://site.
	// atlassian.net/rest/api/3/project/VULN body=b'Basic authentication
	// with passwords is deprecated.  For more information, see: …'".
	// Jira Cloud takes e-mail plus API token in Basic; here an account
	// password went instead. Body only published.
	add(rwCase{
		name: "jira cloud/basic with the account password",
		obs: record(get("https://site.atlassian.net/rest/api/3/project/VULN", basicField("jane@example.com", "Winter"+gen(rwDigit, 4, 305)+"!"))).
			auth(textHop(401, "Basic authentication with passwords is deprecated.  For more information, see: https://confluence.atlassian.com/cloud/deprecation-of-basic-authentication-with-passwords-for-jira-and-confluence-apis-972355348.html\n")).done(),
		want: authdoctor.CauseWrongCredentialKind,
	})

	// brekkylab/backlot#135 (measured on two atlassian.net sites: an
	// opaque Bearer gets 403, application/json, {"error": "Failed to parse
	// Connect Session Auth Token"}, no WWW-Authenticate, on every route),
	// lesstif/php-jira-rest-client#528, pawelrychlik/jira-dependency-
	// graph#49 ("We shouldn't use Bearer authentication"): a Cloud API
	// token goes in Basic with the account's e-mail, never as Bearer.
	add(rwCase{
		name: "jira cloud/api token sent as bearer",
		obs: record(get("https://acme.atlassian.net/rest/api/3/myself", bearerField("ATATT3xFfGF0"+gen(rwB64u, 180, 306)))).
			auth(jsonHop(403, `{"error": "Failed to parse Connect Session Auth Token"}`)).done(),
		want: authdoctor.CauseSchemeMismatch, finding: "header.scheme-mismatch",
	})

	// ---------------------------------------------------------------- Notion

	notionToken := func(s int) authdoctor.Field { return bearerField("ntn_" + gen(rwAlnum, 46, s)) }
	notionVersion := plain("Notion-Version", "2022-06-28")

	// lizheming/doumark-action#13: 401, content-type application/json;
	// charset=utf-8, x-powered-by Express, x-notion-request-id, code
	// unauthorized, "API token is invalid.".
	add(rwCase{
		name: "notion/api token is invalid",
		obs: record(get("https://api.notion.com/v1/users/me", notionToken(307), notionVersion)).
			auth(hop{status: 401, header: headers("Content-Type", "application/json; charset=utf-8", "X-Powered-By", "Express",
				"X-Notion-Request-Id", "292c30e5-d974-4616-9f41-43fa3fd9879b", "Cf-Cache-Status", "DYNAMIC", "Server", "cloudflare"),
				body: `{"object":"error","status":401,"code":"unauthorized","message":"API token is invalid.","request_id":"292c30e5-d974-4616-9f41-43fa3fd9879b"}`}).done(),
		want: authdoctor.CauseTokenRejected, finding: "token.rejected",
	})

	// jcha0713/astro-notion#6 (the failed response body), notion-dotnet/
	// notion-sdk-net#221 (GET retrieve): 404 object_not_found "Could not
	// find database with ID: … Make sure the relevant pages and databases
	// are shared with your integration." — the integration is known and
	// was not given the page; Notion hides it as not found.
	add(rwCase{
		name: "notion/404 database not shared with the integration",
		obs: record(get("https://api.notion.com/v1/databases/6c79d10b-f602-41df-8cfa-f23742d30a2a", notionToken(308), notionVersion)).
			auth(jsonHop(404, `{"object":"error","status":404,"code":"object_not_found","message":"Could not find database with ID: 6c79d10b-f602-41df-8cfa-f23742d30a2a. Make sure the relevant pages and databases are shared with your integration."}`, "X-Powered-By", "Express")).done(),
		want: authdoctor.CausePermissionDenied, finding: "authz.forbidden",
	})

	// ------------------------------------------------------------ Salesforce

	// restforce/restforce#284: "Authorization: OAuth …" to a POST; 401 with
	// www-authenticate: Token, content-type application/json;charset=UTF-8
	// and [{"message":"Session expired or invalid","errorCode":
	// "INVALID_SESSION_ID"}]. "Expired or invalid" does not say which;
	// the session token was read and refused.
	sfPost := write("POST", "https://cs13.salesforce.com/services/data/v38.0/sobjects/Contact", `{"LastName":"Employer","FirstName":"I am a "}`,
		field("Authorization", "OAuth 00D7F0000001I8v!"+gen(rwB64u, 96, 309)), plain("Content-Type", "application/json"))
	add(rwCase{
		name: "salesforce/session expired or invalid",
		obs: record(sfPost).
			auth(hop{status: 401, header: headers("WWW-Authenticate", "Token", "Content-Type", "application/json;charset=UTF-8", "X-Content-Type-Options", "nosniff"),
				body: `[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`}.dated()).done(),
		want: authdoctor.CauseTokenRejected,
	})

	// --------------------------------------------------------------- HubSpot

	// HubSpot/hubspot-api-nodejs#268 (the MISSING_SCOPES body with
	// requiredScopes), PipedreamHQ/pipedream#1419 (a 403 behind
	// Cloudflare with x-hubspot-correlation-id).
	add(rwCase{
		name: "hubspot/403 missing scopes",
		obs: record(get("https://api.hubapi.com/crm/v3/owners/123456", bearerField("pat-na1-"+uuidKey(310)))).
			auth(jsonHop(403, `{"status":"error","message":"This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.","correlationId":"13c40ed5-64d3-4a4a-b915-f211bad08136","errors":[{"message":"One or more of the following scopes are required.","context":{"requiredScopes":["contacts"]}}],"links":{"scopes":"https://developers.hubspot.com/scopes"},"category":"MISSING_SCOPES"}`,
				"Server", "cloudflare", "Cf-Cache-Status", "DYNAMIC", "X-Hubspot-Correlation-Id", "13c40ed5-64d3-4a4a-b915-f211bad08136").with("Content-Type", "application/json;charset=utf-8")).done(),
		want: authdoctor.CauseInsufficientScope, finding: "scope.insufficient",
	})

	return cs
}
