package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/authdoctor/authdoctor"
)

// Defaults for the zero values of Config.
const (
	DefaultTimeout       = 15 * time.Second
	DefaultDialTimeout   = 5 * time.Second
	DefaultTLSTimeout    = 5 * time.Second
	DefaultHeaderTimeout = 10 * time.Second
	DefaultMaxRedirects  = 5
	DefaultMaxBody       = 64 << 10
	DefaultMaxRequests   = 6
	DefaultUserAgent     = "authdoctor/dev"

	// MaxHeaderBytes bounds the response header: a server that sends an
	// endless header fails the probe instead of filling memory.
	MaxHeaderBytes = 64 << 10
)

// Config says how a Sender sends. The zero value of every field gets the
// documented default, so Config{} is a usable configuration.
type Config struct {
	// Timeout bounds the whole probe, redirects and body included; 0 means 15s.
	Timeout time.Duration
	// DialTimeout bounds the name lookup and TCP connect; 0 means 5s.
	DialTimeout time.Duration
	// TLSTimeout bounds the TLS handshake; 0 means 5s.
	TLSTimeout time.Duration
	// HeaderTimeout bounds the wait for the response header after the
	// request is written; 0 means 10s.
	HeaderTimeout time.Duration
	// MaxRedirects is how many redirects one probe follows; 0 means 5 and a
	// negative value means redirects are recorded but not followed.
	MaxRedirects int
	// MaxBody is how many bytes of each response body are kept; 0 means
	// 64 KiB. The rest is not read: the connection is closed instead.
	MaxBody int64
	// MaxRequests is the request budget shared by every Send on the Sender,
	// each hop counting once; 0 means 6 and a negative value means none.
	MaxRequests int
	// Proxy is the proxy every request goes through, loopback targets
	// included; nil means none. Proxy environment variables are not read
	// here: the caller decides and passes the URL.
	Proxy *url.URL
	// Resolve maps "host:port" to "ip:port" like curl --resolve: a mapped
	// address is dialled without any name lookup. Nil means no mapping.
	Resolve map[string]string
	// Resolver looks up names that Resolve does not map; nil means
	// net.DefaultResolver.
	Resolver *net.Resolver
	// RootCAs are the authorities trusted for TLS; nil means the system's.
	RootCAs *x509.CertPool
	// Insecure skips TLS certificate verification (curl -k).
	Insecure bool
	// UserAgent is sent when the request sets none; "" means "authdoctor/dev".
	UserAgent string
	// Now is the clock for Exchange.Sent; nil means time.Now.
	Now func() time.Time
	// TrustRedirects sends credential fields on to a redirect target of
	// another origin too (curl --location-trusted). False means they go
	// only to the origin of the first request.
	TrustRedirects bool
	// Scrub holds more credential fields whose values are scrubbed from
	// every response, besides the ones a probe sends: the baseline sends
	// none, yet a server may still echo the user's credential.
	Scrub []authdoctor.Field
	// Scrubber, when set, is the run's scrubber: its secrets are removed
	// from every stored exchange too.
	Scrubber *authdoctor.Scrubber
	// Pool, when set, keeps this Sender's connections open for the next
	// Sender of the same Pool and connection settings (watch's checks of
	// one target); nil means the Sender's own, closed by Close.
	Pool *Pool
}

