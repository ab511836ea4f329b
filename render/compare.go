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

// CompareSchema names the JSON document CompareJSON writes.
const CompareSchema = "authdoctor.compare/v1"

// CompareReport is a named request run in several environments, with
// what differs between them and what should not.
type CompareReport struct {
	Request string
	Runs    []authdoctor.EnvRun
	// Notes are the differences that matter, in plain words, most
	// important first; Conclusion is the one-line summary.
	Notes      []string
	Conclusion string
	Version    string
}

// compareRow is one line of the comparison table: a label and a value per
// column.
type compareRow struct {
	Label  string   `json:"label"`
	Values []string `json:"values"`
	Differ bool     `json:"differ"`
}

// Rows derives the table: status, verdict, credential, token claims,
// challenges, latency.
func (r CompareReport) rows() []compareRow {
	get := func(label string, f func(c authdoctor.EnvRun) string) compareRow {
		row := compareRow{Label: label}
		for _, c := range r.Runs {
			row.Values = append(row.Values, scrub(oneLine(f(c))))
		}
		for _, v := range row.Values[1:] {
			if v != row.Values[0] {
				row.Differ = true
			}
		}
		return row
	}
	final := func(c authdoctor.EnvRun) *authdoctor.Exchange {
		if c.Run.Observation == nil {
			return nil
		}
		if p := c.Run.Observation.Probe(authdoctor.RoleAuthenticated); p != nil {
			return p.Final()
		}
		return nil
	}
	cred := func(c authdoctor.EnvRun) *authdoctor.Credential { return c.Run.Diagnosis.Credential }
	jwt := func(c authdoctor.EnvRun) *authdoctor.JWT {
		if cr := cred(c); cr != nil {
			return cr.JWT
		}
		return nil
	}
	return []compareRow{
		get("URL", func(c authdoctor.EnvRun) string {
			if c.Run.Observation == nil {
				return c.Err
			}
			return c.Run.Observation.Request.Method + " " + authdoctor.RedactURL(c.Run.Observation.Request.URL)
		}),
		get("Status", func(c authdoctor.EnvRun) string {
			if f := final(c); f != nil {
				return statusText(f.Status)
			}
			return "no response"
		}),
		get("Verdict", func(c authdoctor.EnvRun) string {
			if c.Err != "" {
				return "not run"
			}
			return string(c.Run.Diagnosis.Verdict.Cause) + " (" + string(c.Run.Diagnosis.Verdict.Confidence) + ")"
		}),
		get("Credential", func(c authdoctor.EnvRun) string {
			cr := cred(c)
			if cr == nil {
				return "none"
			}
			parts := []string{cr.Header + " " + cr.Scheme, cr.Kind, "sha256 " + cr.Fingerprint}
			if cr.Prefix != "" {
				parts = append(parts, cr.Prefix)
			}
			return strings.Join(parts, " · ")
		}),
		get("Credential env", func(c authdoctor.EnvRun) string {
			if cr := cred(c); cr != nil && cr.Environment != "" {
				return cr.Environment
			}
			return "–"
		}),
		get("Expected env", func(c authdoctor.EnvRun) string {
			if c.Run.Observation != nil && c.Run.Observation.Expect.Environment != "" {
				return c.Run.Observation.Expect.Environment
			}
			return "–"
		}),
		get("Issuer", func(c authdoctor.EnvRun) string {
			if j := jwt(c); j != nil {
				return j.Iss
			}
			return "–"
		}),
		get("Audience", func(c authdoctor.EnvRun) string {
			if j := jwt(c); j != nil {
				return strings.Join(j.Aud, " ")
			}
			return "–"
		}),
		get("Expires", func(c authdoctor.EnvRun) string {
			if j := jwt(c); j != nil && j.Exp != nil && c.Run.Observation != nil {
				return j.Exp.UTC().Format(time.RFC3339) + " (" + relative(*j.Exp, c.Run.Observation.Now) + ")"
			}
			return "–"
		}),
		get("Scopes", func(c authdoctor.EnvRun) string {
			if j := jwt(c); j != nil && len(j.Scopes) > 0 {
				return strings.Join(j.Scopes, " ")
			}
			return "–"
		}),
		get("Challenge", func(c authdoctor.EnvRun) string {
			if f := final(c); f != nil {
				return strings.Join(f.Header.Values("WWW-Authenticate"), ", ")
			}
			return ""
		}),
		get("Latency", func(c authdoctor.EnvRun) string {
			if f := final(c); f != nil {
				return formatDuration(f.Timing.Total)
			}
			return "–"
		}),
	}
}

