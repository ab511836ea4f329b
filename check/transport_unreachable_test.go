package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestTransportUnreachable(t *testing.T) {
	t.Parallel()
	r := req(apiURL, bearer(opaque(1)))
	runTable(t, "transport.unreachable", []tc{
		{
			name: "dns failure on the authenticated probe",
			obs: observe(r).fail(authdoctor.RoleAuthenticated, authdoctor.PhaseDNS,
				"lookup api.example.com: no such host", "check the host name for typos").obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{"dns: lookup api.example.com: no such host", "try: check the host name"},
				summary:  "dns failed"},
		},
		{
			name: "connection refused on the baseline",
			obs: observe(r).fail(authdoctor.RoleBaseline, authdoctor.PhaseConnect, "dial tcp 10.0.0.1:443: connection refused", "").
				fail(authdoctor.RoleAuthenticated, authdoctor.PhaseConnect, "dial tcp 10.0.0.1:443: connection refused", "").obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, evidence: []string{"connect: dial tcp"}},
		},
		{
			name: "tls certificate failure",
			obs: observe(r).fail(authdoctor.RoleAuthenticated, authdoctor.PhaseTLS,
				"x509: certificate signed by unknown authority", "pass --cacert").obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, evidence: []string{"tls: x509"}},
		},
		{
			name: "timeout",
			obs:  observe(r).fail(authdoctor.RoleAuthenticated, authdoctor.PhaseTimeout, "no response within 10s", "").obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed},
		},
		{
			name: "go refused to send the header is not a network failure",
			obs: observe(req(apiURL, bearer(opaque(1)+"\n"))).
				fail(authdoctor.RoleAuthenticated, authdoctor.PhaseHeader, `net/http: invalid header field value for "Authorization"`, "").obs(),
			want:    nil,
			present: []string{"header.control-char"},
		},
		{
			name: "budget spent is not a network failure",
			obs:  observe(r).baseline(rec{status: 401}).fail(authdoctor.RoleAuthenticated, authdoctor.PhaseBudget, "request budget spent", "").obs(),
			want: nil,
		},
		{
			name: "an answer came back",
			obs:  observe(r).baseline(rec{status: 401}).auth(rec{status: 401}).obs(),
			want: nil,
		},
		{
			name: "timeout after a redirect hop that answered",
			obs: func() *authdoctor.Observation {
				o := observe(r).auth(rec{status: 302, redirect: &authdoctor.Redirect{Location: "/v2/things", Next: "https://api.example.com/v2/things"}}).obs()
				o.Probes[0].Err = &authdoctor.TransportError{Phase: authdoctor.PhaseTimeout, Message: "no response within 10s"}
				return o
			}(),
			want: nil,
		},
	})
}
