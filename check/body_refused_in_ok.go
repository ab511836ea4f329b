package check

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// rejectedCodes are error codes APIs put in a 2xx body when they refuse
// the token (Slack's {"ok": false, "error": "invalid_auth"}).
var rejectedCodes = []string{"invalid_auth", "token_revoked", "account_inactive", "token_expired", "invalid_token", "not_allowed_token_type", "unauthenticated"}

// bodyRefusedInOK: an HTTP 2xx whose JSON body says the token was refused
// — Slack and other RPC-style APIs answer every call 200 and carry the
// error inside (root-causes C48). A 2xx is not acceptance then.
func bodyRefusedInOK(in *Input) []authdoctor.Finding {
	f := in.Final()
	if f == nil || f.Status < 200 || f.Status >= 300 {
		return nil
	}
	b := in.Parse(f).Body
	if !b.JSON || !strings.Contains(b.Text, `"ok":false`) && !strings.Contains(b.Text, `"ok": false`) {
		return nil
	}
	for _, code := range rejectedCodes {
		if b.HasCode(code) {
			return found(authdoctor.SeverityError, authdoctor.Likely,
				fmt.Sprintf("The server answered %s, but its body says the token was refused (%s).", StatusLine(f.Status), code),
				Describe(in.Auth), fmt.Sprintf("body: \"ok\": false, \"error\": %q", code))
		}
	}
	return nil
}
