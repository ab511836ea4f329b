package check

import (
	"github.com/authdoctor/authdoctor"
)

// serverError: the server failed (5xx). The credential may be fine.
func serverError(in *Input) []authdoctor.Finding {
	f := in.Final()
	if f == nil || f.Status < 500 {
		return nil
	}
	ev := []string{Describe(in.Auth)}
	if b := in.Baseline; b != nil && b.Status() != f.Status {
		ev = append(ev, Describe(b)+" — the failure happens only with your credential: the server may choke on its format")
	}
	for _, h := range []string{"X-Request-Id", "X-Amzn-Requestid", "Cf-Ray", "X-Github-Request-Id", "Request-Id"} {
		if v := f.Header.Get(h); v != "" {
			ev = append(ev, h+": "+v+" (quote it to the API owner)")
		}
	}
	ev = append(ev, serverSaid(in.Parse(f)))
	return found(authdoctor.SeverityError, authdoctor.Likely, "The server failed while handling the request ("+StatusLine(f.Status)+"); this is not an authentication answer.", ev...)
}
