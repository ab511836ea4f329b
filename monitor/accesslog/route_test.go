package accesslog

import "testing"

func TestRoute(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"/":                     "/",
		"/v1/orders":            "/v1/orders",
		"/v1/orders/17":         "/v1/orders/{id}",
		"/v1/orders/17/items/3": "/v1/orders/{id}/items/{id}",
		"/v2beta/users/me":      "/v2beta/users/me",
		"/files/550e8400-e29b-41d4-a716-446655440000": "/files/{id}",
		"/files/550e8400e29b41d4a716446655440000":     "/files/{id}",
		"/objects/5f1d7a3c9b2e4d6f":                   "/objects/{id}",
		"/blobs/deadbeefcafebabe":                     "/blobs/deadbeefcafebabe", // no digit: a word to this rule
		"/t/eyJhbGciOiJIUzI1NiJ9abc":                  "/t/{id}",
		"/v1/customers/cus_Q1w2E3r4T5":                "/v1/customers/{id}",
		"/v1/customers/cus_list":                      "/v1/customers/cus_list",
		"/docs/readme.md":                             "/docs/readme.md",
		"/reports/2026-12-04":                         "/reports/2026-12-04",
		"/orders/17/":                                 "/orders/{id}/",
		"//double//17":                                "//double//{id}",
		// credentials in a path never reach a route
		"/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ/getMe":                      "/{secret}/getMe",
		"/verify/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ/done": "/verify/{secret}/done",
		"/docs/a-long-but-plain-page-name.html":                                        "/docs/a-long-but-plain-page-name.html",
	}
	r := &Router{}
	for in, want := range cases {
		if got := string(r.Route([]byte(in))); got != want {
			t.Errorf("Route(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRouteRulesAndTemplates(t *testing.T) {
	t.Parallel()
	r := &Router{}
	if err := r.AddRoute(`^/legacy/.*$=/legacy/*`); err != nil {
		t.Fatal(err)
	}
	r.AddTemplates([]string{"/v1/orders/{orderId}", "/v1/orders/export", "/v1/{resource}/{id}"})
	for in, want := range map[string]string{
		"/legacy/a/b/c":     "/legacy/*",
		"/v1/orders/abc":    "/v1/orders/{orderId}",
		"/v1/orders/export": "/v1/orders/export", // the literal template wins
		"/v1/charges/ch_1":  "/v1/{resource}/{id}",
		"/v2/orders/17":     "/v2/orders/{id}", // no template: the default rule
	} {
		if got := string(r.Route([]byte(in))); got != want {
			t.Errorf("Route(%q) = %q, want %q", in, got, want)
		}
	}
	for _, bad := range []string{"nope", "=x", "(=x", "^/a$="} {
		if err := (&Router{}).AddRoute(bad); err == nil {
			t.Errorf("AddRoute(%q): no error", bad)
		}
	}
}

func TestEnvironments(t *testing.T) {
	t.Parallel()
	var e Environments
	if err := e.AddRule("*.eu.example.com=production-eu"); err != nil {
		t.Fatal(err)
	}
	e.AddHost("127.0.0.1", "lab")
	for host, want := range map[string]string{
		"api.eu.example.com":      "production-eu",
		"127.0.0.1":               "lab",
		"api.example.com":         "production",
		"sandbox.api.example.com": "sandbox",
		"api-staging.example.com": "staging",
		"api.dev.example.com":     "development",
		"qa-api.example.com":      "test",
		"localhost":               "development",
		"devices.example.com":     "production", // a word that starts like dev
		"api.example.test":        "production", // the TLD says nothing
		"":                        NoHost,
	} {
		if got := e.Of(host); got != want {
			t.Errorf("Of(%q) = %q, want %q", host, got, want)
		}
	}
	for _, bad := range []string{"nohost", "=x", "[=x"} {
		if err := (&Environments{}).AddRule(bad); err == nil {
			t.Errorf("AddRule(%q): no error", bad)
		}
	}
}
