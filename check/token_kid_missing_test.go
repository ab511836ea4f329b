package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func TestTokenKidMissing(t *testing.T) {
	t.Parallel()
	noKid := makeJWTHeader(map[string]any{"alg": "RS256", "typ": "JWT"}, claims(time.Hour))
	two := &authdoctor.IssuerReport{JWKSURL: "https://issuer.example.com/jwks", Keys: []authdoctor.JWK{{Kid: "a", Kty: "RSA"}, {Kid: "b", Kty: "RSA"}},
		Verification: &authdoctor.Verification{Status: authdoctor.Invalid}}
	one := &authdoctor.IssuerReport{Keys: []authdoctor.JWK{{Kid: "a", Kty: "RSA"}}}
	runTable(t, "token.kid-missing", []tc{
		{name: "no kid, two keys, refused", obs: withIssuer(observe(req(apiURL, bearer(noKid))).auth(rec{status: 401}).obs(), two),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Possible, summary: "publishes 2 keys"}},
		{name: "no kid, two keys, accepted", obs: withIssuer(observe(req(apiURL, bearer(noKid))).auth(rec{status: 200}).obs(), two),
			want: &want{sev: authdoctor.SeverityInfo, conf: authdoctor.Possible}},
		{name: "no kid, one key", obs: withIssuer(observe(req(apiURL, bearer(noKid))).auth(rec{status: 401}).obs(), one)},
		{name: "kid present", obs: withIssuer(observe(req(apiURL, bearer(makeJWT(claims(time.Hour))))).auth(rec{status: 401}).obs(), two)},
	})
}
