package history

import (
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor"
)

// Identity names the request a run was for, so runs of the same request
// can be found again: a profile request's name and environment, or the
// method and normalised URL of an ad-hoc one (Env empty).
type Identity struct {
	// Request is "orders.list" for a profile request, or
	// "GET https://api.example.com/v1/orders" (NormaliseURL).
	Request string `json:"request"`
	// Env is the profile environment, "" when there is none.
	Env string `json:"environment"`
}

// RequestIdentity is the identity of an ad-hoc request: the method and
// its URL normalised by NormaliseURL.
func RequestIdentity(method, rawURL string) Identity {
	m := strings.ToUpper(method)
	if m == "" {
		m = "GET"
	}
	return Identity{Request: m + " " + NormaliseURL(rawURL)}
}

// NormaliseURL makes the URLs of one endpoint compare equal and keeps no
// credential: scheme and host lower-case, the default port dropped, no
// userinfo or fragment, the query's credential-named parameters
// (authdoctor.SensitiveParam) removed and the rest sorted. A URL that
// does not parse, or is not http or https, is "[unparseable URL]".
func NormaliseURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Hostname() == "" {
		return "[unparseable URL]"
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "[unparseable URL]"
	}
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (u.Scheme == "https" && port == "443") || (u.Scheme == "http" && port == "80") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host, u.User, u.Fragment, u.RawFragment = host, nil, "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	q := u.Query()
	for k := range q {
		if authdoctor.SensitiveParam(k) {
			delete(q, k)
		}
	}
	u.RawQuery = q.Encode() // Encode sorts by key
	u.ForceQuery = false
	out := u.String()
	if _, err := url.Parse(out); err != nil {
		return "[unparseable URL]"
	}
	return out
}

// Record is one run as history keeps it. The zero ID means not yet
// stored.
type Record struct {
	ID int64 `json:"id"`
	// Time is when the run started (Run.Started), UTC.
	Time     time.Time `json:"time"`
	Identity Identity  `json:"identity"`
	// Kind is the command that made the run; "" reads as KindCheck.
	Kind Kind `json:"kind"`
	// ExpectDenied says the request must be refused (a profile request
	// marked expect_denied): a refusal is then the healthy outcome and
	// an accepted run the failure.
	ExpectDenied bool `json:"expect_denied,omitempty"`
	// Requests is how many requests of the application the run stands
	// for: 1 for a check; more when capture or an access log saw many.
	// 0 reads as 1.
	Requests int `json:"requests,omitempty"`
	// Method and URL are the request line, the URL redacted
	// (authdoctor.RedactURL).
	Method string `json:"method"`
	URL    string `json:"url"`
	// Accepted is true when the verdict is accepted.
	Accepted   bool                  `json:"accepted"`
	Cause      authdoctor.Cause      `json:"cause"`
	Confidence authdoctor.Confidence `json:"confidence"`
	Summary    string                `json:"summary"`
	// Findings are the finding ids, in the report's order.
	Findings   []string    `json:"findings"`
	Credential *Credential `json:"credential"`
	Exchanges  []Exchange  `json:"exchanges"`
	// ServerDate is the Date of the authenticated probe's final answer,
	// zero when there was none.
	ServerDate time.Time `json:"server_date,omitzero"`
	// Duration is how long the run took, in nanoseconds in JSON.
	Duration time.Duration `json:"duration_ns"`
	Version  string        `json:"version"`
	// Report is the JSON report as it was printed (schema
	// authdoctor.check), scrubbed; nil when none was kept.
	Report json.RawMessage `json:"report,omitempty"`
}

// Kind is what made a run.
type Kind string

// The kinds of run.
const (
	KindCheck    Kind = "check"
	KindCompare  Kind = "compare"
	KindValidate Kind = "validate"
	KindWatch    Kind = "watch"
	KindCapture  Kind = "capture"
)

// Healthy says whether the run had the outcome its request expects:
// accepted; or, for an ExpectDenied request, refused for want of
// permission (a verdict at the authorisation layer or above, as validate
// judges it). An ExpectDenied request refused because the credential
// itself fails, or not answered at all, proves nothing: not healthy.
func (r Record) Healthy() bool {
	if !r.ExpectDenied {
		return r.Accepted
	}
	return !r.Accepted && r.Cause.Layer() >= authdoctor.LayerAuthorization
}

// kind is r.Kind with "" read as KindCheck.
func (r Record) kind() Kind {
	if r.Kind == "" {
		return KindCheck
	}
	return r.Kind
}

// requests is r.Requests with 0 read as 1.
func (r Record) requests() int {
	if r.Requests <= 0 {
		return 1
	}
	return r.Requests
}

