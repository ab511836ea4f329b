package check

import (
	"encoding/json"
	"fmt"
	"maps"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
	"github.com/authdoctor/authdoctor/header"
)

// Input is what every check reads: the Observation and what can be derived
// from it once (parsed credentials, lint issues, challenges, error bodies).
type Input struct {
	Obs *authdoctor.Observation
	Opt Options
	// Creds are the credential-bearing fields of the request, in order.
	Creds []Cred
	// Baseline, Auth and Corrupted are the last probes of those roles, or nil.
	Baseline, Auth, Corrupted *authdoctor.Probe

	// Scrub removes the request's credentials (and credential-shaped
	// text) from what the checks quote of the answers.
	Scrub *authdoctor.Scrubber

	parsed map[*authdoctor.Exchange]*Response
	// looks caches Looks per probe: Differential and the checks compare
	// the same answers several times per run.
	looks map[*authdoctor.Probe]string
	// id is the id of the check running, for its confirmation probe.
	id string
}

// Cred is one credential-bearing field and what is known of it. It never
// leaves the package with its value: findings carry only the derived facts.
type Cred struct {
	Field authdoctor.Field
	// Info is the displayable description (kind, fingerprint, prefix, JWT claims).
	Info authdoctor.Credential
	// Issues are the lint issues of the value; NameIssues of the name.
	Issues     []header.Issue
	NameIssues []header.Issue
	// Authorization is true for the Authorization header.
	Authorization bool
	// Scheme is the scheme word of an Authorization value ("" when none).
	Scheme string
	// credentials is the part after the scheme: secret, never in output.
	credentials string
	// Vendor is the recognised vendor key, when HasVendor.
	Vendor    credential.Vendor
	HasVendor bool
}

// Response is a parsed response: its challenges and error body.
type Response struct {
	Challenges []header.Challenge
	// raw are the WWW-Authenticate values, scrubbed.
	raw []string
	// ChallengeErr is set when a challenge header did not parse cleanly.
	ChallengeErr error
	Body         ErrorBody
}

// NewInput derives the Input of o.
func NewInput(o *authdoctor.Observation, opt Options) *Input {
	if opt.Leeway == 0 {
		opt.Leeway = DefaultLeeway
	}
	in := &Input{Obs: o, Opt: opt, parsed: map[*authdoctor.Exchange]*Response{}, Scrub: authdoctor.ScrubberFor(o.Request).WithShapes()}
	in.Baseline = o.Probe(authdoctor.RoleBaseline)
	in.Auth = o.Probe(authdoctor.RoleAuthenticated)
	in.Corrupted = o.Probe(authdoctor.RoleCorrupted)
	for _, f := range o.Request.Header {
		if !f.Sensitive() {
			continue
		}
		c := Cred{Field: f, Authorization: strings.EqualFold(f.Name, "Authorization")}
		v := f.Value.Reveal()
		c.Info = credential.Inspect(f.Name, v)
		c.NameIssues = header.LintName(f.Name)
		if c.Authorization {
			c.Issues = header.LintAuthorization(v)
			if f.Added != "" && strings.HasPrefix(v, f.Added) {
				c.Issues = header.Shift(c.Issues, len(f.Added))
			}
			if s, cr, ok := header.Split(strings.TrimSpace(v)); ok {
				c.Scheme, c.credentials = s, cr
			} else if canon, known := header.KnownScheme(strings.TrimSpace(v)); known {
				c.Scheme = canon // "Bearer " with nothing after it
			} else {
				c.credentials = strings.TrimSpace(v)
			}
		} else {
			c.Issues = header.LintValue(v)
			c.credentials = strings.TrimSpace(v)
			if strings.EqualFold(f.Name, "Cookie") {
				c.Issues = cookieIssues(c.Issues)
			}
		}
		c.Vendor, c.HasVendor = credential.Recognise(strings.Trim(c.credentials, "\"' \t\r\n"))
		in.Creds = append(in.Creds, c)
	}
	return in
}

// Primary is the credential the verdict is about: the Authorization header
// when there is one, else the first credential-bearing field; nil if none.
func (in *Input) Primary() *Cred {
	for i := range in.Creds {
		if in.Creds[i].Authorization {
			return &in.Creds[i]
		}
	}
	if len(in.Creds) > 0 {
		return &in.Creds[0]
	}
	return nil
}

// HasIssue reports whether c has a lint issue with one of the codes.
func (c *Cred) HasIssue(codes ...header.Code) (header.Issue, bool) {
	for _, is := range c.Issues {
		for _, code := range codes {
			if is.Code == code {
				return is, true
			}
		}
	}
	return header.Issue{}, false
}

