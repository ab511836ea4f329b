package check

import (
	"strings"

	"github.com/authdoctor/authdoctor"
)

// requestNoCredential: the request carries no credential at all (or only
// empty ones that did not come from a variable), and the server wants one.
func requestNoCredential(in *Input) []authdoctor.Finding {
	if !in.Failed() || in.Final() == nil {
		return nil
	}
	for _, c := range in.Creds {
		if strings.TrimSpace(c.credentials) != "" || len(c.Field.Vars) > 0 {
			return nil // something was sent, or requestVarUnset explains it
		}
	}
	st := in.Status()
	r := in.Parse(in.Final())
	if st != 401 && st != 403 && st != 400 {
		return nil
	}
	ev := []string{Describe(in.Auth)}
	ev = append(ev, challengeLines(in.Final())...)
	ev = append(ev, serverSaid(r))
	sum := "No credential was sent, and the server requires one."
	if len(in.Creds) > 0 {
		sum = "The credential header was sent empty, and the server requires a credential."
	}
	fs := found(authdoctor.SeverityError, authdoctor.Likely, sum, ev...)
	fs[0].Fix = "Pass a credential: -H 'Authorization: Bearer $TOKEN', --bearer-env VAR, --token-file PATH or --basic-env USER:PASS."
	return fs
}
