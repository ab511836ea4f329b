package check

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// tokenKidMissing: a JWT without a kid from an issuer that publishes
// several keys. Verifiers that pick the key by kid (most of them) cannot
// choose one; those that try every key work until a rotation.
func tokenKidMissing(in *Input) []authdoctor.Finding {
	c := in.Primary()
	r := in.Obs.Issuer
	if c == nil || c.Info.JWT == nil || c.Info.JWT.Kid != "" || r == nil || len(r.Keys) < 2 {
		return nil
	}
	if strings.EqualFold(c.Info.JWT.Alg, "none") || strings.HasPrefix(strings.ToUpper(c.Info.JWT.Alg), "HS") {
		return nil // signature checks say more
	}
	sev := authdoctor.SeverityInfo
	if in.Failed() && r.Verification != nil && r.Verification.Status != authdoctor.Verified {
		sev = authdoctor.SeverityWarning
	}
	return found(sev, authdoctor.Possible,
		fmt.Sprintf("The token has no kid, and its issuer publishes %d keys: verifiers that select the key by kid cannot check it.", len(r.Keys)),
		fmt.Sprintf("JWT header without kid; %s publishes %s", r.JWKSURL, strings.Join(quoteAll(kidsOf(r.Keys)), ", ")))
}

func kidsOf(keys []authdoctor.JWK) []string {
	var out []string
	for _, k := range keys {
		out = append(out, k.Kid)
	}
	return out
}
