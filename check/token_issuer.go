package check

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// tokenIssuer: the JWT's iss is not the issuer this API trusts (--issuer),
// or the issuer's own metadata names another issuer than the token does —
// verifiers compare them byte for byte (RFC 8414 §3.3, OpenID Connect
// Discovery §4.3; root-causes C29).
func tokenIssuer(in *Input) []authdoctor.Finding {
	c := in.Primary()
	if c == nil || c.Info.JWT == nil || c.Info.JWT.Iss == "" {
		return nil
	}
	iss := c.Info.JWT.Iss
	var ev []string
	sum := ""
	if want := in.Obs.Expect.Issuer; want != "" && want != iss {
		sum = fmt.Sprintf("The token comes from the issuer %s, but this API trusts %s.", iss, want)
		ev = append(ev, fmt.Sprintf("iss %q; expected %q (--issuer)", iss, want))
		if strings.TrimSuffix(want, "/") == strings.TrimSuffix(iss, "/") {
			sum = fmt.Sprintf("The token's issuer differs from the trusted one only by a trailing slash (%q vs %q); verifiers compare issuers exactly.", iss, want)
		}
	} else if r := in.Obs.Issuer; r != nil && r.Metadata != nil && r.Metadata.Issuer != "" && r.Metadata.Issuer != iss {
		sum = fmt.Sprintf("The issuer's metadata names itself %s, but the token says %s; verifiers that use the metadata reject it.", r.Metadata.Issuer, iss)
		ev = append(ev, fmt.Sprintf("metadata from %s says issuer %q", r.MetadataURL, r.Metadata.Issuer))
	}
	if sum == "" && in.Obs.Expect.Issuer == "" && in.Failed() && in.Final() != nil {
		// The server names the issuer as the problem (Azure IDX10205).
		if _, ok := in.Said("issuer is invalid", "invalid issuer", "idx10205", "untrusted issuer", "issuer mismatch"); ok {
			sum = fmt.Sprintf("The server does not trust the token's issuer %s.", iss)
			ev = append(ev, fmt.Sprintf("iss %q", iss))
		}
	}
	if sum == "" {
		return nil
	}
	sev, conf := authdoctor.SeverityWarning, authdoctor.Possible
	if in.Failed() {
		sev, conf = authdoctor.SeverityError, authdoctor.Likely
		if phrase, ok := in.Said("issuer", "iss", "invalid issuer"); ok {
			conf = authdoctor.Confirmed
			ev = append(ev, fmt.Sprintf("the server says %q", phrase))
		}
	}
	ev = append(ev, Describe(in.Auth), serverSaid(in.Parse(in.Final())))
	return found(sev, conf, sum, ev...)
}
