// Package issuer asks a token's issuer what it knows about the token: the
// issuer's metadata (OpenID Connect Discovery 1.0 §4, RFC 8414 §3), its
// published keys (RFC 7517 §5), whether the token's signature verifies with
// them (RFC 7515), and, with client credentials, what its introspection
// endpoint says (RFC 7662).
//
// It is the only package that imports go-jose for verification. Every
// request goes through the *http.Client the caller injects, within a
// request budget, and is recorded as an authdoctor.Exchange; the token and
// the client secret are scrubbed from everything stored. Inspect never
// fails: what could not be done is a plain line in IssuerReport.Problems.
// Verify and Keys are pure and safe on arbitrary input.
//
// Mint asks the issuer's token endpoint for a new token (RFC 6749 §4.4
// client credentials, §6 refresh token) through golang.org/x/oauth2, the
// only package that imports it, and explains a refusal (§5.2). x/oauth2
// hides the HTTP exchange, so Mint puts a recording http.RoundTripper under
// it: every request is an Exchange too, without its body, with the
// Authorization header reduced to its scheme, and with every token and
// secret scrubbed from the answer stored.
package issuer
