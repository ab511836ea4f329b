package render

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/authdoctor/authdoctor"
)

// ValidateSchema names the JSON document ValidateJSON writes.
const ValidateSchema = "authdoctor.validate/v1"

// Outcome is what one validation scenario came to.
type Outcome string

// Outcomes. A skipped scenario says why; it does not fail the validation.
const (
	Pass Outcome = "pass"
	Fail Outcome = "fail"
	Skip Outcome = "skip"
)

// Validation is the outcome of authdoctor validate: the scenarios of one
// profile request in one environment, each decided by the CLI, and every
// request sent for them.
type Validation struct {
	Request, Env string
	Scenarios    []Scenario
	Sent         []Sent
	// MaxRequests is the most requests the validation could send.
	MaxRequests int
	// RunID is the history run the validation was recorded as; 0 when it
	// was not recorded.
	RunID   int64
	Started time.Time
	Version string
}

// Scenario is one validation scenario: its name, outcome and why.
type Scenario struct {
	Name    string           `json:"name"`
	Outcome Outcome          `json:"outcome"`
	Why     string           `json:"why"`
	Status  int              `json:"status,omitempty"`
	Cause   authdoctor.Cause `json:"cause,omitempty"`
}

// Sent is one request a scenario sent (the final hop's answer).
type Sent struct {
	Scenario string          `json:"scenario"`
	Role     authdoctor.Role `json:"role"`
	Method   string          `json:"method"`
	URL      string          `json:"url"`
	Status   int             `json:"status"`
}

// Counts returns how many scenarios passed, failed and were skipped.
func (v Validation) Counts() (pass, fail, skip int) {
	for _, s := range v.Scenarios {
		switch s.Outcome {
		case Pass:
			pass++
		case Fail:
			fail++
		default:
			skip++
		}
	}
	return
}

func (v Validation) headline() string {
	p, f, s := v.Counts()
	verdict := "validation passed"
	if f > 0 {
		verdict = "validation FAILED"
	}
	return fmt.Sprintf("%s: %s in %s — %d passed, %d failed, %d skipped", verdict, v.Request, v.Env, p, f, s)
}

// ValidateText writes the scenario table and the requests sent.
func ValidateText(w io.Writer, v Validation, o Options) error {
	t := &textWriter{color: o.Color}
	var b bytes.Buffer
	head := clean(v.headline())
	if _, f, _ := v.Counts(); f > 0 {
		head = t.paint(styleRed, head)
	} else {
		head = t.paint(styleGreen, head)
	}
	b.WriteString(head + "\n\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  SCENARIO\tRESULT\tWHY")
	for _, s := range v.Scenarios {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", clean(s.Name), strings.ToUpper(string(s.Outcome)), clean(s.Why))
	}
	tw.Flush()
	fmt.Fprintf(&b, "\nRequests sent (%d of at most %d)\n", len(v.Sent), v.MaxRequests)
	if len(v.Sent) == 0 {
		b.WriteString("  none\n")
	}
	for i, s := range v.Sent {
		fmt.Fprintf(&b, "  %d  %s · %s  %s %s → %s\n", i+1, clean(s.Scenario), clean(string(s.Role)), clean(s.Method), clean(authdoctor.RedactURL(s.URL)), statusText(s.Status))
	}
	if v.RunID > 0 {
		fmt.Fprintf(&b, "\nRecorded in history as run #%d.\n", v.RunID)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// ValidateMarkdown writes the validation as a markdown table for a ticket
// or a change record.
func ValidateMarkdown(w io.Writer, v Validation) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "## authdoctor validate: %s in %s\n\n%s\n\n", mdText(v.Request), mdText(v.Env), mdClean(v.headline()))
	b.WriteString("| Scenario | Result | Why |\n|---|---|---|\n")
	for _, s := range v.Scenarios {
		res := string(s.Outcome)
		if s.Outcome == Fail {
			res = "**fail**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", cell(mdClean(s.Name)), res, cell(mdClean(s.Why)))
	}
	fmt.Fprintf(&b, "\n### Requests sent (%d of at most %d)\n\n", len(v.Sent), v.MaxRequests)
	for i, s := range v.Sent {
		fmt.Fprintf(&b, "%d. %s · %s: %s → %s\n", i+1, mdClean(s.Scenario), mdClean(string(s.Role)),
			code(scrub(s.Method+" "+authdoctor.RedactURL(s.URL))), statusText(s.Status))
	}
	if v.RunID > 0 {
		fmt.Fprintf(&b, "\nRecorded in history as run #%d.\n", v.RunID)
	}
	_, err := w.Write(b.Bytes())
	return err
}

type validateDocument struct {
	Schema      string         `json:"schema"`
	Tool        jsonTool       `json:"tool"`
	Request     string         `json:"request"`
	Env         string         `json:"env"`
	Passed      bool           `json:"passed"`
	Counts      map[string]int `json:"counts"`
	Scenarios   []Scenario     `json:"scenarios"`
	Sent        []Sent         `json:"requests_sent"`
	MaxRequests int            `json:"max_requests"`
	RunID       int64          `json:"history_run,omitempty"`
	Started     string         `json:"started,omitempty"`
}

// ValidateJSON writes the validation as one JSON document.
func ValidateJSON(w io.Writer, v Validation) error {
	p, f, s := v.Counts()
	doc := validateDocument{Schema: ValidateSchema, Tool: jsonTool{Name: "authdoctor", Version: v.Version},
		Request: v.Request, Env: v.Env, Passed: f == 0, Counts: map[string]int{"pass": p, "fail": f, "skip": s},
		Scenarios: []Scenario{}, Sent: []Sent{}, MaxRequests: v.MaxRequests, RunID: v.RunID}
	if !v.Started.IsZero() {
		doc.Started = v.Started.UTC().Format(time.RFC3339)
	}
	for _, sc := range v.Scenarios {
		sc.Name, sc.Why = scrub(sc.Name), scrub(sc.Why)
		doc.Scenarios = append(doc.Scenarios, sc)
	}
	for _, st := range v.Sent {
		st.URL = scrub(authdoctor.RedactURL(st.URL))
		doc.Sent = append(doc.Sent, st)
	}
	return writeDoc(w, "render validate json", doc)
}
