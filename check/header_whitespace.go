package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/header"
)

// headerWhitespace: leading, trailing or inner spaces around or inside the
// credential (root-causes C02).
func headerWhitespace(in *Input) []authdoctor.Finding {
	for _, c := range in.Creds {
		for _, v := range c.Field.Vars {
			if !v.Set || v.Empty {
				// "Bearer $TOKEN" with TOKEN unset leaves "Bearer ": the
				// space is what the variable should have filled, and
				// requestVarUnset says so.
				return nil
			}
		}
	}
	return in.lintFinding([]header.Code{header.CodeTrailingSpace, header.CodeLeadingSpace, header.CodeInnerSpace}, func(c *Cred, is header.Issue) string {
		return fmt.Sprintf("The credential in %s has stray whitespace (%s).", c.Name(), is.Detail)
	})
}
