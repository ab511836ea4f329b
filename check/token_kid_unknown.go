package check

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// tokenKidUnknown: the token's kid is not among the issuer's published
// keys — rotated away, or the token comes from another issuer or
// environment (root-causes C30).
func tokenKidUnknown(in *Input) []authdoctor.Finding {
	r := in.Obs.Issuer
	if r == nil || r.Verification == nil || r.Verification.Status != authdoctor.KidUnknown {
		return nil
	}
	var kids []string
	for _, k := range r.Keys {
		kids = append(kids, k.Kid)
	}
	ev := []string{fmt.Sprintf("token kid %q; %s publishes %s", r.Verification.Kid, r.JWKSURL, strings.Join(quoteAll(kids), ", "))}
	if !in.Failed() {
		return found(authdoctor.SeverityWarning, authdoctor.Likely,
			"The server accepted the token, but its signing key is no longer published: it will stop working when the API refreshes its keys.", ev...)
	}
	conf := authdoctor.Likely
	if phrase, ok := in.said("kid", "key", "signature", "unable to find"); ok {
		ev = append(ev, fmt.Sprintf("the server mentions %q", phrase))
	}
	ev = append(ev, Describe(in.Auth), serverSaid(in.Parse(in.Final())))
	return found(authdoctor.SeverityError, conf,
		fmt.Sprintf("The key that signed the token (kid %q) is not among the issuer's published keys: it was rotated away, or the token comes from another issuer or environment.", r.Verification.Kid), ev...)
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	if len(out) == 0 {
		return []string{"no keys"}
	}
	return out
}
