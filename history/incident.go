package history

import (
	"slices"
	"sort"
	"time"

	"github.com/authdoctor/authdoctor"
)

// Outcome is what incidents and KPIs need of a run: no report, no
// credential.
type Outcome struct {
	ID       int64
	Time     time.Time
	Identity Identity
	Kind     Kind
	// Accepted is the verdict; Healthy whether that is what the request
	// expects (Record.Healthy).
	Accepted bool
	Healthy  bool
	Cause    authdoctor.Cause
	// Requests is how many requests of the application the run stands
	// for (Record.Requests, at least 1).
	Requests int
}

// Note is what someone who worked on an incident wrote down.
type Note struct {
	ID int64 `json:"id"`
	// Incident is the incident's id: its first failing run.
	Incident int64     `json:"incident"`
	Identity Identity  `json:"identity"`
	Time     time.Time `json:"time"`
	// Text is what was done, scrubbed of credentials before it is
	// stored.
	Text string `json:"text"`
	// RunbookEnough says whether the runbook was enough to repeat the
	// fix; nil when the note does not say.
	RunbookEnough *bool `json:"runbook_enough"`
}

// Incident is a failing streak of one request in one environment: it
// opens at the first run that does not have the expected outcome and
// resolves at the next one that does.
type Incident struct {
	// ID is the id of the first failing run.
	ID       int64    `json:"id"`
	Identity Identity `json:"identity"`
	// Causes are the verdicts of the failing runs, in the order they
	// first appeared.
	Causes    []authdoctor.Cause `json:"causes"`
	FirstSeen time.Time          `json:"first_seen"`
	// LastSeen and LastRun are the last failing run's time and id.
	LastSeen time.Time `json:"last_seen"`
	LastRun  int64     `json:"last_run"`
	// Resolved and ResolvedBy are the time and id of the run that closed
	// the incident; zero while it is open.
	Resolved   time.Time `json:"resolved,omitzero"`
	ResolvedBy int64     `json:"resolved_by,omitempty"`
	// Runs are the failing runs; Requests the application requests they
	// stand for.
	Runs     int `json:"runs"`
	Requests int `json:"requests_affected"`
	// Repeated says a cause of this incident had been resolved before
	// for the same request and environment: the same failure came back.
	Repeated bool `json:"repeated"`
	// Notes are filled in by AttachNotes.
	Notes []Note `json:"notes"`
}

// Open says whether the incident is still going on.
func (in Incident) Open() bool { return in.ResolvedBy == 0 }

// Duration is how long the incident lasted: from the first failing run
// to the run that resolved it, or to now while it is open.
func (in Incident) Duration(now time.Time) time.Duration {
	if in.Open() {
		return now.Sub(in.FirstSeen)
	}
	return in.Resolved.Sub(in.FirstSeen)
}

// RunbookEnough is the last answer the notes give to "was the runbook
// enough?", nil when none does.
func (in Incident) RunbookEnough() *bool {
	for i := len(in.Notes) - 1; i >= 0; i-- {
		if in.Notes[i].RunbookEnough != nil {
			return in.Notes[i].RunbookEnough
		}
	}
	return nil
}

// Incidents finds the incidents in outcomes (any order), oldest first.
// A run with the expected outcome while none is open is no incident;
// runs of other requests and environments never mix.
func Incidents(outcomes []Outcome) []Incident {
	os := slices.Clone(outcomes)
	sort.SliceStable(os, func(i, j int) bool { return os[i].ID < os[j].ID })
	open := map[Identity]int{}                           // identity → index in out
	resolved := map[Identity]map[authdoctor.Cause]bool{} // causes resolved before
	var out []Incident
	for _, o := range os {
		i, isOpen := open[o.Identity]
		if o.Healthy {
			if isOpen {
				in := &out[i]
				in.Resolved, in.ResolvedBy = o.Time, o.ID
				delete(open, o.Identity)
				if resolved[o.Identity] == nil {
					resolved[o.Identity] = map[authdoctor.Cause]bool{}
				}
				for _, c := range in.Causes {
					resolved[o.Identity][c] = true
				}
			}
			continue
		}
		if !isOpen {
			out = append(out, Incident{ID: o.ID, Identity: o.Identity, FirstSeen: o.Time, Causes: []authdoctor.Cause{}, Notes: []Note{}})
			i = len(out) - 1
			open[o.Identity] = i
		}
		in := &out[i]
		in.LastSeen, in.LastRun = o.Time, o.ID
		in.Runs++
		in.Requests += max(o.Requests, 1)
		if !slices.Contains(in.Causes, o.Cause) {
			in.Causes = append(in.Causes, o.Cause)
		}
		if resolved[o.Identity][o.Cause] {
			in.Repeated = true
		}
	}
	return out
}

