package monitor

import (
	"strconv"
	"time"

	"github.com/authdoctor/authdoctor"
)

// outcome is what the watcher keeps of one run: no credential, no URL,
// only what the status page and the metrics show, scrubbed.
type outcome struct {
	at       time.Time
	duration time.Duration
	healthy  bool
	cause    authdoctor.Cause
	status   int
	summary  string
	fix      string
	expires  time.Time
	// responses counts the API's answers by status code.
	responses map[int]int
	// err is set when the check could not be made; it has no verdict.
	err string
}

// newOutcome reads a finished run; the run's scrubber and the shape
// scrubber clean every text kept.
func newOutcome(t Target, run authdoctor.Run, at time.Time) outcome {
	v := run.Diagnosis.Verdict
	o := outcome{
		at: at, duration: run.Duration, healthy: Healthy(run, t.ExpectDenied),
		cause: v.Cause, status: finalStatus(run), expires: expiry(run), responses: responses(run),
		summary: scrub(run, v.Summary), fix: scrub(run, v.Fix),
	}
	if o.fix == "" {
		if info, ok := v.Cause.Info(); ok {
			o.fix = info.Fix
		}
	}
	if t.ExpectDenied {
		o.summary, o.fix = deniedWords(o, run)
	}
	if o.healthy {
		o.fix = "" // nothing to do: the status page shows fixes for failures
	}
	return o
}

// deniedWords says what a run of an expect_denied request means: a
// refusal is the point, an acceptance is the alarm.
func deniedWords(o outcome, run authdoctor.Run) (summary, fix string) {
	switch {
	case o.healthy:
		return "Refused as it must be (" + httpStatus(o.status) + ", " + string(o.cause) + "): the credential is not allowed this request.", ""
	case o.cause == authdoctor.CauseAccepted:
		return "ALLOWED: the credential can do what it must not (expect_denied).", "Remove the permission from the credential (its role or scope), or drop expect_denied if it is now intended."
	}
	return "Not refused for want of permission: " + o.summary, o.fix
}

func httpStatus(code int) string {
	if code == 0 {
		return "no answer"
	}
	return strconv.Itoa(code)
}

// scrub removes the run's credentials and anything shaped like one.
func scrub(run authdoctor.Run, s string) string {
	if run.Scrubber != nil {
		s = run.Scrubber.String(s)
	}
	return authdoctor.ScrubText(s)
}

// targetState is one target's place in the schedule and its recent past.
type targetState struct {
	target  Target
	next    time.Time // when it runs next
	running bool
	runs    int
	// since is when the current outcome (healthy or not, and its cause)
	// began: the start of the first run of the streak.
	since  time.Time
	last   *outcome
	recent []outcome // oldest first, at most Config.Keep
}

// add records o, keeping keep outcomes.
func (s *targetState) add(o outcome, keep int) {
	if s.last == nil || s.last.healthy != o.healthy || s.last.cause != o.cause || (s.last.err == "") != (o.err == "") {
		s.since = o.at
	}
	s.runs++
	s.last = &o
	s.recent = append(s.recent, o)
	if len(s.recent) > keep {
		s.recent = append([]outcome(nil), s.recent[len(s.recent)-keep:]...)
	}
}