// Label names the credential for evidence: "Authorization (Bearer)" or
// "X-API-Key".
func (c *Cred) Label() string {
	if c.Scheme != "" {
		return c.Name() + " (" + c.Scheme + ")"
	}
	return c.Name()
}

// Name is the header name for output; a name with characters a header
// name may not hold is not shown, since it may be a pasted header line
// carrying the credential.
func (c *Cred) Name() string {
	if n := safeName(c.Field.Name); strings.HasPrefix(n, "\"") {
		return c.Field.Name
	}
	return "(malformed header name)"
}

// Final is the final exchange of the authenticated probe, or nil.
func (in *Input) Final() *authdoctor.Exchange {
	if in.Auth == nil {
		return nil
	}
	return in.Auth.Final()
}

// Status is the final status of the authenticated probe, 0 when none.
func (in *Input) Status() int {
	if f := in.Final(); f != nil {
		return f.Status
	}
	return 0
}

// Accepted reports whether the authenticated request got a 2xx.
func (in *Input) Accepted() bool { s := in.Status(); return s >= 200 && s < 300 }

// Failed reports whether the authenticated request did not succeed:
// no response, or a status of 400 or more.
func (in *Input) Failed() bool { s := in.Status(); return s == 0 || s >= 400 }

// Parse returns the parsed form of e (cached).
func (in *Input) Parse(e *authdoctor.Exchange) *Response {
	if e == nil {
		return &Response{}
	}
	if r, ok := in.parsed[e]; ok {
		return r
	}
	r := &Response{}
	r.raw = in.Scrub.Strings(slices.Clone(e.Header.Values("WWW-Authenticate")))
	r.Challenges, r.ChallengeErr = header.ParseChallenges(r.raw)
	r.Body = ParseBody(e.Header.Get("Content-Type"), in.Scrub.Bytes(e.Body, e.BodyTruncated))
	in.parsed[e] = r
	return r
}

// BearerError is the RFC 6750 error code of the first challenge carrying
// one ("invalid_token", "insufficient_scope", "invalid_request"), and its
// description.
func (r *Response) BearerError() (code, description string) {
	for _, c := range r.Challenges {
		if e, ok := c.Param("error"); ok {
			d, _ := c.Param("error_description")
			return e, d
		}
	}
	// A challenge that did not parse cleanly may still carry the code.
	for _, v := range r.raw {
		if m := rawBearerError.FindStringSubmatch(v); m != nil {
			d := ""
			if dm := rawBearerDescription.FindStringSubmatch(v); dm != nil {
				d = dm[1]
			}
			return m[1], d
		}
	}
	return "", ""
}

// ErrorBody is what authdoctor understands of an error response body:
// RFC 9457 problem details, the common JSON error shapes, or text.
type ErrorBody struct {
	// Message joins the human-readable fields (error_description, message,
	// detail, title, errors[].message), scrubbed of credential-like values.
	Message string
	// Codes are machine-readable fields (error, code, type, reason, status text).
	Codes []string
	JSON  bool
	HTML  bool
	// Problem is true for application/problem+json (RFC 9457).
	Problem bool
	// GraphQL holds the errors[] of a 2xx GraphQL answer.
	GraphQL []string
	// Text is the lower-cased, scrubbed body (at most 4 KiB) for phrase search.
	Text string
}

var messageKeys = []string{"error_description", "message", "detail", "title", "error_message", "errorMessage", "msg", "description"}

// codeKeys name machine-readable fields; ".tag" is the variant name of a
// Dropbox-style tagged union ({"error": {".tag": "expired_access_token"}}).
var codeKeys = []string{"error", "code", "type", "reason", "status", "errorCode", "error_code", ".tag"}

