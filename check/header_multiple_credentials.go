package check

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/header"
)

// headerMultipleCredentials: two Authorization fields, two schemes in one
// value, or a token in the query string as well as the header. RFC 6750
// §2 forbids more than one method; servers answer 400 invalid_request.
func headerMultipleCredentials(in *Input) []authdoctor.Finding {
	var ev []string
	n := len(in.Obs.Request.Fields("Authorization"))
	if n > 1 {
		ev = append(ev, fmt.Sprintf("%d Authorization header fields were sent", n))
	}
	for _, c := range in.Creds {
		if is, ok := c.HasIssue(header.CodeMultipleSchemes); ok {
			ev = append(ev, fmt.Sprintf("%s: %s", c.Name(), is.Detail))
		}
	}
	if u, err := url.Parse(in.Obs.Request.URL); err == nil && n > 0 {
		for _, k := range slices.Sorted(maps.Keys(u.Query())) { // evidence in one order, run after run
			switch strings.ToLower(k) {
			case "access_token", "token", "api_key", "apikey", "key":
				ev = append(ev, fmt.Sprintf("the URL also carries a %q query parameter", k))
			}
		}
	}
	if len(ev) == 0 {
		return nil
	}
	conf := authdoctor.Likely
	r := in.Parse(in.Final())
	if code, _ := r.BearerError(); code == "invalid_request" {
		conf = authdoctor.Confirmed
	}
	if _, ok := r.Body.Has("multiple", "more than one", "only one auth"); ok {
		conf = authdoctor.Confirmed
	}
	if !in.Failed() {
		conf = authdoctor.Possible
	}
	ev = append(ev, Describe(in.Auth), serverSaid(r))
	return found(in.failSeverity(), conf, "More than one credential was sent in one request; servers refuse the ambiguity.", ev...)
}
