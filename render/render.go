package render

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/authdoctor/authdoctor"
)

// Schema names the version of the JSON document JSON writes. It changes
// only when a field changes meaning or disappears; new fields keep it.
//
// v2 (authdoctor 0.3): the verdict is chosen by weighing evidence, and
// carries decided_by and ruled_out; requests_to_api and
// requests_to_issuer count the requests apart.
//
// v3: credential.kind is what the credential is for (access_token,
// id_token, refresh_token, api_key, basic, opaque, placeholder, jwe,
// malformed); its shape moved to credential.format; token holds roles,
// scopes, audience, expiry and signature.
const Schema = "authdoctor.check/v3"

// Options change the text output only; JSON and Markdown ignore them. The
// zero value is plain text without colour and without per-hop details.
type Options struct {
	// Color adds ANSI colour. The CLI decides: on a terminal, and never
	// with NO_COLOR set or TERM=dumb.
	Color bool
	// Verbose adds the request and response headers, TLS, timing and a
	// body excerpt of every hop.
	Verbose bool
}

// scrub removes credential-shaped text from strings that came from
// outside: response headers and bodies, error messages, and free text a
// check may have quoted from them. It is the one name for the scrubber in
// this package.
var scrub = authdoctor.ScrubText

// Limits of what is shown of a response body.
const (
	// jsonBodyLimit is the most bytes of a body JSON and markdown carry:
	// enough for any error document, small enough to paste.
	jsonBodyLimit = 4096
	// textBodyLimit is the most bytes of a body verbose text shows.
	textBodyLimit = 1024
	// textBodyLines is the most lines of a body verbose text shows.
	textBodyLines = 20
	// truncatedMark ends a body that was cut, here or by the prober.
	truncatedMark = "…(truncated)"
)

// formatDuration rounds d for people: "0ms" below a millisecond,
// milliseconds below ten seconds, seconds with one decimal above.
func formatDuration(d time.Duration) string {
	if d < time.Millisecond {
		return "0ms"
	}
	if ms := d.Round(time.Millisecond); ms < 10*time.Second {
		return strconv.FormatInt(int64(ms/time.Millisecond), 10) + "ms"
	}
	return strconv.FormatFloat(d.Round(100*time.Millisecond).Seconds(), 'f', 1, 64) + "s"
}

// millis is d in milliseconds rounded to one decimal, for JSON.
func millis(d time.Duration) float64 {
	tenths := d.Round(100*time.Microsecond).Microseconds() / 100
	return float64(tenths) / 10
}

// statusText is a status code followed by its reason phrase, so people who
// do not know the codes can read it: "401 Unauthorized".
func statusText(code int) string {
	if code == 0 {
		return "no response"
	}
	t := http.StatusText(code)
	if t == "" {
		t = "Unknown Status"
	}
	return strconv.Itoa(code) + " " + t
}

// title is the cause's title with a capital first letter, for headings.
func title(c authdoctor.Cause) string {
	if c == authdoctor.CauseAccepted {
		return "Accepted"
	}
	t := strings.ReplaceAll(string(c), "_", " ")
	if ci, ok := c.Info(); ok {
		t = ci.Title
	}
	if t == "" {
		return "Unknown cause"
	}
	r, n := utf8.DecodeRuneInString(t)
	return string(unicode.ToUpper(r)) + t[n:]
}

