package check

import (
	"encoding/base64"
	"fmt"
	"strings"

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
	if v, ok := c.vendorKey(); ok && v.Host != "" && host != "" && !strings.EqualFold(host, v.Host) && sameSite(host, v.Host) {
		// The key names its own host (a Mailchimp key ends with its data
		// centre, -us16, and works only on us16.api.mailchimp.com): the
		// same vendor's other host is another environment for it.
		conf = authdoctor.Likely
		where := v.Host
		if v.Region != "" {
			where = fmt.Sprintf("%s (region %s)", v.Host, v.Region)
		}
		ev = append(ev, fmt.Sprintf("the %s key names its host %s; the request went to %s", v.Name, where, host))
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
	if v, ok := c.vendorKey(); ok && v.Host != "" && !strings.EqualFold(host, v.Host) && sameSite(host, v.Host) {
		sum = fmt.Sprintf("The %s key belongs to %s, not to %s.", v.Name, v.Host, host)
	}
	if c.Info.Environment != "" && hostEnv != "" {
		sum = fmt.Sprintf("You sent a %s credential to a %s server.", c.Info.Environment, hostEnv)
	}
	return found(authdoctor.SeverityError, conf, sum, ev...)
}

// vendorKey is the catalogue's vendor of c: the value itself, or for Basic
// the decoded password or user id (Mailchimp takes its key as the Basic
// password, Stripe as the user id). The decoded value stays here.
func (c *Cred) vendorKey() (credential.Vendor, bool) {
	if c.HasVendor {
		return c.Vendor, true
	}
	if !strings.EqualFold(c.Scheme, "Basic") {
		return credential.Vendor{}, false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(c.credentials))
	if err != nil {
		return credential.Vendor{}, false
	}
	user, pass, _ := strings.Cut(strings.TrimRight(string(raw), "\r\n"), ":")
	if v, ok := credential.Recognise(pass); ok {
		return v, true
	}
	return credential.Recognise(user)
}

// sameSite reports whether two hosts are sibling hosts of one vendor:
// they share their last two labels (us16.api.mailchimp.com and
// us18.api.mailchimp.com) and neither is under the other
// (upload.pypi.org serves the tokens of pypi.org).
func sameSite(a, b string) bool {
	last2 := func(h string) string {
		parts := strings.Split(strings.ToLower(strings.TrimSuffix(h, ".")), ".")
		if len(parts) < 2 {
			return ""
		}
		return strings.Join(parts[len(parts)-2:], ".")
	}
	a, b = strings.ToLower(a), strings.ToLower(b)
	if strings.HasSuffix(a, "."+b) || strings.HasSuffix(b, "."+a) {
		return false // one serves under the other (upload.pypi.org, pypi.org): the same service
	}
	sa := last2(a)
	return sa != "" && sa == last2(b)
}
