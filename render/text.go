package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/authdoctor/authdoctor"
)

// Symbols. They stay UTF-8 with or without colour.
const (
	symPass    = "✓"
	symFail    = "✗"
	symWarn    = "!"
	symInfo    = "·"
	symNotDone = "–"
	symNextHop = "→"
)

// ANSI styles (SGR parameters).
const (
	styleBold   = "1"
	styleDim    = "2"
	styleRed    = "31"
	styleGreen  = "32"
	styleYellow = "33"
	styleCyan   = "36"
)

// Text writes r for a person at a terminal: the verdict in plain words
// first, then the findings, the checklist, the credential and every request
// sent. Without o.Color it writes no escape sequence at all.
func Text(w io.Writer, r authdoctor.Run, o Options) error {
	t := &textWriter{color: o.Color, verbose: o.Verbose, now: r.Obs().Now}
	t.verdict(r.Diagnosis.Verdict)
	t.why(r.Diagnosis)
	t.sinceLastOK(r.SinceLastOK)
	t.findings(r.Diagnosis.Findings, r.Diagnosis.Verdict.Fix)
	t.checklist(r.Diagnosis.Checklist)
	t.credential(r.Diagnosis.Credential)
	t.issuer(r.Obs().Issuer)
	t.requests(r.Obs())
	t.skipped(r.Obs().Skipped)
	t.notes(r.Obs().Notes)
	if _, err := io.WriteString(w, t.b.String()); err != nil {
		return fmt.Errorf("render text: %w", err)
	}
	return nil
}

// textWriter accumulates the text output of one report.
type textWriter struct {
	b       strings.Builder
	color   bool
	verbose bool
	now     time.Time
}

// paint wraps s in an ANSI style when colour is on.
func (t *textWriter) paint(style, s string) string {
	if !t.color || style == "" || s == "" {
		return s
	}
	return "\x1b[" + style + "m" + s + "\x1b[0m"
}

// line writes one line: parts joined as they are, then a newline.
func (t *textWriter) line(parts ...string) {
	for _, p := range parts {
		t.b.WriteString(p)
	}
	t.b.WriteByte('\n')
}

// section starts a section with a blank line and a heading.
func (t *textWriter) section(heading string) {
	t.line()
	t.line(t.paint(styleBold, heading))
}

// clean scrubs text that may have come from outside and makes it safe for
// one terminal line.
func clean(s string) string { return oneLine(scrub(s)) }

