package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/header"
)

// headerSchemeCase: "bearer" instead of "Bearer". RFC 9110 §11.1 makes the
// scheme case-insensitive, so this is only a note — unless the server
// accepts the canonical case and refuses this one (a server bug).
func headerSchemeCase(in *Input) []authdoctor.Finding {
	c := in.Primary()
	if c == nil {
		return nil
	}
	is, ok := c.HasIssue(header.CodeSchemeCase)
	if !ok {
		return nil
	}
	fs := found(authdoctor.SeverityInfo, authdoctor.Possible,
		fmt.Sprintf("The scheme is written %q; the standard says case does not matter, but some servers compare it exactly.", c.Scheme),
		fmt.Sprintf("%s: %s", c.Name(), is.Detail))
	fs[0].Fix = "Write the scheme in its usual case (Bearer, Basic); if that fixes it, report the bug to the API owner (RFC 9110 §11.1)."
	return in.confirm(fs, "with the scheme in canonical case")
}
