package render

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor"
)

// TokenSchema names the JSON document TokenJSON writes.
//
// v2: analysis.credential.kind is what the credential is for, its shape
// moved to analysis.credential.format, and analysis.token is new (as in
// authdoctor.inspect/v2).
const TokenSchema = "authdoctor.token/v2"

// roleToken marks the requests to the token endpoint in a token report.
const roleToken authdoctor.Role = "token"

// TokenReport is what authdoctor token got from the token endpoint and
// what the new token is. It never holds the token or the client secret.
type TokenReport struct {
	// Version is the tool version.
	Version string
	// Grant is the grant asked with: client_credentials or refresh_token.
	Grant string
	// TokenEndpoint is the endpoint asked, redacted; "" when none was found.
	TokenEndpoint string
	// AuthMethod is the client authentication method that worked, or the
	// one tried last.
	AuthMethod string
	// Error is the endpoint's refusal; nil when a token came or no answer
	// did.
	Error *TokenError
	// Explanation says in plain words what happened and what to do.
	Explanation string
	// Token describes the token issued, never its value; nil when none was.
	Token *TokenInfo
	// Analysis is the inspect report of the token issued; nil when none
	// was, or it was not analysed.
	Analysis *authdoctor.Run
	// Exchanges are the requests sent to find and ask the token endpoint,
	// in order.
	Exchanges []authdoctor.Exchange
	// Problems are steps that could not complete, one plain line each.
	Problems []string
}

// TokenError is the token endpoint's refusal (RFC 6749 §5.2).
type TokenError struct {
	Code, Description, URI string
	Status                 int
}

// TokenInfo describes a token issued without its value.
type TokenInfo struct {
	// Kind is what the credential analysis calls it (jwt, opaque…).
	Kind string
	// Fingerprint is the first 8 hex digits of the token's SHA-256.
	Fingerprint string
	// Length is the token's length in bytes.
	Length int
	// ExpiresIn is the answer's expires_in; 0 when it did not say.
	ExpiresIn time.Duration
	// Scopes are the scopes granted.
	Scopes []string
	// Type is the answer's token_type.
	Type string
	// RefreshFingerprint is the fingerprint of a new refresh token the
	// endpoint issued (rotation); "" when none.
	RefreshFingerprint string
}

// OK reports whether a token was issued.
func (r TokenReport) OK() bool { return r.Token != nil }

// TokenText writes a token report for a person: the outcome and its
// explanation first, then the token, its analysis, the requests sent and
// what could not be done.
func TokenText(w io.Writer, r TokenReport, o Options) error {
	t := &textWriter{color: o.Color}
	switch {
	case r.OK():
		t.line(t.paint(styleBold+";"+styleGreen, symPass+" New access token from "+clean(orNone(r.TokenEndpoint))))
	case r.Error != nil:
		head := "The token endpoint refused"
		if r.Error.Code != "" {
			head += ": " + clean(r.Error.Code)
		}
		head += " (" + statusText(r.Error.Status) + ")"
		t.line(t.paint(styleBold+";"+styleRed, symFail+" "+head))
		if r.Error.Description != "" {
			t.line("  ", strconv.Quote(clean(r.Error.Description)))
		}
		if r.Error.URI != "" {
			t.line("  ", clean("see "+r.Error.URI))
		}
	default:
		t.line(t.paint(styleBold+";"+styleRed, symFail+" No token: the token endpoint could not be asked"))
	}
	facts := []string{"grant " + clean(r.Grant)}
	if r.AuthMethod != "" {
		facts = append(facts, "client authentication "+clean(r.AuthMethod))
	}
	if !r.OK() && r.TokenEndpoint != "" {
		facts = append(facts, "endpoint "+clean(r.TokenEndpoint))
	}
	t.line("  ", strings.Join(facts, " · "))
	if r.Explanation != "" {
		t.line()
		t.line("  ", clean(r.Explanation))
	}
	if tk := r.Token; tk != nil {
		t.section("Token")
		t.line("  ", clean(strings.Join(tokenParts(tk), " · ")))
		if tk.RefreshFingerprint != "" {
			t.line("  ", clean("new refresh token sha256="+tk.RefreshFingerprint+": the endpoint rotated it, so the one you redeemed no longer works (the new one is not printed)"))
		}
		t.line("  ", t.paint(styleDim, "The token itself is not printed: add --print-token on a terminal to see it."))
	}
	if len(r.Problems) > 0 {
		t.section("Problems")
		for _, p := range r.Problems {
			t.line("  ", symWarn, " ", clean(p))
		}
	}
	if len(r.Exchanges) > 0 {
		t.requests(tokenObservation(r.Exchanges))
	}
	if a := r.Analysis; a != nil {
		var buf bytes.Buffer
		if err := InspectText(&buf, *a, o); err != nil {
			return fmt.Errorf("render token text: %w", err)
		}
		t.section("Analysis of the new token")
		for _, l := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
			if l == "" {
				t.line()
				continue
			}
			t.line("  ", l)
		}
	}
	if _, err := io.WriteString(w, t.b.String()); err != nil {
		return fmt.Errorf("render token text: %w", err)
	}
	return nil
}

