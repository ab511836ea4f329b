package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func TestTokenAudience(t *testing.T) {
	t.Parallel()
	invalidAud := rec{status: 401, header: hdr("WWW-Authenticate", `Bearer error="invalid_token", error_description="Invalid audience"`)}
	other := makeJWT(claims(time.Hour, "aud", "https://billing.example.com"))
	mine := makeJWT(claims(time.Hour))
	named := makeJWT(claims(time.Hour, "aud", "orders-api"))
	graph := makeJWT(claims(time.Hour, "aud", "00000003-0000-0000-c000-000000000000"))
	runTable(t, "token.audience", []tc{
		{name: "URL audience of another API, server says audience",
			obs:  observe(req(apiURL, bearer(other))).baseline(rec{status: 401}).auth(invalidAud).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, summary: "issued for another API", evidence: []string{"aud https://billing.example.com", `the server says "audience"`}}},
		{name: "URL audience of a sibling API, server silent: only possible",
			obs:  observe(req(apiURL, bearer(other))).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Possible}},
		{name: "URL audience on another site, server silent",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(time.Hour, "aud", "https://dev-123456.okta.com"))))).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely}},
		{name: "called by IP: only possible",
			obs:  observe(req("https://10.96.0.1/api", bearer(makeJWT(claims(time.Hour, "aud", "https://kubernetes.default.svc"))))).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Possible}},
		{name: "audience matches the target origin", obs: observe(req(apiURL, bearer(mine))).auth(rec{status: 401}).obs()},
		{name: "opaque token the server says belongs to another client id",
			obs: observe(req("https://api.twitch.tv/helix/streams/key", bearer(opaque(40)), literal("Client-Id", "zkxgn9qm9y3kzrb1p0px68qa69t3ae"))).
				auth(jsonRec(401, `{"error":"Unauthorized","status":401,"message":"Client ID and OAuth token do not match"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "another application",
				evidence: []string{`the server says "client id and oauth token do not match"`, "names its application in Client-Id"}}},
		{name: "a client id said to be invalid is not a token of another client",
			obs: observe(req("https://api.twitch.tv/helix/streams/key", bearer(opaque(40)), literal("Client-Id", "zkxgn9qm9y3kzrb1p0px68qa69t3ae"))).
				auth(jsonRec(401, `{"error":"Unauthorized","status":401,"message":"Invalid client id specified"}`)).obs()},
		{name: "identifier audience without --audience cannot be judged", obs: observe(req(apiURL, bearer(named))).auth(invalidAud).obs()},
		{name: "identifier audience against --audience",
			obs:  withExpect(observe(req(apiURL, bearer(named))).auth(invalidAud).obs(), authdoctor.Expect{Audience: []string{"billing-api"}}),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, evidence: []string{"this API expects billing-api (--audience)"}}},
		{name: "--audience satisfied", obs: withExpect(observe(req(apiURL, bearer(named))).auth(invalidAud).obs(), authdoctor.Expect{Audience: []string{"orders-api"}})},
		{name: "Microsoft Graph token to another API",
			obs:  observe(req(apiURL, bearer(graph))).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"is Microsoft Graph"}}},
		{name: "accepted: nothing to say", obs: observe(req(apiURL, bearer(other))).auth(rec{status: 200}).obs()},
	})
}
