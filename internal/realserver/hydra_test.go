package realserver_test

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
	"github.com/authdoctor/authdoctor/doctor"
)

// apiAudience is the audience of the API behind oauth2-proxy: Hydra puts
// it into aud when the token request asks for it, and oauth2-proxy accepts
// only tokens for it (--oidc-extra-audience) or for its own client id.
const apiAudience = "orders-api"

// readScope is the scope the API requires (oauth2-proxy --allowed-group
// over the scp claim).
const readScope = "orders:read"

// hydraConf is a complete Ory Hydra configuration: SQLite in memory, the
// public and admin APIs on 127.0.0.1, JWT access tokens (the default is
// opaque). Login and consent point at an address nobody listens on: the
// tests read the challenge from the redirect and accept it through the
// admin API, never following it.
func hydraConf(ports []int, system string) string {
	return fmt.Sprintf(`dsn: memory
serve:
  public: {host: 127.0.0.1, port: %[1]d}
  admin: {host: 127.0.0.1, port: %[2]d}
urls:
  self:
    issuer: http://127.0.0.1:%[1]d/
  login: http://127.0.0.1:9/login
  consent: http://127.0.0.1:9/consent
strategies:
  access_token: jwt
ttl:
  access_token: 1h
secrets:
  system: [%[3]q]
log:
  level: warn
`, ports[0], ports[1], system)
}

// hydra is a running Hydra: its public URL (also the issuer, without the
// trailing slash) and its admin URL.
type hydra struct {
	public, admin, issuer string
}

// startHydra starts Hydra with hydraConf (--dev: plain http on loopback)
// and returns once its admin API says it is ready.
func startHydra(t *testing.T, name string) hydra {
	t.Helper()
	bin := builtBinary(t, "hydra")
	dir := serverDir(t)
	system := rand.Text() + rand.Text()
	ports := startServer(t, name, bin, 2, func(ports []int) ([]string, string) {
		conf := writeFile(t, dir, "hydra.yml", hydraConf(ports, system), 0o600)
		// Hydra logs to its terminal; the server log reads that.
		return []string{"serve", "all", "--dev", "--sqa-opt-out", "-c", conf}, ""
	})
	h := hydra{
		public: "http://127.0.0.1:" + strconv.Itoa(ports[0]),
		admin:  "http://127.0.0.1:" + strconv.Itoa(ports[1]),
	}
	h.issuer = h.public + "/"
	waitHTTP(t, h.admin+"/health/ready")
	return h
}

// waitHTTP polls u a bounded number of times until it answers 200.
func waitHTTP(t *testing.T, u string) {
	t.Helper()
	c := &http.Client{Timeout: readyBackoff * 4}
	for range readyTries {
		req, err := http.NewRequestWithContext(t.Context(), "GET", u, nil)
		if err != nil {
			t.Fatalf("build GET %s: %v", u, err)
		}
		if resp, err := c.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-t.Context().Done():
			t.Fatalf("%s: test ended before it was ready", u)
		case <-time.After(readyBackoff):
		}
	}
	t.Fatalf("%s: not ready after %d tries", u, readyTries)
}

// oauth2ProxyConf is oauth2-proxy's configuration file (its flags in
// TOML): an OIDC provider at issuer, bearer JWTs verified against its
// discovery and JWKS (skip_jwt_bearer_tokens), every path an API route (401
// instead of a login redirect), access only with the scope readScope in
// the scp claim. The secrets live here rather than on the command line.
func oauth2ProxyConf(port int, issuer, upstream, cookieSecret, clientSecret string) string {
	return fmt.Sprintf(`http_address = "127.0.0.1:%[1]d"
upstreams = [%[2]q]
provider = "oidc"
oidc_issuer_url = %[3]q
client_id = "oauth2-proxy"
client_secret = %[4]q
cookie_secret = %[5]q
cookie_secure = false
redirect_url = "http://127.0.0.1:%[1]d/oauth2/callback"
email_domains = ["*"]
skip_jwt_bearer_tokens = true
oidc_extra_audiences = [%[6]q]
api_routes = ["^/"]
oidc_groups_claim = "scp"
allowed_groups = [%[7]q]
`, port, upstream, issuer, clientSecret, cookieSecret, apiAudience, readScope)
}

