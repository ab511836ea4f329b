package check

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// transportPlainHTTP: a credential went over http:// to a host that is not
// loopback. It is the verdict only when the answer points at the missing
// TLS (a 403 "SSL is required", 426, or a redirect to https); otherwise it
// is a warning beside the real cause.
func transportPlainHTTP(in *Input) []authdoctor.Finding {
	if in.Auth == nil {
		return nil
	}
	for _, h := range in.Auth.Hops {
		u, err := url.Parse(h.URL)
		if err != nil || u.Scheme != "http" || isLoopback(u.Hostname()) || !h.SentCredential() {
			continue
		}
		ev := []string{fmt.Sprintf("%s %s carried a credential over plain HTTP", h.Method, authdoctor.RedactURL(h.URL))}
		sev, conf := authdoctor.SeverityWarning, authdoctor.Possible
		r := in.Parse(&h)
		if phrase, ok := r.Body.Has("https required", "https_required", "use https", "must use https", "ssl is required", "ssl required", "tls required", "secure connection required", "requires https"); ok && h.Status >= 400 {
			sev, conf = authdoctor.SeverityError, authdoctor.Likely
			ev = append(ev, fmt.Sprintf("the answer mentions %q", phrase), serverSaid(r))
		}
		if h.Status == 426 {
			sev, conf = authdoctor.SeverityError, authdoctor.Confirmed
			ev = append(ev, "the server answered 426 Upgrade Required")
		}
		if h.Redirect != nil && strings.HasPrefix(h.Redirect.Next, "https://") && in.Failed() {
			sev, conf = authdoctor.SeverityError, authdoctor.Likely
			ev = append(ev, "the server redirects to https://, and clients drop the credential on that hop")
		}
		if c := in.Primary(); c != nil && sev == authdoctor.SeverityWarning && (h.Status == 401 || h.Status == 403) && strings.EqualFold(c.Scheme, "Basic") {
			if srv := BasicNeedsTLS(&h); srv != "" {
				sev, conf = authdoctor.SeverityError, authdoctor.Likely
				ev = append(ev, fmt.Sprintf("%s reads Basic credentials only over HTTPS: over plain http it answers as if none came", srv), serverSaid(r))
			}
		}
		if !in.Failed() {
			sev = authdoctor.SeverityWarning
		}
		return found(sev, conf, "The credential was sent over plain http:// where anyone on the network path can read it.", ev...)
	}
	return nil
}
