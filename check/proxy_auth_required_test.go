package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestProxyAuthRequired(t *testing.T) {
	t.Parallel()
	r := req(apiURL, bearer(opaque(3)))
	squid := rec{status: 407, header: hdr("Proxy-Authenticate", `Basic realm="Squid proxy-caching web server"`, "Server", "squid/5.7", "Content-Type", "text/html"),
		body: "<html><body>ERROR: Cache Access Denied</body></html>"}
	runTable(t, "proxy.auth-required", []tc{
		{
			name: "squid 407",
			obs:  observe(r).baseline(squid).auth(squid).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{"authenticated request: GET https://api.example.com/v1/things → 407 Proxy Authentication Required", `Proxy-Authenticate: Basic realm="Squid`}},
			absent: []string{"credential.rejected", "token.rejected", "authz.forbidden"},
		},
		{
			// The proxy let the credentialed request through: the 401 is the
			// origin's, and the proxy is not the problem.
			name: "407 on the baseline only",
			obs:  observe(r).baseline(squid).auth(rec{status: 401}).obs(),
		},
		{
			name: "proxy refused the CONNECT",
			obs:  observe(r).fail(authdoctor.RoleAuthenticated, authdoctor.PhaseProxy, "proxyconnect tcp: 403 Forbidden", "").obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"proxy: proxyconnect tcp: 403 Forbidden"}},
		},
		{
			// The baseline strips every sensitive field, Proxy-Authorization
			// included, so only it meets the proxy's 407.
			name: "proxy credentials in a header: only the baseline gets 407",
			obs:  observe(req(apiURL, bearer(opaque(3)), fld("Proxy-Authorization", "Basic "+b64("corp:proxy-pass")))).baseline(squid).auth(rec{status: 200}).obs(),
		},
		{
			name: "origin 401 with a challenge is not a proxy",
			obs:  observe(r).baseline(rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="api"`)}).auth(rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="api", error="invalid_token"`)}).obs(),
		},
		{
			name: "a dns error is not a proxy error",
			obs:  observe(r).fail(authdoctor.RoleAuthenticated, authdoctor.PhaseDNS, "no such host", "").obs(),
		},
	})
}
