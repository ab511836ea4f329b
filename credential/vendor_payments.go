package credential

// Payments: card processors, payment platforms and shipping APIs.

const (
	docsStripe        = "https://docs.stripe.com/keys"
	docsStripeWebhook = "https://docs.stripe.com/webhooks#verify-events"
	docsPaddle        = "https://developer.paddle.com/api-reference/about/authentication"
	docsPaddleClient  = "https://developer.paddle.com/paddle-js/about/client-side-tokens"
	docsRazorpay      = "https://razorpay.com/docs/api/authentication/"
	docsBraintree     = "https://developer.paypal.com/braintree/graphql/guides/making_api_calls/#authentication"
	docsBraintreeTK   = "https://developer.paypal.com/braintree/docs/guides/authorization/tokenization-key"
	docsPlaid         = "https://plaid.com/docs/api/tokens/"
	docsAdyen         = "https://docs.adyen.com/development-resources/client-side-authentication"
	docsMollie        = "https://docs.mollie.com/reference/authentication"
	docsSquare        = "https://developer.squareup.com/docs/build-basics/access-tokens"
	docsPayPal        = "https://developer.paypal.com/api/rest/authentication/"
	docsShippo        = "https://docs.goshippo.com/docs/guides_general/authentication/"
	docsEasyPost      = "https://docs.easypost.com/docs/authentication"
	docsFlutterwave   = "https://developer.flutterwave.com/docs/authentication"
	docsMercadoPago   = "https://www.mercadopago.com/developers/en/docs/your-integrations/credentials"
	docsShopify       = "https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens"
)

// Shapes of payment keys.
var (
	// Stripe documents no length ("keys can be up to 255 characters");
	// its keys have been 24 or 99 characters after the mode.
	restStripe = one(run(setAlnum, 20, 255))
	// restPaddleAPI: a lower-case ULID, then two parts, as in the example
	// key of the authentication page (…_apikey_01gtgz…wrksa3_q6TG…bX7_AQO).
	restPaddleAPI = one(exactly(setLowerNum, 26), lit("_"), exactly(setAlnum, 22), lit("_"), exactly(setAlnum, 3))
	// restPaddleClient: 27 lower-case hex digits (live_7d279f61a3499fed520f7cd8c08
	// on the client-side tokens page).
	restPaddleClient = one(exactly(setHexLower, 27))
	// restAdyenClient: 32 base32 characters, as in Adyen's sample
	// integrations (test_HYU6BYDF…).
	restAdyenClient = one(exactly(setBase32, 32))
	// restMollie: 30 characters after the mode (docs.mollie.com examples).
	restMollie = one(exactly(setAlnum, 30))
	// restBraintreeAT: merchant id (16 of a–z0–9), '$', 32 hex (the
	// access_token$environment$merchant$secret form of Braintree OAuth
	// access tokens; gitleaks-style scanners match the same).
	restBraintreeAT = one(exactly(setLowerNum, 16), lit("$"), exactly(setHexLower, 32))
	// restBraintreeTK: 8 then 16 of a–z0–9 (sandbox_g42y39zw_348pk9cgf3bgyw2b
	// on the tokenization key page).
	restBraintreeTK = one(exactly(setLowerNum, 8), lit("_"), exactly(setLowerNum, 16))
	restUUID        = shape{uuidPattern}
	restB64URL22    = one(run(setB64URL, 22, 255))
	restB64URL30    = one(run(setB64URL, 30, 255))
	restB64URL40    = one(run(setB64URL, 40, 512))
	restHex32Any    = one(exactly(setHex, 32))
)

