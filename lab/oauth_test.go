package lab

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// tokenAnswer is a token endpoint response, success or error.
type tokenAnswer struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
	Scope        string `json:"scope"`
	Error        string `json:"error"`
	Description  string `json:"error_description"`
}

func decodeToken(t *testing.T, resp *response) tokenAnswer {
	t.Helper()
	var a tokenAnswer
	if err := json.Unmarshal([]byte(resp.body), &a); err != nil {
		t.Fatalf("token response: %v in %q", err, resp.body)
	}
	return a
}

// basicAuth and postAuth authenticate a token request as a lab client.
func basicAuth(c oauthClient) func(request) request {
	return func(r request) request { return r.with("Authorization", clientBasic(c.id, c.secret)) }
}

func postAuth(c oauthClient) func(request) request {
	return func(r request) request {
		r.body += "&client_id=" + c.id + "&client_secret=" + c.secret
		return r
	}
}

func TestTokenEndpoint(t *testing.T) {
	t.Parallel()
	l := startLab(t)
	basicClient, postClient := l.creds.client, l.creds.postClient
	cc := []string{"grant_type", "client_credentials"}
	tests := []struct {
		name   string
		params []string
		auth   func(request) request
		status int
		// errCode is the §5.2 error; empty for a success.
		errCode string
		scope   string // granted scope on success
		// check says more about the answer.
		check func(t *testing.T, resp *response)
	}{
		{name: "basic client, client_secret_basic", params: cc, auth: basicAuth(basicClient), status: 200, scope: baseScope},
		{name: "post client, client_secret_post", params: cc, auth: postAuth(postClient), status: 200, scope: baseScope},
		{name: "scopes within the client's", params: append(cc, "scope", adminScope+" "+baseScope), auth: basicAuth(basicClient),
			status: 200, scope: adminScope + " " + baseScope},
		{name: "basic-only client posting its secret", params: cc, auth: postAuth(basicClient), status: 401, errCode: "invalid_client",
			check: func(t *testing.T, resp *response) {
				if !strings.Contains(resp.body, "must use client_secret_basic, not client_secret_post") {
					t.Errorf("description does not name the methods: %s", resp.body)
				}
			}},
		{name: "post-only client using Basic", params: cc, auth: basicAuth(postClient), status: 401, errCode: "invalid_client",
			check: func(t *testing.T, resp *response) {
				if !strings.Contains(resp.body, "must use client_secret_post, not client_secret_basic") {
					t.Errorf("description does not name the methods: %s", resp.body)
				}
			}},
		{name: "wrong secret", params: cc, auth: basicAuth(oauthClient{id: basicClient.id, secret: otherFirst(basicClient.secret)}),
			status: 401, errCode: "invalid_client"},
		{name: "unknown client", params: cc, auth: basicAuth(oauthClient{id: "lab-nobody", secret: basicClient.secret}),
			status: 401, errCode: "invalid_client"},
		{name: "no client authentication", params: append(cc, "client_id", basicClient.id), status: 401, errCode: "invalid_client"},
		{name: "Bearer instead of Basic", params: cc,
			auth:   func(r request) request { return r.with("Authorization", "Bearer "+basicClient.secret) },
			status: 401, errCode: "invalid_client"},
		{name: "two authentication methods", params: cc,
			auth:   func(r request) request { return postAuth(basicClient)(basicAuth(basicClient)(r)) },
			status: 400, errCode: "invalid_request"},
		{name: "missing grant_type", params: []string{"scope", baseScope}, auth: basicAuth(basicClient), status: 400, errCode: "invalid_request"},
		{name: "repeated parameter", params: append(cc, "scope", baseScope, "scope", adminScope), auth: basicAuth(basicClient),
			status: 400, errCode: "invalid_request"},
		{name: "unsupported grant type", params: []string{"grant_type", "password", "username", "u", "password", "p"},
			auth: basicAuth(basicClient), status: 400, errCode: "unsupported_grant_type"},
		{name: "grant the client may not use", params: []string{"grant_type", "refresh_token", "refresh_token", "x"},
			auth: postAuth(postClient), status: 400, errCode: "unauthorized_client"},
		{name: "scope beyond the client's", params: append(cc, "scope", adminScope), auth: postAuth(postClient),
			status: 400, errCode: "invalid_scope"},
		{name: "unknown scope", params: append(cc, "scope", "orders:write"), auth: basicAuth(basicClient), status: 400, errCode: "invalid_scope"},
		{name: "missing refresh_token", params: []string{"grant_type", "refresh_token"}, auth: basicAuth(basicClient),
			status: 400, errCode: "invalid_request"},
		{name: "unknown refresh token", params: []string{"grant_type", "refresh_token", "refresh_token", "not-a-refresh-token"},
			auth: basicAuth(basicClient), status: 400, errCode: "invalid_grant",
			check: func(t *testing.T, resp *response) {
				if a := decodeToken(t, resp); a.Description == "" {
					t.Error("invalid_grant without error_description")
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := form(l.URL()+pathToken, tc.params...)
			if tc.auth != nil {
				r = tc.auth(r)
			}
			resp := r.mustSend(t)
			if resp.status != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.status, tc.status, resp.body)
			}
			if got := resp.header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", got)
			}
			a := decodeToken(t, resp)
			if a.Error != tc.errCode {
				t.Errorf("error %q, want %q", a.Error, tc.errCode)
			}
			challenge := resp.header.Get("WWW-Authenticate")
			if wantChallenge := tc.errCode == "invalid_client"; wantChallenge != (challenge == `Basic realm="lab"`) {
				t.Errorf("WWW-Authenticate = %q", challenge)
			}
			for _, c := range []oauthClient{basicClient, postClient} {
				if strings.Contains(resp.body, c.secret) {
					t.Error("the answer holds a client secret")
				}
			}
			if tc.check != nil {
				tc.check(t, resp)
			}
			if tc.errCode != "" {
				return
			}
			if a.TokenType != "Bearer" || a.ExpiresIn != 3600 || a.Scope != tc.scope || a.RefreshToken != "" {
				t.Errorf("answer %+v", a)
			}
			// The access token is a lab JWT the resource server accepts,
			// with the scope granted.
			status := 403
			if strings.Contains(tc.scope, adminScope) {
				status = 200
			}
			get := request{method: http.MethodGet, url: l.URL() + "/api/admin/users"}.with("Authorization", "Bearer "+a.AccessToken)
			expect{status: status}.sent(t, "admin with the new token", get)
		})
	}
	expect{status: 405, header: map[string]string{"Allow": "POST"}}.sent(t, "GET", request{method: http.MethodGet, url: l.URL() + pathToken})
	expect{status: 400, body: []string{`"error":"invalid_request"`}}.sent(t, "JSON body",
		request{method: http.MethodPost, url: l.URL() + pathToken, body: `{"grant_type":"client_credentials"}`,
			header: [][2]string{{"Content-Type", "application/json"}}})
}

