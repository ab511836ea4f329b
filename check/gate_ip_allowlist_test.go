package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestGateIPAllowlist(t *testing.T) {
	t.Parallel()
	r := req("https://api.github.com/orgs/octo/repos", bearer(opaque(6)))
	runTable(t, "gate.ip-allowlist", []tc{
		{
			name: "github ip allow list",
			obs:  observe(r).baseline(jsonRec(200, `[]`)).auth(jsonRec(403, "{\"message\":\"Although you appear to have the correct authorization credentials, the `octo` organization has an IP allow list enabled, and your IP address is not permitted to access this resource.\",\"documentation_url\":\"https://docs.github.com/rest\"}")).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{`the answer says "ip allow list"`, "the same resource works without your credential"}},
			absent: []string{"authz.forbidden", "credential.rejected"},
		},
		{
			name: "401 naming the ip",
			obs:  observe(r).auth(jsonRec(401, `{"error":"Requests from this IP are not allowed: your IP address is not permitted"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed},
		},
		{
			name: "public resource refused with a credential",
			obs:  observe(r).baseline(jsonRec(200, `[]`)).auth(jsonRec(403, `{"message":"Forbidden"}`)).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Possible, evidence: []string{"baseline request", "→ 200 OK"}},
		},
		{
			name: "public resource refused for csrf",
			obs:  observe(r).baseline(jsonRec(200, `[]`)).auth(jsonRec(403, `{"detail":"CSRF Failed: CSRF token missing."}`)).obs(),
		},
		{
			name: "public resource refused for sso",
			obs:  observe(r).baseline(jsonRec(200, `[]`)).auth(jsonRec(403, `{"message":"Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization."}`)).obs(),
		},
		{
			name: "403 with a 401 baseline",
			obs:  observe(r).baseline(rec{status: 401}).auth(jsonRec(403, `{"message":"Forbidden"}`)).obs(),
		},
		{
			name: "plain 401",
			obs:  observe(r).baseline(jsonRec(200, `[]`)).auth(jsonRec(401, `{"message":"Bad credentials"}`)).obs(),
		},
	})
}
