package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestHeaderName(t *testing.T) {
	t.Parallel()
	tok := opaque(19)
	missing := jsonRec(401, `{"message":"No API key found in request"}`, "Server", "nginx")
	runTable(t, "header.name", []tc{
		{
			name: "underscores dropped by nginx",
			obs:  observe(req(apiURL, fld("X_API_KEY", tok))).baseline(missing).auth(missing).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{`header "X_API_KEY": 2 underscores`, "as if no credential had been sent"},
				summary:  "may be dropped", fix: "underscores_in_headers"},
		},
		{
			name: "underscores, answer differs from the baseline",
			obs:  observe(req(apiURL, fld("X_API_KEY", tok))).baseline(missing).auth(jsonRec(401, `{"message":"Invalid API key"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Possible},
		},
		{
			name: "underscores, accepted",
			obs:  observe(req(apiURL, fld("api_key", tok))).auth(rec{status: 200}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Possible},
		},
		{
			name: "a name with a trailing space, the same 200 as without a credential",
			obs: observe(req("http://db.example.com:3000/mytable", fld("Authorization ", "Bearer "+tok))).
				baseline(jsonRec(200, `[{"id":1,"name":"first"}]`)).auth(jsonRec(200, `[{"id":1,"name":"first"}]`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"the same answer without any credential"}},
		},
		{
			name: "underscores, a 200 that differs from the anonymous one",
			obs: observe(req(apiURL, fld("api_key", tok))).
				baseline(jsonRec(200, `[]`)).auth(jsonRec(200, `[{"id":1,"name":"first"}]`)).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Possible},
		},
		{
			name: "dashes",
			obs:  observe(req(apiURL, fld("X-API-Key", tok))).baseline(missing).auth(missing).obs(),
		},
		{
			name: "underscore in a header that is not a credential",
			obs:  observe(req(apiURL, bearer(tok), fld("X_Request_Source", "cli"))).auth(rec{status: 401}).obs(),
		},
	})
}
