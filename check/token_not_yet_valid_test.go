package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func TestTokenNotYetValid(t *testing.T) {
	t.Parallel()
	early := makeJWT(claims(2*time.Hour, "nbf", now.Add(time.Hour).Unix()))
	r := req(apiURL, bearer(early))
	runTable(t, "token.not-yet-valid", []tc{
		{
			name: "nbf in an hour by both clocks",
			obs:  observe(r).auth(jsonRec(401, `{"error":"invalid_token","error_description":"Token not yet valid"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{"nbf 2026-11-29 13:00:00 UTC: valid only in 1h by this machine's clock", `the server says "not yet valid"`},
				summary:  "The token is not valid yet: it starts in 1h (nbf 2026-11-29 13:00:00 UTC)."},
		},
		{
			name: "with the server's Date",
			obs:  observe(r).auth(rec{status: 401, date: now.Add(5 * time.Second)}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"and in 1h by the server's Date"}},
		},
		{
			name: "a generic word is not the server naming the cause",
			obs:  observe(r).auth(jsonRec(401, `{"message":"Unauthorized. Sign in before calling this API."}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "iat in the future without nbf",
			// Cause docs: "nbf or iat in the future"; PyJWT and others reject it.
			obs:  observe(req(apiURL, bearer(makeJWT(claims(3*time.Hour, "iat", now.Add(time.Hour).Unix()))))).auth(jsonRec(401, `{"detail":"The token is not yet valid (iat)"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed},
		},
		{
			name:    "early by the local clock only: the server's clock is ahead",
			obs:     observe(r).auth(rec{status: 401, date: now.Add(2 * time.Hour)}).obs(),
			present: []string{"token.clock-skew"},
		},
		{
			name: "nbf 30s ahead is within the leeway",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(time.Hour, "nbf", now.Add(30*time.Second).Unix()))))).auth(rec{status: 401}).obs(),
		},
		{
			name: "accepted",
			obs:  observe(r).auth(rec{status: 200}).obs(),
		},
		{
			name: "nbf in the past",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(time.Hour, "nbf", now.Add(-time.Hour).Unix()))))).auth(rec{status: 401}).obs(),
		},
	})
}
