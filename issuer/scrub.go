package issuer

import "github.com/authdoctor/authdoctor"

// newScrubber is the scrubber of the secrets this package sends (the
// token, the client secret, the Basic credential): their exact values and
// the encodings an answer may echo them in.
func newScrubber(token, clientSecret authdoctor.Secret, basic string) *authdoctor.Scrubber {
	sc := authdoctor.NewScrubber(token.Reveal(), clientSecret.Reveal())
	// The Basic pair is a secret only when it holds one: "client:" is
	// just the client id.
	if basic != "" && !clientSecret.IsZero() {
		sc.AddSecret(authdoctor.NewSecret(basic))
	}
	return sc
}
