package check

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// notProvidedPhrases are what servers say when they saw no credential at all.
var notProvidedPhrases = []string{"credentials were not provided", "no token provided", "no authorization header", "authorization header is missing", "missing authorization", "missing api key", "api key is missing", "missing bearer", "no api key", "no credentials", "token is missing", "missing token", "authentication required"}

// missingWords finds "missing subscription key", "missing the
// authorization header", "no bearer token": a server naming the credential
// it did not get.
var missingWords = regexp.MustCompile(`\b(?:missing|no|without)(?: an?| the| required)?(?: [a-z_-]+){0,2} (?:key|token|credentials?|authorization|authorization header|api[ _-]?key|header)\b`)

// inToken follows a missing thing that lives inside the token, not
// beside it: "missing user key in JWT token" (APISIX jwt-auth: the JWT
// came and lacks the claim it finds its consumer by).
var inToken = regexp.MustCompile(`^ (?:in|from) (?:the |your )?(?:jwt|token|access token|claims?|payload)\b`)

// notSuppliedWords is a server saying that none of the credentials it
// reads came: "No Account or Server API tokens were supplied in the HTTP
// headers" (Postmark). The tail "were supplied" keeps "no permission for
// this token" out.
var notSuppliedWords = regexp.MustCompile(`\bno (?:[a-z_-]+ ){0,4}(?:keys?|tokens?|credentials?|api[ _-]?keys?) (?:were|was) (?:supplied|provided|sent|given|found)\b`)

// missingAfterWords is a server naming the credential first and "missing"
// last: "Authorization field missing" (Tyk's 401 when the header it reads
// is absent), "API key missing". "missing" must end the sentence, so that
// "access token missing required claim" (a claim, not the token) stays
// out; a bare "token" is not enough, as "CSRF token missing." (Django)
// speaks of another token.
var missingAfterWords = regexp.MustCompile(`\b(?:authorization|api[ _-]?key|access token|bearer token|credentials?)(?: header| field)? (?:is |was )?missing(?:\s*[.!"'}\]]|\s*$)`)

// noUserPhrases are a server saying it sees no signed-in user ("You are
// not currently logged in.", WordPress). They prove nothing alone — an
// expired session says it too — so they count only when the answer to the
// credential is the answer without any.
var noUserPhrases = []string{"not logged in", "not currently logged in"}

func missingCredential(text string) (string, bool) {
	// AWS API Gateway says "Missing Authentication Token" for a path or
	// method it does not have: endpointNotFound's case, not a lost header.
	if strings.Contains(text, "missing authentication token") {
		return "", false
	}
	if loc := missingWords.FindStringIndex(text); loc != nil && !inToken.MatchString(text[loc[1]:]) {
		return text[loc[0]:loc[1]], true
	}
	if m := notSuppliedWords.FindString(text); m != "" {
		return m, true
	}
	if m := missingAfterWords.FindString(text); m != "" {
		return strings.TrimRight(m, " \t\n.!\"'}]"), true
	}
	return "", false
}

// deliveryNotReceived: the credential went out on the final hop, yet the
// server answers exactly as it does without one — and a deliberately
// corrupted copy gets the same answer too. Something in front of the auth
// layer strips it (root-causes C18, C19; anchors §5 "differential probe").
func deliveryNotReceived(in *Input) []authdoctor.Finding {
	c := in.Primary()
	if c == nil || !in.sentOnFinal() || c.credentials == "" {
		return nil
	}
	st := in.Status()
	if st != 401 && st != 403 && st != 400 {
		return nil
	}
	if _, mismatch := in.ChallengedScheme(); mismatch {
		return nil // the server ignores this scheme: headerSchemeMismatch says so
	}
	r := in.Parse(in.Final())
	ev := []string{Describe(in.Baseline), Describe(in.Auth)}
	conf := authdoctor.Confidence("")
	hedge := false
	if in.SameAs(in.Auth, in.Baseline) {
		if in.Corrupted != nil && in.SameAs(in.Corrupted, in.Auth) {
			ev = append(ev, Describe(in.Corrupted), "all three answers are identical: the server reacts to no credential, yours and a damaged one in the same way")
			if code, _ := r.BearerError(); code == "" && len(r.Challenges) > 0 && r.Challenges[0].Is("Bearer") {
				// RFC 6750 §3: no error code means no credential was seen.
				conf = authdoctor.Likely
				ev = append(ev, "the challenge carries no error= code; RFC 6750 §3 says a server leaves it out when the request had no credential")
			} else {
				// Some servers answer every failure alike; say both.
				conf, hedge = authdoctor.Possible, true
			}
		}
	}
	phrase, ok := r.Body.Has(notProvidedPhrases...)
	if !ok {
		phrase, ok = missingCredential(r.Body.Text)
	}
	if !ok && in.SameAs(in.Auth, in.Baseline) {
		phrase, ok = r.Body.Has(noUserPhrases...)
	}
	if ok {
		conf, hedge = authdoctor.Likely, false
		ev = append(ev, fmt.Sprintf("the server says %q although the %s header was sent", phrase, c.Name()))
	} else if srv := in.NoUser401(); srv != "" {
		conf, hedge = authdoctor.Likely, false
		ev = append(ev, fmt.Sprintf("%s answers 401 only when no user was authenticated (403 once one is): your %s header did not log anyone in", srv, c.Name()))
	}
	if conf == "" {
		return nil
	}
	if hedge {
		// The three answers cannot tell "stripped" from "rejected"; other
		// evidence can: the server's words, or a token the claims already
		// condemn.
		if _, rejected := saysRejected(r.Body); rejected {
			return nil
		}
		if t := in.times(); t != nil && (t.expLocal || t.earlyLocal) {
			return nil
		}
	}
	ev = append(ev, in.challengeLines(in.Final())...)
	if s := in.Final().Header.Get("Server"); s != "" {
		ev = append(ev, "Server: "+s)
	}
	if v := in.Final().Header.Get("Via"); v != "" {
		ev = append(ev, "Via: "+v+" — a proxy or CDN is in the path")
	}
	if hedge {
		return found(authdoctor.SeverityError, conf,
			fmt.Sprintf("Your %s header makes no difference to the answer: either something in between (proxy, CDN, app server) removes it before the auth check, or the server rejects every credential alike without saying why.", c.Name()), ev...)
	}
	return found(authdoctor.SeverityError, conf,
		fmt.Sprintf("Your %s header left this machine but never reached the server's auth check: something in between (proxy, CDN, app server) removes it, or the API reads another header.", c.Name()), ev...)
}
