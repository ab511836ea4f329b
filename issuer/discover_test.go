package issuer

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
)

func TestWellKnown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		issuer  string
		want    []string
		wantErr string
	}{
		{issuer: "https://as.example", want: []string{
			"https://as.example/.well-known/openid-configuration",
			"https://as.example/.well-known/oauth-authorization-server"}},
		{issuer: "https://as.example/", want: []string{
			"https://as.example/.well-known/openid-configuration",
			"https://as.example/.well-known/oauth-authorization-server"}},
		{issuer: "https://as.example/tenant1", want: []string{
			"https://as.example/tenant1/.well-known/openid-configuration",
			"https://as.example/.well-known/oauth-authorization-server/tenant1"}},
		{issuer: "https://as.example/tenant1/", want: []string{
			"https://as.example/tenant1/.well-known/openid-configuration",
			"https://as.example/.well-known/oauth-authorization-server/tenant1"}},
		{issuer: "http://127.0.0.1:8080/realms/a%2Fb", want: []string{
			"http://127.0.0.1:8080/realms/a%2Fb/.well-known/openid-configuration",
			"http://127.0.0.1:8080/.well-known/oauth-authorization-server/realms/a%2Fb"}},
		{issuer: "joe", wantErr: "not an http or https URL"},
		{issuer: "ftp://as.example", wantErr: "not an http or https URL"},
		{issuer: "https://as.example/?tenant=1", wantErr: "query"},
		{issuer: "https://as.example/#x", wantErr: "fragment"},
		{issuer: "https://u:p@as.example/", wantErr: "user info"},
	}
	for _, tc := range tests {
		t.Run(tc.issuer, func(t *testing.T) {
			t.Parallel()
			got, err := wellKnown(tc.issuer)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "tenant=1") {
					t.Errorf("error quotes the query: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("wellKnown (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiscover(t *testing.T) {
	t.Parallel()
	const (
		oidcRoot  = "/.well-known/openid-configuration"
		oauthRoot = "/.well-known/oauth-authorization-server"
	)
	doc := func(issuer string) string {
		return metadata(issuer, map[string]any{
			"jwks_uri":                              "{{base}}/keys",
			"introspection_endpoint":                "{{base}}/introspect",
			"id_token_signing_alg_values_supported": []string{"RS256"},
		})
	}
	tests := []struct {
		name   string
		path   string // issuer path after the server URL
		routes map[string]route
		// wantURL and wantIssuer are paths after the server URL.
		wantURL    string
		wantIssuer string
		wantPaths  []string
		wantErr    []string
	}{
		{name: "oidc at the root", routes: map[string]route{oidcRoot: {Body: doc("{{base}}")}},
			wantURL: oidcRoot, wantIssuer: "", wantPaths: []string{oidcRoot}},
		{name: "oidc with a path", path: "/realms/shop", routes: map[string]route{"/realms/shop" + oidcRoot: {Body: doc("{{base}}/realms/shop")}},
			wantURL: "/realms/shop" + oidcRoot, wantIssuer: "/realms/shop", wantPaths: []string{"/realms/shop" + oidcRoot}},
		{name: "rfc 8414 at the root after a 404", routes: map[string]route{oauthRoot: {Body: doc("{{base}}")}},
			wantURL: oauthRoot, wantIssuer: "", wantPaths: []string{oidcRoot, oauthRoot}},
		{name: "rfc 8414 with a path", path: "/tenant1", routes: map[string]route{oauthRoot + "/tenant1": {Body: doc("{{base}}/tenant1")}},
			wantURL: oauthRoot + "/tenant1", wantIssuer: "/tenant1", wantPaths: []string{"/tenant1" + oidcRoot, oauthRoot + "/tenant1"}},
		{name: "rfc 8414 with a trailing slash", path: "/tenant1/", routes: map[string]route{oauthRoot + "/tenant1": {Body: doc("{{base}}/tenant1/")}},
			wantURL: oauthRoot + "/tenant1", wantIssuer: "/tenant1/", wantPaths: []string{"/tenant1" + oidcRoot, oauthRoot + "/tenant1"}},
		{name: "broken json then fallback", routes: map[string]route{oidcRoot: {Body: `{"issuer":`}, oauthRoot: {Body: doc("{{base}}")}},
			wantURL: oauthRoot, wantIssuer: "", wantPaths: []string{oidcRoot, oauthRoot}},
		{name: "redirect followed", routes: map[string]route{
			oidcRoot: {Status: http.StatusMovedPermanently, Header: map[string]string{"Location": "/moved"}},
			"/moved": {Body: doc("{{base}}")}},
			wantURL: oidcRoot, wantIssuer: "", wantPaths: []string{oidcRoot, "/moved"}},
		{name: "issuer mismatch is returned", routes: map[string]route{oidcRoot: {Body: doc("{{base}}/")}},
			wantURL: oidcRoot, wantIssuer: "/", wantPaths: []string{oidcRoot}},
		{name: "both missing", routes: map[string]route{},
			wantPaths: []string{oidcRoot, oauthRoot}, wantErr: []string{oidcRoot + ": answered 404 Not Found", oauthRoot + ": answered 404 Not Found"}},
		{name: "broken json, no fallback", routes: map[string]route{oidcRoot: {Body: `{"issuer": "x"`}},
			wantPaths: []string{oidcRoot, oauthRoot}, wantErr: []string{"is not a JSON object", "404"}},
		{name: "html", routes: map[string]route{oidcRoot: {Body: `<html>login</html>`}, oauthRoot: {Status: 500}},
			wantPaths: []string{oidcRoot, oauthRoot}, wantErr: []string{"syntax error", "500"}},
		{name: "no issuer member", routes: map[string]route{oidcRoot: {Body: `{"jwks_uri":"x"}`}},
			wantPaths: []string{oidcRoot, oauthRoot}, wantErr: []string{"no issuer member"}},
		{name: "issuer not a string", routes: map[string]route{oidcRoot: {Body: `{"issuer":1}`}},
			wantPaths: []string{oidcRoot, oauthRoot}, wantErr: []string{"not a non-empty string"}},
		{name: "member of the wrong type", routes: map[string]route{oidcRoot: {Body: `{"issuer":"{{base}}","jwks_uri":5}`}},
			wantPaths: []string{oidcRoot, oauthRoot}, wantErr: []string{"member jwks_uri holds a number"}},
		{name: "redirect loop", routes: map[string]route{
			oidcRoot:  {Status: http.StatusFound, Header: map[string]string{"Location": oidcRoot}},
			oauthRoot: {Status: http.StatusFound, Header: map[string]string{"Location": "file:///etc/passwd"}}},
			wantPaths: []string{oidcRoot, oidcRoot, oidcRoot, oauthRoot}, wantErr: []string{"more than 2 redirects", "unusable location"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newFakeIssuer(t, tc.routes)
			m, u, exs, err := Discover(context.Background(), srv.Client(), srv.URL+tc.path)
			if diff := cmp.Diff(tc.wantPaths, srv.paths()); diff != "" {
				t.Errorf("paths requested (-want +got):\n%s", diff)
			}
			if len(exs) != len(tc.wantPaths) {
				t.Errorf("%d exchanges for %d requests", len(exs), len(tc.wantPaths))
			}
			for _, ex := range exs {
				if ex.Method != http.MethodGet || !strings.HasPrefix(ex.URL, srv.URL) || ex.Status == 0 || ex.Sent.IsZero() {
					t.Errorf("exchange not recorded: %+v", ex)
				}
			}
			if tc.wantErr != nil {
				if err == nil {
					t.Fatalf("no error, metadata %+v", m)
				}
				for _, w := range tc.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not hold %q", err, w)
					}
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error spans lines: %q", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if u != srv.URL+tc.wantURL {
				t.Errorf("url = %q, want %q", u, srv.URL+tc.wantURL)
			}
			want := &authdoctor.IssuerMetadata{
				Issuer: srv.URL + tc.wantIssuer, JWKSURI: srv.URL + "/keys",
				IntrospectionEndpoint: srv.URL + "/introspect", SigningAlgs: []string{"RS256"},
			}
			if diff := cmp.Diff(want, m); diff != "" {
				t.Errorf("metadata (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiscoverNoClient(t *testing.T) {
	t.Parallel()
	if _, _, _, err := Discover(context.Background(), nil, "https://as.example"); err == nil {
		t.Fatal("no error without a client")
	}
}