var paymentKeys = []vendorKey{
	// Stripe: the mode is in the prefix; both modes use api.stripe.com.
	{Vendor: Vendor{Name: "Stripe", Prefix: "sk_test_", Kind: "secret", Environment: EnvTest, Header: hdrBearer, Alternatives: []string{"Authorization: Basic (key as user name)"}, AccessCredential: true, Docs: docsStripe}, rest: restStripe, findMin: 8},
	{Vendor: Vendor{Name: "Stripe", Prefix: "sk_live_", Kind: "secret", Environment: EnvLive, Header: hdrBearer, Alternatives: []string{"Authorization: Basic (key as user name)"}, AccessCredential: true, Docs: docsStripe}, rest: restStripe, findMin: 8},
	{Vendor: Vendor{Name: "Stripe", Prefix: "rk_test_", Kind: "restricted", Environment: EnvTest, Header: hdrBearer, AccessCredential: true, Note: "Restricted keys carry only the permissions chosen when they were created.", Docs: docsStripe}, rest: restStripe, findMin: 8},
	{Vendor: Vendor{Name: "Stripe", Prefix: "rk_live_", Kind: "restricted", Environment: EnvLive, Header: hdrBearer, AccessCredential: true, Note: "Restricted keys carry only the permissions chosen when they were created.", Docs: docsStripe}, rest: restStripe, findMin: 8},
	{Vendor: Vendor{Name: "Stripe", Prefix: "pk_test_", Kind: "publishable", Environment: EnvTest, Header: hdrBearer, Note: "Publishable keys are for client-side code; server API calls need the secret key (sk_).", Docs: docsStripe}, rest: restStripe, findMin: 8},
	{Vendor: Vendor{Name: "Stripe", Prefix: "pk_live_", Kind: "publishable", Environment: EnvLive, Header: hdrBearer, Note: "Publishable keys are for client-side code; server API calls need the secret key (sk_).", Docs: docsStripe}, rest: restStripe, findMin: 8},
	// Webhook signing secrets: 32 alphanumerics from the Dashboard, 64
	// hex digits from stripe listen.
	{Vendor: Vendor{Name: "Stripe", Prefix: "whsec_", Kind: "webhook-secret", Note: "The signing secret verifies the Stripe-Signature header of webhook events; API calls need a secret key (sk_).", Docs: docsStripeWebhook}, rest: one(run(setAlnum, 32, 64)), findMin: 16},

	// Paddle Billing API keys (since May 2025; older keys are 50
	// random characters with no prefix). Sandbox keys work only on
	// sandbox-api.paddle.com, live keys only on api.paddle.com.
	{Vendor: Vendor{Name: "Paddle", Prefix: "pdl_live_apikey_", Kind: "api-key", Environment: EnvLive, Header: hdrBearer, AccessCredential: true, Note: "Live keys work only on api.paddle.com.", Docs: docsPaddle}, rest: restPaddleAPI, findMin: 16},
	{Vendor: Vendor{Name: "Paddle", Prefix: "pdl_sdbx_apikey_", Kind: "api-key", Environment: EnvSandbox, Header: hdrBearer, AccessCredential: true, Note: "Sandbox keys work only on sandbox-api.paddle.com.", Docs: docsPaddle}, rest: restPaddleAPI, findMin: 16},

	// Adyen client keys name their environment; Paddle client-side
	// tokens share the prefixes. Both come before Mollie's keys, whose
	// shape is the loosest of the three.
	{Vendor: Vendor{Name: "Adyen", Prefix: "test_", Kind: "client-key", Environment: EnvTest, Note: "A client key authenticates Drop-in and Components in the browser; API requests need an API key in X-API-Key.", Docs: docsAdyen}, rest: restAdyenClient},
	{Vendor: Vendor{Name: "Adyen", Prefix: "live_", Kind: "client-key", Environment: EnvLive, Note: "A client key authenticates Drop-in and Components in the browser; API requests need an API key in X-API-Key.", Docs: docsAdyen}, rest: restAdyenClient},
	{Vendor: Vendor{Name: "Paddle", Prefix: "test_", Kind: "client-token", Environment: EnvSandbox, Note: "A client-side token initialises Paddle.js; the Paddle API needs an API key (pdl_…).", Docs: docsPaddleClient}, rest: restPaddleClient},
	{Vendor: Vendor{Name: "Paddle", Prefix: "live_", Kind: "client-token", Environment: EnvLive, Note: "A client-side token initialises Paddle.js; the Paddle API needs an API key (pdl_…).", Docs: docsPaddleClient}, rest: restPaddleClient},
	// Mollie: only the documented length, so that test_something is not
	// taken for a key. Organization access tokens start with access_.
	{Vendor: Vendor{Name: "Mollie", Prefix: "test_", Kind: "api-key", Environment: EnvTest, Header: hdrBearer, AccessCredential: true, Docs: docsMollie}, rest: restMollie, findMax: 255},
	{Vendor: Vendor{Name: "Mollie", Prefix: "live_", Kind: "api-key", Environment: EnvLive, Header: hdrBearer, AccessCredential: true, Docs: docsMollie}, rest: restMollie, findMax: 255},
	{Vendor: Vendor{Name: "Mollie", Prefix: "access_", Kind: "organization-access-token", Header: hdrBearer, AccessCredential: true, Note: "Organization access tokens need the testmode parameter to reach test data.", Docs: docsMollie}, rest: one(run(setAlnum, 30, 64))},

	// Razorpay key ids: the Basic user name, with the key secret (no
	// prefix) as the password; 14 characters after the mode (trufflehog
	// razorpay detector).
	{Vendor: Vendor{Name: "Razorpay", Prefix: "rzp_test_", Kind: "key-id", Environment: EnvTest, Header: hdrBasic, Note: "A key id is the Basic user name; the key secret is the password.", Docs: docsRazorpay}, rest: one(exactly(setAlnum, 14))},
	{Vendor: Vendor{Name: "Razorpay", Prefix: "rzp_live_", Kind: "key-id", Environment: EnvLive, Header: hdrBasic, Note: "A key id is the Basic user name; the key secret is the password.", Docs: docsRazorpay}, rest: one(exactly(setAlnum, 14))},

	// Braintree: OAuth access tokens and client-side tokenization keys
	// name their environment.
	{Vendor: Vendor{Name: "Braintree", Prefix: "access_token$production$", Kind: "access-token", Environment: EnvProduction, Header: hdrBearer, AccessCredential: true, Docs: docsBraintree}, rest: restBraintreeAT},
	{Vendor: Vendor{Name: "Braintree", Prefix: "access_token$sandbox$", Kind: "access-token", Environment: EnvSandbox, Header: hdrBearer, AccessCredential: true, Note: "Sandbox tokens work only on payments.sandbox.braintree-api.com.", Docs: docsBraintree}, rest: restBraintreeAT},
	{Vendor: Vendor{Name: "Braintree", Prefix: "production_", Kind: "tokenization-key", Environment: EnvProduction, Note: "A tokenization key is for the client SDKs; server calls need the API key pair or an access token.", Docs: docsBraintreeTK}, rest: restBraintreeTK},
	{Vendor: Vendor{Name: "Braintree", Prefix: "sandbox_", Kind: "tokenization-key", Environment: EnvSandbox, Note: "A tokenization key is for the client SDKs; server calls need the API key pair or an access token.", Docs: docsBraintreeTK}, rest: restBraintreeTK},

	// Plaid tokens: kind and environment, then a UUID. They go in the JSON
	// body with client_id and secret, not in a header.
	{Vendor: Vendor{Name: "Plaid", Prefix: "access-sandbox-", Kind: "access-token", Environment: EnvSandbox, AccessCredential: true, Note: "Send the access_token in the JSON body with client_id and secret (or the PLAID-CLIENT-ID and PLAID-SECRET headers); sandbox tokens work only on sandbox.plaid.com.", Docs: docsPlaid}, rest: restUUID},
	{Vendor: Vendor{Name: "Plaid", Prefix: "access-development-", Kind: "access-token", Environment: EnvSandbox, AccessCredential: true, Note: "Send the access_token in the JSON body with client_id and secret; development tokens work only on development.plaid.com.", Docs: docsPlaid}, rest: restUUID},
	{Vendor: Vendor{Name: "Plaid", Prefix: "access-production-", Kind: "access-token", Environment: EnvProduction, AccessCredential: true, Note: "Send the access_token in the JSON body with client_id and secret; production tokens work only on production.plaid.com.", Docs: docsPlaid}, rest: restUUID},
	{Vendor: Vendor{Name: "Plaid", Prefix: "public-sandbox-", Kind: "public-token", Environment: EnvSandbox, Note: "A public token is exchanged once with /item/public_token/exchange for an access token.", Docs: docsPlaid}, rest: restUUID},
	{Vendor: Vendor{Name: "Plaid", Prefix: "public-production-", Kind: "public-token", Environment: EnvProduction, Note: "A public token is exchanged once with /item/public_token/exchange for an access token.", Docs: docsPlaid}, rest: restUUID},
	{Vendor: Vendor{Name: "Plaid", Prefix: "link-sandbox-", Kind: "link-token", Environment: EnvSandbox, Note: "A link token initialises Plaid Link; it is not accepted by the API.", Docs: docsPlaid}, rest: restUUID},
	{Vendor: Vendor{Name: "Plaid", Prefix: "link-production-", Kind: "link-token", Environment: EnvProduction, Note: "A link token initialises Plaid Link; it is not accepted by the API.", Docs: docsPlaid}, rest: restUUID},

	// Square. Current sandbox access tokens start with EAAA too, so EAAA
	// does not tell the environment; the legacy sandbox- prefixes do.
	{Vendor: Vendor{Name: "Square", Prefix: "EAAA", Kind: "access-token", Header: hdrBearer, AccessCredential: true, Note: "Production and sandbox access tokens both start with EAAA; sandbox tokens work only on connect.squareupsandbox.com.", Docs: docsSquare}, rest: restB64URL40, findMin: 30},
	{Vendor: Vendor{Name: "Square", Prefix: "sq0atp-", Kind: "access-token", Environment: EnvProduction, Header: hdrBearer, AccessCredential: true, Docs: docsSquare}, rest: restB64URL22, findMin: 16},
	{Vendor: Vendor{Name: "Square", Prefix: "sandbox-sq0atb-", Kind: "access-token", Environment: EnvSandbox, Header: hdrBearer, AccessCredential: true, Note: "Sandbox tokens work only on connect.squareupsandbox.com.", Docs: docsSquare}, rest: restB64URL22, findMin: 16},
	{Vendor: Vendor{Name: "Square", Prefix: "sq0idp-", Kind: "app-id", Environment: EnvProduction, Note: "An application id identifies the app; API calls need an access token.", Docs: docsSquare}, rest: restB64URL22, findMin: 16},
	{Vendor: Vendor{Name: "Square", Prefix: "sandbox-sq0idb-", Kind: "app-id", Environment: EnvSandbox, Note: "An application id identifies the app; API calls need an access token.", Docs: docsSquare}, rest: restB64URL22, findMin: 16},
	{Vendor: Vendor{Name: "Square", Prefix: "sandbox-sq0idp-", Kind: "app-id", Environment: EnvSandbox, Note: "An application id identifies the app; API calls need an access token.", Docs: docsSquare}, rest: restB64URL22, findMin: 16},
	{Vendor: Vendor{Name: "Square", Prefix: "sq0csp-", Kind: "app-secret", Environment: EnvProduction, Note: "The application secret is for the OAuth token endpoint, not for API calls.", Docs: docsSquare}, rest: restB64URL30, findMin: 16},
	{Vendor: Vendor{Name: "Square", Prefix: "sandbox-sq0csb-", Kind: "app-secret", Environment: EnvSandbox, Note: "The application secret is for the OAuth token endpoint, not for API calls.", Docs: docsSquare}, rest: restB64URL30, findMin: 16},

	// PayPal OAuth access tokens start A21AA (every example of the REST
	// authentication guide); the environment is the host they came from
	// (api-m.sandbox.paypal.com or api-m.paypal.com), not the token.
	{Vendor: Vendor{Name: "PayPal", Prefix: "A21AA", Kind: "access-token", Header: hdrBearer, AccessCredential: true, Note: "Access tokens expire (expires_in, about 9 hours); a sandbox token works only on api-m.sandbox.paypal.com.", Docs: docsPayPal}, rest: one(run(setB64URL, 50, 300))},

	// Shopify.
	{Vendor: Vendor{Name: "Shopify", Prefix: "shpat_", Kind: "admin", Header: "X-Shopify-Access-Token", AccessCredential: true, Docs: docsShopify}, rest: restHex32Any, findMin: 16, findMax: 64},
	{Vendor: Vendor{Name: "Shopify", Prefix: "shpca_", Kind: "custom-app", Header: "X-Shopify-Access-Token", AccessCredential: true, Docs: docsShopify}, rest: restHex32Any, findMin: 16, findMax: 64},
	{Vendor: Vendor{Name: "Shopify", Prefix: "shppa_", Kind: "private-app", Header: "X-Shopify-Access-Token", AccessCredential: true, Docs: docsShopify}, rest: restHex32Any, findMin: 16, findMax: 64},
	{Vendor: Vendor{Name: "Shopify", Prefix: "shpss_", Kind: "shared-secret", Note: "The shared secret verifies webhooks and OAuth; it is not an access token.", Docs: docsShopify}, rest: restHex32Any, findMin: 16, findMax: 64},

	// Shippo: 40 hex after the mode (gitleaks rules/shippo.go), sent
	// with its own scheme.
	{Vendor: Vendor{Name: "Shippo", Prefix: "shippo_test_", Kind: "api-token", Environment: EnvTest, Header: "Authorization: ShippoToken", AccessCredential: true, Docs: docsShippo}, rest: one(exactly(setHex, 40))},
	{Vendor: Vendor{Name: "Shippo", Prefix: "shippo_live_", Kind: "api-token", Environment: EnvLive, Header: "Authorization: ShippoToken", AccessCredential: true, Docs: docsShippo}, rest: one(exactly(setHex, 40))},

	// EasyPost: EZTK test keys, EZAK production keys, 54 alphanumerics
	// (gitleaks rules/easypost.go).
	{Vendor: Vendor{Name: "EasyPost", Prefix: "EZTK", Kind: "api-key", Environment: EnvTest, Header: hdrBasic + " (key as user name)", Alternatives: []string{hdrBearer}, AccessCredential: true, Docs: docsEasyPost}, rest: one(exactly(setAlnum, 54))},
	{Vendor: Vendor{Name: "EasyPost", Prefix: "EZAK", Kind: "api-key", Environment: EnvProduction, Header: hdrBasic + " (key as user name)", Alternatives: []string{hdrBearer}, AccessCredential: true, Docs: docsEasyPost}, rest: one(exactly(setAlnum, 54))},

	// Flutterwave v3 keys: 32 hex then -X; _TEST marks test mode
	// (gitleaks rules/flutterwave.go).
	{Vendor: Vendor{Name: "Flutterwave", Prefix: "FLWSECK_TEST-", Kind: "secret", Environment: EnvTest, Header: hdrBearer, AccessCredential: true, Docs: docsFlutterwave}, rest: one(exactly(setHex, 32), lit("-X"))},
	{Vendor: Vendor{Name: "Flutterwave", Prefix: "FLWSECK-", Kind: "secret", Environment: EnvLive, Header: hdrBearer, AccessCredential: true, Docs: docsFlutterwave}, rest: one(exactly(setHex, 32), lit("-X"))},
	{Vendor: Vendor{Name: "Flutterwave", Prefix: "FLWPUBK_TEST-", Kind: "publishable", Environment: EnvTest, Note: "Public keys are for the client; API calls need the secret key (FLWSECK…).", Docs: docsFlutterwave}, rest: one(exactly(setHex, 32), lit("-X"))},
	{Vendor: Vendor{Name: "Flutterwave", Prefix: "FLWPUBK-", Kind: "publishable", Environment: EnvLive, Note: "Public keys are for the client; API calls need the secret key (FLWSECK…).", Docs: docsFlutterwave}, rest: one(exactly(setHex, 32), lit("-X"))},

	// Mercado Pago access tokens: TEST- for test credentials, APP_USR-
	// for production ones; application id, date, 32 hex, user id.
	{Vendor: Vendor{Name: "Mercado Pago", Prefix: "TEST-", Kind: "access-token", Environment: EnvTest, Header: hdrBearer, AccessCredential: true, Docs: docsMercadoPago}, rest: restMercadoPago},
	{Vendor: Vendor{Name: "Mercado Pago", Prefix: "APP_USR-", Kind: "access-token", Environment: EnvProduction, Header: hdrBearer, AccessCredential: true, Docs: docsMercadoPago}, rest: restMercadoPago},
}

// restMercadoPago: 16 digits, 6 digits, 32 hex, the user id.
var restMercadoPago = one(exactly(setDigit, 16), lit("-"), exactly(setDigit, 6), lit("-"), exactly(setHexLower, 32), lit("-"), run(setDigit, 6, 12))
