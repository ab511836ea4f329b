package capture

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/authdoctor/authdoctor/source/har"
)

// record turns a finished exchange into its Record: the checks run on the
// exchange with its credentials, then only the redacted forms are kept.
func (p *Proxy) record(x *exchange) Record {
	reqBody, reqN, reqCut := x.reqBody.snapshot()
	respRaw, respN, respCut := x.respBody.snapshot()
	// The one scrubber: the application's own credentials, exactly, and
	// what has the shape of one (a server may echo a token the request
	// did not carry, such as a token endpoint's answer).
	sc := authdoctor.ScrubberFor(authdoctor.Request{URL: x.url, Header: x.header, Body: authdoctor.NewSecret(string(reqBody))}).WithShapes()

	ex := authdoctor.Exchange{
		Method:        x.method,
		URL:           x.url,
		RequestHeader: x.header,
		Sent:          x.start,
		Status:        x.status,
		Proto:         x.proto,
		Header:        x.respHeader,
		BodyTruncated: respCut,
		TLS:           tlsInfo(x.tls),
		Timing:        authdoctor.Timing{Total: x.end.Sub(x.start)},
	}
	if ex.Header == nil {
		ex.Header = http.Header{}
	}
	if !x.firstByte.IsZero() {
		ex.Timing.FirstByte = x.firstByte.Sub(x.start)
	}
	if x.status != 0 {
		ex.Body = sc.Bytes(decoded(respRaw, ex.Header.Get("Content-Encoding"), p.maxBody), respCut)
		if t, err := http.ParseTime(ex.Header.Get("Date")); err == nil {
			ex.ServerDate = t
		}
	}

	var diag *authdoctor.Diagnosis
	if ex.Status == http.StatusUnauthorized || ex.Status == http.StatusForbidden {
		d := p.memo.diagnosis(ex, reqBody, func() authdoctor.Diagnosis { return p.diagnose(ex, string(reqBody)) })
		diag = &d
	}

	entry := har.FromExchange(ex, sc.String(string(reqBody)))
	entry.Request.BodySize = reqN
	if reqCut && entry.Request.PostData != nil {
		entry.Request.PostData.Comment = "truncated by authdoctor: the first " + strconv.Itoa(len(reqBody)) + " of " + strconv.FormatInt(reqN, 10) + " bytes"
	}
	if x.status != 0 {
		entry.Response.BodySize = respN
		if ex.Header.Get("Content-Encoding") == "" && !respCut {
			entry.Response.Content.Size = respN
		}
	}
	scrubHeaders(entry.Request.Headers, sc)
	scrubHeaders(entry.Response.Headers, sc)
	errText := ""
	if x.err != nil {
		errText = describe(x.err)
		entry.Comment = errText
	}
	guard(&entry, diag, sc)
	return Record{Seq: x.seq, Exchange: redacted(ex, entry), Diagnosis: diag, Entry: entry, Error: sc.String(errText)}
}

// diagnose runs the checks on the application's exchange alone: the
// observation has the authenticated probe and nothing else.

// diagnose runs the passive analysis on one exchange (diagnose.Passive).
func (p *Proxy) diagnose(ex authdoctor.Exchange, body string) authdoctor.Diagnosis {
	return diagnose.Passive(ex, body, p.cfg.Check, "capture", NoBaseline)
}

// fields turns a header into Fields, names sorted so records are stable,
// values of one name in the order sent. The empty User-Agent that
// httputil.ReverseProxy sets to stop Go adding its own is not sent, so it
// is not recorded.
func fields(h http.Header) []authdoctor.Field {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make([]authdoctor.Field, 0, len(h))
	for _, k := range names {
		for _, v := range h[k] {
			if k == "User-Agent" && v == "" {
				continue
			}
			out = append(out, authdoctor.Field{Name: k, Value: authdoctor.NewSecret(v)})
		}
	}
	return out
}

// guard is the last line of defence: every string of the entry and the
// diagnosis loses any credential value the application sent. It copies
// the diagnosis's lists before changing them: the memo shares them. Redaction by
// type and the scrubber have run long before; this catches what they
// cannot know (a short token echoed in prose).
func guard(e *har.Entry, d *authdoctor.Diagnosis, sc *authdoctor.Scrubber) {
	s := func(p *string) { *p = sc.String(*p) }
	nv := func(list []har.NameValue) {
		for i := range list {
			s(&list[i].Value)
		}
	}
	s(&e.Comment)
	s(&e.Request.URL)
	nv(e.Request.Headers)
	nv(e.Request.QueryString)
	if pd := e.Request.PostData; pd != nil {
		s(&pd.Text)
		for i := range pd.Params {
			s(&pd.Params[i].Value)
		}
	}
	nv(e.Response.Headers)
	if e.Response.Content.Encoding == "" {
		s(&e.Response.Content.Text)
	}
	s(&e.Response.RedirectURL)
	if d == nil {
		return
	}
	s(&d.Verdict.Summary)
	s(&d.Verdict.Fix)
	d.Findings = append([]authdoctor.Finding(nil), d.Findings...)
	for i := range d.Findings {
		f := &d.Findings[i]
		s(&f.Summary)
		s(&f.Fix)
		f.Evidence = append([]string(nil), f.Evidence...)
		for j := range f.Evidence {
			s(&f.Evidence[j])
		}
	}
	d.Checklist = append([]authdoctor.ChecklistItem(nil), d.Checklist...)
	for i := range d.Checklist {
		s(&d.Checklist[i].Detail)
	}
}

