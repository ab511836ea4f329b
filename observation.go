package authdoctor

import (
	"net/http"
	"strings"
	"time"
)

// Role says why a probe was sent.
type Role string

// Probe roles, in the order a check sends them.
const (
	// RoleBaseline is the request without any credential: it tells a
	// protected endpoint from a public or missing one.
	RoleBaseline Role = "baseline"
	// RoleAuthenticated is the request as the user wrote it.
	RoleAuthenticated Role = "authenticated"
	// RoleCorrupted carries a deliberately damaged bearer or API token: it
	// tells "credential not received" from "credential rejected".
	RoleCorrupted Role = "corrupted"
	// RoleConfirm carries a corrected request to confirm a hypothesis.
	RoleConfirm Role = "confirm"
	// RoleIssuer is a request to the token's issuer: metadata, keys,
	// introspection. It never goes to the API.
	RoleIssuer Role = "issuer"
)

// Observation is everything a check saw: the request as the user gave it,
// the local time it started, and every probe sent with every hop. Checks
// read only this, so they can run on recorded traffic.
type Observation struct {
	Request Request `json:"request"`
	// Now is the local clock when the check started.
	Now time.Time `json:"now"`
	// Probes are in the order they were sent.
	Probes []Probe `json:"probes"`
	// MaxRequests is the request budget the run had for the API; requests
	// to the token's issuer (RoleIssuer) come on top of it.
	MaxRequests int `json:"max_requests"`
	// Skipped lists probes that were planned but not sent, and why
	// (budget spent, unsafe, not applicable).
	Skipped []string `json:"skipped,omitempty"`
	// Expect is what the user said the credential should satisfy.
	Expect Expect `json:"expect"`
	// Notes are facts about where the request came from (a curl option
	// not understood, an unresolved Postman variable, what OpenAPI says
	// the operation needs).
	Notes []string `json:"notes,omitempty"`
	// Issuer is what the token's issuer said, when it was asked.
	Issuer *IssuerReport `json:"issuer,omitempty"`
}

// Probe returns the last probe of role r, or nil.
func (o *Observation) Probe(r Role) *Probe {
	for i := len(o.Probes) - 1; i >= 0; i-- {
		if o.Probes[i].Role == r {
			return &o.Probes[i]
		}
	}
	return nil
}

// Confirmation returns the confirm probe that tested hypothesis id, or nil.
func (o *Observation) Confirmation(id string) *Probe {
	for i := range o.Probes {
		if o.Probes[i].Role == RoleConfirm && o.Probes[i].Hypothesis == id {
			return &o.Probes[i]
		}
	}
	return nil
}

// RequestCount is the number of HTTP requests sent across all probes.
func (o *Observation) RequestCount() int {
	n := 0
	for _, p := range o.Probes {
		n += len(p.Hops)
	}
	return n
}

// Probe is one logical request and the redirect hops it took.
type Probe struct {
	Role Role `json:"role"`
	// Label says in a few words what this probe sent.
	Label string `json:"label"`
	// Hypothesis is the finding id a confirm probe tests.
	Hypothesis string `json:"hypothesis,omitempty"`
	// Request is what the probe was asked to send on the first hop.
	Request Request `json:"-"`
	// Hops are the exchanges in order; the last is the final answer.
	Hops []Exchange `json:"hops"`
	// Err is set when the probe could not complete (DNS, connect, TLS,
	// timeout, invalid header, redirect loop, budget).
	Err *TransportError `json:"error,omitempty"`
}

// Final is the last exchange that got a response, or nil.
func (p *Probe) Final() *Exchange {
	for i := len(p.Hops) - 1; i >= 0; i-- {
		if p.Hops[i].Status != 0 {
			return &p.Hops[i]
		}
	}
	return nil
}

// Status is the final status code, or 0 when no response came.
func (p *Probe) Status() int {
	if f := p.Final(); f != nil {
		return f.Status
	}
	return 0
}

// Exchange is one HTTP request sent and its response.
type Exchange struct {
	Method string `json:"method"`
	URL    string `json:"url"`
	// RequestHeader holds the request fields as sent on this hop.
	RequestHeader []Field `json:"-"`
	// Sent is the local time the request was written.
	Sent time.Time `json:"sent"`

	// Status is 0 when no response came.
	Status int    `json:"status"`
	Proto  string `json:"proto,omitempty"`
	// Header is the response header.
	Header http.Header `json:"-"`
	// Body is the start of the response body, at most the probe's limit.
	// Values of the credentials sent are scrubbed from it by the prober.
	Body          []byte `json:"-"`
	BodyTruncated bool   `json:"body_truncated,omitempty"`
	// ServerDate is the response Date header, zero when absent or invalid.
	ServerDate time.Time `json:"server_date,omitempty"`
	Timing     Timing    `json:"timing"`
	TLS        *TLSInfo  `json:"tls,omitempty"`
	// Redirect is set when the response is a redirect the prober followed
	// or could have followed.
	Redirect *Redirect `json:"redirect,omitempty"`
}

