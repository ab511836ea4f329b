package leakgen

import (
	"encoding/base64"
	"net/url"
	"strings"
)

// The kinds of planted credentials.
const (
	LeakStripeSecret      = "stripe-secret"       // sk_live_…, sk_test_…
	LeakStripeRestricted  = "stripe-restricted"   // rk_live_…, rk_test_…
	LeakGitHubClassic     = "github-classic"      // ghp_… and its kin, with check digits
	LeakGitHubFineGrained = "github-fine-grained" // github_pat_…
	LeakSlack             = "slack"               // xoxb-…, xoxp-…
	LeakAWSKeyPair        = "aws-key-pair"        // AKIA… and its secret access key, on one line
	LeakGoogleAPIKey      = "google-api-key"      // AIza…
	LeakGitLab            = "gitlab-pat"          // glpat-…
	LeakSendGrid          = "sendgrid"            // SG.….…
	LeakNPM               = "npm"                 // npm_…
	LeakJWT               = "jwt"                 // a signed JWT: header, cookie, id_token=, JSON field
	LeakBasic             = "basic-auth"          // Authorization: Basic base64(user:password)
	LeakBearer            = "bearer-opaque"       // Authorization: Bearer and a token of no vendor
	LeakQueryParam        = "query-param"         // ?api_key=, &access_token=, ?token= in a URL
	LeakFormBody          = "form-body"           // client_secret=, password=, refresh_token= in a form body
	LeakUserinfo          = "url-userinfo"        // scheme://user:password@host
	LeakPrivateKey        = "private-key"         // a PEM private key, on its BEGIN line
)

// LeakKinds are the kinds of planted credentials, in the order Write
// plants them (round robin).
var LeakKinds = []string{
	LeakStripeSecret, LeakStripeRestricted, LeakGitHubClassic, LeakGitHubFineGrained, LeakSlack,
	LeakAWSKeyPair, LeakGoogleAPIKey, LeakGitLab, LeakSendGrid, LeakNPM, LeakJWT, LeakBasic,
	LeakBearer, LeakQueryParam, LeakFormBody, LeakUserinfo, LeakPrivateKey,
}

// The kinds of decoys: none is a credential.
const (
	DecoyMasked         = "masked-key"         // sk_live_****1234, ghp_…abcd
	DecoyRedacted       = "redacted-value"     // [redacted], ********, ***, REDACTED
	DecoyRedactedHeader = "redacted-header"    // Authorization: Bearer [redacted]
	DecoyEmptyScheme    = "empty-scheme"       // Authorization: Basic and nothing after it
	DecoyPublishable    = "stripe-publishable" // pk_live_…, pk_test_…: public by design
	DecoyUUID           = "uuid-key"           // Idempotency-Key: a UUID
	DecoyHash           = "hash"               // sha256, sha1, md5 digests, webhook signatures
	DecoyGitCommit      = "git-commit"         // a build's commit id
	DecoyAWSExample     = "aws-example"        // AKIAIOSFODNN7EXAMPLE and its example secret
	DecoyPlaceholder    = "placeholder"        // sk_test_xxxx…, YOUR_API_KEY, <token>, ${TOKEN}
	DecoyProse          = "prose"              // "token expired", "invalid api key"
	DecoyTokenMetadata  = "token-metadata"     // token_type=Bearer expires_in=3600
	DecoyBase64Data     = "base64-data"        // image data, a queue message's body
	DecoyCredentialName = "credential-name"    // token_endpoint=https://…, password_policy=strong
	DecoyTraceContext   = "trace-context"      // traceparent, X-Amzn-Trace-Id, b3
	DecoyCertificate    = "certificate"        // a PEM certificate or public key
	DecoyOAuthState     = "oauth-state"        // state=, code_challenge=
	DecoyUserNoPassword = "userinfo-no-password"
	DecoyVendorObjectID = "vendor-object-id" // cus_…, pi_…, ch_…: Stripe's ids of objects
)