// scrubHeaders passes the header values har.FromExchange writes in clear
// (those not named like a credential) through the scrubber: a server may
// echo a token in a challenge or a debug header, and an application may
// send one under a name that does not say so.
func scrubHeaders(list []har.NameValue, sc *authdoctor.Scrubber) {
	for i := range list {
		if !authdoctor.SensitiveHeader(list[i].Name) {
			list[i].Value = sc.String(list[i].Value)
		}
	}
}

// redacted is ex as it may be kept: the values of entry, which went
// through har.FromExchange, with ex's exact times.
func redacted(ex authdoctor.Exchange, e har.Entry) authdoctor.Exchange {
	r := ex
	r.URL = e.Request.URL
	r.RequestHeader = make([]authdoctor.Field, 0, len(e.Request.Headers))
	for _, h := range e.Request.Headers {
		r.RequestHeader = append(r.RequestHeader, authdoctor.Field{Name: h.Name, Value: authdoctor.NewSecret(h.Value)})
	}
	r.Header = http.Header{}
	for _, h := range e.Response.Headers {
		r.Header.Add(h.Name, h.Value)
	}
	r.Body = nil
	if b, err := e.Response.Content.Body(); err == nil && len(b) > 0 {
		r.Body = b
	}
	return r
}

// decoded returns a gzip body decompressed for analysis, at most limit
// bytes (a cut body decodes as far as it goes); other bodies as they are.
func decoded(b []byte, encoding string, limit int) []byte {
	if !strings.EqualFold(strings.TrimSpace(encoding), "gzip") || len(b) == 0 {
		return b
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return b
	}
	out, _ := io.ReadAll(io.LimitReader(zr, int64(limit)))
	if len(out) == 0 {
		return b
	}
	return out
}

// tlsInfo describes the upstream's TLS connection, or nil.
func tlsInfo(cs *tls.ConnectionState) *authdoctor.TLSInfo {
	if cs == nil {
		return nil
	}
	t := &authdoctor.TLSInfo{Version: tls.VersionName(cs.Version), ServerName: cs.ServerName}
	if len(cs.PeerCertificates) > 0 {
		c := cs.PeerCertificates[0]
		t.Subject, t.Issuer, t.NotAfter = c.Subject.String(), c.Issuer.String(), c.NotAfter
	}
	return t
}

// describe says in a few words why the upstream gave no response.
func describe(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // its message would quote the URL
	}
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var msg string
	switch {
	case errors.Is(err, errBrokenOff):
		msg = err.Error()
	case errors.Is(err, context.Canceled):
		msg = "the application closed the connection before the upstream answered"
	case errors.Is(err, context.DeadlineExceeded):
		msg = "timed out waiting for the upstream"
	case errors.As(err, &dnsErr):
		msg = "the upstream host name did not resolve: " + dnsErr.Err
	case errors.As(err, &opErr) && opErr.Op == "dial":
		msg = "could not connect to the upstream: " + opErr.Err.Error()
	default:
		msg = "no response from the upstream: " + err.Error()
	}
	return authdoctor.ScrubText(msg)
}

// Loopback reports whether a listen address binds to loopback only: its
// host is localhost or a loopback IP. An empty host (":8080") binds every
// interface, and another name is not resolved: both count as not loopback.
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	return authdoctor.LoopbackHost(host)
}

// memo remembers recent diagnoses by what they were made from, so an
// application that repeats the same refused request (a retry loop, a
// poller with an expired token) costs one run of the checks per second,
// not one per request. The key covers every input of the checks — method,
// URL, request fields and body, status, response header and body — and
// the second the request was sent: the checks read the clock to the
// second, so within one second the verdict is the same.
type memo struct {
	mu sync.Mutex
	m  map[[sha256.Size]byte]authdoctor.Diagnosis
}

// memoSize bounds the memo; it is cleared when full, which is cheaper than
// tracking recency and as good for the repeated requests it is for.
const memoSize = 512

// diagnosis returns the remembered diagnosis of an identical exchange in
// the same second, or calls run and remembers its result.
func (m *memo) diagnosis(ex authdoctor.Exchange, reqBody []byte, run func() authdoctor.Diagnosis) authdoctor.Diagnosis {
	k := memoKey(ex, reqBody)
	m.mu.Lock()
	d, ok := m.m[k]
	m.mu.Unlock()
	if ok {
		return d
	}
	d = run()
	m.mu.Lock()
	if m.m == nil || len(m.m) >= memoSize {
		m.m = map[[sha256.Size]byte]authdoctor.Diagnosis{}
	}
	m.m[k] = d
	m.mu.Unlock()
	return d
}

// memoKey hashes the inputs of the checks; each part is length-prefixed
// so no two exchanges share a key by shifting bytes between parts.
func memoKey(ex authdoctor.Exchange, reqBody []byte) [sha256.Size]byte {
	h := sha256.New()
	part := func(s string) {
		var n [8]byte
		l := uint64(len(s))
		for i := range n {
			n[i] = byte(l >> (8 * i))
		}
		h.Write(n[:])
		h.Write([]byte(s))
	}
	part(strconv.FormatInt(ex.Sent.Unix(), 10))
	part(ex.Method)
	part(ex.URL)
	for _, f := range ex.RequestHeader {
		part(f.Name)
		part(f.Value.Reveal())
	}
	part(string(reqBody))
	part(strconv.Itoa(ex.Status))
	names := make([]string, 0, len(ex.Header))
	for k := range ex.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		part(k)
		for _, v := range ex.Header[k] {
			part(v)
		}
	}
	part(string(ex.Body))
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}
