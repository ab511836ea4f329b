package credential

import (
	"errors"
	"net/url"
	"strings"
)

// Kinds of credential, as Classify returns them and Credential.Kind holds.
const (
	KindJWT    = "jwt"     // a JWS in compact form, claims readable
	KindJWE    = "jwe"     // an encrypted JWT, claims unreadable
	KindOpaque = "opaque"  // a bearer token with no readable structure
	KindBasic  = "basic"   // RFC 7617 user:password
	KindAPIKey = "api_key" // a vendor key, or a value sent outside Authorization
	KindDigest = "digest"  // RFC 7616 response parameters
	KindEmpty  = "empty"   // nothing after the scheme, or an empty header
)

// authSchemes are scheme words that, alone in an Authorization value, are
// a scheme with its credential missing rather than a credential without a
// scheme.
var authSchemes = map[string]bool{
	"bearer": true, "basic": true, "digest": true, "token": true, "jwt": true,
	"negotiate": true, "ntlm": true, "dpop": true, "hoba": true, "mutual": true,
	"aws4-hmac-sha256": true, "apikey": true, "api-key": true, "client": true,
	"oauth": true, "hawk": true, "sharedkey": true, "splunk": true,
}

// Split separates a header value into the scheme and the credentials.
// For Authorization and Proxy-Authorization the scheme is the first word,
// and the credentials are what follows the white space after it (RFC 9110
// §11.4); a single word that names a known scheme (Bearer) is a scheme
// with no credentials, any other single word is credentials with no
// scheme. For every other header (X-API-Key, Cookie…) the whole value is
// the credential and the scheme is empty. Split never trims the
// credentials beyond the separating white space, so a trailing newline
// stays visible to callers.
func Split(headerName, value string) (scheme, credentials string) {
	if !isAuthorization(headerName) {
		return "", value
	}
	v := strings.TrimLeft(value, " \t")
	if i := strings.IndexAny(v, " \t"); i >= 0 {
		return v[:i], strings.TrimLeft(v[i:], " \t")
	}
	if authSchemes[strings.ToLower(strings.TrimRight(v, "\r\n"))] {
		return v, ""
	}
	return "", v
}

func isAuthorization(name string) bool {
	return strings.EqualFold(name, "Authorization") || strings.EqualFold(name, "Proxy-Authorization")
}

// Classify names the kind of credential from the scheme as written and the
// credentials after it: empty when there is nothing, basic and digest by
// scheme, jwe and jwt by shape (5, or 3 or 2, base64url segments whose first
// is a JSON object), api_key for a recognised vendor key or for a value sent
// with no scheme, and opaque for anything else sent with a scheme (Bearer
// and the rest). Surrounding white space is ignored.
func Classify(scheme, credentials string) string {
	c := strings.TrimSpace(credentials)
	switch {
	case c == "":
		return KindEmpty
	case strings.EqualFold(scheme, "Basic"):
		return KindBasic
	case strings.EqualFold(scheme, "Digest"):
		return KindDigest
	}
	if k := jwtShape(c); k != "" {
		return k
	}
	if _, ok := Recognise(c); ok || scheme == "" {
		return KindAPIKey
	}
	return KindOpaque
}

// jwtShape returns KindJWT or KindJWE when c has the compact shape of one,
// or "": 3 segments (or 2, a JWS cut before its signature) or 5, the first
// a JSON object. White space inside (a token wrapped over lines) is
// ignored here; DecodeJWT reports it.
func jwtShape(c string) string {
	c = removeSpace(c)
	n := strings.Count(c, ".") + 1
	if n < 2 || n > 5 || n == 4 {
		return ""
	}
	head, _, _ := strings.Cut(c, ".")
	var issues issueSet
	if _, err := decodeSegment("header", head, &issues); err != nil {
		return ""
	}
	if n == 5 {
		return KindJWE
	}
	return KindJWT
}

