package check

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
)

var rejectedPhrases = []string{"invalid api key", "invalid key", "bad credentials", "invalid credentials", "incorrect username or password", "invalid username or password", "authentication failed", "invalid password", "unauthorized api key", "api key not valid", "invalid_client", "invalid authentication credentials"}

// credentialRejected: a password or API key the server received and
// refused. For Basic the server's own Basic challenge is the evidence
// (authdoctor never sends a damaged password: accounts lock); for API keys,
// an answer that differs from the one without a key.
func credentialRejected(in *Input) []authdoctor.Finding {
	c := in.Primary()
	f := in.Final()
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
	phrase, said := r.Body.Has(rejectedPhrases...)
	if said {
		conf = authdoctor.Likely
		ev = append(ev, fmt.Sprintf("the server says %q", phrase))
	}
	if f.Status == 403 && !said {
		return nil // 403 means authenticated (RFC 9110 §15.5.4) unless the server says otherwise
	}
	switch strings.ToLower(c.Scheme) {
	case "basic", "digest":
		for _, ch := range r.Challenges {
			if ch.Is(c.Scheme) && f.Status == 401 {
				conf = authdoctor.Likely
				ev = append(ev, fmt.Sprintf("the server answers your %s credentials with a new %s challenge: it checked them and they did not match", c.Scheme, c.Scheme))
				if s, ok := ch.Param("stale"); ok && strings.EqualFold(s, "true") {
					ev = append(ev, "stale=true: the Digest nonce expired, the password may be right; retry once with the new nonce")
				}
				break
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
	if c.Info.Kind == "api_key" {
		who = "API key"
	}
	if c.Info.BasicUser != "" {
		ev = append(ev, fmt.Sprintf("user name %q", c.Info.BasicUser))
	}
	return found(authdoctor.SeverityError, conf, fmt.Sprintf("The server received your %s and rejected it: it does not match what the server has.", who), ev...)
}
