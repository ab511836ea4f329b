package issuer_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/issuer"
)

// The RFC 7515 appendix A.3 example: an ES256 token and its public key.
const (
	exampleToken = "eyJhbGciOiJFUzI1NiJ9." +
		"eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ." +
		"DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"
	exampleKeys = `{"keys":[{"kty":"EC","kid":"a3","crv":"P-256",` +
		`"x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}`
)

func ExampleVerify() {
	v := issuer.Verify(exampleToken, []byte(exampleKeys))
	fmt.Println(v.Status, v.Alg)
	fmt.Println(v.Detail)
	// Output:
	// verified ES256
	// the token has no kid; the signature verifies with the published key kid "a3" (EC P-256)
}

func ExampleInspect() {
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintf(w, `{"issuer":%q,"jwks_uri":%q}`, srv.URL, srv.URL+"/keys")
	})
	mux.HandleFunc("/keys", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, exampleKeys) })

	r := issuer.Inspect(context.Background(), issuer.Config{Client: srv.Client(), Issuer: srv.URL},
		authdoctor.NewSecret(exampleToken))
	fmt.Println(r.Verification.Status, len(r.Exchanges), "requests,", len(r.Problems), "problems")
	for _, k := range r.Keys {
		fmt.Println(k.Kid, k.Kty)
	}
	// Output:
	// verified 2 requests, 0 problems
	// a3 EC
}
