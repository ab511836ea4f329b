package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestHeaderSchemeCase(t *testing.T) {
	t.Parallel()
	tok := opaque(26)
	u401 := rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="api"`)}
	runTable(t, "header.scheme-case", []tc{
		{
			name: "lower-case bearer is a note",
			obs:  observe(req(apiURL, fld("Authorization", "bearer "+tok))).auth(u401).obs(),
			want: &want{sev: authdoctor.SeverityInfo, conf: authdoctor.Possible,
				evidence: []string{"not in its canonical case"}, summary: `written "bearer"`, fix: "RFC 9110"},
		},
		{
			name: "server compares exactly: canonical case accepted",
			obs:  observe(req(apiURL, fld("Authorization", "BEARER "+tok))).auth(u401).confirm("header.scheme-case", rec{status: 200}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, evidence: []string{"with the scheme in canonical case got 200 OK"}},
		},
		{
			name: "canonical case",
			obs:  observe(req(apiURL, bearer(tok))).auth(u401).obs(),
		},
	})
}
