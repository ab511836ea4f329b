package monitor

import (
	"time"

	"github.com/authdoctor/authdoctor"
)

// StatusSchema versions the JSON of /api/status.
const StatusSchema = "authdoctor.watch-status/v1"

// Report is the state of every target, what / shows and /api/status
// serves.
type Report struct {
	Schema    string    `json:"schema"`
	Version   string    `json:"version,omitempty"`
	Generated time.Time `json:"generated"`
	// Ready is true once every target has run.
	Ready   bool           `json:"ready"`
	Healthy int            `json:"healthy"`
	Failing int            `json:"failing"`
	Pending int            `json:"pending"`
	Targets []TargetStatus `json:"targets"`
}

// States of a target.
const (
	StatePending = "pending" // not run yet
	StateHealthy = "healthy" // the last run had the expected outcome
	StateFailing = "failing" // it did not, or the check could not be made
)

// TargetStatus is one target's last outcome and recent runs. It holds no
// URL and no credential: names, causes, status codes, times, and the
// verdict's words scrubbed.
type TargetStatus struct {
	Request      string  `json:"request"`
	Environment  string  `json:"environment"`
	EverySeconds float64 `json:"every_seconds"`
	ExpectDenied bool    `json:"expect_denied,omitempty"`
	State        string  `json:"state"`
	// Cause is the last verdict's cause; empty before the first run or
	// when the check could not be made (Error says why).
	Cause   string `json:"cause,omitempty"`
	Summary string `json:"summary,omitempty"`
	Fix     string `json:"fix,omitempty"`
	// Doc is the cause's section of docs/causes.md.
	Doc   string `json:"doc,omitempty"`
	Error string `json:"error,omitempty"`
	// Status is the final HTTP status of the last run, 0 when none came.
	Status int `json:"status,omitempty"`
	// Since is when the current outcome began: the first run of the
	// streak.
	Since           *time.Time `json:"since,omitempty"`
	LastRun         *time.Time `json:"last_run,omitempty"`
	DurationSeconds float64    `json:"duration_seconds,omitempty"`
	// CredentialExpires is when the credential expires (a JWT's exp);
	// ExpiresInSeconds is the time left from Generated, negative once
	// passed. Both absent when unknown.
	CredentialExpires *time.Time `json:"credential_expires,omitempty"`
	ExpiresInSeconds  *float64   `json:"expires_in_seconds,omitempty"`
	// Runs counts the runs since watch started; Recent are the last ones,
	// oldest first.
	Runs   int         `json:"runs"`
	Recent []RecentRun `json:"recent"`
}

// RecentRun is one past run, a cell of the status page's strip.
type RecentRun struct {
	At      time.Time `json:"at"`
	Healthy bool      `json:"healthy"`
	Cause   string    `json:"cause,omitempty"`
	Status  int       `json:"status,omitempty"`
	Error   bool      `json:"error,omitempty"`
}

// Status is a snapshot of every target, in the profile's order.
func (w *Watcher) Status() Report {
	now := w.clock.Now()
	w.mu.Lock()
	defer w.mu.Unlock()
	r := Report{Schema: StatusSchema, Version: w.cfg.Version, Generated: now.UTC(), Ready: w.loaded, Targets: []TargetStatus{}}
	for _, k := range w.order {
		st := w.targets[k]
		ts := TargetStatus{Request: st.target.Request, Environment: st.target.Environment,
			EverySeconds: w.interval(st.target).Seconds(), ExpectDenied: st.target.ExpectDenied, State: StatePending,
			Runs: st.runs, Recent: []RecentRun{}}
		for _, o := range st.recent {
			ts.Recent = append(ts.Recent, RecentRun{At: o.at.UTC(), Healthy: o.healthy && o.err == "", Cause: string(o.cause), Status: o.status, Error: o.err != ""})
		}
		if o := st.last; o != nil {
			ts.State = StateFailing
			if o.healthy && o.err == "" {
				ts.State = StateHealthy
			}
			since, at := st.since.UTC(), o.at.UTC()
			ts.Since, ts.LastRun = &since, &at
			ts.Error = o.err
			if o.err == "" {
				ts.Cause, ts.Summary, ts.Fix, ts.Status = string(o.cause), o.summary, o.fix, o.status
				ts.Doc = authdoctor.Cause(o.cause).Doc()
				ts.DurationSeconds = roundSeconds(o.duration)
				if !o.expires.IsZero() {
					exp := o.expires.UTC()
					in := roundSeconds(o.expires.Sub(now))
					ts.CredentialExpires, ts.ExpiresInSeconds = &exp, &in
				}
			}
		} else {
			r.Ready = false
		}
		switch ts.State {
		case StateHealthy:
			r.Healthy++
		case StateFailing:
			r.Failing++
		default:
			r.Pending++
		}
		r.Targets = append(r.Targets, ts)
	}
	return r
}

// roundSeconds is d in seconds to the millisecond: the JSON does not
// change with nanoseconds.
func roundSeconds(d time.Duration) float64 {
	return float64(d.Round(time.Millisecond)) / float64(time.Second)
}
