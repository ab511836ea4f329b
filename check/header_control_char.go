package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/header"
)

// headerControlChar: a CR, LF or other control byte in the credential —
// usually a newline from a token file or env file (root-causes C01). Go
// refuses to send it; servers that let it through answer 401.
func headerControlChar(in *Input) []authdoctor.Finding {
	return in.lintFinding([]header.Code{header.CodeCtlByte}, func(c *Cred, is header.Issue) string {
		return fmt.Sprintf("The %s value contains a control character (%s), typically a newline carried over from a file or env var.", c.Name(), is.Detail)
	})
}
