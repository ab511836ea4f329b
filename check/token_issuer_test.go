package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func TestTokenIssuer(t *testing.T) {
	t.Parallel()
	tok := makeJWT(claims(time.Hour))
	rejected := rec{status: 401, header: hdr("WWW-Authenticate", `Bearer error="invalid_token", error_description="Invalid issuer"`)}
	runTable(t, "token.issuer", []tc{
		{name: "another issuer than --issuer",
			obs:  withExpect(observe(req(apiURL, bearer(tok))).auth(rejected).obs(), authdoctor.Expect{Issuer: "https://login.example.com/"}),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, summary: "this API trusts https://login.example.com/"}},
		{name: "trailing slash only",
			obs:  withExpect(observe(req(apiURL, bearer(tok))).auth(rec{status: 401}).obs(), authdoctor.Expect{Issuer: "https://issuer.example.com"}),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "only by a trailing slash"}},
		{name: "same issuer", obs: withExpect(observe(req(apiURL, bearer(tok))).auth(rejected).obs(), authdoctor.Expect{Issuer: "https://issuer.example.com/"})},
		{name: "metadata names another issuer (RFC 8414 §3.3)",
			obs: withIssuer(observe(req(apiURL, bearer(tok))).auth(rec{status: 401}).obs(), &authdoctor.IssuerReport{
				Issuer: "https://issuer.example.com/", MetadataURL: "https://issuer.example.com/.well-known/openid-configuration",
				Metadata: &authdoctor.IssuerMetadata{Issuer: "https://issuer.example.com/v2"}}),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "metadata names itself https://issuer.example.com/v2"}},
		{name: "mismatch but accepted: a warning",
			obs:  withExpect(observe(req(apiURL, bearer(tok))).auth(rec{status: 200}).obs(), authdoctor.Expect{Issuer: "https://login.example.com/"}),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Possible}},
	})
}
