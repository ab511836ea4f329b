package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// Markdown writes r as GitHub-flavoured markdown ready to paste into a
// ticket: a heading with the verdict, the fix, a findings table, the
// checklist as a task list, the credential, a table of the requests sent
// and the raw evidence folded in a details block.
func Markdown(w io.Writer, r authdoctor.Run) error {
	m := &mdWriter{}
	o := r.Obs()
	d := r.Diagnosis
	m.verdict(d.Verdict, d.DecidedBy, d.RuledOut, o)
	if sl := r.SinceLastOK; sl != nil {
		m.line("### ", mdText(sinceHeading(sl, o.Now)))
		m.line()
		if len(sl.Changes) == 0 {
			m.line("Nothing authdoctor records changed.")
		}
		for _, c := range sl.Changes {
			m.line("- ", mdClean(c.Summary), " (then ", code(scrub(c.Before)), ", now ", code(scrub(c.After)), ")")
		}
		m.line()
	}
	m.findings(d.Findings)
	m.checklist(d.Checklist)
	if d.Credential != nil {
		m.line("### Credential")
		m.line()
		parts := credentialParts(d.Credential, o.Now)
		if d.Credential.JWT != nil {
			parts = append(parts, jwtParts(d.Credential.JWT, o.Now)...)
		}
		m.line(mdParts(parts))
		m.line()
	}
	m.requests(o)
	m.evidence(d.Findings, o)
	if len(o.Notes) > 0 {
		m.line("### About the request")
		m.line()
		for _, n := range o.Notes {
			m.line("- ", mdClean(n))
		}
		m.line()
	}
	footer := "authdoctor"
	if r.Version != "" {
		footer += " " + r.Version
	}
	m.line("<sub>", mdText(footer), " · ", Schema, "</sub>")
	if _, err := io.WriteString(w, m.b.String()); err != nil {
		return fmt.Errorf("render markdown: %w", err)
	}
	return nil
}

// mdWriter accumulates the markdown of one report.
type mdWriter struct{ b strings.Builder }

func (m *mdWriter) line(parts ...string) {
	for _, p := range parts {
		m.b.WriteString(p)
	}
	m.b.WriteByte('\n')
}

