package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestHeaderWhitespace(t *testing.T) {
	t.Parallel()
	tok := opaque(13)
	u401 := rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="api", error="invalid_token"`)}
	runTable(t, "header.whitespace", []tc{
		{
			name: "two spaces after the scheme",
			obs:  observe(req(apiURL, fld("Authorization", "Bearer  "+tok))).auth(u401).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"2 spaces between the scheme and the credentials"}, summary: "stray whitespace"},
		},
		{
			name: "trailing space in an api key",
			obs:  observe(req(apiURL, fld("X-API-Key", tok+" "))).auth(jsonRec(401, `{"message":"Invalid API key"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"X-API-Key: 1 trailing space"}},
		},
		{
			name: "space inside a token",
			obs:  observe(req(apiURL, bearer(tok[:20]+" "+tok[20:]))).auth(u401).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "accepted anyway",
			obs:  observe(req(apiURL, fld("Authorization", " Bearer "+tok))).auth(rec{status: 200}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Possible},
		},
		{
			name: "cookie pairs separated by a space",
			obs:  observe(req(apiURL, fld("Cookie", "sessionid="+tok+"; csrftoken=abc123; theme=dark"))).auth(rec{status: 403}).obs(),
		},
		{
			name: "no whitespace",
			obs:  observe(req(apiURL, bearer(tok))).auth(u401).obs(),
		},
		{
			// "Bearer $TOKEN" with TOKEN empty: the space is where the
			// variable's value should be; request.var-unset says so.
			name:    "the space an empty variable left",
			obs:     observe(req(apiURL, templated("Authorization", "Bearer $TOKEN", "Bearer ", authdoctor.VarRef{Name: "TOKEN", Set: true, Empty: true}))).auth(u401).obs(),
			present: []string{"request.var-unset"},
		},
		{
			name: "a variable that was set, with a stray space written after it",
			obs:  observe(req(apiURL, templated("Authorization", "Bearer $TOKEN ", "Bearer "+tok+" ", authdoctor.VarRef{Name: "TOKEN", Set: true, Len: len(tok)}))).auth(u401).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"trailing space"}},
		},
	})
}
