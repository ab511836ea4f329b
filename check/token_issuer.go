package check

import (
	"fmt"
	"net/url"
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
	if sum == "" && in.Obs.Expect.Issuer == "" {
		if called, ok := issuerCalledByAnotherName(iss, in.Obs.Request.URL); ok {
			// Keycloak stamps iss with the URL the token was requested at
			// (its frontend URL); its own endpoints then refuse the token
			// when called under another host name.
			sum = fmt.Sprintf("The request goes to the token's own issuer under another name (%s), but the token says %s; the issuer compares iss with the name it was called by.", called, iss)
			ev = append(ev, fmt.Sprintf("iss %q; request to %s with the issuer's path", iss, called))
		}
	}
	refused := in.Failed() || in.graphQLErrors()
	if sum == "" && in.Obs.Expect.Issuer == "" && refused && in.Final() != nil {
		// The server names the issuer as the problem (Azure IDX10205, Azure
		// Resource Manager's "from the wrong issuer", WPGraphQL JWT's "The
		// iss do not match with this server" inside a 200).
		if _, ok := in.Said(issuerRefusedPhrases...); ok {
			sum = fmt.Sprintf("The server does not trust the token's issuer %s.", iss)
			ev = append(ev, fmt.Sprintf("iss %q", iss))
		}
	}
	if sum == "" {
		return nil
	}
	sev, conf := authdoctor.SeverityWarning, authdoctor.Possible
	if refused {
		sev, conf = authdoctor.SeverityError, authdoctor.Likely
		if phrase, ok := in.Said("issuer", "iss", "invalid issuer"); ok {
			conf = authdoctor.Confirmed
			ev = append(ev, fmt.Sprintf("the server says %q", phrase))
		}
	}
	ev = append(ev, Describe(in.Auth), serverSaid(in.Parse(in.Final())))
	return found(sev, conf, sum, ev...)
}

// issuerRefusedPhrases are a server naming the token's issuer as what it
// refuses.
var issuerRefusedPhrases = []string{"issuer is invalid", "invalid issuer", "idx10205", "untrusted issuer", "issuer mismatch",
	"wrong issuer", "iss do not match", "iss does not match", "issuer does not match", "issuer not trusted", "issuer is not trusted"}

// graphQLErrors reports a 2xx whose body carries GraphQL errors[]: such
// an API answers 200 to a refusal and says what it refused there.
func (in *Input) graphQLErrors() bool {
	f := in.Final()
	return f != nil && f.Status >= 200 && f.Status < 300 && len(in.Parse(f).Body.GraphQL) > 0
}

// issuerCalledByAnotherName reports a request to a URL under the path of
// the token's iss (http://keycloak:8080/realms/acme/protocol/…) on
// another host than the iss names (http://keycloak.local/realms/acme): the
// issuer itself, reached by another name. An iss without a path of its own
// ("https://tenant.example.com/") says nothing of the kind. It returns the
// scheme and host called.
func issuerCalledByAnotherName(iss, raw string) (string, bool) {
	iu, err := url.Parse(iss)
	if err != nil || iu.Host == "" {
		return "", false
	}
	ru, err := url.Parse(raw)
	if err != nil || ru.Host == "" {
		return "", false
	}
	p := strings.TrimSuffix(iu.Path, "/")
	if p == "" || !(ru.Path == p || strings.HasPrefix(ru.Path, p+"/")) {
		return "", false
	}
	if strings.EqualFold(iu.Scheme+"://"+iu.Host, ru.Scheme+"://"+ru.Host) {
		return "", false
	}
	return ru.Scheme + "://" + ru.Host, true
}
