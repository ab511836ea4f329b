package check_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
)

// now is the fixed local clock of every recorded observation.
var now = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// apiURL is the URL the recorded requests go to.
const apiURL = "https://api.example.com/v1/things"

// Alphabets for generated test keys. Keys are built at run time from a
// prefix and generated characters, so no realistic key literal sits in the
// source for secret scanners to flag.
const (
	alnum  = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b64url = alnum + "-_"
)

// fill returns n characters of alphabet in a fixed, scattered order; salt
// varies the sequence.
func fill(alphabet string, n, salt int) string {
	var b strings.Builder
	for i := range n {
		b.WriteByte(alphabet[(i*7+salt*13+i*i*3)%len(alphabet)])
	}
	return b.String()
}

// opaque is an opaque bearer token of 40 characters.
func opaque(salt int) string { return "tok" + fill(alnum, 37, salt) }

// b64u is unpadded base64url (RFC 7515 §2).
func b64u(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// b64 is padded standard base64, as Basic uses (RFC 7617 §2).
func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// jwtHeader is the JOSE header of the tokens built by makeJWT.
var jwtHeader = map[string]any{"alg": "RS256", "typ": "JWT", "kid": "test-key-1"}

// makeJWT builds a compact JWS from claims with a dummy signature; nothing
// here verifies it.
func makeJWT(claims map[string]any) string { return makeJWTHeader(jwtHeader, claims) }

func makeJWTHeader(header, claims map[string]any) string {
	h, err := json.Marshal(header)
	if err != nil {
		panic(err)
	}
	c, err := json.Marshal(claims)
	if err != nil {
		panic(err)
	}
	return b64u(string(h)) + "." + b64u(string(c)) + "." + fill(b64url, 43, 5)
}

// claims returns the usual access-token claims with exp and iat relative to
// now; extra claims are added or replace those.
func claims(exp time.Duration, extra ...any) map[string]any {
	c := map[string]any{
		"iss":   "https://issuer.example.com/",
		"sub":   "user-1234",
		"aud":   "https://api.example.com",
		"scope": "things:read",
		"iat":   now.Add(exp - time.Hour).Unix(),
		"exp":   now.Add(exp).Unix(),
	}
	for i := 0; i+1 < len(extra); i += 2 {
		k := extra[i].(string)
		if extra[i+1] == nil {
			delete(c, k)
			continue
		}
		c[k] = extra[i+1]
	}
	return c
}

// fld is a request field whose value came from an environment variable.
func fld(name, value string) authdoctor.Field {
	return authdoctor.Field{Name: name, Value: authdoctor.NewSecret(value), Origin: authdoctor.OriginEnv, Source: "API_TOKEN"}
}

// literal is a request field typed on the command line.
func literal(name, value string) authdoctor.Field {
	return authdoctor.Field{Name: name, Value: authdoctor.NewSecret(value), Origin: authdoctor.OriginLiteral}
}

// bearer is Authorization: Bearer tok, from the environment.
func bearer(tok string) authdoctor.Field { return fld("Authorization", "Bearer "+tok) }

// basic is Authorization: Basic base64(userpass).
func basic(userpass string) authdoctor.Field { return fld("Authorization", "Basic "+b64(userpass)) }

// req is a GET to url with the fields.
func req(url string, fields ...authdoctor.Field) authdoctor.Request {
	return authdoctor.Request{Method: "GET", URL: url, Header: fields}
}

// hdr builds a response header from name, value pairs.
func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

// rec is one recorded response (one hop).
type rec struct {
	status int
	header http.Header
	body   string
	// date is the server's Date; zero when the response had none.
	date time.Time
	// url and method default to the request's.
	url, method string
	redirect    *authdoctor.Redirect
	// noCred sends this hop without the sensitive fields (a client that
	// dropped them on a redirect).
	noCred bool
}

// at returns x with the server's Date set to d.
func (x rec) at(d time.Time) rec { x.date = d; return x }

// jsonRec is a response with a JSON body and extra header pairs.
func jsonRec(status int, body string, kv ...string) rec {
	return rec{status: status, header: hdr(append([]string{"Content-Type", "application/json"}, kv...)...), body: body}
}

// obsBuilder builds an Observation probe by probe.
type obsBuilder struct{ o authdoctor.Observation }

// observe starts an Observation of r at now.
func observe(r authdoctor.Request) *obsBuilder {
	return &obsBuilder{o: authdoctor.Observation{Request: r, Now: now, MaxRequests: 6}}
}

func (b *obsBuilder) exchange(r authdoctor.Request, x rec) authdoctor.Exchange {
	e := authdoctor.Exchange{
		Method: r.Method, URL: r.URL, RequestHeader: r.Header, Sent: now,
		Status: x.status, Proto: "HTTP/1.1", Header: x.header, Body: []byte(x.body),
		ServerDate: x.date, Redirect: x.redirect,
	}
	if e.Header == nil {
		e.Header = http.Header{}
	}
	if !x.date.IsZero() {
		e.Header.Set("Date", x.date.Format(http.TimeFormat))
	}
	if x.url != "" {
		e.URL = x.url
	}
	if x.method != "" {
		e.Method = x.method
	}
	if x.noCred {
		e.RequestHeader = r.Without().Header
	}
	return e
}

func (b *obsBuilder) add(role authdoctor.Role, label string, r authdoctor.Request, hops ...rec) *obsBuilder {
	p := authdoctor.Probe{Role: role, Label: label, Request: r}
	for _, h := range hops {
		p.Hops = append(p.Hops, b.exchange(r, h))
	}
	b.o.Probes = append(b.o.Probes, p)
	return b
}

// baseline adds the probe without credentials.
func (b *obsBuilder) baseline(hops ...rec) *obsBuilder {
	return b.add(authdoctor.RoleBaseline, "without credentials", b.o.Request.Without(), hops...)
}

// auth adds the probe as the user wrote it.
func (b *obsBuilder) auth(hops ...rec) *obsBuilder {
	return b.add(authdoctor.RoleAuthenticated, "as given", b.o.Request, hops...)
}

// corrupted adds the probe with a damaged copy of the primary credential.
func (b *obsBuilder) corrupted(hops ...rec) *obsBuilder {
	r := b.o.Request
	for _, f := range r.Header {
		if f.Sensitive() {
			r = r.With(authdoctor.Field{Name: f.Name, Value: authdoctor.NewSecret("Bearer corrupted-by-authdoctor")})
			break
		}
	}
	return b.add(authdoctor.RoleCorrupted, "damaged credential", r, hops...)
}

// confirm adds a confirmation probe of hypothesis id.
func (b *obsBuilder) confirm(id string, x rec) *obsBuilder {
	b.add(authdoctor.RoleConfirm, "corrected", b.o.Request, x)
	b.o.Probes[len(b.o.Probes)-1].Hypothesis = id
	return b
}

// fail adds a probe of role that got no response.
func (b *obsBuilder) fail(role authdoctor.Role, phase, msg, hint string) *obsBuilder {
	r := b.o.Request
	if role == authdoctor.RoleBaseline {
		r = r.Without()
	}
	b.o.Probes = append(b.o.Probes, authdoctor.Probe{Role: role, Request: r,
		Err: &authdoctor.TransportError{Phase: phase, Message: msg, Hint: hint}})
	return b
}

// obs returns the Observation.
func (b *obsBuilder) obs() *authdoctor.Observation { o := b.o; return &o }

// checkByID returns the check of that id from check.List.
func checkByID(t testing.TB, id string) check.Check {
	t.Helper()
	for _, c := range check.List() {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no check %q in check.List()", id)
	return check.Check{}
}

// want is what a check should report; the zero Severity is info.
type want struct {
	sev  authdoctor.Severity
	conf authdoctor.Confidence
	// evidence are substrings that must each appear in some evidence line.
	evidence []string
	// summary and fix are substrings of the Summary and Fix.
	summary, fix string
	// n is the number of findings expected; 0 means 1.
	n int
}

// tc is one recorded exchange and what one check should make of it.
type tc struct {
	name string
	obs  *authdoctor.Observation
	opt  check.Options
	// want is nil when the check must not fire.
	want *want
	// present and absent are ids that must (not) fire when the whole list
	// runs on the same observation.
	present, absent []string
}

// runTable runs the check id over every case in parallel.
func runTable(t *testing.T, id string, cases []tc) {
	t.Helper()
	c := checkByID(t, id)
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := check.RunList([]check.Check{c}, tt.obs, tt.opt)
			for _, f := range got {
				assertWellFormed(t, f)
			}
			if tt.want == nil {
				if len(got) != 0 {
					t.Errorf("%s fired, want nothing:\n%s", id, dump(got))
				}
			} else {
				n := tt.want.n
				if n == 0 {
					n = 1
				}
				if len(got) != n {
					t.Fatalf("%s: got %d findings, want %d:\n%s", id, len(got), n, dump(got))
				}
				f := got[0]
				exp := authdoctor.Finding{ID: id, Cause: c.Cause, Doc: c.Cause.Doc(), Severity: tt.want.sev, Confidence: tt.want.conf}
				if d := cmp.Diff(exp, f, cmpopts.IgnoreFields(authdoctor.Finding{}, "Summary", "Evidence", "Fix")); d != "" {
					t.Errorf("%s finding mismatch (-want +got):\n%s\nsummary: %s\nevidence: %q", id, d, f.Summary, f.Evidence)
				}
				for _, e := range tt.want.evidence {
					if !hasLine(f.Evidence, e) {
						t.Errorf("evidence lacks %q:\n%q", e, f.Evidence)
					}
				}
				if !strings.Contains(f.Summary, tt.want.summary) {
					t.Errorf("summary %q lacks %q", f.Summary, tt.want.summary)
				}
				if !strings.Contains(f.Fix, tt.want.fix) {
					t.Errorf("fix %q lacks %q", f.Fix, tt.want.fix)
				}
			}
			if len(tt.present)+len(tt.absent) == 0 {
				return
			}
			all := check.Run(tt.obs, tt.opt)
			ids := map[string]bool{}
			for _, f := range all {
				ids[f.ID] = true
			}
			for _, p := range tt.present {
				if !ids[p] {
					t.Errorf("check.Run: %s did not fire; got:\n%s", p, dump(all))
				}
			}
			for _, a := range tt.absent {
				if ids[a] {
					t.Errorf("check.Run: %s fired, want it absent; got:\n%s", a, dump(all))
				}
			}
		})
	}
}