// startOAuth2Proxy starts oauth2-proxy in front of upstream, trusting
// Hydra h, and returns its base URL.
func startOAuth2Proxy(t *testing.T, h hydra, upstream string) string {
	t.Helper()
	bin := builtBinary(t, "oauth2-proxy")
	dir := serverDir(t)
	cookie := make([]byte, 16)
	rand.Read(cookie)
	logFile := filepath.Join(dir, "oauth2-proxy.log")
	ports := startServer(t, "oauth2-proxy", bin, 1, func(ports []int) ([]string, string) {
		conf := writeFile(t, dir, "oauth2-proxy.cfg", oauth2ProxyConf(ports[0], h.issuer, upstream, hex.EncodeToString(cookie), rand.Text()), 0o600)
		return []string{"--config", conf, "--logging-filename", logFile, "--errors-to-info-log"}, logFile
	})
	// Its log says why it refused each token (go-oidc's error); it holds
	// claims, never a token.
	t.Cleanup(func() {
		if t.Failed() {
			b, _ := os.ReadFile(logFile)
			t.Logf("oauth2-proxy log:\n%s", b)
		}
	})
	base := "http://127.0.0.1:" + strconv.Itoa(ports[0])
	waitHTTP(t, base+"/ping")
	return base
}

// ordersAPI is the upstream behind oauth2-proxy: it trusts the proxy and
// answers every request, recording the paths that reached it.
type ordersAPI struct {
	url string

	mu   sync.Mutex
	seen map[string]bool
}

// reached reports whether a request for path got through the proxy.
func (a *ordersAPI) reached(path string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.seen[path]
}

