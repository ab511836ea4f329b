package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
)

// headerName: a credential header whose name proxies drop: nginx and
// Apache silently discard names with underscores (root-causes C09).
func headerName(in *Input) []authdoctor.Finding {
	for _, c := range in.Creds {
		if len(c.NameIssues) == 0 {
			continue
		}
		is := c.NameIssues[0]
		fs := found(in.failSeverity(), authdoctor.Possible,
			fmt.Sprintf("The header name %q may be dropped on the way: %s.", c.Field.Name, is.Detail),
			fmt.Sprintf("header %q: %s", c.Field.Name, is.Detail), Describe(in.Auth))
		if in.Failed() && in.SameAs(in.Auth, in.Baseline) {
			fs[0].Confidence = authdoctor.Likely
			fs[0].Evidence = append(fs[0].Evidence, "the server answered as if no credential had been sent")
		}
		fs[0].Fix = "Use the header name the API documents, with dashes instead of underscores (nginx: underscores_in_headers on;)."
		return fs
	}
	return nil
}
