package check

import (
	"fmt"
	"time"

	"github.com/authdoctor/authdoctor"
)

// tokenClockSkew: the token is valid by one clock and not by the other,
// or the clocks differ by more than SkewThreshold (root-causes C26).
func tokenClockSkew(in *Input) []authdoctor.Finding {
	skew, ok := in.Skew()
	said := in.skewSaid()
	if !ok && said == "" {
		return nil
	}
	var ev []string
	if ok {
		srv, _, _ := in.ServerClock()
		ev = append(ev, fmt.Sprintf("server Date %s; this machine's clock %s: the server is %s", stamp(srv), stamp(in.Obs.Now), skewWords(skew)))
	}
	if said != "" && in.Failed() && in.Final() != nil {
		// A signed request (AWS SigV4, Binance's timestamp=) carries its
		// time; the server refuses it outside its window and says so.
		conf := authdoctor.Likely
		if ok && (skew > SkewThreshold || skew < -SkewThreshold) {
			conf = authdoctor.Confirmed
		}
		ev = append(ev, said, Describe(in.Auth), serverSaid(in.Parse(in.Final())))
		sum := "The server refuses the request's time as outside the window it allows: the clock that signed the request and the server's differ."
		if ok {
			sum = fmt.Sprintf("The server refuses the request's time as outside the window it allows; its clock is %s.", skewWords(skew))
		}
		return found(authdoctor.SeverityError, conf, sum, ev...)
	}
	if !ok {
		return nil
	}
	if t := in.times(); t != nil && t.hasServer && (t.expLocal != t.expServer || t.earlyLocal != t.earlyServer) {
		var sum string
		switch {
		case t.expServer && !t.expLocal:
			sum = fmt.Sprintf("The token is still valid by your clock but already expired by the server's, which is %s.", skewWords(skew))
			ev = append(ev, fmt.Sprintf("exp %s: %s locally, %s for the server", stamp(*t.jwt.Exp), ago(*t.jwt.Exp, t.local), ago(*t.jwt.Exp, t.server)))
		case t.expLocal && !t.expServer:
			sum = fmt.Sprintf("Your clock says the token expired, the server's clock (%s) says it has not: your clock is off.", skewWords(skew))
		case t.earlyServer && !t.earlyLocal:
			sum = fmt.Sprintf("The token is valid by your clock but not yet valid by the server's, which is %s.", skewWords(skew))
		default:
			sum = fmt.Sprintf("Your clock says the token is not valid yet, the server's (%s) says it is: your clock is off.", skewWords(skew))
		}
		if !in.Failed() {
			return found(authdoctor.SeverityWarning, authdoctor.Possible, sum, ev...)
		}
		conf := authdoctor.Likely
		r := in.Parse(in.Final())
		if _, said := in.Said("expired", "not yet valid", "nbf", "clock", "skew"); said {
			conf = authdoctor.Confirmed
		}
		ev = append(ev, Describe(in.Auth), serverSaid(r))
		return found(authdoctor.SeverityError, conf, sum, ev...)
	}
	if skew > SkewThreshold || skew < -SkewThreshold {
		return found(authdoctor.SeverityWarning, authdoctor.Likely,
			fmt.Sprintf("Your clock and the server's differ by %s; time-limited tokens and signed requests fail when clocks drift.", roundHuman(abs(skew))), ev...)
	}
	return nil
}

func skewWords(d time.Duration) string {
	switch {
	case d > 0:
		return roundHuman(d) + " ahead of yours"
	case d < 0:
		return roundHuman(-d) + " behind yours"
	}
	return "in step with yours"
}

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// skewPhrases and skewCodes are a server saying the request's time is
// outside the window it allows: S3 RequestTimeTooSkewed ("The difference
// between the request time and the current time is too large"), Binance
// -1021 ("Timestamp for this request is outside of the recvWindow").
var (
	skewPhrases = []string{"request time too skewed", "difference between the request time and the current time is too large",
		"outside of the recvwindow", "request timestamp is too old"}
	skewCodes = []string{"RequestTimeTooSkewed"}
)

// skewSaid is evidence that the final answer names a clock window, "" when
// it does not.
func (in *Input) skewSaid() string {
	f := in.Final()
	if f == nil {
		return ""
	}
	r := in.Parse(f)
	for _, c := range skewCodes {
		if r.Body.HasCode(c) {
			return "the server's code is " + c
		}
	}
	if p, ok := in.Said(skewPhrases...); ok {
		return fmt.Sprintf("the server says %q", p)
	}
	return ""
}
