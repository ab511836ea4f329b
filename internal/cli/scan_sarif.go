package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/authdoctor/authdoctor/scan"
)

// SARIF 2.1.0 (OASIS), the subset GitHub code scanning reads: one run,
// the tool's driver with a rule per kind of credential, and a result per
// finding with its place, level and a partial fingerprint that stays the
// same when lines move. Nothing in it is a credential: the message names
// the kind, the vendor and the fingerprint. scan_sarif_schema_test.go
// validates real output against the OASIS schema and with Microsoft's SARIF
// multitool, GitHub's rules included.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
	// ColumnKind is the unit of startColumn, which SARIF §3.14.27 requires
	// whenever a run has results on text: sarifColumnKind.
	ColumnKind string `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string    `json:"id"`
	Name             string    `json:"name"`
	ShortDescription sarifText `json:"shortDescription"`
	FullDescription  sarifText `json:"fullDescription"`
	HelpURI          string    `json:"helpUri"`
	// Help is what GitHub code scanning shows for the rule; it requires
	// one (the multitool's GH2012).
	Help                 sarifText         `json:"help"`
	DefaultConfiguration sarifRuleDefaults `json:"defaultConfiguration"`
}

type sarifRuleDefaults struct {
	Level string `json:"level"`
}

// sarifText is a SARIF multiformatMessageString (§3.12): text, and
// Markdown where a viewer may render it (omitted when empty).
type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
}

// sarifLevel maps a severity to a SARIF level: critical and high are
// errors, medium a warning, info a note.
func sarifLevel(sev string) string {
	switch sev {
	case scan.SeverityCritical, scan.SeverityHigh:
		return "error"
	case scan.SeverityMedium:
		return "warning"
	}
	return "note"
}

// sarifColumnKind is the run's columnKind: startColumn is the finding's
// ColumnUTF16, the unit GitHub's own CodeQL writes.
const sarifColumnKind = "utf16CodeUnits"

// sarifURI is a finding's path as a SARIF artifact URI (§3.4.3): an RFC
// 3986 reference, percent-encoded (a space is %20, é is %C3%A9). A relative
// path stays a relative reference with forward slashes, which GitHub code
// scanning resolves against the repository's root; an absolute path is a
// file URI, as a relative reference that begins with a slash would not
// combine with a uriBaseId (the multitool's SARIF1004); - is "stdin".
func sarifURI(p string) string {
	if p == "-" {
		return "stdin"
	}
	p = filepath.ToSlash(filepath.Clean(p))
	if filepath.IsAbs(filepath.FromSlash(p)) {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // a Windows drive: file:///C:/…
		}
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	// A first segment with a colon gets "./" (RFC 3986 §4.2), so that it
	// does not read as a scheme.
	return (&url.URL{Path: strings.TrimPrefix(p, "./")}).String()
}

// sarifVersion is Version as the driver's version, which SARIF consumers
// compare and so want to start with a digit (the multitool's SARIF2005):
// "v1.2.3" is "1.2.3", and a build with no version set ("dev") is
// "0.0.0-dev", SemVer's way to sort before every release.
func sarifVersion(v string) string {
	if d := strings.TrimPrefix(v, "v"); d != "" && d[0] >= '0' && d[0] <= '9' {
		return d
	}
	if v == "" {
		return "0.0.0"
	}
	return "0.0.0-" + v
}

func scanSARIF(buf *bytes.Buffer, res scan.Result) {
	rules := map[string]sarifRule{}
	run := sarifRun{Tool: sarifTool{Driver: sarifDriver{Name: "authdoctor", Version: sarifVersion(Version),
		InformationURI: "https://github.com/authdoctor/authdoctor"}}, Results: []sarifResult{}, ColumnKind: sarifColumnKind}
	for _, f := range res.Findings {
		id := "authdoctor/" + f.Kind
		if _, ok := rules[id]; !ok {
			const help = "https://github.com/authdoctor/authdoctor/blob/main/docs/guide.md#scan-leaked-credentials-in-logs-env-files-and-bundles"
			full := "A credential of kind " + f.Kind + " in clear text. Revoke it, issue a new one, and remove it from the file and its history."
			rules[id] = sarifRule{ID: id, Name: f.Kind,
				ShortDescription: sarifText{Text: "A leaked credential: " + f.Kind},
				FullDescription:  sarifText{Text: full},
				HelpURI:          help,
				Help: sarifText{Text: full + " To accept the findings already known and fail only on new ones: authdoctor scan --write-baseline FILE, then --baseline FILE. " + help,
					Markdown: full + " To accept the findings already known and fail only on new ones: `authdoctor scan --write-baseline FILE`, then `--baseline FILE`. [How scan works](" + help + ")."},
				DefaultConfiguration: sarifRuleDefaults{Level: "error"}}
		}
		what := f.Kind
		if f.Vendor != "" {
			what = f.Vendor + " " + what
		}
		if f.Environment != "" {
			what += " (" + f.Environment + ")"
		}
		run.Results = append(run.Results, sarifResult{
			RuleID: id, Level: sarifLevel(f.Severity),
			Message: sarifText{Text: fmt.Sprintf("%s credential %s, severity %s: %s", what, f.Fingerprint, f.Severity, f.Excerpt)},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: sarifURI(f.Path)},
				Region: sarifRegion{StartLine: f.Line, StartColumn: sarifColumn(f)}}}},
			PartialFingerprints: map[string]string{"authdoctorFingerprint/v1": f.Fingerprint},
		})
	}
	ids := make([]string, 0, len(rules))
	for id := range rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	run.Tool.Driver.Rules = []sarifRule{}
	for _, id := range ids {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, rules[id])
	}
	doc := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(doc)
}

// BaselineSchema names scan's baseline file.
const BaselineSchema = "authdoctor.scan-baseline/v1"

// scanBaseline is the file --baseline reads and --write-baseline writes:
// the accepted findings, by fingerprint, path and kind (the line is kept
// for people; a finding that moved stays accepted). No credential.
type scanBaseline struct {
	Schema   string              `json:"schema"`
	Findings []scanBaselineEntry `json:"findings"`
}

type scanBaselineEntry struct {
	Path        string `json:"path"`
	Line        int    `json:"line"`
	Kind        string `json:"kind"`
	Fingerprint string `json:"fingerprint"`
}

func (e scanBaselineEntry) key() string { return e.Fingerprint + "\x00" + e.Path + "\x00" + e.Kind }

func baselineEntry(f scan.Finding) scanBaselineEntry {
	return scanBaselineEntry{Path: f.Path, Line: f.Line, Kind: f.Kind, Fingerprint: f.Fingerprint}
}

// readBaseline reads a baseline file into the set of accepted keys.
func readBaseline(path string) (map[string]bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("--baseline: cannot read %s: %v (write one with --write-baseline)", path, unwrapPathError(err))
	}
	var doc scanBaseline
	if err := json.Unmarshal(b, &doc); err != nil || doc.Schema != BaselineSchema {
		return nil, usagef("--baseline %s is not a scan baseline (schema %s): write one with --write-baseline", path, BaselineSchema)
	}
	set := map[string]bool{}
	for _, e := range doc.Findings {
		set[e.key()] = true
	}
	return set, nil
}

// writeBaseline writes the leaks of res as the accepted findings.
func writeBaseline(path string, res scan.Result) error {
	doc := scanBaseline{Schema: BaselineSchema, Findings: []scanBaselineEntry{}}
	for _, f := range res.Findings {
		if f.Leak() {
			doc.Findings = append(doc.Findings, baselineEntry(f))
		}
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return usagef("--write-baseline: cannot write %s: %v", path, unwrapPathError(err))
	}
	return nil
}

// withoutBaseline drops the findings the baseline accepts and says how
// many it dropped.
func withoutBaseline(res scan.Result, accepted map[string]bool) (scan.Result, int) {
	kept := res.Findings[:0:0]
	n := 0
	for _, f := range res.Findings {
		if accepted[baselineEntry(f).key()] {
			n++
			continue
		}
		kept = append(kept, f)
	}
	res.Findings = kept
	return res, n
}

// sarifColumn is f's column in UTF-16 code units (its byte column for a
// finding made elsewhere without one).
func sarifColumn(f scan.Finding) int {
	if f.ColumnUTF16 > 0 {
		return f.ColumnUTF16
	}
	return f.Column
}