// ParseBody reads an error body. It never fails: what it cannot read it
// leaves empty.
func ParseBody(contentType string, body []byte) ErrorBody {
	var eb ErrorBody
	mt, _, _ := mime.ParseMediaType(contentType)
	text := string(body)
	if len(text) > 4096 {
		text = text[:4096]
	}
	eb.Text = strings.ToLower(authdoctor.ScrubText(text))
	eb.HTML = mt == "text/html" || strings.HasPrefix(strings.TrimSpace(eb.Text), "<!doctype html") || strings.HasPrefix(strings.TrimSpace(eb.Text), "<html")
	eb.Problem = mt == "application/problem+json"
	var v any
	if json.Unmarshal(body, &v) != nil {
		if !eb.HTML {
			eb.Message = oneLine(authdoctor.ScrubText(strings.TrimSpace(text)))
		}
		// The XML error documents of S3, GCS and Azure Storage carry their
		// machine code in <Code> (SignatureDoesNotMatch, RequestTimeTooSkewed).
		for _, m := range xmlCode.FindAllStringSubmatch(text, 4) {
			eb.Codes = append(eb.Codes, authdoctor.ScrubText(m[1]))
		}
		return eb
	}
	eb.JSON = true
	var msgs []string
	walkJSON(v, 0, func(k string, s string) {
		for _, mk := range messageKeys {
			if strings.EqualFold(k, mk) && s != "" {
				msgs = append(msgs, s)
				return
			}
		}
		for _, ck := range codeKeys {
			if strings.EqualFold(k, ck) && s != "" {
				if len(s) > 60 && strings.Contains(s, " ") {
					msgs = append(msgs, s) // {"error": "a sentence"}
				} else {
					eb.Codes = append(eb.Codes, s)
				}
				return
			}
		}
	})
	if m, ok := v.(map[string]any); ok {
		if errs, ok := m["errors"].([]any); ok {
			for _, e := range errs {
				if em, ok := e.(map[string]any); ok {
					if s, ok := em["message"].(string); ok {
						eb.GraphQL = append(eb.GraphQL, s)
					}
					if ext, ok := em["extensions"].(map[string]any); ok {
						if c, ok := ext["code"].(string); ok {
							eb.Codes = append(eb.Codes, c)
						}
					}
					if t, ok := em["type"].(string); ok {
						eb.Codes = append(eb.Codes, t)
					}
				}
			}
		}
	}
	eb.Message = oneLine(authdoctor.ScrubText(strings.Join(dedupe(msgs), "; ")))
	for i, c := range eb.Codes {
		eb.Codes[i] = authdoctor.ScrubText(c)
	}
	return eb
}

// walkJSON calls fn for every string (or number, as text) value with its
// key, to a bounded depth.
func walkJSON(v any, depth int, fn func(k, s string)) {
	if depth > 6 {
		return
	}
	switch t := v.(type) {
	case map[string]any:
		// By key, not in map order: the message joined from several keys
		// reads the same in every run.
		for _, k := range slices.Sorted(maps.Keys(t)) {
			x := t[k]
			switch s := x.(type) {
			case string:
				fn(k, s)
			case float64:
				fn(k, fmt.Sprint(s))
			default:
				walkJSON(x, depth+1, fn)
			}
		}
	case []any:
		for _, x := range t {
			walkJSON(x, depth+1, fn)
		}
	}
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	// map iteration order is random; keep output deterministic
	sort.Strings(out)
	return out
}

var spaces = regexp.MustCompile(`\s+`)

// xmlCode reads the <Code> element of an XML error document.
var xmlCode = regexp.MustCompile(`<Code>([A-Za-z0-9_.-]{1,64})</Code>`)

