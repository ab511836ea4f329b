package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
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
// the kind, the vendor and the fingerprint.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
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
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      sarifText         `json:"fullDescription"`
	HelpURI              string            `json:"helpUri"`
	DefaultConfiguration sarifRuleDefaults `json:"defaultConfiguration"`
}

type sarifRuleDefaults struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
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

// sarifURI is a finding's path as a SARIF artifact URI: relative, with
// forward slashes ("stdin" for -).
func sarifURI(p string) string {
	if p == "-" {
		return "stdin"
	}
	p = filepath.ToSlash(filepath.Clean(p))
	return strings.TrimPrefix(p, "./")
}

func scanSARIF(buf *bytes.Buffer, res scan.Result) {
	rules := map[string]sarifRule{}
	run := sarifRun{Tool: sarifTool{Driver: sarifDriver{Name: "authdoctor", Version: Version,
		InformationURI: "https://github.com/authdoctor/authdoctor"}}, Results: []sarifResult{}}
	for _, f := range res.Findings {
		id := "authdoctor/" + f.Kind
		if _, ok := rules[id]; !ok {
			rules[id] = sarifRule{ID: id, Name: f.Kind,
				ShortDescription:     sarifText{Text: "A leaked credential: " + f.Kind},
				FullDescription:      sarifText{Text: "A credential of kind " + f.Kind + " in clear text. Revoke it, issue a new one, and remove it from the file and its history."},
				HelpURI:              "https://github.com/authdoctor/authdoctor/blob/main/docs/guide.md#scan-leaked-credentials-in-logs-env-files-and-bundles",
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
				Region: sarifRegion{StartLine: f.Line, StartColumn: f.Column}}}},
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
