package check

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// loginWords mark a redirect to a sign-in page rather than to the API.
var loginWords = []string{"login", "signin", "sign_in", "sign-in", "oauth2/start", "oauth2/sign_in", "authorize", "/sso", "saml", "cdn-cgi/access", "auth/realms", "openid-connect/auth"}

// endpointLoginRedirect: the API call was redirected to a sign-in page
// and ended in a 2xx HTML page: the gateway in front of the API (an
// OAuth2 proxy, Cloudflare Access, an SSO) did not take the credential,
// and a 2xx here is no acceptance.
func endpointLoginRedirect(in *Input) []authdoctor.Finding {
	p := in.Auth
	if p == nil || len(p.Hops) < 2 {
		return nil
	}
	f := p.Final()
	if f == nil || f.Status >= 400 {
		return nil
	}
	var login string
	for _, h := range p.Hops {
		if h.Redirect == nil {
			continue
		}
		u, err := url.Parse(h.Redirect.Next)
		if err != nil {
			continue
		}
		where := strings.ToLower(u.Host + u.Path)
		for _, w := range loginWords {
			if strings.Contains(where, w) {
				login = authdoctor.RedactURL(h.Redirect.Next)
			}
		}
	}
	if login == "" || in.Primary() == nil {
		return nil
	}
	r := in.Parse(f)
	if !r.Body.HTML && f.Status < 300 && !strings.Contains(strings.ToLower(f.Header.Get("Content-Type")), "html") {
		return nil
	}
	return found(authdoctor.SeverityError, authdoctor.Likely,
		"The API sent you to a sign-in page: the gateway in front of it (an OAuth2 proxy, Cloudflare Access, an SSO) did not accept this credential for API access.",
		fmt.Sprintf("redirected to %s", login), Describe(p))
}