// mdText makes outside text safe inside a markdown paragraph or table
// cell: one line, no control characters, and the characters that start
// emphasis, links, code or HTML escaped. Pipes are left to cell.
func mdText(s string) string {
	s = oneLine(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdClean is mdText of scrubbed text.
func mdClean(s string) string { return mdText(scrub(s)) }

// code makes a code span of s, with a fence longer than any run of
// backticks inside it.
func code(s string) string {
	s = oneLine(s)
	if s == "" {
		return ""
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}

// cell escapes the pipes that would end a table cell (GFM applies this
// escape inside code spans too).
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// row writes one table row.
func (m *mdWriter) row(cells ...string) {
	m.b.WriteString("|")
	for _, c := range cells {
		m.b.WriteString(" ")
		m.b.WriteString(cell(c))
		m.b.WriteString(" |")
	}
	m.b.WriteByte('\n')
}

// mdParts joins credential parts, the first (the header) as code.
func mdParts(parts []string) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		if i == 0 {
			out[i] = code(scrub(p))
		} else {
			out[i] = mdClean(p)
		}
	}
	return strings.Join(out, " · ")
}

func (m *mdWriter) verdict(v authdoctor.Verdict, decidedBy []authdoctor.Evidence, ruledOut []authdoctor.RuledOut, o *authdoctor.Observation) {
	m.line("## authdoctor: ", mdText(title(v.Cause)))
	m.line()
	var head string
	if v.Cause == authdoctor.CauseAccepted {
		head = "**" + symPass + " " + mdText(title(v.Cause)) + "**"
	} else {
		head = "**" + symFail + " " + mdText(title(v.Cause)) + "** (" + code(string(v.Cause))
		if v.Confidence != "" {
			head += ", " + mdText(string(v.Confidence))
		}
		head += ")"
	}
	if v.Summary != "" {
		head += ": " + mdClean(v.Summary)
	}
	m.line(head)
	m.line()
	if v.Fix != "" {
		m.line("**Fix:** ", mdClean(v.Fix))
		m.line()
	}
	if v.Cause != authdoctor.CauseAccepted {
		m.line("More: ", code(v.Cause.Doc()))
		m.line()
	}
	if v.Cause != authdoctor.CauseAccepted || len(ruledOut) > 0 {
		for _, e := range decidedBy {
			m.line("- **Decided by:** ", mdClean(e.Fact), " (", mdText(e.Strength.String()), ")")
		}
		for _, r := range ruledOut {
			m.line("- **Ruled out:** ", code(string(r.Cause)), ": ", mdClean(r.Because))
		}
		if len(decidedBy)+len(ruledOut) > 0 {
			m.line()
		}
	}
	if o.Request.URL != "" {
		req := o.Request.Method
		if req == "" {
			req = "GET"
		}
		s := "**Request:** " + code(req+" "+authdoctor.RedactURL(o.Request.URL))
		if !o.Now.IsZero() {
			s += " at " + rfc3339(o.Now)
		}
		m.line(s)
		m.line()
	}
}

func (m *mdWriter) findings(fs []authdoctor.Finding) {
	if len(fs) == 0 {
		return
	}
	m.line("### Findings")
	m.line()
	m.row("id", "cause", "confidence", "summary")
	m.line("|---|---|---|---|")
	for _, f := range fs {
		sym, _ := severityMark(f.Severity)
		m.row(sym+" "+code(f.ID), code(string(f.Cause)), mdText(string(f.Confidence)), mdClean(f.Summary))
	}
	m.line()
}

func (m *mdWriter) checklist(items []authdoctor.ChecklistItem) {
	if len(items) == 0 {
		return
	}
	m.line("### Checklist")
	m.line()
	for _, c := range items {
		box := "[ ]"
		label := mdText(c.Label)
		state := ""
		switch c.Status {
		case authdoctor.Pass:
			box = "[x]"
		case authdoctor.Fail:
			label = "**" + label + "**"
			state = "failed"
		default:
			state = "not checked"
		}
		detail := mdClean(c.Detail)
		if state != "" && detail != "" {
			detail = state + ": " + detail
		} else if detail == "" {
			detail = state
		}
		if detail != "" {
			label += " — " + detail
		}
		m.line("- ", box, " ", label)
	}
	m.line()
}

func (m *mdWriter) requests(o *authdoctor.Observation) {
	heading := "### Requests sent (" + requestsHeading(o)
	m.line(heading + ")")
	m.line()
	if len(o.Probes) == 0 {
		m.line("None.")
		m.line()
		return
	}
	m.row("#", "probe", "request", "response", "time")
	m.line("|---|---|---|---|---|")
	for i := range o.Probes {
		p := &o.Probes[i]
		num := strconv.Itoa(i + 1)
		probe := code(string(p.Role))
		if p.Label != "" {
			probe += " " + mdClean(p.Label)
		}
		if p.Hypothesis != "" {
			probe += " (tests " + code(p.Hypothesis) + ")"
		}
		errText := ""
		if p.Err != nil {
			errText = "error (" + mdText(p.Err.Phase) + "): " + mdClean(p.Err.Message)
		}
		if len(p.Hops) == 0 {
			m.row(num, probe, code(probeMethod(p)+" "+authdoctor.RedactURL(p.Request.URL)),
				strings.TrimSuffix(statusText(0)+"; "+errText, "; "), "")
			continue
		}
		for j := range p.Hops {
			h := &p.Hops[j]
			n := num
			if len(p.Hops) > 1 {
				n += "." + strconv.Itoa(j+1)
			}
			if j > 0 {
				probe = ""
			}
			resp := mdText(statusText(h.Status))
			if h.Redirect != nil {
				resp += " (" + mdText(redirectNote(h)) + ")"
			}
			if j == len(p.Hops)-1 && errText != "" {
				resp += "; " + errText
			}
			tm := ""
			if h.Status != 0 || h.Timing.Total > 0 {
				tm = formatDuration(h.Timing.Total)
			}
			m.row(n, probe, code(h.Method+" "+authdoctor.RedactURL(h.URL)), resp, tm)
		}
	}
	m.line()
	if len(o.Skipped) > 0 {
		m.line("Skipped:")
		m.line()
		for _, s := range o.Skipped {
			m.line("- ", mdClean(s))
		}
		m.line()
	}
}

// evidence folds the details a reader of the ticket may need into one
// block: the evidence of each finding and each exchange as HTTP text.
func (m *mdWriter) evidence(fs []authdoctor.Finding, o *authdoctor.Observation) {
	if len(fs) == 0 && len(o.Probes) == 0 {
		return
	}
	m.line("<details>")
	m.line("<summary>Evidence</summary>")
	m.line()
	for _, f := range fs {
		m.line("**", code(f.ID), "** ", mdClean(f.Summary))
		m.line()
		for _, e := range f.Evidence {
			m.line("- ", mdClean(e))
		}
		if f.Fix != "" {
			m.line("- Fix: ", mdClean(f.Fix))
		}
		if len(f.Evidence) > 0 || f.Fix != "" {
			m.line()
		}
	}
	for i := range o.Probes {
		p := &o.Probes[i]
		m.line("**", strconv.Itoa(i+1), " ", mdText(string(p.Role)), "**")
		m.line()
		m.block(httpLines(p))
		m.line()
	}
	m.line("</details>")
	m.line()
}

// block writes lines as a fenced code block whose fence no line can close.
func (m *mdWriter) block(lines []string) {
	n := 3
	for _, l := range lines {
		n = max(n, longestRun(l, '`')+1)
	}
	fence := strings.Repeat("`", n)
	m.line(fence, "http")
	for _, l := range lines {
		m.line(l)
	}
	m.line(fence)
}

// httpLines shows a probe as HTTP text: each hop's request line and
// headers, the status line, response headers and the start of the body.
func httpLines(p *authdoctor.Probe) []string {
	var out []string
	hdrs := func(prefix string, fs []field) {
		for _, f := range fs {
			out = append(out, oneLine(prefix+f.Name+": "+f.Value))
		}
	}
	if len(p.Hops) == 0 {
		out = append(out, oneLine(probeMethod(p)+" "+authdoctor.RedactURL(p.Request.URL)))
		hdrs("", requestFields(p.Request.Header))
	}
	for j := range p.Hops {
		h := &p.Hops[j]
		if j > 0 {
			out = append(out, "")
		}
		out = append(out, oneLine(h.Method+" "+authdoctor.RedactURL(h.URL)))
		hdrs("", requestFields(h.RequestHeader))
		out = append(out, "")
		if h.Status == 0 {
			out = append(out, "(no response)")
			continue
		}
		out = append(out, oneLine(strings.TrimPrefix(h.Proto+" ", " ")+statusText(h.Status)))
		hdrs("", responseFields(h.Header))
		if b, _ := body(h.Body, h.BodyTruncated, jsonBodyLimit); b != "" {
			out = append(out, "")
			for _, l := range strings.Split(strings.ReplaceAll(b, "\r\n", "\n"), "\n") {
				out = append(out, oneLine(l))
			}
		}
	}
	if e := p.Err; e != nil {
		out = append(out, "", oneLine("# error ("+e.Phase+"): "+scrub(e.Message)))
		if e.Hint != "" {
			out = append(out, oneLine("# try: "+scrub(e.Hint)))
		}
	}
	return out
}
