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
			name: "tornado _xsrf argument missing, 422",
			obs: observe(post).auth(rec{status: 422, header: hdr("Content-Type", "text/html"),
				body: "<html><body>The page you have requested is forbidden.<br>'_xsrf' argument missing from POST</body></html>"}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the server says "_xsrf"`}},
		},
		{
			name: "jenkins crumb",
			obs: observe(post).auth(rec{status: 403, header: hdr("Content-Type", "text/html"),
				body: "<html><head><title>Error 403 No valid crumb was included in the request</title></head></html>"}).obs(),
			want:   &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`"crumb"`}},
			absent: []string{"authz.forbidden"},
		},
		{
			name: "kibana 400 naming the kbn-xsrf header",
			obs:  observe(post).auth(jsonRec(400, `{"statusCode":400,"error":"Bad Request","message":"Request must contain a kbn-xsrf header."}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`"xsrf"`}},
		},
		{
			name: "400 without csrf words",
			obs:  observe(post).auth(jsonRec(400, `{"statusCode":400,"error":"Bad Request","message":"child \"title\" fails because it is required"}`)).obs(),
		},
		{
			name: "breadcrumb is not a crumb",
			obs:  observe(post).auth(jsonRec(403, `{"detail":"breadcrumb navigation is disabled for this role"}`)).obs(),
		},
		{
			name: "xsrf named in a 404",
			obs:  observe(post).auth(jsonRec(404, `{"detail":"no route /api/_xsrf"}`)).obs(),
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
