package check

import (
	"fmt"
	"net/url"
	"regexp"
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
	if p != nil && len(p.Hops) == 1 {
		return signInServedInPlace(in, p)
	}
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

// pageTitle reads the title of an HTML page.
var pageTitle = regexp.MustCompile(`(?is)<title[^>]*>([^<]{1,200})</title>`)

// signInTitleWords mark the title of a sign-in page.
var signInTitleWords = []string{"sign in", "sign-in", "signin", "log in", "login", "log-in"}

// signInServedInPlace: an API call with a credential answered, without a
// redirect, by a 203 HTML page whose title is a sign-in page. Azure DevOps
// answers a PAT it does not take with 203 Non-Authoritative Information
// and its "Sign In" page (MicrosoftDocs/vsts-rest-api-specs#574): the 2xx
// is no acceptance, the server wants someone to log in.
func signInServedInPlace(in *Input, p *authdoctor.Probe) []authdoctor.Finding {
	f := p.Final()
	// Only 203: a 200 sign-in page without a redirect may be the page the
	// URL names; a 203 says the content is not the origin's answer.
	if f == nil || f.Status != 203 || in.Primary() == nil || !in.sentOnFinal() {
		return nil
	}
	r := in.Parse(f)
	if !r.Body.HTML {
		return nil
	}
	m := pageTitle.FindStringSubmatch(r.Body.Text)
	if m == nil {
		return nil
	}
	title := strings.TrimSpace(m[1])
	for _, w := range signInTitleWords {
		if containsWord(title, w) {
			ev := []string{Describe(p), fmt.Sprintf("the page's title is %q: a sign-in page, not the API's answer", oneLine(authdoctor.ScrubText(title)))}
			ev = append(ev, "203 Non-Authoritative Information: the content is not the origin's answer to this request (RFC 9110 §15.3.4)")
			return found(authdoctor.SeverityError, authdoctor.Likely,
				"The API answered with a sign-in page instead of data: it did not accept this credential, and a 2xx here is no acceptance.", ev...)
		}
	}
	return nil
}
