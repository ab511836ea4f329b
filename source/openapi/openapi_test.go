package openapi_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/source/openapi"
)

func load(t testing.TB, name string) *openapi.Doc {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := openapi.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Requirements used below.
var (
	oauthRead  = openapi.Requirement{Scheme: "oauth", Type: "oauth2", Scopes: []string{"orders:read"}}
	oauthWrite = openapi.Requirement{Scheme: "oauth", Type: "oauth2", Scopes: []string{"orders:write"}}
	apiKey     = openapi.Requirement{Scheme: "apiKey", Type: "apiKey", In: "header", Header: "X-API-Key"}
)

func TestOperation(t *testing.T) {
	t.Parallel()
	orders := load(t, "orders.yaml")
	pets := load(t, "petstore.json")
	tests := []struct {
		name        string
		doc         *openapi.Doc
		method, url string
		id          string
		alts        [][]openapi.Requirement
		err         string
	}{
		{name: "global security applies", doc: orders, method: "GET", url: "https://api.example.com/v2/orders", id: "listOrders",
			alts: [][]openapi.Requirement{{oauthRead}}},
		{name: "operation overrides with OR", doc: orders, method: "post", url: "https://api.example.com/v2/orders?x=1", id: "createOrder",
			alts: [][]openapi.Requirement{{oauthWrite}, {apiKey}}},
		{name: "path template", doc: orders, method: "GET", url: "https://api.example.com/v2/orders/1042", id: "getOrder",
			alts: [][]openapi.Requirement{{oauthRead}}},
		{name: "AND inside one alternative, sorted by name", doc: orders, method: "DELETE", url: "https://api.example.com/v2/orders/1042", id: "deleteOrder",
			alts: [][]openapi.Requirement{{apiKey, {Scheme: "oauth", Type: "oauth2", Scopes: []string{"orders:write", "orders:admin"}}}}},
		{name: "literal wins over template", doc: orders, method: "GET", url: "https://api.example.com/v2/orders/export", id: "exportOrders",
			alts: [][]openapi.Requirement{{{Scheme: "basicAuth", Type: "http", HTTPScheme: "basic"}}}},
		{name: "partial template wins over bare one", doc: orders, method: "GET", url: "https://api.example.com/v2/files/report.json", id: "getFileJSON",
			alts: [][]openapi.Requirement{{oauthRead}}},
		{name: "bare template when the suffix differs", doc: orders, method: "GET", url: "https://api.example.com/v2/files/report.csv", id: "getFile",
			alts: [][]openapi.Requirement{{oauthRead}}},
		{name: "empty security is public", doc: orders, method: "GET", url: "https://api.example.com/v2/health", id: "health",
			alts: [][]openapi.Requirement{}},
		{name: "trailing slash, default port, upper-case host", doc: orders, method: "GET", url: "https://API.example.com:443/v2/orders/", id: "listOrders",
			alts: [][]openapi.Requirement{{oauthRead}}},
		{name: "templated server with enum", doc: orders, method: "GET", url: "https://us.api.example.com/v2/orders", id: "listOrders",
			alts: [][]openapi.Requirement{{oauthRead}}},
		{name: "templated server with explicit default port", doc: orders, method: "GET", url: "https://eu.api.example.com:443/v2/health", id: "health",
			alts: [][]openapi.Requirement{}},
		{name: "relative server on any host", doc: orders, method: "GET", url: "http://127.0.0.1:9000/internal/orders", id: "listOrders",
			alts: [][]openapi.Requirement{{oauthRead}}},
		{name: "unknown host falls back to the server path", doc: orders, method: "GET", url: "https://staging.example.net/v2/orders/7", id: "getOrder",
			alts: [][]openapi.Requirement{{oauthRead}}},
		{name: "bare path", doc: orders, method: "GET", url: "/v2/orders/export", id: "exportOrders",
			alts: [][]openapi.Requirement{{{Scheme: "basicAuth", Type: "http", HTTPScheme: "basic"}}}},
		{name: "percent-encoded segment", doc: orders, method: "GET", url: "https://api.example.com/v2/orders/a%2Fb", id: "getOrder",
			alts: [][]openapi.Requirement{{oauthRead}}},
		{name: "path-level server, optional auth", doc: orders, method: "GET", url: "https://reports.example.com/reports", id: "reports",
			alts: [][]openapi.Requirement{{}, {{Scheme: "queryKey", Type: "apiKey", In: "query", Header: "api_key"}}}},
		{name: "scheme $ref, no operationId", doc: orders, method: "GET", url: "https://api.example.com/v2/legacy", id: "GET /legacy",
			alts: [][]openapi.Requirement{{{Scheme: "legacy", Type: "apiKey", In: "header", Header: "X-API-Key"}}}},
		{name: "unknown region is not an enum value but the path still matches", doc: orders, method: "GET", url: "https://ap.api.example.com/v2/orders", id: "listOrders",
			alts: [][]openapi.Requirement{{oauthRead}}},
		{name: "no security anywhere", doc: pets, method: "GET", url: "http://localhost:8080/api/v3/pets", id: "listPets"},
		{name: "3.1 http bearer with roles", doc: pets, method: "POST", url: "http://localhost:8080/api/v3/pets", id: "addPet",
			alts: [][]openapi.Requirement{{{Scheme: "bearer", Type: "http", HTTPScheme: "bearer", Scopes: []string{"pets:write"}}}}},
		{name: "openIdConnect or mutual TLS", doc: pets, method: "GET", url: "http://localhost:8080/api/v3/pets/12", id: "getPet",
			alts: [][]openapi.Requirement{{{Scheme: "oidc", Type: "openIdConnect", Scopes: []string{"openid", "pets:read"}}}, {{Scheme: "mtls", Type: "mutualTLS"}}}},
		{name: "operation-level server", doc: pets, method: "PUT", url: "https://admin.example.com/api/v3/pets/12", id: "updatePet",
			alts: [][]openapi.Requirement{{{Scheme: "digest", Type: "http", HTTPScheme: "digest"}, {Scheme: "session", Type: "apiKey", In: "cookie", Header: "SESSIONID"}}}},
		{name: "external $ref", doc: pets, method: "GET", url: "http://localhost:8080/api/v3/pets/1/photos/2", err: `$ref "./common.yaml#/components/securitySchemes/bearer" is not supported`},
		{name: "method not there", doc: orders, method: "PATCH", url: "https://api.example.com/v2/orders/1", err: "path /orders/{id} has no PATCH operation (it has DELETE, GET)"},
		{name: "no path", doc: orders, method: "GET", url: "https://api.example.com/v2/customers?token=secret-in-query", err: "no path of the document matches GET https://api.example.com/v2/customers"},
		{name: "too many segments", doc: orders, method: "GET", url: "https://api.example.com/v2/orders/1/items", err: "no path of the document matches"},
		{name: "bad URL", doc: orders, method: "GET", url: "https://api.example.com/%zz?token=secret-in-query", err: "not a valid URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			id, alts, err := tc.doc.Operation(tc.method, tc.url)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				if strings.Contains(err.Error(), "secret-in-query") {
					t.Errorf("error quotes the query: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if id != tc.id {
				t.Errorf("id = %q, want %q", id, tc.id)
			}
			if diff := cmp.Diff(tc.alts, alts); diff != "" {
				t.Errorf("alternatives (-want +got):\n%s", diff)
			}
			if (tc.alts == nil) != (alts == nil) {
				t.Errorf("alternatives nil = %v, want %v", alts == nil, tc.alts == nil)
			}
		})
	}
}

