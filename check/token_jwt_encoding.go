package check

import (
	"slices"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
)

// jwtIssue is what a JWT defect the decoder found means and what to do.
type jwtIssue struct {
	// strict is true when strict verifiers reject the token for it; a
	// defect most libraries tolerate or that touches only iat is a
	// warning.
	strict       bool
	summary, fix string
}

// jwtIssues maps every credential.JWT* code to its finding, except
// alg-none and the empty signature of an alg-none token (token.alg-none
// says them) and white space the header lint already reported.
var jwtIssues = map[string]jwtIssue{
	credential.JWTPadded: {true, "The token's segments end in '=' padding, which JWTs must not have (RFC 7515 §2): strict verifiers reject it.",
		"Encode each segment with base64url without padding (strip the trailing '='), or take the token unchanged from the issuer."},
	credential.JWTStandardAlphabet: {true, "The token uses standard base64 ('+' and '/') instead of base64url ('-' and '_'), which JWTs require (RFC 7515 §2): verifiers reject it.",
		"Encode with base64url (RFC 4648 §5), or take the token unchanged from the issuer; in code, use the URL-safe encoder without padding."},
	credential.JWTWhitespace: {true, "The token has white space or a line break inside it (a wrapped terminal or YAML block): what the server receives is not the token the issuer signed.",
		"Remove the line breaks and spaces inside the token where it is stored (tr -d ' \\n'), or copy it again in one piece."},
	credential.JWTMissingSignature: {true, "The token has two segments, header and claims, and no signature: it was cut short when copied, or built by hand.",
		"Copy the whole token, three dot-separated segments, from the issuer's response."},
	credential.JWTEmptySignature: {true, "The token's signature segment is empty: it is an unsecured JWT (RFC 7519 §6), which APIs reject.",
		"Get a signed token from the issuer; a token ending in '.' was never signed."},
	credential.JWTAlgNoneSigned: {true, "The token's header says alg \"none\" yet it carries a signature, which RFC 7518 §3.6 forbids: the header was edited, or the token forged.",
		"Use the token exactly as the issuer minted it; never edit its header."},
	credential.JWTEncMissing: {true, "The token has the five segments of an encrypted JWT (JWE) but its header has no enc, which every JWE needs (RFC 7516 §4.1.2).",
		"Take the token unchanged from the issuer; if you built it, set enc (for example A256GCM) in the protected header."},
	credential.JWTExpString: {true, "The token's exp is a string, where RFC 7519 §2 wants a number of seconds: most libraries reject the token or ignore its expiry.",
		"Have the issuer write exp as a JSON number of seconds since 1970 (NumericDate), not as a string."},
	credential.JWTNbfString: {true, "The token's nbf is a string, where RFC 7519 §2 wants a number of seconds: most libraries reject the token or ignore it.",
		"Have the issuer write nbf as a JSON number of seconds since 1970 (NumericDate), not as a string."},
	credential.JWTIatString: {false, "The token's iat is a string, where RFC 7519 §2 wants a number of seconds: some libraries reject the token.",
		"Have the issuer write iat as a JSON number of seconds since 1970 (NumericDate), not as a string."},
	credential.JWTExpMillis: {true, "The token's exp is in milliseconds, not seconds (the Date.now() mistake): verifiers read it as a date thousands of years away, so it never expires, or they reject it.",
		"Have the issuer divide by 1000: exp is seconds since 1970 (RFC 7519 §2)."},
	credential.JWTNbfMillis: {true, "The token's nbf is in milliseconds, not seconds: verifiers read it as a date thousands of years away and reject the token as not yet valid.",
		"Have the issuer divide by 1000: nbf is seconds since 1970 (RFC 7519 §2)."},
	credential.JWTIatMillis: {false, "The token's iat is in milliseconds, not seconds: verifiers that check it read a date thousands of years away, issued in the future.",
		"Have the issuer divide by 1000: iat is seconds since 1970 (RFC 7519 §2)."},
	credential.JWTExpInvalid: {true, "The token's exp is not a date at all (not a number of seconds): verifiers reject the token.",
		"Have the issuer write exp as a JSON number of seconds since 1970 (RFC 7519 §2)."},
	credential.JWTNbfInvalid: {true, "The token's nbf is not a date at all (not a number of seconds): verifiers reject the token.",
		"Have the issuer write nbf as a JSON number of seconds since 1970 (RFC 7519 §2)."},
	credential.JWTIatInvalid: {false, "The token's iat is not a date at all (not a number of seconds): verifiers that check it reject the token.",
		"Have the issuer write iat as a JSON number of seconds since 1970 (RFC 7519 §2)."},
}

// tokenJWTEncoding: the defects credential.DecodeJWT tolerated or found
// in the token (padding, the standard base64 alphabet, a missing or empty
// signature, times as strings or milliseconds…), one finding each, in the
// order found. Strict defects are errors when the request failed or
// nothing was sent (inspect), warnings once a server accepted the token.
func tokenJWTEncoding(in *Input) []authdoctor.Finding {
	c := in.Primary()
	if c == nil || c.Info.JWT == nil {
		return nil
	}
	var out []authdoctor.Finding
	algNone := slices.Contains(c.Info.JWT.Issues, credential.JWTAlgNone)
	for _, code := range c.Info.JWT.Issues {
		is, ok := jwtIssues[code]
		switch {
		case !ok,
			code == credential.JWTWhitespace && len(c.Issues) > 0, // the header lint said it
			code == credential.JWTEmptySignature && algNone:       // token.alg-none says it
			continue
		}
		sev := in.failSeverity()
		if !is.strict && sev == authdoctor.SeverityError {
			sev = authdoctor.SeverityWarning
		}
		ev := []string{"the JWT decoder reports " + code}
		if d := Describe(in.Auth); d != "" {
			ev = append(ev, d, serverSaid(in.Parse(in.Final())))
		}
		fs := found(sev, authdoctor.Likely, is.summary, ev...)
		fs[0].Fix = is.fix
		out = append(out, fs...)
	}
	return out
}

// JWTIssueKnown reports whether token.jwt-encoding has a finding for the
// credential.JWT* code, so a test can prove none is forgotten.
func JWTIssueKnown(code string) bool { _, ok := jwtIssues[code]; return ok }
