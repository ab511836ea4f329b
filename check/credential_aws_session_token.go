package check

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// credentialAWSSessionToken: a SigV4 request signed with temporary
// credentials (an ASIA… key id) but without X-Amz-Security-Token. AWS
// answers 403 "The security token included in the request is invalid"
// (root-causes C20, §E).
func credentialAWSSessionToken(in *Input) []authdoctor.Finding {
	c := in.Primary()
	if c == nil || !strings.EqualFold(c.Scheme, "AWS4-HMAC-SHA256") || c.Info.Prefix != "ASIA" {
		return nil
	}
	if _, ok := in.Obs.Request.Get("X-Amz-Security-Token"); ok {
		return nil
	}
	if u, err := url.Parse(in.Obs.Request.URL); err == nil && u.Query().Get("X-Amz-Security-Token") != "" {
		return nil
	}
	ev := []string{"the key id starts with ASIA: temporary credentials (STS), which need their session token", "no X-Amz-Security-Token header was sent"}
	conf := authdoctor.Likely
	if phrase, ok := in.Said("security token included in the request is invalid", "unrecognizedclientexception"); ok {
		conf = authdoctor.Confirmed
		ev = append(ev, fmt.Sprintf("the server says %q", phrase))
	}
	ev = append(ev, Describe(in.Auth))
	fs := found(in.failSeverity(), conf, "The request is signed with temporary AWS credentials but does not send their session token.", ev...)
	fs[0].Fix = "Send the session token too: X-Amz-Security-Token (AWS_SESSION_TOKEN), or sign with long-term credentials."
	return fs
}