// DecoyKinds are the kinds of decoys, in the order Write writes them
// (round robin).
var DecoyKinds = []string{
	DecoyMasked, DecoyRedacted, DecoyRedactedHeader, DecoyEmptyScheme, DecoyPublishable, DecoyUUID,
	DecoyHash, DecoyGitCommit, DecoyAWSExample, DecoyPlaceholder, DecoyProse, DecoyTokenMetadata,
	DecoyBase64Data, DecoyCredentialName, DecoyTraceContext, DecoyCertificate, DecoyOAuthState,
	DecoyUserNoPassword, DecoyVendorObjectID,
}

// planted is a payload and the secret values in it.
type planted struct {
	p       payload
	secrets []string
}

func hdr(k, v string) *kv { return &kv{k, v} }

// vendorKeyPayload puts a vendor key where applications leak one: an
// Authorization header, a config or environment dump, a JSON field, a
// message.
func (g gen) vendorKeyPayload(key, envName, field, scheme string) payload {
	switch g.r.IntN(5) {
	case 0:
		return payload{msg: "outgoing request", header: hdr("Authorization", scheme+" "+key)}
	case 1:
		return payload{msg: "loaded configuration", fields: []kv{{"env." + envName, key}}}
	case 2:
		return payload{msg: "client initialised", fields: []kv{{field, key}}}
	case 3:
		return payload{msg: "calling provider with key " + key}
	default:
		return payload{msg: "retrying request", header: hdr("Authorization", scheme+" "+key), fields: []kv{{"attempt", "2"}}}
	}
}

