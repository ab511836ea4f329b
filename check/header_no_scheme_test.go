package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func TestHeaderNoScheme(t *testing.T) {
	t.Parallel()
	tok := opaque(18)
	u401 := rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="api"`)}
	runTable(t, "header.no-scheme", []tc{
		{
			name: "bare token",
			obs:  observe(req(apiURL, fld("Authorization", tok))).baseline(u401).auth(u401).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"bare 40-byte credential"}, summary: "has no scheme", fix: "Authorization: Bearer $TOKEN"},
		},
		{
			name: "bare jwt",
			obs:  observe(req(apiURL, fld("Authorization", makeJWT(claims(time.Hour))))).auth(u401).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "server accepts bare tokens",
			obs:  observe(req(apiURL, fld("Authorization", tok))).auth(rec{status: 200}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Possible},
		},
		{
			name: "api key header has no scheme by design",
			obs:  observe(req(apiURL, fld("X-API-Key", tok))).auth(rec{status: 401}).obs(),
		},
		{
			name: "with scheme",
			obs:  observe(req(apiURL, bearer(tok))).auth(u401).obs(),
		},
	})
}
