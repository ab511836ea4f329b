package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/header"
)

// headerWhitespace: leading, trailing or inner spaces around or inside the
// credential (root-causes C02).
func headerWhitespace(in *Input) []authdoctor.Finding {
	return in.lintFinding([]header.Code{header.CodeTrailingSpace, header.CodeLeadingSpace, header.CodeInnerSpace}, func(c *Cred, is header.Issue) string {
		return fmt.Sprintf("The credential in %s has stray whitespace (%s).", c.Name(), is.Detail)
	})
}
