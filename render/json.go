package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor"
)

// The JSON document. Struct field order is the document's key order, so
// these types are the schema; schema.md describes every field. Every key
// is always present: absent objects and times are null, absent strings "",
// absent lists [].

type document struct {
	Schema       string          `json:"schema"`
	Tool         jsonTool        `json:"tool"`
	CheckedAt    *string         `json:"checked_at"`
	Request      jsonRequest     `json:"request"`
	Verdict      jsonVerdict     `json:"verdict"`
	Findings     []jsonFinding   `json:"findings"`
	Checklist    []jsonChecklist `json:"checklist"`
	Credential   *jsonCredential `json:"credential"`
	Token        *jsonTokenFacts `json:"token"`
	Issuer       *jsonIssuer     `json:"issuer"`
	Exchanges    []jsonExchange  `json:"exchanges"`
	RequestsSent int             `json:"requests_sent"`
	// RequestsAPI count against MaxRequests; RequestsIssuer come on top.
	RequestsAPI    int      `json:"requests_to_api"`
	RequestsIssuer int      `json:"requests_to_issuer"`
	MaxRequests    int      `json:"max_requests"`
	Skipped        []string `json:"skipped"`
	Notes          []string `json:"notes"`
	// SinceLastOK is present only when the run failed and history holds
	// an accepted run of the same request.
	SinceLastOK *authdoctor.SinceLastOK `json:"since_last_ok,omitempty"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonRequest struct {
	Method  string  `json:"method"`
	URL     string  `json:"url"`
	Headers []field `json:"headers"`
}

type jsonVerdict struct {
	Cause      authdoctor.Cause      `json:"cause"`
	Confidence authdoctor.Confidence `json:"confidence"`
	Summary    string                `json:"summary"`
	Fix        string                `json:"fix"`
	Finding    string                `json:"finding"`
	Doc        string                `json:"doc"`
	DecidedBy  []jsonEvidence        `json:"decided_by"`
	RuledOut   []jsonRuledOut        `json:"ruled_out"`
}

type jsonEvidence struct {
	Cause    authdoctor.Cause `json:"cause"`
	Against  bool             `json:"against"`
	Strength string           `json:"strength"`
	Rule     string           `json:"rule"`
	Fact     string           `json:"fact"`
}

type jsonRuledOut struct {
	Cause   authdoctor.Cause `json:"cause"`
	Finding string           `json:"finding"`
	Because string           `json:"because"`
	Against []jsonEvidence   `json:"against"`
}

type jsonFinding struct {
	ID         string                `json:"id"`
	Cause      authdoctor.Cause      `json:"cause"`
	Severity   string                `json:"severity"`
	Confidence authdoctor.Confidence `json:"confidence"`
	Summary    string                `json:"summary"`
	Evidence   []string              `json:"evidence"`
	Fix        string                `json:"fix"`
	Doc        string                `json:"doc"`
}

type jsonChecklist struct {
	ID     string            `json:"id"`
	Label  string            `json:"label"`
	Status authdoctor.Status `json:"status"`
	Detail string            `json:"detail"`
}

type jsonCredential struct {
	Header string `json:"header"`
	Scheme string `json:"scheme"`
	// Kind is what the credential is for (Credential.Use); Format is its
	// shape (jwt, jwe, opaque, basic, api_key, digest, empty).
	Kind        string   `json:"kind"`
	Format      string   `json:"format"`
	Length      int      `json:"length"`
	Fingerprint string   `json:"fingerprint"`
	Prefix      string   `json:"prefix"`
	Vendor      string   `json:"vendor"`
	Environment string   `json:"environment"`
	BasicUser   string   `json:"basic_user"`
	JWT         *jsonJWT `json:"jwt"`
}

type jsonJWT struct {
	Alg            string   `json:"alg"`
	Kid            string   `json:"kid"`
	Typ            string   `json:"typ"`
	Iss            string   `json:"iss"`
	Aud            []string `json:"aud"`
	ClientID       string   `json:"client_id"`
	Azp            string   `json:"azp"`
	Scopes         []string `json:"scopes"`
	TokenUse       string   `json:"token_use"`
	Exp            *string  `json:"exp"`
	ExpMillis      bool     `json:"exp_millis"`
	Nbf            *string  `json:"nbf"`
	Iat            *string  `json:"iat"`
	SubFingerprint string   `json:"sub_fingerprint"`
	HasNonce       bool     `json:"has_nonce"`
	HasAtHash      bool     `json:"has_at_hash"`
}

type jsonExchange struct {
	Probe           authdoctor.Role `json:"probe"`
	Label           string          `json:"label"`
	Hypothesis      string          `json:"hypothesis"`
	Hop             int             `json:"hop"`
	Method          string          `json:"method"`
	URL             string          `json:"url"`
	RequestHeaders  []field         `json:"request_headers"`
	Status          int             `json:"status"`
	Proto           string          `json:"proto"`
	ResponseHeaders []field         `json:"response_headers"`
	Body            string          `json:"body"`
	BodyTruncated   bool            `json:"body_truncated"`
	ServerDate      *string         `json:"server_date"`
	TimingMS        jsonTiming      `json:"timing_ms"`
	TLS             *jsonTLS        `json:"tls"`
	Redirect        *jsonRedirect   `json:"redirect"`
	Error           *jsonError      `json:"error"`
}

type jsonTiming struct {
	DNS       float64 `json:"dns"`
	Connect   float64 `json:"connect"`
	TLS       float64 `json:"tls"`
	FirstByte float64 `json:"first_byte"`
	Total     float64 `json:"total"`
}

type jsonTLS struct {
	Version    string  `json:"version"`
	ServerName string  `json:"server_name"`
	Subject    string  `json:"subject"`
	Issuer     string  `json:"issuer"`
	NotAfter   *string `json:"not_after"`
}

type jsonRedirect struct {
	Location      string          `json:"location"`
	Next          string          `json:"next"`
	HostChanged   bool            `json:"host_changed"`
	SchemeChanged bool            `json:"scheme_changed"`
	PortChanged   bool            `json:"port_changed"`
	Downgrade     bool            `json:"downgrade"`
	MethodChanged bool            `json:"method_changed"`
	Keeps         map[string]bool `json:"keeps_authorization"`
	Forwarded     bool            `json:"forwarded"`
}

type jsonError struct {
	Phase   string `json:"phase"`
	Message string `json:"message"`
	Hint    string `json:"hint"`
}

// JSON writes r as one indented JSON document with the schema Schema. Its
// keys come in a fixed order and it does not depend on Options or on
// where it is written.
func JSON(w io.Writer, r authdoctor.Run) error {
	return writeDoc(w, "render json", newDocument(r))
}

// newDocument builds the JSON document of r.
func newDocument(r authdoctor.Run) document {
	o := r.Obs()
	d := r.Diagnosis
	doc := document{
		Schema:    Schema,
		Tool:      jsonTool{Name: "authdoctor", Version: r.Version},
		CheckedAt: timeOrNull(o.Now),
		Request: jsonRequest{
			Method:  o.Request.Method,
			URL:     authdoctor.RedactURL(o.Request.URL),
			Headers: requestFields(o.Request.Header),
		},
		Verdict:      newJSONVerdict(d),
		SinceLastOK:  scrubSince(r.SinceLastOK),
		Findings:     make([]jsonFinding, 0, len(d.Findings)),
		Checklist:    make([]jsonChecklist, 0, len(d.Checklist)),
		Credential:   newJSONCredential(d.Credential),
		Token:        newJSONTokenFacts(r),
		Issuer:       newJSONIssuer(o.Issuer),
		Exchanges:    []jsonExchange{},
		RequestsSent: o.RequestCount(),
		MaxRequests:  o.MaxRequests,
		Skipped:      make([]string, 0, len(o.Skipped)),
		Notes:        append([]string{}, scrubAll(o.Notes)...),
	}
	for _, f := range d.Findings {
		doc.Findings = append(doc.Findings, jsonFinding{
			ID:         f.ID,
			Cause:      f.Cause,
			Severity:   f.Severity.String(),
			Confidence: f.Confidence,
			Summary:    scrub(f.Summary),
			Evidence:   scrubAll(f.Evidence),
			Fix:        scrub(f.Fix),
			Doc:        findingDoc(f),
		})
	}
	doc.RequestsAPI, doc.RequestsIssuer = o.RequestsSent()
	for _, c := range d.Checklist {
		doc.Checklist = append(doc.Checklist, jsonChecklist{
			ID: c.ID, Label: c.Label, Status: c.Status, Detail: scrub(c.Detail),
		})
	}
	for i := range o.Probes {
		doc.Exchanges = append(doc.Exchanges, jsonExchanges(&o.Probes[i])...)
	}
	doc.Skipped = append(doc.Skipped, scrubAll(o.Skipped)...)
	return doc
}

// newJSONVerdict is the verdict of d with what decided it and what it
// ruled out.
func newJSONVerdict(d authdoctor.Diagnosis) jsonVerdict {
	v := jsonVerdict{
		Cause:      d.Verdict.Cause,
		Confidence: d.Verdict.Confidence,
		Summary:    scrub(d.Verdict.Summary),
		Fix:        scrub(d.Verdict.Fix),
		Finding:    d.Verdict.Finding,
		Doc:        d.Verdict.Cause.Doc(),
		DecidedBy:  jsonEvidences(d.DecidedBy),
		RuledOut:   make([]jsonRuledOut, 0, len(d.RuledOut)),
	}
	for _, ro := range d.RuledOut {
		v.RuledOut = append(v.RuledOut, jsonRuledOut{Cause: ro.Cause, Finding: ro.Finding, Because: scrub(ro.Because), Against: jsonEvidences(ro.Against)})
	}
	return v
}

// jsonEvidences converts evidence for the document; never nil.
func jsonEvidences(es []authdoctor.Evidence) []jsonEvidence {
	out := make([]jsonEvidence, 0, len(es))
	for _, e := range es {
		out = append(out, jsonEvidence{Cause: e.Cause, Against: e.Against, Strength: e.Strength.String(), Rule: e.Rule, Fact: scrub(e.Fact)})
	}
	return out
}

// findingDoc is the finding's documentation link, the cause's section when
// the finding names none.
func findingDoc(f authdoctor.Finding) string {
	if f.Doc != "" {
		return f.Doc
	}
	return f.Cause.Doc()
}

// scrubAll scrubs every string of ss into a new, non-nil slice.
func scrubAll(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, scrub(s))
	}
	return out
}

// timeOrNull is t in RFC 3339 UTC, or nil (null) when t is zero.
func timeOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := rfc3339(t)
	return &s
}

// ptrTimeOrNull is timeOrNull for an optional time.
func ptrTimeOrNull(t *time.Time) *string {
	if t == nil {
		return nil
	}
	return timeOrNull(*t)
}

// nonNil returns ss, or an empty slice when ss is nil, so that JSON shows [].
func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

// newJSONCredential converts c; nil stays nil (null).
func newJSONCredential(c *authdoctor.Credential) *jsonCredential {
	if c == nil {
		return nil
	}
	jc := &jsonCredential{
		Header:      c.Header,
		Scheme:      c.Scheme,
		Kind:        c.Use(),
		Format:      c.Kind,
		Length:      c.Length,
		Fingerprint: c.Fingerprint,
		Prefix:      c.Prefix,
		Vendor:      c.Vendor,
		Environment: c.Environment,
		BasicUser:   c.BasicUser,
	}
	if j := c.JWT; j != nil {
		jc.JWT = &jsonJWT{
			Alg:            j.Alg,
			Kid:            j.Kid,
			Typ:            j.Typ,
			Iss:            j.Iss,
			Aud:            nonNil(j.Aud),
			ClientID:       j.ClientID,
			Azp:            j.Azp,
			Scopes:         nonNil(j.Scopes),
			TokenUse:       j.TokenUse,
			Exp:            ptrTimeOrNull(j.Exp),
			ExpMillis:      j.ExpMillis,
			Nbf:            ptrTimeOrNull(j.Nbf),
			Iat:            ptrTimeOrNull(j.Iat),
			SubFingerprint: j.SubFingerprint,
			HasNonce:       j.HasNonce,
			HasAtHash:      j.HasAtHash,
		}
	}
	return jc
}

// jsonExchanges lists the hops of one probe. A probe without hops still
// gets one entry carrying the request it meant to send and its error; the
// probe's error goes on its last entry.
func jsonExchanges(p *authdoctor.Probe) []jsonExchange {
	var jerr *jsonError
	if p.Err != nil {
		jerr = &jsonError{Phase: p.Err.Phase, Message: scrub(p.Err.Message), Hint: scrub(p.Err.Hint)}
	}
	base := jsonExchange{
		Probe:      p.Role,
		Label:      scrub(p.Label),
		Hypothesis: p.Hypothesis,
	}
	if len(p.Hops) == 0 {
		e := base
		e.Hop = 1
		e.Method = probeMethod(p)
		e.URL = authdoctor.RedactURL(p.Request.URL)
		e.RequestHeaders = requestFields(p.Request.Header)
		e.ResponseHeaders = []field{}
		e.Error = jerr
		return []jsonExchange{e}
	}
	out := make([]jsonExchange, 0, len(p.Hops))
	for i := range p.Hops {
		h := &p.Hops[i]
		e := base
		e.Hop = i + 1
		e.Method = h.Method
		e.URL = authdoctor.RedactURL(h.URL)
		e.RequestHeaders = requestFields(h.RequestHeader)
		e.Status = h.Status
		e.Proto = h.Proto
		e.ResponseHeaders = responseFields(h.Header)
		e.Body, e.BodyTruncated = body(h.Body, h.BodyTruncated, jsonBodyLimit)
		e.ServerDate = timeOrNull(h.ServerDate)
		e.TimingMS = jsonTiming{
			DNS:       millis(h.Timing.DNS),
			Connect:   millis(h.Timing.Connect),
			TLS:       millis(h.Timing.TLS),
			FirstByte: millis(h.Timing.FirstByte),
			Total:     millis(h.Timing.Total),
		}
		if t := h.TLS; t != nil {
			e.TLS = &jsonTLS{
				Version:    t.Version,
				ServerName: t.ServerName,
				Subject:    t.Subject,
				Issuer:     t.Issuer,
				NotAfter:   timeOrNull(t.NotAfter),
			}
		}
		if rd := h.Redirect; rd != nil {
			keeps := make(map[string]bool, len(rd.Keeps))
			for c, k := range rd.Keeps {
				keeps[string(c)] = k
			}
			e.Redirect = &jsonRedirect{
				Location:      scrub(authdoctor.RedactURL(rd.Location)),
				Next:          scrub(authdoctor.RedactURL(rd.Next)),
				HostChanged:   rd.HostChanged,
				SchemeChanged: rd.SchemeChanged,
				PortChanged:   rd.PortChanged,
				Downgrade:     rd.Downgrade,
				MethodChanged: rd.MethodChanged,
				Keeps:         keeps,
				Forwarded:     rd.Forwarded,
			}
		}
		if i == len(p.Hops)-1 {
			e.Error = jerr
		}
		out = append(out, e)
	}
	return out
}

// jsonIssuer is what the token's issuer said; its requests are listed in
// exchanges with probe "issuer".
type jsonIssuer struct {
	Issuer        string                     `json:"issuer"`
	MetadataURL   string                     `json:"metadata_url"`
	Metadata      *authdoctor.IssuerMetadata `json:"metadata"`
	JWKSURL       string                     `json:"jwks_url"`
	Keys          []authdoctor.JWK           `json:"keys"`
	Verification  *authdoctor.Verification   `json:"verification"`
	Introspection *authdoctor.Introspection  `json:"introspection"`
	Problems      []string                   `json:"problems"`
}

func newJSONIssuer(r *authdoctor.IssuerReport) *jsonIssuer {
	if r == nil {
		return nil
	}
	j := &jsonIssuer{
		Issuer: scrub(r.Issuer), MetadataURL: authdoctor.RedactURL(r.MetadataURL), Metadata: r.Metadata,
		JWKSURL: authdoctor.RedactURL(r.JWKSURL), Keys: append([]authdoctor.JWK{}, r.Keys...),
		Verification: r.Verification, Introspection: r.Introspection, Problems: scrubAll(r.Problems),
	}
	if j.Problems == nil {
		j.Problems = []string{}
	}
	if r.JWKSURL != "" && !strings.Contains(r.JWKSURL, "://") {
		j.JWKSURL = r.JWKSURL // a local file
	}
	return j
}

// jsonTokenFacts is what a script needs of a token without parsing
// sentences: roles, scopes, audience, where the run's moment falls in its
// validity window, and the signature check.
type jsonTokenFacts struct {
	Roles       []string            `json:"roles"`
	ClientRoles map[string][]string `json:"client_roles"`
	Scopes      []string            `json:"scopes"`
	Audience    []string            `json:"audience"`
	Expiry      jsonExpiry          `json:"expiry"`
	Signature   jsonSignature       `json:"signature"`
}

type jsonExpiry struct {
	// Status is a credential.ExpiryStatus: valid, expired,
	// expired_within_leeway, not_yet_valid, no_exp, invalid_exp.
	Status string  `json:"status"`
	At     *string `json:"at"`
	// InSeconds is from the run's moment to exp (to nbf when not yet
	// valid), negative once passed, whole seconds; 0 without exp.
	InSeconds int64 `json:"in_seconds"`
}

type jsonSignature struct {
	// Status is verified, invalid, unverifiable or not_checked.
	Status string `json:"status"`
	// Key names what checked it: the kid, "shared secret", or "".
	Key string `json:"key"`
}

// defaultLeeway is the leeway a Run without one was judged with (check's
// DefaultLeeway).
const defaultLeeway = 60 * time.Second

// newJSONTokenFacts describes the run's JWT, nil when the credential is
// not a readable JWT. The expiry is judged at the run's moment with the
// run's leeway, as the checks judged it.
func newJSONTokenFacts(r authdoctor.Run) *jsonTokenFacts {
	c := r.Diagnosis.Credential
	if c == nil || c.JWT == nil {
		return nil
	}
	switch c.Use() {
	case "access_token", "id_token", "refresh_token":
	default:
		return nil // a JWE, whose claims cannot be read
	}
	j := c.JWT
	leeway := r.Leeway
	if leeway == 0 {
		leeway = defaultLeeway
	}
	e := j.ExpiryAt(r.Obs().Now, leeway)
	t := &jsonTokenFacts{
		Roles: nonNil(scrubAll(j.Roles)), ClientRoles: map[string][]string{},
		Scopes: nonNil(scrubAll(j.Scopes)), Audience: nonNil(scrubAll(j.Aud)),
		Expiry:    jsonExpiry{Status: string(e.Status), At: ptrTimeOrNull(e.At), InSeconds: int64(e.In / time.Second)},
		Signature: jsonSignature{Status: "not_checked"},
	}
	for k, v := range j.ClientRoles {
		t.ClientRoles[scrub(k)] = nonNil(scrubAll(v))
	}
	if is := r.Obs().Issuer; is != nil && is.Verification != nil {
		v := is.Verification
		switch v.Status {
		case authdoctor.Verified, authdoctor.Invalid:
			t.Signature.Status = v.Status
			t.Signature.Key = scrub(v.Kid)
			if strings.HasPrefix(strings.ToUpper(v.Alg), "HS") {
				t.Signature.Key = "shared secret"
			}
		default: // unverifiable, kid_unknown: no key could check it
			t.Signature.Status = authdoctor.Unverifiable
		}
	}
	return t
}

// scrubSince returns a copy of s with its text scrubbed.
func scrubSince(s *authdoctor.SinceLastOK) *authdoctor.SinceLastOK {
	if s == nil {
		return nil
	}
	c := *s
	c.At = c.At.UTC()
	c.Changes = make([]authdoctor.Change, len(s.Changes))
	for i, ch := range s.Changes {
		c.Changes[i] = authdoctor.Change{What: ch.What, Before: scrub(ch.Before), After: scrub(ch.After), Summary: scrub(ch.Summary)}
	}
	return &c
}

// writeDoc writes one JSON document, indented. The documents are read by
// people as often as by programs: <, > and & stay readable (the output is
// not embedded in HTML). what prefixes an error ("render json").
func writeDoc(w io.Writer, what string, doc any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
