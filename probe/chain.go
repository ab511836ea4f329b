package probe

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// chain is the state of one Send while it follows redirects.
type chain struct {
	s       *Sender
	parent  context.Context // the caller's context: cancelled means interrupted
	ctx     context.Context // parent bounded by Config.Timeout
	initial *url.URL
	fields  []authdoctor.Field // the first hop's fields
	scrub   *authdoctor.Scrubber
	// bodyGone is set once a redirect dropped the body; it stays dropped.
	bodyGone bool
	// seen holds "METHOD URL" of every hop sent, to detect loops.
	seen map[string]bool
	// stripped records, per modelled client, that an earlier hop already
	// dropped Authorization.
	stripped map[authdoctor.Client]bool
}

// run sends the first hop and every redirect after it.
func (c *chain) run(method string, body authdoctor.Secret) ([]authdoctor.Exchange, *authdoctor.TransportError) {
	var hops []authdoctor.Exchange
	cur, fields := c.initial, c.fields
	for {
		if terr := validateFields(fields); terr != nil {
			return hops, terr
		}
		if c.parent.Err() != nil {
			// Interrupted between hops (or before the first): send nothing more.
			return hops, &authdoctor.TransportError{Phase: authdoctor.PhaseCancelled,
				Message: fmt.Sprintf("the probe was interrupted after %d requests", len(hops))}
		}
		if !c.s.take() {
			return hops, budgetError(c.s.cfg.MaxRequests, len(hops))
		}
		if len(hops) > 0 {
			hops[len(hops)-1].Redirect.Forwarded = sendsCredential(fields)
		}
		c.seen[method+" "+cur.String()] = true
		ex, location, terr := c.s.exchange(c, method, cur, fields, body)
		hops = append(hops, ex)
		if terr != nil {
			return hops, terr
		}
		next, ok := c.redirect(&hops[len(hops)-1], cur, method, location)
		if !ok || c.s.cfg.MaxRedirects < 0 {
			return hops, nil
		}
		if followed := len(hops) - 1; followed >= c.s.cfg.MaxRedirects {
			return hops, &authdoctor.TransportError{Phase: authdoctor.PhaseRedirect,
				Message: fmt.Sprintf("the server redirected more than %d times (a chain of %d responses so far); the limit is %d",
					followed, len(hops), c.s.cfg.MaxRedirects),
				Hint: "look at where the redirects go (curl -sIL URL); a login page or an http/https bounce is common"}
		}
		nextMethod, keepBody := redirectMethod(ex.Status, method)
		if c.seen[nextMethod+" "+next.String()] {
			return hops, &authdoctor.TransportError{Phase: authdoctor.PhaseRedirect,
				Message: fmt.Sprintf("the redirects go round in a loop: after a chain of %d responses the server sent the client back to a URL it had already asked for", len(hops)),
				Hint:    "often a login page that redirects back, a missing cookie, or an http/https bounce; look with curl -sIL URL"}
		}
		if !keepBody {
			body, c.bodyGone = authdoctor.Secret{}, true
		}
		cur, method, fields = next, nextMethod, c.forward(next)
	}
}

// redirect fills ex.Redirect when ex is a 3xx with a Location and returns
// the URL to follow; ok is false when there is nothing to follow (no
// redirect, or a Location that is not an http or https URL).
func (c *chain) redirect(ex *authdoctor.Exchange, cur *url.URL, method, location string) (*url.URL, bool) {
	if !isRedirect(ex.Status) || location == "" {
		return nil, false
	}
	ref, err := url.Parse(location)
	if err != nil {
		return nil, false
	}
	next := cur.ResolveReference(ref)
	next.Fragment, next.RawFragment = "", ""
	nextMethod, _ := redirectMethod(ex.Status, method)
	r := &authdoctor.Redirect{
		Location:      c.scrub.String(authdoctor.RedactURL(location)),
		Next:          c.scrub.String(authdoctor.RedactURL(next.String())),
		HostChanged:   !strings.EqualFold(cur.Hostname(), next.Hostname()),
		SchemeChanged: cur.Scheme != next.Scheme,
		PortChanged:   effectivePort(cur) != effectivePort(next),
		Downgrade:     cur.Scheme == "https" && next.Scheme == "http",
		MethodChanged: nextMethod != method,
		Keeps:         map[authdoctor.Client]bool{},
	}
	for _, cl := range Clients() {
		keep := KeepsAuthorization(cl, c.initial, cur, next, c.stripped[cl])
		r.Keeps[cl] = keep
		if !keep {
			c.stripped[cl] = true
		}
	}
	ex.Redirect = r
	if next.Scheme != "http" && next.Scheme != "https" || next.Hostname() == "" {
		return nil, false
	}
	return next, true
}

// forward returns the fields for the hop to next: non-sensitive fields
// always, credential fields and Host only to the first request's origin
// (curl's rule) unless Config.TrustRedirects, body fields only while the
// body is still sent.
func (c *chain) forward(next *url.URL) []authdoctor.Field {
	same := sameOrigin(c.initial, next)
	var out []authdoctor.Field
	for _, f := range c.fields {
		switch {
		case f.Sensitive() && !same && !c.s.cfg.TrustRedirects:
		case strings.EqualFold(f.Name, "Host") && !same:
		case c.bodyGone && bodyField(f.Name):
		default:
			out = append(out, f)
		}
	}
	return out
}

// bodyField reports whether a field describes the request body and goes
// away with it when a redirect turns the method into GET; the list is the
// one net/http uses (after the Fetch standard).
func bodyField(name string) bool {
	switch http.CanonicalHeaderKey(name) {
	case "Content-Encoding", "Content-Language", "Content-Location", "Content-Type", "Content-Length":
		return true
	}
	return false
}

// sendsCredential reports whether any of fields carries a credential.
func sendsCredential(fields []authdoctor.Field) bool {
	for _, f := range fields {
		if f.Sensitive() {
			return true
		}
	}
	return false
}

// isRedirect reports whether status is a redirect a client follows.
func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// redirectMethod is the method and body rule net/http applies to a
// redirect: 301, 302 and 303 turn anything but GET and HEAD into GET and
// drop the body; 307 and 308 keep both (RFC 9110 §15.4).
func redirectMethod(status int, method string) (string, bool) {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther:
		if method != http.MethodGet && method != http.MethodHead {
			return http.MethodGet, false
		}
		return method, false
	}
	return method, true
}

// budgetError says the request budget is spent after sent hops.
func budgetError(budget, sent int) *authdoctor.TransportError {
	msg := fmt.Sprintf("the request budget of %d is spent; nothing was sent", budget)
	if sent > 0 {
		msg = fmt.Sprintf("the request budget of %d is spent after %d hops of this probe; the next redirect was not followed", budget, sent)
	}
	return &authdoctor.TransportError{Phase: authdoctor.PhaseBudget, Message: msg,
		Hint: "raise the request budget, or send fewer probes"}
}
