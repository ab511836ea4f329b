package check

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
)

// basicIssueWords explains each Basic issue code in plain words.
var basicIssueWords = map[string]string{
	"trailing-newline":  "the decoded value ends with a newline — it was encoded with `echo user:pass | base64`, which adds one",
	"embedded-newline":  "the decoded value contains a newline",
	"no-colon":          "the decoded value has no ':' between user name and password",
	"empty-user":        "the user name is empty",
	"empty-password":    "the password is empty",
	"line-wrapped":      "the base64 is wrapped over several lines (MIME encoders wrap at 76 columns)",
	"bad-padding":       "the base64 padding ('=') is wrong",
	"url-safe-alphabet": "the base64 uses the URL-safe alphabet ('-', '_'); Basic needs the standard one",
	"non-ascii":         "the user name or password has non-ASCII characters, which servers decode inconsistently without charset=UTF-8",
	"non-utf8":          "the decoded value is not valid UTF-8",
}

// credentialBasicMalformed: a Basic credential that does not decode to a
// clean user:password (RFC 7617 §2; root-causes C10).
func credentialBasicMalformed(in *Input) []authdoctor.Finding {
	for i := range in.Creds {
		c := &in.Creds[i]
		if !strings.EqualFold(c.Scheme, "Basic") {
			continue
		}
		b, err := credential.DecodeBasic(strings.TrimSpace(c.credentials))
		var why []string
		if err != nil {
			why = append(why, "the value after \"Basic \" is not base64: "+err.Error())
		}
		keyAsUser := c.Info.Vendor != "" && c.Info.BasicUser == ""
		for _, is := range b.Issues {
			if is == "empty-password" && keyAsUser {
				continue // Stripe and others take the key as the user name and no password
			}
			if w, ok := basicIssueWords[is]; ok {
				why = append(why, w)
			} else {
				why = append(why, is)
			}
		}
		if len(why) == 0 {
			continue
		}
		ev := []string{fmt.Sprintf("%s: %s", c.Label(), strings.Join(why, "; "))}
		if c.Info.BasicUser != "" {
			// Info.BasicUser is empty when the user name looks like a key.
			ev = append(ev, fmt.Sprintf("user name %q, password %d bytes", c.Info.BasicUser, b.PasswordLen))
		}
		ev = append(ev, Describe(in.Auth))
		conf := authdoctor.Likely
		if !in.Failed() {
			conf = authdoctor.Possible
		}
		fs := found(in.failSeverity(), conf, "The Basic credential is not a clean base64 of user:password: "+why[0]+".", ev...)
		fs[0].Fix = "Encode without a newline: printf '%s' 'user:password' | base64 (or use --basic-env USERVAR:PASSVAR and let authdoctor encode it)."
		return in.confirm(fs, "with the credential re-encoded")
	}
	return nil
}
