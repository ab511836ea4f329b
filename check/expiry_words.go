package check

import (
	"regexp"
	"strings"
)

// expiryPhrases are what a server says when it means the credential
// expired.
var expiryPhrases = []string{"expired", "token is expired", "token has expired", "jwt expired", "exp claim"}

// hedgedExpiry finds "expired" listed among other reasons the server does
// not tell apart: "Invalid or expired access token" (dadi),
// "Missing/invalid/expired access token" (Spotify), "Session expired or
// invalid" (Salesforce), "invalid, expired, or revoked" (SendGrid). Such a
// server says it cannot tell which; the word alone is not its verdict.
var hedgedExpiry = regexp.MustCompile(`(?:\b(?:` + hedgeAlt + `)` + hedgeSep + `)+expired\b|\bexpired(?:` + hedgeSep + `(?:` + hedgeAlt + `)\b)+`)

const (
	hedgeAlt = `missing|invalid|revoked|malformed|unknown|bad|wrong|incorrect|inactive|not valid|non-existent|nonexistent`
	hedgeSep = `\s*(?:/|\||,\s*or\s+|,\s*|\s+or\s+)\s*`
)

// unhedged is text with every hedged list of reasons blanked out.
func unhedged(text string) string { return hedgedExpiry.ReplaceAllString(text, " ") }

// saysExpired reports whether the final answer (its body or its
// WWW-Authenticate error_description) says the credential expired, and not
// only as one of several reasons it does not tell apart.
func (in *Input) saysExpired() (string, bool) {
	r := in.Parse(in.Final())
	if p, ok := (ErrorBody{Text: unhedged(r.Body.Text)}).Has(expiryPhrases...); ok {
		return p, true
	}
	_, d := r.BearerError()
	return ErrorBody{Text: unhedged(strings.ToLower(d))}.Has(expiryPhrases...)
}

// expiryCode is a machine code that says expired (Google's
// ACCESS_TOKEN_EXPIRED, AWS ExpiredToken, Dropbox's .tag
// expired_access_token), "" when none does.
func (b ErrorBody) expiryCode() string {
	for _, c := range b.Codes {
		if strings.Contains(strings.ToLower(c), "expired") {
			return c
		}
	}
	return ""
}
