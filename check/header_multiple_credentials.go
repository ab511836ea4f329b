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
	r := in.Parse(in.Final())
	if len(ev) == 0 && in.Failed() {
		// Two credential headers of different names are common and
		// legitimate (an application id beside a key); they count only
		// when the server says not to combine them: "Please do not include
		// Account API Token for Server API Token calls." (Postmark).
		if names := credentialNames(in); len(names) > 1 {
			if phrase, ok := r.Body.Has(combinePhrases...); ok {
				ev = append(ev, fmt.Sprintf("%d credential headers were sent: %s", len(names), strings.Join(names, ", ")),
					fmt.Sprintf("the server says %q", phrase))
			}
		}
	}
	if len(ev) == 0 {
		return nil
	}
	conf := authdoctor.Likely
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

// combinePhrases are a server refusing credentials sent together.
var combinePhrases = []string{"do not include", "don't include", "not both", "only one of", "only one credential", "more than one", "cannot be combined", "can't be combined", "mutually exclusive"}

// credentialNames are the distinct names of the credential headers that
// carry a value, in request order.
func credentialNames(in *Input) []string {
	var names []string
	for _, c := range in.Creds {
		if strings.TrimSpace(c.credentials) == "" {
			continue
		}
		n := c.Name()
		if !slices.ContainsFunc(names, func(x string) bool { return strings.EqualFold(x, n) }) {
			names = append(names, n)
		}
	}
	return names
}