// clock is a lab clock a test moves.
type clock struct{ offset atomic.Int64 }

func (c *clock) now() time.Time          { return labClock.Add(time.Duration(c.offset.Load())) }
func (c *clock) advance(d time.Duration) { c.offset.Add(int64(d)) }

func TestRefreshRotation(t *testing.T) {
	t.Parallel()
	var clk clock
	l, err := Start(context.Background(), Config{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	client := l.creds.client
	issue := func(clientID, scope string) string {
		return l.grants.issueRefresh(refreshGrant{clientID: clientID, subject: subject, scope: scope,
			iat: clk.now(), exp: clk.now().Add(refreshLife)})
	}
	refresh := func(rt string, more ...string) (*response, tokenAnswer) {
		t.Helper()
		r := basicAuth(client)(form(l.URL()+pathToken, append([]string{"grant_type", "refresh_token", "refresh_token", rt}, more...)...))
		resp := r.mustSend(t)
		return resp, decodeToken(t, resp)
	}

	first := issue(client.id, baseScope+" "+adminScope)
	resp, a := refresh(first)
	if resp.status != 200 || a.RefreshToken == "" || a.RefreshToken == first || a.Scope != baseScope+" "+adminScope ||
		resp.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("refresh: %d %+v", resp.status, a)
	}
	expect{status: 200}.sent(t, "refreshed access token",
		request{method: http.MethodGet, url: l.URL() + "/api/admin/users"}.with("Authorization", "Bearer "+a.AccessToken))
	if !l.grants.revoked[digestOf(first)] {
		t.Error("the rotated refresh token is not revoked")
	}

	// The old refresh token is dead; the new one works once, with a
	// narrower scope if asked, never a broader one.
	second := a.RefreshToken
	tests := []struct {
		name, rt string
		more     []string
		status   int
		errCode  string
		desc     string
	}{
		{"rotated token reused", first, nil, 400, "invalid_grant", "The refresh token has been revoked"},
		{"broader scope", second, []string{"scope", "orders:write"}, 400, "invalid_scope", ""},
		{"narrower scope", second, []string{"scope", baseScope}, 200, "", ""},
		{"issued to another client", issue(l.creds.postClient.id, baseScope), nil, 400, "invalid_grant", "The refresh token was issued to another client"},
	}
	for _, tc := range tests {
		resp, a := refresh(tc.rt, tc.more...)
		if resp.status != tc.status || a.Error != tc.errCode || a.Description != tc.desc && tc.desc != "" {
			t.Errorf("%s: %d %+v", tc.name, resp.status, a)
		}
	}

	// Expiry follows the lab clock.
	late := issue(client.id, baseScope)
	clk.advance(refreshLife + time.Second)
	if resp, a := refresh(late); resp.status != 400 || a.Error != "invalid_grant" || a.Description != "The refresh token expired" {
		t.Errorf("expired refresh token: %d %+v", resp.status, a)
	}
}

func TestIntrospection(t *testing.T) {
	t.Parallel()
	l := startLab(t)
	toks := l.labTokens(labClock)
	refresh := l.grants.issueRefresh(refreshGrant{clientID: l.creds.client.id, subject: subject, scope: baseScope,
		iat: labClock, exp: labClock.Add(refreshLife)})
	exp, iat := labClock.Add(tokenLife).Unix(), labClock.Unix()
	inactive := map[string]any{"active": false}
	tests := []struct {
		name  string
		token string
		want  map[string]any
	}{
		{"live access token", toks.valid, map[string]any{"active": true, "scope": baseScope, "client_id": webClientID,
			"exp": float64(exp), "iat": float64(iat), "aud": audience, "iss": l.Issuer(), "token_type": "Bearer", "sub": subject}},
		{"token for another API is still active", toks.otherAudience, map[string]any{"active": true, "scope": baseScope,
			"client_id": webClientID, "exp": float64(exp), "iat": float64(iat), "aud": "billing-api", "iss": l.Issuer(),
			"token_type": "Bearer", "sub": subject}},
		{"refresh token", refresh, map[string]any{"active": true, "scope": baseScope, "client_id": l.creds.client.id,
			"exp": float64(labClock.Add(refreshLife).Unix()), "iat": float64(iat), "iss": l.Issuer(), "sub": subject}},
		{"revoked", toks.revoked, inactive},
		{"expired", toks.expired, inactive},
		{"not yet valid", toks.notYet, inactive},
		{"unknown", "opaque-token-nobody-issued", inactive},
		{"foreign issuer", toks.otherIssuer, inactive},
		{"forged signature", toks.forged, inactive},
		{"retired key", toks.retired, inactive},
		{"alg none", toks.unsigned, inactive},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := basicAuth(l.creds.client)(form(l.URL()+pathIntrospect, "token", tc.token, "token_type_hint", "access_token"))
			resp := r.mustSend(t)
			if resp.status != 200 || resp.header.Get("Cache-Control") != "no-store" {
				t.Fatalf("status %d, Cache-Control %q: %s", resp.status, resp.header.Get("Cache-Control"), resp.body)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(resp.body), &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("introspection (-want +got):\n%s", diff)
			}
		})
	}

	// Client authentication is required; each client uses its method.
	auth := []struct {
		name   string
		r      request
		status int
		body   string
	}{
		{"no client", form(l.URL()+pathIntrospect, "token", toks.valid), 401, `"error":"invalid_client"`},
		{"wrong secret", basicAuth(oauthClient{id: l.creds.client.id, secret: "nope"})(form(l.URL()+pathIntrospect, "token", toks.valid)),
			401, `"error":"invalid_client"`},
		{"post client posting", postAuth(l.creds.postClient)(form(l.URL()+pathIntrospect, "token", toks.valid)), 200, `"active":true`},
		{"no token", basicAuth(l.creds.client)(form(l.URL() + pathIntrospect)), 400, `"error":"invalid_request"`},
	}
	for _, tc := range auth {
		expect{status: tc.status, body: []string{tc.body}}.sent(t, tc.name, tc.r)
	}
}

