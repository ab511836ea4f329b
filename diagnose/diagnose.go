package diagnose

import (
	"fmt"
	"sort"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
)

// Analyse is the one analysis step: it builds the check Input of o once,
// runs every check on it, weighs the findings and returns the Diagnosis.
// doctor, capture, compare and inspect all call it.
func Analyse(o *authdoctor.Observation, opt check.Options) authdoctor.Diagnosis {
	in := check.NewInput(o, opt)
	return diagnose(in, check.RunInput(in))
}

// Diagnose weighs findings already made on o and settles the verdict; see
// Weigh for the rule. Analyse runs the checks too.
func Diagnose(o *authdoctor.Observation, findings []authdoctor.Finding, opt check.Options) authdoctor.Diagnosis {
	return diagnose(check.NewInput(o, opt), findings)
}

func diagnose(in *check.Input, findings []authdoctor.Finding) authdoctor.Diagnosis {
	findings = freshEvidence(in.Obs, findings)
	w := Weigh(in, findings)
	d := authdoctor.Diagnosis{Findings: w.order(findings)}
	if p := in.Primary(); p != nil {
		c := p.Info
		d.Credential = &c
	}
	d.Verdict, d.DecidedBy = verdict(in, w, d.Findings)
	d.RuledOut = w.RuledOut()
	if d.DecidedBy == nil {
		d.DecidedBy = []authdoctor.Evidence{}
	}
	if d.RuledOut == nil {
		d.RuledOut = []authdoctor.RuledOut{}
	}
	d.Checklist = checklist(in, d)
	return d
}

// order lists the findings for the report: the error findings in verdict
// order, then the rest by Rank.
func (w Weighing) order(fs []authdoctor.Finding) []authdoctor.Finding {
	out := make([]authdoctor.Finding, 0, len(fs))
	for _, c := range w.cands {
		out = append(out, c.f)
	}
	var rest []authdoctor.Finding
	for _, f := range fs {
		if f.Severity != authdoctor.SeverityError {
			rest = append(rest, f)
		}
	}
	out = append(out, Rank(rest)...)
	if len(out) == 0 {
		return nil
	}
	return out
}

// Rank orders findings without the cross-check rules: errors before
// warnings before info; errors by strength, then layer; the rest by
// confidence; ties keep the order they were found in.
func Rank(fs []authdoctor.Finding) []authdoctor.Finding {
	out := append([]authdoctor.Finding(nil), fs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if ra, rb := a.Confidence.Rank(), b.Confidence.Rank(); ra != rb {
			return ra > rb
		}
		if a.Severity == authdoctor.SeverityError {
			return a.Cause.Layer() < b.Cause.Layer()
		}
		return false
	})
	return out
}

func verdict(in *check.Input, w Weighing, ranked []authdoctor.Finding) (authdoctor.Verdict, []authdoctor.Evidence) {
	if f, conf, ok := w.Winner(); ok {
		return authdoctor.Verdict{Cause: f.Cause, Confidence: conf, Summary: f.Summary, Fix: f.Fix, Finding: f.ID}, w.DecidedBy()
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
		return authdoctor.Verdict{Cause: authdoctor.CauseAccepted, Confidence: authdoctor.Confirmed, Summary: sum, Fix: info.Fix},
			[]authdoctor.Evidence{{Cause: authdoctor.CauseAccepted, Strength: authdoctor.Decisive, Rule: "status.accepted",
				Fact: fmt.Sprintf("the server answered %s to the request as given", check.StatusLine(in.Status()))}}
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
	fact := "no check explains the answer"
	if len(w.cands) > 0 {
		fact = "every cause the checks proposed was contradicted by other evidence"
	}
	return authdoctor.Verdict{Cause: authdoctor.CauseUnexpectedStatus, Confidence: authdoctor.Possible, Summary: sum, Fix: info.Fix},
		[]authdoctor.Evidence{{Cause: authdoctor.CauseUnexpectedStatus, Strength: authdoctor.Weak, Rule: "verdict.none", Fact: fact}}
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
