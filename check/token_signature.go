package check

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// tokenSignature: the signature does not verify with the issuer's key of
// the same kid — checked cryptographically with the published JWKS — or
// it cannot be checked here (HS* needs the shared secret: said, not
// guessed).
func tokenSignature(in *Input) []authdoctor.Finding {
	r := in.Obs.Issuer
	if r == nil || r.Verification == nil {
		return nil
	}
	v := r.Verification
	switch v.Status {
	case authdoctor.Invalid:
		if strings.HasPrefix(strings.ToUpper(v.Alg), "HS") {
			// Checked with the shared secret the user gave (inspect
			// --hs-secret-env), not with published keys.
			ev := []string{fmt.Sprintf("alg %s: %s", v.Alg, v.Detail)}
			if !in.Failed() {
				return found(authdoctor.SeverityWarning, authdoctor.Confirmed,
					"The server accepted the token although its signature does not verify with the shared secret given: the server holds another secret.", ev...)
			}
			return found(authdoctor.SeverityError, authdoctor.Confirmed,
				"The token's signature does not verify with the shared secret given: it was altered, or signed with another secret.", append(ev, Describe(in.Auth), serverSaid(in.Parse(in.Final())))...)
		}
		ev := []string{fmt.Sprintf("alg %s, kid %q: %s", v.Alg, v.Kid, v.Detail), "keys from " + r.JWKSURL}
		if !in.Failed() {
			return found(authdoctor.SeverityWarning, authdoctor.Confirmed,
				"The server accepted the token although its signature does not verify with the issuer's published key: the server may trust another key set than the one published.", ev...)
		}
		ev = append(ev, Describe(in.Auth), serverSaid(in.Parse(in.Final())))
		return found(authdoctor.SeverityError, authdoctor.Confirmed,
			"The token's signature does not verify with the issuer's published key: it was altered, cut short, or signed by someone else.", ev...)
	case authdoctor.Unverifiable:
		if strings.HasPrefix(strings.ToUpper(v.Alg), "HS") {
			return found(authdoctor.SeverityInfo, authdoctor.Possible,
				fmt.Sprintf("The token is signed with a shared secret (%s); only the API and the issuer can check it, so authdoctor does not.", v.Alg),
				v.Detail)
		}
		if v.Detail != "" {
			return found(authdoctor.SeverityInfo, authdoctor.Possible, "The signature could not be checked: "+v.Detail+".")
		}
	}
	return nil
}