func TestRevocation(t *testing.T) {
	t.Parallel()
	l := startLab(t)
	tok := l.mint(tokenSpec{iat: labClock, exp: labClock.Add(tokenLife), scope: baseScope})
	bearer := "Bearer " + tok
	orders := request{method: http.MethodGet, url: l.URL() + "/api/orders"}.with("Authorization", bearer)
	express := request{method: http.MethodGet, url: l.URL() + "/express/orders"}.with("Authorization", bearer)
	expect{status: 200}.sent(t, "before", orders)

	expect{status: 401, body: []string{`"error":"invalid_client"`}}.sent(t, "revocation without a client", form(l.URL()+pathRevoke, "token", tok))
	expect{status: 400, body: []string{`"error":"invalid_request"`}}.sent(t, "revocation without a token", basicAuth(l.creds.client)(form(l.URL()+pathRevoke)))
	expect{status: 200}.sent(t, "still live", orders)

	expect{status: 200, header: map[string]string{"Cache-Control": "no-store"}}.sent(t, "revoke",
		basicAuth(l.creds.client)(form(l.URL()+pathRevoke, "token", tok, "token_type_hint", "access_token")))
	// RFC 7009 §2.2: an unknown token is answered 200 too.
	expect{status: 200}.sent(t, "revoke unknown", postAuth(l.creds.postClient)(form(l.URL()+pathRevoke, "token", "never-issued")))

	expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descRevoked)}}.sent(t, "after", orders)
	expect{status: 401, body: []string{`{"message":"Invalid token"}`}}.sent(t, "express after", express)
	expect{status: 200, body: []string{`{"active":false}`}}.sent(t, "introspection after",
		basicAuth(l.creds.client)(form(l.URL()+pathIntrospect, "token", tok)))
	if !l.grants.isRevoked(tok) {
		t.Error("store does not know the token is revoked")
	}

	// A revoked refresh token no longer refreshes.
	rt := l.grants.issueRefresh(refreshGrant{clientID: l.creds.client.id, subject: subject, scope: baseScope,
		iat: labClock, exp: labClock.Add(refreshLife)})
	expect{status: 200}.sent(t, "revoke refresh token",
		basicAuth(l.creds.client)(form(l.URL()+pathRevoke, "token", rt, "token_type_hint", "refresh_token")))
	expect{status: 400, body: []string{`"error":"invalid_grant"`, "The refresh token has been revoked"}}.sent(t, "refresh after",
		basicAuth(l.creds.client)(form(l.URL()+pathToken, "grant_type", "refresh_token", "refresh_token", rt)))
}

