package issuer

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/authdoctor/authdoctor"
)

// TestCanary runs Inspect against an issuer that echoes the token and the
// client secret everywhere it can (headers, metadata, key ids,
// introspection members, error codes, redirects) and checks that neither
// appears in any form of the report: %v, %+v, %#v, JSON, Problems, and
// the stored exchanges (URLs, headers, bodies).
func TestCanary(t *testing.T) {
	t.Parallel()
	k := keysForTest(t)
	token := sign(t, k.rsa, jose.RS256, "rsa-1", `{"sub":"canary-sub-7f3a9c","iss":"x"}`)
	const secret = `canary-secret-"Zx9/%:<&>`
	const id = "client:id%1"
	basic := base64.StdEncoding.EncodeToString([]byte(basicCredential(id, secret)))
	jsonSecret, _ := json.Marshal(secret)
	echo := strings.Join([]string{token, secret, string(jsonSecret[1 : len(jsonSecret)-1]), url.QueryEscape(secret), basic}, " ")
	keys := string(jwksOf(t, jwk{key: &k.rsa.PublicKey, kid: "rsa-1"}))

	tests := []struct {
		name    string
		routes  map[string]route
		maxBody int64
		status  int // of the introspection answer
	}{
		{name: "echo everywhere", status: 200},
		{name: "echo in errors", status: 401},
		{name: "echo cut by MaxBody", maxBody: 40, status: 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var srv *fakeIssuer
			srv = newFakeIssuer(t, map[string]route{
				"/.well-known/openid-configuration": {Handle: func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("X-Echo", echo)
					doc := metadata(srv.URL, map[string]any{
						"revocation_endpoint":    srv.URL + "/" + token,
						"jwks_uri":               srv.URL + "/keys?token=" + url.QueryEscape(token),
						"introspection_endpoint": srv.URL + "/introspect",
						"scopes_supported":       []string{token, secret},
						"token_endpoint":         srv.URL + "/" + secret,
					})
					_, _ = w.Write([]byte(doc))
				}},
				"/keys": {Handle: func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Set-Cookie", "s="+url.QueryEscape(secret))
					_, _ = w.Write([]byte(strings.Replace(keys, `"kid":"rsa-1"`, `"kid":"rsa-1","x-echo":`+string(jsonSecret), 1)))
				}},
				"/introspect": {Handle: func(w http.ResponseWriter, r *http.Request) {
					_ = r.ParseForm()
					got := r.PostForm.Get("token")
					w.Header().Set("X-Echo", r.Header.Get("Authorization")+" "+got)
					w.WriteHeader(tc.status)
					body, _ := json.Marshal(map[string]any{
						"active": true, "scope": got + " " + secret, "client_id": secret, "aud": []string{got},
						"token_type": got, "username": got, "error": got + secret,
					})
					_, _ = w.Write(body)
				}},
			})
			r := Inspect(context.Background(), Config{
				Client: srv.Client(), Issuer: srv.URL, ClientID: id, ClientSecret: authdoctor.NewSecret(secret),
				MaxBody: tc.maxBody, MaxRequests: 10,
			}, authdoctor.NewSecret(token))

			outputs := map[string]string{
				"%v":  fmt.Sprintf("%v", r),
				"%+v": fmt.Sprintf("%+v", *r),
				"%#v": fmt.Sprintf("%#v", *r),
			}
			js, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			outputs["json"] = string(js)
			outputs["problems"] = strings.Join(r.Problems, "\n")
			for i, ex := range r.Exchanges {
				outputs[fmt.Sprintf("exchange %d", i)] = fmt.Sprintf("%+v %s", ex, ex.URL)
				outputs[fmt.Sprintf("exchange %d body", i)] = string(ex.Body)
				outputs[fmt.Sprintf("exchange %d header", i)] = fmt.Sprint(ex.Header)
				for _, f := range ex.RequestHeader {
					if !f.Sensitive() {
						outputs[fmt.Sprintf("exchange %d field %s", i, f.Name)] = f.Value.Reveal()
					}
				}
			}
			if tc.maxBody == 0 && len(r.Exchanges) != 3 {
				t.Errorf("only %d exchanges: the echo paths were not all taken; problems %q", len(r.Exchanges), r.Problems)
			}
			for where, out := range outputs {
				for name, v := range map[string]string{"token": token, "secret": secret, "basic": basic, "token start": token[:24], "secret start": secret[:14]} {
					if strings.Contains(out, v) {
						t.Errorf("%s leaks the %s: %s", where, name, out)
					}
				}
			}
		})
	}
}
