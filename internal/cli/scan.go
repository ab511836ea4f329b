package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdoctor/authdoctor/scan"
)

// ScanSchema names the JSON of authdoctor scan.
const ScanSchema = "authdoctor.scan/v1"

// scanOptions are the flags of authdoctor scan.
type scanOptions struct {
	output  string
	exclude []string
	// baseline and writeBaseline are --baseline and --write-baseline.
	baseline, writeBaseline string
}

func newScanCmd(env Env) *cobra.Command {
	o := &scanOptions{}
	cmd := &cobra.Command{
		Use:   "scan PATH…",
		Short: "Find leaked credentials in logs, HAR files, .env files and bundles",
		Long: `scan reads files, directories (recursively, skipping .git, binary files
and what --exclude names), gzipped files and - (stdin), line by line, and
reports every credential it finds: keys of the vendor catalogue (with
their vendor and environment), JWTs, the credential of an Authorization
Bearer or Basic header, the values of api_key=, access_token=, password
and other credential-named fields, the password in URL user info, PEM
private keys, and AWS secret access keys near their access key id.

It does not report what is no secret or not live: masked and redacted
values (sk_live_****1234, [redacted]), placeholders ($TOKEN, <your-key>,
YOUR_API_KEY), AWS's documented example keys, UUIDs and digests outside a
credential field, a scheme with no credential. Publishable keys (pk_live_)
are public by design: they are listed at severity info and do not fail
the scan.

Each finding has its place (path:line:column), kind, vendor, environment,
severity (critical: a live key under frontend/, dist/, public/ or
static/), the fingerprint of the value (8 hex of SHA-256, as check and
inspect show it) and the line with every credential redacted. The value
itself is never printed.

-o sarif writes SARIF 2.1.0 for GitHub code scanning (a rule per kind, a
result per finding with its place, level and fingerprint). --write-baseline
FILE records the leaks found as accepted (fingerprint, path and kind; no
value); --baseline FILE then leaves those out, so CI fails only on new ones.

Exit status: 0 nothing found, 1 a credential was found, 2 usage error,
3 an input could not be read (the report covers the others).`,
		Example: `  authdoctor scan /var/log/app/
  authdoctor scan dist/ --exclude '*.map'
  kubectl logs deploy/api | authdoctor scan -
  authdoctor scan ci.log.gz -o json
  authdoctor scan . -o sarif > authdoctor.sarif
  authdoctor scan . --write-baseline .authdoctor-baseline.json   # once: accept what is there
  authdoctor scan . --baseline .authdoctor-baseline.json         # in CI: only new leaks fail`,
		Args:          cobra.MinimumNArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScan(cmd.Context(), o, args, env)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "text", "output format: text, json or sarif")
	f.StringVar(&o.baseline, "baseline", "", "FILE: leave out the findings it accepts (written by --write-baseline)")
	f.StringVar(&o.writeBaseline, "write-baseline", "", "FILE: record the leaks found as accepted")
	f.StringArrayVar(&o.exclude, "exclude", nil, "GLOB: skip files and directories whose name or path it matches under a directory given (repeatable)")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"text", "json", "sarif"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runScan(ctx context.Context, o *scanOptions, paths []string, env Env) error {
	switch o.output {
	case "text", "json", "sarif":
	default:
		return usagef("--output %q is not one of text, json, sarif", o.output)
	}
	var accepted map[string]bool
	if o.baseline != "" {
		var err error
		if accepted, err = readBaseline(o.baseline); err != nil {
			return err
		}
	}
	stdin := 0
	for _, p := range paths {
		if p == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return usagef("- (stdin) is given twice")
	}
	for _, g := range o.exclude {
		if _, err := path.Match(g, ""); err != nil {
			return usagef("--exclude %q: %v", g, err)
		}
	}
	so := scan.Options{Exclude: o.exclude, Stdin: env.Stdin}
	var bar *scanProgress
	if env.StderrTerminal {
		bar = &scanProgress{progressLine{w: env.Stderr, start: time.Now()}}
		so.Progress = bar.update
	}
	res := scan.Paths(ctx, paths, so)
	if bar != nil {
		bar.done()
	}
	if o.writeBaseline != "" {
		if err := writeBaseline(o.writeBaseline, res); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "authdoctor scan: %s recorded as accepted in %s\n", scanPlural(res.Leaks(), "leak"), o.writeBaseline)
	}
	known := 0
	if accepted != nil {
		res, known = withoutBaseline(res, accepted)
	}
	var buf bytes.Buffer
	switch o.output {
	case "json":
		scanJSON(&buf, res)
	case "sarif":
		scanSARIF(&buf, res)
	default:
		scanText(&buf, res)
		if known > 0 {
			fmt.Fprintf(&buf, "%s accepted by the baseline %s, not shown.\n", scanPlural(known, "known finding"), o.baseline)
		}
	}
	if _, err := env.Stdout.Write(buf.Bytes()); err != nil {
		return err
	}
	if len(res.Errors) > 0 {
		msgs := make([]string, len(res.Errors))
		for i, e := range res.Errors {
			msgs[i] = scanErrorText(e)
		}
		return &exitError{code: ExitUnreachable, msg: strings.Join(msgs, "; ")}
	}
	if res.Leaks() > 0 {
		return exitCode(ExitDiagnosed)
	}
	return nil
}

