package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func TestTokenFresh(t *testing.T) {
	t.Parallel()
	tok := makeJWT(claims(time.Hour))
	refused := rec{status: 401, header: hdr("WWW-Authenticate", `Bearer error="invalid_token"`)}
	runTable(t, "token.fresh", []tc{
		{name: "fresh token accepted", obs: observe(req(apiURL, bearer(tok))).auth(refused).confirm("token.fresh", rec{status: 200}).obs(),
			want: &want{sev: authdoctor.SeverityInfo, conf: authdoctor.Confirmed, summary: "getting a new token fixes this"}},
		{name: "fresh token refused too", obs: observe(req(apiURL, bearer(tok))).auth(refused).confirm("token.fresh", rec{status: 403}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Likely, summary: "refused too (403 Forbidden)"}},
		{name: "no fresh token tried", obs: observe(req(apiURL, bearer(tok))).auth(refused).obs()},
	})
}
