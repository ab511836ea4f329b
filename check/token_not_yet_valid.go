package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
)

// tokenNotYetValid: nbf lies in the future by both clocks (RFC 7519
// §4.1.5): the issuer's clock runs ahead, or the token was minted for later.
func tokenNotYetValid(in *Input) []authdoctor.Finding {
	t := in.times()
	if t == nil || !t.earlyLocal || (t.hasServer && !t.earlyServer) {
		return nil
	}
	nbf := *t.start()
	claim := "nbf"
	if t.jwt.Nbf == nil {
		claim = "iat"
	}
	ev := []string{fmt.Sprintf("%s %s: valid only %s by this machine's clock", claim, stamp(nbf), ago(nbf, t.local))}
	if t.hasServer {
		ev = append(ev, fmt.Sprintf("and %s by the server's Date", ago(nbf, t.server)))
	}
	r := in.Parse(in.Final())
	conf := authdoctor.Likely
	if !in.Failed() {
		return nil
	}
	if phrase, ok := in.Said("not yet valid", "nbf", "not valid yet", "used before", "issued in the future", "iat"); ok {
		conf = authdoctor.Confirmed
		ev = append(ev, fmt.Sprintf("the server says %q", phrase))
	}
	ev = append(ev, Describe(in.Auth), serverSaid(r))
	return found(authdoctor.SeverityError, conf, fmt.Sprintf("The token is not valid yet: it starts %s (%s %s).", ago(nbf, t.local), claim, stamp(nbf)), ev...)
}
