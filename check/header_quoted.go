package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/header"
)

// headerQuoted: the credential is wrapped in quotes kept from a .env file
// or a copied JSON string (root-causes C02).
func headerQuoted(in *Input) []authdoctor.Finding {
	return in.lintFinding([]header.Code{header.CodeQuoted}, func(c *Cred, is header.Issue) string {
		return fmt.Sprintf("The credential in %s is wrapped in quotes, which become part of the token the server sees.", c.Name())
	})
}