// Inspect describes the credential carried in one request header field
// (name and full value) without revealing it: where it was sent, the
// scheme, the kind, its length and fingerprint, the vendor and
// environment its prefix or claims give away, the Basic user name when
// that is not itself a key, and the unverified claims of a JWT.
//
// Length and Fingerprint are of the credentials part exactly as sent (see
// Split), so a stray newline changes the fingerprint; the kind, vendor and
// claims are read with surrounding white space ignored.
func Inspect(headerName, value string) Credential {
	scheme, creds := Split(headerName, value)
	c := strings.TrimSpace(creds)
	out := Credential{
		Header:      headerName,
		Scheme:      scheme,
		Kind:        Classify(scheme, creds),
		Length:      len(creds),
		Fingerprint: Fingerprint(creds),
	}
	if !isAuthorization(headerName) && out.Kind == KindOpaque {
		out.Kind = KindAPIKey
	}
	// A placeholder names no vendor and no environment, whatever prefix
	// it was given.
	if _, ph := Placeholder(c); ph {
		out.Placeholder = true
		return out
	}
	switch out.Kind {
	case KindEmpty, KindDigest:
	case KindBasic:
		inspectBasic(&out, c)
	case KindJWT, KindJWE:
		inspectJWT(&out, c)
	default:
		if strings.EqualFold(scheme, "AWS4-HMAC-SHA256") {
			if v, ok := recognise(sigV4KeyID(c)); ok {
				setVendor(&out, v)
			}
			break
		}
		v, ok := recognise(c)
		if !ok {
			v, ok = recogniseContext(headerName, scheme, c)
		}
		if ok {
			setVendor(&out, v)
			out.Kind = KindAPIKey
		}
	}
	return out
}

func setVendor(out *Credential, v Vendor) {
	out.Prefix, out.Vendor, out.Environment = v.Prefix, v.Name, v.Environment
}

// inspectBasic fills the user name, or the vendor when the user name is a
// key (Stripe, Razorpay and Twilio take a key or key id as the Basic
// user). When the user is not a key the password may be one (Atlassian,
// Mailgun, PyPI, Docker Hub take the key as the password): its vendor is
// named, the password never shown.
func inspectBasic(out *Credential, token68 string) {
	b, pass, err := decodeBasic(token68)
	if err != nil {
		return
	}
	if v, ok := recognise(b.User); ok {
		setVendor(out, v)
		return
	}
	if !looksSecret(b.User) {
		out.BasicUser = b.User
	}
	if v, ok := recognise(pass); ok {
		setVendor(out, v)
	}
}

// looksSecret reports whether a Basic user name looks like a key rather
// than a name: long, with letters and digits, and neither an e-mail
// address nor words.
func looksSecret(u string) bool {
	if len(u) < 20 || strings.ContainsAny(u, "@ ") {
		return false
	}
	letters, digits := false, false
	for i := 0; i < len(u); i++ {
		switch c := u[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			letters = true
		case '0' <= c && c <= '9':
			digits = true
		}
	}
	return letters && digits
}

// inspectJWT fills the claims and the environment they give away: an
// env or environment claim, else the issuer's host.
func inspectJWT(out *Credential, c string) {
	t, err := DecodeJWT(c)
	if err != nil && !errors.Is(err, ErrEncrypted) {
		return
	}
	j := t.Info
	j.Issues = t.Issues
	out.JWT = &j
	for _, k := range []string{"env", "environment"} {
		if env := NormaliseEnvironment(str(t.Claims[k])); env != "" {
			out.Environment = env
			return
		}
	}
	if j.Iss != "" {
		out.Environment = HostEnvironment(issuerHost(j.Iss))
	}
	// An audience URL names the API the token is for, and its host may
	// say which environment that is (https://api.sandbox.example.com).
	for _, a := range j.Aud {
		if out.Environment != "" {
			break
		}
		out.Environment = HostEnvironment(issuerHost(a))
	}
}

// issuerHost returns the host of an issuer URL, or "" when iss is not a
// URL with a host (some issuers are plain names).
func issuerHost(iss string) string {
	u, err := url.Parse(iss)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Host
}

// sigV4KeyID returns the access key id in the Credential parameter of an
// AWS Signature Version 4 Authorization value
// ("Credential=AKIA…/20240101/us-east-1/s3/aws4_request, …"), or "".
func sigV4KeyID(params string) string {
	for _, p := range strings.Split(params, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok && strings.EqualFold(k, "Credential") {
			id, _, _ := strings.Cut(v, "/")
			return id
		}
	}
	return ""
}