func newOrdersAPI(t *testing.T) *ordersAPI {
	t.Helper()
	a := &ordersAPI{seen: map[string]bool{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.seen[r.URL.Path] = true
		a.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"orders":[]}` + "\n"))
	}))
	t.Cleanup(srv.Close)
	a.url = srv.URL
	return a
}

// TestHydra runs Ory Hydra (JWT access tokens) as the authorization
// server and two resource servers that check its tokens: oauth2-proxy in
// front of a backend (verifies the JWT locally with Hydra's JWKS, scope
// via the scp claim) and Hydra's own /userinfo (looks the token up in its
// store). Setup — two Hydras, oauth2-proxy, clients, tokens — happens once
// for all cases.
func TestHydra(t *testing.T) {
	t.Parallel()
	h := startHydra(t, "hydra")

	// The API's client: client_credentials, both scopes, the API audience.
	machine := registerClient(t, h.admin, map[string]any{
		"grant_types": []string{"client_credentials"}, "scope": "orders:read orders:write", "audience": []string{apiAudience},
	})
	// Its twin whose access tokens live one second (ttl per client), for the
	// expired cases; minted first so that its exp passes during the setup.
	short := registerClient(t, h.admin, map[string]any{
		"grant_types": []string{"client_credentials"}, "scope": "orders:read orders:write", "audience": []string{apiAudience},
	})
	setLifespans(t, h.admin, short.id, map[string]string{"client_credentials_grant_access_token_lifespan": "1s"})
	expired := clientCredentials(t, h.public, short, readScope, apiAudience)

	api := newOrdersAPI(t)
	proxy := startOAuth2Proxy(t, h, api.url)
	orders := proxy + "/v1/orders"
	// The revoked-token case has a path of its own, so that each accepted
	// case can tell that its own request reached the API.
	recent := proxy + "/v1/orders/recent"
	reached := func(path string) func(t *testing.T) {
		return func(t *testing.T) {
			if !api.reached(path) {
				t.Errorf("no request for %s reached the API behind oauth2-proxy", path)
			}
		}
	}
	userinfo := h.public + "/userinfo"

	valid := clientCredentials(t, h.public, machine, readScope, apiAudience)
	writeOnly := clientCredentials(t, h.public, machine, "orders:write", apiAudience)
	noAudience := clientCredentials(t, h.public, machine, readScope, "")
	revoked := clientCredentials(t, h.public, machine, readScope, apiAudience)
	revoke(t, h.public, machine, revoked)
	tampered := tamperSignature(t, valid)
	unknownKey := resignedWithUnknownKey(t, valid)

	// A web app's client: the authorization code flow gives it an ID token
	// (aud: the web app), which it then sends to the API by mistake.
	web := registerClient(t, h.admin, map[string]any{
		"grant_types": []string{"authorization_code"}, "response_types": []string{"code"},
		"scope": "openid", "redirect_uris": []string{"http://127.0.0.1:9/callback"},
	})
	idTok := idToken(t, h.public, h.admin, web, "http://127.0.0.1:9/callback")

	// Another Hydra (another deployment, its own keys and issuer) whose
	// client asks for the same audience and scope.
	other := startHydra(t, "hydra-other")
	otherApp := registerClient(t, other.admin, map[string]any{
		"grant_types": []string{"client_credentials"}, "scope": readScope, "audience": []string{apiAudience},
	})
	foreign := clientCredentials(t, other.public, otherApp, readScope, apiAudience)

	waitExpired(t, expired)

	bearer := func(u, tok string) authdoctor.Request { return get(u, field("Authorization", "Bearer "+tok)) }
	// What `check` does by default: ask the token's issuer (discovery from
	// iss, JWKS, the signature).
	asking := doctor.Config{Issuer: doctor.IssuerOptions{Ask: true}}
	// With --client-id-env/--client-secret-env and Hydra's admin
	// introspection endpoint (RFC 7662): the issuer says whether the token
	// is active.
	introspecting := doctor.Config{Issuer: doctor.IssuerOptions{
		Ask: true, Introspect: h.admin + "/admin/oauth2/introspect",
		ClientID: machine.id, ClientSecret: authdoctor.NewSecret(machine.secret),
	}}
	expecting := func(e authdoctor.Expect) doctor.Config {
		c := asking
		c.Expect = e
		return c
	}

	// Expectations first: each want is what a senior engineer names from
	// the setup above, written before the engine ran.
	runCases(t, []realCase{
		// oauth2-proxy: every refusal of a token it cannot use is the same
		// 401 "{}" as no token at all, without a challenge; the evidence is
		// in the token and at its issuer.
		{
			name:  "proxy/valid-access-token",
			req:   bearer(orders, valid),
			cfg:   asking,
			want:  want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
			after: reached("/v1/orders"),
		},
		{
			name: "proxy/no-token",
			req:  get(orders),
			cfg:  asking,
			want: want{cause: authdoctor.CauseCredentialMissing, verdictFinding: "request.no-credential"},
		},
		{
			// exp passed a moment ago by this machine's clock; go-oidc allows
			// no leeway. Nothing else is wrong with the token.
			name: "proxy/expired",
			req:  bearer(orders, expired),
			cfg:  asking,
			want: want{cause: authdoctor.CauseTokenExpired, verdictFinding: "token.expired"},
		},
		{
			// The same with the leeway the server really has, as the user
			// says it (--leeway 1ms: --leeway 0 is the 1m default).
			name: "proxy/expired-small-leeway",
			req:  bearer(orders, expired),
			cfg:  doctor.Config{Issuer: doctor.IssuerOptions{Ask: true}, Check: check.Options{Leeway: time.Millisecond}},
			want: want{cause: authdoctor.CauseTokenExpired, verdictFinding: "token.expired"},
		},
		{
			name: "proxy/tampered-signature",
			req:  bearer(orders, tampered),
			cfg:  asking,
			want: want{cause: authdoctor.CauseSignatureInvalid, confidence: authdoctor.Confirmed, verdictFinding: "token.signature"},
		},
		{
			name: "proxy/unknown-signing-key",
			req:  bearer(orders, unknownKey),
			cfg:  asking,
			want: want{cause: authdoctor.CauseSigningKeyUnknown, verdictFinding: "token.kid-unknown"},
		},
		{
			// The user says which issuer the API trusts (--issuer); the token
			// is valid at its own issuer.
			name: "proxy/other-issuer",
			req:  bearer(orders, foreign),
			cfg:  expecting(authdoctor.Expect{Issuer: h.issuer}),
			want: want{cause: authdoctor.CauseIssuerMismatch, verdictFinding: "token.issuer"},
		},
		{
			// An ID token (nonce, at_hash, aud = the web app) where the API
			// wants an access token.
			name: "proxy/id-token",
			req:  bearer(orders, idTok),
			cfg:  asking,
			want: want{cause: authdoctor.CauseWrongCredentialKind, verdictFinding: "credential.wrong-kind"},
		},
		{
			// Valid token without orders:read: oauth2-proxy answers its
			// plain 403 page; the user names the scope needed (--scope).
			name: "proxy/missing-scope",
			req:  bearer(orders, writeOnly),
			cfg:  expecting(authdoctor.Expect{Scopes: []string{readScope}}),
			want: want{cause: authdoctor.CauseInsufficientScope, verdictFinding: "scope.insufficient"},
		},
		{
			// Asked without audience: aud is empty, and the user says which
			// audience the API needs (--audience).
			name: "proxy/no-audience",
			req:  bearer(orders, noAudience),
			cfg:  expecting(authdoctor.Expect{Audience: []string{apiAudience}}),
			want: want{cause: authdoctor.CauseAudienceMismatch, verdictFinding: "token.audience"},
		},
		{
			// oauth2-proxy verifies JWTs locally and never asks Hydra, so a
			// revoked token still works there: the request is accepted.
			name:  "proxy/revoked-still-accepted",
			req:   bearer(recent, revoked),
			cfg:   introspecting,
			want:  want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed, findings: []string{"token.introspection"}},
			after: reached("/v1/orders/recent"),
		},

		// Hydra's /userinfo (RFC 6750 challenges): it looks the token up, so
		// it knows revocation; it says "request_unauthorized" alike for no
		// token, a bad signature, a revoked token and Basic.
		{
			name: "userinfo/valid-access-token",
			req:  bearer(userinfo, valid),
			cfg:  asking,
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			name: "userinfo/no-token",
			req:  get(userinfo),
			cfg:  asking,
			want: want{cause: authdoctor.CauseCredentialMissing, verdictFinding: "request.no-credential"},
		},
		{
			// Hydra says error="invalid_token", "Token expired", and exp has
			// passed by the local clock.
			name: "userinfo/expired",
			req:  bearer(userinfo, expired),
			cfg:  asking,
			want: want{cause: authdoctor.CauseTokenExpired, verdictFinding: "token.expired"},
		},
		{
			name: "userinfo/tampered-signature",
			req:  bearer(userinfo, tampered),
			cfg:  asking,
			want: want{cause: authdoctor.CauseSignatureInvalid, confidence: authdoctor.Confirmed, verdictFinding: "token.signature"},
		},
		{
			// Signature and exp fine; Hydra's introspection says active:false.
			name: "userinfo/revoked",
			req:  bearer(userinfo, revoked),
			cfg:  introspecting,
			want: want{cause: authdoctor.CauseTokenRejected, confidence: authdoctor.Confirmed, verdictFinding: "token.introspection"},
		},
		{
			// The client's id and secret in Basic, as the token endpoint
			// wants them, sent to a resource that challenges Bearer.
			name: "userinfo/basic-instead-of-bearer",
			req:  get(userinfo, field("Authorization", basic(machine.id, machine.secret))),
			cfg:  asking,
			want: want{cause: authdoctor.CauseSchemeMismatch},
		},
	})
}
