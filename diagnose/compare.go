package diagnose

import (
	"fmt"
	"sort"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
)

// Compare says what differs between environments that should not, and
// sums it up in one line: a credential of one environment used in
// another, the same credential in two environments, a scope granted in
// one and not the other, verdicts that differ.
func Compare(rs []authdoctor.EnvRun) (notes []string, conclusion string) {
	var ok, failed []string
	for _, r := range rs {
		switch {
		case r.Err != "":
			notes = append(notes, fmt.Sprintf("%s could not be checked: %s", r.Env, r.Err))
			failed = append(failed, r.Env)
		case r.Run.Diagnosis.Failed():
			failed = append(failed, r.Env)
		default:
			ok = append(ok, r.Env)
		}
	}
	for _, r := range rs {
		c := r.Run.Diagnosis.Credential
		if c == nil || r.Run.Observation == nil {
			continue
		}
		want := r.Run.Observation.Expect.Environment
		if credential.EnvironmentsConflict(c.Environment, credential.NormaliseEnvironment(want)) {
			notes = append(notes, fmt.Sprintf("%s uses a %s credential%s, but it is the %s environment", r.Env, c.Environment, prefixNote(c), want))
		}
	}
	// The same credential in two environments.
	byFP := map[string][]string{}
	for _, r := range rs {
		if c := r.Run.Diagnosis.Credential; c != nil && c.Fingerprint != "" {
			byFP[c.Fingerprint] = append(byFP[c.Fingerprint], r.Env)
		}
	}
	fps := make([]string, 0, len(byFP))
	for fp := range byFP {
		fps = append(fps, fp)
	}
	sort.Strings(fps)
	for _, fp := range fps {
		if envs := byFP[fp]; len(envs) > 1 {
			notes = append(notes, fmt.Sprintf("the same credential (sha256 %s) is used in %s: one environment has the other's credential", fp, strings.Join(envs, " and ")))
		}
	}
	// Scopes granted in one environment and not in another.
	scopes := map[string]map[string]bool{}
	for _, r := range rs {
		if c := r.Run.Diagnosis.Credential; c != nil && c.JWT != nil {
			scopes[r.Env] = map[string]bool{}
			for _, s := range c.JWT.Scopes {
				scopes[r.Env][s] = true
			}
		}
	}
	for _, a := range rs {
		for _, b := range rs {
			if a.Env == b.Env || scopes[a.Env] == nil || scopes[b.Env] == nil {
				continue
			}
			var missing []string
			for s := range scopes[a.Env] {
				if !scopes[b.Env][s] {
					missing = append(missing, s)
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				notes = append(notes, fmt.Sprintf("%s's token has %s; %s's does not", a.Env, strings.Join(missing, " "), b.Env))
			}
		}
	}
	switch {
	case len(failed) == 0:
		conclusion = fmt.Sprintf("Every environment (%s) accepts the request.", strings.Join(ok, ", "))
	case len(ok) == 0:
		conclusion = fmt.Sprintf("No environment accepts the request (%s).", verdicts(rs))
	default:
		conclusion = fmt.Sprintf("%s %s while %s %s: %s.", strings.Join(failed, " and "), verb(len(failed), "fails", "fail"), strings.Join(ok, " and "), verb(len(ok), "accepts it", "accept it"), verdicts(rs))
	}
	return notes, conclusion
}

func verdicts(rs []authdoctor.EnvRun) string {
	var out []string
	for _, r := range rs {
		if r.Err != "" {
			out = append(out, r.Env+" not checked")
		} else {
			out = append(out, r.Env+" "+string(r.Run.Diagnosis.Verdict.Cause))
		}
	}
	return strings.Join(out, ", ")
}

func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func prefixNote(c *authdoctor.Credential) string {
	if c.Prefix != "" {
		return " (" + c.Prefix + "…)"
	}
	return ""
}
