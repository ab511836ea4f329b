package render

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"

	"github.com/authdoctor/authdoctor"
)

//go:embed html.tmpl
var htmlTemplate string

// page is parsed once: the template is part of the binary.
var page = template.Must(template.New("report").Parse(htmlTemplate))

// htmlView is what the HTML report shows, every string already scrubbed
// and made one line. html/template escapes it.
type htmlView struct {
	Title, Cause, Confidence, Summary, Fix, Doc string
	Accepted                                    bool
	Request, At                                 string
	DecidedBy                                   []htmlFact
	RuledOut                                    []htmlFact
	Findings                                    []htmlFinding
	Checklist                                   []htmlCheck
	Credential                                  []string
	RequestsHeading                             string
	Requests                                    []htmlRequest
	Skipped, Notes                              []string
	Exchanges                                   []htmlExchange
	SinceHeading                                string
	Since                                       []htmlChange
	Footer                                      string
}

type htmlFact struct{ Name, Text string }

type htmlFinding struct {
	ID, Cause, Confidence, Severity, Mark, Summary, Fix string
	Evidence                                            []string
}

type htmlCheck struct{ Label, State, Detail string }

type htmlChange struct{ Summary, Before, After string }

type htmlRequest struct{ N, Probe, Line, Response, Time string }

type htmlExchange struct {
	Title string
	Lines []string
}

// HTML writes r as one self-contained HTML page: the verdict in plain
// words first, then why, the findings, the checklist, the credential, every
// request sent and the evidence. The page has its CSS inline, loads
// nothing and runs no script, and prints readably.
func HTML(w io.Writer, r authdoctor.Run) error {
	if err := page.Execute(w, htmlOf(r)); err != nil {
		return fmt.Errorf("render html: %w", err)
	}
	return nil
}

func htmlOf(r authdoctor.Run) htmlView {
	// html/template escapes what the page shows, so the CLI's output guard
	// cannot find a secret's bytes in it afterwards: the run's own
	// scrubber goes over every string here, before escaping.
	c := func(s string) string {
		s = clean(s)
		if r.Scrubber != nil {
			s = r.Scrubber.String(s)
		}
		return s
	}
	o := r.Obs()
	d := r.Diagnosis
	v := d.Verdict
	h := htmlView{
		Title: title(v.Cause), Cause: string(v.Cause), Confidence: string(v.Confidence),
		Summary: c(v.Summary), Fix: c(v.Fix), Accepted: v.Cause == authdoctor.CauseAccepted,
		RequestsHeading: requestsHeading(o), Footer: "authdoctor",
	}
	if !h.Accepted {
		h.Doc = v.Cause.Doc()
	}
	if r.Version != "" {
		h.Footer += " " + r.Version
	}
	h.Footer += " · " + Schema
	if o.Request.URL != "" {
		m := o.Request.Method
		if m == "" {
			m = "GET"
		}
		h.Request = c(m + " " + authdoctor.RedactURL(o.Request.URL))
		if !o.Now.IsZero() {
			h.At = rfc3339(o.Now)
		}
	}
	if !h.Accepted || len(d.RuledOut) > 0 {
		for _, e := range d.DecidedBy {
			h.DecidedBy = append(h.DecidedBy, htmlFact{e.Strength.String(), c(e.Fact)})
		}
		for _, x := range d.RuledOut {
			h.RuledOut = append(h.RuledOut, htmlFact{string(x.Cause), c(x.Because)})
		}
	}
	for _, f := range d.Findings {
		mark, _ := severityMark(f.Severity)
		hf := htmlFinding{ID: f.ID, Cause: string(f.Cause), Confidence: string(f.Confidence), Severity: f.Severity.String(),
			Mark: mark, Summary: c(f.Summary), Fix: c(f.Fix)}
		for _, e := range f.Evidence {
			hf.Evidence = append(hf.Evidence, c(e))
		}
		h.Findings = append(h.Findings, hf)
	}
	for _, ci := range d.Checklist {
		state := "not checked"
		switch ci.Status {
		case authdoctor.Pass:
			state = "pass"
		case authdoctor.Fail:
			state = "fail"
		}
		h.Checklist = append(h.Checklist, htmlCheck{c(ci.Label), state, c(ci.Detail)})
	}
	if d.Credential != nil {
		parts := credentialParts(d.Credential, o.Now)
		if d.Credential.JWT != nil {
			parts = append(parts, jwtParts(d.Credential.JWT, o.Now)...)
		}
		for _, p := range parts {
			h.Credential = append(h.Credential, c(p))
		}
	}
	for i := range o.Probes {
		p := &o.Probes[i]
		probe := string(p.Role)
		if p.Label != "" {
			probe += " " + c(p.Label)
		}
		if p.Hypothesis != "" {
			probe += " (tests " + p.Hypothesis + ")"
		}
		errText := ""
		if p.Err != nil {
			errText = "error (" + p.Err.Phase + "): " + c(p.Err.Message)
		}
		num := strconv.Itoa(i + 1)
		if len(p.Hops) == 0 {
			h.Requests = append(h.Requests, htmlRequest{num, probe, c(probeMethod(p) + " " + authdoctor.RedactURL(p.Request.URL)), errText, ""})
		}
		for j := range p.Hops {
			x := &p.Hops[j]
			n := num
			if len(p.Hops) > 1 {
				n += "." + strconv.Itoa(j+1)
			}
			resp := statusText(x.Status)
			if x.Redirect != nil {
				resp += " (" + c(redirectNote(x)) + ")"
			}
			if j == len(p.Hops)-1 && errText != "" {
				resp += "; " + errText
			}
			tm := ""
			if x.Status != 0 || x.Timing.Total > 0 {
				tm = formatDuration(x.Timing.Total)
			}
			pr := probe
			if j > 0 {
				pr = ""
			}
			h.Requests = append(h.Requests, htmlRequest{n, pr, c(x.Method + " " + authdoctor.RedactURL(x.URL)), resp, tm})
		}
		lines := httpLines(p)
		for k := range lines {
			lines[k] = c(lines[k])
		}
		h.Exchanges = append(h.Exchanges, htmlExchange{num + " " + string(p.Role), lines})
	}
	if sl := r.SinceLastOK; sl != nil {
		h.SinceHeading = sinceHeading(sl, o.Now)
		for _, ch := range sl.Changes {
			h.Since = append(h.Since, htmlChange{c(ch.Summary), c(ch.Before), c(ch.After)})
		}
	}
	for _, s := range o.Skipped {
		h.Skipped = append(h.Skipped, c(s))
	}
	for _, n := range o.Notes {
		h.Notes = append(h.Notes, c(n))
	}
	return h
}
