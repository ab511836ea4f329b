package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestHeaderControlChar(t *testing.T) {
	t.Parallel()
	tok := opaque(11)
	nl := req(apiURL, bearer(tok+"\n"))
	invalid := jsonRec(401, `{"error":"invalid_token"}`, "WWW-Authenticate", `Bearer error="invalid_token"`)
	runTable(t, "header.control-char", []tc{
		{
			name: "go refused to send a trailing newline",
			obs:  observe(nl).baseline(rec{status: 401}).fail(authdoctor.RoleAuthenticated, authdoctor.PhaseHeader, `net/http: invalid header field value for "Authorization"`, "").obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"Authorization (Bearer): trailing LF at byte 47", "value came from API_TOKEN", "Go's HTTP client refused to send it"},
				summary:  "control character"},
			absent: []string{"transport.unreachable"},
		},
		{
			name: "carriage return in an api key sent by another stack",
			obs:  observe(req(apiURL, fld("X-API-Key", tok+"\r"))).auth(jsonRec(401, `{"message":"Invalid API key"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"X-API-Key: trailing CR", "→ 401 Unauthorized", `server said: "Invalid API key"`}},
		},
		{
			name: "confirmed by the stripped request",
			obs:  observe(nl).fail(authdoctor.RoleAuthenticated, authdoctor.PhaseHeader, "invalid header field value", "").confirm("header.control-char", rec{status: 200}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, evidence: []string{"confirmed: the same request with the header corrected got 200 OK"}},
		},
		{
			name: "stripped request still refused",
			obs:  observe(nl).auth(invalid).confirm("header.control-char", invalid).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Likely, evidence: []string{"still got 401 Unauthorized"}},
		},
		{
			name: "a confirmation of another hypothesis does not count",
			obs:  observe(nl).auth(invalid).confirm("header.quoted", rec{status: 200}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "control byte in a cookie",
			obs:  observe(req(apiURL, fld("Cookie", "session="+tok+"\n"))).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "clean",
			obs:  observe(req(apiURL, bearer(tok))).auth(invalid).obs(),
		},
	})
}
