package authdoctor

import "time"

// Run is the record of one analysis: what was sent and received, what the
// checks found, the verdict and how long it took. check, inspect, compare,
// capture and the coming history and watch all produce one; render formats
// it, history stores it, metrics count it. It holds no credential in clear:
// the Observation keeps credentials as Secret.
type Run struct {
	// Version is the version of authdoctor that made the run.
	Version string `json:"version"`
	// Observation is what was sent and received; nil for a run that sent
	// nothing and saw nothing.
	Observation *Observation `json:"observation"`
	Diagnosis   Diagnosis    `json:"diagnosis"`
	// Started is the local clock when the run began (Observation.Now).
	Started time.Time `json:"started"`
	// Duration is how long the whole run took, probes and issuer included;
	// zero for an analysis of recorded traffic.
	Duration time.Duration `json:"duration"`
	// Leeway is the clock tolerance the checks allowed for exp and nbf;
	// zero means the default (60 s). Reports judge expiry with it.
	Leeway time.Duration `json:"leeway,omitempty"`
	// Scrubber removes the run's credentials from text; renderers and the
	// output guard use it. Nil means a scrubber that knows no secrets.
	Scrubber *Scrubber `json:"-"`
	// SinceLastOK, for a failing run whose request was accepted before,
	// says what changed since; nil otherwise or without history.
	SinceLastOK *SinceLastOK `json:"since_last_ok,omitempty"`
}

// Obs returns r.Observation, or an empty Observation when it is nil, so
// readers need not check.
func (r Run) Obs() *Observation {
	if r.Observation == nil {
		return &Observation{}
	}
	return r.Observation
}

// Failed reports whether the verdict is anything but accepted.
func (r Run) Failed() bool { return r.Diagnosis.Failed() }

// RequestsSent counts the requests of a run apart: those to the API
// (budgeted by MaxRequests) and those to the token's issuer (metadata,
// keys, introspection, minting), which come on top.
func (o *Observation) RequestsSent() (api, issuer int) {
	for _, p := range o.Probes {
		if p.Role == RoleIssuer {
			issuer += len(p.Hops)
		} else {
			api += len(p.Hops)
		}
	}
	return api, issuer
}

// EnvRun is one environment's run of a named request, for compare.
type EnvRun struct {
	Env string `json:"environment"`
	Run Run    `json:"run"`
	// Err is set when the request could not be built or sent at all.
	Err string `json:"error,omitempty"`
}