// pad pads s with spaces to w runes.
func pad(s string, w int) string {
	if n := utf8.RuneCountInString(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

func (t *textWriter) verdict(v authdoctor.Verdict) {
	if v.Cause == authdoctor.CauseAccepted {
		t.line(t.paint(styleBold+";"+styleGreen, symPass+" "+oneLine(title(v.Cause))))
	} else {
		in := string(v.Cause)
		if v.Confidence != "" {
			in += ", " + string(v.Confidence)
		}
		t.line(t.paint(styleBold+";"+styleRed, symFail+" "+oneLine(title(v.Cause)+" ("+in+")")))
	}
	if v.Summary != "" {
		t.line("  ", clean(v.Summary))
	}
	if v.Fix != "" {
		t.line("  Fix: ", clean(v.Fix))
	}
	if v.Cause != authdoctor.CauseAccepted {
		t.line("  More: ", oneLine(v.Cause.Doc()))
	}
}

// maxDecidedBy is how many pieces of evidence the text names under the
// verdict; JSON carries them all.
const maxDecidedBy = 3

// why says what settled the verdict and why the closest competitors are
// not it, so a reader sees why it is not the other cause.
func (t *textWriter) why(d authdoctor.Diagnosis) {
	if d.Verdict.Cause == authdoctor.CauseAccepted && len(d.RuledOut) == 0 {
		return
	}
	for i, e := range d.DecidedBy {
		if i == maxDecidedBy {
			break
		}
		lead := "  Decided by: "
		if i > 0 {
			lead = "              "
		}
		t.line(lead, clean(e.Fact), " (", e.Strength.String(), ")")
	}
	for i, r := range d.RuledOut {
		lead := "  Ruled out:  "
		if i > 0 {
			lead = "              "
		}
		t.line(lead, oneLine(string(r.Cause)), ": ", clean(r.Because))
	}
}

// severityMark is the symbol and style of a severity.
func severityMark(s authdoctor.Severity) (string, string) {
	switch s {
	case authdoctor.SeverityError:
		return symFail, styleRed
	case authdoctor.SeverityWarning:
		return symWarn, styleYellow
	}
	return symInfo, styleCyan
}

func (t *textWriter) findings(fs []authdoctor.Finding, verdictFix string) {
	if len(fs) == 0 {
		return
	}
	t.section("Findings")
	width := 0
	for _, f := range fs {
		width = max(width, utf8.RuneCountInString(oneLine(f.ID)))
	}
	for _, f := range fs {
		sym, style := severityMark(f.Severity)
		id := oneLine(f.ID)
		t.line("  ", t.paint(style, sym+" "+id), pad("", width-utf8.RuneCountInString(id)), "  ", clean(f.Summary))
		for _, e := range f.Evidence {
			t.line("      ", symInfo, " ", clean(e))
		}
		// The verdict's fix is already at the top; say it once.
		if f.Fix != "" && f.Fix != verdictFix {
			t.line("      fix: ", clean(f.Fix))
		}
	}
}

// statusMark is the symbol and style of a checklist status.
func statusMark(s authdoctor.Status) (string, string) {
	switch s {
	case authdoctor.Pass:
		return symPass, styleGreen
	case authdoctor.Fail:
		return symFail, styleRed
	}
	return symNotDone, styleDim
}

func (t *textWriter) checklist(items []authdoctor.ChecklistItem) {
	if len(items) == 0 {
		return
	}
	t.section("Checklist")
	width := 0
	for _, c := range items {
		width = max(width, utf8.RuneCountInString(oneLine(c.Label)))
	}
	for _, c := range items {
		sym, style := statusMark(c.Status)
		detail := clean(c.Detail)
		if detail == "" && c.Status != authdoctor.Pass && c.Status != authdoctor.Fail {
			detail = "not checked"
		}
		label := oneLine(c.Label)
		if detail != "" {
			label = pad(label, width) + "  "
		}
		t.line("  ", t.paint(style, sym), " ", label, detail)
	}
}

func (t *textWriter) credential(c *authdoctor.Credential) {
	if c == nil {
		return
	}
	t.section("Credential")
	t.line("  ", clean(strings.Join(credentialParts(c, t.now), " · ")))
	if c.JWT != nil {
		if parts := jwtParts(c.JWT, t.now); len(parts) > 0 {
			t.line("  ", clean(strings.Join(parts, " · ")))
		}
	}
}

// statusStyle colours a status code by class.
func statusStyle(code int) string {
	switch {
	case code >= 200 && code < 300:
		return styleGreen
	case code >= 300 && code < 400:
		return styleCyan
	}
	return styleRed
}

func (t *textWriter) requests(o *authdoctor.Observation) {
	heading := "Requests sent (" + requestsHeading(o)
	t.section(heading + ")")
	if len(o.Probes) == 0 {
		t.line("  none")
		return
	}
	numW := len(strconv.Itoa(len(o.Probes)))
	roleW := 0
	for _, p := range o.Probes {
		roleW = max(roleW, utf8.RuneCountInString(oneLine(string(p.Role))))
	}
	// Every line of a probe after the first starts under its request.
	indent := strings.Repeat(" ", 2+numW+1+roleW+2)
	for i := range o.Probes {
		p := &o.Probes[i]
		num := strconv.Itoa(i + 1)
		lead := "  " + strings.Repeat(" ", numW-len(num)) + num + " " + pad(oneLine(string(p.Role)), roleW) + "  "
		t.probe(p, lead, indent)
	}
}

// probe writes one probe: each hop on its own line with the evidence
// under it, then the error that ended it.
func (t *textWriter) probe(p *authdoctor.Probe, lead, indent string) {
	label := clean(p.Label)
	if p.Hypothesis != "" {
		label = strings.TrimSuffix("tests "+oneLine(p.Hypothesis)+": "+label, ": ")
	}
	if len(p.Hops) == 0 {
		t.line(lead, oneLine(probeMethod(p)), " ", oneLine(authdoctor.RedactURL(p.Request.URL)),
			" ", symNextHop, " ", t.paint(styleRed, statusText(0)))
		if label != "" {
			t.line(indent, t.paint(styleDim, label))
		}
		if t.verbose {
			for _, f := range requestFields(p.Request.Header) {
				t.line(indent, "> ", oneLine(f.Name), ": ", oneLine(f.Value))
			}
		}
	}
	hopLead := indent[:len(indent)-2] + symNextHop + " "
	for j := range p.Hops {
		h := &p.Hops[j]
		first := lead
		if j > 0 {
			first = hopLead
		}
		s := oneLine(h.Method) + " " + oneLine(authdoctor.RedactURL(h.URL)) + " " + symNextHop + " " +
			t.paint(statusStyle(h.Status), statusText(h.Status))
		if h.Status != 0 || h.Timing.Total > 0 {
			s += "  " + formatDuration(h.Timing.Total)
		}
		t.line(first, s)
		if j == 0 && label != "" {
			t.line(indent, t.paint(styleDim, label))
		}
		t.hop(h, indent)
	}
	if e := p.Err; e != nil {
		t.line(indent, t.paint(styleRed, "error ("+oneLine(e.Phase)+"): "+clean(e.Message)))
		if e.Hint != "" {
			t.line(indent, "try: ", clean(e.Hint))
		}
	}
}

// hop writes the evidence lines of one exchange: the key response headers
// and the redirect, or with Verbose everything known about it.
func (t *textWriter) hop(h *authdoctor.Exchange, indent string) {
	if t.verbose {
		for _, f := range requestFields(h.RequestHeader) {
			t.line(indent, "> ", oneLine(f.Name), ": ", oneLine(f.Value))
		}
		if h.Status != 0 {
			t.line(indent, "< ", strings.TrimPrefix(oneLine(h.Proto)+" ", " "), statusText(h.Status))
		}
	}
	for _, f := range responseFields(h.Header) {
		switch {
		case t.verbose:
			t.line(indent, "< ", oneLine(f.Name), ": ", oneLine(f.Value))
		case isKeyHeader(f.Name):
			t.line(indent, oneLine(f.Name), ": ", oneLine(f.Value))
		}
	}
	if h.Redirect != nil {
		t.line(indent, t.paint(styleYellow, redirectNote(h)))
		if t.verbose && len(h.Redirect.Keeps) > 0 {
			t.line(indent, oneLine(clientKeeps(h.Redirect)))
		}
	}
	if !t.verbose {
		return
	}
	if tl := h.TLS; tl != nil {
		parts := []string{"tls: " + oneLine(tl.Version)}
		if tl.ServerName != "" {
			parts = append(parts, "server name "+oneLine(tl.ServerName))
		}
		if tl.Subject != "" {
			parts = append(parts, "subject "+clean(tl.Subject))
		}
		if tl.Issuer != "" {
			parts = append(parts, "issuer "+clean(tl.Issuer))
		}
		if !tl.NotAfter.IsZero() {
			parts = append(parts, "certificate expires "+when(tl.NotAfter, t.now))
		}
		t.line(indent, strings.Join(parts, " · "))
	}
	if !h.ServerDate.IsZero() {
		t.line(indent, "server date: ", rfc3339(h.ServerDate))
	}
	if h.Status != 0 || h.Timing.Total > 0 {
		t.line(indent, "timing: ", timingLine(h.Timing))
	}
	b, _ := body(h.Body, h.BodyTruncated, textBodyLimit)
	if b == "" {
		return
	}
	t.line(indent, "body:")
	lines := strings.Split(strings.ReplaceAll(b, "\r\n", "\n"), "\n")
	if len(lines) > textBodyLines {
		lines = append(lines[:textBodyLines:textBodyLines], truncatedMark)
	}
	for _, l := range lines {
		t.line(indent, "  ", oneLine(l))
	}
}

// timingLine lists the phases that happened and the total.
func timingLine(tm authdoctor.Timing) string {
	var parts []string
	for _, p := range []struct {
		name string
		d    time.Duration
	}{{"dns", tm.DNS}, {"connect", tm.Connect}, {"tls", tm.TLS}, {"first byte", tm.FirstByte}} {
		if p.d > 0 {
			parts = append(parts, p.name+" "+formatDuration(p.d))
		}
	}
	parts = append(parts, "total "+formatDuration(tm.Total))
	return strings.Join(parts, " · ")
}

func (t *textWriter) skipped(s []string) {
	if len(s) == 0 {
		return
	}
	t.section("Skipped")
	for _, x := range s {
		t.line("  ", symInfo, " ", clean(x))
	}
}

// issuer writes what the token's issuer said, one line per step.
func (t *textWriter) issuer(r *authdoctor.IssuerReport) {
	if r == nil {
		return
	}
	t.section("Issuer")
	if r.MetadataURL != "" {
		t.line("  ", clean("metadata: "+authdoctor.RedactURL(r.MetadataURL)))
	}
	if r.JWKSURL != "" {
		var kids []string
		for _, k := range r.Keys {
			kids = append(kids, k.Kid+" ("+k.Kty+")")
		}
		t.line("  ", clean(fmt.Sprintf("keys: %s: %s", r.JWKSURL, strings.Join(kids, ", "))))
	}
	if v := r.Verification; v != nil {
		line := "signature check: " + v.Status
		if v.Detail != "" {
			line += " — " + v.Detail
		}
		t.line("  ", clean(line))
	}
	if is := r.Introspection; is != nil {
		line := fmt.Sprintf("introspection: %s → %d", is.Endpoint, is.Status)
		if is.Active != nil {
			line += fmt.Sprintf(", active %v", *is.Active)
		}
		if len(is.Scopes) > 0 {
			line += ", scope " + strings.Join(is.Scopes, " ")
		}
		if is.Error != "" {
			line += ", " + is.Error
		}
		t.line("  ", clean(line))
	}
	for _, p := range r.Problems {
		t.line("  ", clean("could not: "+p))
	}
}

// notes lists facts about where the request came from.
func (t *textWriter) notes(ns []string) {
	if len(ns) == 0 {
		return
	}
	t.section("About the request")
	for _, n := range ns {
		t.line("  · ", clean(n))
	}
}

// sinceLastOK lists what changed since the request last worked, the most
// likely culprit first.
func (t *textWriter) sinceLastOK(s *authdoctor.SinceLastOK) {
	if s == nil {
		return
	}
	t.section(sinceHeading(s, t.now))
	if len(s.Changes) == 0 {
		t.line("  nothing authdoctor records changed: look at what it cannot see (the server's configuration, a proxy, the account)")
		return
	}
	for _, c := range s.Changes {
		t.line("  · ", clean(c.Summary))
		if c.Before != "" || c.After != "" {
			t.line("      then: ", clean(c.Before), "   now: ", clean(c.After))
		}
	}
}

// sinceHeading is "Since it last worked (2d ago, run #41)".
func sinceHeading(s *authdoctor.SinceLastOK, now time.Time) string {
	when := relative(s.At, now)
	if when == "" {
		when = rfc3339(s.At)
	}
	return "Since it last worked (" + when + ", run #" + strconv.FormatInt(s.Run, 10) + ")"
}
