package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestStatusUnexpected(t *testing.T) {
	t.Parallel()
	r := req(apiURL, bearer(opaque(39)))
	loop := func() *authdoctor.Observation {
		hop := rec{status: 302, header: hdr("Location", apiURL), redirect: &authdoctor.Redirect{Location: apiURL, Next: apiURL, Forwarded: true}}
		o := observe(r).auth(hop, hop, hop).obs()
		o.Probes[0].Err = &authdoctor.TransportError{Phase: authdoctor.PhaseRedirect, Message: "redirect loop at https://api.example.com/v1/things"}
		return o
	}
	runTable(t, "status.unexpected", []tc{
		{
			name: "400 without a hint",
			obs:  observe(r).auth(jsonRec(400, `{"message":"Bad Request"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Possible, evidence: []string{"400 Bad Request"}, summary: "without naming an authentication problem"},
		},
		{
			name: "422",
			obs:  observe(r).auth(jsonRec(422, `{"message":"Validation Failed"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Possible, summary: "422 Unprocessable Entity"},
		},
		{
			name: "418",
			obs:  observe(r).auth(rec{status: 418}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Possible},
		},
		{
			name: "redirect loop",
			obs:  loop(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"3 hops followed"}, summary: "keeps redirecting"},
		},
		{
			name: "302 without a Location",
			obs:  observe(r).auth(rec{status: 302}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Possible, summary: "302 Found"},
		},
		{
			name: "redirect not followed because the budget was spent",
			obs: func() *authdoctor.Observation {
				o := observe(r).auth(rec{status: 302, header: hdr("Location", "/login"), redirect: &authdoctor.Redirect{Location: "/login", Next: "https://api.example.com/login"}}).obs()
				o.Probes[0].Err = &authdoctor.TransportError{Phase: authdoctor.PhaseBudget, Message: "the request budget of 6 is spent after 1 hops of this probe; the next redirect was not followed"}
				return o
			}(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Possible, summary: "budget ran out while following redirects"},
		},
		{
			name: "400 with an rfc 6750 error code",
			obs:  observe(r).auth(rec{status: 400, header: hdr("WWW-Authenticate", `Bearer error="invalid_request"`)}).obs(),
		},
		{name: "401", obs: observe(r).auth(rec{status: 401}).obs()},
		{name: "403", obs: observe(r).auth(rec{status: 403}).obs()},
		{name: "404", obs: observe(r).auth(rec{status: 404}).obs()},
		{name: "405", obs: observe(r).auth(rec{status: 405}).obs()},
		{name: "407", obs: observe(r).auth(rec{status: 407}).obs()},
		{name: "429", obs: observe(r).auth(rec{status: 429}).obs()},
		{name: "200", obs: observe(r).auth(rec{status: 200}).obs()},
		{name: "500", obs: observe(r).auth(rec{status: 500}).obs()},
		{name: "no response", obs: observe(r).fail(authdoctor.RoleAuthenticated, authdoctor.PhaseDNS, "no such host", "").obs()},
	})
}
