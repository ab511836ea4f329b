package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestEndpointMethodNotAllowed(t *testing.T) {
	t.Parallel()
	r := req(apiURL, bearer(opaque(8)))
	r.Method = "DELETE"
	r.AllowWrite = true
	runTable(t, "endpoint.method-not-allowed", []tc{
		{
			name: "405 with Allow",
			obs:  observe(r).baseline(rec{status: 401}).auth(rec{status: 405, header: hdr("Allow", "GET, HEAD, POST")}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{"Allow: GET, HEAD, POST", "405 Method Not Allowed"}, summary: "DELETE is not allowed on https://api.example.com/v1/things; the server allows GET, HEAD, POST"},
		},
		{
			name: "405 without Allow on the baseline only",
			obs:  observe(r).baseline(rec{status: 405}).auth(rec{status: 401}).obs(),
		},
		{
			name: "405 without a credential, accepted with one",
			obs:  observe(r).baseline(rec{status: 405, header: hdr("Allow", "GET")}).auth(rec{status: 204}).obs(),
		},
		{
			name: "404",
			obs:  observe(r).baseline(rec{status: 404}).auth(rec{status: 404}).obs(),
		},
		{
			name: "no response",
			obs:  observe(r).fail(authdoctor.RoleAuthenticated, authdoctor.PhaseConnect, "refused", "").obs(),
		},
	})
}
