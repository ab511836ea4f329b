package check

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// simpleSchemes take the same credential with only the scheme word
// changed, so a confirmation may swap them. Basic and Digest carry a
// differently built credential and are never tried.
var simpleSchemes = []string{"Bearer", "Token", "JWT", "Api-Key", "ApiKey", "Key", "DPoP"}

// SimpleScheme reports whether s is a scheme whose credential is the bare
// token, so authdoctor may resend the same token under it.
func SimpleScheme(s string) bool {
	for _, x := range simpleSchemes {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// ChallengedScheme returns the first scheme the server challenges that
// differs from the one sent, when the sent one is not challenged at all.
func (in *Input) ChallengedScheme() (string, bool) {
	c := in.Primary()
	f := in.Final()
	if c == nil || c.Scheme == "" || f == nil || f.Status != 401 {
		return "", false
	}
	chs := in.Parse(f).Challenges
	if len(chs) == 0 {
		return "", false
	}
	for _, ch := range chs {
		if ch.Is(c.Scheme) {
			return "", false
		}
	}
	// A garbled challenge that still names the scheme ("null Bearer
	// realm=…", WSO2's bug) asks for it all the same.
	for _, v := range f.Header.Values("WWW-Authenticate") {
		if containsWord(strings.ToLower(v), strings.ToLower(c.Scheme)) {
			return "", false
		}
	}
	return chs[0].Scheme, true
}

// sigV4Phrases are API Gateway's answers to a non-SigV4 Authorization on
// a route that uses IAM authorisation (root-causes C20).
var sigV4Phrases = []string{"authorization header requires 'credential' parameter", "not a valid key=value pair (missing equal-sign) in authorization header"}

// headerSchemeMismatch: the server challenges with another scheme than
// the one sent, e.g. Token (Django REST framework) for Bearer
// (root-causes C07).
func headerSchemeMismatch(in *Input) []authdoctor.Finding {
	if c := in.Primary(); c != nil && in.Failed() && !strings.EqualFold(c.Scheme, "AWS4-HMAC-SHA256") {
		if phrase, ok := in.Parse(in.Final()).Body.Has(sigV4Phrases...); ok {
			fs := found(authdoctor.SeverityError, authdoctor.Likely,
				"This AWS API Gateway route uses IAM authorisation and expects an AWS Signature Version 4, not "+schemePrefix(c.Scheme)+"credential.",
				Describe(in.Auth), fmt.Sprintf("the server says %q", phrase))
			fs[0].Fix = "Sign the request with AWS SigV4 (aws-sigv4 in curl, an AWS SDK), or ask the API owner to put a token authoriser on this route."
			return fs
		}
	}
	want, ok := in.ChallengedScheme()
	if !ok {
		return vendorSchemeMismatch(in)
	}
	c := in.Primary()
	r := in.Parse(in.Final())
	ev := []string{fmt.Sprintf("sent: %s %s", c.Name(), c.Scheme)}
	ev = append(ev, in.challengeLines(in.Final())...)
	ev = append(ev, serverSaid(r))
	// The server names only other schemes than the one sent: that is a
	// scheme mismatch whatever else is wrong (RFC 9110 §11.6.1: the
	// challenge lists what the server accepts). How sure depends on
	// whether the answer shows the credential was ignored.
	conf := authdoctor.Possible
	if _, said := r.Body.Has("credentials were not provided", "no credentials", "not provided", "missing"); said {
		conf = authdoctor.Likely
		ev = append(ev, "the server says no credentials were provided: it ignored the "+c.Scheme+" header")
	} else if in.Baseline != nil && in.SameAs(in.Auth, in.Baseline) {
		conf = authdoctor.Likely
		ev = append(ev, Describe(in.Baseline)+" — the same answer as without any credential: the server ignored the "+c.Scheme+" header")
	} else if _, said := r.Body.Has("user and password", "username and password", "user name and password"); said && !strings.EqualFold(c.Scheme, "Basic") {
		conf = authdoctor.Likely
		ev = append(ev, "the server asks for a user name and password")
	}
	if !SimpleScheme(want) || !c.tokenLike() && !SimpleScheme(c.Scheme) {
		// A Basic or Digest challenge to a token can be a server's default
		// challenge; say so without claiming it.
		ev = append(ev, fmt.Sprintf("a %s challenge can also be a server's default answer; check the API documentation", want))
	}
	sev := authdoctor.SeverityError
	fs := found(sev, conf, fmt.Sprintf("You sent %s, but the server asks for the %s scheme.", c.Scheme, want), ev...)
	fs[0].Fix = fmt.Sprintf("Send the credential with the scheme the server names: 'Authorization: %s <credential>' (see the API documentation).", want)
	return in.confirm(fs, fmt.Sprintf("with the scheme %s", want))
}

// vendorScheme is the Authorization scheme the catalogue says the vendor
// of c expects ("Bot" for a Discord bot token), and whether the scheme
// sent is one the vendor takes.
func vendorScheme(c *Cred) (want string, takes bool) {
	if !c.HasVendor {
		return "", true
	}
	scheme := func(h string) string {
		name, v, ok := strings.Cut(h, ":")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "Authorization") {
			return ""
		}
		w, _, _ := strings.Cut(strings.TrimSpace(v), " ")
		return w
	}
	want = scheme(c.Vendor.Header)
	if want == "" {
		return "", true
	}
	for _, h := range append([]string{c.Vendor.Header}, c.Vendor.Alternatives...) {
		if s := scheme(h); s != "" && strings.EqualFold(s, c.Scheme) {
			return want, true
		}
	}
	return want, false
}

// vendorSchemeMismatch: no challenge names a scheme, but the credential
// is a vendor's whose documented scheme is another than the one sent: a
// Discord bot token sent as Bearer, where Discord wants "Bot <token>" and
// answers 401 without a challenge. The vendor's scheme comes from the
// catalogue (credential.Vendor.Header).
func vendorSchemeMismatch(in *Input) []authdoctor.Finding {
	c := in.Primary()
	st := in.Status()
	if c == nil || !c.Authorization || c.Scheme == "" || strings.EqualFold(c.Scheme, "Basic") || (st != 401 && st != 403) || !in.sentOnFinal() {
		return nil
	}
	want, takes := vendorScheme(c)
	if takes {
		return nil
	}
	ev := []string{fmt.Sprintf("sent: %s %s", c.Name(), c.Scheme),
		fmt.Sprintf("the credential is a %s %s, which %s documents as '%s <token>'", c.Vendor.Name, c.Vendor.Kind, c.Vendor.Name, c.Vendor.Header)}
	if c.Vendor.Note != "" {
		ev = append(ev, c.Vendor.Note)
	}
	ev = append(ev, Describe(in.Auth), serverSaid(in.Parse(in.Final())))
	fs := found(authdoctor.SeverityError, authdoctor.Likely,
		fmt.Sprintf("You sent a %s %s with the %s scheme; %s expects the %s scheme.", c.Vendor.Name, c.Vendor.Kind, c.Scheme, c.Vendor.Name, want), ev...)
	fs[0].Fix = fmt.Sprintf("Send it as '%s <credential>'", c.Vendor.Header)
	if c.Vendor.Docs != "" {
		fs[0].Fix += " (" + c.Vendor.Docs + ")"
	}
	fs[0].Fix += "."
	return in.confirm(fs, fmt.Sprintf("with the scheme %s", want))
}
