package lab

import (
	"crypto/sha256"
	"crypto/subtle"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// The lab's authorization server: discovery (OpenID Connect Discovery 1.0,
// RFC 8414), the token endpoint (RFC 6749), introspection (RFC 7662) and
// revocation (RFC 7009), in the manner of Auth0, Okta, Keycloak and Azure
// AD. Its issuer is Issuer(): URL()+"/", with a trailing slash as Auth0
// writes it.

// Paths of the authorization server on the main listener.
const (
	pathOIDC          = "/.well-known/openid-configuration"
	pathOAuthMetadata = "/.well-known/oauth-authorization-server"
	pathJWKS          = "/.well-known/jwks.json"
	pathToken         = "/oauth/token"
	pathIntrospect    = "/oauth/introspect"
	pathRevoke        = "/oauth/revoke"
	// otherTenant is the path of a second issuer on the same host, as
	// Auth0 or Azure AD serve one tenant per path: it shares the lab's
	// keys, so its tokens verify and only their iss tells them apart.
	otherTenant = "/other-tenant/"
)

// Client authentication methods (RFC 6749 §2.3.1; names from RFC 7591 §2).
const (
	authBasic = "client_secret_basic"
	authPost  = "client_secret_post"
)

// Grant types the token endpoint supports.
const (
	grantClientCredentials = "client_credentials" // RFC 6749 §4.4
	grantRefreshToken      = "refresh_token"      // RFC 6749 §6
)

// refreshLife is the absolute lifetime of a refresh token; rotation keeps
// it (Auth0's "absolute lifetime", 30 days by default).
const refreshLife = 30 * 24 * time.Hour

// oauthClient is a confidential client registered with the lab's
// authorization server.
type oauthClient struct {
	id, secret string
	// method is the one client authentication method it may use.
	method string
	// scopes it may ask for; the first is its default scope.
	scopes []string
	// grants it may use.
	grants []string
}

// digest is the SHA-256 of a token: the store keeps it, never the token.
type digest [sha256.Size]byte

func digestOf(token string) digest { return sha256.Sum256([]byte(token)) }

// refreshGrant is what a refresh token stands for.
type refreshGrant struct {
	clientID, subject, scope string
	iat, exp                 time.Time
}

// grants is the authorization server's memory: revoked tokens and the
// refresh tokens it issued, keyed by digest.
type grants struct {
	mu      sync.Mutex
	revoked map[digest]bool
	refresh map[digest]refreshGrant
}

func newGrants() *grants {
	return &grants{revoked: map[digest]bool{}, refresh: map[digest]refreshGrant{}}
}

// revoke marks token revoked.
func (g *grants) revoke(token string) {
	g.mu.Lock()
	g.revoked[digestOf(token)] = true
	g.mu.Unlock()
}

// isRevoked reports whether token was revoked.
func (g *grants) isRevoked(token string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.revoked[digestOf(token)]
}

// lookupRefresh returns the grant of a refresh token and whether it is
// known, and whether it was revoked.
func (g *grants) lookupRefresh(token string) (rg refreshGrant, known, revoked bool) {
	d := digestOf(token)
	g.mu.Lock()
	defer g.mu.Unlock()
	rg, known = g.refresh[d]
	return rg, known, g.revoked[d]
}

// issueRefresh stores a new refresh token for rg and returns it.
func (g *grants) issueRefresh(rg refreshGrant) string {
	token := randomString(alnum, 48)
	g.mu.Lock()
	g.refresh[digestOf(token)] = rg
	g.mu.Unlock()
	return token
}

// Issuer is the issuer of every lab token and the base of its discovery
// documents: URL() + "/", with the trailing slash.
func (l *Lab) Issuer() string { return l.URL() + "/" }

// ClientEnv holds the lab's two confidential clients as environment
// variables: LAB_CLIENT_ID and LAB_CLIENT_SECRET (client_secret_basic
// only; the introspection client of the scenarios), LAB_POST_CLIENT_ID
// and LAB_POST_CLIENT_SECRET (client_secret_post only).
func (l *Lab) ClientEnv() map[string]string {
	return vars(
		"LAB_CLIENT_ID", l.creds.client.id, "LAB_CLIENT_SECRET", l.creds.client.secret,
		"LAB_POST_CLIENT_ID", l.creds.postClient.id, "LAB_POST_CLIENT_SECRET", l.creds.postClient.secret)
}

// metadata serves the lab issuer's metadata, one document under both
// names: OpenID Connect Discovery 1.0 §4 and RFC 8414 §3. There is no
// authorization endpoint: the lab issues tokens to clients (client
// credentials) and refreshes them.
func (l *Lab) metadata(c *call) bool {
	base := l.URL()
	methods := []string{authBasic, authPost}
	c.w.Header().Set("Cache-Control", "public, max-age=3600")
	writeJSON(c, http.StatusOK, obj{
		{"issuer", l.Issuer()},
		{"jwks_uri", base + pathJWKS},
		{"token_endpoint", base + pathToken},
		{"introspection_endpoint", base + pathIntrospect},
		{"revocation_endpoint", base + pathRevoke},
		{"grant_types_supported", []string{grantClientCredentials, grantRefreshToken}},
		{"response_types_supported", []string{"code"}},
		{"subject_types_supported", []string{"public"}},
		{"id_token_signing_alg_values_supported", []string{"ES256"}},
		{"token_endpoint_auth_methods_supported", methods},
		{"introspection_endpoint_auth_methods_supported", methods},
		{"revocation_endpoint_auth_methods_supported", methods},
		{"scopes_supported", []string{"openid", baseScope, adminScope}},
		{"claims_supported", []string{"iss", "sub", "aud", "exp", "iat", "scope", "client_id"}},
	})
	return false
}

// otherTenantMetadata serves the metadata of the second issuer on the
// host: its own issuer name, the lab's keys.
func (l *Lab) otherTenantMetadata(c *call) bool {
	c.w.Header().Set("Cache-Control", "public, max-age=3600")
	writeJSON(c, http.StatusOK, obj{
		{"issuer", l.URL() + otherTenant},
		{"jwks_uri", l.URL() + pathJWKS},
		{"response_types_supported", []string{"code"}},
		{"subject_types_supported", []string{"public"}},
		{"id_token_signing_alg_values_supported", []string{"ES256"}},
	})
	return false
}

// jwksDocument serves the lab's published keys (RFC 7517 §5): the current
// key only.
func (l *Lab) jwksDocument(c *call) bool {
	c.w.Header().Set("Cache-Control", "public, max-age=3600")
	writeJSON(c, http.StatusOK, l.keys.jwks)
	return false
}

// oauthError answers an RFC 6749 §5.2 error. invalid_client is 401 with a
// Basic challenge, as §5.2 asks of a client that used the Authorization
// header and as Auth0 and Okta answer any failed client authentication.
func oauthError(c *call, code, desc string) {
	status := http.StatusBadRequest
	if code == "invalid_client" {
		status = http.StatusUnauthorized
		c.w.Header().Set("WWW-Authenticate", `Basic realm="lab"`)
	}
	noStore(c)
	writeJSON(c, status, obj{{"error", code}, {"error_description", desc}})
}

// noStore forbids caching a response that carries tokens or says
// something about them (RFC 6749 §5.1).
func noStore(c *call) {
	c.w.Header().Set("Cache-Control", "no-store")
	c.w.Header().Set("Pragma", "no-cache")
}

// maxForm bounds a form body.
const maxForm = 64 << 10

// readForm parses an application/x-www-form-urlencoded body (RFC 6749
// §3.2, RFC 7662 §2.1, RFC 7009 §2.1). A parameter may appear once only.
// It answers invalid_request and returns false when the body is not such a
// form.
func readForm(c *call) (url.Values, bool) {
	mt, _, err := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if err != nil || mt != "application/x-www-form-urlencoded" {
		oauthError(c, "invalid_request", "The request body must be application/x-www-form-urlencoded")
		return nil, false
	}
	c.r.Body = http.MaxBytesReader(c.w, c.r.Body, maxForm)
	if err := c.r.ParseForm(); err != nil {
		oauthError(c, "invalid_request", "The request body is not a valid form")
		return nil, false
	}
	for name, vs := range c.r.PostForm {
		if len(vs) > 1 {
			oauthError(c, "invalid_request", "Parameter "+safeParam(name)+" is repeated")
			return nil, false
		}
	}
	return c.r.PostForm, true
}

// safeParam is a parameter name fit to echo: short and plain, or not at
// all.
func safeParam(name string) string {
	if len(name) > 32 || strings.Trim(name, "abcdefghijklmnopqrstuvwxyz_") != "" {
		return "(unknown)"
	}
	return name
}

// client authenticates the client of an authorization-server request
// (RFC 6749 §2.3.1): HTTP Basic with the form-encoded id and secret, or
// client_id and client_secret in the body, never both. It answers the
// error and returns nil when authentication fails.
func (l *Lab) client(c *call, form url.Values) *oauthClient {
	var id, secret, method string
	if h := c.r.Header.Get("Authorization"); h != "" {
		user, pass, ok := parseBasic(h)
		if ok {
			// §2.3.1: the id and secret are form-encoded before Basic
			// encoding.
			u, err1 := url.QueryUnescape(user)
			p, err2 := url.QueryUnescape(pass)
			ok = err1 == nil && err2 == nil
			id, secret = u, p
		}
		if !ok {
			oauthError(c, "invalid_client", "Client authentication failed: the Authorization header is not a Basic client credential")
			return nil
		}
		method = authBasic
	}
	if form.Get("client_secret") != "" {
		if method != "" {
			oauthError(c, "invalid_request", "The client used more than one authentication method; use exactly one")
			return nil
		}
		id, secret, method = form.Get("client_id"), form.Get("client_secret"), authPost
	}
	if method == "" {
		oauthError(c, "invalid_client", "Client authentication is required")
		return nil
	}
	var cl *oauthClient
	for _, k := range []*oauthClient{&l.creds.client, &l.creds.postClient} {
		// Compare the secret in constant time; the id is not secret.
		if k.id == id && subtle.ConstantTimeCompare([]byte(k.secret), []byte(secret)) == 1 {
			cl = k
		}
	}
	switch {
	case cl == nil:
		oauthError(c, "invalid_client", "Client authentication failed: unknown client or wrong secret")
		return nil
	case cl.method != method:
		oauthError(c, "invalid_client", "Client authentication failed: this client must use "+cl.method+", not "+method)
		return nil
	}
	return cl
}

// token is the token endpoint (RFC 6749 §3.2): the client credentials
// grant (§4.4) and the refresh token grant (§6), which rotates the
// refresh token.
func (l *Lab) token(c *call) bool {
	form, ok := readForm(c)
	if !ok {
		return false
	}
	cl := l.client(c, form)
	if cl == nil {
		return false
	}
	grant := form.Get("grant_type")
	switch {
	case grant == "":
		oauthError(c, "invalid_request", "Missing required parameter: grant_type")
		return false
	case grant != grantClientCredentials && grant != grantRefreshToken:
		oauthError(c, "unsupported_grant_type", "This authorization server does not support this grant type")
		return false
	case !slices.Contains(cl.grants, grant):
		oauthError(c, "unauthorized_client", "This client may not use the "+grant+" grant")
		return false
	}
	if grant == grantClientCredentials {
		scope, ok := grantScope(c, form.Get("scope"), cl.scopes, cl.scopes[0])
		if !ok {
			return false
		}
		at := l.mint(tokenSpec{iat: c.now, exp: c.now.Add(tokenLife), scope: scope, sub: cl.id, clientID: cl.id})
		tokenResponse(c, at, "", scope)
		return false
	}

	rt := form.Get("refresh_token")
	if rt == "" {
		oauthError(c, "invalid_request", "Missing required parameter: refresh_token")
		return false
	}
	rg, known, revoked := l.grants.lookupRefresh(rt)
	switch {
	case !known:
		oauthError(c, "invalid_grant", "Unknown or invalid refresh token")
		return false
	case revoked:
		oauthError(c, "invalid_grant", "The refresh token has been revoked")
		return false
	case !c.now.Before(rg.exp):
		oauthError(c, "invalid_grant", "The refresh token expired")
		return false
	case rg.clientID != cl.id:
		// §6: the refresh token must have been issued to this client.
		oauthError(c, "invalid_grant", "The refresh token was issued to another client")
		return false
	}
	scope, ok := grantScope(c, form.Get("scope"), strings.Fields(rg.scope), rg.scope)
	if !ok {
		return false
	}
	// Rotation: the old refresh token dies, a new one carries the grant
	// on with the same absolute expiry.
	l.grants.revoke(rt)
	next := l.grants.issueRefresh(rg)
	at := l.mint(tokenSpec{iat: c.now, exp: c.now.Add(tokenLife), scope: scope, sub: rg.subject, clientID: cl.id})
	tokenResponse(c, at, next, scope)
	return false
}

// grantScope checks the requested scope against the allowed ones (RFC
// 6749 §3.3); an empty request gets def. It answers invalid_scope and
// returns false when a scope is not allowed.
func grantScope(c *call, requested string, allowed []string, def string) (string, bool) {
	if strings.TrimSpace(requested) == "" {
		return def, true
	}
	fields := strings.Fields(requested)
	for _, s := range fields {
		if !slices.Contains(allowed, s) {
			oauthError(c, "invalid_scope", "The requested scope is invalid, unknown, or exceeds the scope granted to this client")
			return "", false
		}
	}
	return strings.Join(fields, " "), true
}

// tokenResponse answers a successful token request (RFC 6749 §5.1).
func tokenResponse(c *call, access, refresh, scope string) {
	body := obj{{"access_token", access}, {"token_type", "Bearer"}, {"expires_in", int(tokenLife / time.Second)}}
	if refresh != "" {
		body = append(body, member{"refresh_token", refresh})
	}
	body = append(body, member{"scope", scope})
	noStore(c)
	writeJSON(c, http.StatusOK, body)
}

// introspect is the introspection endpoint (RFC 7662). It needs client
// authentication; a token is active when it is a lab access token signed
// by the published key, from this issuer, within its lifetime and not
// revoked, or a live refresh token. Anything else is {"active":false}
// and nothing more (§2.2).
func (l *Lab) introspect(c *call) bool {
	form, ok := readForm(c)
	if !ok || l.client(c, form) == nil {
		return false
	}
	token := form.Get("token")
	if token == "" {
		oauthError(c, "invalid_request", "Missing required parameter: token")
		return false
	}
	noStore(c)
	if body := l.describe(token, c.now); body != nil {
		writeJSON(c, http.StatusOK, body)
		return false
	}
	writeJSON(c, http.StatusOK, obj{{"active", false}})
	return false
}

// describe is the introspection answer for an active token, or nil.
func (l *Lab) describe(token string, now time.Time) obj {
	if l.grants.isRevoked(token) {
		return nil
	}
	if rg, known, _ := l.grants.lookupRefresh(token); known {
		if !now.Before(rg.exp) {
			return nil
		}
		return obj{{"active", true}, {"scope", rg.scope}, {"client_id", rg.clientID},
			{"exp", rg.exp.Unix()}, {"iat", rg.iat.Unix()}, {"iss", l.Issuer()}, {"sub", rg.subject}}
	}
	cl, typ, _ := l.checkSignature(token)
	if cl == nil || l.validate(cl, "", now) != "" {
		return nil
	}
	body := obj{{"active", true}}
	add := func(k string, v any, ok bool) {
		if ok {
			body = append(body, member{k, v})
		}
	}
	add("scope", cl.Scope, cl.Scope != "")
	add("client_id", cl.ClientID, cl.ClientID != "")
	add("exp", cl.Expiry, cl.Expiry != nil)
	add("iat", cl.IssuedAt, cl.IssuedAt != nil)
	add("aud", cl.Audience, len(cl.Audience) > 0)
	add("iss", cl.Issuer, true)
	// token_type as in RFC 6749 §5.1, for access tokens (RFC 9068 typ).
	add("token_type", "Bearer", strings.EqualFold(typ, "at+jwt"))
	add("sub", cl.Subject, cl.Subject != "")
	return body
}

// revoke is the revocation endpoint (RFC 7009). It needs client
// authentication and answers 200 whether or not it knew the token (§2.2).
// token_type_hint is only a hint; every kind is looked up.
func (l *Lab) revoke(c *call) bool {
	form, ok := readForm(c)
	if !ok || l.client(c, form) == nil {
		return false
	}
	token := form.Get("token")
	if token == "" {
		oauthError(c, "invalid_request", "Missing required parameter: token")
		return false
	}
	l.grants.revoke(token)
	noStore(c)
	c.w.Header().Set("Content-Length", "0")
	c.w.WriteHeader(http.StatusOK)
	return false
}