// Sends reports whether the request on this hop carried a field named name.
func (e *Exchange) Sends(name string) bool {
	for _, f := range e.RequestHeader {
		if strings.EqualFold(f.Name, name) {
			return true
		}
	}
	return false
}

// SentCredential reports whether any sensitive field went out on this hop.
func (e *Exchange) SentCredential() bool {
	for _, f := range e.RequestHeader {
		if f.Sensitive() {
			return true
		}
	}
	return false
}

// Timing is the time each phase of one exchange took. Zero means the phase
// did not happen (a reused connection has no DNS, connect or TLS time).
type Timing struct {
	DNS       time.Duration `json:"dns"`
	Connect   time.Duration `json:"connect"`
	TLS       time.Duration `json:"tls"`
	FirstByte time.Duration `json:"first_byte"`
	Total     time.Duration `json:"total"`
}

// TLSInfo describes the TLS connection of an exchange.
type TLSInfo struct {
	Version    string    `json:"version"`
	ServerName string    `json:"server_name"`
	Subject    string    `json:"subject,omitempty"`
	Issuer     string    `json:"issuer,omitempty"`
	NotAfter   time.Time `json:"not_after,omitempty"`
}

// Client names an HTTP client whose redirect policy authdoctor models.
type Client string

// Modelled clients; see docs/causes.md#auth_dropped_on_redirect and the
// redirect table in shared reference root-causes §B.
const (
	ClientGo       Client = "go"
	ClientCurl     Client = "curl"
	ClientRequests Client = "python-requests"
	ClientBrowser  Client = "browser"
)

// Redirect describes a 3xx hop.
type Redirect struct {
	// Location is the header as received; Next is it resolved against the
	// request URL.
	Location      string `json:"location"`
	Next          string `json:"next"`
	HostChanged   bool   `json:"host_changed"`
	SchemeChanged bool   `json:"scheme_changed"`
	PortChanged   bool   `json:"port_changed"`
	// Downgrade is an https → http hop.
	Downgrade bool `json:"downgrade"`
	// MethodChanged is true when the client turns the method into GET
	// (301/302/303 after a non-GET/HEAD request).
	MethodChanged bool `json:"method_changed"`
	// Keeps says, for each modelled client, whether it would send the
	// Authorization header to Next.
	Keeps map[Client]bool `json:"keeps_authorization"`
	// Forwarded is whether authdoctor itself sent the credentials on to
	// Next (it follows curl's rule: only to the same origin).
	Forwarded bool `json:"forwarded"`
}

// Changes lists what the redirect changed, in plain words, for reports.
func (r *Redirect) Changes() []string {
	var out []string
	for _, c := range []struct {
		on   bool
		what string
	}{
		{r.HostChanged, "host changed"},
		{r.SchemeChanged, "scheme changed"},
		{r.PortChanged, "port changed"},
		{r.Downgrade, "https to http"},
		{r.MethodChanged, "method changed to GET"},
	} {
		if c.on {
			out = append(out, c.what)
		}
	}
	return out
}

// TransportError says why a probe got no usable answer. Message and Hint
// never contain a credential.
type TransportError struct {
	// Phase is one of the Phase constants.
	Phase   string `json:"phase"`
	Message string `json:"message"`
	// Hint is what to try, in plain words.
	Hint string `json:"hint,omitempty"`
}

// Phases of a TransportError.
const (
	PhaseURL       = "url"       // the URL is not usable
	PhaseDNS       = "dns"       // the name did not resolve
	PhaseConnect   = "connect"   // TCP connect failed
	PhaseTLS       = "tls"       // handshake or certificate failed
	PhaseTimeout   = "timeout"   // a phase took longer than allowed
	PhaseHeader    = "header"    // Go refused to send a header value (CR, LF, NUL)
	PhaseRedirect  = "redirect"  // too many redirects or a loop
	PhaseBudget    = "budget"    // the request budget was spent
	PhaseResponse  = "response"  // the response could not be read
	PhaseProxy     = "proxy"     // the proxy refused the CONNECT
	PhaseCancelled = "cancelled" // the user interrupted
)

func (e *TransportError) Error() string { return e.Phase + ": " + e.Message }
