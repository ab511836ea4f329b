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
		{name: "the server says the token is from the wrong issuer",
			obs:  observe(req(apiURL, bearer(tok))).auth(jsonRec(401, `{"error":{"code":"InvalidAuthenticationTokenTenant","message":"The access token is from the wrong issuer 'https://sts.example.com/a/'."}}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, summary: "does not trust the token's issuer"}},
		{name: "graphql errors in a 200 name the iss",
			obs: func() *authdoctor.Observation {
				g := req("https://shop.example.com/graphql", bearer(tok))
				g.Method, g.AllowWrite = "POST", true
				return observe(g).auth(jsonRec(200, `{"errors":[{"debugMessage":"invalid-jwt | The iss do not match with this server","message":"Internal server error"}],"data":{"generalSettings":null}}`)).obs()
			}(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed}},
		{name: "a 200 that names the issuer outside errors",
			obs: observe(req(apiURL, bearer(tok))).auth(jsonRec(200, `{"help":"tokens from the wrong issuer are refused"}`)).obs()},
		{name: "the issuer called under another host name",
			obs: observe(req("http://keycloak:8080/realms/acme/protocol/openid-connect/userinfo", bearer(makeJWT(claims(time.Hour, "iss", "http://keycloak.local/realms/acme"))))).
				auth(rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="acme", error="invalid_token", error_description="Token verification failed"`)}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "under another name (http://keycloak:8080)"}},
		{name: "an api on another host whose path shares the iss path's first segment only",
			obs: observe(req("https://api.example.com/realms-admin/users", bearer(makeJWT(claims(time.Hour, "iss", "https://idp.example.com/realms"))))).
				auth(rec{status: 401, header: hdr("WWW-Authenticate", `Bearer error="invalid_token"`)}).obs()},
		{name: "an iss without a path says nothing of the host called",
			obs: observe(req("https://api.example.com/v1/things", bearer(tok))).auth(rec{status: 401, header: hdr("WWW-Authenticate", `Bearer error="invalid_token"`)}).obs()},
	})
}