// tokenParts describes a token issued on one line.
func tokenParts(tk *TokenInfo) []string {
	var parts []string
	if tk.Kind != "" {
		parts = append(parts, tk.Kind)
	}
	parts = append(parts, strconv.Itoa(tk.Length)+" bytes", "sha256="+tk.Fingerprint)
	if tk.Type != "" {
		parts = append(parts, "type "+tk.Type)
	}
	if tk.ExpiresIn > 0 {
		epoch := time.Unix(0, 0)
		parts = append(parts, "expires "+relative(epoch.Add(tk.ExpiresIn), epoch))
	} else {
		parts = append(parts, "lifetime not stated")
	}
	if len(tk.Scopes) > 0 {
		parts = append(parts, "scope "+strings.Join(tk.Scopes, " "))
	}
	return parts
}

func orNone(s string) string {
	if s == "" {
		return "(no endpoint)"
	}
	return s
}

// tokenObservation lists exchanges as probes, one per request: the GETs
// of discovery as issuer requests, the POSTs as token requests labelled
// with the client authentication they carried.
func tokenObservation(exs []authdoctor.Exchange) *authdoctor.Observation {
	o := &authdoctor.Observation{}
	for _, ex := range exs {
		o.Probes = append(o.Probes, tokenProbe(ex))
	}
	return o
}

func tokenProbe(ex authdoctor.Exchange) authdoctor.Probe {
	p := authdoctor.Probe{Role: authdoctor.RoleIssuer, Label: "issuer metadata", Hops: []authdoctor.Exchange{ex}}
	if ex.Method == http.MethodPost {
		p.Role, p.Label = roleToken, "token request, client_secret_post"
		if ex.Sends("Authorization") {
			p.Label = "token request, client_secret_basic"
		}
	}
	return p
}

type tokenDocument struct {
	Schema        string            `json:"schema"`
	Tool          jsonTool          `json:"tool"`
	Grant         string            `json:"grant"`
	TokenEndpoint string            `json:"token_endpoint"`
	AuthMethod    string            `json:"auth_method"`
	OK            bool              `json:"ok"`
	Error         *jsonTokenError   `json:"error"`
	Explanation   string            `json:"explanation"`
	Token         *jsonToken        `json:"token"`
	Analysis      *analysisDocument `json:"analysis"`
	Exchanges     []jsonExchange    `json:"exchanges"`
	Problems      []string          `json:"problems"`
}

type jsonTokenError struct {
	Code        string `json:"code"`
	Description string `json:"description"`
	URI         string `json:"uri"`
	Status      int    `json:"status"`
}

