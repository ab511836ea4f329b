package check

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/header"
)

// headerLookalike: characters that look like ASCII but are not (smart
// quotes, non-breaking or zero-width spaces), typically pasted from a
// document or chat.
func headerLookalike(in *Input) []authdoctor.Finding {
	return in.lintFindingExcept([]header.Code{header.CodeLookalike, header.CodeNotToken68}, ownAlphabet, func(c *Cred, is header.Issue) string {
		if is.Code == header.CodeNotToken68 {
			return fmt.Sprintf("The credential in %s has characters a token may not contain (%s); it was probably cut, pasted with extra text, or mangled.", c.Name(), is.Detail)
		}
		return fmt.Sprintf("The %s value contains a look-alike character (%s), usually from pasting out of a document or chat.", c.Name(), is.Detail)
	})
}

// vendorTokenBytes are the bytes outside token68 (RFC 7235 §2.1) that
// vendors put in their tokens on purpose: '!' in every Salesforce session
// id (00D…!…), '|' in Facebook app access tokens ({app-id}|{app-secret}).
// Both are tchars (RFC 9110 §5.6.2) that no copy, paste or encoding
// damage produces, unlike '@', '=', ':', quotes or spaces.
const vendorTokenBytes = "!|"

// ownAlphabet reports a not-token68 issue whose only bytes outside the
// token68 alphabet are vendorTokenBytes: the token's own alphabet, not
// damage. A look-alike character is never skipped.
func ownAlphabet(c *Cred, is header.Issue) bool {
	if is.Code != header.CodeNotToken68 || strings.EqualFold(c.Scheme, "Basic") {
		return false
	}
	v := strings.TrimSpace(c.credentials)
	if !strings.ContainsAny(v, vendorTokenBytes) {
		return false
	}
	for i := 0; i < len(v); i++ {
		b := v[i]
		if !token68Byte(b) && strings.IndexByte(vendorTokenBytes, b) < 0 {
			return false
		}
	}
	return true
}

// token68Byte reports b in the token68 alphabet (RFC 7235 §2.1), '='
// padding included.
func token68Byte(b byte) bool {
	return 'A' <= b && b <= 'Z' || 'a' <= b && b <= 'z' || '0' <= b && b <= '9' || strings.IndexByte("-._~+/=", b) >= 0
}
