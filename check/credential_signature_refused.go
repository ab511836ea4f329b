package check

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// signatureRefusedPhrases are a server saying the signature it computed
// or verified does not match the one sent: AWS and MinIO "The request
// signature we calculated does not match", Azure Storage "Signature did
// not match", Envoy jwt_authn "Jwt verification fails" (its message for a
// JWT whose signature fails against the JWKS), Hasura "JWSInvalidSignature".
// "Signature not valid in the specified time frame" is about time and is
// left out; so is Azure's "formed correctly including the signature",
// which every Azure refusal carries.
var signatureRefusedPhrases = []string{
	"signature did not match", "signature does not match", "signature we calculated does not match", "signature mismatch",
	"invalid signature", "signature is invalid", "signature verification failed", "bad signature",
	"jwt verification fails", "jwsinvalidsignature",
}

// signatureRefusedCodes are machine codes for the same (S3, MinIO, GCS).
var signatureRefusedCodes = []string{"SignatureDoesNotMatch", "InvalidSignature", "invalid_signature"}

// credentialSignatureRefused: the server says the signature of what was
// sent did not verify — a JWT's, or a signed request's (AWS SigV4, an
// Azure SAS or Shared Key). authdoctor cannot always check it itself (a
// shared secret, a key it does not have), so the server's words are the
// evidence. A 2xx whose GraphQL errors[] say so counts too (Hasura).
func credentialSignatureRefused(in *Input) []authdoctor.Finding {
	f := in.Final()
	if f == nil || in.Primary() == nil && !hasSignedURL(in) {
		return nil
	}
	r := in.Parse(f)
	inOK := f.Status >= 200 && f.Status < 300 && len(r.Body.GraphQL) > 0
	if f.Status != 401 && f.Status != 403 && !inOK {
		return nil
	}
	said := in.signatureSaid()
	if said == "" {
		return nil
	}
	what := "the credential"
	switch c := in.Primary(); {
	case hasSignedURL(in):
		s, _ := parseSignedURL(in.Obs.Request.URL)
		what = "the " + s.Kind
	case c != nil && c.Info.JWT != nil:
		what = "the token"
	case c != nil && strings.HasPrefix(strings.ToUpper(c.Scheme), "AWS4-"):
		what = "the AWS Signature V4 of the request"
	}
	ev := []string{Describe(in.Auth), said, serverSaid(r)}
	sum := fmt.Sprintf("The server could not verify the signature of %s: it was computed with another key or over other data than the server sees.", what)
	if inOK {
		sum = fmt.Sprintf("The server answered %s, but its GraphQL errors say the signature of %s did not verify.", StatusLine(f.Status), what)
	}
	fs := found(authdoctor.SeverityError, authdoctor.Likely, sum, ev...)
	fs[0].Fix = "Sign again with the right key: for a token, get a fresh one from the issuer the API trusts; for a signed request or URL, check the secret key, and that nothing between you and the server (a proxy rewriting Host or the path, a re-encoded query) changes what was signed."
	return fs
}

// hasSignedURL reports whether the request URL carries its own signature.
func hasSignedURL(in *Input) bool {
	_, ok := parseSignedURL(in.Obs.Request.URL)
	return ok
}

// signatureSaid is evidence that the final answer says a signature did
// not verify, "" when it does not.
func (in *Input) signatureSaid() string {
	r := in.Parse(in.Final())
	for _, c := range signatureRefusedCodes {
		if r.Body.HasCode(c) {
			return fmt.Sprintf("the server's code is %s", c)
		}
	}
	if p, ok := in.Said(signatureRefusedPhrases...); ok {
		return fmt.Sprintf("the server says %q", p)
	}
	return ""
}