type jsonToken struct {
	Kind               string   `json:"kind"`
	Fingerprint        string   `json:"fingerprint"`
	Length             int      `json:"length"`
	ExpiresIn          int64    `json:"expires_in"`
	Scopes             []string `json:"scopes"`
	Type               string   `json:"type"`
	RefreshFingerprint string   `json:"refresh_fingerprint"`
}

// analysisDocument is the inspect document without schema and tool.
type analysisDocument struct {
	CheckedAt  *string         `json:"checked_at"`
	Usable     bool            `json:"usable"`
	Verdict    *jsonVerdict    `json:"verdict"`
	Findings   []jsonFinding   `json:"findings"`
	Credential *jsonCredential `json:"credential"`
	Token      *jsonTokenFacts `json:"token"`
	Issuer     *jsonIssuer     `json:"issuer"`
	Exchanges  []jsonExchange  `json:"exchanges"`
}

// TokenJSON writes the token document (schema TokenSchema). Like every
// JSON document it has every key always present and does not depend on
// Options or on where it is written.
func TokenJSON(w io.Writer, r TokenReport) error {
	doc := tokenDocument{
		Schema:        TokenSchema,
		Tool:          jsonTool{Name: "authdoctor", Version: r.Version},
		Grant:         r.Grant,
		TokenEndpoint: scrub(authdoctor.RedactURL(r.TokenEndpoint)),
		AuthMethod:    r.AuthMethod,
		OK:            r.OK(),
		Explanation:   scrub(r.Explanation),
		Exchanges:     []jsonExchange{},
		Problems:      scrubAll(r.Problems),
	}
	if r.TokenEndpoint == "" {
		doc.TokenEndpoint = ""
	}
	if e := r.Error; e != nil {
		doc.Error = &jsonTokenError{Code: scrub(e.Code), Description: scrub(e.Description), URI: scrub(e.URI), Status: e.Status}
	}
	if tk := r.Token; tk != nil {
		doc.Token = &jsonToken{
			Kind: tk.Kind, Fingerprint: tk.Fingerprint, Length: tk.Length,
			ExpiresIn: int64(tk.ExpiresIn / time.Second), Scopes: nonNil(scrubAll(tk.Scopes)),
			Type: scrub(tk.Type), RefreshFingerprint: tk.RefreshFingerprint,
		}
	}
	if a := r.Analysis; a != nil {
		full := newDocument(*a)
		doc.Analysis = &analysisDocument{
			CheckedAt: full.CheckedAt, Usable: Usable(a.Diagnosis), Findings: full.Findings,
			Credential: full.Credential, Token: full.Token, Issuer: full.Issuer, Exchanges: full.Exchanges,
		}
		if !doc.Analysis.Usable {
			v := full.Verdict
			doc.Analysis.Verdict = &v
		}
	}
	for _, ex := range r.Exchanges {
		p := tokenProbe(ex)
		for _, je := range jsonExchanges(&p) {
			je.RequestHeaders = tokenRequestFields(ex.RequestHeader)
			doc.Exchanges = append(doc.Exchanges, je)
		}
	}
	return writeDoc(w, "render token json", doc)
}

// tokenRequestFields shows the request fields of a token request: a
// credential field as its scheme word and [redacted] only — the recorder
// of a token request keeps nothing else of it, so a length and
// fingerprint would describe the marker, not the credential.
func tokenRequestFields(fs []authdoctor.Field) []field {
	out := make([]field, 0, len(fs))
	for _, f := range fs {
		v := f.Value.Reveal()
		if f.Sensitive() {
			scheme, _, _ := strings.Cut(strings.TrimSpace(v), " ")
			v = authdoctor.Redacted
			if scheme != "" && scheme != strings.TrimSpace(f.Value.Reveal()) && isPlain(scheme) && len(scheme) <= 20 {
				v = scheme + " " + authdoctor.Redacted
			}
		}
		out = append(out, field{Name: f.Name, Value: scrub(v)})
	}
	return out
}
