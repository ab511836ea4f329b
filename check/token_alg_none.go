package check

import (
	"strings"

	"github.com/authdoctor/authdoctor"
)

// tokenAlgNone: an unsigned JWT (alg "none", RFC 7518 §3.6). No sane
// verifier accepts it; one that does is a security hole.
func tokenAlgNone(in *Input) []authdoctor.Finding {
	c := in.Primary()
	if c == nil || c.Info.JWT == nil || !strings.EqualFold(c.Info.JWT.Alg, "none") {
		return nil
	}
	if !in.Failed() {
		fs := found(authdoctor.SeverityWarning, authdoctor.Confirmed,
			"The server accepted an unsigned token (alg none): anyone can forge such a token. Report this to the API owner.",
			"JWT header alg \"none\"", Describe(in.Auth))
		fs[0].Fix = "The API must reject tokens with alg none (pin the algorithms its verifier accepts)."
		return fs
	}
	return found(authdoctor.SeverityError, authdoctor.Likely,
		"The token is not signed (alg none); APIs reject unsigned tokens.",
		"JWT header alg \"none\"", Describe(in.Auth), serverSaid(in.Parse(in.Final())))
}
