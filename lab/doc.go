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
// The lab's key (ES256, kid "lab-1") signs every token: iss is URL()+"/",
// aud "lab-api", scope "orders:read". The issuer publishes
// /.well-known/openid-configuration and /.well-known/jwks.json. Opaque
// keys (API keys, Stripe-like and GitHub-like keys, passwords, session
// cookies) are random, generated at start. Every response's Date and
// every token check follow Config.Now; /skewed/orders runs 10 minutes
// fast.
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
//	revoked              signed by a retired key, same kid               token_rejected
//	no-challenge-401     Express /express/orders, no WWW-Authenticate    token_rejected
//	publishable-key      Stripe-like pk_test_ on /v1/charges             wrong_credential_kind
//	id-token             OIDC ID token, aud lab-client                   wrong_credential_kind
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
// Every handler answers the requests authdoctor derives from a scenario
// consistently: the baseline without credentials, the request as written,
// a copy with a corrupted token, and a corrected copy, which gets 2xx
// wherever the fix is on the client's side.
package lab
