package check

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
)

// credentialPlaceholder: the credential is a template placeholder
// (YOUR_ACCESS_TOKEN, {{token}}, changeme…), root-causes C03.
func credentialPlaceholder(in *Input) []authdoctor.Finding {
	for _, c := range in.Creds {
		v := strings.Trim(c.credentials, "\"' \t\r\n")
		if v == "" {
			continue
		}
		what, ok := credential.Placeholder(v)
		if !ok {
			continue
		}
		ev := []string{fmt.Sprintf("%s holds a placeholder (%s), %d bytes", c.Label(), what, len(v))}
		if c.Field.Source != "" {
			ev = append(ev, "value came from "+c.Field.Source)
		}
		ev = append(ev, Describe(in.Auth), serverSaid(in.Parse(in.Final())))
		return found(in.failSeverity(), authdoctor.Likely,
			fmt.Sprintf("The credential in %s is a placeholder (%s), not a real token.", c.Name(), what), ev...)
	}
	return nil
}
