package render

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor"
)

// Runbook is the operational playbook of a profile's requests, as the CLI
// assembled it from the profile, docs/causes.md and history. Renderers
// only format it.
type Runbook struct {
	// Source names the profile file.
	Source    string
	Generated time.Time
	Version   string
	Requests  []RunbookRequest
}

// RunbookRequest is one request's page of the runbook.
type RunbookRequest struct {
	Name, Method, Path string
	UseCase, Owner     string
	// Expected says in words what a working request gets.
	Expected     string
	ExpectDenied bool
	Scopes       []string
	// Blocks is what must stop while the request fails.
	Blocks []string
	Inputs []RunbookInput
	// Validate and Check are the exact commands to run, one per
	// environment; PassesWhen says what the validation proves.
	Validate, Check []string
	PassesWhen      string
	// IfAllowed, for a request the credential must not be allowed, says
	// what to do when it is.
	IfAllowed string
	// Causes are the likely causes of a failure for the request's
	// credential kind, with what each means and its fix.
	Causes  []authdoctor.CauseInfo
	Metrics []RunbookMetric
	// LastValidation says when the request last ran and how it went;
	// "unknown (history off)" without history.
	LastValidation string
	ReviewEvery    string
	// ReviewDue is the date the runbook is due for review; Overdue marks
	// it past.
	ReviewDue string
	Overdue   bool
	// KPIs are the request's figures per environment over KPIWindow,
	// from history (authdoctor kpi); KPIsUnknown says why there are
	// none when history could not be read ("" when it was: no runs).
	KPIs        []RunbookKPI
	KPIWindow   string
	KPIsUnknown string
}

// RunbookKPI is one environment's KPIs of a request (history.KPI, as the
// runbook shows it).
type RunbookKPI struct {
	Env                                 string
	Runs, Failures                      int
	FailureRate                         float64
	Incidents, Open, Repeated, Resolved int
	// MedianResolution and WorstResolution are those of the Resolved
	// incidents.
	MedianResolution, WorstResolution time.Duration
	RequestsAffected                  int
	// RunbookEnough of RunbookAnswered incidents say the runbook was
	// enough.
	RunbookAnswered, RunbookEnough int
}

// Cells are the KPI's table cells: environment, runs, failures, rate,
// incidents (open), repeated, median and worst time to resolution,
// requests affected, runbook enough.
func (k RunbookKPI) Cells() []string {
	med, worst := "-", "-"
	if k.Resolved > 0 {
		med, worst = Duration(k.MedianResolution), Duration(k.WorstResolution)
	}
	enough := "-"
	if k.RunbookAnswered > 0 {
		enough = fmt.Sprintf("%d/%d (%s)", k.RunbookEnough, k.RunbookAnswered, Percent(float64(k.RunbookEnough)/float64(k.RunbookAnswered)))
	}
	return []string{k.Env, strconv.Itoa(k.Runs), strconv.Itoa(k.Failures), Percent(k.FailureRate),
		fmt.Sprintf("%d (%d open)", k.Incidents, k.Open), strconv.Itoa(k.Repeated), med, worst, strconv.Itoa(k.RequestsAffected), enough}
}

// kpiHeadings are the headings of RunbookKPI.Cells.
var kpiHeadings = []string{"Environment", "Runs", "Failures", "Failure rate", "Incidents", "Repeated", "Median time to resolution", "Worst", "Requests affected", "Runbook enough"}

// Duration rounds d for people: "45s", "20m", "3h05m", "2d04h".
func Duration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + "s"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
	return fmt.Sprintf("%dd%02dh", int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour))
}

// Percent is a share as a percentage with one decimal: "12.5%".
func Percent(f float64) string { return strconv.FormatFloat(100*f, 'f', 1, 64) + "%" }

// RunbookInput is what one environment needs set: the header and its
// template, and the variables it reads (names, never values).
type RunbookInput struct {
	Env, BaseURL, Header, Template string
	Vars                           []string
}

// RunbookMetric is a metric to watch and the query that reads it.
type RunbookMetric struct {
	Name, Query, Meaning string
}

// rbc is the runbook's cleaner: one line, scrubbed. The profile holds no
// secrets (it refuses to load one that does); this is the belt.
func rbc(s string) string { return clean(s) }