// rfc3339 formats t in UTC, the one time format of every output.
func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// relative says how far t is from now in one unit, "2h ago" or "in 5m".
// It returns "" when now is unknown.
func relative(t, now time.Time) string {
	if now.IsZero() {
		return ""
	}
	d := now.Sub(t)
	past := d > 0
	if d < 0 {
		d = -d
	}
	var s string
	switch {
	case d < time.Second:
		return "now"
	case d < time.Minute:
		s = strconv.Itoa(int(d/time.Second)) + "s"
	case d < time.Hour:
		s = strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 48*time.Hour:
		s = strconv.Itoa(int(d/time.Hour)) + "h"
	default:
		s = strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	if past {
		return s + " ago"
	}
	return "in " + s
}

// when formats a time with its distance from now: "2026-05-01T10:00:00Z
// (2h ago)".
func when(t, now time.Time) string {
	s := rfc3339(t)
	if r := relative(t, now); r != "" {
		s += " (" + r + ")"
	}
	return s
}

// field is a header line as shown: a name and a value that is safe to show.
type field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// requestFields shows request fields in the order sent; credential values
// appear only in their redacted Display form.
func requestFields(fs []authdoctor.Field) []field {
	out := make([]field, 0, len(fs))
	for _, f := range fs {
		out = append(out, field{Name: f.Name, Value: scrub(f.Display())})
	}
	return out
}

// responseFields shows a response header sorted by name, values of one name
// in the order received. Sensitive headers (Set-Cookie) are replaced by
// [redacted]; URLs lose their credentials; the rest is scrubbed.
func responseFields(h http.Header) []field {
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	slices.SortFunc(names, cmpFold)
	out := make([]field, 0, len(names))
	for _, n := range names {
		for _, v := range h[n] {
			out = append(out, field{Name: headerName(n), Value: responseValue(n, v)})
		}
	}
	return out
}

// spelled are header names whose usual spelling differs from Go's
// canonical form (net/http turns WWW-Authenticate into Www-Authenticate).
var spelled = map[string]string{
	"Www-Authenticate":              "WWW-Authenticate",
	"X-Oauth-Scopes":                "X-OAuth-Scopes",
	"X-Accepted-Oauth-Scopes":       "X-Accepted-OAuth-Scopes",
	"X-Accepted-Github-Permissions": "X-Accepted-GitHub-Permissions",
	"X-Github-Sso":                  "X-GitHub-SSO",
	"X-Github-Request-Id":           "X-GitHub-Request-Id",
	"Etag":                          "ETag",
}

// headerName is name as people usually write it.
func headerName(name string) string {
	if s, ok := spelled[name]; ok {
		return s
	}
	return name
}

// cmpFold orders header names case-insensitively, then byte-wise so the
// order is total.
func cmpFold(a, b string) int {
	if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// responseValue is one response header value as it may be shown.
func responseValue(name, v string) string {
	if authdoctor.SensitiveHeader(name) {
		return authdoctor.Redacted
	}
	if isURLHeader(name) {
		return scrub(authdoctor.RedactURL(v))
	}
	return scrub(v)
}

// isURLHeader reports whether a response header holds a URL that may carry
// a credential in its query (a pre-signed redirect target).
func isURLHeader(name string) bool {
	return strings.EqualFold(name, "Location") || strings.EqualFold(name, "Content-Location")
}

// keyHeaders are the response headers plain text always shows: the
// evidence people need to see without asking for more.
var keyHeaders = []string{
	"WWW-Authenticate",
	"Proxy-Authenticate",
	"Retry-After",
	"Location",
	"X-OAuth-Scopes",
	"X-Accepted-OAuth-Scopes",
}

// isKeyHeader reports whether name is one of keyHeaders.
func isKeyHeader(name string) bool {
	for _, k := range keyHeaders {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// body returns the scrubbed start of a response body, at most limit bytes
// cut at a UTF-8 boundary, and whether it was cut here or by the prober;
// a cut body ends in truncatedMark. Scrubbing comes first so that a cut
// never leaves the start of a credential the scrubber would have known.
func body(b []byte, proberCut bool, limit int) (string, bool) {
	if len(b) == 0 && !proberCut {
		return "", false
	}
	s := strings.ToValidUTF8(scrub(string(b)), "\uFFFD")
	cut := proberCut
	if len(s) > limit {
		s = cutUTF8(s, limit)
		cut = true
	}
	if cut {
		s += truncatedMark
	}
	return s, cut
}

// cutUTF8 returns the longest prefix of valid UTF-8 s no longer than n bytes.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// probeMethod is the method a probe was asked to send; GET when unset, as
// in net/http.
func probeMethod(p *authdoctor.Probe) string {
	if p.Request.Method == "" {
		return http.MethodGet
	}
	return p.Request.Method
}

// redirectChanges lists what a redirect changed, in plain words.
func redirectChanges(r *authdoctor.Redirect) []string { return r.Changes() }

// redirectNote says in one line what happened at a redirect hop: what
// changed and whether the credential went on.
func redirectNote(e *authdoctor.Exchange) string {
	r := e.Redirect
	changes := redirectChanges(r)
	s := "redirect: "
	if len(changes) == 0 {
		s += "same origin"
	} else {
		s += strings.Join(changes, ", ")
	}
	if e.SentCredential() {
		if r.Forwarded {
			s += "; credentials forwarded"
		} else {
			s += "; credentials dropped"
		}
	}
	return s
}

// clientKeeps says for each modelled client, sorted by name, whether it
// keeps the Authorization header on the redirect.
func clientKeeps(r *authdoctor.Redirect) string {
	clients := make([]string, 0, len(r.Keeps))
	for c := range r.Keeps {
		clients = append(clients, string(c))
	}
	slices.Sort(clients)
	parts := make([]string, 0, len(clients))
	for _, c := range clients {
		verb := "drops"
		if r.Keeps[authdoctor.Client(c)] {
			verb = "keeps"
		}
		parts = append(parts, c+" "+verb)
	}
	return "Authorization on redirect: " + strings.Join(parts, ", ")
}

// credentialParts describes a credential in short pieces for one line:
// where it went, its kind, size, fingerprint, what it says of itself and,
// for a JWT, issuer, audience and expiry.
func credentialParts(c *authdoctor.Credential, now time.Time) []string {
	head := c.Header + ":"
	if c.Scheme != "" {
		head += " " + c.Scheme
	}
	parts := []string{head}
	if c.Kind != "" {
		parts = append(parts, c.Kind)
	}
	parts = append(parts, fmt.Sprintf("%d bytes", c.Length))
	if c.Fingerprint != "" {
		parts = append(parts, "sha256 "+c.Fingerprint)
	}
	if c.Prefix != "" {
		parts = append(parts, "prefix "+c.Prefix)
	}
	if c.Vendor != "" {
		parts = append(parts, c.Vendor)
	}
	if c.Environment != "" {
		parts = append(parts, "env "+c.Environment)
	}
	if c.BasicUser != "" {
		parts = append(parts, "user "+c.BasicUser)
	}
	if j := c.JWT; j != nil {
		if j.Iss != "" {
			parts = append(parts, "iss "+j.Iss)
		}
		if len(j.Aud) > 0 {
			parts = append(parts, "aud "+strings.Join(j.Aud, ","))
		}
		if j.Exp != nil {
			verb := "expires "
			if !now.IsZero() && !j.Exp.After(now) {
				verb = "expired "
			}
			parts = append(parts, verb+when(*j.Exp, now))
		}
	}
	return parts
}

// jwtParts describes the rest of a JWT: header, client, scopes, the other
// times and the markers that tell an ID token.
func jwtParts(j *authdoctor.JWT, now time.Time) []string {
	var parts []string
	add := func(label, v string) {
		if v != "" {
			parts = append(parts, label+" "+v)
		}
	}
	add("alg", j.Alg)
	add("kid", j.Kid)
	add("typ", j.Typ)
	add("client_id", j.ClientID)
	add("azp", j.Azp)
	add("token_use", j.TokenUse)
	if len(j.Scopes) > 0 {
		add("scopes", strings.Join(j.Scopes, " "))
	}
	if len(j.Roles) > 0 {
		add("roles", strings.Join(j.Roles, " "))
	}
	for _, client := range slices.Sorted(maps.Keys(j.ClientRoles)) {
		add("roles of "+client, strings.Join(j.ClientRoles[client], " "))
	}
	if j.Nbf != nil {
		add("not before", when(*j.Nbf, now))
	}
	if j.Iat != nil {
		add("issued", when(*j.Iat, now))
	}
	add("sub sha256", j.SubFingerprint)
	if j.ExpMillis {
		parts = append(parts, "exp looks like milliseconds")
	}
	var markers []string
	if j.HasNonce {
		markers = append(markers, "nonce")
	}
	if j.HasAtHash {
		markers = append(markers, "at_hash")
	}
	if len(markers) > 0 {
		parts = append(parts, "has "+strings.Join(markers, ", "))
	}
	return parts
}

// oneLine makes s safe to print on one terminal line: line breaks and tabs
// become spaces and other control or bidirectional-override characters are
// escaped, so a hostile server cannot move the cursor, clear the screen or
// reorder what the reader sees.
func oneLine(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case unsafeRune(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPlain reports whether s is printable ASCII only, the common case that
// needs no work.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// unsafeRune reports whether r must not reach a terminal as it is: control
// characters (C0, DEL, C1) and the bidirectional marks, overrides and
// isolates.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f:
		return true
	}
	return false
}

// requestsHeading says how many requests a run sent, the API's apart from
// the issuer's: "1 of 6", or "4: 2 of 6 to the API, 2 to the token's
// issuer" (the budget covers the API only).
func requestsHeading(o *authdoctor.Observation) string {
	api, iss := o.RequestsSent()
	of := strconv.Itoa(api)
	if o.MaxRequests > 0 {
		of += " of " + strconv.Itoa(o.MaxRequests)
	}
	if iss == 0 {
		return of
	}
	return strconv.Itoa(api+iss) + ": " + of + " to the API, " + strconv.Itoa(iss) + " to the token's issuer"
}
