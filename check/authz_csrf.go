package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
)

// csrfPhrases name a CSRF token in a refusal. Frameworks spell it their
// own way: Tornado (Harbor) '_xsrf', Kibana's kbn-xsrf header, Jenkins'
// crumb, Rails' authenticity token, Laravel's 419 "page expired". The
// leading underscore of _xsrf and _csrf is part of the name, so those are
// listed as words of their own.
var csrfPhrases = []string{"csrf", "xsrf", "_csrf", "_xsrf", "crumb", "authenticity token", "invalidauthenticitytoken", "page expired"}

// authzCSRF: a session-authenticated write refused for lack of a CSRF token
// (Django REST framework, Spring, Rails, Laravel 419, Kibana 400; root-causes C40).
func authzCSRF(in *Input) []authdoctor.Finding {
	f := in.Final()
	if f == nil {
		return nil
	}
	switch f.Status {
	case 400, 401, 403, 419, 422:
		// 400: Kibana answers a write without kbn-xsrf "Bad Request"; the
		// words, not the status, say what is missing.
	default:
		return nil
	}
	r := in.Parse(f)
	phrase, ok := r.Body.Has(csrfPhrases...)
	if !ok {
		return nil
	}
	ev := []string{Describe(in.Auth), fmt.Sprintf("the server says %q", phrase), serverSaid(r)}
	req := in.Obs.Request
	if _, ok := req.Get("Cookie"); ok {
		ev = append(ev, "the request carries a Cookie, so the server treats it as a browser session")
	}
	_, h1 := req.Get("X-CSRF-Token")
	_, h2 := req.Get("X-XSRF-TOKEN")
	_, h3 := req.Get("X-CSRFToken")
	if !h1 && !h2 && !h3 {
		ev = append(ev, "no X-CSRF-Token / X-XSRF-TOKEN / X-CSRFToken header was sent")
	}
	return found(authdoctor.SeverityError, authdoctor.Likely,
		"The server treats this as a browser session and refuses the write without a CSRF token.", ev...)
}
