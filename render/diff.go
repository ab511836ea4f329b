package render

import (
	"bytes"
	"fmt"
	"io"

	"text/tabwriter"

	"github.com/authdoctor/authdoctor"
)

// DiffSchema names the JSON document DiffJSON writes.
const DiffSchema = "authdoctor.diff/v1"

// DiffText writes the differences, auth-relevant first, then the rest;
// equal lines are shown only when all is true.
func DiffText(w io.Writer, r authdoctor.DiffReport, all bool) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n\nA: %s\nB: %s\n", oneLine(scrub(r.Conclusion)), oneLine(scrub(r.A)), oneLine(scrub(r.B)))
	section := func(title string, lines []authdoctor.DiffLine) {
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		shown := 0
		for _, l := range lines {
			if l.Same && !all {
				continue
			}
			if shown == 0 {
				fmt.Fprintf(&b, "\n%s\n", title)
			}
			shown++
			mark := "≠"
			if l.Same {
				mark = "="
			}
			fmt.Fprintf(tw, "  %s %s\tA: %s\tB: %s\t\n", mark, l.Field, oneLine(scrub(l.A)), oneLine(scrub(l.B)))
		}
		tw.Flush()
		if shown == 0 {
			fmt.Fprintf(&b, "\n%s: no difference\n", title)
		}
	}
	section("Auth-relevant", r.Auth)
	section("Everything else", r.Other)
	for _, n := range r.Notes {
		b.WriteString("  · " + oneLine(scrub(n)) + "\n")
	}
	_, err := w.Write(b.Bytes())
	return err
}

// DiffJSON writes the comparison as JSON.
func DiffJSON(w io.Writer, r authdoctor.DiffReport) error {
	doc := struct {
		Schema     string                `json:"schema"`
		Tool       jsonTool              `json:"tool"`
		A          string                `json:"a"`
		B          string                `json:"b"`
		Conclusion string                `json:"conclusion"`
		Auth       []authdoctor.DiffLine `json:"auth"`
		Other      []authdoctor.DiffLine `json:"other"`
		Notes      []string              `json:"notes"`
	}{DiffSchema, jsonTool{Name: "authdoctor", Version: r.Version}, scrub(r.A), scrub(r.B), scrub(r.Conclusion), scrubLines(r.Auth), scrubLines(r.Other), append([]string{}, scrubAll(r.Notes)...)}
	return writeDoc(w, "render diff json", doc)
}

func scrubLines(ls []authdoctor.DiffLine) []authdoctor.DiffLine {
	out := make([]authdoctor.DiffLine, 0, len(ls))
	for _, l := range ls {
		out = append(out, authdoctor.DiffLine{Field: l.Field, A: scrub(l.A), B: scrub(l.B), Same: l.Same})
	}
	return out
}