// withDefaults returns c with every zero value replaced by its default.
func (c Config) withDefaults() Config {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.DialTimeout <= 0 {
		c.DialTimeout = DefaultDialTimeout
	}
	if c.TLSTimeout <= 0 {
		c.TLSTimeout = DefaultTLSTimeout
	}
	if c.HeaderTimeout <= 0 {
		c.HeaderTimeout = DefaultHeaderTimeout
	}
	if c.MaxRedirects == 0 {
		c.MaxRedirects = DefaultMaxRedirects
	}
	if c.MaxBody <= 0 {
		c.MaxBody = DefaultMaxBody
	}
	if c.MaxRequests == 0 {
		c.MaxRequests = DefaultMaxRequests
	}
	if c.MaxRequests < 0 {
		c.MaxRequests = 0
	}
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Sender sends probes. It holds the connection pool and the request budget;
// it is safe for concurrent use. Create it with New and Close it when done.
type Sender struct {
	cfg       Config
	resolve   map[string]string
	transport *http.Transport
	client    *http.Client

	mu   sync.Mutex
	sent int
}

// New returns a Sender for cfg.
func New(cfg Config) *Sender {
	cfg = cfg.withDefaults()
	s := &Sender{cfg: cfg, resolve: normalizeResolve(cfg.Resolve)}
	if cfg.Pool != nil {
		s.transport = cfg.Pool.transport(cfg, s.resolve)
	} else {
		s.transport = newTransport(cfg, s.resolve)
	}
	s.client = &http.Client{
		Transport: s.transport,
		// Redirects are followed by hand in Send, one recorded hop each.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return s
}

// newTransport is the transport of cfg's connection settings; resolve is
// cfg.Resolve normalised.
func newTransport(cfg Config, resolve map[string]string) *http.Transport {
	d := dialer{resolve: resolve, timeout: cfg.DialTimeout, resolver: cfg.Resolver}
	t := &http.Transport{
		DialContext:            d.dial,
		TLSClientConfig:        &tls.Config{RootCAs: cfg.RootCAs, InsecureSkipVerify: cfg.Insecure}, //nolint:gosec // -k is the user's explicit choice
		TLSHandshakeTimeout:    cfg.TLSTimeout,
		ResponseHeaderTimeout:  cfg.HeaderTimeout,
		MaxResponseHeaderBytes: MaxHeaderBytes,
		ForceAttemptHTTP2:      true,
		// No implicit Accept-Encoding: the fields recorded are the fields sent.
		DisableCompression: true,
		MaxIdleConns:       10,
		IdleConnTimeout:    30 * time.Second,
		// A proxy that refuses the CONNECT becomes a typed error, so the
		// probe can say "proxy" instead of quoting the status line.
		OnProxyConnectResponse: func(_ context.Context, _ *url.URL, _ *http.Request, res *http.Response) error {
			if res.StatusCode != http.StatusOK {
				return &proxyConnectError{status: res.StatusCode}
			}
			return nil
		},
	}
	if cfg.Proxy != nil {
		t.Proxy = http.ProxyURL(cfg.Proxy)
	}
	return t
}

// Remaining is how many requests the budget still allows.
func (s *Sender) Remaining() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return max(0, s.cfg.MaxRequests-s.sent)
}

// Sent is how many requests this Sender has sent (or tried to send).
func (s *Sender) Sent() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent
}

// take spends one request of the budget; false means it is spent.
func (s *Sender) take() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sent >= s.cfg.MaxRequests {
		return false
	}
	s.sent++
	return true
}

// Close closes idle connections. The Sender stays usable.
func (s *Sender) Close() {
	if s.cfg.Pool == nil {
		s.transport.CloseIdleConnections()
	}
}

