package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
)

// bearerExpired is the RFC 6750 §3.1 answer to an expired token.
func bearerExpired(date time.Time) rec {
	return rec{status: 401, date: date, header: hdr("WWW-Authenticate", `Bearer realm="api", error="invalid_token", error_description="The access token expired"`)}
}

func TestTokenExpired(t *testing.T) {
	t.Parallel()
	expired := makeJWT(claims(-2 * time.Hour))
	r := req(apiURL, bearer(expired))
	millis := claims(-time.Hour)
	millis["exp"] = now.Add(-time.Hour).UnixMilli()
	runTable(t, "token.expired", []tc{
		{
			name: "expired by both clocks, rfc 6750 description",
			obs:  observe(r).baseline(rec{status: 401, date: now.Add(2 * time.Second)}).auth(bearerExpired(now.Add(2 * time.Second))).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{
					"exp 2026-11-29 10:00:00 UTC: 2h ago by this machine's clock",
					"and 2h ago by the server's Date (2026-11-29 12:00:02 UTC)",
					"issued 3h ago (iat 2026-11-29 09:00:00 UTC), lifetime 1h",
					`server said: error="invalid_token", "The access token expired"`,
				},
				summary: "The token expired 2h ago (at 2026-11-29 10:00:00 UTC)."},
			absent: []string{"token.clock-skew", "token.not-yet-valid"},
		},
		{
			name: "jsonwebtoken message in the body",
			obs:  observe(r).auth(jsonRec(401, `{"name":"TokenExpiredError","message":"jwt expired","expiredAt":"2026-11-29T10:00:00.000Z"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, evidence: []string{`the server says "expired"`, `server said: "jwt expired"`}},
		},
		{
			name: "no Date and a silent 401",
			obs:  observe(r).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "exp in milliseconds",
			obs:  observe(req(apiURL, bearer(makeJWT(millis)))).auth(rec{status: 401, date: now}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"exp looks like milliseconds"}},
		},
		{
			name: "expired two minutes ago is past the default leeway",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(-2*time.Minute))))).auth(rec{status: 401, date: now}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "2m ago"},
		},
		{
			name: "an empty 200 does not clear it",
			obs:  observe(r).auth(rec{status: 200, date: now, body: `{"items":[]}`}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "the server still answered 200 OK"},
		},
		{
			name: "expired by the local clock but not by the server's Date",
			// The local clock is 3h fast: the server still considers the
			// token valid for another hour, so the clock is the problem.
			obs:     observe(r).auth(rec{status: 401, date: now.Add(-3 * time.Hour)}).obs(),
			present: []string{"token.clock-skew"},
		},
		{
			name: "inspected 30s after exp: inside the leeway, said",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(-30*time.Second))))).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Likely, summary: "The token expired 30s ago (at 2026-11-29 11:59:30 UTC), inside the 1m leeway"},
		},
		{name: "inspected 30s before exp: nothing", obs: observe(req(apiURL, bearer(makeJWT(claims(30*time.Second))))).obs()},
		{
			// Issue 7 pattern 3: the leeway is authdoctor's courtesy; a
			// refusal of a token past its exp is the expiry.
			name: "expired 30s ago, within the leeway, refused",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(-30*time.Second))))).auth(rec{status: 401, date: now}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "The token expired 30s ago (at 2026-11-29 11:59:30 UTC) — within your 1m leeway, but the server allows none."},
		},
		{
			name: "expired 2s ago, the server says expired",
			obs: observe(req(apiURL, bearer(makeJWT(claims(-2*time.Second))))).auth(rec{status: 401, date: now,
				header: hdr("WWW-Authenticate", `Bearer error="invalid_token", error_description="Token expired"`)}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, summary: "The token expired 2s ago (at 2026-11-29 11:59:58 UTC) — within your 1m leeway, but the server allows none.",
				evidence: []string{`the server says "expired"`}},
		},
		{
			name: "expired 30s ago, within the leeway, accepted",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(-30*time.Second))))).auth(rec{status: 200, date: now}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Confirmed},
		},
		{
			name: "expired two minutes ago with a five minute leeway",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(-2*time.Minute))))).auth(rec{status: 401, date: now}).obs(),
			opt:  check.Options{Leeway: 5 * time.Minute},
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "expires in 30s, refused: not the expiry",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(30*time.Second))))).auth(rec{status: 401, date: now}).obs(),
		},
		{
			name: "valid for another hour",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(time.Hour))))).auth(bearerExpired(now)).obs(),
		},
		{
			name: "no exp claim",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(0, "exp", nil))))).auth(rec{status: 401}).obs(),
		},
		{
			// Without claims, the server's word is the only evidence.
			name: "opaque token, server says expired",
			obs:  observe(req(apiURL, bearer(opaque(31)))).auth(bearerExpired(now)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "carries no expiry authdoctor can read"},
		},
		{
			name: "opaque token, expired as the tag of a tagged union",
			obs:  observe(req(apiURL, bearer(opaque(31)))).auth(jsonRec(401, `{"error_summary": "expired_access_token/.", "error": {".tag": "expired_access_token"}}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the server says "expired_access_token"`}},
		},
		{
			// The server lists expired among reasons it does not tell apart.
			name: "opaque token, invalid or expired",
			obs:  observe(req(apiURL, bearer(opaque(31)))).auth(rec{status: 401, header: hdr("WWW-Authenticate", `Bearer error="invalid_token", error_description="Invalid or expired access token"`)}).obs(),
		},
		{
			name: "opaque token, missing/invalid/expired",
			obs:  observe(req(apiURL, bearer(opaque(31)))).auth(jsonRec(401, `{"error":{"status":401,"message":"Missing/invalid/expired access token"}}`)).obs(),
		},
		{
			name: "opaque token, expired or invalid",
			obs:  observe(req(apiURL, bearer(opaque(31)))).auth(jsonRec(401, `[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`)).obs(),
		},
		{
			// A hedge elsewhere in the body does not hide a plain statement.
			name: "opaque token, expired said plainly beside a hedge",
			obs:  observe(req(apiURL, bearer(opaque(31)))).auth(jsonRec(401, `{"message":"The access token expired","hint":"invalid or expired tokens must be refreshed"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the server says "expired"`}},
		},
		{
			name: "expired jwt, the server hedges: not confirmed by its words",
			obs:  observe(r).auth(rec{status: 401, header: hdr("WWW-Authenticate", `Bearer error="invalid_token", error_description="Invalid or expired access token"`)}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "opaque token, server silent",
			obs:  observe(req(apiURL, bearer(opaque(31)))).auth(rec{status: 401, header: hdr("WWW-Authenticate", `Bearer error="invalid_token"`)}).obs(),
		},
	})
}