// leak builds a payload of kind planting a credential; now is the
// line's time, for a JWT's claims.
func (g gen) leak(kind string, now int64) planted {
	switch kind {
	case LeakStripeSecret, LeakStripeRestricted:
		k := "sk"
		if kind == LeakStripeRestricted {
			k = "rk"
		}
		key := g.stripeKey(k, g.pick([]string{"live", "test"}))
		if g.r.IntN(4) == 0 {
			// Stripe's own curl examples: the key as the Basic user name.
			return planted{payload{msg: "exec", fields: []kv{{"cmd", "curl https://api.stripe.com/v1/charges -u " + key + ": -d amount=2000 -d currency=usd"}}}, []string{key}}
		}
		return planted{g.vendorKeyPayload(key, "STRIPE_SECRET_KEY", "stripe_api_key", "Bearer"), []string{key}}
	case LeakGitHubClassic:
		t := g.githubClassic()
		if g.r.IntN(4) == 0 {
			return planted{payload{msg: "cloning repository", fields: []kv{{"remote", "https://x-access-token:" + t + "@github.com/acme/orders.git"}}}, []string{t}}
		}
		return planted{g.vendorKeyPayload(t, "GITHUB_TOKEN", "github_token", "token"), []string{t}}
	case LeakGitHubFineGrained:
		t := g.githubFineGrained()
		return planted{g.vendorKeyPayload(t, "GH_TOKEN", "token", "Bearer"), []string{t}}
	case LeakSlack:
		t := g.slackToken()
		if g.r.IntN(3) == 0 {
			return planted{payload{msg: "posting message", url: "https://slack.com/api/chat.postMessage", fields: []kv{{"body", "token=" + t + "&channel=C0" + g.chars(upper+digits, 8) + "&text=deploy+finished"}}}, []string{t}}
		}
		return planted{g.vendorKeyPayload(t, "SLACK_BOT_TOKEN", "slack_token", "Bearer"), []string{t}}
	case LeakAWSKeyPair:
		id, sec := g.awsKeyID(), g.awsSecret()
		switch g.r.IntN(3) {
		case 0:
			return planted{payload{msg: "loaded configuration", fields: []kv{{"aws_access_key_id", id}, {"aws_secret_access_key", sec}, {"region", "eu-west-1"}}}, []string{id, sec}}
		case 1:
			return planted{payload{msg: "environment", fields: []kv{{"env.AWS_ACCESS_KEY_ID", id}, {"env.AWS_SECRET_ACCESS_KEY", sec}}}, []string{id, sec}}
		default:
			return planted{payload{msg: "s3 client credentials " + id + ":" + sec}, []string{id, sec}}
		}
	case LeakGoogleAPIKey:
		k := g.googleAPIKey()
		if g.r.IntN(2) == 0 {
			return planted{payload{msg: "geocoding address", url: "https://maps.googleapis.com/maps/api/geocode/json?address=1600+Amphitheatre+Parkway&key=" + k}, []string{k}}
		}
		return planted{payload{msg: "firebase config", fields: []kv{{"apiKey", k}, {"authDomain", "acme-shop.firebaseapp.com"}, {"projectId", "acme-shop"}}}, []string{k}}
	case LeakGitLab:
		t := g.gitlabPAT()
		if g.r.IntN(2) == 0 {
			return planted{payload{msg: "outgoing request", url: "https://gitlab.example.com/api/v4/projects/42/pipelines", header: hdr("PRIVATE-TOKEN", t)}, []string{t}}
		}
		return planted{payload{msg: "fetching artifacts", url: "https://gitlab.example.com/api/v4/projects/42/jobs/artifacts/main/download?job=build&private_token=" + t}, []string{t}}
	case LeakSendGrid:
		k := g.sendgridKey()
		return planted{g.vendorKeyPayload(k, "SENDGRID_API_KEY", "sendgrid_api_key", "Bearer"), []string{k}}
	case LeakNPM:
		t := g.npmToken()
		if g.r.IntN(2) == 0 {
			return planted{payload{msg: "wrote .npmrc: //registry.npmjs.org/:_authToken=" + t}, []string{t}}
		}
		return planted{g.vendorKeyPayload(t, "NPM_TOKEN", "npm_token", "Bearer"), []string{t}}
	case LeakJWT:
		t := g.jwt(now)
		sig := t[strings.LastIndexByte(t, '.')+1:]
		switch g.r.IntN(4) {
		case 0:
			return planted{payload{msg: "outgoing request", header: hdr("Authorization", "Bearer "+t)}, []string{t, sig}}
		case 1:
			return planted{payload{msg: "incoming request", header: hdr("Cookie", "theme=dark; session="+t+"; lang=en")}, []string{t, sig}}
		case 2:
			return planted{payload{msg: "oidc callback", query: "?id_token=" + t + "&state=" + g.token(16)}, []string{t, sig}}
		default:
			return planted{payload{msg: "token response", fields: []kv{{"access_token", t}, {"token_type", "Bearer"}, {"expires_in", "3600"}}}, []string{t, sig}}
		}
	case LeakBasic:
		user := g.pick([]string{"svc-orders", "alice", "admin", "deploy", "ci-bot", "reporting"})
		pw := g.password("!#%&*-_.@")
		b := base64.StdEncoding.EncodeToString([]byte(user + ":" + pw))
		if g.r.IntN(3) == 0 {
			return planted{payload{msg: "upstream request", fields: []kv{{"authorization", "Basic " + b}}}, []string{b, pw}}
		}
		return planted{payload{msg: "outgoing request", header: hdr("Authorization", "Basic "+b)}, []string{b, pw}}
	case LeakBearer:
		t := g.opaqueToken()
		if g.r.IntN(3) == 0 {
			return planted{payload{msg: "request rejected by upstream", header: hdr("Authorization", "Bearer "+t), fields: []kv{{"upstream_status", "403"}}}, []string{t}}
		}
		return planted{payload{msg: "outgoing request", header: hdr("Authorization", "Bearer "+t)}, []string{t}}
	case LeakQueryParam:
		t := g.token(g.n(24, 48))
		name := g.pick([]string{"api_key", "access_token", "token", "apikey", "auth_token"})
		if g.r.IntN(2) == 0 {
			return planted{payload{msg: "request completed", query: "?" + name + "=" + t + "&page=" + g.chars(digits, 1)}, []string{t}}
		}
		return planted{payload{msg: "request completed", query: "?limit=50&" + name + "=" + t}, []string{t}}
	case LeakFormBody:
		switch g.r.IntN(3) {
		case 0:
			s := g.token(g.n(32, 48))
			return planted{payload{msg: "token request", url: "https://auth.example.com/oauth/token", fields: []kv{{"body", "grant_type=client_credentials&client_id=orders-svc&client_secret=" + s}}}, []string{s}}
		case 1:
			pw := g.password("!#%*-_.")
			return planted{payload{msg: "login attempt", url: "https://shop.example.com/login", fields: []kv{{"body", "username=alice%40example.com&password=" + url.QueryEscape(pw) + "&remember=1"}}}, []string{url.QueryEscape(pw)}}
		default:
			s := g.token(g.n(40, 64))
			return planted{payload{msg: "refreshing access token", url: "https://auth.example.com/oauth/token", fields: []kv{{"body", "grant_type=refresh_token&refresh_token=" + s}}}, []string{s}}
		}
	case LeakUserinfo:
		pw := g.password("-_.~")
		switch g.r.IntN(3) {
		case 0:
			return planted{payload{msg: "connecting to database", fields: []kv{{"dsn", "postgres://orders:" + pw + "@db.internal:5432/orders?sslmode=require"}}}, []string{pw}}
		case 1:
			return planted{payload{msg: "connecting to broker", fields: []kv{{"url", "amqp://shop:" + pw + "@rabbitmq.internal:5672/prod"}}}, []string{pw}}
		default:
			return planted{payload{msg: "outgoing request", url: "https://deploy:" + pw + "@registry.example.com/v2/_catalog"}, []string{pw}}
		}
	case LeakPrivateKey:
		lines := pem(g.pick([]string{"PRIVATE KEY", "RSA PRIVATE KEY"}), g.pkcs8RSA())
		body := lines[1 : len(lines)-1] // every line of base64 is secret
		if g.r.IntN(2) == 0 {
			// A JSON or logfmt string: one line, the breaks escaped.
			return planted{payload{msg: "loaded signing key", fields: []kv{{"key", strings.Join(lines, "\n") + "\n"}}}, body}
		}
		// A program that printed the file it read.
		return planted{payload{msg: "could not parse key file, contents follow", after: lines, markNext: true}, body}
	}
	panic("leakgen: unknown leak kind " + kind)
}