// Credential is what a Record keeps of the credential: never its value.
type Credential struct {
	Header      string     `json:"header"`
	Kind        string     `json:"kind"`
	Fingerprint string     `json:"fingerprint"`
	Prefix      string     `json:"prefix"`
	Vendor      string     `json:"vendor"`
	Environment string     `json:"environment"`
	Issuer      string     `json:"iss"`
	Audience    []string   `json:"aud"`
	Expires     *time.Time `json:"exp"`
	Scopes      []string   `json:"scopes"`
	Roles       []string   `json:"roles"`
	KeyID       string     `json:"kid"`
}

// Exchange is one request sent and the answer's status, challenge and
// timing.
type Exchange struct {
	Role   authdoctor.Role `json:"role"`
	Method string          `json:"method"`
	// URL is redacted (authdoctor.RedactURL).
	URL    string `json:"url"`
	Status int    `json:"status"`
	// Challenge is the WWW-Authenticate answer, scrubbed.
	Challenge  string    `json:"challenge"`
	ServerDate time.Time `json:"server_date,omitzero"`
	// Total and FirstByte are the exchange's time and its time to the
	// first byte of the answer, in nanoseconds in JSON.
	Total     time.Duration `json:"total_ns"`
	FirstByte time.Duration `json:"first_byte_ns"`
	// Error is the transport error's message when no answer came.
	Error string `json:"error,omitempty"`
}

// FromRun builds the Record of run r for the request id; report is the
// run's JSON report as printed (already scrubbed) and is scrubbed once
// more with the run's scrubber. Text that came from the request or the
// server (the identity, URLs, the challenge, the summary) goes through the
// run's scrubber and authdoctor.ScrubText, so a credential in a URL path
// (a Telegram bot token) is not kept either.
//
// The Record's Kind is KindCheck; set Kind (and ExpectDenied, Requests)
// on the result for other runs.
func FromRun(r authdoctor.Run, id Identity, report []byte) Record {
	o := r.Obs()
	d := r.Diagnosis
	sc := r.Scrubber
	clean := func(s string) string {
		if sc != nil {
			s = sc.String(s)
		}
		return authdoctor.ScrubText(s)
	}
	rec := Record{
		Time:       r.Started.UTC(),
		Identity:   Identity{Request: clean(id.Request), Env: id.Env},
		Kind:       KindCheck,
		Method:     o.Request.Method,
		URL:        clean(authdoctor.RedactURL(o.Request.URL)),
		Accepted:   !d.Failed(),
		Cause:      d.Verdict.Cause,
		Confidence: d.Verdict.Confidence,
		Summary:    clean(d.Verdict.Summary),
		Findings:   []string{},
		Exchanges:  []Exchange{},
		Duration:   r.Duration,
		Version:    r.Version,
	}
	if rec.Time.IsZero() {
		rec.Time = o.Now.UTC()
	}
	if o.Request.URL == "" {
		rec.URL = ""
	}
	for _, f := range d.Findings {
		rec.Findings = append(rec.Findings, f.ID)
	}
	if c := d.Credential; c != nil {
		rc := &Credential{Header: c.Header, Kind: c.Kind, Fingerprint: c.Fingerprint, Prefix: c.Prefix,
			Vendor: c.Vendor, Environment: c.Environment, Audience: []string{}, Scopes: []string{}, Roles: []string{}}
		if j := c.JWT; j != nil {
			rc.Issuer, rc.KeyID = j.Iss, j.Kid
			rc.Audience = append(rc.Audience, j.Aud...)
			rc.Scopes = append(rc.Scopes, j.Scopes...)
			rc.Roles = append(rc.Roles, j.Roles...)
			if j.Exp != nil {
				t := j.Exp.UTC()
				rc.Expires = &t
			}
		}
		sort.Strings(rc.Scopes)
		sort.Strings(rc.Roles)
		rec.Credential = rc
	}
	for _, p := range o.Probes {
		for _, h := range p.Hops {
			ex := Exchange{Role: p.Role, Method: h.Method, URL: clean(authdoctor.RedactURL(h.URL)), Status: h.Status,
				ServerDate: h.ServerDate.UTC(), Total: h.Timing.Total, FirstByte: h.Timing.FirstByte}
			if h.ServerDate.IsZero() {
				ex.ServerDate = time.Time{}
			}
			if h.Header != nil {
				ex.Challenge = clean(strings.Join(h.Header.Values("WWW-Authenticate"), ", "))
			}
			rec.Exchanges = append(rec.Exchanges, ex)
		}
		if p.Err != nil && len(p.Hops) == 0 {
			rec.Exchanges = append(rec.Exchanges, Exchange{Role: p.Role, Error: clean(p.Err.Error())})
		}
	}
	if p := o.Probe(authdoctor.RoleAuthenticated); p != nil {
		if f := p.Final(); f != nil && !f.ServerDate.IsZero() {
			rec.ServerDate = f.ServerDate.UTC()
		}
	}
	if len(report) > 0 {
		b := report
		if sc != nil {
			b = sc.Bytes(b, false)
		}
		rec.Report = json.RawMessage(append([]byte(nil), b...))
	}
	return rec
}