// TestServerPrefix: with servers at / and /v2, a URL under /v2 goes to the
// server with the longer prefix when both could serve it.
func TestServerPrefix(t *testing.T) {
	t.Parallel()
	doc := `openapi: "3.0.0"
servers: [{url: "https://api.example.com"}, {url: "https://api.example.com/v2"}]
paths:
  /v2/things: {get: {operationId: rootThings}}
  /things: {get: {operationId: v2Things}}
  /{version}/other: {get: {operationId: versioned}}
  /other: {get: {operationId: v2Other}}
`
	d, err := openapi.Read(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	for url, want := range map[string]string{
		"https://api.example.com/v2/things": "v2Things",
		"https://api.example.com/things":    "v2Things",
		"https://api.example.com/v2/other":  "v2Other",
		"https://api.example.com/v3/other":  "versioned",
	} {
		if id, _, err := d.Operation("GET", url); err != nil || id != want {
			t.Errorf("Operation(%s) = %q, %v; want %q", url, id, err, want)
		}
	}
}

func TestRead(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, err, version string
	}{
		{name: "yaml 3.1 as a number", in: "openapi: 3.1\npaths: {}\n", version: "3.1"},
		{name: "json", in: `{"openapi":"3.0.1","paths":{}}`, version: "3.0.1"},
		{name: "byte order mark", in: "\xef\xbb\xbf{\"openapi\":\"3.0.1\"}", version: "3.0.1"},
		{name: "swagger 2", in: `{"swagger":"2.0","paths":{}}`, err: "swagger 2.0 is not supported: convert the document to OpenAPI 3"},
		{name: "openapi 4", in: "openapi: 4.0.0\n", err: "openapi 4.0.0 is not supported"},
		{name: "no openapi field", in: "info: {title: x}\n", err: "no openapi field"},
		{name: "a list", in: "- a\n- b\n", err: "not an object"},
		{name: "bad json", in: `{"openapi": }`, err: "invalid JSON at byte"},
		{name: "bad yaml", in: "openapi: [\n", err: "invalid YAML"},
		{name: "junk everywhere", in: "openapi: 3.0.0\nservers: 5\npaths: {/a: 1, /b: {get: 2, put: {security: 7}}}\ncomponents: {securitySchemes: []}\nsecurity: {}\n", version: "3.0.0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, err := openapi.Read(strings.NewReader(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.HasPrefix(err.Error(), "read openapi document: ") {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Version != tc.version {
				t.Errorf("Version = %q, want %q", d.Version, tc.version)
			}
		})
	}
}

func TestSchemeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, schemes, sec, err string }{
		{name: "undefined", schemes: `{}`, sec: `[{"nope": []}]`, err: `security scheme "nope" is not defined in components.securitySchemes`},
		{name: "ref to nothing", schemes: `{"a": {"$ref": "#/components/securitySchemes/b"}}`, sec: `[{"a": []}]`, err: `security scheme "a" refers to "b"`},
		{name: "ref cycle", schemes: `{"a": {"$ref": "#/components/securitySchemes/b"}, "b": {"$ref": "#/components/securitySchemes/a"}}`, sec: `[{"a": []}]`, err: "circular"},
		{name: "unknown type", schemes: `{"a": {"type": "magic"}}`, sec: `[{"a": []}]`, err: `unknown type "magic"`},
		{name: "api key without a name", schemes: `{"a": {"type": "apiKey", "in": "header"}}`, sec: `[{"a": []}]`, err: "has no name"},
		{name: "escaped ref", schemes: `{"a/b": {"type": "http", "scheme": "bearer"}, "c": {"$ref": "#/components/securitySchemes/a~1b"}}`, sec: `[{"c": []}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, err := openapi.Read(strings.NewReader(`{"openapi":"3.1.0","security":` + tc.sec + `,"components":{"securitySchemes":` + tc.schemes + `},"paths":{"/x":{"get":{}}}}`))
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = d.Operation("GET", "/x")
			if tc.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("error %v, want %q", err, tc.err)
			}
		})
	}
}

func TestExpect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		alts  [][]openapi.Requirement
		want  authdoctor.Expect
		words string
	}{
		{name: "no security", words: "no authentication (the operation is public)"},
		{name: "explicit public", alts: [][]openapi.Requirement{}, words: "no authentication (the operation is public)"},
		{name: "oauth2 scopes", alts: [][]openapi.Requirement{{oauthWrite}},
			want: authdoctor.Expect{Scopes: []string{"orders:write"}}, words: "Authorization: Bearer with scopes orders:write"},
		{name: "api key header", alts: [][]openapi.Requirement{{apiKey}}, words: "X-API-Key header"},
		{name: "first alternative only folds", alts: [][]openapi.Requirement{{oauthWrite}, {apiKey}},
			want: authdoctor.Expect{Scopes: []string{"orders:write"}}, words: "Authorization: Bearer with scopes orders:write, or X-API-Key header"},
		{name: "AND with duplicate scopes", alts: [][]openapi.Requirement{{oauthRead, {Scheme: "o2", Type: "openIdConnect", Scopes: []string{"openid", "orders:read"}}}},
			want:  authdoctor.Expect{Scopes: []string{"orders:read", "openid"}},
			words: "Authorization: Bearer with scopes orders:read and Authorization: Bearer (OpenID Connect) with scopes openid, orders:read"},
		{name: "optional auth", alts: [][]openapi.Requirement{{}, {{Scheme: "q", Type: "apiKey", In: "query", Header: "api_key"}}},
			words: "no authentication, or api_key query parameter"},
		{name: "roles are not scopes", alts: [][]openapi.Requirement{{{Scheme: "b", Type: "http", HTTPScheme: "bearer", Scopes: []string{"admin"}}}},
			words: "Authorization: Bearer with roles admin"},
		{name: "basic, digest, cookie, mtls", alts: [][]openapi.Requirement{
			{{Type: "http", HTTPScheme: "basic"}}, {{Type: "http", HTTPScheme: "digest"}}, {{Type: "apiKey", In: "cookie", Header: "sid"}}, {{Type: "mutualTLS"}}, {{Type: "http"}}},
			words: "Authorization: Basic, or Authorization: Digest, or sid cookie, or a client TLS certificate, or Authorization header"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e, words := openapi.Expect(tc.alts)
			if diff := cmp.Diff(tc.want, e); diff != "" {
				t.Errorf("Expect (-want +got):\n%s", diff)
			}
			if words != tc.words {
				t.Errorf("words = %q\nwant      %q", words, tc.words)
			}
		})
	}
}

func FuzzOperation(f *testing.F) {
	for _, name := range []string{"orders.yaml", "petstore.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		for _, u := range []string{"https://api.example.com/v2/orders/1", "/v2/orders/export", "http://localhost:8080/api/v3/pets/1", "https://us.api.example.com:443/v2/files/a.json"} {
			f.Add(data, "GET", u)
		}
	}
	f.Add([]byte("openapi: 3.0.0\nservers: [{url: '{a}{b}://{c}:{d}/{e}', variables: {a: {enum: ['(', ')']}}}]\npaths: {'/{x}{y}.{z}': {get: {}}}\n"), "get", "x://y/a.b")
	f.Add([]byte(`{"openapi":"3.1.0","security":[{"a":[]}],"components":{"securitySchemes":{"a":{"$ref":"#/components/securitySchemes/a"}}},"paths":{"/":{"get":{}}}}`), "GET", "/")
	f.Fuzz(func(t *testing.T, doc []byte, method, rawURL string) {
		d, err := openapi.Read(strings.NewReader(string(doc)))
		if err != nil {
			return
		}
		_, alts, err := d.Operation(method, rawURL)
		if err == nil {
			openapi.Expect(alts)
		}
	})
}

func TestPathTemplates(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/orders.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, err := openapi.Read(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	// Three servers (/v2 twice, /internal) for every path but /reports,
	// which has its own, at the root.
	var want []string
	for _, base := range []string{"/internal", "/v2"} {
		for _, p := range []string{"/files/{name}", "/files/{name}.json", "/health", "/legacy", "/orders", "/orders/export", "/orders/{id}"} {
			want = append(want, base+p)
		}
	}
	want = append(want, "/reports")
	sort.Strings(want)
	if d := cmp.Diff(want, d.PathTemplates()); d != "" {
		t.Errorf("PathTemplates (-want +got):\n%s", d)
	}
}