// decoy builds a payload of kind that holds no credential.
func (g gen) decoy(kind string) payload {
	switch kind {
	case DecoyMasked:
		switch g.r.IntN(5) {
		case 0:
			return payload{msg: "charge created", fields: []kv{{"stripe_key", "sk_live_" + strings.Repeat("*", g.n(4, 20)) + g.chars(base62, 4)}}}
		case 1:
			return payload{msg: "using key sk_live_..." + g.chars(base62, 4)}
		case 2:
			return payload{msg: "authenticated", fields: []kv{{"token", "ghp_****" + g.chars(base62, 4)}}}
		case 3:
			return payload{msg: "Invalid API Key provided: sk_test_" + strings.Repeat("*", 20) + g.chars(base62, 4)}
		default:
			return payload{msg: "aws credentials", fields: []kv{{"access_key_id", "AKIA" + strings.Repeat("*", 12) + g.chars(base32, 4)}}}
		}
	case DecoyRedacted:
		switch g.r.IntN(6) {
		case 0:
			return payload{msg: "request completed", query: "?api_key=[redacted]&page=2"}
		case 1:
			return payload{msg: "login attempt", fields: []kv{{"password", "********"}}}
		case 2:
			return payload{msg: "token request", fields: []kv{{"client_secret", "REDACTED"}}}
		case 3:
			return payload{msg: "token response", fields: []kv{{"access_token", "***"}, {"token_type", "Bearer"}}}
		case 4:
			return payload{msg: "request completed", query: "?access_token=%5BFILTERED%5D"}
		default:
			return payload{msg: "connecting to database", fields: []kv{{"dsn", "postgres://orders:xxxxx@db.internal:5432/orders"}}}
		}
	case DecoyRedactedHeader:
		return payload{msg: "outgoing request", header: hdr("Authorization", g.pick([]string{"Bearer [redacted]", "Bearer [REDACTED]", "Basic ***", "Bearer <redacted>", "Bearer ********", "[FILTERED]"}))}
	case DecoyEmptyScheme:
		if g.r.IntN(2) == 0 {
			return payload{msg: "missing credentials", header: hdr("Authorization", g.pick([]string{"Basic", "Bearer", "Bearer ", "Basic "}))}
		}
		return payload{msg: "401 from upstream", header: hdr("WWW-Authenticate", g.pick([]string{`Bearer realm="api", error="invalid_token"`, `Basic realm="registry"`, `Bearer error="insufficient_scope", scope="orders:write"`}))}
	case DecoyPublishable:
		k := g.stripeKey("pk", g.pick([]string{"live", "test"}))
		if g.r.IntN(2) == 0 {
			return payload{msg: "rendering checkout", fields: []kv{{"publishable_key", k}}}
		}
		return payload{msg: "client config", fields: []kv{{"stripeKey", k}, {"locale", "auto"}}}
	case DecoyUUID:
		u := g.uuid()
		switch g.r.IntN(3) {
		case 0:
			return payload{msg: "outgoing request", url: "https://api.stripe.com/v1/payment_intents", header: hdr("Idempotency-Key", u)}
		case 1:
			return payload{msg: "charge created", fields: []kv{{"idempotency_key", u}}}
		default:
			return payload{msg: "session started", fields: []kv{{"session_key_id", u}, {"correlation_id", g.uuid()}}}
		}
	case DecoyHash:
		switch g.r.IntN(5) {
		case 0:
			return payload{msg: "upload stored", fields: []kv{{"sha256", g.hex(64)}, {"size", g.chars(digits, 6)}}}
		case 1:
			return payload{msg: "cache hit", fields: []kv{{"etag", `"` + g.hex(32) + `"`}}}
		case 2:
			return payload{msg: "webhook received", header: hdr("Stripe-Signature", "t="+g.chars(digits, 10)+",v1="+g.hex(64))}
		case 3:
			return payload{msg: "webhook received", header: hdr("X-Hub-Signature-256", "sha256="+g.hex(64))}
		default:
			return payload{msg: "artifact verified", fields: []kv{{"checksum", "sha1:" + g.hex(40)}, {"content_md5", base64.StdEncoding.EncodeToString(g.bytes(16))}}}
		}
	case DecoyGitCommit:
		return payload{msg: "starting server", fields: []kv{{"version", "v1." + g.chars(digits, 2) + ".3"}, {"commit", g.hex(40)}, {"go", "go1.26.8"}}}
	case DecoyAWSExample:
		if g.r.IntN(2) == 0 {
			return payload{msg: "loaded configuration", fields: []kv{{"aws_access_key_id", awsExampleKeyID}, {"aws_secret_access_key", awsExampleSecret}}}
		}
		return payload{msg: "using example credentials from the docs: " + awsExampleKeyID}
	case DecoyPlaceholder:
		switch g.r.IntN(8) {
		case 0:
			return payload{msg: "client initialised", fields: []kv{{"stripe_api_key", "sk_test_" + strings.Repeat("x", 24)}}}
		case 1:
			return payload{msg: "request completed", query: "?api_key=YOUR_API_KEY"}
		case 2:
			return payload{msg: "outgoing request", header: hdr("Authorization", "Bearer <token>")}
		case 3:
			return payload{msg: "loaded configuration", fields: []kv{{"token", "${GITHUB_TOKEN}"}}}
		case 4:
			return payload{msg: "loaded configuration", fields: []kv{{"password", "$DB_PASSWORD"}}}
		case 5:
			return payload{msg: "outgoing request", header: hdr("Authorization", "Bearer {{access_token}}")}
		case 6:
			return payload{msg: "example request", fields: []kv{{"cmd", "curl -H 'Authorization: Bearer YOUR_ACCESS_TOKEN' https://api.example.com/v1/me"}}}
		default:
			return payload{msg: "client initialised", fields: []kv{{"apiKey", "<your-api-key>"}}}
		}
	case DecoyProse:
		return payload{msg: g.pick([]string{
			"token expired", "Bearer authentication failed: invalid signature", "invalid api key",
			"refreshing access token", "password reset email sent", "api key rotated by operator",
			"secret not found in vault, falling back to defaults", "could not validate token: audience mismatch",
			"authorization header missing", "basic auth disabled for this route",
		})}
	case DecoyTokenMetadata:
		if g.r.IntN(2) == 0 {
			return payload{msg: "token issued", fields: []kv{{"token_type", "Bearer"}, {"expires_in", "3600"}, {"scope", "read:orders write:orders"}}}
		}
		return payload{msg: "token validated", fields: []kv{{"token_expires_at", "2026-12-01T11:00:00Z"}, {"token_issuer", "https://auth.example.com/"}, {"token_kid", g.hex(16)}}}
	case DecoyBase64Data:
		switch g.r.IntN(3) {
		case 0:
			png := append([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'}, g.bytes(g.n(60, 180))...)
			return payload{msg: "avatar uploaded", fields: []kv{{"avatar", "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)}}}
		case 1:
			ev := `{"order_id":"ord_` + g.token(14) + `","status":"paid","amount":` + g.chars(digits, 4) + `}`
			return payload{msg: "message received", fields: []kv{{"subscription", "orders-paid"}, {"data", base64.StdEncoding.EncodeToString([]byte(ev))}}}
		default:
			return payload{msg: "outgoing request", header: hdr("baggage", "userId=usr_"+g.token(10)+",tenant="+b64u([]byte("acme-"+g.chars(digits, 4))))}
		}
	case DecoyCredentialName:
		return payload{msg: "auth settings", fields: g.pick2([][]kv{
			{{"token_endpoint", "https://auth.example.com/oauth2/token"}, {"jwks_uri", "https://auth.example.com/.well-known/jwks.json"}},
			{{"password_policy", "strong"}, {"password_min_length", "12"}},
			{{"api_key_header", "X-Api-Key"}, {"secret_rotation_days", "90"}},
			{{"auth_method", "client_secret_basic"}, {"token_auth_method", "private_key_jwt"}},
			{{"secret_name", "prod/orders/stripe"}, {"secret_version", "AWSCURRENT"}},
		})}
	case DecoyTraceContext:
		switch g.r.IntN(3) {
		case 0:
			return payload{msg: "outgoing request", header: hdr("traceparent", "00-"+g.hex(32)+"-"+g.hex(16)+"-01")}
		case 1:
			return payload{msg: "incoming request", header: hdr("X-Amzn-Trace-Id", "Root=1-"+g.hex(8)+"-"+g.hex(24)+";Parent="+g.hex(16)+";Sampled=1")}
		default:
			return payload{msg: "incoming request", header: hdr("b3", g.hex(32)+"-"+g.hex(16)+"-1")}
		}
	case DecoyCertificate:
		der := append([]byte{0x30, 0x82, 0x03, 0x5d, 0x30, 0x82, 0x02, 0x45, 0xa0, 0x03, 0x02, 0x01, 0x02}, g.bytes(g.n(500, 800))...)
		label := g.pick([]string{"CERTIFICATE", "PUBLIC KEY"})
		return payload{msg: "tls: peer certificate", fields: []kv{{"cert", strings.Join(pem(label, der), "\n") + "\n"}}}
	case DecoyOAuthState:
		state := b64u([]byte(`{"return_to":"/account/orders","nonce":"` + g.hex(16) + `"}`))
		verifierHash := b64u(g.bytes(32))
		return payload{msg: "redirecting to identity provider", url: "https://auth.example.com/authorize?response_type=code&client_id=shop-web&state=" + state + "&code_challenge=" + verifierHash + "&code_challenge_method=S256"}
	case DecoyUserNoPassword:
		return payload{msg: g.pick([]string{"fetching dependencies", "mirroring repository"}), fields: []kv{{"remote", g.pick([]string{"ssh://git@github.com/acme/orders.git", "https://deploy@git.example.com/acme/orders.git", "git@gitlab.example.com:acme/orders.git"})}}}
	case DecoyVendorObjectID:
		return payload{msg: "payment succeeded", fields: []kv{{"customer", "cus_" + g.token(14)}, {"payment_intent", "pi_3" + g.token(23)}, {"charge", "ch_3" + g.token(23)}}}
	}
	panic("leakgen: unknown decoy kind " + kind)
}

func (g gen) pick2(s [][]kv) []kv { return s[g.r.IntN(len(s))] }
