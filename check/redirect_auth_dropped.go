package check

import (
	"fmt"
	"sort"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// redirectAuthDropped: the request was redirected to another origin and
// the credential did not follow (root-causes C14 and §B); the final answer
// is a refusal.
func redirectAuthDropped(in *Input) []authdoctor.Finding {
	p := in.Auth
	c := in.Primary()
	if p == nil || c == nil || len(p.Hops) < 2 || !p.Hops[0].Sends(c.Field.Name) {
		return nil
	}
	st := in.Status()
	if st != 401 && st != 403 && st != 400 {
		return nil
	}
	for i, h := range p.Hops {
		rd := h.Redirect
		if rd == nil || rd.Forwarded {
			continue
		}
		what := rd.Changes()
		ev := []string{fmt.Sprintf("hop %d: %s %s → %s, Location: %s (%s)", i+1, h.Method, authdoctor.RedactURL(h.URL), StatusLine(h.Status), authdoctor.RedactURL(rd.Next), strings.Join(what, ", "))}
		ev = append(ev, keepsLine(rd))
		ev = append(ev, fmt.Sprintf("final: %s", Describe(p)))
		ev = append(ev, in.challengeLines(p.Final())...)
		fs := found(authdoctor.SeverityError, authdoctor.Likely,
			fmt.Sprintf("The request was redirected to %s and the %s header was dropped on the way, so the final server never saw your credential.", authdoctor.RedactURL(originOf(rd.Next)), c.Name()), ev...)
		fs[0].Fix = fmt.Sprintf("Call the final URL directly (%s), or fix the base URL so no redirect happens (https://, www., trailing slash).", authdoctor.RedactURL(rd.Next))
		return in.confirm(fs, "sent directly to the final URL")
	}
	return nil
}

// keepsLine says which modelled clients keep Authorization on a hop.
func keepsLine(rd *authdoctor.Redirect) string {
	var keep, drop []string
	for cl, k := range rd.Keeps {
		if k {
			keep = append(keep, string(cl))
		} else {
			drop = append(drop, string(cl))
		}
	}
	sort.Strings(keep)
	sort.Strings(drop)
	switch {
	case len(keep) == 0:
		return "every modelled client drops Authorization here (" + strings.Join(drop, ", ") + ")"
	case len(drop) == 0:
		return "every modelled client keeps Authorization here (" + strings.Join(keep, ", ") + ")"
	}
	return "drops Authorization here: " + strings.Join(drop, ", ") + "; keeps it: " + strings.Join(keep, ", ")
}

func originOf(raw string) string {
	i := strings.Index(raw, "://")
	if i < 0 {
		return raw
	}
	rest := raw[i+3:]
	if j := strings.IndexAny(rest, "/?#"); j >= 0 {
		rest = rest[:j]
	}
	return raw[:i+3] + rest
}
