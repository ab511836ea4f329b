package check

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// tokenRejected: the server saw the bearer token and refused it — it
// said error="invalid_token" (RFC 6750 §3.1), or it answered differently
// with the token than without. The token may be revoked, signed by a key
// the server no longer trusts, meant for another API, or unknown.
func tokenRejected(in *Input) []authdoctor.Finding {
	c := in.Primary()
	f := in.Final()
	if c == nil || f == nil || !in.sentOnFinal() {
		return nil
	}
	r := in.Parse(f)
	words, named := saysTokenInvalid(c, r.Body)
	if !c.tokenLike() && !named {
		return nil
	}
	code, _ := r.BearerError()
	// A 400 or 403 is about the token only when the server says so: in
	// RFC 6750 §3.1 words (a 403 with invalid_token) or its own ("The
	// given OAuth 2 access token is malformed", Dropbox's 400).
	if f.Status != 401 && !((f.Status == 403 || f.Status == 400) && (code == "invalid_token" || named)) {
		return nil
	}
	if _, ok := r.Body.Has(permissionPhrases...); ok && code != "invalid_token" && !named {
		return nil // a 401 that is really a permission failure
	}
	ev := []string{Describe(in.Auth)}
	ev = append(ev, in.challengeLines(f)...)
	conf := authdoctor.Possible
	switch {
	case code == "invalid_token":
		conf = authdoctor.Likely
		ev = append(ev, "error=\"invalid_token\": the server read the token and refused it (RFC 6750 §3.1)")
	case in.Baseline != nil && !in.SameAs(in.Auth, in.Baseline):
		conf = authdoctor.Likely
		ev = append(ev, Describe(in.Baseline)+" — a different answer, so the server did read your token")
	case in.Corrupted != nil && !in.SameAs(in.Auth, in.Corrupted):
		conf = authdoctor.Likely
		ev = append(ev, Describe(in.Corrupted)+" — a damaged copy gets a different answer, so the server reads the token")
	case in.Baseline != nil && in.SameAs(in.Auth, in.Baseline):
		return nil // not known to be seen: deliveryNotReceived's question
	case named:
		conf = authdoctor.Likely
	}
	if named {
		ev = append(ev, fmt.Sprintf("the server says %q: it read the token and does not take it", words))
	}
	if s := serverSaid(r); s != "" {
		ev = append(ev, s)
	}
	if t := in.times(); t != nil && !t.passed && !t.earlyLocal && t.jwt.Exp != nil {
		ev = append(ev, fmt.Sprintf("by its own claims the token is valid until %s, so the issuer or server no longer accepts it", stamp(*t.jwt.Exp)))
	}
	return found(authdoctor.SeverityError, conf,
		"The server received your token and rejected it: it is revoked, from another issuer or environment, signed with a rotated key, or meant for another API.", ev...)
}

// tokenInvalidPhrases are a server saying the token it read is not one it
// takes: unknown, revoked, malformed or invalid (Vault's 403 "invalid
// token" beside "permission denied", Sentry's "Invalid token", Dropbox's
// 400 "access token is malformed").
var tokenInvalidPhrases = []string{"invalid token", "token is invalid", "token not found", "unknown token", "token unknown",
	"token is revoked", "token was revoked", "token has been revoked", "revoked token",
	"token is malformed", "malformed token", "malformed access token", "malformed jwt",
	// Consul and Nomad call their tokens ACLs: acl.ErrNotFound "ACL not
	// found" (hashicorp/consul acl/errors.go) is the 403 for a token they
	// do not know; Nomad says "ACL token not found".
	"acl not found", "acl token not found"}

// saysTokenInvalid reports the server calling the credential an invalid
// token. A password is never a token, so Basic and Digest do not count.
func saysTokenInvalid(c *Cred, b ErrorBody) (string, bool) {
	switch strings.ToLower(c.Scheme) {
	case "basic", "digest":
		return "", false
	}
	if p, ok := b.Has(tokenInvalidPhrases...); ok {
		return p, true
	}
	if m := tokenNotFoundWords.FindString(b.Text); m != "" {
		return m, true
	}
	return "", false
}

// tokenNotFoundWords are a server saying, in its own word order, that it
// knows no such token: "The access token you sent could not be found or
// is invalid." (Contentful's AccessTokenInvalid, a 401 or 403).
var tokenNotFoundWords = regexp.MustCompile(`\b(?:access |api |auth )?token (?:you (?:sent|provided|supplied) |provided |supplied )?(?:could not be|cannot be|can't be|was not|wasn't) found\b`)
