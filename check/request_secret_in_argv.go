package check

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
)

// requestSecretInArgv: a credential typed literally on the command line,
// where ps, shell history and CI logs see it.
func requestSecretInArgv(in *Input) []authdoctor.Finding {
	for _, c := range in.Creds {
		if c.Field.Origin != authdoctor.OriginLiteral || strings.TrimSpace(c.credentials) == "" {
			continue
		}
		if _, ph := credential.Placeholder(strings.Trim(c.credentials, "\"' ")); ph {
			continue // a placeholder is not a secret
		}
		fs := found(authdoctor.SeverityWarning, authdoctor.Confirmed,
			fmt.Sprintf("The credential in %s was typed on the command line, where other users (ps) and your shell history can read it.", c.Name()),
			fmt.Sprintf("%s: %s given literally in argv", c.Name(), c.Field.Display()))
		fs[0].Fix = fmt.Sprintf("Put it in a variable and reference it: export TOKEN=…; -H '%s: %s$TOKEN' (single quotes), or use --token-file / --token-stdin; rotate it if the history is shared.", c.Name(), schemePrefix(c.Scheme))
		return fs
	}
	return nil
}

func schemePrefix(s string) string {
	if s == "" {
		return ""
	}
	return s + " "
}
