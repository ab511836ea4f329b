package check

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
)

// credentialWrongKind: a credential that is not an access credential — a
// publishable key, a refresh token, a client id, or an OpenID Connect ID
// token sent to an API (root-causes C13).
func credentialWrongKind(in *Input) []authdoctor.Finding {
	c := in.Primary()
	if c == nil || !in.Failed() {
		return nil
	}
	r := in.Parse(in.Final())
	var sum, advice string
	var ev []string
	switch {
	case c.HasVendor && !c.Vendor.AccessCredential:
		what := credential.Article(c.Vendor.Name) + " " + c.Vendor.Name + " " + c.Vendor.Kind
		sum = fmt.Sprintf("%s %s key (%s…), which is not meant to call %s; send the secret or access credential instead.", sentOrIs(in), what, c.Vendor.Prefix, thisAPI(in))
		ev = append(ev, fmt.Sprintf("prefix %s marks %s credential", c.Vendor.Prefix, what))
		advice = vendorAdvice(c.Vendor)
	case c.Info.JWT != nil && isRefreshToken(c):
		sum = sentOrIs(in) + " a refresh token; APIs expect an access token (a refresh token is only for getting new access tokens from the token endpoint)."
		ev = append(ev, "the token's type claim says refresh")
	case c.Info.JWT != nil && isIDToken(c.Info.JWT):
		j := c.Info.JWT
		sum = sentOrIs(in) + " an OpenID Connect ID token; APIs expect an access token (the ID token only tells the client who logged in)."
		var why []string
		if j.HasNonce {
			why = append(why, "nonce claim")
		}
		if j.HasAtHash {
			why = append(why, "at_hash claim")
		}
		if strings.EqualFold(j.TokenUse, "id") {
			why = append(why, "token_use=id")
		}
		if len(j.Aud) == 1 && j.Azp != "" && j.Aud[0] == j.Azp {
			why = append(why, "aud equals the client id (azp)")
		}
		ev = append(ev, "ID-token markers: "+strings.Join(why, ", "))
		if len(j.Aud) > 0 {
			ev = append(ev, "aud: "+strings.Join(j.Aud, " "))
		}
	case isPassword(c) && passwordRetired.MatchString(r.Body.Text):
		sum = "The server no longer takes an account password here: it wants an API token (or another credential it names) in its place."
		ev = append(ev, fmt.Sprintf("the server says %q", passwordRetired.FindString(r.Body.Text)))
		ev = append(ev, Describe(in.Auth), serverSaid(r))
		fs := found(authdoctor.SeverityError, authdoctor.Likely, sum, ev...)
		fs[0].Fix = "Create an API token in your account settings and send it where the password went (for Basic: your user name or the name the API documents, with the token as the password)."
		return fs
	default:
		if phrase, ok := r.Body.Has("publishable api key", "publishable key", "refresh token cannot", "id_token", "an id token", "token has wrong type"); ok {
			sum = "The server says this kind of credential cannot be used here."
			ev = append(ev, fmt.Sprintf("the answer mentions %q", phrase))
		} else {
			return nil
		}
	}
	conf := authdoctor.Likely
	if _, ok := r.Body.Has("publishable", "id_token", "an id token", "audience"); ok {
		conf = authdoctor.Confirmed
	}
	ev = append(ev, Describe(in.Auth), serverSaid(r))
	fs := found(authdoctor.SeverityError, conf, sum, ev...)
	fs[0].Fix = "Use the access credential for API calls: a secret key (sk_…) rather than a publishable one, or the access_token from the token response rather than the id_token or refresh_token."
	if advice != "" {
		fs[0].Fix = advice
	}
	return fs
}

// sentOrIs opens a summary about the credential: "You sent" when a
// request went to the API, "This is" when nothing was sent (inspect).
func sentOrIs(in *Input) string {
	if in.Final() == nil && in.Auth == nil {
		return "This is"
	}
	return "You sent"
}

// thisAPI names the API in a summary: "this API" once a request went to
// it, "an API" when nothing was sent (inspect).
func thisAPI(in *Input) string {
	if in.Final() == nil && in.Auth == nil {
		return "an API"
	}
	return "this API"
}

// vendorAdvice is the catalogue's advice for a kind of key (an AWS key
// id is signed with, a Twilio SID is a Basic user name), with the
// vendor's documentation; "" when the catalogue has none, and the generic
// fix stands.
func vendorAdvice(v credential.Vendor) string {
	if v.Note == "" {
		return ""
	}
	if v.Docs != "" {
		return v.Note + " See " + v.Docs
	}
	return v.Note
}

// isIDToken reports OpenID Connect ID-token markers (OIDC Core §2).
func isIDToken(j *authdoctor.JWT) bool {
	if strings.EqualFold(j.TokenUse, "id") || strings.EqualFold(j.Typ, "id_token") {
		return true
	}
	if strings.EqualFold(j.TokenUse, "access") || strings.EqualFold(j.Typ, "at+jwt") || strings.EqualFold(j.Typ, "application/at+jwt") {
		return false
	}
	return j.HasNonce || j.HasAtHash
}

// isRefreshToken reports a JWT that says it is a refresh token: the
// simplejwt "token_type": "refresh" or Keycloak's "typ": "Refresh" claim.
func isRefreshToken(c *Cred) bool {
	tok, err := credential.DecodeJWT(strings.TrimSpace(c.credentials))
	if err != nil {
		return false
	}
	for _, k := range []string{"token_type", "typ", "token_use"} {
		if v, ok := tok.Claims[k].(string); ok && strings.EqualFold(v, "refresh") {
			return true
		}
	}
	return false
}

// passwordRetired is a server saying it no longer takes passwords: "Basic
// authentication with passwords is deprecated" (Jira Cloud),
// "Username/Password authentication is no longer supported. Migrate to API
// Tokens" (PyPI).
var passwordRetired = regexp.MustCompile(`\bpasswords?(?: authentication)? (?:is|are) (?:deprecated|no longer supported|not supported|no longer accepted|not accepted|disabled)\b` +
	`|\b(?:authentication|auth) with (?:an? )?(?:account )?passwords? (?:is|are) (?:deprecated|no longer supported|not supported|disabled)\b`)

// isPassword reports a Basic or Digest credential: a user name and a
// password, as far as the request can tell.
func isPassword(c *Cred) bool {
	switch strings.ToLower(c.Scheme) {
	case "basic", "digest":
		return true
	}
	return false
}
