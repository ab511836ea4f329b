package diagnose_test

// Recorded answers of self-hosted servers and gateways: WSO2 API Manager,
// DADI API, Halo, Kibana, Grafana.

import (
	"encoding/base64"

	"github.com/authdoctor/authdoctor"
)

func serverCases() []rwCase {
	var cs []rwCase
	add := func(c rwCase) { cs = append(cs, c) }

	// --------------------------------------------------- WSO2 API Manager

	// wso2/api-manager#41: an invalid token gets a challenge that starts
	// with "null": WWW-Authenticate: null Bearer realm="WSO2 API Manager",
	// error="invalid_token", error_description="The provided token is
	// invalid" (a gateway bug; the challenge is otherwise RFC 6750's).
	// Header only published.
	add(rwCase{
		name: "wso2/invalid token behind a null-prefixed challenge",
		obs: record(get("https://apim.example.com:8243/pizzashack/1.0.0/menu", bearerField(uuidKey(501)))).
			auth(bare(401, "WWW-Authenticate", `null Bearer realm="WSO2 API Manager", error="invalid_token", error_description="The provided token is invalid"`)).done(),
		want: authdoctor.CauseTokenRejected, finding: "token.rejected",
	})

	// -------------------------------------------------------------- DADI API

	// dadi/api#34 (the PR that added the header): an expired or invalid
	// token gets WWW-Authenticate: Bearer, error="invalid_token",
	// error_description="Invalid or expired access token" — a comma right
	// after the scheme. "Invalid or expired" does not say which.
	add(rwCase{
		name: "dadi api/invalid or expired access token",
		obs: record(get("https://api.example.com/1.0/library/book", bearerField(gen(rwHex, 40, 502)))).
			auth(jsonHop(401, `{"statusCode":401}`, "WWW-Authenticate", `Bearer, error="invalid_token", error_description="Invalid or expired access token"`)).done(),
		want: authdoctor.CauseTokenRejected, finding: "token.rejected",
		miss: "token_expired from token.expired (likely): error_description \"Invalid or expired access token\" is a server that does not say which, yet the expiry reading takes the word \"expired\" in it as the server's verdict (pattern 3 read too eagerly: the word alone is not the server saying the token expired)",
	})

	// ------------------------------------------------------------------ Halo

	// halo-dev/halo#2571 (Halo 2.0, Spring WebFlux): a POST carrying the
	// SESSION and XSRF-TOKEN cookies but no X-XSRF-TOKEN header got 403
	// "Invalid CSRF Token". Body only published.
	halo := write("POST", "https://blog.example.com/apis/api.halo.run/v1alpha1/trackers/counter", `{"group":"content.halo.run","plural":"posts","name":"5152aea5"}`,
		field("Cookie", "SESSION="+uuidKey(503)+"; XSRF-TOKEN="+uuidKey(504)), plain("Content-Type", "application/json"), plain("Origin", "https://blog.example.com"))
	add(rwCase{
		name: "halo/invalid csrf token on a cookie session post",
		obs:  record(halo).auth(textHop(403, "Invalid CSRF Token")).done(),
		want: authdoctor.CauseCSRFRequired, finding: "authz.csrf",
	})

	// ---------------------------------------------------------------- Kibana

	// elastic/kibana#259222: "Kibana requires a kbn-xsrf: true header on
	// all non-GET API requests … regardless of how the request is
	// authenticated", API keys included; abutaha/aws-es-proxy#70 and
	// elastic/elasticsearch#49152 (the answer: 400 {"statusCode":400,
	// "error":"Bad Request","message":"Request must contain a kbn-xsrf
	// header."}).
	add(rwCase{
		name: "kibana/400 request must contain a kbn-xsrf header",
		obs: record(write("PUT", "https://kibana.example.com:5601/api/saved_objects/index-pattern/logs", `{"attributes":{"title":"logs-*"}}`,
			field("Authorization", "ApiKey "+base64.StdEncoding.EncodeToString([]byte(gen(rwAlnum, 20, 505)+":"+gen(rwB64u, 22, 506)))), plain("Content-Type", "application/json"))).
			auth(jsonHop(400, `{"statusCode":400,"error":"Bad Request","message":"Request must contain a kbn-xsrf header."}`, "Kbn-Name", "kibana")).done(),
		want: authdoctor.CauseCSRFRequired,
		miss: "unexpected_status from status.unexpected (400): the body names the missing kbn-xsrf header, Kibana's CSRF guard on every non-GET request, but authz.csrf reads 401, 403, 419 and 422 only (pattern 6: 400 for a refusal whose words say what is missing)",
	})

	// --------------------------------------------------------------- Grafana

	grafanaHeaders := []string{"Cache-Control", "no-cache", "Expires", "-1", "Pragma", "no-cache", "X-Content-Type-Options", "nosniff", "X-Frame-Options", "deny"}

	// akoutmos/prom_ex#172: 403 {"accessErrorId":"ACE6316938649","message":
	// "You'll need additional permissions to perform this action.
	// Permissions needed: folders:read","title":"Access denied"} to a
	// service account token.
	add(rwCase{
		name: "grafana/403 permissions needed folders read",
		obs: record(get("https://grafana.example.com/api/folders", bearerField("glsa_"+gen(rwAlnum, 32, 507)+"_"+gen(rwHex, 8, 508)))).
			auth(jsonHop(403, `{"accessErrorId":"ACE6316938649","message":"You'll need additional permissions to perform this action. Permissions needed: folders:read","title":"Access denied"}`, grafanaHeaders...).with("Content-Type", "application/json; charset=UTF-8")).done(),
		want: authdoctor.CausePermissionDenied, finding: "authz.forbidden",
	})

	// grafana/grafana#5477 (an Admin-role API key gets 403 {"message":
	// "Permission denied"} on /api/users, a server-admin route API keys
	// cannot reach) and #10372 ("It returns \"Unauthorized\" if I did not
	// pass the api key").
	grafanaKey := base64.StdEncoding.EncodeToString([]byte(`{"k":"` + gen(rwAlnum, 32, 509) + `","n":"admin","id":3}`))
	add(rwCase{
		name: "grafana/api key on a server admin route",
		obs: record(get("http://grafana.example.com:3000/api/users", bearerField(grafanaKey))).
			baseline(jsonHop(401, `{"message":"Unauthorized"}`, grafanaHeaders...)).
			auth(jsonHop(403, `{"message":"Permission denied"}`, grafanaHeaders...)).done(),
		want: authdoctor.CausePermissionDenied, finding: "authz.forbidden",
	})

	return cs
}
