package probe

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/authdoctor/authdoctor"
)

// exchange sends one hop and records it. location is the raw Location
// header of the response, for the redirect logic; it is never stored as is.
func (s *Sender) exchange(c *chain, method string, u *url.URL, fields []authdoctor.Field, body authdoctor.Secret) (ex authdoctor.Exchange, location string, terr *authdoctor.TransportError) {
	ex = authdoctor.Exchange{
		Method:        method,
		URL:           c.scrub.String(authdoctor.RedactURL(u.String())),
		RequestHeader: slices.Clone(fields),
		Sent:          s.cfg.Now(),
	}
	tr := &hopTrace{start: time.Now()}
	ctx := httptrace.WithClientTrace(c.ctx, tr.clientTrace())

	var rd io.Reader
	if !body.IsZero() {
		rd = strings.NewReader(body.Reveal())
	}
	hr, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return ex, "", &authdoctor.TransportError{Phase: authdoctor.PhaseURL,
			Message: "the request could not be built from this method and URL",
			Hint:    "check the method and the URL"}
	}
	hr.Header = make(http.Header, len(fields))
	for _, f := range fields {
		if strings.EqualFold(f.Name, "Host") {
			hr.Host = f.Value.Reveal()
			continue
		}
		// Add keeps every value of a repeated name, in order: two
		// Authorization fields go out as two lines.
		hr.Header.Add(f.Name, f.Value.Reveal())
	}

	resp, err := s.client.Do(hr)
	if err != nil {
		ex.Timing = tr.timing(time.Now())
		return ex, "", s.classify(c, err, u, tr)
	}
	defer resp.Body.Close()

	ex.Status = resp.StatusCode
	ex.Proto = resp.Proto
	ex.Header = c.scrub.Header(resp.Header)
	if d, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		ex.ServerDate = d
	}
	ex.TLS = tlsInfo(resp.TLS)
	location = resp.Header.Get("Location")

	tr.setStage(stageBody)
	data, truncated, rerr := readBody(resp.Body, s.cfg.MaxBody)
	ex.Body = c.scrub.Bytes(data, truncated)
	ex.BodyTruncated = truncated
	ex.Timing = tr.timing(time.Now())
	if rerr != nil {
		return ex, location, s.classify(c, rerr, u, tr)
	}
	return ex, location, nil
}

// readBody reads at most limit bytes of r. truncated is true when more was
// there (or when the read failed part way); the rest is left unread, and
// closing the body then closes the connection instead of draining it.
func readBody(r io.Reader, limit int64) (data []byte, truncated bool, err error) {
	data, err = io.ReadAll(io.LimitReader(r, limit+1))
	if int64(len(data)) > limit {
		return data[:limit], true, nil
	}
	if err != nil {
		return data, true, err
	}
	return data, false, nil
}

// tlsInfo describes a TLS connection, or nil for plain HTTP.
func tlsInfo(cs *tls.ConnectionState) *authdoctor.TLSInfo {
	if cs == nil {
		return nil
	}
	ti := &authdoctor.TLSInfo{Version: tls.VersionName(cs.Version), ServerName: cs.ServerName}
	if len(cs.PeerCertificates) > 0 {
		leaf := cs.PeerCertificates[0]
		ti.Subject = certName(leaf.Subject.String(), leaf)
		ti.Issuer = leaf.Issuer.String()
		ti.NotAfter = leaf.NotAfter
	}
	return ti
}

// certName is the subject, or the certificate's first name when the subject
// is empty (common for certificates that only carry SANs).
func certName(subject string, c *x509.Certificate) string {
	if subject != "" {
		return subject
	}
	if len(c.DNSNames) > 0 {
		return "DNS:" + c.DNSNames[0]
	}
	return ""
}

// stage is how far one exchange got; timeouts and failures name it.
type stage int

const (
	stageStart   stage = iota // nothing happened yet
	stageDNS                  // looking up the name
	stageConnect              // TCP connect
	stageTLS                  // TLS handshake
	stageWrite                // connection ready, writing the request
	stageWait                 // request written, waiting for the first byte
	stageHeader               // first byte came, reading the header
	stageBody                 // reading the body
)

// hopTrace collects httptrace events for one exchange. The transport may
// call the hooks from other goroutines, so every field is behind mu.
type hopTrace struct {
	mu                  sync.Mutex
	stage               stage
	start               time.Time
	dnsStart, dnsDone   time.Time
	connStart, connDone time.Time
	tlsStart, tlsDone   time.Time
	ready, wrote, first time.Time
}

func (t *hopTrace) setStage(s stage) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stage = s
}

func (t *hopTrace) current() stage {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stage
}

// mark records now in *at and moves to stage s.
func (t *hopTrace) mark(at *time.Time, s stage) {
	t.mu.Lock()
	defer t.mu.Unlock()
	*at = time.Now()
	t.stage = s
}

func (t *hopTrace) clientTrace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		DNSStart: func(httptrace.DNSStartInfo) { t.mark(&t.dnsStart, stageDNS) },
		DNSDone:  func(httptrace.DNSDoneInfo) { t.mark(&t.dnsDone, stageConnect) },
		ConnectStart: func(string, string) {
			t.mu.Lock()
			defer t.mu.Unlock()
			// With several addresses (Happy Eyeballs) the first start counts.
			if t.connStart.IsZero() {
				t.connStart = time.Now()
			}
			t.stage = stageConnect
		},
		ConnectDone: func(_, _ string, err error) {
			if err == nil {
				t.mark(&t.connDone, stageConnect)
			}
		},
		TLSHandshakeStart:    func() { t.mark(&t.tlsStart, stageTLS) },
		TLSHandshakeDone:     func(tls.ConnectionState, error) { t.mark(&t.tlsDone, stageTLS) },
		GotConn:              func(httptrace.GotConnInfo) { t.mark(&t.ready, stageWrite) },
		WroteRequest:         func(httptrace.WroteRequestInfo) { t.mark(&t.wrote, stageWait) },
		GotFirstResponseByte: func() { t.mark(&t.first, stageHeader) },
	}
}

// timing turns the recorded events into phase durations; a phase that did
// not happen (a reused connection has no DNS, connect or TLS) stays zero.
// FirstByte is the wait from the request written to the first byte.
func (t *hopTrace) timing(end time.Time) authdoctor.Timing {
	t.mu.Lock()
	defer t.mu.Unlock()
	span := func(a, b time.Time) time.Duration {
		if a.IsZero() || b.IsZero() || b.Before(a) {
			return 0
		}
		return b.Sub(a)
	}
	from := t.wrote
	if from.IsZero() {
		from = t.ready
	}
	return authdoctor.Timing{
		DNS:       span(t.dnsStart, t.dnsDone),
		Connect:   span(t.connStart, t.connDone),
		TLS:       span(t.tlsStart, t.tlsDone),
		FirstByte: span(from, t.first),
		Total:     span(t.start, end),
	}
}
