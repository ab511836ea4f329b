package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
)

// credentialEnvironment: the credential says one environment, the target
// host another (a live key against a sandbox host, a test key against
// production), or the server says so in its answer (root-causes C41–C45).
func credentialEnvironment(in *Input) []authdoctor.Finding {
	c := in.Primary()
	if c == nil {
		return nil
	}
	host := hostOf(in.Obs.Request.URL)
	if f := in.Final(); f != nil {
		host = hostOf(f.URL)
	}
	hostEnv := credential.HostEnvironment(host)
	if e := credential.NormaliseEnvironment(in.Obs.Expect.Environment); e != "" {
		hostEnv = e // the profile says which environment this target is
	}
	r := in.Parse(in.Final())
	var ev []string
	conf := authdoctor.Confidence("")
	if c.Info.Environment != "" && hostEnv != "" && credential.EnvironmentsConflict(c.Info.Environment, hostEnv) {
		conf = authdoctor.Likely
		who := c.Info.Vendor
		if who == "" {
			who = c.Info.Kind
		}
		ev = append(ev, fmt.Sprintf("the credential is a %s %s credential (prefix %s)", c.Info.Environment, who, c.Info.Prefix),
			fmt.Sprintf("the host %s is a %s host", host, hostEnv))
	}
	if phrase, ok := r.Body.Has("similar object exists in live mode", "similar object exists in test mode", "wrong mode is used", "live mode key", "test mode key", "sandbox credentials", "production credentials"); ok && in.Failed() {
		conf = authdoctor.Confirmed
		ev = append(ev, fmt.Sprintf("the server says %q", phrase))
	}
	if conf == "" || !in.Failed() {
		return nil
	}
	ev = append(ev, Describe(in.Auth), serverSaid(r))
	sum := "The credential belongs to another environment than the server."
	if c.Info.Environment != "" && hostEnv != "" {
		sum = fmt.Sprintf("You sent a %s credential to a %s server.", c.Info.Environment, hostEnv)
	}
	return found(authdoctor.SeverityError, conf, sum, ev...)
}
