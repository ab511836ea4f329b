package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func TestTokenSignature(t *testing.T) {
	t.Parallel()
	tok := makeJWT(claims(time.Hour))
	o := func(status int, r *authdoctor.IssuerReport) *authdoctor.Observation {
		return withIssuer(observe(req(apiURL, bearer(tok))).auth(rec{status: status}).obs(), r)
	}
	runTable(t, "token.signature", []tc{
		{name: "invalid signature refused", obs: o(401, verification(authdoctor.Invalid, "RS256", "k-2026", "the signature does not match the key")),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, evidence: []string{`alg RS256, kid "k-2026"`, "keys from https://issuer.example.com/jwks"}}},
		{name: "invalid signature accepted", obs: o(200, verification(authdoctor.Invalid, "RS256", "k-2026", "mismatch")),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Confirmed, summary: "accepted the token although"}},
		{name: "HS256 cannot be checked: said, not guessed", obs: o(401, verification(authdoctor.Unverifiable, "HS256", "", "a shared-secret signature needs the secret")),
			want: &want{sev: authdoctor.SeverityInfo, conf: authdoctor.Possible, summary: "shared secret"}},
		{name: "verified", obs: o(401, verification(authdoctor.Verified, "RS256", "k-2026", ""))},
		{name: "no issuer report", obs: observe(req(apiURL, bearer(tok))).auth(rec{status: 401}).obs()},
	})
}
