package diagnose

import (
	"fmt"
	"sort"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
)

// Diagnose ranks the findings and settles the verdict. The root-cause rule:
// among findings of severity error, the lowest layer wins (transport →
// gate → endpoint → request → delivery → credential → authorisation →
// server), then confirmed over likely over possible, then the order of
// check.List. With no error finding, a 2xx is accepted; anything else is
// unexpected_status.
func Diagnose(o *authdoctor.Observation, findings []authdoctor.Finding, opt check.Options) authdoctor.Diagnosis {
	ranked := Rank(freshEvidence(o, findings))
	in := check.NewInput(o, opt)
	d := authdoctor.Diagnosis{Findings: ranked}
	if p := in.Primary(); p != nil {
		c := p.Info
		d.Credential = &c
	}
	d.Verdict = verdict(in, ranked)
	d.Checklist = checklist(in, d)
	return d
}

// Rank orders findings: errors before warnings before info; within a
// severity by layer, confidence and the order they were found in.
func Rank(fs []authdoctor.Finding) []authdoctor.Finding {
	out := append([]authdoctor.Finding(nil), fs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if a.Severity == authdoctor.SeverityError {
			if la, lb := a.Cause.Layer(), b.Cause.Layer(); la != lb {
				return la < lb
			}
		}
		return a.Confidence.Rank() > b.Confidence.Rank()
	})
	return out
}

func verdict(in *check.Input, ranked []authdoctor.Finding) authdoctor.Verdict {
	if len(ranked) > 0 && ranked[0].Severity == authdoctor.SeverityError {
		f := ranked[0]
		return authdoctor.Verdict{Cause: f.Cause, Confidence: f.Confidence, Summary: f.Summary, Fix: f.Fix, Finding: f.ID}
	}
	if in.Accepted() {
		warn := 0
		for _, f := range ranked {
			if f.Severity == authdoctor.SeverityWarning {
				warn++
			}
		}
		sum := fmt.Sprintf("The server accepted the request with this credential (%s).", check.StatusLine(in.Status()))
		if warn > 0 {
			sum += fmt.Sprintf(" %d thing(s) below are still worth fixing.", warn)
		}
		info, _ := authdoctor.CauseAccepted.Info()
		return authdoctor.Verdict{Cause: authdoctor.CauseAccepted, Confidence: authdoctor.Confirmed, Summary: sum, Fix: info.Fix}
	}
	info, _ := authdoctor.CauseUnexpectedStatus.Info()
	sum := "authdoctor could not isolate a cause from the evidence."
	if st := in.Status(); st != 0 {
		sum = fmt.Sprintf("The server answered %s and authdoctor could not isolate a cause from the evidence.", check.StatusLine(st))
		if st >= 300 && st < 400 {
			sum = fmt.Sprintf("The server answered %s; authdoctor did not follow it.", check.StatusLine(st))
		}
	} else if in.Auth != nil && in.Auth.Err != nil {
		sum = "The request could not complete: " + in.Auth.Err.Message + "."
	}
	return authdoctor.Verdict{Cause: authdoctor.CauseUnexpectedStatus, Confidence: authdoctor.Possible, Summary: sum, Fix: info.Fix}
}

// freshEvidence applies the fresh-token probe (check --fresh-token): when
// a freshly minted token is accepted, every credential-layer error is
// confirmed — the token itself was the problem; when it is refused too,
// the generic "token rejected" is no longer a cause, only a note.
func freshEvidence(o *authdoctor.Observation, fs []authdoctor.Finding) []authdoctor.Finding {
	p := o.Confirmation("token.fresh")
	if p == nil {
		return fs
	}
	out := append([]authdoctor.Finding(nil), fs...)
	accepted := p.Status() >= 200 && p.Status() < 300
	for i := range out {
		f := &out[i]
		switch {
		case accepted && f.Severity == authdoctor.SeverityError && f.Cause.Layer() == authdoctor.LayerCredential:
			f.Confidence = authdoctor.Confirmed
			f.Evidence = append(append([]string(nil), f.Evidence...), "confirmed: the same request with a freshly minted token from the same client is accepted")
		case !accepted && f.ID == "token.rejected" && f.Severity == authdoctor.SeverityError:
			f.Severity = authdoctor.SeverityWarning
			f.Evidence = append(append([]string(nil), f.Evidence...), "a freshly minted token is refused as well, so the token is not what the server objects to")
		}
	}
	return out
}