// scanProgress draws the scan's progress: bytes, MB/s, findings so far.
type scanProgress struct{ progressLine }

func (p *scanProgress) update(read int64, findings int) {
	p.draw(func(el float64) string {
		return fmt.Sprintf("scanning: %s · %.1f MB/s · %s so far", mb(read), float64(read)/1e6/el, scanPlural(findings, "finding"))
	})
}

// scanErrorText is one unreadable input: its path and why, without Go's
// "open PATH:" repeated.
func scanErrorText(e scan.InputError) string {
	var pe *fs.PathError
	if errors.As(e.Err, &pe) {
		return fmt.Sprintf("cannot read %s: %v", e.Path, pe.Err)
	}
	return fmt.Sprintf("cannot read %s: %v", e.Path, e.Err)
}

// scanText writes one block per finding and a summary line.
func scanText(buf *bytes.Buffer, res scan.Result) {
	for _, f := range res.Findings {
		what := f.Kind
		if f.Vendor != "" {
			what += " " + f.Vendor
		}
		if f.Environment != "" {
			what += " " + f.Environment
		}
		if f.Field != "" {
			what += " (" + f.Field + ")"
		}
		fmt.Fprintf(buf, "%s:%d:%d  %-8s  %s  sha256:%s\n    %s\n", f.Path, f.Line, f.Column, f.Severity, what, f.Fingerprint, f.Excerpt)
	}
	if len(res.Findings) > 0 {
		buf.WriteString("\n")
	}
	leaks := res.Leaks()
	info := len(res.Findings) - leaks
	switch {
	case leaks == 0:
		buf.WriteString("No leaked credentials")
	case leaks == 1:
		buf.WriteString("1 leaked credential")
	default:
		fmt.Fprintf(buf, "%d leaked credentials", leaks)
	}
	if leaks > 0 {
		buf.WriteString(" (" + bySeverity(res) + ")")
	}
	fmt.Fprintf(buf, " in %s (%s)", scanPlural(res.Files, "file"), scanSize(res.Bytes))
	if info > 0 {
		fmt.Fprintf(buf, "; %s, public by design", scanPlural(info, "publishable key"))
	}
	if n := len(res.Binary); n > 0 {
		fmt.Fprintf(buf, "; %s skipped", scanPlural(n, "binary file"))
	}
	if n := len(res.Errors); n > 0 {
		fmt.Fprintf(buf, "; %s could not be read", scanPlural(n, "input"))
	}
	buf.WriteString(".\n")
}

// bySeverity is "1 critical, 2 high" over the leaks.
func bySeverity(res scan.Result) string {
	var parts []string
	for _, sev := range []string{scan.SeverityCritical, scan.SeverityHigh, scan.SeverityMedium} {
		n := 0
		for _, f := range res.Findings {
			if f.Severity == sev {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, sev))
		}
	}
	return strings.Join(parts, ", ")
}

// scanPlural is "1 file" or "3 files".
func scanPlural(n int, word string) string { return countOf(n, word, word+"s") }

// scanSize is a byte count for people: 512 B, 14.2 KiB, 3.0 MiB.
func scanSize(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
}

// scanJSONDoc is the JSON of authdoctor scan (docs/json.md).
type scanJSONDoc struct {
	Schema   string          `json:"schema"`
	Findings []scan.Finding  `json:"findings"`
	Summary  scanJSONSummary `json:"summary"`
	Errors   []scanJSONError `json:"errors"`
}

type scanJSONSummary struct {
	Files      int            `json:"files"`
	Bytes      int64          `json:"bytes"`
	Findings   int            `json:"findings"`
	Leaks      int            `json:"leaks"`
	BySeverity map[string]int `json:"by_severity"`
	Binary     []string       `json:"binary_skipped"`
}

type scanJSONError struct {
	Path  string `json:"path"`
	Error string `json:"error"`
}

func scanJSON(buf *bytes.Buffer, res scan.Result) {
	doc := scanJSONDoc{
		Schema:   ScanSchema,
		Findings: res.Findings,
		Summary: scanJSONSummary{
			Files: res.Files, Bytes: res.Bytes, Findings: len(res.Findings), Leaks: res.Leaks(),
			BySeverity: map[string]int{}, Binary: res.Binary,
		},
		Errors: []scanJSONError{},
	}
	if doc.Findings == nil {
		doc.Findings = []scan.Finding{}
	}
	if doc.Summary.Binary == nil {
		doc.Summary.Binary = []string{}
	}
	for _, f := range res.Findings {
		doc.Summary.BySeverity[f.Severity]++
	}
	for _, e := range res.Errors {
		doc.Errors = append(doc.Errors, scanJSONError{Path: e.Path, Error: scanErrorText(e)})
	}
	enc := json.NewEncoder(buf)
	enc.SetIndent("", "  ")
	_ = enc.Encode(doc)
}
