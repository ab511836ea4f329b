package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
)

// endpointMethodNotAllowed: 405 — the URL exists, the method does not.
func endpointMethodNotAllowed(in *Input) []authdoctor.Finding {
	for _, p := range primaryProbes(in) {
		f := p.Final()
		if f == nil || f.Status != 405 {
			continue
		}
		ev := []string{Describe(p)}
		sum := fmt.Sprintf("%s is not allowed on %s.", f.Method, authdoctor.RedactURL(f.URL))
		if allow := f.Header.Get("Allow"); allow != "" {
			ev = append(ev, "Allow: "+allow)
			sum = fmt.Sprintf("%s is not allowed on %s; the server allows %s.", f.Method, authdoctor.RedactURL(f.URL), allow)
		}
		return found(authdoctor.SeverityError, authdoctor.Confirmed, sum, ev...)
	}
	return nil
}
