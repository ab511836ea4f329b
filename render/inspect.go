package render

import (
	"fmt"
	"io"

	"github.com/authdoctor/authdoctor"
)

// InspectSchema names the JSON document InspectJSON writes.
//
// v2: credential.kind is what the credential is for (access_token,
// id_token, refresh_token, api_key, basic, opaque, placeholder, jwe,
// malformed); its shape moved to credential.format; token holds roles,
// scopes, audience, expiry and signature.
const InspectSchema = "authdoctor.inspect/v2"

// Usable is the verdict of inspect when no finding is an error: the token
// itself shows no problem (the API may still refuse it).
func Usable(d authdoctor.Diagnosis) bool {
	return len(d.Findings) == 0 || d.Findings[0].Severity < authdoctor.SeverityError
}

// InspectText writes the analysis of a credential without a request to the
// API: the verdict, the findings, the credential and what its issuer said.
func InspectText(w io.Writer, r authdoctor.Run, o Options) error {
	t := &textWriter{color: o.Color, verbose: o.Verbose, now: r.Obs().Now}
	if Usable(r.Diagnosis) {
		t.line(t.paint(styleBold+";"+styleGreen, symPass+" No problem found in the credential itself"))
		t.line("  ", "The API may still refuse it (audience, scopes, environment): run authdoctor check against the API to find out.")
	} else {
		t.verdict(r.Diagnosis.Verdict)
	}
	t.findings(r.Diagnosis.Findings, r.Diagnosis.Verdict.Fix)
	if ns := r.Obs().Notes; len(ns) > 0 {
		t.section("About this inspection")
		for _, n := range ns {
			t.line("  · ", clean(n))
		}
	}
	t.credential(r.Diagnosis.Credential)
	t.issuer(r.Obs().Issuer)
	if o := r.Obs(); o.RequestCount() > 0 {
		t.requests(o)
	}
	if _, err := io.WriteString(w, t.b.String()); err != nil {
		return fmt.Errorf("render inspect text: %w", err)
	}
	return nil
}

type inspectDocument struct {
	Schema     string          `json:"schema"`
	Tool       jsonTool        `json:"tool"`
	CheckedAt  *string         `json:"checked_at"`
	Usable     bool            `json:"usable"`
	Verdict    *jsonVerdict    `json:"verdict"`
	Findings   []jsonFinding   `json:"findings"`
	Credential *jsonCredential `json:"credential"`
	Token      *jsonTokenFacts `json:"token"`
	Issuer     *jsonIssuer     `json:"issuer"`
	Exchanges  []jsonExchange  `json:"exchanges"`
}

// InspectJSON writes the inspect document (schema InspectSchema).
func InspectJSON(w io.Writer, r authdoctor.Run) error {
	full := newDocument(r)
	doc := inspectDocument{
		Schema: InspectSchema, Tool: full.Tool, CheckedAt: full.CheckedAt, Usable: Usable(r.Diagnosis),
		Findings: full.Findings, Credential: full.Credential, Token: full.Token, Issuer: full.Issuer, Exchanges: full.Exchanges,
	}
	if !doc.Usable {
		v := full.Verdict
		doc.Verdict = &v
	}
	return writeDoc(w, "render inspect json", doc)
}
