package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor"
)

// CaptureSchema names the version of the JSON lines CaptureJSON writes.
const CaptureSchema = "authdoctor.capture/v1"

// CaptureEntry is one exchange the capture proxy passed on, ready to show.
// The proxy redacted every value in it; the renderers scrub free text once
// more and never reveal anything.
type CaptureEntry struct {
	// Sent is when the application's request arrived; text shows its
	// clock time in Sent's location, JSON the instant in UTC.
	Sent   time.Time
	Method string
	// URL is the upstream URL, credentials already redacted.
	URL string
	// Status is 0 when the upstream gave no response.
	Status int
	// FirstByte is the time to the upstream's response headers, Total to
	// the end of the response body.
	FirstByte, Total time.Duration
	// Credentials are the credential-bearing request headers in their
	// displayed form ("Bearer [redacted len=812 sha256=1a2b3c4d]").
	Credentials []CaptureHeader
	// Diagnosis is set for a 401 or 403.
	Diagnosis *authdoctor.Diagnosis
	// Error says why no response came, or why it broke off.
	Error string
}

// CaptureHeader is one request header as it may be shown.
type CaptureHeader struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// captureNote is what every verdict of capture carries: it is made from
// the application's own exchange, with nothing sent to compare.
const captureNote = "passive: no baseline was sent"

// CaptureText writes e as one line — time, method, path, status, time
// taken and the credential headers — and for a diagnosed exchange the
// verdict on the same line and its fix on a second, indented one:
//
//	12:00:01 GET /v1/orders → 401 (34ms) Authorization: Bearer [redacted len=812 sha256=1a2b3c4d] — token_expired (likely): The token expired 2h ago (at …).
//	         fix: Get a new token (refresh it or log in again) … (passive: no baseline was sent)
func CaptureText(w io.Writer, e CaptureEntry, o Options) error {
	t := &textWriter{color: o.Color}
	stamp := e.Sent.Format("15:04:05")
	var b strings.Builder
	b.WriteString(t.paint(styleDim, stamp))
	b.WriteString(" " + oneLine(e.Method) + " " + oneLine(capturePath(e.URL)) + " " + symNextHop + " ")
	if e.Status == 0 {
		b.WriteString(t.paint(styleRed, "no response"))
	} else {
		b.WriteString(t.paint(statusStyle(e.Status), fmt.Sprint(e.Status)))
	}
	b.WriteString(" (" + formatDuration(e.Total) + ")")
	for _, c := range e.Credentials {
		b.WriteString(" " + clean(c.Name) + ": " + clean(c.Value))
	}
	if e.Error != "" {
		b.WriteString(" — " + t.paint(styleRed, clean(e.Error)))
	}
	if d := e.Diagnosis; d != nil {
		v := d.Verdict
		in := ""
		if v.Confidence != "" {
			in = " (" + string(v.Confidence) + ")"
		}
		b.WriteString(" — " + t.paint(styleBold+";"+styleRed, oneLine(string(v.Cause)+in)) + ": " + clean(v.Summary))
	}
	t.line(b.String())
	if d := e.Diagnosis; d != nil {
		indent := strings.Repeat(" ", len(stamp)+1)
		fix := clean(d.Verdict.Fix)
		if fix != "" {
			fix += " "
		}
		t.line(indent, "fix: ", fix, t.paint(styleDim, "("+captureNote+")"))
	}
	if _, err := io.WriteString(w, t.b.String()); err != nil {
		return fmt.Errorf("render capture text: %w", err)
	}
	return nil
}

// capturePath is the path and query of a URL, which is all that changes
// from one exchange to the next; the URL itself when it does not parse.
func capturePath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	return u.RequestURI()
}

// captureDoc is one JSON line. Every key is always present.
type captureDoc struct {
	Schema       string          `json:"schema"`
	Time         *string         `json:"time"`
	Method       string          `json:"method"`
	URL          string          `json:"url"`
	Status       int             `json:"status"`
	TimingMS     captureTiming   `json:"timing_ms"`
	Credentials  []CaptureHeader `json:"credentials"`
	Error        string          `json:"error"`
	BaselineSent bool            `json:"baseline_sent"`
	Verdict      *jsonVerdict    `json:"verdict"`
	Findings     []jsonFinding   `json:"findings"`
	Credential   *jsonCredential `json:"credential"`
}

type captureTiming struct {
	FirstByte float64 `json:"first_byte"`
	Total     float64 `json:"total"`
}

// CaptureJSON writes e as one line of JSON (JSON Lines) with the schema
// CaptureSchema: the exchange, and for a 401 or 403 the verdict, the
// findings and the credential's description. baseline_sent is always
// false: capture sends nothing of its own.
func CaptureJSON(w io.Writer, e CaptureEntry) error {
	doc := captureDoc{
		Schema:      CaptureSchema,
		Time:        timeOrNull(e.Sent),
		Method:      e.Method,
		URL:         scrub(authdoctor.RedactURL(e.URL)),
		Status:      e.Status,
		TimingMS:    captureTiming{FirstByte: millis(e.FirstByte), Total: millis(e.Total)},
		Credentials: make([]CaptureHeader, 0, len(e.Credentials)),
		Error:       scrub(e.Error),
		Findings:    []jsonFinding{},
	}
	for _, c := range e.Credentials {
		doc.Credentials = append(doc.Credentials, CaptureHeader{Name: c.Name, Value: scrub(c.Value)})
	}
	if d := e.Diagnosis; d != nil {
		v := newJSONVerdict(*d)
		doc.Verdict = &v
		for _, f := range d.Findings {
			doc.Findings = append(doc.Findings, jsonFinding{
				ID: f.ID, Cause: f.Cause, Severity: f.Severity.String(), Confidence: f.Confidence,
				Summary: scrub(f.Summary), Evidence: scrubAll(f.Evidence), Fix: scrub(f.Fix), Doc: findingDoc(f),
			})
		}
		doc.Credential = newJSONCredential(d.Credential)
		if doc.Credential != nil {
			// authdoctor.capture/v1 keeps kind as the credential's shape.
			doc.Credential.Kind = d.Credential.Kind
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("render capture json: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("render capture json: %w", err)
	}
	return nil
}
