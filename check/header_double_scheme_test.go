package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestHeaderDoubleScheme(t *testing.T) {
	t.Parallel()
	tok := opaque(16)
	u401 := rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="api", error="invalid_token"`)}
	doubled := templated("Authorization", "Bearer $API_TOKEN", "Bearer Bearer "+tok, authdoctor.VarRef{Name: "API_TOKEN", Set: true, Len: 47})
	runTable(t, "header.double-scheme", []tc{
		{
			name: "variable already holds the scheme",
			obs:  observe(req(apiURL, doubled)).auth(u401).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"scheme word Bearer again at byte 7"}, summary: "$API_TOKEN already starts with it"},
		},
		{
			name: "typed twice",
			obs:  observe(req(apiURL, bearer("Bearer "+tok))).auth(u401).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "written twice in the Authorization header"},
		},
		{
			name: "whole header line pasted",
			obs:  observe(req(apiURL, fld("Authorization", "Authorization: Bearer "+tok))).auth(u401).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "whole header line was pasted"},
		},
		{
			name: "fixed request accepted",
			obs:  observe(req(apiURL, bearer("Bearer "+tok))).auth(u401).confirm("header.double-scheme", rec{status: 200}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed},
		},
		{
			name: "single scheme",
			obs:  observe(req(apiURL, bearer(tok))).auth(u401).obs(),
		},
		{
			name: "token that starts with a scheme-like word",
			obs:  observe(req(apiURL, bearer("bearerish"+tok))).auth(u401).obs(),
		},
	})
}
