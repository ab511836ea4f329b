package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
)

// authzCSRF: a session-authenticated write refused for lack of a CSRF token
// (Django REST framework, Spring, Rails, Laravel 419; root-causes C40).
func authzCSRF(in *Input) []authdoctor.Finding {
	f := in.Final()
	if f == nil || (f.Status != 403 && f.Status != 419 && f.Status != 422 && f.Status != 401) {
		return nil
	}
	r := in.Parse(f)
	phrase, ok := r.Body.Has("csrf", "xsrf", "authenticity token", "invalidauthenticitytoken", "page expired")
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