// Client returns a plain HTTP client on the Sender's transport (same
// proxy, --resolve map, trusted CAs and dial limits), for the few requests
// authdoctor makes to a token's issuer. It does not follow redirects and
// does not count against the request budget; its callers keep their own.
func (s *Sender) Client() *http.Client {
	return &http.Client{
		Transport: s.transport,
		Timeout:   s.cfg.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// Send sends req, following redirects by hand, and returns every hop. It
// never returns a Go error: a probe that could not complete carries a
// TransportError in Probe.Err next to the hops it did record.
func (s *Sender) Send(ctx context.Context, role authdoctor.Role, label string, req authdoctor.Request) authdoctor.Probe {
	p := authdoctor.Probe{Role: role, Label: label, Request: req}

	target, terr := parseTarget(req.URL)
	if terr != nil {
		p.Err = terr
		return p
	}
	method, terr := checkMethod(req.Method, req.AllowWrite)
	if terr != nil {
		p.Err = terr
		return p
	}
	fields := s.initialFields(req.Header, target)
	target.User = nil
	sc := authdoctor.ScrubberFor(authdoctor.Request{Header: fields, Body: req.Body}).AddFields(s.cfg.Scrub...).AddQuery(target).Merge(s.cfg.Scrubber)

	pctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()

	c := chain{
		s:        s,
		parent:   ctx,
		ctx:      pctx,
		initial:  target,
		fields:   fields,
		scrub:    sc,
		seen:     map[string]bool{},
		stripped: map[authdoctor.Client]bool{},
	}
	p.Hops, p.Err = c.run(method, req.Body)
	return p
}

// initialFields is the header of the first hop: the request's fields in
// their order, Basic credentials from URL user info (as curl and net/http
// turn them into a header), then Accept and User-Agent unless set.
func (s *Sender) initialFields(header []authdoctor.Field, u *url.URL) []authdoctor.Field {
	fields := append([]authdoctor.Field(nil), header...)
	has := func(name string) bool {
		for _, f := range fields {
			if strings.EqualFold(f.Name, name) {
				return true
			}
		}
		return false
	}
	if u.User != nil && !has("Authorization") {
		fields = append(fields, authdoctor.Field{
			Name:   "Authorization",
			Value:  authdoctor.NewSecret("Basic " + basicCredentials(u.User)),
			Origin: authdoctor.OriginLiteral,
			Source: "URL user info",
		})
	}
	if !has("Accept") {
		fields = append(fields, authdoctor.Field{Name: "Accept", Value: authdoctor.NewSecret("*/*")})
	}
	if !has("User-Agent") {
		fields = append(fields, authdoctor.Field{Name: "User-Agent", Value: authdoctor.NewSecret(s.cfg.UserAgent)})
	}
	return fields
}

// basicCredentials is the token68 of a Basic credential (RFC 7617 §2) for
// URL user info: base64 of user ":" password, unescaped.
func basicCredentials(u *url.Userinfo) string {
	pass, _ := u.Password()
	return base64.StdEncoding.EncodeToString([]byte(u.Username() + ":" + pass))
}

// parseTarget checks that raw is an absolute http or https URL with a host.
// Messages never quote raw: it may carry a token in its query.
func parseTarget(raw string) (*url.URL, *authdoctor.TransportError) {
	const hint = "write the URL in full, for example https://api.example.com/v1/me"
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, &authdoctor.TransportError{Phase: authdoctor.PhaseURL,
			Message: "the URL could not be parsed", Hint: hint}
	}
	switch u.Scheme {
	case "http", "https":
	case "":
		return nil, &authdoctor.TransportError{Phase: authdoctor.PhaseURL,
			Message: "the URL has no scheme: it must start with http:// or https://", Hint: hint}
	default:
		return nil, &authdoctor.TransportError{Phase: authdoctor.PhaseURL,
			Message: "the URL must start with http:// or https://, not " + safeWord(u.Scheme) + ":", Hint: hint}
	}
	if u.Hostname() == "" {
		return nil, &authdoctor.TransportError{Phase: authdoctor.PhaseURL,
			Message: "the URL has no host name", Hint: hint}
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// checkMethod returns the method to send and refuses unsafe ones without
// approval. A safe method is sent upper-case, so "get" cannot go out as an
// extension method the server might treat differently.
func checkMethod(m string, allowWrite bool) (string, *authdoctor.TransportError) {
	if m == "" {
		return http.MethodGet, nil
	}
	if authdoctor.SafeMethod(m) {
		return strings.ToUpper(m), nil
	}
	if !validToken(m) {
		return "", &authdoctor.TransportError{Phase: authdoctor.PhaseURL,
			Message: "the method is not a valid HTTP method name",
			Hint:    "use a method such as GET, HEAD or OPTIONS"}
	}
	if !allowWrite {
		return "", &authdoctor.TransportError{Phase: authdoctor.PhaseURL,
			Message: "refusing to send " + m + " without --allow-write: only GET, HEAD and OPTIONS are sent unless you approve a write",
			Hint:    "add --allow-write if sending this request is safe, or test with GET"}
	}
	return m, nil
}

// safeWord returns s when it is a short run of letters, digits, '+', '-'
// and '.', the shape of a URL scheme, and "an unknown scheme" otherwise.
func safeWord(s string) string {
	if len(s) > 16 {
		return "an unknown scheme"
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '+' || r == '-' || r == '.') {
			return "an unknown scheme"
		}
	}
	return s
}
