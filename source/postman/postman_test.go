package postman_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/source"
	"github.com/authdoctor/authdoctor/source/postman"
)

// Canary values from testdata/staging.postman_environment.json.
var canaries = []string{"env-token-CANARY-7f3a9c", "pass-CANARY-41d2", "partner-CANARY-99e1", "oauth-CANARY-d00d", "disabled-CANARY-0000"}

func open(t testing.TB, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func orders(t testing.TB) *postman.Collection {
	t.Helper()
	c, err := postman.ReadCollection(open(t, "orders.postman_collection.json"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func env(t testing.TB, name string) *postman.Environment {
	t.Helper()
	e, err := postman.ReadEnvironment(open(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestReadCollection(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     string // collection name
		err      string
		is       error
	}{
		{name: "minimal v2.1", in: `{"info":{"name":"A","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[]}`, want: "A"},
		{name: "v2.0 schema", in: `{"info":{"name":"B","schema":"https://schema.getpostman.com/json/collection/v2.0.0/collection.json"},"item":[]}`, want: "B"},
		{name: "byte order mark", in: "\xef\xbb\xbf" + `{"info":{"name":"C"},"item":[]}`, want: "C"},
		{name: "wrapped by the Postman API", in: `{"collection":{"info":{"name":"D"},"item":[]}}`, want: "D"},
		{name: "v1 export", in: `{"name":"Old","requests":[{"url":"x"}],"folders":[]}`, is: postman.ErrV1},
		{name: "v1 schema url", in: `{"info":{"name":"E","schema":"https://schema.getpostman.com/json/collection/v1.0.0/collection.json"}}`, is: postman.ErrV1},
		{name: "an environment", in: `{"name":"Staging","values":[]}`, err: "Postman environment"},
		{name: "an array", in: `[{"key":"a","value":"b"}]`, err: "JSON array"},
		{name: "not json", in: `info: {name: A}`, err: "invalid JSON at byte"},
		{name: "json string", in: `"hello"`, err: "not a JSON object"},
		{name: "no info", in: `{"item":[]}`, err: "no info object"},
		{name: "info not an object", in: `{"info":"x","item":[]}`, err: "no info object"},
		{name: "wrong types everywhere", in: `{"info":{"name":7},"item":{"name":1,"request":5},"variable":"x","auth":[]}`, want: "7"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := postman.ReadCollection(strings.NewReader(tc.in))
			switch {
			case tc.is != nil || tc.err != "":
				if err == nil {
					t.Fatalf("ReadCollection: no error, want %q", tc.err)
				}
				if tc.is != nil && !errors.Is(err, tc.is) {
					t.Errorf("error %v, want %v", err, tc.is)
				}
				if !strings.Contains(err.Error(), tc.err) || !strings.HasPrefix(err.Error(), "read postman collection: ") {
					t.Errorf("error %q, want it to contain %q", err, tc.err)
				}
			case err != nil:
				t.Fatalf("ReadCollection: %v", err)
			case c.Name != tc.want:
				t.Errorf("Name = %q, want %q", c.Name, tc.want)
			}
		})
	}
}

func TestReadCollectionV1File(t *testing.T) {
	t.Parallel()
	_, err := postman.ReadCollection(open(t, "legacy.postman_collection_v1.json"))
	if !errors.Is(err, postman.ErrV1) {
		t.Fatalf("error %v, want ErrV1", err)
	}
}

func TestReadEnvironment(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     string // String()
		n        int
		err      string
	}{
		{name: "environment", in: `{"name":"Staging","values":[{"key":"a","value":"1","enabled":true}],"_postman_variable_scope":"environment"}`, want: "Postman environment Staging", n: 1},
		{name: "globals", in: `{"name":"My Workspace Globals","values":[],"_postman_variable_scope":"globals"}`, want: "Postman globals My Workspace Globals"},
		{name: "old globals array", in: `[{"key":"a","value":"1","enabled":true},{"key":"b","value":2}]`, want: "Postman globals", n: 2},
		{name: "wrapped by the Postman API", in: `{"environment":{"name":"Prod","values":[{"key":"a","value":"1"}]}}`, want: "Postman environment Prod", n: 1},
		{name: "values of any type", in: `{"name":"X","values":[{"key":"n","value":12},{"key":"b","value":true},{"key":"z","value":null},7]}`, want: "Postman environment X", n: 3},
		{name: "a collection", in: `{"info":{"name":"A"},"item":[]}`, err: "Postman collection"},
		{name: "no values", in: `{"name":"A"}`, err: "no values array"},
		{name: "broken", in: `{"name":`, err: "invalid JSON"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e, err := postman.ReadEnvironment(strings.NewReader(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if e.String() != tc.want || e.Len() != tc.n {
				t.Errorf("got %q with %d values, want %q with %d", e, e.Len(), tc.want, tc.n)
			}
		})
	}
}

func TestNames(t *testing.T) {
	t.Parallel()
	want := []string{
		"Orders/List orders", "Orders/Get order", "Orders/Export orders", "Orders/Create order",
		"Admin/Reports/Daily report", "Admin/Get order",
		"Partners/Partner list", "Partners/Partner feed",
		"Auth oddities/Legacy bearer", "Auth oddities/OAuth stored token", "Auth oddities/OAuth no token",
		"Auth oddities/OAuth in query", "Auth oddities/Digest", "Auth oddities/Unresolved token",
		"Auth oddities/Double scheme", "Auth oddities/Empty token", "Auth oddities/GET /health", "Auth oddities/Login form",
	}
	if diff := cmp.Diff(want, orders(t).Names()); diff != "" {
		t.Errorf("Names (-want +got):\n%s", diff)
	}
}

func TestFind(t *testing.T) {
	t.Parallel()
	c := orders(t)
	tests := []struct {
		name, q   string
		want      []string
		method    string
		ambiguous bool
		close     []string // candidates, when an error is expected
		err       bool
	}{
		{name: "full path", q: "Orders/List orders", want: []string{"Orders", "List orders"}, method: "GET"},
		{name: "case and spaces", q: " orders / LIST ORDERS ", want: []string{"Orders", "List orders"}, method: "GET"},
		{name: "bare name", q: "daily report", want: []string{"Admin", "Reports", "Daily report"}, method: "GET"},
		{name: "trailing part of a path", q: "Reports/Daily report", want: []string{"Admin", "Reports", "Daily report"}, method: "GET"},
		{name: "lower-case method in the file", q: "Orders/Get order", want: []string{"Orders", "Get order"}, method: "GET"},
		{name: "name with a slash", q: "GET /health", want: []string{"Auth oddities", "GET /health"}, method: "GET"},
		{name: "ambiguous name", q: "get order", err: true, ambiguous: true, close: []string{"Orders/Get order", "Admin/Get order"}},
		{name: "typo", q: "Lst orders", err: true, close: []string{"Orders/List orders"}},
		{name: "substring", q: "oauth", err: true, close: []string{"Auth oddities/OAuth stored token", "Auth oddities/OAuth no token", "Auth oddities/OAuth in query"}},
		{name: "nothing close", q: "zzzzzzzzzzzz", err: true},
		{name: "empty", q: "", err: true},
		{name: "a folder lists its requests", q: "Orders", err: true, close: []string{"Orders/List orders", "Orders/Get order", "Orders/Export orders", "Orders/Create order"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			it, path, err := c.Find(tc.q)
			if tc.err {
				var fe *postman.FindError
				if !errors.As(err, &fe) {
					t.Fatalf("error %v, want a *FindError", err)
				}
				if fe.Ambiguous != tc.ambiguous {
					t.Errorf("Ambiguous = %v", fe.Ambiguous)
				}
				if diff := cmp.Diff(tc.close, fe.Candidates); diff != "" {
					t.Errorf("Candidates (-want +got):\n%s", diff)
				}
				for _, c := range tc.close {
					if !strings.Contains(err.Error(), c) {
						t.Errorf("error %q does not list %q", err, c)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, path); diff != "" {
				t.Errorf("path (-want +got):\n%s", diff)
			}
			if it.Method() != tc.method || it.IsFolder() || it.Name != path[len(path)-1] {
				t.Errorf("item %v: method %q folder %v", it, it.Method(), it.IsFolder())
			}
		})
	}
}

// hdr is a header as a test compares it.
type hdr struct {
	Name, Value, Source, Template string
}

type view struct {
	Method, URL, Body string
	Header            []hdr
}

func viewOf(s source.Spec) view {
	v := view{Method: s.Request.Method, URL: s.Request.URL, Body: s.Request.Body.Reveal()}
	for _, f := range s.Request.Header {
		if f.Origin != authdoctor.OriginFile {
			panic("origin " + string(f.Origin))
		}
		v.Header = append(v.Header, hdr{f.Name, f.Value.Reveal(), f.Source, f.Template})
	}
	return v
}

const (
	envToken = "Postman environment Staging: {{token}}"
	base     = "https://api.example.com/v2"
)

func TestSpec(t *testing.T) {
	t.Parallel()
	c := orders(t)
	staging := env(t, "staging.postman_environment.json")
	globals := env(t, "workspace.postman_globals.json")
	bearerEnv := hdr{"Authorization", "Bearer env-token-CANARY-7f3a9c", envToken + " (bearer auth of the collection)", "Bearer {{token}}"}
	tests := []struct {
		name  string
		path  []string
		envs  []*postman.Environment
		want  view
		notes []string // each must be among the notes
		none  []string // no note may contain these
	}{
		{
			name: "collection bearer, disabled header and query dropped, dynamic variable kept",
			path: p("Orders", "List orders"), envs: []*postman.Environment{staging, globals},
			want: view{Method: "GET", URL: base + "/orders?limit=10&status=open%20%26%20paid", Header: []hdr{
				{"Accept", "application/json", "", ""},
				{"X-Request-Id", "{{$guid}}", "", ""},
				bearerEnv,
			}},
			notes: []string{
				"the Authorization header is disabled in the request, so it is not sent",
				"{{$guid}} is a Postman dynamic variable, generated when Postman sends the request; it is left as written",
				"auth: bearer, inherited from the collection",
			},
		},
		{
			name: "path variable from a numeric collection variable",
			path: p("Orders", "Get order"), envs: []*postman.Environment{staging},
			want: view{Method: "GET", URL: base + "/orders/1042", Header: []hdr{bearerEnv}},
		},
		{
			name: "no auth on the request overrides the collection",
			path: p("Orders", "Export orders"), envs: []*postman.Environment{staging},
			want:  view{Method: "GET", URL: base + "/orders/export"},
			notes: []string{"auth: No Auth on the request, overriding the bearer auth of the collection"},
		},
		{
			name: "inherit, manual Authorization replaced, raw JSON body from globals",
			path: p("Orders", "Create order"), envs: []*postman.Environment{staging, globals},
			want: view{Method: "POST", URL: base + "/orders", Body: `{"sku": "SKU-1"}`, Header: []hdr{
				bearerEnv,
				{"Content-Type", "application/json", "", ""},
			}},
			notes: []string{"the request's own Authorization header is replaced by the one the bearer auth of the collection generates, as Postman does"},
		},
		{
			name: "basic from a folder two levels up, through an inherit folder",
			path: p("Admin", "Reports", "Daily report"), envs: []*postman.Environment{staging},
			want: view{Method: "GET", URL: base + "/admin/reports/daily", Header: []hdr{
				{"Authorization", "Basic b3BzOnBhc3MtQ0FOQVJZLTQxZDI=", `Postman environment Staging: {{adminUser}}, Postman environment Staging: {{adminPass}} (basic auth of the folder "Admin")`, "Basic base64({{adminUser}}:{{adminPass}})"},
			}},
			notes: []string{`auth: basic, inherited from the folder "Admin"`},
		},
		{
			name: "api key header replaces a manual one of another case",
			path: p("Partners", "Partner list"), envs: []*postman.Environment{staging},
			want: view{Method: "GET", URL: base + "/partners", Header: []hdr{
				{"X-API-Key", "partner-CANARY-99e1", `Postman environment Staging: {{partnerKey}} (apikey auth of the folder "Partners")`, "{{partnerKey}}"},
			}},
			notes: []string{`the request's own X-API-Key header is replaced by the one the apikey auth of the folder "Partners" generates, as Postman does`},
		},
		{
			name: "api key in the query replaces the typed parameter",
			path: p("Partners", "Partner feed"), envs: []*postman.Environment{staging},
			want: view{Method: "GET", URL: base + "/partners/feed?page=2&api_key=partner-CANARY-99e1"},
			notes: []string{
				"the request's own api_key query parameter is replaced by the one the apikey auth of the request generates, as Postman does",
				"the apikey auth of the request sends the credential in the query parameter api_key",
			},
		},
		{
			name: "v2.0 auth object and a header string with a commented line",
			path: p("Auth oddities", "Legacy bearer"), envs: []*postman.Environment{staging},
			want: view{Method: "GET", URL: base + "/legacy", Header: []hdr{
				{"Accept", "application/json", "", ""},
				{"Authorization", "Bearer env-token-CANARY-7f3a9c", envToken + " (bearer auth of the request)", "Bearer {{token}}"},
			}},
		},
		{
			name: "oauth2 stored token, custom prefix, nested variable",
			path: p("Auth oddities", "OAuth stored token"), envs: []*postman.Environment{staging},
			want: view{Method: "GET", URL: base + "/me", Header: []hdr{
				{"Authorization", "Token oauth-CANARY-d00d", "Postman environment Staging: {{oauthToken}}, Postman environment Staging: {{oauthInner}} (oauth2 auth of the request)", "Token {{oauthToken}}"},
			}},
		},
		{
			name: "oauth2 without a stored token",
			path: p("Auth oddities", "OAuth no token"), envs: []*postman.Environment{staging},
			want:  view{Method: "GET", URL: base + "/me"},
			notes: []string{"the oauth2 auth of the request holds no access token (Postman fetches one with Get New Access Token and does not always export it); pass the token another way"},
		},
		{
			name: "oauth2 token in the query",
			path: p("Auth oddities", "OAuth in query"), envs: []*postman.Environment{staging},
			want: view{Method: "GET", URL: base + "/me?access_token=oauth-CANARY-d00d"},
		},
		{
			name: "digest is not supported",
			path: p("Auth oddities", "Digest"), envs: []*postman.Environment{staging},
			want:  view{Method: "GET", URL: base + "/digest"},
			notes: []string{"auth type digest (set on the request) not supported: the request is checked without it"},
		},
		{
			name: "a variable only defined disabled stays a placeholder",
			path: p("Auth oddities", "Unresolved token"), envs: []*postman.Environment{staging},
			want: view{Method: "GET", URL: base + "/orders", Header: []hdr{
				{"Authorization", "Bearer {{accessToken}}", "undefined Postman variable: {{accessToken}} (bearer auth of the request)", "Bearer {{accessToken}}"},
			}},
			notes: []string{"{{accessToken}} is disabled in Postman environment Staging and defined nowhere else; it is left as written"},
		},
		{
			name: "unresolved without any environment",
			path: p("Auth oddities", "Unresolved token"),
			want: view{Method: "GET", URL: base + "/orders", Header: []hdr{
				{"Authorization", "Bearer {{accessToken}}", "undefined Postman variable: {{accessToken}} (bearer auth of the request)", "Bearer {{accessToken}}"},
			}},
			notes: []string{"{{accessToken}} is not defined in Postman collection variable; it is left as written"},
		},
		{
			name: "scheme written twice is passed on for the checks",
			path: p("Auth oddities", "Double scheme"), envs: []*postman.Environment{staging},
			want: view{Method: "GET", URL: base + "/orders", Header: []hdr{
				{"Authorization", "Bearer Bearer env-token-CANARY-7f3a9c", envToken + " (bearer auth of the request)", ""},
			}},
		},
		{
			name: "empty token sends no header",
			path: p("Auth oddities", "Empty token"), envs: []*postman.Environment{staging},
			want: view{Method: "GET", URL: base + "/orders"},
			notes: []string{
				"{{emptyToken}} is empty in Postman environment Staging",
				"the bearer auth of the request has an empty value, so Postman sends no Authorization header",
			},
		},
		{
			name:  "a bare URL string without a scheme",
			path:  p("Auth oddities", "GET /health"),
			want:  view{Method: "GET", URL: "http://api.example.com/health", Header: []hdr{{"Authorization", "Bearer collection-token-value", "Postman collection variable: {{token}} (bearer auth of the collection)", "Bearer {{token}}"}}},
			notes: []string{"the URL has no scheme; Postman sends it over http://"},
		},
		{
			name: "urlencoded body without the disabled field",
			path: p("Auth oddities", "Login form"), envs: []*postman.Environment{staging},
			want: view{Method: "POST", URL: base + "/login", Body: "username=ops&password=pass-CANARY-41d2", Header: []hdr{
				{"Content-Type", "application/x-www-form-urlencoded", "", ""},
			}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			spec, err := c.Spec(tc.path, tc.envs...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, viewOf(spec)); diff != "" {
				t.Errorf("request (-want +got):\n%s", diff)
			}
			for _, n := range tc.notes {
				if !contains(spec.Notes, n) {
					t.Errorf("missing note %q in\n%s", n, strings.Join(spec.Notes, "\n"))
				}
			}
			if spec.Name != tc.path[len(tc.path)-1] || spec.From != "Postman collection Orders API: "+strings.Join(tc.path, " / ") {
				t.Errorf("Name = %q, From = %q", spec.Name, spec.From)
			}
		})
	}
}

// p is a request path.
func p(names ...string) []string { return names }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestSpecErrors(t *testing.T) {
	t.Parallel()
	c := orders(t)
	for _, path := range [][]string{nil, {"Orders"}, {"Nope"}, {"Orders", "List orders", "deeper"}, {"orders", "list orders"}} {
		if _, err := c.Spec(path); err == nil {
			t.Errorf("Spec(%q): no error", path)
		}
	}
}
