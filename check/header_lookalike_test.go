package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestHeaderLookalike(t *testing.T) {
	t.Parallel()
	tok := opaque(14)
	u401 := rec{status: 401, header: hdr("WWW-Authenticate", `Bearer error="invalid_token"`)}
	runTable(t, "header.lookalike", []tc{
		{
			name: "zero-width space inside the token",
			obs:  observe(req(apiURL, bearer(tok[:10]+"\u200b"+tok[10:]))).auth(u401).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"zero-width space U+200B"}, summary: "look-alike character"},
		},
		{
			name: "no-break space after the scheme",
			obs:  observe(req(apiURL, fld("Authorization", "Bearer\u00a0"+tok))).auth(u401).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"no-break space U+00A0"}},
		},
		{
			name: "en dash in a cookie",
			obs:  observe(req(apiURL, fld("Cookie", "session=ab\u2013"+tok))).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"en dash"}},
		},
		{
			name: "confirmed",
			obs:  observe(req(apiURL, bearer("\ufeff"+tok))).auth(u401).confirm("header.lookalike", rec{status: 204}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, evidence: []string{"got 204 No Content"}},
		},
		{
			name: "salesforce session id with its own '!'",
			obs:  observe(req(apiURL, fld("Authorization", "OAuth 00D7F0000001I8v!"+tok))).auth(rec{status: 401, header: hdr("WWW-Authenticate", "Token")}).obs(),
		},
		{
			name: "facebook app token with its own '|'",
			obs:  observe(req(apiURL, fld("Authorization", "Bearer 1234567890|"+tok))).auth(u401).obs(),
		},
		{
			name: "'!' beside an at sign is still damage",
			obs:  observe(req(apiURL, fld("Authorization", "OAuth 00D7F0000001I8v!"+tok+"@example.com"))).auth(u401).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "characters a token may not contain"},
		},
		{
			name: "an at sign alone",
			obs:  observe(req(apiURL, fld("Authorization", "Bearer user@"+tok))).auth(u401).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "characters a token may not contain"},
		},
		{
			name: "ascii only",
			obs:  observe(req(apiURL, bearer(tok))).auth(u401).obs(),
		},
	})
}
