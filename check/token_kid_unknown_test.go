package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func TestTokenKidUnknown(t *testing.T) {
	t.Parallel()
	tok := makeJWT(claims(time.Hour))
	o := func(status int) *authdoctor.Observation {
		return withIssuer(observe(req(apiURL, bearer(tok))).auth(jsonRec(status, `{"message":"Unable to find key with kid test-key-1"}`)).obs(),
			verification(authdoctor.KidUnknown, "RS256", "test-key-1", ""))
	}
	runTable(t, "token.kid-unknown", []tc{
		{name: "rotated key", obs: o(401),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: `kid "test-key-1"`, evidence: []string{`publishes "k-2026"`}}},
		{name: "accepted with a retired key: a warning", obs: o(200),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Likely}},
		{name: "known kid", obs: withIssuer(observe(req(apiURL, bearer(tok))).auth(rec{status: 401}).obs(), verification(authdoctor.Verified, "RS256", "k-2026", ""))},
	})
}
