package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
)

// freshHypothesis is the confirm probe doctor sends with a freshly minted
// token (check --fresh-token).
const freshHypothesis = "token.fresh"

// tokenFresh: the request was sent once more with a token freshly minted
// by the same client. Accepted: getting a new token fixes it, and the
// credential-layer findings are confirmed. Refused: the token is not the
// whole problem.
func tokenFresh(in *Input) []authdoctor.Finding {
	p := in.Obs.Confirmation(freshHypothesis)
	if p == nil {
		return nil
	}
	st := p.Status()
	if st >= 200 && st < 300 {
		return found(authdoctor.SeverityInfo, authdoctor.Confirmed,
			"A fresh token from the same client is accepted: getting a new token fixes this.", Describe(p))
	}
	what := "no answer"
	if st != 0 {
		what = StatusLine(st)
	}
	fs := found(authdoctor.SeverityWarning, authdoctor.Likely,
		fmt.Sprintf("A fresh token from the same client is refused too (%s): the token is not the whole problem.", what), Describe(p))
	fs[0].Fix = "Look at what the client is allowed (grants, scopes, audience) and at the API's configuration (trusted issuer, key cache), not at the token."
	return fs
}
