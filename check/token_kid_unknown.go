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
		return kidUnknownSaid(in)
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
	if phrase, ok := in.Said("kid", "key", "signature", "unable to find"); ok {
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

// kidUnknownSaid: without the issuer's keys, the server's own words
// (Azure IDX10501, "unable to find a signing key", "no matching key").
func kidUnknownSaid(in *Input) []authdoctor.Finding {
	c := in.Primary()
	if c == nil || c.Info.JWT == nil || !in.Failed() || in.Final() == nil {
		return nil
	}
	if r := in.Obs.Issuer; r != nil && r.Verification != nil && r.Verification.Status == authdoctor.Verified {
		return nil // the published keys verify it: the server's cache is the question
	}
	phrase, ok := in.Said("idx10501", "signature key was not found", "unable to find a signing key", "no matching key", "kid not found", "unable to find key", "key not found")
	if !ok {
		return nil
	}
	return found(authdoctor.SeverityError, authdoctor.Likely,
		fmt.Sprintf("The server cannot find the key that signed the token (kid %q): the key was rotated, or the token comes from another issuer or tenant.", c.Info.JWT.Kid),
		fmt.Sprintf("the server says %q", phrase), Describe(in.Auth), serverSaid(in.Parse(in.Final())))
}
