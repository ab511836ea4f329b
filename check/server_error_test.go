package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestServerError(t *testing.T) {
	t.Parallel()
	r := req(apiURL, bearer(opaque(38)))
	runTable(t, "server.error", []tc{
		{
			name: "500 with a request id",
			obs:  observe(r).baseline(rec{status: 401}).auth(jsonRec(500, `{"message":"Internal server error"}`, "X-Request-Id", "req-7c1d")).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"X-Request-Id: req-7c1d (quote it to the API owner)", "the failure happens only with your credential", `server said: "Internal server error"`},
				summary:  "(500 Internal Server Error)"},
		},
		{
			name: "aws 502 behind api gateway, same without a credential",
			obs: observe(r).baseline(jsonRec(502, `{"message":"Internal server error"}`)).
				auth(jsonRec(502, `{"message":"Internal server error"}`, "X-Amzn-Requestid", "5f6a")).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"X-Amzn-Requestid: 5f6a"}},
		},
		{
			name: "503",
			obs:  observe(r).auth(rec{status: 503, header: hdr("Retry-After", "120")}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "503 Service Unavailable"},
		},
		{
			name: "401",
			obs:  observe(r).auth(rec{status: 401}).obs(),
		},
		{
			name: "5xx on the baseline only",
			obs:  observe(r).baseline(rec{status: 500}).auth(rec{status: 200}).obs(),
		},
		{
			name: "no response",
			obs:  observe(r).fail(authdoctor.RoleAuthenticated, authdoctor.PhaseTimeout, "timeout", "").obs(),
		},
	})
}