func TestMetadata(t *testing.T) {
	t.Parallel()
	l := startLab(t)
	base := l.URL()
	lab := map[string]any{
		"issuer":                                l.Issuer(),
		"jwks_uri":                              base + "/.well-known/jwks.json",
		"token_endpoint":                        base + "/oauth/token",
		"introspection_endpoint":                base + "/oauth/introspect",
		"revocation_endpoint":                   base + "/oauth/revoke",
		"id_token_signing_alg_values_supported": []any{"ES256"},
		"token_endpoint_auth_methods_supported": []any{"client_secret_basic", "client_secret_post"},
		"scopes_supported":                      []any{"openid", baseScope, adminScope},
	}
	other := map[string]any{"issuer": base + "/other-tenant/", "jwks_uri": base + "/.well-known/jwks.json"}
	tests := []struct {
		path string
		want map[string]any
	}{
		{"/.well-known/openid-configuration", lab},
		{"/.well-known/oauth-authorization-server", lab},
		{"/other-tenant/.well-known/openid-configuration", other},
		{"/.well-known/oauth-authorization-server/other-tenant", other},
		{"/.well-known/oauth-authorization-server/other-tenant/", other},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			t.Parallel()
			resp := request{method: http.MethodGet, url: base + tc.path}.mustSend(t)
			var got map[string]any
			if err := json.Unmarshal([]byte(resp.body), &got); resp.status != 200 || err != nil {
				t.Fatalf("%d %v: %s", resp.status, err, resp.body)
			}
			for k, v := range tc.want {
				if diff := cmp.Diff(v, got[k]); diff != "" {
					t.Errorf("%s (-want +got):\n%s", k, diff)
				}
			}
			if tc.want["token_endpoint"] == nil && got["token_endpoint"] != nil {
				t.Errorf("other tenant has endpoints: %v", got)
			}
		})
	}
}

