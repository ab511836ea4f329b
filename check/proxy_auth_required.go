package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
)

// proxyAuthRequired: 407 from a proxy, or a refused CONNECT. The API never
// saw the request (RFC 9110 §15.5.8).
func proxyAuthRequired(in *Input) []authdoctor.Finding {
	for _, p := range primaryProbes(in) {
		if f := p.Final(); f != nil && f.Status == 407 {
			ev := []string{Describe(p)}
			for _, v := range f.Header.Values("Proxy-Authenticate") {
				ev = append(ev, "Proxy-Authenticate: "+oneLine(in.Scrub.String(v)))
			}
			return found(authdoctor.SeverityError, authdoctor.Confirmed,
				"A proxy between you and the API asked for its own credentials (407 Proxy Authentication Required).", ev...)
		}
		if p.Err != nil && p.Err.Phase == authdoctor.PhaseProxy {
			return found(authdoctor.SeverityError, authdoctor.Likely,
				"The proxy refused to connect to the API.", fmt.Sprintf("proxy: %s", p.Err.Message))
		}
	}
	return nil
}