// oneLine collapses whitespace and cuts s to 200 bytes.
func oneLine(s string) string {
	s = strings.TrimSpace(spaces.ReplaceAllString(s, " "))
	if len(s) > 200 {
		cut := 200
		for cut > 0 && !utf8Start(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// Has reports whether the body text contains any of the phrases
// (lower-case) as whole words: "id_token" does not match inside
// "invalid_token", nor "id token" inside "invalid token".
func (b ErrorBody) Has(phrases ...string) (string, bool) {
	for _, p := range phrases {
		if containsWord(b.Text, p) {
			return p, true
		}
	}
	return "", false
}

// containsWord reports whether phrase occurs in text with no letter, digit
// or underscore directly before or after it.
func containsWord(text, phrase string) bool {
	if phrase == "" {
		return false
	}
	for i := 0; ; {
		j := strings.Index(text[i:], phrase)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(phrase)
		if (start == 0 || !wordByte(text[start-1])) && (end == len(text) || !wordByte(text[end])) {
			return true
		}
		i = start + 1
	}
}

func wordByte(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// Said reports whether the final answer's body or its WWW-Authenticate
// error_description contains one of the phrases as whole words.
func (in *Input) Said(phrases ...string) (string, bool) {
	r := in.Parse(in.Final())
	if p, ok := r.Body.Has(phrases...); ok {
		return p, true
	}
	_, d := r.BearerError()
	return ErrorBody{Text: strings.ToLower(d)}.Has(phrases...)
}

// HasCode reports whether a machine-readable code equals one of codes
// (case-insensitive).
func (b ErrorBody) HasCode(codes ...string) bool {
	for _, c := range b.Codes {
		for _, want := range codes {
			if strings.EqualFold(c, want) {
				return true
			}
		}
	}
	return false
}

// Describe is a one-line description of an exchange for evidence:
// "GET http://host/path → 401 Unauthorized".
func Describe(p *authdoctor.Probe) string {
	if p == nil {
		return ""
	}
	f := p.Final()
	if f == nil {
		if p.Err != nil {
			return fmt.Sprintf("%s request: no response (%s)", p.Role, p.Err.Message)
		}
		return fmt.Sprintf("%s request: not sent", p.Role)
	}
	return fmt.Sprintf("%s request: %s %s → %s", p.Role, f.Method, authdoctor.RedactURL(f.URL), StatusLine(f.Status))
}

// StatusLine is "401 Unauthorized".
func StatusLine(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprint(code)
}

// challengeLines renders the WWW-Authenticate values of e for evidence.
func (in *Input) challengeLines(e *authdoctor.Exchange) []string {
	if e == nil {
		return nil
	}
	var out []string
	for _, v := range e.Header.Values("WWW-Authenticate") {
		out = append(out, "WWW-Authenticate: "+oneLine(in.Scrub.String(v)))
	}
	return out
}

// Looks summarises a response for comparison: status, challenges, content
// type and the error message with digits removed (request ids and
// timestamps differ between otherwise identical answers).
func (in *Input) Looks(p *authdoctor.Probe) string {
	if p == nil {
		return ""
	}
	f := p.Final()
	if f == nil {
		if p.Err != nil {
			return "error:" + p.Err.Phase
		}
		return ""
	}
	if l, ok := in.looks[p]; ok {
		return l
	}
	r := in.Parse(f)
	mt, _, _ := mime.ParseMediaType(f.Header.Get("Content-Type"))
	var chs []string
	for _, v := range f.Header.Values("WWW-Authenticate") {
		// A Digest challenge carries a fresh nonce each time: numbers and
		// hex runs are not what makes two answers differ.
		chs = append(chs, hexRuns(strings.ToLower(strings.TrimSpace(v))))
	}
	msg := r.Body.Message
	if msg == "" {
		msg = r.Body.Text
		if len(msg) > 512 {
			msg = msg[:512]
		}
	}
	msg = hexRuns(strings.ToLower(msg))
	l := fmt.Sprintf("%d|%s|%s|%s", f.Status, strings.Join(chs, ","), mt, msg)
	if in.looks == nil {
		in.looks = map[*authdoctor.Probe]string{}
	}
	in.looks[p] = l
	return l
}

// rawBearerError and rawBearerDescription read RFC 6750 parameters out of
// a challenge the parser could not read whole.
var (
	rawBearerError       = regexp.MustCompile(`(?i)\berror="?(invalid_token|invalid_request|insufficient_scope)"?`)
	rawBearerDescription = regexp.MustCompile(`(?i)\berror_description="([^"]*)"`)
)

// hexRuns replaces each run of [0-9a-f] that holds a digit with "#" —
// what regexp `[0-9a-f]*[0-9][0-9a-f]*` and ReplaceAllString(s, "#") do,
// without the regexp machinery, which was a tenth of a watch check's CPU
// (docs/performance.md, "watch"). Runs of letters alone ("deadbeef" is
// one, "face" too) stay: they are words as often as ids.
func hexRuns(s string) string {
	var b strings.Builder
	last := 0 // s[last:] is not yet copied
	for i := 0; i < len(s); {
		if !isLowerHex(s[i]) {
			i++
			continue
		}
		j, digit := i, false
		for ; j < len(s) && isLowerHex(s[j]); j++ {
			digit = digit || s[j] <= '9'
		}
		if digit {
			if b.Len() == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[last:i])
			b.WriteByte('#')
			last = j
		}
		i = j
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isLowerHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' }

// SameAs reports whether two probes got answers that look the same.
func (in *Input) SameAs(a, b *authdoctor.Probe) bool {
	if a == nil || b == nil {
		return false
	}
	la, lb := in.Looks(a), in.Looks(b)
	return la != "" && la == lb
}

// cookieIssues keeps the lint issues that apply to a Cookie header: its
// value is a list of name=value pairs separated by "; ", so spaces and
// quotes are part of the syntax (RFC 6265 §4.2.1).
func cookieIssues(is []header.Issue) []header.Issue {
	var out []header.Issue
	for _, i := range is {
		if i.Code == header.CodeCtlByte || i.Code == header.CodeLookalike {
			out = append(out, i)
		}
	}
	return out
}