func TestClientEnv(t *testing.T) {
	t.Parallel()
	l := startLab(t)
	env := l.ClientEnv()
	names := make([]string, 0, len(env))
	for k, v := range env {
		names = append(names, k)
		if v == "" {
			t.Errorf("%s is empty", k)
		}
	}
	slices.Sort(names)
	if diff := cmp.Diff([]string{"LAB_CLIENT_ID", "LAB_CLIENT_SECRET", "LAB_POST_CLIENT_ID", "LAB_POST_CLIENT_SECRET"}, names); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(env["LAB_CLIENT_ID"], "lab-client-") || !strings.HasPrefix(env["LAB_POST_CLIENT_ID"], "lab-post-client-") {
		t.Errorf("client ids %q, %q", env["LAB_CLIENT_ID"], env["LAB_POST_CLIENT_ID"])
	}
	// Generated at start: another lab has other clients.
	if other := startLab(t).ClientEnv(); other["LAB_CLIENT_SECRET"] == env["LAB_CLIENT_SECRET"] || other["LAB_CLIENT_ID"] == env["LAB_CLIENT_ID"] {
		t.Error("two labs share a client")
	}
	s, _ := l.Scenario("revoked")
	if s.Env["LAB_CLIENT_ID"] != env["LAB_CLIENT_ID"] || s.Env["LAB_CLIENT_SECRET"] != env["LAB_CLIENT_SECRET"] {
		t.Error("the revoked scenario does not carry the lab client")
	}
}

func TestDescNoKey(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, kid, want string }{
		{"plain", "lab-1", "Unable to find a signing key that matches 'lab-1'"},
		{"empty", "", descKid},
		{"quote", `a"b`, descKid},
		{"newline", "a\nb", descKid},
		{"long", strings.Repeat("k", 65), descKid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := descNoKey(tc.kid); got != tc.want {
				t.Errorf("descNoKey(%q) = %q, want %q", tc.kid, got, tc.want)
			}
		})
	}
}

// FuzzOAuthForms posts arbitrary forms and Authorization values to the
// token, introspection and revocation endpoints. The oracle: no panic, a
// status RFC 6749/7662/7009 allow, and no client secret in the answer.
func FuzzOAuthForms(f *testing.F) {
	l := startLab(f)
	cl, pc := l.creds.client, l.creds.postClient
	f.Add(uint8(0), "grant_type=client_credentials", clientBasic(cl.id, cl.secret))
	f.Add(uint8(0), "grant_type=client_credentials&client_id="+pc.id+"&client_secret="+pc.secret, "")
	f.Add(uint8(0), "grant_type=refresh_token&refresh_token=x", clientBasic(cl.id, cl.secret))
	f.Add(uint8(0), "grant_type=client_credentials&scope=admin%3Aread+orders%3Aread", clientBasic(pc.id, pc.secret))
	f.Add(uint8(1), "token="+l.mint(tokenSpec{iat: labClock, exp: labClock.Add(time.Hour), scope: baseScope}), clientBasic(cl.id, cl.secret))
	f.Add(uint8(1), "token=a&token=b", clientBasic(cl.id, cl.secret))
	f.Add(uint8(2), "token=x&token_type_hint=refresh_token", clientBasic(cl.id, cl.secret))
	f.Add(uint8(2), "%zz", "Basic %%%")
	paths := []string{pathToken, pathIntrospect, pathRevoke}
	h := l.listener(l.mainSite)
	f.Fuzz(func(t *testing.T, which uint8, body, auth string) {
		req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1"+paths[int(which)%len(paths)], strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if auth != "" {
			req.Header["Authorization"] = []string{auth}
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if !slices.Contains([]int{200, 400, 401}, rec.Code) {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		for _, s := range []string{cl.secret, pc.secret} {
			if strings.Contains(rec.Body.String(), s) || strings.Contains(rec.Header().Get("WWW-Authenticate"), s) {
				t.Fatal("the answer holds a client secret")
			}
		}
	})
}

// otherFirst returns s with its first character changed, always: a wrong
// value built from a random one ("x"+s[1:]) equals it whenever s starts
// with x.
func otherFirst(s string) string {
	c := byte('x')
	if s != "" && s[0] == c {
		c = 'y'
	}
	if s == "" {
		return string(c)
	}
	return string(c) + s[1:]
}
