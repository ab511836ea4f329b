package check

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// gateIPAllowlist: the credential is accepted but the network is not
// (GitHub's "IP allow list enabled", other allow lists). The tell is the
// phrase, or a public resource that works without the credential and is
// refused with it (root-causes C38).
func gateIPAllowlist(in *Input) []authdoctor.Finding {
	f := in.Final()
	if f == nil || (f.Status != 403 && f.Status != 401) {
		return nil
	}
	r := in.Parse(f)
	if phrase, ok := r.Body.Has("ip allow list", "ip allowlist", "ip whitelist", "your ip address is not permitted", "ip address is not allowed", "not in the allowed ip", "ip restriction", "from this ip"); ok {
		ev := []string{Describe(in.Auth), fmt.Sprintf("the answer says %q", phrase), serverSaid(r)}
		if b := in.Baseline; b != nil && b.Status() >= 200 && b.Status() < 300 {
			ev = append(ev, Describe(b)+" — the same resource works without your credential")
		}
		return found(authdoctor.SeverityError, authdoctor.Confirmed,
			"An IP allow list blocks your network address; your credential itself was accepted.", ev...)
	}
	if f.Status != 403 {
		return nil
	}
	// The same plain 403 page with and without a credential, and no
	// challenge: nobody was authenticated, an access rule in front of auth
	// answered (nginx or Apache deny, a directory permission, a WAF).
	if b := in.Baseline; b != nil && in.SameAs(in.Auth, b) && len(f.Header.Values("WWW-Authenticate")) == 0 && plainPage(r.Body) {
		if _, authy := r.Body.Has("credentials", "token", "authenticat", "login", "api key", "csrf", "scope"); !authy {
			ev := []string{Describe(b), Describe(in.Auth), "the same plain 403 page with and without a credential, and no WWW-Authenticate challenge: the refusal comes before any authentication"}
			if s := f.Header.Get("Server"); s != "" {
				ev = append(ev, "Server: "+s)
			}
			return found(authdoctor.SeverityError, authdoctor.Likely,
				"An access rule in front of authentication refuses every request from here (an IP deny rule, a firewall or a server permission), whatever the credential.", ev...)
		}
	}
	if b := in.Baseline; b != nil && b.Status() >= 200 && b.Status() < 300 {
		if _, ok := r.Body.Has("csrf", "scope", "rate limit", "saml", "sso"); ok {
			return nil
		}
		return found(authdoctor.SeverityWarning, authdoctor.Possible,
			"The resource is public (it works without a credential) but refused with yours: an organisation policy such as an IP allow list applies to authenticated requests.",
			Describe(b), Describe(in.Auth), serverSaid(r))
	}
	return nil
}

// plainPageMessage is the longest text body still read as a bare refusal
// page ("Access denied", "Forbidden") rather than an API's explanation.
const plainPageMessage = 80

// plainPage reports whether a body is a server's bare refusal page: HTML,
// empty, or a short line of text that is not JSON.
func plainPage(b ErrorBody) bool {
	return b.HTML || strings.TrimSpace(b.Text) == "" || b.Message == "" || !b.JSON && len(b.Message) <= plainPageMessage
}
