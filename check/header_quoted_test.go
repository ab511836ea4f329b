package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestHeaderQuoted(t *testing.T) {
	t.Parallel()
	tok := opaque(12)
	invalid := jsonRec(401, `{"error":"invalid_token","error_description":"Malformed token"}`, "WWW-Authenticate", `Bearer error="invalid_token", error_description="Malformed token"`)
	runTable(t, "header.quoted", []tc{
		{
			name: "quotes from an env file",
			obs:  observe(req(apiURL, bearer(`"`+tok+`"`))).auth(invalid).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"credentials are wrapped in double quotes", `server said: error="invalid_token", "Malformed token"`},
				summary:  "wrapped in quotes"},
		},
		{
			name: "whole value quoted in an api key header",
			obs:  observe(req(apiURL, fld("X-API-Key", `'`+tok+`'`))).auth(jsonRec(403, `{"message":"Forbidden"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "X-API-Key"},
		},
		{
			name: "curly quotes pasted from a document",
			obs:  observe(req(apiURL, bearer("\u201c"+tok+"\u201d"))).auth(invalid).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"curly double quotes"}},
		},
		{
			name: "server tolerates the quotes",
			obs:  observe(req(apiURL, bearer(`"`+tok+`"`))).auth(rec{status: 200}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Possible},
		},
		{
			name: "unquoted request still refused",
			obs:  observe(req(apiURL, bearer(`"`+tok+`"`))).auth(invalid).confirm("header.quoted", invalid).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Likely, evidence: []string{"not the whole story"}},
		},
		{
			name: "quoted cookie value is cookie syntax",
			obs:  observe(req(apiURL, fld("Cookie", `session="`+tok+`"`))).auth(rec{status: 401}).obs(),
		},
		{
			name: "no quotes",
			obs:  observe(req(apiURL, bearer(tok))).auth(invalid).obs(),
		},
	})
}
