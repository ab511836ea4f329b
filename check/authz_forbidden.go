package check

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// authzForbidden: authenticated, not allowed. A 403 whose cause is not a
// scope, CSRF, rate limit or network policy; or a 401 whose body speaks of
// permission while the token itself looks fine (servers that use 401 for
// everything); or a 404 that says the object is not shared with the
// caller; or GitHub SAML SSO enforcement; or a GraphQL FORBIDDEN.
func authzForbidden(in *Input) []authdoctor.Finding {
	f := in.Final()
	if f == nil {
		return nil
	}
	r := in.Parse(f)
	if _, csrf := r.Body.Has(csrfPhrases...); csrf {
		return nil // authzCSRF explains it
	}
	if scopeWords.MatchString(r.Body.Text) {
		return nil // scopeInsufficient explains it
	}
	if in.skewSaid() != "" || in.signatureSaid() != "" {
		return nil // the server names the clock or the signature, not a permission
	}
	if _, other := r.Body.Has("rate limit", "ip allow", "just a moment", "missing authentication token", "publishable"); other {
		return nil
	}
	if code, _ := r.BearerError(); code == "insufficient_scope" || code == "invalid_token" {
		return nil
	}
	if c := in.Primary(); c != nil && f.Status >= 400 {
		if _, invalid := saysTokenInvalid(c, r.Body); invalid {
			return nil // tokenRejected: the token itself is refused
		}
	}
	if acc := f.Header.Get("X-Accepted-OAuth-Scopes"); acc != "" && !githubScopeGranted(splitScopes(acc), splitScopes(f.Header.Get("X-OAuth-Scopes"))) {
		return nil // scopeInsufficient explains it
	}
	ev := []string{Describe(in.Auth)}
	if sso := f.Header.Get("X-GitHub-SSO"); sso != "" {
		ev = append(ev, "X-GitHub-SSO: "+sso, serverSaid(r))
		fs := found(authdoctor.SeverityError, authdoctor.Confirmed,
			"The organisation enforces SAML single sign-on and this token is not authorised for it.", ev...)
		fs[0].Fix = "Authorise the token for the organisation's SSO (the URL in X-GitHub-SSO), then retry."
		return fs
	}
	switch {
	case f.Status == 403:
		conf := authdoctor.Possible
		if b := in.Baseline; b != nil && b.Status() == 401 {
			conf = authdoctor.Likely
			ev = append(ev, Describe(b)+" — without a credential the server asks who you are; with yours it knows and refuses")
		}
		if phrase, ok := r.Body.Has(permissionPhrases...); ok {
			conf = authdoctor.Likely
			ev = append(ev, fmt.Sprintf("the server says %q", phrase))
		}
		ev = append(ev, serverSaid(r))
		return found(authdoctor.SeverityError, conf, "The server knows who you are, but this identity is not allowed to do this.", ev...)
	case f.Status == 401:
		phrase, ok := r.Body.Has(permissionPhrases...)
		if !ok || bareForbidden(r.Body) {
			return nil
		}
		if t := in.times(); t != nil && (t.expLocal || t.earlyLocal) {
			return nil
		}
		ev = append(ev, fmt.Sprintf("the server says %q — a permission problem, although it answered 401", phrase), serverSaid(r))
		if b := in.Baseline; b != nil && !in.SameAs(in.Auth, b) {
			ev = append(ev, Describe(b)+" — a different answer, so your credential was read")
		}
		return found(authdoctor.SeverityError, authdoctor.Likely, "The server read your credential and refuses this action for lack of permission (it says so, although it answered 401).", ev...)
	case f.Status == 404:
		phrase, ok := r.Body.Has(hiddenPhrases...)
		if !ok {
			return nil
		}
		ev = append(ev, fmt.Sprintf("the server says %q: the object may exist and is not given to this credential (RFC 9110 §15.5.5 lets a server answer 404 for what it hides)", phrase), serverSaid(r))
		return found(authdoctor.SeverityError, authdoctor.Likely, "The server hides this object from your credential: it answers 404 and says the object is not shared with, or not accessible to, you.", ev...)
	case f.Status >= 200 && f.Status < 300:
		for _, m := range r.Body.GraphQL {
			if strings.Contains(strings.ToLower(m), "forbidden") || strings.Contains(strings.ToLower(m), "saml") || r.Body.HasCode("FORBIDDEN") {
				return found(authdoctor.SeverityError, authdoctor.Likely, "The server answered 200, but the GraphQL errors say the request was forbidden.", Describe(in.Auth), fmt.Sprintf("errors[]: %q", oneLine(authdoctor.ScrubText(m))))
			}
		}
	}
	return nil
}

// bareForbidden reports a body that is only the word "Forbidden" (with or
// without a status number): on a 401 it is a reason phrase put on the
// wrong status, not a server saying it knows the caller (Mailgun answers
// an unknown key with 401 "Forbidden").
func bareForbidden(b ErrorBody) bool {
	m := strings.Trim(strings.ToLower(b.Message), " .!\"'")
	m = strings.TrimSpace(strings.TrimLeft(m, "0123456789 "))
	return m == "forbidden"
}
