package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
)

// statusUnexpected: an answer that says nothing about authentication — a
// 4xx other than 400/401/403/404/405/407/429, a redirect loop, a redirect
// without Location, or a 400 without any hint.
func statusUnexpected(in *Input) []authdoctor.Finding {
	p := in.Auth
	if p == nil {
		return nil
	}
	if p.Err != nil && p.Err.Phase == authdoctor.PhaseBudget && len(p.Hops) > 0 {
		fs := found(authdoctor.SeverityError, authdoctor.Possible, "The request budget ran out while following redirects, so the final answer was never seen.", fmt.Sprintf("%d hops followed", len(p.Hops)), Describe(p))
		fs[0].Fix = "Raise --max-requests, or call the URL the redirects lead to directly."
		return fs
	}
	if p.Err != nil && p.Err.Phase == authdoctor.PhaseRedirect {
		return found(authdoctor.SeverityError, authdoctor.Likely, "The server keeps redirecting: "+p.Err.Message+".", fmt.Sprintf("%d hops followed", len(p.Hops)))
	}
	f := p.Final()
	if f == nil {
		return nil
	}
	st := f.Status
	switch {
	case st >= 300 && st < 400:
		return found(authdoctor.SeverityError, authdoctor.Possible, fmt.Sprintf("The server answered %s without a usable Location to follow.", StatusLine(st)), Describe(p))
	case st == 400:
		r := in.Parse(f)
		if code, _ := r.BearerError(); code != "" {
			return nil
		}
		return found(authdoctor.SeverityError, authdoctor.Possible, "The server answered 400 Bad Request without naming an authentication problem.", Describe(p), serverSaid(r))
	case st >= 400 && st < 500:
		switch st {
		case 401, 403, 404, 405, 407, 410, 429:
			return nil
		}
		r := in.Parse(f)
		return found(authdoctor.SeverityError, authdoctor.Possible, fmt.Sprintf("The server answered %s, which is not an authentication answer.", StatusLine(st)), Describe(p), serverSaid(r))
	}
	return nil
}
