package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/header"
)

// headerSchemeColon: "Bearer: x" or "Bearerx" — the scheme must be followed
// by exactly a space (RFC 9110 §11.4; root-causes C05).
func headerSchemeColon(in *Input) []authdoctor.Finding {
	return in.lintFinding([]header.Code{header.CodeSchemeColon, header.CodeNoSpace}, func(c *Cred, is header.Issue) string {
		if is.Code == header.CodeNoSpace {
			return fmt.Sprintf("The scheme and the credential are glued together in %s (%s); they need one space between them.", c.Name(), is.Detail)
		}
		return fmt.Sprintf("The scheme in %s is followed by a colon (%s); it must be followed by a single space.", c.Name(), is.Detail)
	})
}
