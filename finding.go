package authdoctor

import (
	"encoding/json"
	"fmt"
	"github.com/authdoctor/authdoctor/credential"
)

// Severity ranks findings of the same layer and confidence.
type Severity int

// Severities, least first. The zero value is SeverityInfo.
const (
	SeverityInfo    Severity = iota // context, never a cause on its own
	SeverityWarning                 // worth fixing; does not explain the failure alone
	SeverityError                   // explains a failure
)

var severityNames = [...]string{"info", "warning", "error"}

func (s Severity) String() string {
	if s >= 0 && int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// MarshalJSON encodes the name.
func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// Confidence says how sure a finding or verdict is.
type Confidence string

// Confidences, strongest first.
const (
	// Confirmed: a corrected request was sent and the server accepted it,
	// or the server named the cause itself (error="insufficient_scope").
	Confirmed Confidence = "confirmed"
	// Likely: the evidence points here and nothing points elsewhere.
	Likely Confidence = "likely"
	// Possible: consistent with the evidence, not proven.
	Possible Confidence = "possible"
)

// Rank orders confidences: Confirmed 3, Likely 2, Possible 1, other 0.
func (c Confidence) Rank() int {
	switch c {
	case Confirmed:
		return 3
	case Likely:
		return 2
	case Possible:
		return 1
	}
	return 0
}

// Finding is one thing a check established. An expired token is a Finding;
// an unreadable file is an error.
type Finding struct {
	// ID is stable: area.kebab-name, stamped by the engine from the list of
	// checks.
	ID         string     `json:"id"`
	Cause      Cause      `json:"cause"`
	Severity   Severity   `json:"severity"`
	Confidence Confidence `json:"confidence"`
	// Summary says in one plain sentence what was found.
	Summary string `json:"summary"`
	// Evidence lists the facts behind it; never a credential.
	Evidence []string `json:"evidence"`
	// Fix says what to do next.
	Fix string `json:"fix"`
	// Doc links to the cause's section in docs/causes.md.
	Doc string `json:"doc"`
}

// Verdict names the one cause a check settles on.
type Verdict struct {
	Cause      Cause      `json:"cause"`
	Confidence Confidence `json:"confidence"`
	// Summary is one sentence in plain words.
	Summary string `json:"summary"`
	Fix     string `json:"fix"`
	// Finding is the id of the finding the verdict rests on; empty for
	// accepted without findings.
	Finding string `json:"finding,omitempty"`
}

// Status of a checklist item.
type Status string

// Checklist statuses.
const (
	Pass       Status = "pass"
	Fail       Status = "fail"
	NotChecked Status = "not_checked"
)

// ChecklistItem is one line of the checklist shown under the verdict.
type ChecklistItem struct {
	ID     string `json:"id"`
	Label  string `json:"label"`
	Status Status `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// Diagnosis is the result of a check: the verdict, the findings ranked under
// it, the checklist and what is known of the credential.
type Diagnosis struct {
	Verdict    Verdict         `json:"verdict"`
	Findings   []Finding       `json:"findings"`
	Checklist  []ChecklistItem `json:"checklist"`
	Credential *Credential     `json:"credential,omitempty"`
	// DecidedBy is the evidence that settled the verdict, strongest first.
	DecidedBy []Evidence `json:"decided_by"`
	// RuledOut are the closest competitors of the verdict and what
	// contradicted them, closest first.
	RuledOut []RuledOut `json:"ruled_out"`
}

// Failed reports whether the verdict is anything but accepted.
func (d Diagnosis) Failed() bool { return d.Verdict.Cause != CauseAccepted }

// Credential describes a credential without revealing it; the type lives
// in package credential, which reads credentials.
type Credential = credential.Credential

// JWT holds the diagnostic parts of a decoded (unverified) JWT; the type
// lives in package credential.
type JWT = credential.JWT

// Strength says how much one piece of evidence weighs. The zero value is
// StrengthNone: not evidence at all.
type Strength int

// Strengths, least first.
const (
	StrengthNone Strength = iota
	// Weak: consistent with the cause, explained as easily by others.
	Weak
	// Strong: points at the cause; another explanation needs an unusual server.
	Strong
	// Decisive: settles the question on its own — a confirmed fix, the
	// server naming the cause, a fact decided on this machine. Decisive
	// evidence against a cause removes it.
	Decisive
)

var strengthNames = [...]string{"none", "weak", "strong", "decisive"}

func (s Strength) String() string {
	if s >= 0 && int(s) < len(strengthNames) {
		return strengthNames[s]
	}
	return fmt.Sprintf("strength(%d)", int(s))
}

// MarshalJSON encodes the name.
func (s Strength) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// StrengthOf is the weight a finding's confidence gives it: confirmed is
// decisive, likely strong, possible weak.
func StrengthOf(c Confidence) Strength {
	switch c {
	case Confirmed:
		return Decisive
	case Likely:
		return Strong
	case Possible:
		return Weak
	}
	return StrengthNone
}

// ConfidenceOf is the confidence a net strength allows: the inverse of
// StrengthOf, with anything below weak as possible.
func ConfidenceOf(s Strength) Confidence {
	switch {
	case s >= Decisive:
		return Confirmed
	case s == Strong:
		return Likely
	}
	return Possible
}

// Evidence is one fact weighed for or against a cause when the verdict is
// chosen. A finding is evidence for its own cause; the rules of the
// analysis add evidence for or against causes from what the exchanges,
// the token and the issuer show.
type Evidence struct {
	Cause Cause `json:"cause"`
	// Against is true for evidence that contradicts the cause.
	Against  bool     `json:"against,omitempty"`
	Strength Strength `json:"strength"`
	// Rule is the id of the rule or finding that produced it.
	Rule string `json:"rule"`
	// Fact says it in plain words; never a credential.
	Fact string `json:"fact"`
}

// RuledOut is a cause that competed for the verdict and lost, with why.
type RuledOut struct {
	Cause Cause `json:"cause"`
	// Finding is the id of the finding that proposed it.
	Finding string `json:"finding"`
	// Because says in one sentence why it is not the verdict.
	Because string `json:"because"`
	// Against is the evidence that contradicted it, strongest first.
	Against []Evidence `json:"against,omitempty"`
}
