package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
)

// transportUnreachable: no response at all because DNS, TCP, TLS or a
// timeout failed. Nothing about the credential can be learnt.
func transportUnreachable(in *Input) []authdoctor.Finding {
	for _, p := range probes(in.Baseline, in.Auth) {
		if p.Err == nil || p.Final() != nil {
			continue
		}
		switch p.Err.Phase {
		case authdoctor.PhaseDNS, authdoctor.PhaseConnect, authdoctor.PhaseTLS, authdoctor.PhaseTimeout:
		default:
			continue
		}
		ev := []string{fmt.Sprintf("%s: %s", p.Err.Phase, p.Err.Message)}
		if p.Err.Hint != "" {
			ev = append(ev, "try: "+p.Err.Hint)
		}
		return found(authdoctor.SeverityError, authdoctor.Confirmed,
			fmt.Sprintf("Could not reach the server (%s failed): %s.", p.Err.Phase, p.Err.Message), ev...)
	}
	return nil
}
