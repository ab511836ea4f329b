package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/header"
)

// headerLookalike: characters that look like ASCII but are not (smart
// quotes, non-breaking or zero-width spaces), typically pasted from a
// document or chat.
func headerLookalike(in *Input) []authdoctor.Finding {
	return in.lintFinding([]header.Code{header.CodeLookalike, header.CodeNotToken68}, func(c *Cred, is header.Issue) string {
		if is.Code == header.CodeNotToken68 {
			return fmt.Sprintf("The credential in %s has characters a token may not contain (%s); it was probably cut, pasted with extra text, or mangled.", c.Name(), is.Detail)
		}
		return fmt.Sprintf("The %s value contains a look-alike character (%s), usually from pasting out of a document or chat.", c.Name(), is.Detail)
	})
}