// CompareText writes the side-by-side table, the notes and the conclusion.
func CompareText(w io.Writer, r CompareReport, o Options) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n\n", oneLine(scrub(r.Conclusion)))
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	head := []string{""}
	for _, c := range r.Runs {
		head = append(head, strings.ToUpper(c.Env))
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, row := range r.rows() {
		mark := " "
		if row.Differ {
			mark = "≠"
		}
		fmt.Fprintln(tw, mark+" "+row.Label+"\t"+strings.Join(cut(row.Values, 60), "\t")+"\t")
	}
	tw.Flush()
	if len(r.Notes) > 0 {
		b.WriteString("\nWhat differs\n")
		for _, n := range r.Notes {
			b.WriteString("  · " + oneLine(scrub(n)) + "\n")
		}
	}
	for _, c := range r.Runs {
		if c.Err == "" && c.Run.Diagnosis.Failed() {
			fmt.Fprintf(&b, "\n%s: %s\n  Fix: %s\n", c.Env, oneLine(scrub(c.Run.Diagnosis.Verdict.Summary)), oneLine(scrub(c.Run.Diagnosis.Verdict.Fix)))
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

func cut(vs []string, n int) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		if len([]rune(v)) > n {
			v = string([]rune(v)[:n-1]) + "…"
		}
		out[i] = v
	}
	return out
}

// CompareMarkdown writes the comparison as a markdown table for tickets.
func CompareMarkdown(w io.Writer, r CompareReport) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "## authdoctor compare: %s\n\n%s\n\n", mdText(r.Request), mdText(r.Conclusion))
	b.WriteString("| |")
	for _, c := range r.Runs {
		b.WriteString(" " + mdText(c.Env) + " |")
	}
	b.WriteString("\n|---|" + strings.Repeat("---|", len(r.Runs)) + "\n")
	for _, row := range r.rows() {
		label := mdText(row.Label)
		if row.Differ {
			label = "**" + label + "** ≠"
		}
		b.WriteString("| " + label + " |")
		for _, v := range row.Values {
			b.WriteString(" " + mdText(v) + " |")
		}
		b.WriteString("\n")
	}
	for _, n := range r.Notes {
		b.WriteString("\n- " + mdText(n))
	}
	b.WriteString("\n")
	_, err := w.Write(b.Bytes())
	return err
}

type compareDocument struct {
	Schema     string          `json:"schema"`
	Tool       jsonTool        `json:"tool"`
	Request    string          `json:"request"`
	Conclusion string          `json:"conclusion"`
	Notes      []string        `json:"notes"`
	Rows       []compareRow    `json:"rows"`
	Columns    []compareColumn `json:"environments"`
}

type compareColumn struct {
	Env   string    `json:"env"`
	Error string    `json:"error,omitempty"`
	Check *document `json:"check"`
}

// CompareJSON writes the comparison with each environment's full check
// document.
func CompareJSON(w io.Writer, r CompareReport) error {
	doc := compareDocument{Schema: CompareSchema, Tool: jsonTool{Name: "authdoctor", Version: r.Version},
		Request: r.Request, Conclusion: scrub(r.Conclusion), Notes: scrubAll(r.Notes), Rows: r.rows()}
	if doc.Notes == nil {
		doc.Notes = []string{}
	}
	for _, c := range r.Runs {
		cc := compareColumn{Env: c.Env, Error: scrub(c.Err)}
		if c.Run.Observation != nil {
			run := c.Run
			if run.Version == "" {
				run.Version = r.Version
			}
			d := newDocument(run)
			cc.Check = &d
		}
		doc.Columns = append(doc.Columns, cc)
	}
	return writeDoc(w, "render compare json", doc)
}
