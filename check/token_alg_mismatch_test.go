package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func TestTokenAlgMismatch(t *testing.T) {
	t.Parallel()
	hs := makeJWTHeader(map[string]any{"alg": "HS256", "typ": "JWT"}, claims(time.Hour))
	rs := makeJWT(claims(time.Hour))
	es := makeJWTHeader(map[string]any{"alg": "ES256", "kid": "k"}, claims(time.Hour))
	keys := &authdoctor.IssuerReport{JWKSURL: "https://issuer.example.com/jwks", Keys: []authdoctor.JWK{{Kid: "k-2026", Kty: "RSA"}},
		Metadata: &authdoctor.IssuerMetadata{SigningAlgs: []string{"RS256"}}}
	runTable(t, "token.alg-mismatch", []tc{
		{name: "HS256 where the issuer publishes only public keys",
			obs:  withIssuer(observe(req(apiURL, bearer(hs))).auth(rec{status: 401}).obs(), keys),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "development or test token", evidence: []string{"publishes only public keys"}}},
		{name: "ES256 where the issuer signs RS256",
			obs:  withIssuer(observe(req(apiURL, bearer(es))).auth(rec{status: 401}).obs(), keys),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"the issuer signs with RS256"}}},
		{name: "matching algorithm", obs: withIssuer(observe(req(apiURL, bearer(rs))).auth(rec{status: 401}).obs(), keys)},
		{name: "HS256 verified with the shared secret given: a warning, not an invalid signature",
			obs: withIssuer(observe(req(apiURL, bearer(hs))).obs(), &authdoctor.IssuerReport{JWKSURL: keys.JWKSURL, Keys: keys.Keys,
				Verification: &authdoctor.Verification{Status: authdoctor.Verified, Alg: "HS256"}}),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Likely, summary: "valid with the shared secret given", evidence: []string{"verifies with the shared secret given"}}},
		{name: "HS256 with a symmetric key published",
			obs: withIssuer(observe(req(apiURL, bearer(hs))).auth(rec{status: 401}).obs(), &authdoctor.IssuerReport{Keys: []authdoctor.JWK{{Kty: "oct"}}})},
	})
}
