package check

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/header"
)

// headerDoubleScheme: "Bearer Bearer …", or a whole header line pasted as
// the token (root-causes C04). Often the variable already holds "Bearer …".
func headerDoubleScheme(in *Input) []authdoctor.Finding {
	return in.lintFinding([]header.Code{header.CodeDoubleScheme, header.CodePastedHeader}, func(c *Cred, is header.Issue) string {
		if len(c.Field.Vars) > 0 && strings.Contains(strings.ToLower(c.Field.Template), strings.ToLower(c.Scheme)+" $") {
			return fmt.Sprintf("The scheme is written twice: the template adds %q and $%s already starts with it.", c.Scheme, c.Field.Vars[0].Name)
		}
		if is.Code == header.CodePastedHeader {
			return "A whole header line was pasted as the credential (it contains \"Authorization:\")."
		}
		return fmt.Sprintf("The scheme is written twice in the %s header (%s).", c.Name(), is.Detail)
	})
}
