package monitor

import (
	"time"

	"github.com/authdoctor/authdoctor"
)

// Target is one thing watched: a named request of the profile in one
// environment. Request and Environment are the metric labels, so they
// come from a bounded set (the names in the profile), never a URL.
type Target struct {
	Request     string
	Environment string
	// Every is the interval between runs; zero means Config.Every.
	Every time.Duration
	// ExpectDenied says the request must be refused: a 401 or 403 for
	// want of permission is the healthy outcome.
	ExpectDenied bool
}

// key identifies a target in the watcher's state.
type key struct{ request, environment string }

func (t Target) key() key { return key{t.Request, t.Environment} }

// String is "request@environment".
func (t Target) String() string { return t.Request + "@" + t.Environment }

// Limits of an interval, the same as profile.ParseEvery's: a check more
// often than once a second is a load test, not a watch; less often than
// once a day misses the expiry of day-long tokens.
const (
	MinEvery = time.Second
	MaxEvery = 24 * time.Hour
)

// clip shortens what an error quotes back: a pasted line is not echoed
// whole.
func clip(s string) string {
	if len(s) > 40 {
		return authdoctor.ScrubText(s[:40]) + "…"
	}
	return authdoctor.ScrubText(s)
}

// Healthy reports whether run had the outcome the target expects: the
// request accepted, or, for an ExpectDenied target, refused (401 or 403)
// because the credential is not allowed — the same judgement as validate's
// permission scenario. A refusal because the credential itself fails, or
// by something in front of the API, proves nothing about the permission
// and is not healthy.
func Healthy(run authdoctor.Run, expectDenied bool) bool {
	cause := run.Diagnosis.Verdict.Cause
	if !expectDenied {
		return cause == authdoctor.CauseAccepted
	}
	st := finalStatus(run)
	if st != 401 && st != 403 {
		return false
	}
	return cause.Layer() >= authdoctor.LayerAuthorization
}

// finalStatus is the status of the authenticated request's final answer,
// 0 when none came.
func finalStatus(run authdoctor.Run) int {
	if p := run.Obs().Probe(authdoctor.RoleAuthenticated); p != nil {
		return p.Status()
	}
	return 0
}

// expiry is when the run's credential expires (a JWT's exp), or the zero
// time when unknown.
func expiry(run authdoctor.Run) time.Time {
	c := run.Diagnosis.Credential
	if c == nil || c.JWT == nil || c.JWT.Exp == nil {
		return time.Time{}
	}
	return *c.JWT.Exp
}

// responses counts the status codes of every answer the run's requests to
// the API got, redirect hops and confirmations included; the issuer's
// answers (discovery, keys) are another server's and are left out.
func responses(run authdoctor.Run) map[int]int {
	out := map[int]int{}
	for _, p := range run.Obs().Probes {
		if p.Role == authdoctor.RoleIssuer {
			continue
		}
		for _, h := range p.Hops {
			if h.Status >= 100 && h.Status <= 599 {
				out[h.Status]++
			}
		}
	}
	return out
}
