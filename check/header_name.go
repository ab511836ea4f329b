package check

import (
	"fmt"
	"strings"

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
		name := safeName(c.Field.Name)
		fs := found(in.failSeverity(), authdoctor.Possible,
			fmt.Sprintf("The header name %s may be dropped on the way: %s.", name, is.Detail),
			fmt.Sprintf("header %s: %s", name, is.Detail), Describe(in.Auth))
		if in.Failed() && in.SameAs(in.Auth, in.Baseline) {
			fs[0].Confidence = authdoctor.Likely
			fs[0].Evidence = append(fs[0].Evidence, "the server answered as if no credential had been sent")
		} else if in.Accepted() && in.SameAs(in.Auth, in.Baseline) {
			// A 2xx identical to the anonymous one is no acceptance of the
			// credential: the server serves everyone this, and the header
			// under this name never counted (PostgREST answers its
			// anonymous role's rows to "Authorization : Bearer …").
			fs[0].Severity, fs[0].Confidence = authdoctor.SeverityError, authdoctor.Likely
			fs[0].Evidence = append(fs[0].Evidence, Describe(in.Baseline)+" — the same answer without any credential: the server serves this to anyone, and the credential under this name never counted")
		}
		fs[0].Fix = "Use the header name the API documents, with dashes instead of underscores (nginx: underscores_in_headers on;)."
		return fs
	}
	return nil
}

// safeName quotes a header name for output, unless it holds characters a
// header name may not (RFC 9110 §5.1): such a name may be a pasted header
// line with its credential, so it is not shown.
func safeName(name string) string {
	if len(name) == 0 || len(name) > 64 {
		return "(a malformed header name, not shown)"
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(wordByte(c) || strings.IndexByte("!#$%&'*+-.^`|~", c) >= 0) {
			return "(a malformed header name, not shown)"
		}
	}
	return fmt.Sprintf("%q", name)
}
