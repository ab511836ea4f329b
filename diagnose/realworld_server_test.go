package diagnose_test

// Recorded answers of self-hosted servers and gateways: WSO2 API Manager,
// DADI API, Halo, Kibana, Grafana, Envoy/Istio, Keycloak, Supabase and
// PostgREST, Hasura, WPGraphQL, WordPress, WooCommerce, Magento,
// CouchDB, Vault.

import (
	"encoding/base64"
	"time"

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

	// ----------------------------------------------------------------- Envoy

	// envoyproxy/envoy#34227 (Istio 1.22 sidecar, jwt_authn): 401 with
	// www-authenticate: Bearer realm="http://helloworld.test.local:7070/
	// helloworld/hello-jwt", error="invalid_token", content-type text/plain,
	// content-length 22 — "Jwt verification fails".
	add(rwCase{
		name: "envoy/jwt verification fails",
		obs: record(get("http://helloworld.test.local:7070/helloworld/hello-jwt", bearerField(rs256("Wq3n", map[string]any{
			"iss": "https://sso.test.local/realms/demo", "sub": "u1", "aud": "helloworld", "iat": at(-2 * time.Minute), "exp": at(58 * time.Minute)})))).
			auth(textHop(401, "Jwt verification fails", "WWW-Authenticate", `Bearer realm="http://helloworld.test.local:7070/helloworld/hello-jwt", error="invalid_token"`,
				"X-Envoy-Peer-Metadata-Id", "sidecar~10.244.1.24~helloworld-app-7787498746-sftls.hello-app~hello-app.svc.cluster.local").with("Content-Type", "text/plain")).done(),
		want: authdoctor.CauseSignatureInvalid,
	})

	// istio/istio#22610: "When I send an expired token in a request, I see
	// a 401 response like the following: HTTP/2 401, content-type
	// text/plain, server istio-envoy, via 1.1 google … Origin
	// authentication failed." — no WWW-Authenticate; a Google ID token
	// (iss accounts.google.com) an hour past its exp.
	add(rwCase{
		name: "istio/origin authentication failed for an expired jwt",
		obs: record(get("https://mhite-elbgateway.example.com/api/items", bearerField(rs256("6a8ba5652a7044121d4fedac8f14d14c54e4895b", map[string]any{
			"iss": "https://accounts.google.com", "aud": "407408718192.apps.googleusercontent.com", "azp": "407408718192.apps.googleusercontent.com",
			"sub": "1100", "email": "jane@example.com", "iat": at(-2 * time.Hour), "exp": at(-time.Hour)})))).
			auth(textHop(401, "Origin authentication failed.", "Server", "istio-envoy", "Via", "1.1 google", "Alt-Svc", "clear").with("Content-Type", "text/plain").dated()).done(),
		want: authdoctor.CauseTokenExpired, finding: "token.expired",
	})

	// -------------------------------------------------------------- Keycloak

	// Rukenshia/ueberauth_keycloak#5 (the answer: 401, www-authenticate:
	// Bearer realm="myrealm", error="invalid_token", error_description=
	// "Token verification failed", the same two fields as JSON) and
	// keycloak/keycloak#9445 (the cause: the token was issued through
	// keycloak.development.local and the userinfo call went to
	// http://keycloak:8080, so iss does not match the URL Keycloak sees);
	// keycloak/keycloak-documentation#1675: without a token, 401 with a
	// bare Bearer realm="myrealm".
	add(rwCase{
		name: "keycloak/userinfo token from another frontend url",
		obs: record(get("http://keycloak:8080/realms/myrealm/protocol/openid-connect/userinfo", bearerField(rs256("hE0n", map[string]any{
			"iss": "http://keycloak.development.local/realms/myrealm", "aud": "account", "azp": "symfony-app", "typ": "Bearer", "sub": "f3a1",
			"scope": "openid email profile", "iat": at(-time.Minute), "exp": at(4 * time.Minute)})))).
			baseline(bare(401, "WWW-Authenticate", `Bearer realm="myrealm"`)).
			auth(jsonHop(401, `{"error":"invalid_token","error_description":"Token verification failed"}`, "WWW-Authenticate", `Bearer realm="myrealm", error="invalid_token", error_description="Token verification failed"`,
				"X-Frame-Options", "SAMEORIGIN", "Referrer-Policy", "no-referrer").dated()).done(),
		want: authdoctor.CauseIssuerMismatch,
	})

	// ---------------------------------------------------- Supabase/PostgREST

	// rafaelwendel/phpsupabase#15: "POST https://xxx.supabase.co/rest/v1/yyy
	// resulted in a 401 Unauthorized response: {"code":"PGRST301",
	// "details":null,"hint":null,"message":"JWT expired"}" (Supabase JWTs
	// last an hour). Here it expired 45 seconds ago: PostgREST allows 30
	// seconds of skew, authdoctor's leeway is 60 — the server's word plus
	// a passed exp is an expired token all the same.
	add(rwCase{
		name: "supabase/jwt expired 45 seconds ago",
		obs: record(write("POST", "https://xyzcompany.supabase.co/rest/v1/todos", `{"task":"buy milk"}`,
			field("apikey", hs256(map[string]any{"iss": "supabase", "ref": "xyzcompany", "role": "anon", "iat": at(-365 * 24 * time.Hour), "exp": at(3650 * 24 * time.Hour)})),
			bearerField(hs256(map[string]any{"iss": "https://xyzcompany.supabase.co/auth/v1", "sub": "8b1f", "aud": "authenticated", "role": "authenticated",
				"iat": at(-time.Hour - 45*time.Second), "exp": at(-45 * time.Second)})), plain("Content-Type", "application/json"))).
			auth(jsonHop(401, `{"code":"PGRST301","details":null,"hint":null,"message":"JWT expired"}`).dated()).done(),
		want: authdoctor.CauseTokenExpired,
	})

	// PostgREST/postgrest#3252 ("even if I give a wrong token or no token
	// at all, the server always gives an HTTP/1.1 200"): the requests were
	// curl -H "Authorization : Bearer …" — a space before the colon makes
	// the header name "Authorization ", which no server reads, so every
	// request was the anonymous one; Server: postgrest/12.1 (229bc77).
	anon := jsonHop(200, `[{"id":1,"name":"first"}]`, "Server", "postgrest/12.1 (229bc77)", "Content-Range", "0-95346/*", "Content-Location", "/mytable").with("Content-Type", "application/json; charset=utf-8")
	add(rwCase{
		name: "postgrest/200 for a header named with a trailing space",
		obs: record(get("http://mysite.example.com:3000/mytable", field("Authorization ", "Bearer "+hs256(map[string]any{"role": "web_user", "exp": at(time.Hour)})))).
			baseline(anon).auth(anon).done(),
		want: authdoctor.CauseHeaderMalformed, finding: "header.name",
	})

	// ---------------------------------------------------------------- Hasura

	// hasura/graphql-engine#8659 ("When … the supplied JWT token has
	// expired, Hasura returns the status code 200 instead of 401 and an
	// error message in the body"), #5227 (the message "Could not verify
	// JWT: JWTExpired").
	hasuraQuery := `{"query":"{ users { id } }"}`
	add(rwCase{
		name: "hasura/200 could not verify jwt jwtexpired",
		obs: record(write("POST", "https://hasura.example.com/v1/graphql", hasuraQuery, bearerField(rs256("h1", map[string]any{
			"sub": "42", "iat": at(-2 * time.Hour), "exp": at(-time.Hour),
			"https://hasura.io/jwt/claims": map[string]any{"x-hasura-default-role": "user", "x-hasura-allowed-roles": []string{"user"}}})), plain("Content-Type", "application/json"))).
			auth(jsonHop(200, `{"errors":[{"extensions":{"path":"$","code":"invalid-jwt"},"message":"Could not verify JWT: JWTExpired"}]}`).dated()).done(),
		want: authdoctor.CauseTokenExpired, finding: "token.expired",
	})

	// hasura/graphql-engine#10014 (Casdoor tokens): "Could not verify JWT:
	// JWSError JWSInvalidSignature" — the token's signature does not verify
	// with the key Hasura is configured with.
	add(rwCase{
		name: "hasura/200 jwserror jwsinvalidsignature",
		obs: record(write("POST", "https://hasura.example.com/v1/graphql", hasuraQuery, bearerField(rs256("cert-built-in", map[string]any{
			"iss": "https://door.casdoor.com", "sub": "built-in/admin", "aud": []string{"hasura"}, "iat": at(-time.Minute), "exp": at(time.Hour),
			"https://hasura.io/jwt/claims": map[string]any{"x-hasura-default-role": "user", "x-hasura-allowed-roles": []string{"user"}}})), plain("Content-Type", "application/json"))).
			auth(jsonHop(200, `{"errors":[{"extensions":{"path":"$","code":"invalid-jwt"},"message":"Could not verify JWT: JWSError JWSInvalidSignature"}]}`).dated()).done(),
		want: authdoctor.CauseSignatureInvalid,
	})

	// wp-graphql/wp-graphql-jwt-authentication#111: a 200 whose errors[]
	// carries "debugMessage": "invalid-jwt | The iss do not match with
	// this server" ("the domain encoded in the token by the server that
	// issued the token doesn't match the server that's trying to decode
	// and use the token").
	add(rwCase{
		name: "wpgraphql/200 the iss do not match with this server",
		obs: record(write("POST", "https://shop.example.com/graphql", `{"query":"{ generalSettings { title } }"}`, bearerField(hs256(map[string]any{
			"iss": "https://staging.shop.example.com", "iat": at(-5 * time.Minute), "nbf": at(-5 * time.Minute), "exp": at(5 * time.Minute),
			"data": map[string]any{"user": map[string]any{"id": "1"}}})), plain("Content-Type", "application/json"))).
			auth(jsonHop(200, `{"errors":[{"debugMessage":"invalid-jwt | The iss do not match with this server","message":"Internal server error","extensions":{"category":"internal"},"locations":[{"line":2,"column":3}],"path":["generalSettings"]}],"data":{"generalSettings":null}}`)).done(),
		want: authdoctor.CauseIssuerMismatch,
	})

	// ------------------------------------------------------------- WordPress

	wpJSON := func(status int, body string) hop {
		return hop{status: status, header: headers("Content-Type", "application/json; charset=UTF-8", "X-Robots-Tag", "noindex", "Link", `<https://www.example.com/wp-json/>; rel="https://api.w.org/"`), body: body}
	}
	wpNotLoggedIn := wpJSON(401, `{"code":"rest_not_logged_in","message":"You are not currently logged in.","data":{"status":401}}`)

	// WP-API/Basic-Auth#64: Basic credentials to /wp-json/wp/v2/users/me get
	// 401 rest_not_logged_in "You are not currently logged in." — the same
	// as no credentials — "I guess you use PHP in CGI-mode. Here you need
	// to add a RedirectRule … [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]".
	add(rwCase{
		name: "wordpress/basic auth stripped by php cgi",
		obs: record(get("https://www.example.com/wp-json/wp/v2/users/me", basicField("jane", "abcd EFGH 1234 ijkl MNOP 6789"))).
			baseline(wpNotLoggedIn).auth(wpNotLoggedIn).done(),
		want: authdoctor.CauseCredentialNotReceived,
	})

	// WP-API/WP-API#2493 (POST /wp-json/wp/v2/posts with Basic: 401
	// rest_cannot_create "Sorry, you are not allowed to create new
	// posts."), WP-API/Basic-Auth#35 (the same rewrite rule fixed it).
	// WordPress answers 401 when no user is logged in and 403 when the
	// user lacks the capability (rest_authorization_required_code), so a
	// 401 here says the credentials never made a user.
	add(rwCase{
		name: "wordpress/401 rest cannot create means no user",
		obs: record(write("POST", "https://www.example.com/wp-json/wp/v2/posts", `{"title":"Hello Updated World!","content_raw":"Howdy updated content."}`,
			basicField("editor", "Spring"+gen(rwDigit, 4, 510)), plain("Content-Type", "application/json"))).
			auth(wpJSON(401, `{"code":"rest_cannot_create","message":"Sorry, you are not allowed to create new posts.","data":{"status":401}}`)).done(),
		want: authdoctor.CauseCredentialNotReceived,
	})

	// ----------------------------------------------------------- WooCommerce

	// woocommerce/woocommerce#22926: consumer key and secret as Basic over
	// plain http got 401 woocommerce_rest_cannot_view "Sorry, you cannot
	// list resources." — "Basic auth is only possible over SSL" (the
	// maintainer, pointing at class-wc-rest-authentication.php).
	wooCannotView := wpJSON(401, `{"code":"woocommerce_rest_cannot_view","message":"Sorry, you cannot list resources.","data":{"status":401}}`)
	add(rwCase{
		name: "woocommerce/basic consumer key over plain http",
		obs: record(get("http://shop.example.com/wp-json/wc/v1/products", basicField("ck_"+gen(rwHex, 40, 511), "cs_"+gen(rwHex, 40, 512)))).
			baseline(wooCannotView).auth(wooCannotView).done(),
		want: authdoctor.CauseInsecureTransport, finding: "transport.plain-http",
	})

	// woocommerce/woocommerce#11120: over HTTPS with the WordPress admin's
	// user name and password instead of the API keys: 401
	// woocommerce_rest_authentication_error "Consumer Key is invalid."
	// ("You are using a invalid consumer key").
	add(rwCase{
		name: "woocommerce/wordpress login instead of consumer keys",
		obs: record(get("https://shop.example.com/wp-json/wc/v1/orders", basicField("admin", "Autumn"+gen(rwDigit, 4, 513)+"#"))).
			baseline(wooCannotView).
			auth(wpJSON(401, `{"code":"woocommerce_rest_authentication_error","message":"Consumer Key is invalid.","data":{"status":401}}`)).done(),
		want: authdoctor.CauseWrongCredentialKind,
		miss: "credentials_rejected from credential.rejected (likely): \"Consumer Key is invalid.\" is read as the credentials refused — right layer; that Basic admin:<password> is a WordPress login where WooCommerce wants its ck_/cs_ consumer keys is vendor knowledge no check relates to the user name sent (pattern 6)",
	})

	// --------------------------------------------------------------- Magento

	// magento/magento2#1800: an admin token on /V1/customers/me gets 401
	// {"message":"Consumer is not authorized to access %resources",
	// "parameters":{"resources":"self"}} — "you use admin account to
	// request customer resource. Use /V1/integration/customer/token".
	add(rwCase{
		name: "magento/admin token on a customer self resource",
		obs: record(get("https://magento.example.com/rest/V1/customers/me", bearerField(gen(rwAlnum, 32, 514)))).
			auth(jsonHop(401, `{"message":"Consumer is not authorized to access %resources","parameters":{"resources":"self"}}`)).done(),
		want: authdoctor.CauseWrongCredentialKind,
		miss: "permission_denied from authz.forbidden (likely): resources \"self\" is Magento's customer-token-only resource, and the maintainer's answer is \"use /V1/integration/customer/token\" — an admin token is the wrong kind here; nothing reads the \"self\" resource as a customer-only route (vendor knowledge)",
	})

	// magento/magento2#36811: an admin token whose role lacks the catalog
	// gets 401 "The consumer isn't authorized to access %resources." with
	// resources Magento_Catalog::products — Magento answers 401 for a
	// permission it refuses.
	add(rwCase{
		name: "magento/401 consumer isn't authorized for products",
		obs: record(get("https://magento.example.com/rest/V1/products?searchCriteria[pageSize]=10", bearerField(gen(rwAlnum, 32, 515)))).
			auth(jsonHop(401, `{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Catalog::products"}}`)).done(),
		want: authdoctor.CausePermissionDenied, finding: "authz.forbidden",
	})

	// --------------------------------------------------------------- CouchDB

	// apache/couchdb#604: a user created through the node-local port 5986
	// does not exist for the cluster on 5984; curl -u fan:apple
	// http://localhost:5984/eventdb got {"error":"unauthorized","reason":
	// "Name or password is incorrect."}. CouchDB answers a database with
	// members and no credentials with "You are not authorized to access
	// this db." (apache/couchdb#3847, "a generic security (authz) error").
	add(rwCase{
		name: "couchdb/name or password is incorrect",
		obs: record(get("http://localhost:5984/eventdb", basicField("fan", "apple"+gen(rwAlnum, 6, 516)))).
			baseline(jsonHop(401, `{"error":"unauthorized","reason":"You are not authorized to access this db."}`, "Server", "CouchDB/2.0.0 (Erlang OTP/17)")).
			auth(jsonHop(401, `{"error":"unauthorized","reason":"Name or password is incorrect."}`, "Server", "CouchDB/2.0.0 (Erlang OTP/17)")).done(),
		want: authdoctor.CauseCredentialsRejected,
	})

	// apache/couchdb#2995: admin:password on /_all_dbs got 401
	// {"error":"unauthorized","reason":"You are not a server admin."} —
	// CouchDB's 401 for a known user who lacks the server-admin role.
	add(rwCase{
		name: "couchdb/401 you are not a server admin",
		obs: record(get("http://localhost:5984/_all_dbs", basicField("admin", gen(rwAlnum, 14, 517)))).
			baseline(jsonHop(401, `{"error":"unauthorized","reason":"You are not a server admin."}`, "Server", "CouchDB/3.1.0 (Erlang OTP/20)")).
			auth(jsonHop(401, `{"error":"unauthorized","reason":"You are not a server admin."}`, "Server", "CouchDB/3.1.0 (Erlang OTP/20)")).done(),
		want: authdoctor.CausePermissionDenied,
	})

	// MeetMe/newrelic-plugin-agent#58: host "admin:password@localhost" —
	// the credentials were only in the URL, the client sent no
	// Authorization, and CouchDB answered 401 {"error":"unauthorized",
	// "reason":"Authentication required."}.
	couchPass := gen(rwAlnum, 16, 518)
	add(rwCase{
		name: "couchdb/credentials only in the url userinfo",
		obs: record(get("http://admin:" + couchPass + "@localhost:5984/_stats")).
			auth(jsonHop(401, `{"error":"unauthorized","reason":"Authentication required."}`, "Server", "CouchDB/1.3.0 (Erlang OTP/R15B01)")).done(),
		want: authdoctor.CauseCredentialMissing, secrets: []string{couchPass},
	})

	// ----------------------------------------------------------------- Vault

	// hashicorp/vault#26687 (docs for Vault's error messages): "When using
	// a token that has been revoked, exceeded it's TTL, or is an otherwise
	// invalid value, Vault will respond with a 403 error containing the
	// following error messages: invalid token and permission denied" (a
	// token lacking a policy gets permission denied alone);
	// nodevault/node-vault#166 and dapr/components-contrib#524 show the
	// 403's headers (Cache-Control no-store, Content-Type
	// application/json).
	add(rwCase{
		name: "vault/403 invalid token and permission denied",
		obs: record(get("http://vault.example.com:8200/v1/secret/data/production/databases/pg-01", field("X-Vault-Token", "hvs."+gen(rwAlnum, 24, 519)))).
			auth(jsonHop(403, `{"errors":["permission denied","invalid token"]}`, "Cache-Control", "no-store").dated()).done(),
		want: authdoctor.CauseTokenRejected,
	})

	return cs
}
