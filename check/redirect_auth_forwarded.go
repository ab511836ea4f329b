package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
)

// redirectAuthForwarded: a redirect on which a common client would carry
// the credential somewhere it should not go: to plain http (a downgrade),
// or to another host name that Go's net/http treats as a subdomain.
func redirectAuthForwarded(in *Input) []authdoctor.Finding {
	c := in.Primary()
	if in.Auth == nil || c == nil || !c.Authorization {
		return nil
	}
	for i, h := range in.Auth.Hops {
		rd := h.Redirect
		if rd == nil || !(rd.Downgrade || rd.HostChanged) {
			continue
		}
		var who []string
		for _, cl := range []authdoctor.Client{authdoctor.ClientGo, authdoctor.ClientCurl, authdoctor.ClientRequests, authdoctor.ClientBrowser} {
			if rd.Keeps[cl] {
				who = append(who, string(cl))
			}
		}
		if len(who) == 0 {
			continue
		}
		where := "another host"
		if rd.Downgrade {
			where = "plain http://"
		}
		return found(authdoctor.SeverityWarning, authdoctor.Likely,
			fmt.Sprintf("On hop %d the redirect goes to %s, and %v would send your Authorization header along.", i+1, where, who),
			fmt.Sprintf("hop %d: %s → %s", i+1, authdoctor.RedactURL(h.URL), authdoctor.RedactURL(rd.Next)), keepsLine(rd))
	}
	return nil
}