// AttachNotes gives each incident its notes (by incident id), oldest
// first.
func AttachNotes(incidents []Incident, notes []Note) {
	by := map[int64][]Note{}
	for _, n := range notes {
		by[n.Incident] = append(by[n.Incident], n)
	}
	for i := range incidents {
		if ns := by[incidents[i].ID]; ns != nil {
			incidents[i].Notes = append([]Note{}, ns...)
		}
	}
}

// KPI is how one request in one environment did over a window.
type KPI struct {
	Identity Identity `json:"identity"`
	// Runs and Failures count the runs in the window; a failure is a run
	// without the expected outcome.
	Runs        int     `json:"runs"`
	Failures    int     `json:"failures"`
	FailureRate float64 `json:"failure_rate"`
	// Incidents are those going on at some time in the window; Open
	// those still going on; Repeated those where a cause resolved
	// before came back.
	Incidents int `json:"incidents"`
	Open      int `json:"open"`
	Repeated  int `json:"repeated_failures"`
	// Resolved counts the incidents resolved in the window; the median
	// and the worst time from detection to resolution are theirs.
	Resolved         int           `json:"resolved"`
	MedianResolution time.Duration `json:"median_resolution_ns"`
	WorstResolution  time.Duration `json:"worst_resolution_ns"`
	// RequestsAffected are the application requests of the failing runs
	// in the window.
	RequestsAffected int `json:"requests_affected"`
	// RunbookAnswered counts the incidents whose notes say whether the
	// runbook was enough, RunbookEnough those that say yes.
	RunbookAnswered int `json:"runbook_answered"`
	RunbookEnough   int `json:"runbook_enough"`
}

// RunbookShare is the share of answered incidents where the runbook was
// enough, and false when no incident was answered.
func (k KPI) RunbookShare() (float64, bool) {
	if k.RunbookAnswered == 0 {
		return 0, false
	}
	return float64(k.RunbookEnough) / float64(k.RunbookAnswered), true
}

// KPIs computes the KPIs of every request and environment in outcomes
// over the window from since (zero: all of history), with the notes
// people added, sorted by request then environment. Outcomes from
// before the window are needed too: they say whether an incident was
// already open when the window began.
func KPIs(outcomes []Outcome, notes []Note, since time.Time) []KPI {
	incidents := Incidents(outcomes)
	AttachNotes(incidents, notes)
	by := map[Identity]*KPI{}
	get := func(id Identity) *KPI {
		k := by[id]
		if k == nil {
			k = &KPI{Identity: id}
			by[id] = k
		}
		return k
	}
	for _, o := range outcomes {
		if o.Time.Before(since) {
			continue
		}
		k := get(o.Identity)
		k.Runs++
		if !o.Healthy {
			k.Failures++
			k.RequestsAffected += max(o.Requests, 1)
		}
	}
	durations := map[Identity][]time.Duration{}
	for _, in := range incidents {
		if !in.Open() && in.Resolved.Before(since) {
			continue // over before the window
		}
		k := get(in.Identity)
		k.Incidents++
		if in.Open() {
			k.Open++
		} else {
			k.Resolved++
			durations[in.Identity] = append(durations[in.Identity], in.Duration(time.Time{}))
		}
		if in.Repeated {
			k.Repeated++
		}
		if e := in.RunbookEnough(); e != nil {
			k.RunbookAnswered++
			if *e {
				k.RunbookEnough++
			}
		}
	}
	out := make([]KPI, 0, len(by))
	for id, k := range by {
		if k.Runs > 0 {
			k.FailureRate = float64(k.Failures) / float64(k.Runs)
		}
		if ds := durations[id]; len(ds) > 0 {
			slices.Sort(ds)
			k.MedianResolution, k.WorstResolution = median(ds), ds[len(ds)-1]
		}
		out = append(out, *k)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Identity.Request != out[j].Identity.Request {
			return out[i].Identity.Request < out[j].Identity.Request
		}
		return out[i].Identity.Env < out[j].Identity.Env
	})
	return out
}

// median of sorted durations: the middle one, or the mean of the two
// middle ones.
func median(ds []time.Duration) time.Duration {
	n := len(ds)
	if n%2 == 1 {
		return ds[n/2]
	}
	return (ds[n/2-1] + ds[n/2]) / 2
}
