package issuer

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/lab"
)

func TestInspect(t *testing.T) {
	t.Parallel()
	k := keysForTest(t)
	keys := string(jwksOf(t, jwk{key: &k.rsa.PublicKey, kid: "rsa-1", alg: "RS256", use: "sig"}))
	good := sign(t, k.rsa, jose.RS256, "rsa-1", testClaims)
	const oidc = "/.well-known/openid-configuration"
	const oauth = "/.well-known/oauth-authorization-server"
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "jwks.json")
	if err := os.WriteFile(keyFile, []byte(keys), 0o600); err != nil {
		t.Fatal(err)
	}
	bigFile := filepath.Join(dir, "big.json")
	if err := os.WriteFile(bigFile, []byte(`{"keys":[],"pad":"`+strings.Repeat("x", 2048)+`"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	meta := func(members map[string]any) string { return metadata("{{base}}", members) }
	withKeys := map[string]any{"jwks_uri": "{{base}}/keys"}
	rsaKeys := []authdoctor.JWK{{Kid: "rsa-1", Kty: "RSA", Alg: "RS256", Use: "sig"}}

	tests := []struct {
		name   string
		routes map[string]route
		// discover sets the issuer: the server URL followed by issuer;
		// issuer alone is used as it is. jwks is relative to the server
		// when it starts with "/" and is no file of the test.
		discover     bool
		issuer, jwks string
		maxReq       int
		maxBody      int64
		token        string

		wantPaths    []string
		wantMetaURL  string
		wantJWKSURL  string
		wantKeys     []authdoctor.JWK
		wantStatus   string // "" means no verification
		wantProblems []string
	}{
		{name: "discovery, keys, verified", discover: true, issuer: "/", routes: map[string]route{oidc: {Body: metadata("{{base}}/", withKeys)}, "/keys": {Body: keys}},
			token: good, wantPaths: []string{oidc, "/keys"}, wantMetaURL: oidc, wantJWKSURL: "/keys", wantKeys: rsaKeys, wantStatus: authdoctor.Verified},
		{name: "rfc 8414 fallback, tampered token", discover: true, routes: map[string]route{oauth: {Body: meta(withKeys)}, "/keys": {Body: keys}},
			token: tamper(good, `{"sub":"admin"}`), wantPaths: []string{oidc, oauth, "/keys"}, wantMetaURL: oauth, wantJWKSURL: "/keys",
			wantKeys: rsaKeys, wantStatus: authdoctor.Invalid},
		{name: "jwks url replaces jwks_uri", discover: true, jwks: "/other-keys",
			routes: map[string]route{oidc: {Body: meta(map[string]any{"jwks_uri": "{{base}}/keys"})}, "/other-keys": {Body: keys}},
			token:  good, wantPaths: []string{oidc, "/other-keys"}, wantMetaURL: oidc, wantJWKSURL: "/other-keys", wantKeys: rsaKeys, wantStatus: authdoctor.Verified},
		{name: "jwks url only: no discovery", jwks: "/keys", routes: map[string]route{"/keys": {Body: keys}},
			token: good, wantPaths: []string{"/keys"}, wantJWKSURL: "/keys", wantKeys: rsaKeys, wantStatus: authdoctor.Verified},
		{name: "jwks file", jwks: keyFile, token: good, wantJWKSURL: keyFile, wantKeys: rsaKeys, wantStatus: authdoctor.Verified},
		{name: "jwks file url", jwks: "file://" + keyFile, token: sign(t, k.rsa, jose.RS256, "old", testClaims),
			wantJWKSURL: keyFile, wantKeys: rsaKeys, wantStatus: authdoctor.KidUnknown},
		{name: "jwks file missing", jwks: filepath.Join(dir, "nope.json"), token: good, wantJWKSURL: filepath.Join(dir, "nope.json"),
			wantStatus: authdoctor.Unverifiable, wantProblems: []string{"could not read the keys: open key set"}},
		{name: "jwks file too large", jwks: bigFile, maxBody: 1024, token: good, wantJWKSURL: bigFile,
			wantStatus: authdoctor.Unverifiable, wantProblems: []string{"larger than 1024 bytes"}},
		{name: "issuer mismatch", discover: true, routes: map[string]route{oidc: {Body: metadata("{{base}}/", withKeys)}, "/keys": {Body: keys}},
			token: good, wantPaths: []string{oidc, "/keys"}, wantMetaURL: oidc, wantJWKSURL: "/keys", wantKeys: rsaKeys, wantStatus: authdoctor.Verified,
			wantProblems: []string{`names issuer "{{base}}/", not "{{base}}" as asked`}},
		{name: "discovery fails", discover: true, token: good, wantPaths: []string{oidc, oauth}, wantStatus: authdoctor.Unverifiable,
			wantProblems: []string{"discover issuer metadata: {{base}}" + oidc + ": answered 404 Not Found; {{base}}" + oauth + ": answered 404 Not Found"}},
		{name: "no jwks_uri", discover: true, routes: map[string]route{oidc: {Body: meta(nil)}}, token: good,
			wantPaths: []string{oidc}, wantMetaURL: oidc, wantStatus: authdoctor.Unverifiable, wantProblems: []string{"has no jwks_uri"}},
		{name: "jwks_uri naming a local file is not read", discover: true, routes: map[string]route{oidc: {Body: meta(map[string]any{"jwks_uri": keyFile})}},
			token: good, wantPaths: []string{oidc}, wantMetaURL: oidc, wantJWKSURL: keyFile, wantStatus: authdoctor.Unverifiable,
			wantProblems: []string{"not an http or https URL"}},
		{name: "keys 404", discover: true, routes: map[string]route{oidc: {Body: meta(withKeys)}}, token: good,
			wantPaths: []string{oidc, "/keys"}, wantMetaURL: oidc, wantJWKSURL: "/keys", wantStatus: authdoctor.Unverifiable,
			wantProblems: []string{"could not fetch the keys from {{base}}/keys: answered 404 Not Found"}},
		{name: "keys not a set", discover: true, routes: map[string]route{oidc: {Body: meta(withKeys)}, "/keys": {Body: `{"kty":"RSA"}`}}, token: good,
			wantPaths: []string{oidc, "/keys"}, wantMetaURL: oidc, wantJWKSURL: "/keys", wantStatus: authdoctor.Unverifiable,
			wantProblems: []string{`the key set from {{base}}/keys is unusable: read key set: no "keys" member`}},
		{name: "keys larger than MaxBody", jwks: "/keys", maxBody: 100, routes: map[string]route{"/keys": {Body: keys}}, token: good,
			wantPaths: []string{"/keys"}, wantJWKSURL: "/keys", wantStatus: authdoctor.Unverifiable, wantProblems: []string{"answer larger than 100 bytes"}},
		{name: "keys redirected", jwks: "/keys", routes: map[string]route{
			"/keys": {Status: http.StatusFound, Header: map[string]string{"Location": "{{base}}/keys/v2"}}, "/keys/v2": {Body: keys}},
			token: good, wantPaths: []string{"/keys", "/keys/v2"}, wantJWKSURL: "/keys", wantKeys: rsaKeys, wantStatus: authdoctor.Verified},
		{name: "budget of one: no fallback", discover: true, maxReq: 1, routes: map[string]route{oauth: {Body: meta(withKeys)}}, token: good,
			wantPaths: []string{oidc}, wantStatus: authdoctor.Unverifiable,
			wantProblems: []string{oidc + ": answered 404 Not Found; {{base}}" + oauth + ": request budget spent (1 requests)"}},
		{name: "budget of two: no keys", discover: true, maxReq: 2, routes: map[string]route{oauth: {Body: meta(withKeys)}, "/keys": {Body: keys}}, token: good,
			wantPaths: []string{oidc, oauth}, wantMetaURL: oauth, wantJWKSURL: "/keys", wantStatus: authdoctor.Unverifiable,
			wantProblems: []string{"could not fetch the keys from {{base}}/keys: request budget spent (2 requests)"}},
		{name: "no token: keys listed, nothing verified", jwks: "/keys", routes: map[string]route{"/keys": {Body: keys}},
			wantPaths: []string{"/keys"}, wantJWKSURL: "/keys", wantKeys: rsaKeys},
		{name: "nothing asked", token: good},
		{name: "issuer not a URL", issuer: "joe", token: good, wantStatus: authdoctor.Unverifiable,
			wantProblems: []string{"discover issuer metadata: the issuer is not an http or https URL"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newFakeIssuer(t, tc.routes)
			abs := func(s string) string {
				if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, dir) {
					return srv.URL + s
				}
				return s
			}
			issuer := tc.issuer
			if tc.discover {
				issuer = srv.URL + tc.issuer
			}
			sent := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
			r := Inspect(context.Background(), Config{
				Client: srv.Client(), Issuer: issuer, JWKS: abs(tc.jwks),
				MaxRequests: tc.maxReq, MaxBody: tc.maxBody, Now: func() time.Time { return sent },
			}, authdoctor.NewSecret(tc.token))

			if diff := cmp.Diff(tc.wantPaths, srv.paths()); diff != "" {
				t.Errorf("paths requested (-want +got):\n%s", diff)
			}
			if len(r.Exchanges) != len(tc.wantPaths) {
				t.Errorf("%d exchanges for %d requests", len(r.Exchanges), len(tc.wantPaths))
			}
			for _, ex := range r.Exchanges {
				if !ex.Sent.Equal(sent) || ex.Timing.Total != 0 || ex.Status == 0 || len(ex.Body) == 0 && ex.Status == 200 {
					t.Errorf("exchange not recorded with the injected clock: %+v", ex)
				}
			}
			if r.Issuer != issuer {
				t.Errorf("issuer = %q, want %q", r.Issuer, issuer)
			}
			if want := abs(tc.wantMetaURL); r.MetadataURL != want || (want != "") != (r.Metadata != nil) {
				t.Errorf("metadata from %q (%v), want %q", r.MetadataURL, r.Metadata != nil, want)
			}
			if want := abs(tc.wantJWKSURL); r.JWKSURL != want {
				t.Errorf("jwks url = %q, want %q", r.JWKSURL, want)
			}
			if diff := cmp.Diff(tc.wantKeys, r.Keys); diff != "" {
				t.Errorf("keys (-want +got):\n%s", diff)
			}
			switch {
			case tc.wantStatus == "" && r.Verification != nil:
				t.Errorf("verification = %+v, want none", r.Verification)
			case tc.wantStatus != "" && (r.Verification == nil || r.Verification.Status != tc.wantStatus):
				t.Errorf("verification = %+v, want %s", r.Verification, tc.wantStatus)
			}
			if len(r.Problems) != len(tc.wantProblems) {
				t.Errorf("problems = %q, want %d", r.Problems, len(tc.wantProblems))
			}
			for i, w := range tc.wantProblems {
				if w = srv.expand(w); i >= len(r.Problems) || !strings.Contains(r.Problems[i], w) {
					t.Errorf("problems = %q, want [%d] to hold %q", r.Problems, i, w)
				}
			}
			for _, p := range r.Problems {
				if strings.ContainsAny(p, "\n\r?") {
					t.Errorf("problem %q spans lines or quotes a query", p)
				}
			}
		})
	}
}

func TestInspectIntrospectionFromMetadata(t *testing.T) {
	t.Parallel()
	const oidc = "/.well-known/openid-configuration"
	active := route{Body: `{"active":true}`}
	tests := []struct {
		name      string
		issuer    string // the document's issuer; {{base}} is the server
		wantPaths []string
		want      string // a problem fragment, or "" for none
	}{
		{name: "endpoint from metadata", issuer: "{{base}}", wantPaths: []string{oidc, "/introspect"}},
		{name: "not used when the issuer differs", issuer: "https://evil.example", wantPaths: []string{oidc},
			want: "introspection skipped: the endpoint comes from metadata naming another issuer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newFakeIssuer(t, map[string]route{
				oidc:          {Body: metadata(tc.issuer, map[string]any{"introspection_endpoint": "{{base}}/introspect"})},
				"/introspect": active,
			})
			r := Inspect(context.Background(), Config{Client: srv.Client(), Issuer: srv.URL, ClientID: "c", ClientSecret: authdoctor.NewSecret("client-secret-1")},
				authdoctor.NewSecret("opaque-token-1234"))
			if diff := cmp.Diff(tc.wantPaths, srv.paths()); diff != "" {
				t.Errorf("paths (-want +got):\n%s", diff)
			}
			found := tc.want == ""
			for _, p := range r.Problems {
				found = found || strings.Contains(p, tc.want)
			}
			if !found {
				t.Errorf("problems = %q, want one holding %q", r.Problems, tc.want)
			}
			if (r.Introspection != nil) != (tc.want == "") {
				t.Errorf("introspection = %+v", r.Introspection)
			}
			if r.Verification == nil || r.Verification.Status != authdoctor.Unverifiable {
				t.Errorf("verification of an opaque token = %+v", r.Verification)
			}
		})
	}
}

func TestInspectCancelled(t *testing.T) {
	t.Parallel()
	srv := newFakeIssuer(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := Inspect(ctx, Config{Client: srv.Client(), Issuer: srv.URL}, authdoctor.NewSecret("opaque-token-1234"))
	if len(srv.paths()) != 0 || len(r.Problems) != 1 || !strings.Contains(r.Problems[0], "cancelled") {
		t.Errorf("paths %q, problems %q", srv.paths(), r.Problems)
	}
}

func TestInspectNoClient(t *testing.T) {
	t.Parallel()
	r := Inspect(context.Background(), Config{Issuer: "http://127.0.0.1:1"}, authdoctor.NewSecret("opaque-token-1234"))
	if len(r.Problems) != 1 || !strings.Contains(r.Problems[0], "no http client") {
		t.Errorf("problems %q", r.Problems)
	}
}

func TestInspectUnreachable(t *testing.T) {
	t.Parallel()
	srv := newFakeIssuer(t, nil)
	url := srv.URL
	srv.Close()
	r := Inspect(context.Background(), Config{Client: &http.Client{}, Issuer: url, MaxRequests: 1}, authdoctor.NewSecret("opaque-token-1234"))
	if len(r.Exchanges) != 1 || r.Exchanges[0].Status != 0 {
		t.Errorf("exchanges %+v", r.Exchanges)
	}
	if len(r.Problems) != 1 || !strings.Contains(r.Problems[0], "connect") {
		t.Errorf("problems %q", r.Problems)
	}
}

// TestInspectLab runs Inspect against the practice API on loopback, with
// its introspection client: each token's signature status and what its
// introspection endpoint says.
func TestInspectLab(t *testing.T) {
	t.Parallel()
	l, err := lab.Start(context.Background(), lab.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := l.Close(); err != nil {
			t.Error(err)
		}
	})
	env := l.ClientEnv()
	for _, tc := range []struct {
		scenario, want string
		active         bool
	}{
		{"ok", authdoctor.Verified, true},
		{"revoked", authdoctor.Verified, false},
		{"bad-signature", authdoctor.Invalid, false},
		{"rotated-key", authdoctor.KidUnknown, false},
		{"alg-none", authdoctor.Unverifiable, false},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			s, ok := l.Scenario(tc.scenario)
			if !ok {
				t.Fatalf("no scenario %s", tc.scenario)
			}
			r := Inspect(context.Background(), Config{
				Client: &http.Client{}, Issuer: l.Issuer(),
				ClientID: env["LAB_CLIENT_ID"], ClientSecret: authdoctor.NewSecret(env["LAB_CLIENT_SECRET"]),
			}, authdoctor.NewSecret(s.Env["LAB_TOKEN"]))
			if r.Verification == nil || r.Verification.Status != tc.want || len(r.Problems) != 0 {
				t.Errorf("verification %+v, problems %q", r.Verification, r.Problems)
			}
			if r.Introspection == nil || r.Introspection.Active == nil || *r.Introspection.Active != tc.active {
				t.Errorf("introspection %+v", r.Introspection)
			}
			if r.MetadataURL != l.Issuer()+".well-known/openid-configuration" || len(r.Keys) == 0 || len(r.Exchanges) != 3 {
				t.Errorf("metadata from %q, keys %+v, %d exchanges", r.MetadataURL, r.Keys, len(r.Exchanges))
			}
		})
	}
}
