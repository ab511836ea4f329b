package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func TestTokenIntrospection(t *testing.T) {
	t.Parallel()
	tok := makeJWT(claims(time.Hour))
	expired := makeJWT(claims(-time.Hour))
	is := func(status int, active *bool) *authdoctor.IssuerReport {
		return &authdoctor.IssuerReport{Introspection: &authdoctor.Introspection{Endpoint: "https://issuer.example.com/introspect", Status: status, Active: active}}
	}
	o := func(token string, status int, r *authdoctor.IssuerReport) *authdoctor.Observation {
		return withIssuer(observe(req(apiURL, bearer(token))).auth(rec{status: status}).obs(), r)
	}
	runTable(t, "token.introspection", []tc{
		{name: "revoked", obs: o(tok, 401, is(200, boolp(false))),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, summary: "not active", evidence: []string{`{"active": false}`}}},
		{name: "active", obs: o(tok, 401, is(200, boolp(true)))},
		{name: "expired: token.expired says it better", obs: o(expired, 401, is(200, boolp(false)))},
		{name: "client credentials refused", obs: o(tok, 401, is(401, nil)),
			want: &want{sev: authdoctor.SeverityInfo, conf: authdoctor.Likely, summary: "says nothing about the token"}},
		{name: "broken answer without active", obs: o(tok, 401, is(200, nil)),
			want: &want{sev: authdoctor.SeverityInfo, conf: authdoctor.Possible, summary: "RFC 7662 requires"}},
		{name: "inactive but accepted", obs: o(tok, 200, is(200, boolp(false))),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Confirmed}},
	})
}
