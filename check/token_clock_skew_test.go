package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func TestTokenClockSkew(t *testing.T) {
	t.Parallel()
	valid30m := makeJWT(claims(30 * time.Minute))
	expired1h := makeJWT(claims(-time.Hour))
	early := makeJWT(claims(2*time.Hour, "nbf", now.Add(30*time.Minute).Unix()))
	runTable(t, "token.clock-skew", []tc{
		{
			name: "valid by this clock, expired by the server's",
			obs:  observe(req(apiURL, bearer(valid30m))).auth(jsonRec(401, `{"message":"Token has expired"}`).at(now.Add(2 * time.Hour))).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{"server Date 2026-11-29 14:00:00 UTC; this machine's clock 2026-11-29 12:00:00 UTC: the server is 2h ahead of yours",
					"exp 2026-11-29 12:30:00 UTC: in 30m locally, 1h30m ago for the server"},
				summary: "still valid by your clock but already expired by the server's, which is 2h ahead of yours"},
			absent: []string{"token.expired"},
		},
		{
			name: "valid by this clock, expired by the server's, which says so in its challenge",
			obs:  observe(req(apiURL, bearer(valid30m))).auth(bearerExpired(now.Add(2 * time.Hour))).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed},
		},
		{
			name: "expired by this clock, not by the server's",
			obs:  observe(req(apiURL, bearer(expired1h))).auth(rec{status: 401, date: now.Add(-3 * time.Hour)}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "your clock is off"},
		},
		{
			name: "not yet valid by this clock, valid by the server's",
			obs:  observe(req(apiURL, bearer(early))).auth(rec{status: 401, date: now.Add(time.Hour)}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "Your clock says the token is not valid yet"},
		},
		{
			name: "valid by this clock, not yet valid by the server's",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(2*time.Hour, "nbf", now.Add(-30*time.Minute).Unix()))))).auth(rec{status: 401, date: now.Add(-time.Hour)}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "not yet valid by the server's, which is 1h behind yours"},
		},
		{
			name: "mismatch but accepted",
			obs:  observe(req(apiURL, bearer(valid30m))).auth(rec{status: 200, date: now.Add(2 * time.Hour)}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Possible},
		},
		{
			name: "clocks five minutes apart, no jwt",
			obs:  observe(req(apiURL, bearer(opaque(32)))).auth(rec{status: 401, date: now.Add(-5 * time.Minute)}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Likely, summary: "differ by 5m",
				evidence: []string{"the server is 5m behind yours"}},
		},
		{
			name: "skew read from the baseline when the authenticated answer has no Date",
			obs:  observe(req(apiURL, bearer(opaque(32)))).baseline(rec{status: 401, date: now.Add(10 * time.Minute)}).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Likely, summary: "differ by 10m"},
		},
		{
			name: "thirty seconds apart is network delay",
			obs:  observe(req(apiURL, bearer(valid30m))).auth(rec{status: 401, date: now.Add(30 * time.Second)}).obs(),
		},
		{
			name: "no Date",
			obs:  observe(req(apiURL, bearer(valid30m))).auth(rec{status: 401}).obs(),
		},
		{
			name: "expired by both clocks is not skew",
			obs:  observe(req(apiURL, bearer(expired1h))).auth(bearerExpired(now.Add(20 * time.Second))).obs(),
		},
		{
			name: "s3 RequestTimeTooSkewed with a Date 31 minutes ahead",
			obs: observe(req("https://b.s3.amazonaws.com/k", fld("Authorization", "AWS4-HMAC-SHA256 Credential="+fill("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 20, 5)+"/20261129/us-east-1/s3/aws4_request, SignedHeaders=host, Signature="+fill("0123456789abcdef", 64, 6)))).
				auth(rec{status: 403, date: now.Add(31 * time.Minute), header: hdr("Content-Type", "application/xml"),
					body: `<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message></Error>`}).obs(),
			want:   &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, evidence: []string{"the server's code is RequestTimeTooSkewed", "the server is 31m ahead of yours"}},
			absent: []string{"authz.forbidden"},
		},
		{
			name: "a window named without a Date",
			obs:  observe(req(apiURL+"?timestamp=1795953600000&signature="+fill("0123456789abcdef", 64, 7), fld("X-MBX-APIKEY", fill(alnum, 64, 8)))).auth(jsonRec(400, `{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the server says "outside of the recvwindow"`}},
		},
		{
			name: "the window named on an accepted answer",
			obs:  observe(req(apiURL, bearer(valid30m))).auth(jsonRec(200, `{"note":"requests outside of the recvWindow are refused"}`)).obs(),
		},
		{
			name: "a skewed clock's word in an unrelated refusal",
			obs:  observe(req(apiURL, bearer(valid30m))).auth(jsonRec(403, `{"message":"The request time is recorded in the audit log"}`)).obs(),
		},
	})
}
