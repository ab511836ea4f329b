package check

import (
	"fmt"
	"time"

	"github.com/authdoctor/authdoctor"
)

// ServerClock returns the server's Date from the authenticated answer (or
// the baseline) and the local time that request was sent. ok is false when
// no response carried a Date.
func (in *Input) ServerClock() (server, local time.Time, ok bool) {
	for _, p := range probes(in.Auth, in.Baseline) {
		if f := p.Final(); f != nil && !f.ServerDate.IsZero() {
			local := f.Sent
			if local.IsZero() {
				local = in.Obs.Now
			}
			return f.ServerDate, local, true
		}
	}
	return time.Time{}, time.Time{}, false
}

// Skew is the server clock minus the local clock, rounded to the second
// (Date has one-second resolution).
func (in *Input) Skew() (time.Duration, bool) {
	s, l, ok := in.ServerClock()
	if !ok {
		return 0, false
	}
	return s.Sub(l.Truncate(time.Second)).Round(time.Second), true
}

// tokenTimes are the verdicts of one JWT by both clocks.
type tokenTimes struct {
	jwt                     *authdoctor.JWT
	local, server           time.Time
	hasServer               bool
	expLocal, expServer     bool
	earlyLocal, earlyServer bool
	// passed is true when exp is behind the local clock without any
	// leeway, and the server's Date (one-second resolution) does not
	// contradict it: expired for a verifier that allows none. When only
	// the server's clock says so, that is clock skew's question.
	passed bool
}

// times evaluates the primary credential's exp and nbf against both clocks
// with the leeway; nil when the credential is not a JWT with time claims.
func (in *Input) times() *tokenTimes {
	c := in.Primary()
	if c == nil || c.Info.JWT == nil {
		return nil
	}
	j := c.Info.JWT
	if j.Exp == nil && j.Nbf == nil && j.Iat == nil {
		return nil
	}
	t := &tokenTimes{jwt: j, local: in.Obs.Now}
	t.server, _, t.hasServer = in.ServerClock()
	lw := in.Opt.Leeway
	if j.Exp != nil {
		t.expLocal = t.local.After(j.Exp.Add(lw))
		t.expServer = t.hasServer && t.server.After(j.Exp.Add(lw))
		t.passed = !t.local.Before(*j.Exp) && (!t.hasServer || !t.server.Add(time.Second).Before(*j.Exp))
	}
	// A token issued in the future is refused by many verifiers (PyJWT,
	// jjwt) as if nbf were set to iat; RFC 7519 gives iat no rule, so it
	// counts only when there is no nbf.
	if start := t.start(); start != nil {
		t.earlyLocal = t.local.Add(lw).Before(*start)
		t.earlyServer = t.hasServer && t.server.Add(lw).Before(*start)
	}
	return t
}

// start is the time the token becomes valid: nbf, else iat.
func (t *tokenTimes) start() *time.Time {
	if t.jwt.Nbf != nil {
		return t.jwt.Nbf
	}
	return t.jwt.Iat
}

// ago says how far t is from now in plain words: "2h5m ago", "in 10m".
func ago(t, now time.Time) string {
	d := now.Sub(t)
	if d >= 0 {
		return roundHuman(d) + " ago"
	}
	return "in " + roundHuman(-d)
}

func roundHuman(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Round(time.Second).Seconds()))
	case d < 10*time.Minute:
		d = d.Round(time.Second)
		if s := int(d.Seconds()) % 60; s != 0 {
			return fmt.Sprintf("%dm%ds", int(d.Minutes()), s)
		}
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d.Round(time.Minute) < time.Hour:
		return fmt.Sprintf("%dm", int(d.Round(time.Minute).Minutes()))
	case d < 48*time.Hour:
		d = d.Round(time.Minute)
		if m := int(d.Minutes()) % 60; m != 0 {
			return fmt.Sprintf("%dh%dm", int(d.Hours()), m)
		}
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }
