package capture

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
	"github.com/authdoctor/authdoctor/source/har"
)

// Defaults of Config.
const (
	// DefaultListen is loopback on a port the system chooses: capture is
	// reachable from this machine only unless told otherwise.
	DefaultListen = "127.0.0.1:0"
	// DefaultMaxBody is enough for any error document and small enough
	// that thousands of recorded exchanges fit in memory.
	DefaultMaxBody = 64 << 10
	// DefaultMaxEntries bounds the HAR log kept in memory (at most about
	// 2×MaxBody per entry) on a long capture; older entries are dropped.
	DefaultMaxEntries = 10000
)

// NoBaseline is what capture says of every verdict it gives: the checks saw
// only the application's own exchange.
const NoBaseline = "baseline not sent: capture is passive and sends no request of its own; the verdict rests on the application's exchange alone"

// Config configures a capture proxy. Only Upstream is required.
type Config struct {
	// Upstream is the API the application would call: scheme, host and an
	// optional base path that request paths are joined to. The outgoing
	// Host header is the upstream's.
	Upstream *url.URL
	// Listen is the address to listen on. Empty means DefaultListen.
	Listen string
	// Transport sends the forwarded requests. Nil means a transport tuned
	// for a proxy: keep-alive pools of 64 connections per host, HTTP/2
	// when the upstream offers it, HTTPS_PROXY honoured, and no transparent
	// gzip (bodies pass through as the upstream encoded them).
	Transport http.RoundTripper
	// MaxBody is how many bytes of each request and response body are kept
	// for analysis and the HAR file; the whole body still streams through.
	// Zero means DefaultMaxBody.
	MaxBody int64
	// MaxEntries is the most HAR entries HAR returns; older ones are
	// dropped and counted in the log's comment. Zero means
	// DefaultMaxEntries.
	MaxEntries int
	// Now is the clock that stamps exchanges and times them. Nil means
	// time.Now.
	Now func() time.Time
	// OnRecord is called for each finished exchange, one call at a time,
	// after the application has its response. Nil means no callback.
	OnRecord func(Record)
	// Check tunes the checks run on 401 and 403; the zero value uses
	// their defaults.
	Check check.Options

	// inspect, when set, sees each finished exchange before it is
	// recorded (tests assert on the kept buffers).
	inspect func(*exchange)
}

// Record is one exchange that went through the proxy, as kept: nothing in
// it holds a credential in clear.
type Record struct {
	// Seq numbers the exchanges from 1 in the order their requests
	// arrived. OnRecord sees them in the order they finish, which can
	// differ: Seq restores the application's order.
	Seq uint64
	// Exchange is the exchange as recorded in Entry: request fields hold
	// their displayed form ("Bearer [redacted len=812 sha256=1a2b3c4d]"),
	// the URL and bodies are redacted. Sent and Timing are exact.
	Exchange authdoctor.Exchange
	// Diagnosis is the verdict of the checks, only for a 401 or 403.
	Diagnosis *authdoctor.Diagnosis
	// Entry is the HAR entry, as HAR returns it.
	Entry har.Entry
	// Error says why no response came from the upstream (Exchange.Status
	// is 0 then) or why the response broke off; empty otherwise. It never
	// holds a credential.
	Error string
}

// Proxy is a running capture proxy. Its methods are safe for concurrent
// use.
type Proxy struct {
	cfg        Config
	now        func() time.Time
	maxBody    int
	maxEntries int
	ln         net.Listener
	srv        *http.Server
	rp         *httputil.ReverseProxy
	own        *http.Transport // the default transport, closed by Close
	cancel     context.CancelFunc

	served   sync.WaitGroup // the Serve goroutine
	inflight sync.WaitGroup // handlers and queued hand-offs
	workers  sync.WaitGroup
	queue    chan *exchange
	seq      uint64 // guarded by mu
	closed   bool   // guarded by mu

	mu      sync.Mutex
	entries []*kept // ordered by seq
	dropped int

	memo      memo       // recent diagnoses
	onRecord  sync.Mutex // serialises OnRecord
	closeOnce sync.Once
	closeErr  error
}

// kept is one recorded HAR entry and its arrival order.
type kept struct {
	seq   uint64
	entry har.Entry
}

// Start checks cfg, listens and serves until Close. ctx bounds only the
// listening; requests in flight are cancelled by Close.
func Start(ctx context.Context, cfg Config) (*Proxy, error) {
	u := cfg.Upstream
	if u == nil {
		return nil, errors.New("start capture: no upstream URL")
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("start capture: upstream %s is not an http:// or https:// URL with a host", authdoctor.RedactURL(u.String()))
	}
	if u.User != nil {
		return nil, errors.New("start capture: the upstream URL carries user:password; the application's own credentials are forwarded as they are")
	}
	p := &Proxy{cfg: cfg, now: cfg.Now, maxBody: DefaultMaxBody, maxEntries: DefaultMaxEntries}
	if p.now == nil {
		p.now = time.Now
	}
	if cfg.MaxBody > 0 {
		p.maxBody = int(min(cfg.MaxBody, 1<<30))
	}
	if cfg.MaxEntries > 0 {
		p.maxEntries = cfg.MaxEntries
	}
	listen := cfg.Listen
	if listen == "" {
		listen = DefaultListen
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", listen)
	if err != nil {
		return nil, fmt.Errorf("start capture: listen: %w", err)
	}
	p.ln = ln
	rt := cfg.Transport
	if rt == nil {
		p.own = newTransport()
		rt = p.own
	}
	target := *u // the caller may reuse its URL
	quiet := log.New(io.Discard, "", 0)
	p.rp = &httputil.ReverseProxy{
		// Rewrite, not Director: the inbound X-Forwarded-* and Forwarded
		// fields are dropped and none are added, so the upstream sees what
		// the application would have sent it directly.
		Rewrite:      func(pr *httputil.ProxyRequest) { pr.SetURL(&target) },
		Transport:    &recorder{rt: rt, p: p},
		ErrorLog:     quiet,
		ErrorHandler: p.upstreamError,
		BufferPool:   &bufferPool{},
	}
	base, cancel := context.WithCancel(context.WithoutCancel(ctx))
	p.cancel = cancel
	p.srv = &http.Server{
		Handler:           p,
		ReadHeaderTimeout: 30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          quiet,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	p.queue = make(chan *exchange, 1024)
	for range workers {
		p.workers.Add(1)
		go p.work()
	}
	p.served.Add(1)
	go func() {
		defer p.served.Done()
		_ = p.srv.Serve(ln)
	}()
	return p, nil
}

// newTransport is the default Transport: pools sized for an application's
// concurrency, and compression left to the application and the upstream.
func newTransport() *http.Transport {
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		// The application asks for gzip or not; decompressing here would
		// change the response it gets.
		DisableCompression: true,
	}
}

// Addr is the address the proxy listens on, host:port.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Close stops listening, cancels the exchanges in flight, waits until every
// finished exchange is recorded (OnRecord has returned for each) and closes
// the default transport's idle connections. It is safe to call more than
// once.
func (p *Proxy) Close() error {
	p.closeOnce.Do(func() {
		p.mu.Lock()
		p.closed = true
		p.mu.Unlock()
		err := p.srv.Close()
		p.cancel()
		p.served.Wait()
		p.inflight.Wait()
		close(p.queue)
		p.workers.Wait()
		if p.own != nil {
			p.own.CloseIdleConnections()
		}
		if err != nil {
			p.closeErr = fmt.Errorf("close capture: %w", err)
		}
	})
	return p.closeErr
}

// HAR returns the entries recorded so far, in the order the requests
// arrived, as a HAR log. The log is a copy.
func (p *Proxy) HAR() *har.Log {
	l := har.NewLog("authdoctor")
	l.Creator.Comment = "capture"
	p.mu.Lock()
	es := p.entries
	if len(es) > p.maxEntries {
		es = es[len(es)-p.maxEntries:]
	}
	dropped := p.dropped + len(p.entries) - len(es)
	l.Entries = make([]har.Entry, len(es))
	for i, k := range es {
		l.Entries[i] = k.entry
	}
	p.mu.Unlock()
	l.Comment = "Recorded by authdoctor capture: the application's own traffic; authdoctor sent no request of its own. Credentials are redacted (kind, length, sha256 prefix)."
	if dropped > 0 {
		l.Comment += " " + strconv.Itoa(dropped) + " earlier entries were dropped (MaxEntries)."
	}
	return l
}

// ServeHTTP forwards one request of the application and queues the
// finished exchange for recording.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		http.Error(w, "authdoctor capture is shutting down", http.StatusServiceUnavailable)
		return
	}
	p.inflight.Add(1)
	p.seq++
	x := &exchange{seq: p.seq, start: p.now(), method: r.Method, reqBody: newKeep(p.maxBody)}
	p.mu.Unlock()
	defer func() {
		v := recover()
		if v != nil && x.err == nil {
			// net/http's way to abort a response whose body broke off.
			x.err = errBrokenOff
		}
		x.end = p.now()
		p.handOff(x)
		p.inflight.Done()
		if v != nil {
			panic(v)
		}
	}()
	if r.Body != nil && r.Body != http.NoBody {
		r.Body = &teeBody{rc: r.Body, k: x.reqBody}
	}
	p.rp.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), exchangeKey{}, x)))
}

var errBrokenOff = errors.New("the response broke off before its end")

// handOff queues x without making the application wait for the
// recording: when the queue is full a goroutine waits for room.
func (p *Proxy) handOff(x *exchange) {
	select {
	case p.queue <- x:
	default:
		p.inflight.Add(1) // the caller's own count keeps the group above zero
		go func() {
			defer p.inflight.Done()
			p.queue <- x
		}()
	}
}

// work records queued exchanges until the queue closes.
func (p *Proxy) work() {
	defer p.workers.Done()
	for x := range p.queue {
		if p.cfg.inspect != nil {
			p.cfg.inspect(x)
		}
		rec := p.record(x)
		p.keep(x.seq, rec.Entry)
		if p.cfg.OnRecord != nil {
			p.onRecord.Lock()
			p.cfg.OnRecord(rec)
			p.onRecord.Unlock()
		}
	}
}

// keep inserts e in arrival order and trims the log in batches, so a long
// capture costs amortised constant time per entry.
func (p *Proxy) keep(seq uint64, e har.Entry) {
	p.mu.Lock()
	defer p.mu.Unlock()
	i := sort.Search(len(p.entries), func(i int) bool { return p.entries[i].seq > seq })
	p.entries = append(p.entries, nil)
	copy(p.entries[i+1:], p.entries[i:])
	p.entries[i] = &kept{seq: seq, entry: e}
	if extra := len(p.entries) - p.maxEntries; extra > p.maxEntries/4 {
		p.dropped += extra
		p.entries = append([]*kept(nil), p.entries[extra:]...)
	}
}

// upstreamError answers the application when the upstream gave no usable
// response, and notes why for the record.
func (p *Proxy) upstreamError(w http.ResponseWriter, r *http.Request, err error) {
	if x, ok := r.Context().Value(exchangeKey{}).(*exchange); ok && x.err == nil {
		x.err = err
	}
	http.Error(w, "authdoctor capture: no response from the upstream", http.StatusBadGateway)
}

// exchangeKey is the context key of the exchange being recorded.
type exchangeKey struct{}

// exchange is what the proxy saw of one request while it passed. The
// handler goroutine writes it; keep buffers lock for the transport's body
// writer.
type exchange struct {
	seq        uint64
	start, end time.Time
	firstByte  time.Time
	method     string
	url        string
	header     []authdoctor.Field
	reqBody    *keep
	status     int
	proto      string
	respHeader http.Header
	respBody   *keep
	tls        *tls.ConnectionState
	err        error
}

// recorder is the transport of the reverse proxy: it notes what is sent
// and received, and tees the response body into a bounded buffer.
type recorder struct {
	rt http.RoundTripper
	p  *Proxy
}

// RoundTrip sends req with the wrapped transport and records it.
func (t *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	x, ok := req.Context().Value(exchangeKey{}).(*exchange)
	if !ok {
		return t.rt.RoundTrip(req)
	}
	x.url = req.URL.String()
	x.header = fields(req.Header)
	resp, err := t.rt.RoundTrip(req)
	x.firstByte = t.p.now()
	if err != nil {
		return nil, err
	}
	x.status, x.proto, x.respHeader, x.tls = resp.StatusCode, resp.Proto, resp.Header.Clone(), resp.TLS
	// A protocol switch hands the connection over as an io.ReadWriteCloser
	// body; wrapping it would break the upgrade.
	if resp.StatusCode != http.StatusSwitchingProtocols && resp.Body != nil {
		x.respBody = newKeep(t.p.maxBody)
		resp.Body = &teeBody{rc: resp.Body, k: x.respBody}
	}
	return resp, nil
}

// bufferPool reuses the copy buffers of the reverse proxy; without one it
// allocates 32 KiB per request.
type bufferPool struct{ p sync.Pool }

// copyBuffer is the size of a copy buffer, httputil.ReverseProxy's own.
const copyBuffer = 32 << 10

func (b *bufferPool) Get() []byte {
	if v, ok := b.p.Get().(*[]byte); ok {
		return *v
	}
	return make([]byte, copyBuffer)
}

func (b *bufferPool) Put(buf []byte) {
	if cap(buf) == copyBuffer {
		buf = buf[:copyBuffer]
		b.p.Put(&buf)
	}
}
