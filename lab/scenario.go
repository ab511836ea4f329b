package lab

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor"
)

// Scenario is one broken (or working) request against the lab, with the
// verdict authdoctor check must reach for it.
type Scenario struct {
	// Name is kebab-case and stable: authdoctor lab --scenario NAME.
	Name string
	// Title is a few plain words.
	Title string
	// Story is one plain sentence: what is wrong and what a user would see.
	Story string
	// Cause is the verdict authdoctor check must reach.
	Cause authdoctor.Cause
	// Finding is a finding id that must also be present; usually empty.
	Finding string
	// Method is the HTTP method; empty means GET.
	Method string
	// URL is the full URL.
	URL string
	// Headers are curl-style -H templates with $VARS, expanded by
	// authdoctor from the environment.
	Headers []string
	// Env holds the variables to set for the $VARS; values may hold
	// control characters (the newline scenario).
	Env map[string]string
	// Unset lists variables the headers reference that must be unset.
	Unset []string
	// Args are extra check flags: --proxy URL, --resolve h:p:addr,
	// --cacert FILE, --allow-write, --yes, --audience ID, --issuer URL,
	// --client-id-env VAR and --client-secret-env VAR (the introspection
	// client, whose variables are in Env).
	Args []string
}

// Shell returns the scenario as lines ready to paste into a POSIX shell:
// env holds one `export NAME='value'` per variable (sorted; $'…' quoting
// when the value holds control characters) then one `unset NAME` per unset
// variable; command is `authdoctor check [METHOD] URL -H '…' … ARGS`, with
// every header template in single quotes so the shell leaves $VARS for
// authdoctor to expand.
func (s Scenario) Shell() (env []string, command string) {
	names := make([]string, 0, len(s.Env))
	for name := range s.Env {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		env = append(env, "export "+name+"="+quoteValue(s.Env[name]))
	}
	unset := slices.Clone(s.Unset)
	slices.Sort(unset)
	for _, name := range unset {
		env = append(env, "unset "+name)
	}

	words := []string{"authdoctor", "check"}
	if s.Method != "" {
		words = append(words, shellWord(s.Method))
	}
	words = append(words, shellWord(s.URL))
	for _, h := range s.Headers {
		words = append(words, "-H", quoteValue(h))
	}
	for _, a := range s.Args {
		words = append(words, shellWord(a))
	}
	return env, strings.Join(words, " ")
}

// shellWord quotes s only when the shell would otherwise split, expand or
// glob it.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,@%+") == "" {
		return s
	}
	return quoteValue(s)
}

