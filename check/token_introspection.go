package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
)

// tokenIntrospection: the issuer says the token is not active (RFC 7662
// §2.2): revoked, expired or unknown to it. A refused introspection says
// the client credentials used for it are wrong, not the token.
func tokenIntrospection(in *Input) []authdoctor.Finding {
	r := in.Obs.Issuer
	if r == nil || r.Introspection == nil {
		return nil
	}
	is := r.Introspection
	switch {
	case is.Status == 401 || is.Status == 403:
		fs := found(authdoctor.SeverityInfo, authdoctor.Likely,
			fmt.Sprintf("The introspection endpoint refused authdoctor's client credentials (%s); this says nothing about the token.", StatusLine(is.Status)),
			"POST "+is.Endpoint+" → "+StatusLine(is.Status), is.Error)
		fs[0].Fix = "Check the client id and secret given for introspection (--client-id-env, --client-secret-env)."
		return fs
	case is.Active == nil:
		if is.Status >= 200 && is.Status < 300 {
			return found(authdoctor.SeverityInfo, authdoctor.Possible, "The introspection answer has no \"active\" member, which RFC 7662 requires: the endpoint is broken.", "POST "+is.Endpoint)
		}
		return nil
	case *is.Active:
		return nil
	}
	if t := in.times(); t != nil && t.expLocal {
		return nil // expired: tokenExpired says it better
	}
	ev := []string{fmt.Sprintf("POST %s → {\"active\": false}", is.Endpoint)}
	if !in.Failed() {
		return found(authdoctor.SeverityWarning, authdoctor.Confirmed, "The issuer says the token is not active, yet the server accepted it: the server may cache tokens or not check revocation.", ev...)
	}
	ev = append(ev, Describe(in.Auth), serverSaid(in.Parse(in.Final())))
	return found(authdoctor.SeverityError, authdoctor.Confirmed,
		"The issuer says the token is not active: it was revoked, or the issuer does not know it (another issuer or environment).", ev...)
}
