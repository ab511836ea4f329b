package check

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
)

// credentialPlaceholder: the credential is a template placeholder
// (YOUR_ACCESS_TOKEN, {{token}}, changeme…), root-causes C03.
func credentialPlaceholder(in *Input) []authdoctor.Finding {
	for _, c := range in.Creds {
		v := strings.Trim(c.credentials, "\"' \t\r\n")
		if v == "" {
			continue
		}
		what, ok := credential.Placeholder(v)
		ev := []string{fmt.Sprintf("%s holds a placeholder (%s), %d bytes", c.Label(), what, len(v))}
		if !ok && strings.EqualFold(c.Scheme, "Basic") {
			var part string
			part, what, ok = basicPlaceholder(v)
			ev = []string{fmt.Sprintf("%s decodes to a %s that is a placeholder (%s): the client built the value before the variable was set", c.Label(), part, what)}
		}
		if !ok {
			continue
		}
		if c.Field.Source != "" {
			ev = append(ev, "value came from "+c.Field.Source)
		}
		ev = append(ev, Describe(in.Auth), serverSaid(in.Parse(in.Final())))
		return found(in.failSeverity(), authdoctor.Likely,
			fmt.Sprintf("The credential in %s is a placeholder (%s), not a real token.", c.Name(), what), ev...)
	}
	return nil
}

// unrenderedPlaceholders are the placeholder kinds that only a client
// rendering an unset variable or an unfilled template produces, never a
// person choosing a password: "undefined:undefined" is what JavaScript
// makes of `${id}:${secret}` with both unset (paypal/PayPal-node-SDK#87).
// Dictionary words (test, secret, changeme) are left out: they are weak
// passwords, but real ones.
var unrenderedPlaceholders = map[string]bool{
	"undefined": true, "null": true, "nil": true, "nan": true, "js-object": true,
	"template-variable": true, "ci-expression": true, "shell-variable": true, "shell-command": true,
	"windows-variable": true, "single-braces": true, "angle-brackets": true,
}

// basicPlaceholder reports a Basic value (RFC 7617 §2) whose decoded user
// id or password is an unrendered placeholder; part is "user name" or
// "password", what the kind. The decoded value is never returned.
func basicPlaceholder(token68 string) (part, what string, ok bool) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(token68))
	if err != nil {
		return "", "", false
	}
	user, pass, found := strings.Cut(strings.TrimRight(string(raw), "\r\n"), ":")
	if !found {
		return "", "", false
	}
	if w, ok := credential.Placeholder(pass); ok && unrenderedPlaceholders[w] {
		return "password", w, true
	}
	if w, ok := credential.Placeholder(user); ok && unrenderedPlaceholders[w] {
		return "user name", w, true
	}
	return "", "", false
}
