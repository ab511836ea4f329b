package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/header"
)

// headerNoScheme: an Authorization value that is a bare token with no
// scheme word before it.
func headerNoScheme(in *Input) []authdoctor.Finding {
	fs := in.lintFinding([]header.Code{header.CodeNoScheme}, func(c *Cred, is header.Issue) string {
		return fmt.Sprintf("The %s header has no scheme: the token is sent bare, without \"Bearer \" (or the scheme the API wants) in front.", c.Name())
	})
	for i := range fs {
		fs[i].Fix = "Put the scheme in front of the token: 'Authorization: Bearer $TOKEN' (or the scheme the API documents)."
	}
	return fs
}
