package check_test

import (
	"github.com/authdoctor/authdoctor"
)

// withIssuer returns o with an issuer report attached.
func withIssuer(o *authdoctor.Observation, r *authdoctor.IssuerReport) *authdoctor.Observation {
	o.Issuer = r
	return o
}

// withExpect returns o with expectations attached.
func withExpect(o *authdoctor.Observation, e authdoctor.Expect) *authdoctor.Observation {
	o.Expect = e
	return o
}

func boolp(b bool) *bool { return &b }

func verification(status, alg, kid, detail string) *authdoctor.IssuerReport {
	return &authdoctor.IssuerReport{
		Issuer:       "https://issuer.example.com/",
		JWKSURL:      "https://issuer.example.com/jwks",
		Keys:         []authdoctor.JWK{{Kid: "k-2026", Kty: "RSA", Alg: "RS256"}},
		Verification: &authdoctor.Verification{Status: status, Alg: alg, Kid: kid, Detail: detail},
	}
}
