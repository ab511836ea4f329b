package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestHeaderSchemeColon(t *testing.T) {
	t.Parallel()
	tok := opaque(17)
	u401 := rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="api"`)}
	runTable(t, "header.scheme-colon", []tc{
		{
			name: "colon and space",
			obs:  observe(req(apiURL, fld("Authorization", "Bearer: "+tok))).auth(u401).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"colon after the scheme Bearer at byte 6"}, summary: "followed by a colon"},
		},
		{
			name: "colon without space",
			obs:  observe(req(apiURL, fld("Authorization", "Bearer:"+tok))).auth(u401).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "scheme glued to the token",
			obs:  observe(req(apiURL, fld("Authorization", "Bearer"+tok))).auth(u401).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "glued together"},
		},
		{
			name: "colons inside the credential",
			obs:  observe(req(apiURL, bearer("abc:def:"+tok))).auth(u401).obs(),
		},
		{
			name: "well formed",
			obs:  observe(req(apiURL, bearer(tok))).auth(u401).obs(),
		},
	})
}
