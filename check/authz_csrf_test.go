package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestAuthzCSRF(t *testing.T) {
	t.Parallel()
	session := fld("Cookie", "sessionid="+opaque(36)+"; csrftoken=abc")
	post := req(apiURL, session)
	post.Method, post.AllowWrite = "POST", true
	runTable(t, "authz.csrf", []tc{
		{
			name: "django rest framework session without a csrf header",
			obs:  observe(post).auth(jsonRec(403, `{"detail":"CSRF Failed: CSRF token missing."}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{`the server says "csrf"`, "the request carries a Cookie", "no X-CSRF-Token / X-XSRF-TOKEN / X-CSRFToken header was sent", `server said: "CSRF Failed: CSRF token missing."`}},
			absent: []string{"authz.forbidden", "gate.ip-allowlist"},
		},
		{
			name: "laravel 419 page expired",
			obs:  observe(post).auth(rec{status: 419, header: hdr("Content-Type", "text/html"), body: "<!DOCTYPE html><html><head><title>Page Expired</title></head><body>419 | Page Expired</body></html>"}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`"page expired"`}},
		},
		{
			name: "rails invalid authenticity token with a header sent",
			obs: func() *authdoctor.Observation {
				r := req(apiURL, session, fld("X-CSRF-Token", "stale"))
				r.Method = "POST"
				return observe(r).auth(jsonRec(422, `{"error":"ActionController::InvalidAuthenticityToken"}`)).obs()
			}(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "csrf inside a longer word",
			obs:  observe(post).auth(jsonRec(403, `{"detail":"missing csrfmiddlewaretoken field"}`)).obs(),
		},
		{
			name: "plain 403",
			obs:  observe(post).auth(jsonRec(403, `{"detail":"You do not have permission to perform this action."}`)).obs(),
		},
		{
			name: "accepted",
			obs:  observe(post).auth(jsonRec(201, `{"csrf":"rotated"}`)).obs(),
		},
	})
}
