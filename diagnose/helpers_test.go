package diagnose

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor"
)

// Helpers that build Observations by hand, after the approach of
// check/helpers_test.go (test helpers are not shared across packages).

// now is the fixed local clock of every recorded observation.
var now = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// apiURL is the URL the recorded requests go to.
const apiURL = "https://api.example.com/v1/things"

// alnum is the alphabet of generated test keys: keys are built at run time,
// so no realistic key literal sits in the source for secret scanners.
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

// makeJWT builds a compact JWS from claims with a dummy signature.
func makeJWT(claims map[string]any) string {
	h, err := json.Marshal(map[string]any{"alg": "RS256", "typ": "JWT", "kid": "test-key-1"})
	if err != nil {
		panic(err)
	}
	c, err := json.Marshal(claims)
	if err != nil {
		panic(err)
	}
	return b64u(string(h)) + "." + b64u(string(c)) + "." + fill(b64url, 43, 5)
}

// claims returns access-token claims expiring exp after now; extra pairs
// add or replace claims (a nil value deletes one).
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
	// url defaults to the request's.
	url      string
	redirect *authdoctor.Redirect
	// noCred sends this hop without the sensitive fields (a client that
	// dropped them on a redirect).
	noCred bool
}

// jsonRec is a response with a JSON body and extra header pairs.
func jsonRec(status int, body string, kv ...string) rec {
	return rec{status: status, header: hdr(append([]string{"Content-Type", "application/json"}, kv...)...), body: body}
}

// challenge401 is a bare RFC 6750 challenge.
func challenge401() rec {
	return jsonRec(401, `{"error":"unauthorized"}`, "WWW-Authenticate", `Bearer realm="api"`)
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
		Status: x.status, Proto: "HTTP/1.1", Header: x.header, Body: []byte(x.body), Redirect: x.redirect,
	}
	if e.Header == nil {
		e.Header = http.Header{}
	}
	if x.url != "" {
		e.URL = x.url
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

// corrupted adds a probe with a damaged copy of the primary credential.
func (b *obsBuilder) corrupted(hops ...rec) *obsBuilder {
	r := b.o.Request
	for _, f := range r.Header {
		if f.Sensitive() {
			f.Value = authdoctor.NewSecret(corrupt(f.Value.Reveal()))
			r = r.With(f)
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
func (b *obsBuilder) fail(role authdoctor.Role, phase, msg string) *obsBuilder {
	r := b.o.Request
	if role == authdoctor.RoleBaseline {
		r = r.Without()
	}
	b.o.Probes = append(b.o.Probes, authdoctor.Probe{Role: role, Request: r,
		Err: &authdoctor.TransportError{Phase: phase, Message: msg}})
	return b
}

// obs returns the Observation.
func (b *obsBuilder) obs() *authdoctor.Observation { o := b.o; return &o }

// redirectTo is a 301 to next that every modelled client drops
// Authorization on (another host).
func redirectTo(next string) rec {
	return rec{status: 301, header: hdr("Location", next), redirect: &authdoctor.Redirect{
		Location: next, Next: next, HostChanged: true,
		Keeps: map[authdoctor.Client]bool{authdoctor.ClientGo: false, authdoctor.ClientCurl: false, authdoctor.ClientRequests: false, authdoctor.ClientBrowser: false},
	}}
}

// ids returns the ids of fs in order.
func ids(fs []authdoctor.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

// dump formats findings for failure messages.
func dump(fs []authdoctor.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.ID + " " + f.Severity.String() + "/" + string(f.Confidence) + ": " + f.Summary + "\n")
	}
	if b.Len() == 0 {
		return "  (none)\n"
	}
	return b.String()
}
