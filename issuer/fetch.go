package issuer

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor"
)

// maxRedirects is how many redirects a metadata or key-set fetch follows.
// Issuers redirect rarely (a moved tenant, a trailing slash); more hops
// than this is a misconfiguration worth reporting rather than chasing.
const maxRedirects = 2

// errBudget is returned when the request budget is spent.
var errBudget = errors.New("request budget spent")

// errNoClient is returned when Config.Client is nil.
var errNoClient = errors.New("no http client configured")

// fetcher sends requests within a budget and records each as an Exchange.
type fetcher struct {
	ctx     context.Context
	client  *http.Client // a copy of the caller's, never following redirects
	now     func() time.Time
	maxBody int64
	budget  int // the budget it started with, for messages
	left    int
	scrub   *authdoctor.Scrubber
	// exchanges are the requests sent, in order.
	exchanges []authdoctor.Exchange
}

func newFetcher(ctx context.Context, c *http.Client, now func() time.Time, maxBody int64, budget int, sc *authdoctor.Scrubber) *fetcher {
	f := &fetcher{ctx: ctx, now: now, maxBody: maxBody, budget: budget, left: budget, scrub: sc}
	if c != nil {
		cc := *c
		// Redirects are followed by hand (GET only), so that every hop is
		// recorded and counted, and a POST carrying the token never is.
		cc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		f.client = &cc
	}
	return f
}

// response is an answer as read: Body is in clear (it is parsed, never
// stored); the stored copy in the Exchange is scrubbed.
type response struct {
	Status    int
	Header    http.Header
	Body      []byte
	Truncated bool
}

// statusError is an answer whose status was not the one wanted.
type statusError struct{ status int }

func (e *statusError) Error() string {
	return "answered " + strconv.Itoa(e.status) + " " + http.StatusText(e.status)
}

// getJSON fetches raw with GET, following up to maxRedirects redirects,
// and returns the body of a 200 answer read whole.
func (f *fetcher) getJSON(raw string) ([]byte, error) {
	u, err := httpURL(raw)
	if err != nil {
		return nil, err
	}
	for hop := 0; ; hop++ {
		resp, err := f.do(http.MethodGet, u, []authdoctor.Field{field("Accept", "application/json")}, "")
		if err != nil {
			return nil, err
		}
		if isRedirect(resp.Status) {
			loc := resp.Header.Get("Location")
			if loc == "" {
				return nil, &statusError{resp.Status}
			}
			if hop >= maxRedirects {
				return nil, fmt.Errorf("more than %d redirects", maxRedirects)
			}
			next, err := u.Parse(loc)
			if err != nil || (next.Scheme != "http" && next.Scheme != "https") || next.Host == "" {
				return nil, fmt.Errorf("redirected to an unusable location")
			}
			u = next
			continue
		}
		if resp.Status != http.StatusOK {
			return nil, &statusError{resp.Status}
		}
		if resp.Truncated {
			return nil, fmt.Errorf("answer larger than %d bytes", f.maxBody)
		}
		return resp.Body, nil
	}
}

func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// do sends one request, counts it against the budget and records it.
// body is sent but never stored.
func (f *fetcher) do(method string, u *url.URL, fields []authdoctor.Field, body string) (*response, error) {
	if f.client == nil {
		return nil, errNoClient
	}
	if err := f.ctx.Err(); err != nil {
		return nil, ctxError(err)
	}
	if f.left <= 0 {
		return nil, fmt.Errorf("%w (%d requests)", errBudget, f.budget)
	}
	f.left--

	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(f.ctx, method, u.String(), rd)
	if err != nil {
		return nil, fmt.Errorf("build request: %s", "the URL is not usable")
	}
	for _, fl := range fields {
		req.Header.Add(fl.Name, fl.Value.Reveal())
	}
	start := f.now()
	ex := authdoctor.Exchange{
		Method:        method,
		URL:           f.scrub.String(authdoctor.RedactURL(u.String())),
		RequestHeader: fields,
		// Stored without the monotonic reading, which only Total needs.
		Sent: start.Round(0),
	}
	resp, err := f.client.Do(req)
	if err != nil {
		ex.Timing.Total = f.now().Sub(start)
		f.exchanges = append(f.exchanges, ex)
		return nil, f.transportError(err)
	}
	defer resp.Body.Close()
	data, truncated, rerr := readBounded(resp.Body, f.maxBody)
	ex.Status = resp.StatusCode
	ex.Proto = resp.Proto
	ex.Header = f.scrub.Header(resp.Header)
	if d, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		ex.ServerDate = d
	}
	ex.TLS = tlsInfo(resp.TLS)
	ex.Body = f.scrub.Bytes(data, truncated)
	ex.BodyTruncated = truncated
	ex.Timing.Total = f.now().Sub(start)
	f.exchanges = append(f.exchanges, ex)
	if rerr != nil {
		return nil, fmt.Errorf("read answer: %w", f.transportError(rerr))
	}
	return &response{Status: resp.StatusCode, Header: resp.Header, Body: data, Truncated: truncated}, nil
}

// readBounded reads at most limit bytes of r; truncated is true when more
// was there. The rest is left unread.
func readBounded(r io.Reader, limit int64) (data []byte, truncated bool, err error) {
	data, err = io.ReadAll(io.LimitReader(r, limit+1))
	if int64(len(data)) > limit {
		return data[:limit], true, nil
	}
	if err != nil {
		return data, true, err
	}
	return data, false, nil
}

// transportError describes a failed request without the URL (url.Error
// quotes it, query string included) and without any secret.
func (f *fetcher) transportError(err error) error {
	if cerr := f.ctx.Err(); cerr != nil {
		return ctxError(cerr)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return errors.New("timed out")
		}
		err = ue.Err
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return errors.New("timed out")
	}
	return errors.New(f.scrub.String(err.Error()))
}

// ctxError words a context error for Problems.
func ctxError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("timed out: %w", err)
	}
	return fmt.Errorf("cancelled: %w", err)
}

// httpURL parses raw and requires an absolute http or https URL.
func httpURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("not an http or https URL")
	}
	return u, nil
}

// showURL is raw as Problems may quote it: scheme, host and path, without
// user info, query or fragment.
func showURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "[not a URL]"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}).String()
}

// field builds a request field.
func field(name, value string) authdoctor.Field {
	return authdoctor.Field{Name: name, Value: authdoctor.NewSecret(value)}
}

// tlsInfo describes a TLS connection, or nil for plain HTTP.
func tlsInfo(cs *tls.ConnectionState) *authdoctor.TLSInfo {
	if cs == nil {
		return nil
	}
	ti := &authdoctor.TLSInfo{Version: tls.VersionName(cs.Version), ServerName: cs.ServerName}
	if len(cs.PeerCertificates) > 0 {
		leaf := cs.PeerCertificates[0]
		ti.Subject = leaf.Subject.String()
		ti.Issuer = leaf.Issuer.String()
		ti.NotAfter = leaf.NotAfter
	}
	return ti
}
