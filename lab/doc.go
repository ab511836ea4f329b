// Package lab is the practice API: an embedded server on loopback that
// reproduces every cause of a failing 401/403, one scenario per case. It
// is what `authdoctor lab` prints, what `authdoctor demo` diagnoses, and
// the real server the tests of the other packages talk to.
//
// Each endpoint behaves like a real server of its kind, with that
// server's headers, body shapes and phrases: an OAuth 2.0 resource server
// (RFC 6750), nginx basic auth, Django REST framework, an Express app,
// Apache running the app as CGI, Stripe's and GitHub's APIs, Cloudflare
// bot protection, a Squid-like corporate proxy.
//
// # Listeners
//
// Start binds every listener to 127.0.0.1 (Config.Host) on a random port:
//
//   - main API, http://127.0.0.1:PORT (URL). Reached as api.lab.test (with
//     --resolve api.lab.test:PORT:127.0.0.1) it behaves like a production
//     API on plain HTTP: a request carrying a credential gets 403
//     {"error":"https_required","message":"SSL is required"}.
//   - second API, http://localhost:PORT2: the same API under another host
//     name, where /old/orders on the main API redirects.
//   - HTTPS, with a certificate from the lab CA (CACertFile) for
//     sandbox.lab.test, live.lab.test, api.lab.test and 127.0.0.1, routed
//     by Host: sandbox.lab.test and live.lab.test are Stripe-like test and
//     live hosts, api.lab.test and 127.0.0.1 the lab API. The names are
//     reached with --resolve, never DNS.
//   - untrusted HTTPS: the lab API behind a self-signed certificate that
//     no CA vouches for.
//   - proxy: answers every request with 407 and
//     Proxy-Authenticate: Basic realm="corp-proxy".
//   - a reserved port: listened on, noted and closed at start, so nothing
//     answers there.
//
// # Issuer
//
// The main API is also an OAuth 2.0 authorization server in the manner of
// Auth0, Okta, Keycloak and Azure AD. Its issuer is Issuer(), URL()+"/".
//
//   - Metadata (OpenID Connect Discovery 1.0 and RFC 8414, one document):
//     /.well-known/openid-configuration and
//     /.well-known/oauth-authorization-server, with jwks_uri, the token,
//     introspection and revocation endpoints, ES256, both client
//     authentication methods and the scopes. A second issuer,
//     URL()+"/other-tenant/", publishes its own metadata (at
//     /other-tenant/.well-known/openid-configuration and the RFC 8414
//     path) with the same keys.
//   - Keys: /.well-known/jwks.json publishes the current key (ES256, kid
//     "lab-2"), which signs every token; the previous key "lab-1" was
//     rotated away and is not published.
//   - POST /oauth/token (RFC 6749): client_credentials and refresh_token
//     (which rotates the refresh token), Cache-Control: no-store, errors
//     as in §5.2 (invalid_client is 401 with a Basic challenge). Two
//     confidential clients, generated at start (ClientEnv): lab-client-…
//     authenticates with client_secret_basic only, lab-post-client-… with
//     client_secret_post only, so using the wrong method is invalid_client.
//   - POST /oauth/introspect (RFC 7662) and /oauth/revoke (RFC 7009), both
//     behind client authentication. Introspection says {"active":false}
//     for a revoked, expired, unknown or foreign token. The lab remembers
//     revoked tokens by their SHA-256 only, and its resource servers
//     refuse them: 401 invalid_token "The access token has been revoked".
//
// User tokens carry iss Issuer(), aud "lab-api", scope "orders:read" and
// client_id "lab-web", the public client users log in with (the aud of
// ID tokens). Opaque keys (API keys, Stripe-like and GitHub-like keys,
// passwords, session cookies, client secrets) are random, generated at
// start. Every response's Date and every token check follow Config.Now;
// /skewed/orders runs 10 minutes fast.
//
// # Scenarios
//
// Scenarios returns them in this order (name, endpoint, verdict):
//
//	ok                   GET /api/orders, valid JWT                      accepted
//	unreachable          reserved port                                   endpoint_unreachable
//	tls-untrusted        untrusted HTTPS, no --cacert                    endpoint_unreachable
//	not-found            /api/v2/orders: 404 for everyone                endpoint_not_found
//	method               GET /api/orders/export: 405, Allow: POST        method_not_allowed
//	insecure             http://api.lab.test: 403 SSL is required        insecure_transport
//	missing-var          Bearer $LAB_PROD_TOKEN unset: bare challenge    credential_missing
//	missing-key-400      X-API-Key empty: 400 Missing API key            credential_missing
//	placeholder          YOUR_ACCESS_TOKEN: 401 Malformed token          credential_placeholder
//	newline              token + "\n"                                    credential_malformed
//	quoted               "token": 401 invalid_token                      credential_malformed
//	basic-echo           base64 of "user:password\n": nginx 401          credential_malformed
//	double-bearer        Bearer Bearer <jwt>                             header_malformed
//	bearer-colon         Bearer: <jwt>: bare challenge                   header_malformed
//	two-credentials      Bearer + Basic: 400 invalid_request             multiple_credentials
//	scheme               DRF /drf/orders wants Token, not Bearer         scheme_mismatch
//	stripped             Apache CGI /php/orders drops Authorization      credential_not_received
//	redirect             /old/orders 301 to localhost:PORT2              auth_dropped_on_redirect
//	expired              exp an hour ago                                 token_expired
//	not-yet-valid        nbf an hour ahead                               token_not_yet_valid
//	skewed-server        /skewed/orders, server clock +10 min            clock_skew
//	revoked              revoked at the issuer; introspection inactive   token_rejected
//	no-challenge-401     Express /express/orders, no WWW-Authenticate    token_rejected
//	wrong-audience       aud billing-api, --audience lab-api             audience_mismatch
//	wrong-issuer         iss URL()/other-tenant/, --issuer URL()/        issuer_mismatch
//	bad-signature        kid lab-2, signed by another key                signature_invalid
//	alg-none             {"alg":"none"}, empty signature                 signature_invalid
//	rotated-key          signed by lab-1, rotated away                   signing_key_unknown
//	publishable-key      Stripe-like pk_test_ on /v1/charges             wrong_credential_kind
//	id-token             OIDC ID token, aud lab-web                      wrong_credential_kind
//	scope                /api/admin/users needs admin:read               insufficient_scope
//	github-scopes        /gh/orgs/acme/hooks needs admin:org_hook        insufficient_scope
//	forbidden            /api/projects/42: 403                           permission_denied
//	permission-as-401    /api/reports/export: 401 for a valid token      permission_denied
//	ip-allowlist         /gh/repos/acme/widgets: anonymous 200, token 403 network_policy
//	waf                  /shop/orders: Cloudflare challenge              network_policy
//	csrf                 POST /app/orders with session cookies           csrf_required
//	live-key-in-sandbox  sk_live_ on https://sandbox.lab.test            environment_mismatch
//	test-key-in-live     sk_test_ on https://live.lab.test               environment_mismatch
//	basic-wrong          nginx basic auth, wrong password                credentials_rejected
//	bad-api-key          X-API-Key unknown on /reports/daily             credentials_rejected
//	rate-limited         /api/search: 429, Retry-After: 30               rate_limited
//	github-rate-limit    /gh/repos/acme/widgets/issues: 403 rate limit   rate_limited
//	proxy                --proxy to the lab proxy: 407                   proxy_auth_required
//	server-error         /api/stats: 500                                 server_error
//	unexpected           /api/inventory: 409                             unexpected_status
//	expired-200          /legacy/orders: 200 for an expired JWT          token_expired
//	argv-secret          valid token written in the -H value             accepted + request.secret-in-argv
//
// Scenarios whose verdict needs the issuer carry check flags in Args
// (--audience, --issuer, and --client-id-env/--client-secret-env for
// introspection, the variables in Env); the others rely on check asking
// the token's issuer by default.
//
// Every handler answers the requests authdoctor derives from a scenario
// consistently: the baseline without credentials, the request as written,
// a copy with a corrupted token, and a corrected copy, which gets 2xx
// wherever the fix is on the client's side.
package lab
