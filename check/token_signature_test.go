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
		{name: "HS256 invalid with the shared secret given", obs: o(401, verification(authdoctor.Invalid, "HS256", "", "the signature does not verify with the shared secret given")),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, summary: "does not verify with the shared secret given", evidence: []string{"alg HS256: the signature does not verify"}}},
		{name: "HS256 invalid with the shared secret, accepted anyway", obs: o(200, verification(authdoctor.Invalid, "HS256", "", "mismatch")),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Confirmed, summary: "the server holds another secret"}},
		{name: "HS256 verified with the shared secret: nothing to say", obs: o(401, verification(authdoctor.Verified, "HS256", "", "the signature verifies with the shared secret given (HS256)"))},
		{name: "HS256 cannot be checked: said, not guessed", obs: o(401, verification(authdoctor.Unverifiable, "HS256", "", "a shared-secret signature needs the secret")),
			want: &want{sev: authdoctor.SeverityInfo, conf: authdoctor.Possible, summary: "shared secret"}},
		{name: "verified", obs: o(401, verification(authdoctor.Verified, "RS256", "k-2026", ""))},
		{name: "no issuer report", obs: observe(req(apiURL, bearer(tok))).auth(rec{status: 401}).obs()},
	})
}
