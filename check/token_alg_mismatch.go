package check

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// tokenAlgMismatch: the token is signed with an algorithm its issuer does
// not use — typically HS256 (a shared secret, e.g. a development token)
// where the issuer publishes only public keys (root-causes C31).
func tokenAlgMismatch(in *Input) []authdoctor.Finding {
	c := in.Primary()
	r := in.Obs.Issuer
	if c == nil || c.Info.JWT == nil || r == nil || c.Info.JWT.Alg == "" || strings.EqualFold(c.Info.JWT.Alg, "none") {
		return nil
	}
	alg := c.Info.JWT.Alg
	var ev []string
	if strings.HasPrefix(strings.ToUpper(alg), "HS") && len(r.Keys) > 0 {
		for _, k := range r.Keys {
			if k.Kty == "oct" {
				return nil
			}
		}
		ev = append(ev, fmt.Sprintf("alg %s needs a shared secret; %s publishes only public keys", alg, r.JWKSURL))
	} else if m := r.Metadata; m != nil && len(m.SigningAlgs) > 0 && !contains(m.SigningAlgs, alg) {
		ev = append(ev, fmt.Sprintf("alg %s; the issuer signs with %s", alg, strings.Join(m.SigningAlgs, ", ")))
	} else {
		return nil
	}
	if v := r.Verification; v != nil && v.Status == authdoctor.Verified {
		// Its signature verified with the shared secret the user gave
		// (inspect --hs-secret-env): not a forgery, but not the issuer's
		// signature either; saying "invalid" would contradict the check.
		ev = append(ev, "the signature verifies with the shared secret given")
		return found(authdoctor.SeverityWarning, authdoctor.Likely,
			fmt.Sprintf("The token's signature is valid with the shared secret given, yet it names an issuer that does not sign with %s: the API must trust that secret, not the issuer's keys.", alg), ev...)
	}
	if !in.Failed() {
		return found(authdoctor.SeverityWarning, authdoctor.Possible, fmt.Sprintf("The token is signed with %s, which its issuer does not use; the server accepted it anyway.", alg), ev...)
	}
	ev = append(ev, Describe(in.Auth), serverSaid(in.Parse(in.Final())))
	return found(authdoctor.SeverityError, authdoctor.Likely,
		fmt.Sprintf("The token is signed with %s, an algorithm its issuer does not use: it was not issued by this identity provider (a development or test token?).", alg), ev...)
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