// RunbookMarkdown writes the runbook as markdown: one section per
// request.
func RunbookMarkdown(w io.Writer, rb Runbook) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Runbook: %s\n\n", mdClean(rb.Source))
	fmt.Fprintf(&b, "Written by authdoctor%s from %s on %s. Every value below comes from the profile; credentials appear as the variables that hold them, never their values.\n",
		versionSuffix(rb.Version), code(rbc(rb.Source)), rb.Generated.UTC().Format("2006-01-02"))
	for _, r := range rb.Requests {
		fmt.Fprintf(&b, "\n## %s\n\n", mdClean(r.Name))
		b.WriteString("| | |\n|---|---|\n")
		row := func(k, v string) { fmt.Fprintf(&b, "| %s | %s |\n", k, v) }
		row("Use case", orUnset(cell(mdClean(r.UseCase))))
		row("Owner", orUnset(cell(mdClean(r.Owner))))
		row("Request", code(cell(rbc(r.Method+" "+r.Path))))
		row("Expected", cell(mdClean(r.Expected)))
		if len(r.Scopes) > 0 {
			row("Scopes needed", cell(mdClean(strings.Join(r.Scopes, " "))))
		}
		row("Blocks on failure", orNothing(cell(mdClean(strings.Join(r.Blocks, ", ")))))
		row("Last validation", cell(mdClean(r.LastValidation)))
		due := cell(mdClean(r.ReviewDue))
		if r.Overdue {
			due = "**OVERDUE** — " + due
		}
		row("Review", "every "+cell(mdClean(r.ReviewEvery))+"; due "+due)

		b.WriteString("\n### Inputs\n\n")
		for _, in := range r.Inputs {
			vars := make([]string, len(in.Vars))
			for i, v := range in.Vars {
				vars[i] = code(rbc("$" + v))
			}
			fmt.Fprintf(&b, "- **%s** (%s): %s — set %s\n", mdClean(in.Env), code(rbc(in.BaseURL)),
				code(rbc(in.Header+": "+in.Template)), orNothing(strings.Join(vars, ", ")))
		}
		if len(r.Inputs) == 0 {
			b.WriteString("- none: the request sends no credential\n")
		}

		fmt.Fprintf(&b, "\n### Validate\n\nRun after every deploy and key rotation. %s\n\n```sh\n", mdClean(r.PassesWhen))
		for _, c := range r.Validate {
			b.WriteString(rbc(c) + "\n")
		}
		b.WriteString("```\n")

		b.WriteString("\n### When it fails\n\n")
		if len(r.Blocks) > 0 {
			fmt.Fprintf(&b, "1. Stop %s until it passes again.\n", mdClean(andList(r.Blocks)))
		} else {
			b.WriteString("1. Nothing is set to stop (`blocks:` is empty): decide whether anything should.\n")
		}
		n := 2
		if r.IfAllowed != "" {
			fmt.Fprintf(&b, "2. %s\n", mdClean(r.IfAllowed))
			n++
		}
		checks := make([]string, len(r.Check))
		for i, c := range r.Check {
			checks[i] = code(rbc(c))
		}
		fmt.Fprintf(&b, "%d. Find the cause: %s (it names one cause from the list below, with the evidence).\n", n, strings.Join(checks, " or "))
		fmt.Fprintf(&b, "%d. Apply the fix for that cause, then run the validation again.\n\n", n+1)
		b.WriteString("| Cause | What it means | Fix |\n|---|---|---|\n")
		for _, c := range r.Causes {
			fmt.Fprintf(&b, "| %s %s | %s | %s |\n", cell(mdClean(c.Title)), code(string(c.Cause)), cell(mdClean(c.Meaning)), cell(mdClean(c.Fix)))
		}

		b.WriteString("\n### Monitoring\n\n")
		for _, m := range r.Metrics {
			fmt.Fprintf(&b, "- %s: %s — %s\n", code(rbc(m.Name)), code(cell(rbc(m.Query))), mdClean(m.Meaning))
		}

		fmt.Fprintf(&b, "\n### KPIs (last %s)\n\n", mdClean(r.KPIWindow))
		switch {
		case r.KPIsUnknown != "":
			fmt.Fprintf(&b, "Unknown: %s.\n", mdClean(r.KPIsUnknown))
		case len(r.KPIs) == 0:
			b.WriteString("No runs recorded in the window: run the validation above.\n")
		default:
			fmt.Fprintf(&b, "| %s |\n|%s\n", strings.Join(kpiHeadings, " | "), strings.Repeat("---|", len(kpiHeadings)))
			for _, k := range r.KPIs {
				cs := k.Cells()
				for i := range cs {
					cs[i] = cell(mdClean(cs[i]))
				}
				fmt.Fprintf(&b, "| %s |\n", strings.Join(cs, " | "))
			}
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// andList joins words as a sentence does: "a", "a and b", "a, b and c".
func andList(ws []string) string {
	if len(ws) < 2 {
		return strings.Join(ws, "")
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}

func versionSuffix(v string) string {
	if v == "" {
		return ""
	}
	return " " + oneLine(v)
}

func orUnset(s string) string {
	if s == "" {
		return "*not set in the profile*"
	}
	return s
}

func orNothing(s string) string {
	if s == "" {
		return "nothing"
	}
	return s
}

//go:embed runbook.tmpl
var runbookTemplate string

var runbookPage = template.Must(template.New("runbook").Funcs(template.FuncMap{"andList": andList, "kpiHeadings": func() []string { return kpiHeadings }}).Parse(runbookTemplate))

// runbookView is the HTML page's data, every string cleaned; html/template
// escapes it.
type runbookView struct {
	Source, Generated, Footer string
	Requests                  []RunbookRequest
}

// RunbookHTML writes the runbook as one self-contained HTML page (inline
// CSS, no script, prints readably); an overdue review is in red.
func RunbookHTML(w io.Writer, rb Runbook) error {
	v := runbookView{Source: rbc(rb.Source), Generated: rb.Generated.UTC().Format("2006-01-02"), Footer: "authdoctor" + versionSuffix(rb.Version)}
	for _, r := range rb.Requests {
		r.Name, r.Method, r.Path, r.UseCase, r.Owner, r.Expected = rbc(r.Name), rbc(r.Method), rbc(r.Path), rbc(r.UseCase), rbc(r.Owner), rbc(r.Expected)
		r.LastValidation, r.ReviewEvery, r.ReviewDue = rbc(r.LastValidation), rbc(r.ReviewEvery), rbc(r.ReviewDue)
		r.KPIWindow, r.KPIsUnknown = rbc(r.KPIWindow), rbc(r.KPIsUnknown)
		ks := make([]RunbookKPI, len(r.KPIs))
		for i, k := range r.KPIs {
			k.Env = rbc(k.Env)
			ks[i] = k
		}
		r.KPIs = ks
		r.PassesWhen, r.IfAllowed = rbc(r.PassesWhen), rbc(r.IfAllowed)
		r.Scopes, r.Blocks, r.Validate, r.Check = cleanAll(r.Scopes), cleanAll(r.Blocks), cleanAll(r.Validate), cleanAll(r.Check)
		ins := make([]RunbookInput, len(r.Inputs))
		for i, in := range r.Inputs {
			ins[i] = RunbookInput{Env: rbc(in.Env), BaseURL: rbc(in.BaseURL), Header: rbc(in.Header), Template: rbc(in.Template), Vars: cleanAll(in.Vars)}
		}
		r.Inputs = ins
		cs := make([]authdoctor.CauseInfo, len(r.Causes))
		for i, c := range r.Causes {
			cs[i] = authdoctor.CauseInfo{Cause: c.Cause, Layer: c.Layer, Title: rbc(c.Title), Meaning: rbc(c.Meaning), Fix: rbc(c.Fix)}
		}
		r.Causes = cs
		ms := make([]RunbookMetric, len(r.Metrics))
		for i, m := range r.Metrics {
			ms[i] = RunbookMetric{Name: rbc(m.Name), Query: rbc(m.Query), Meaning: rbc(m.Meaning)}
		}
		r.Metrics = ms
		v.Requests = append(v.Requests, r)
	}
	if err := runbookPage.Execute(w, v); err != nil {
		return fmt.Errorf("render runbook html: %w", err)
	}
	return nil
}

func cleanAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = rbc(s)
	}
	return out
}