// assertWellFormed checks what every finding must hold: a summary, a fix,
// evidence lines that are non-empty and not repeated, a known cause.
func assertWellFormed(t *testing.T, f authdoctor.Finding) {
	t.Helper()
	if f.Summary == "" || f.Fix == "" {
		t.Errorf("%s: empty summary or fix: %+v", f.ID, f)
	}
	if _, ok := f.Cause.Info(); !ok {
		t.Errorf("%s: unknown cause %q", f.ID, f.Cause)
	}
	if f.Doc != f.Cause.Doc() {
		t.Errorf("%s: doc %q, want %q", f.ID, f.Doc, f.Cause.Doc())
	}
	if len(f.Evidence) == 0 {
		t.Errorf("%s: no evidence", f.ID)
	}
	seen := map[string]bool{}
	for _, e := range f.Evidence {
		if strings.TrimSpace(e) == "" {
			t.Errorf("%s: empty evidence line in %q", f.ID, f.Evidence)
		}
		if seen[e] {
			t.Errorf("%s: evidence line repeated: %q", f.ID, e)
		}
		seen[e] = true
	}
}

// hasLine reports whether some line contains sub.
func hasLine(lines []string, sub string) bool {
	for _, l := range lines {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}

// dump formats findings for failure messages.
func dump(fs []authdoctor.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.ID + " " + f.Severity.String() + "/" + string(f.Confidence) + ": " + f.Summary + "\n")
		for _, e := range f.Evidence {
			b.WriteString("      - " + e + "\n")
		}
	}
	if b.Len() == 0 {
		return "  (none)\n"
	}
	return b.String()
}
