package check

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/authdoctor/authdoctor"
)

var rejectedPhrases = []string{"invalid api key", "invalid key", "bad credentials", "invalid credentials", "incorrect username or password", "invalid username or password", "authentication failed", "invalid password", "unauthorized api key", "api key not valid", "invalid_client", "invalid authentication credentials", "login failed"}

// credentialNouns name a password or key in a server's words; a bare
// "key" or "secret" is left out of the noun-first form, as "the key
// 'limit' is invalid" speaks of a JSON field.
const credentialNouns = `api[ _-]?keys?|api[ _-]?secret|secret key|application[ _-]?id|passwords?|passphrase|credentials?|consumer (?:key|secret)|(?:server|account|api|access|auth) (?:api )?tokens?|authorization grant|authentication information`

// invalidCredential finds a server calling the credential wrong in its
// own word order: "The api key provided is invalid" (Razorpay), "API Key
// Invalid" (Mailchimp), "Name or password is incorrect" (CouchDB), "The
// provided authorization grant is invalid, expired, or revoked"
// (SendGrid), "Invalid or non-existent authentication information" (PyPI),
// "Invalid API-key" (Binance), "does not contain a valid Server token"
// (Postmark).
var invalidCredential = regexp.MustCompile(`\b(?:` + credentialNouns + `)(?: provided| supplied| given| you (?:sent|provided|supplied))? (?:(?:is|are|was|were) )?(?:invalid|incorrect|not valid|wrong|revoked|unknown|not recognized|not recognised)\b` +
	`|\b(?:invalid|incorrect|wrong|unknown|revoked)(?: or [a-z-]+)? (?:` + credentialNouns + `|key|secret)\b` +
	`|\b(?:does not|doesn't|did not) (?:contain|include) a valid (?:[a-z]+ )?(?:` + credentialNouns + `|key|token)\b`)

// saysRejected returns the words of the final answer that call the
// password or key wrong.
func saysRejected(b ErrorBody) (string, bool) {
	if p, ok := b.Has(rejectedPhrases...); ok {
		return p, true
	}
	if m := invalidCredential.FindString(b.Text); m != "" {
		return m, true
	}
	return "", false
}

// credentialRejected: a password or API key the server received and
// refused. For Basic the server's own Basic challenge is the evidence
// (authdoctor never sends a damaged password: accounts lock); for API keys,
// an answer that differs from the one without a key.
func credentialRejected(in *Input) []authdoctor.Finding {
	c := in.Primary()
	f := in.Final()
	if c == nil && f != nil {
		return outsideHeadersRejected(in, f)
	}
	if c == nil || f == nil || c.tokenLike() || !in.sentOnFinal() || strings.TrimSpace(c.credentials) == "" {
		return nil
	}
	if f.Status != 401 && f.Status != 403 {
		return nil
	}
	r := in.Parse(f)
	ev := []string{Describe(in.Auth)}
	ev = append(ev, in.challengeLines(f)...)
	conf := authdoctor.Confidence("")
	phrase, said := saysRejected(r.Body)
	if said {
		conf = authdoctor.Likely
		ev = append(ev, fmt.Sprintf("the server says %q", phrase))
	}
	if f.Status == 403 && !said {
		return nil // 403 means authenticated (RFC 9110 §15.5.4) unless the server says otherwise
	}
	switch strings.ToLower(c.Scheme) {
	case "basic", "digest":
		challenged := false
		for _, ch := range r.Challenges {
			if ch.Is(c.Scheme) && f.Status == 401 {
				challenged = true
				conf = authdoctor.Likely
				ev = append(ev, fmt.Sprintf("the server answers your %s credentials with a new %s challenge: it checked them and they did not match", c.Scheme, c.Scheme))
				if s, ok := ch.Param("stale"); ok && strings.EqualFold(s, "true") {
					ev = append(ev, "stale=true: the Digest nonce expired, the password may be right; retry once with the new nonce")
				}
				break
			}
		}
		// No damaged copy is ever sent for a password, but the baseline is:
		// an answer that differs from the one without any credential shows
		// the server read these (Razorpay, CouchDB and Mailchimp send no
		// Basic challenge). Words of permission say the user is known.
		if !challenged && f.Status == 401 && in.Baseline != nil && in.Baseline.Final() != nil && !in.SameAs(in.Auth, in.Baseline) {
			if _, perm := r.Body.Has(permissionPhrases...); !perm {
				if conf == "" {
					conf = authdoctor.Likely
				}
				ev = append(ev, Describe(in.Baseline)+" — a different answer, so the server did read your credentials")
			}
		}
	default:
		if in.Baseline != nil && !in.SameAs(in.Auth, in.Baseline) {
			if conf == "" {
				conf = authdoctor.Likely
			}
			ev = append(ev, Describe(in.Baseline)+" — a different answer, so the server did read your key")
		}
	}
	if conf == "" && f.Status == 401 && in.Baseline == nil && strings.EqualFold(c.Scheme, "Basic") && c.Info.Vendor != "" {
		if _, perm := r.Body.Has(permissionPhrases...); !perm || bareForbidden(r.Body) {
			// A vendor's API key in Basic (Mailgun "api:key-…", Twilio,
			// Stripe) and nothing to compare with (a write gets no
			// baseline): the key was sent in the form the vendor
			// documents, so its 401 (RFC 9110 §15.5.2) is the key refused;
			// possible, as token.rejected is for a lone 401. A user's
			// password gets no such claim: a Basic 401 without a challenge
			// can as well be a server that never read it.
			conf = authdoctor.Possible
			ev = append(ev, fmt.Sprintf("a %s key in Basic and no answer without it to compare: a 401 to it is the key refused (RFC 9110 §15.5.2)", c.Info.Vendor))
		}
	}
	if conf == "" {
		return nil
	}
	if _, ok := r.Body.Has(permissionPhrases...); ok && f.Status == 403 {
		return nil
	}
	if s := serverSaid(r); s != "" {
		ev = append(ev, s)
	}
	who := "user name and password"
	if c.Info.Kind == "api_key" || c.Info.Vendor != "" && strings.EqualFold(c.Scheme, "Basic") {
		who = "API key"
	}
	if c.Info.BasicUser != "" {
		ev = append(ev, fmt.Sprintf("user name %q", c.Info.BasicUser))
	}
	return found(authdoctor.SeverityError, conf, fmt.Sprintf("The server received your %s and rejected it: it does not match what the server has.", who), ev...)
}

// outsideHeadersRejected: no credential in the headers, a key in the
// query or the body (Algolia reads x-algolia-api-key from the query by
// design), and a 401 or 403 whose words call that key wrong: the server
// read it where it was and refused it.
func outsideHeadersRejected(in *Input, f *authdoctor.Exchange) []authdoctor.Finding {
	if f.Status != 401 && f.Status != 403 {
		return nil
	}
	where := credentialOutsideHeaders(in.Obs.Request)
	if where == "" {
		return nil
	}
	r := in.Parse(f)
	phrase, said := saysRejected(r.Body)
	if !said {
		return nil
	}
	return found(authdoctor.SeverityError, authdoctor.Likely,
		fmt.Sprintf("The server read the key in the %s and rejected it: it does not match what the server has.", where),
		Describe(in.Auth), "the request carries its credential in the "+where, fmt.Sprintf("the server says %q: it read the key there", phrase), serverSaid(r))
}