// quoteValue always quotes: single quotes, or bash's $'…' when s holds a
// control character that single quotes cannot carry visibly.
func quoteValue(s string) string {
	if strings.IndexFunc(s, isControl) < 0 {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	var b strings.Builder
	b.WriteString("$'")
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b.WriteString(`\\`)
		case '\'':
			b.WriteString(`\'`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if c < 0x20 || c == 0x7f {
				fmt.Fprintf(&b, `\x%02x`, c)
				continue
			}
			b.WriteByte(c)
		}
	}
	b.WriteString("'")
	return b.String()
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// Scenarios returns every scenario, in the order of the table in the
// package documentation (the order of the causes, roughly bottom of the
// stack first). Tokens are minted from the lab clock at each call, so
// time-sensitive scenarios (skewed-server, not-yet-valid) hold for the
// minutes after the call.
func (l *Lab) Scenarios() []Scenario { return l.scenarios(l.now()) }

// Scenario returns the scenario called name.
func (l *Lab) Scenario(name string) (Scenario, bool) {
	for _, s := range l.Scenarios() {
		if s.Name == name {
			return s, true
		}
	}
	return Scenario{}, false
}

// labTokens are the JWTs one listing of the scenarios uses.
type labTokens struct {
	valid, expired, notYet, skewed, id string
	// revoked is valid but revoked at the issuer when minted.
	revoked string
	// forged names the current kid but another key signed it; retired is
	// signed by the key rotated away; unsigned has alg none.
	forged, retired, unsigned string
	// otherAudience is for another API, otherIssuer from another tenant.
	otherAudience, otherIssuer string
}

func (l *Lab) labTokens(now time.Time) labTokens {
	live := func(s tokenSpec) string {
		s.iat, s.exp, s.scope = now, now.Add(tokenLife), baseScope
		return l.mint(s)
	}
	valid := live(tokenSpec{})
	revoked := live(tokenSpec{})
	l.grants.revoke(revoked)
	return labTokens{
		valid:   valid,
		expired: l.mint(tokenSpec{iat: now.Add(-2 * time.Hour), exp: now.Add(-time.Hour), scope: baseScope}),
		// An issuer whose clock runs an hour fast.
		notYet: l.mint(tokenSpec{iat: now.Add(time.Hour), nbf: now.Add(time.Hour), exp: now.Add(2 * time.Hour), scope: baseScope}),
		// Five minutes left by the lab clock; the skewed server runs ten
		// minutes fast.
		skewed:        l.mint(tokenSpec{iat: now, exp: now.Add(5 * time.Minute), scope: baseScope}),
		id:            l.mintIDToken(now, valid),
		revoked:       revoked,
		forged:        live(tokenSpec{key: keyForged}),
		retired:       live(tokenSpec{key: keyRetired}),
		unsigned:      live(tokenSpec{key: keyNone}),
		otherAudience: live(tokenSpec{aud: "billing-api"}),
		otherIssuer:   live(tokenSpec{iss: l.URL() + otherTenant}),
	}
}

// basic encodes a Basic credential.
func basic(userPass string) string { return base64.StdEncoding.EncodeToString([]byte(userPass)) }

// vars builds an Env map from name, value pairs.
func vars(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// Header templates the scenarios share.
const (
	bearerHeader = "Authorization: Bearer $LAB_TOKEN"
	basicHeader  = "Authorization: Basic $LAB_BASIC"
	stripeHeader = "Authorization: Bearer $LAB_STRIPE_KEY"
	githubHeader = "Authorization: Bearer $LAB_GITHUB_TOKEN"
	apiKeyHeader = "X-API-Key: $LAB_API_KEY"
)

// scenarios is the scenario table, built for the clock now.
func (l *Lab) scenarios(now time.Time) []Scenario {
	t := l.labTokens(now)
	cr := l.creds
	api := l.URL()
	httpsURL := func(host, path string) string { return l.base("https", host, l.tlsPort) + path }
	resolve := func(host string, port int) []string {
		return []string{"--resolve", host + ":" + strconv.Itoa(port) + ":" + l.resolveAddr()}
	}
	withCA := func(args []string) []string { return append(args, "--cacert", l.caFile) }
	token := vars("LAB_TOKEN", t.valid)
	bearer := []string{bearerHeader}
	userPass := cr.basicUser + ":" + cr.basicPassword

	return []Scenario{
		{Name: "ok", Title: "valid bearer token", Cause: authdoctor.CauseAccepted,
			Story: "A valid access token goes to the orders API and the server answers 200 with the orders.",
			URL:   api + "/api/orders", Headers: bearer, Env: token},
		{Name: "unreachable", Title: "nothing listens on the port", Cause: authdoctor.CauseEndpointUnreachable,
			Story: "Nothing listens on the API's port, so the connection is refused before any credential matters.",
			URL:   l.base("http", l.host, l.reservedPort) + "/api/orders", Headers: bearer, Env: token},
		{Name: "tls-untrusted", Title: "certificate not trusted", Cause: authdoctor.CauseEndpointUnreachable,
			Story: "The server's certificate is self-signed and not from a trusted authority, so the TLS handshake fails.",
			URL:   l.base("https", l.host, l.untrustedPort) + "/api/orders", Headers: bearer, Env: token},
		{Name: "not-found", Title: "wrong API version in the path", Cause: authdoctor.CauseEndpointNotFound,
			Story: "The request goes to /api/v2/orders, which does not exist, so it gets 404 with or without the token.",
			URL:   api + "/api/v2/orders", Headers: bearer, Env: token},
		{Name: "method", Title: "GET on a POST-only endpoint", Cause: authdoctor.CauseMethodNotAllowed,
			Story: "The export endpoint only accepts POST, so a GET gets 405 with Allow: POST whatever the token.",
			URL:   api + "/api/orders/export", Headers: bearer, Env: token},
		{Name: "insecure", Title: "token sent over plain HTTP", Cause: authdoctor.CauseInsecureTransport,
			Story: "The token goes to http://api.lab.test in clear and the API refuses credentials on plain HTTP with 403 \"SSL is required\".",
			URL:   l.base("http", apiHost, l.mainPort) + "/api/orders", Headers: bearer, Env: token,
			Args: resolve(apiHost, l.mainPort)},
		{Name: "missing-var", Title: "variable not set", Cause: authdoctor.CauseCredentialMissing,
			Story: "The header uses $LAB_PROD_TOKEN, which is not set, so an empty Bearer goes out and the server answers 401 with a bare challenge.",
			URL:   api + "/api/orders", Headers: []string{"Authorization: Bearer $LAB_PROD_TOKEN"}, Unset: []string{"LAB_PROD_TOKEN"}},
		{Name: "missing-key-400", Title: "empty API key", Cause: authdoctor.CauseCredentialMissing,
			Story: "LAB_API_KEY is set but empty, and the API answers 400 \"Missing API key\" without any challenge.",
			URL:   api + "/catalog/items", Headers: []string{apiKeyHeader}, Env: vars("LAB_API_KEY", "")},
		{Name: "placeholder", Title: "placeholder left in", Cause: authdoctor.CauseCredentialPlaceholder,
			Story: "LAB_TOKEN still holds YOUR_ACCESS_TOKEN from the documentation, and the server answers 401 invalid_token \"Malformed token\".",
			URL:   api + "/api/orders", Headers: bearer, Env: vars("LAB_TOKEN", "YOUR_ACCESS_TOKEN")},
		{Name: "newline", Title: "newline at the end of the token", Cause: authdoctor.CauseCredentialMalformed,
			Story: "The token was read from a file with its trailing newline: Go refuses to send the header, other clients get 401.",
			URL:   api + "/api/orders", Headers: bearer, Env: vars("LAB_TOKEN", t.valid+"\n")},
		{Name: "quoted", Title: "token wrapped in quotes", Cause: authdoctor.CauseCredentialMalformed,
			Story: "LAB_TOKEN kept the double quotes of a .env file, so the server sees a malformed token and answers 401 invalid_token.",
			URL:   api + "/api/orders", Headers: bearer, Env: vars("LAB_TOKEN", `"`+t.valid+`"`)},
		{Name: "basic-echo", Title: "Basic credential built with echo", Cause: authdoctor.CauseCredentialMalformed,
			Story: "The Basic credential was encoded with echo, so the password ends in a newline and nginx answers 401 although the password is right.",
			URL:   api + "/admin/status", Headers: []string{basicHeader}, Env: vars("LAB_BASIC", basic(userPass+"\n"))},
		{Name: "double-bearer", Title: "scheme written twice", Cause: authdoctor.CauseHeaderMalformed,
			Story: "LAB_TOKEN already starts with \"Bearer \", so the header says Bearer Bearer … and the server answers 401 invalid_token.",
			URL:   api + "/api/orders", Headers: bearer, Env: vars("LAB_TOKEN", "Bearer "+t.valid)},
		{Name: "bearer-colon", Title: "colon after Bearer", Cause: authdoctor.CauseHeaderMalformed,
			Story: "The header is written 'Bearer: <token>', which is no Bearer credential, so the server answers 401 as if nothing had been sent.",
			URL:   api + "/api/orders", Headers: []string{"Authorization: Bearer: $LAB_TOKEN"}, Env: token},
		{Name: "two-credentials", Title: "two Authorization headers", Cause: authdoctor.CauseMultipleCredentials,
			Story: "A Basic header goes out next to the Bearer token and the server refuses the ambiguity with 400 invalid_request.",
			URL:   api + "/api/orders", Headers: []string{bearerHeader, basicHeader},
			Env: vars("LAB_TOKEN", t.valid, "LAB_BASIC", basic(userPass))},
		{Name: "scheme", Title: "Bearer where Token is expected", Cause: authdoctor.CauseSchemeMismatch,
			Story: "A Django REST framework API expects 'Authorization: Token <key>', so the key sent as Bearer gets 401 with the challenge Token.",
			URL:   api + "/drf/orders", Headers: bearer, Env: vars("LAB_TOKEN", cr.drfKey)},
		{Name: "stripped", Title: "Apache drops the header", Cause: authdoctor.CauseCredentialNotReceived,
			Story: "Apache runs the app as CGI without CGIPassAuth, so Authorization never reaches it and every request gets the same bare 401.",
			URL:   api + "/php/orders", Headers: bearer, Env: token},
		{Name: "redirect", Title: "redirect to another host", Cause: authdoctor.CauseAuthDroppedOnRedirect,
			Story: "The old URL redirects to another host name; the client drops Authorization on the way and the new host answers 401.",
			URL:   api + "/old/orders", Headers: bearer, Env: token},
		{Name: "expired", Title: "expired token", Cause: authdoctor.CauseTokenExpired,
			Story: "The access token expired an hour ago and the server answers 401 invalid_token \"The access token expired\".",
			URL:   api + "/api/orders", Headers: bearer, Env: vars("LAB_TOKEN", t.expired)},
		{Name: "not-yet-valid", Title: "token not valid yet", Cause: authdoctor.CauseTokenNotYetValid,
			Story: "The issuer's clock runs an hour fast, so the token's nbf is in the future and the server answers 401 invalid_token.",
			URL:   api + "/api/orders", Headers: bearer, Env: vars("LAB_TOKEN", t.notYet)},
		{Name: "skewed-server", Title: "server clock runs fast", Cause: authdoctor.CauseClockSkew,
			Story: "The server's clock is 10 minutes ahead, so a token with 5 minutes left by your clock is already expired by its clock.",
			URL:   api + "/skewed/orders", Headers: bearer, Env: vars("LAB_TOKEN", t.skewed)},
		{Name: "revoked", Title: "token revoked at the issuer", Cause: authdoctor.CauseTokenRejected,
			Story: "The token is well signed and unexpired but was revoked at the issuer, whose introspection endpoint says it is not active, and the API answers 401 invalid_token \"The access token has been revoked\".",
			URL:   api + "/api/orders", Headers: bearer,
			Env:  vars("LAB_TOKEN", t.revoked, "LAB_CLIENT_ID", cr.client.id, "LAB_CLIENT_SECRET", cr.client.secret),
			Args: []string{"--client-id-env", "LAB_CLIENT_ID", "--client-secret-env", "LAB_CLIENT_SECRET"}},
		{Name: "no-challenge-401", Title: "rejected without a challenge", Cause: authdoctor.CauseTokenRejected,
			Story: "An Express API answers 401 \"Invalid token\" to this revoked token and \"No token provided\" without one, and never sends WWW-Authenticate.",
			URL:   api + "/express/orders", Headers: bearer, Env: vars("LAB_TOKEN", t.revoked)},
		{Name: "wrong-audience", Title: "token for another API", Cause: authdoctor.CauseAudienceMismatch,
			Story: "The token was issued for billing-api, not for this API (lab-api), and the API answers 401 invalid_token \"Invalid audience\".",
			URL:   api + "/api/orders", Headers: bearer, Env: vars("LAB_TOKEN", t.otherAudience),
			Args: []string{"--audience", audience}},
		{Name: "wrong-issuer", Title: "token from another tenant", Cause: authdoctor.CauseIssuerMismatch,
			Story: "The token comes from the other-tenant issuer on the same host, which shares the keys, but the API trusts only " + l.Issuer() + " and answers 401 invalid_token \"Invalid issuer\".",
			URL:   api + "/api/orders", Headers: bearer, Env: vars("LAB_TOKEN", t.otherIssuer),
			Args: []string{"--issuer", l.Issuer()}},
		{Name: "bad-signature", Title: "signature does not verify", Cause: authdoctor.CauseSignatureInvalid,
			Story: "The token names the issuer's current key (kid lab-2) but another key signed it, and the API answers 401 invalid_token \"signature verification failed\".",
			URL:   api + "/api/orders", Headers: bearer, Env: vars("LAB_TOKEN", t.forged)},
		{Name: "alg-none", Title: "unsigned token", Cause: authdoctor.CauseSignatureInvalid,
			Story: "The token's header says alg none and its signature is empty, and the API refuses it with 401 invalid_token.",
			URL:   api + "/api/orders", Headers: bearer, Env: vars("LAB_TOKEN", t.unsigned)},
		{Name: "rotated-key", Title: "signed by a rotated-away key", Cause: authdoctor.CauseSigningKeyUnknown,
			Story: "The token was signed by lab-1, which the issuer rotated away and no longer publishes, and the API answers 401 invalid_token \"Unable to find a signing key that matches 'lab-1'\".",
			URL:   api + "/api/orders", Headers: bearer, Env: vars("LAB_TOKEN", t.retired)},
		{Name: "publishable-key", Title: "publishable key on a secret endpoint", Cause: authdoctor.CauseWrongCredentialKind,
			Story: "A Stripe-like pk_test_ key goes to /v1/charges, which needs a secret key, and the API says so in a 401.",
			URL:   api + "/v1/charges", Headers: []string{stripeHeader}, Env: vars("LAB_STRIPE_KEY", cr.stripeTestPublishable)},
		{Name: "id-token", Title: "ID token sent to an API", Cause: authdoctor.CauseWrongCredentialKind,
			Story: "An OpenID Connect ID token (audience lab-client) is sent instead of the access token, and the API answers 401 invalid_token \"Invalid audience\".",
			URL:   api + "/api/orders", Headers: bearer, Env: vars("LAB_TOKEN", t.id)},
		{Name: "scope", Title: "missing scope", Cause: authdoctor.CauseInsufficientScope,
			Story: "The token has orders:read but /api/admin/users needs admin:read, so the server answers 403 insufficient_scope.",
			URL:   api + "/api/admin/users", Headers: bearer, Env: token},
		{Name: "github-scopes", Title: "GitHub token without the scope", Cause: authdoctor.CauseInsufficientScope,
			Story: "A GitHub-like token with only the repo scope lists organisation hooks, which need admin:org_hook, and gets 403.",
			URL:   api + "/gh/orgs/acme/hooks", Headers: []string{githubHeader}, Env: vars("LAB_GITHUB_TOKEN", cr.githubRepo)},
		{Name: "forbidden", Title: "no access to this project", Cause: authdoctor.CausePermissionDenied,
			Story: "The token is valid but its user is not a member of project 42, so the server answers 403.",
			URL:   api + "/api/projects/42", Headers: bearer, Env: token},
		{Name: "permission-as-401", Title: "permission refusal sent as 401", Cause: authdoctor.CausePermissionDenied,
			Story: "The token is valid but the user may not export reports, and the server says so with 401 instead of 403.",
			URL:   api + "/api/reports/export", Headers: bearer, Env: token},
		{Name: "ip-allowlist", Title: "IP allow list", Cause: authdoctor.CauseNetworkPolicy,
			Story: "The organisation only accepts tokens from listed IP addresses: its public repository answers 200 without a token and 403 with one.",
			URL:   api + "/gh/repos/acme/widgets", Headers: []string{githubHeader}, Env: vars("LAB_GITHUB_TOKEN", cr.githubRepo)},
		{Name: "waf", Title: "blocked by bot protection", Cause: authdoctor.CauseNetworkPolicy,
			Story: "Cloudflare-style bot protection answers every request with a 403 \"Just a moment...\" page before the API sees it.",
			URL:   api + "/shop/orders", Headers: bearer, Env: token},
		{Name: "csrf", Title: "session cookie without CSRF token", Cause: authdoctor.CauseCSRFRequired,
			Story:  "A POST with the session cookies copied from the browser lacks the X-CSRFToken header, so Django REST framework answers 403 \"CSRF Failed\".",
			Method: http.MethodPost, URL: api + "/app/orders",
			Headers: []string{"Cookie: sessionid=$LAB_SESSION; csrftoken=$LAB_CSRF"},
			Env:     vars("LAB_SESSION", cr.sessionID, "LAB_CSRF", cr.csrf),
			Args:    []string{"--allow-write", "--yes"}},
		{Name: "live-key-in-sandbox", Title: "live key against the sandbox", Cause: authdoctor.CauseEnvironmentMismatch,
			Story: "A Stripe-like sk_live_ key goes to the sandbox host, which only knows test keys, and gets 401 \"Invalid API Key provided\".",
			URL:   httpsURL(sandboxHost, "/v1/charges"), Headers: []string{stripeHeader}, Env: vars("LAB_STRIPE_KEY", cr.stripeLiveSecret),
			Args: withCA(resolve(sandboxHost, l.tlsPort))},
		{Name: "test-key-in-live", Title: "test key against live", Cause: authdoctor.CauseEnvironmentMismatch,
			Story: "A Stripe-like sk_test_ key goes to the live host, which only knows live keys, and gets 401 \"Invalid API Key provided\".",
			URL:   httpsURL(liveHost, "/v1/charges"), Headers: []string{stripeHeader}, Env: vars("LAB_STRIPE_KEY", cr.stripeTestSecret),
			Args: withCA(resolve(liveHost, l.tlsPort))},
		{Name: "basic-wrong", Title: "wrong password", Cause: authdoctor.CauseCredentialsRejected,
			Story: "nginx basic auth answers 401 because the password is wrong.",
			URL:   api + "/admin/status", Headers: []string{basicHeader},
			Env: vars("LAB_BASIC", basic(cr.basicUser+":"+cr.wrongPassword))},
		{Name: "bad-api-key", Title: "wrong API key", Cause: authdoctor.CauseCredentialsRejected,
			Story: "The X-API-Key header holds a key the API does not know, so it answers 401 \"Invalid API key\".",
			URL:   api + "/reports/daily", Headers: []string{apiKeyHeader}, Env: vars("LAB_API_KEY", cr.staleAPIKey)},
		{Name: "rate-limited", Title: "too many requests", Cause: authdoctor.CauseRateLimited,
			Story: "The API's rate limiter answers 429 with Retry-After: 30 to every request, whatever the credential.",
			URL:   api + "/api/search", Headers: bearer, Env: token},
		{Name: "github-rate-limit", Title: "GitHub rate limit", Cause: authdoctor.CauseRateLimited,
			Story: "A GitHub-like API answers 403 \"API rate limit exceeded\" with x-ratelimit-remaining: 0, although the token is fine.",
			URL:   api + "/gh/repos/acme/widgets/issues", Headers: []string{githubHeader}, Env: vars("LAB_GITHUB_TOKEN", cr.githubRepo)},
		{Name: "proxy", Title: "proxy wants its own login", Cause: authdoctor.CauseProxyAuthRequired,
			Story: "The request goes through a corporate proxy that answers 407 and never passes it on to the API.",
			URL:   api + "/api/orders", Headers: bearer, Env: token, Args: []string{"--proxy", l.proxyURL()}},
		{Name: "server-error", Title: "server fails", Cause: authdoctor.CauseServerError,
			Story: "The token is accepted but the server fails with 500.",
			URL:   api + "/api/stats", Headers: bearer, Env: token},
		{Name: "unexpected", Title: "unexpected status", Cause: authdoctor.CauseUnexpectedStatus,
			Story: "The token is accepted but the server answers 409 Conflict, which says nothing about authentication.",
			URL:   api + "/api/inventory", Headers: bearer, Env: token},
		{Name: "expired-200", Title: "legacy endpoint ignores expiry", Cause: authdoctor.CauseTokenExpired,
			Story: "The token expired an hour ago; this legacy endpoint checks nothing and answers 200, but every real endpoint will refuse it.",
			URL:   api + "/legacy/orders", Headers: bearer, Env: vars("LAB_TOKEN", t.expired)},
		{Name: "argv-secret", Title: "token typed on the command line", Cause: authdoctor.CauseAccepted,
			Finding: "request.secret-in-argv",
			Story:   "The token works, but it is written out in the command, where ps and the shell history can read it.",
			URL:     api + "/api/orders", Headers: []string{"Authorization: Bearer " + t.valid}},
	}
}
