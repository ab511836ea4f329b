package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
)

// tokenExpired: the JWT's exp has passed by this machine's clock and, when
// the server sent a Date, by the server's too (RFC 7519 §4.1.4). A 2xx does
// not clear it: some servers answer an expired token with an empty 200.
func tokenExpired(in *Input) []authdoctor.Finding {
	t := in.times()
	if t == nil || t.jwt.Exp == nil {
		return serverSaysExpired(in)
	}
	if !t.expLocal || (t.hasServer && !t.expServer) {
		return expiredWithinLeeway(in, t)
	}
	exp := *t.jwt.Exp
	ev := []string{fmt.Sprintf("exp %s: %s by this machine's clock", stamp(exp), ago(exp, t.local))}
	if t.hasServer {
		ev = append(ev, fmt.Sprintf("and %s by the server's Date (%s)", ago(exp, t.server), stamp(t.server)))
	}
	if t.jwt.ExpMillis {
		ev = append(ev, "exp looks like milliseconds, not seconds (RFC 7519 NumericDate is seconds)")
	}
	if t.jwt.Iat != nil {
		ev = append(ev, fmt.Sprintf("issued %s (iat %s), lifetime %s", ago(*t.jwt.Iat, t.local), stamp(*t.jwt.Iat), roundHuman(exp.Sub(*t.jwt.Iat))))
	}
	r := in.Parse(in.Final())
	conf := authdoctor.Likely
	if phrase, ok := in.saysExpired(); ok {
		conf = authdoctor.Confirmed
		ev = append(ev, fmt.Sprintf("the server says %q", phrase))
	}
	ev = append(ev, Describe(in.Auth), serverSaid(r))
	sum := fmt.Sprintf("The token expired %s (at %s).", ago(exp, t.local), stamp(exp))
	if in.Accepted() {
		sum = fmt.Sprintf("The token expired %s (at %s); the server still answered %s, which usually means it treated the request as anonymous (empty or public data).", ago(exp, t.local), stamp(exp), StatusLine(in.Status()))
	}
	return found(authdoctor.SeverityError, conf, sum, ev...)
}

// serverSaysExpired: an opaque token (or a JWT without exp) that the
// server refuses saying it expired — the only evidence there can be
// without the issuer (root-causes C25).
func serverSaysExpired(in *Input) []authdoctor.Finding {
	c := in.Primary()
	if c == nil || !c.tokenLike() || in.Status() != 401 || !in.sentOnFinal() {
		return nil
	}
	phrase, ok := in.saysExpired()
	if !ok {
		if phrase = in.Parse(in.Final()).Body.expiryCode(); phrase == "" {
			return nil
		}
	}
	r := in.Parse(in.Final())
	return found(authdoctor.SeverityError, authdoctor.Likely,
		"The server says the token expired; the token itself carries no expiry authdoctor can read.",
		Describe(in.Auth), fmt.Sprintf("the server says %q", phrase), serverSaid(r))
}

// expiredWithinLeeway: exp has passed, but by less than the leeway, and
// the server refused the token. authdoctor's leeway is a courtesy; many
// verifiers allow none (go-oidc, PostgREST, jwt-go), so a refusal now is
// the expiry — certain when the server says so (issue 7, pattern 3).
func expiredWithinLeeway(in *Input, t *tokenTimes) []authdoctor.Finding {
	c := in.Primary()
	if t.passed && c != nil && in.Auth == nil {
		// Nothing was sent (inspect): say it, since which verifiers allow
		// the leeway decides whether the token still works.
		exp := *t.jwt.Exp
		return found(authdoctor.SeverityWarning, authdoctor.Likely,
			fmt.Sprintf("The token expired %s (at %s), inside the %s leeway: verifiers that allow the leeway still accept it, strict ones (go-oidc, jwt-go, PostgREST) do not.", ago(exp, t.local), stamp(exp), roundHuman(in.Opt.Leeway)),
			fmt.Sprintf("exp %s: %s by this machine's clock", stamp(exp), ago(exp, t.local)))
	}
	if !t.passed || c == nil || !in.sentOnFinal() {
		return nil
	}
	exp := *t.jwt.Exp
	since := ago(exp, t.local)
	r := in.Parse(in.Final())
	code, _ := r.BearerError()
	if st := in.Status(); st != 401 && !(st == 403 && code == "invalid_token") {
		if in.Accepted() {
			return found(authdoctor.SeverityWarning, authdoctor.Confirmed,
				fmt.Sprintf("The token expired %s (at %s), within your %s leeway; this server still accepts it, a stricter one would not.", since, stamp(exp), roundHuman(in.Opt.Leeway)),
				fmt.Sprintf("exp %s", stamp(exp)), Describe(in.Auth))
		}
		return nil
	}
	ev := []string{fmt.Sprintf("exp %s: %s by this machine's clock", stamp(exp), ago(exp, t.local))}
	if t.hasServer {
		ev = append(ev, fmt.Sprintf("and %s by the server's Date (%s)", ago(exp, t.server), stamp(t.server)))
	}
	ev = append(ev, fmt.Sprintf("within authdoctor's leeway of %s (--leeway), but the server allows none", roundHuman(in.Opt.Leeway)))
	conf := authdoctor.Likely
	if phrase, ok := in.saysExpired(); ok {
		conf = authdoctor.Confirmed
		ev = append(ev, fmt.Sprintf("the server says %q", phrase))
	}
	ev = append(ev, Describe(in.Auth), serverSaid(r))
	return found(authdoctor.SeverityError, conf,
		fmt.Sprintf("The token expired %s (at %s) — within your %s leeway, but the server allows none.", since, stamp(exp), roundHuman(in.Opt.Leeway)), ev...)
}
