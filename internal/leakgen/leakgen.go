package leakgen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Config says what to write. The zero value writes nothing.
type Config struct {
	// Bytes is the size to reach: Write stops at the first line end at
	// or past it, or later if credentials are still to be planted. When
	// it is zero, Lines says how long the log is.
	Bytes int64
	// Lines is how many lines to write when Bytes is zero (a PEM block
	// printed over several lines counts each).
	Lines int
	// Leaks is how many credentials to plant, spread evenly at random
	// over the log, of the kinds in LeakKinds in turn.
	Leaks int
	// DecoyRate is the share of the other lines that carry a decoy, of
	// the kinds in DecoyKinds in turn. Zero means DefaultDecoyRate.
	DecoyRate float64
	// Seed fixes every choice.
	Seed uint64
	// Start is the first line's time; zero means 2026-12-01 00:00 UTC.
	Start time.Time
}

// DefaultDecoyRate is Config.DecoyRate's default: one line in twenty,
// about as often as a busy service logs an idempotency key, a publishable
// key or a redacted header.
const DefaultDecoyRate = 0.05

// Mark is a line that holds a planted credential or a decoy.
type Mark struct {
	// Line is the 1-based line number.
	Line int
	// Leak is true for a credential, false for a decoy.
	Leak bool
	// Kind is one of LeakKinds or DecoyKinds.
	Kind string
	// Secrets are the secret values planted on the line, for tests that
	// check no output holds them: first the credential as it is written
	// there (a PEM key's first line of base64), then the parts of it that
	// are secret on their own (a Basic credential's password, a JWT's
	// signature, an AWS secret key, the other lines of a PEM key). Never
	// print them. Nil for a decoy.
	Secrets []string
}

// Truth is what Write wrote.
type Truth struct {
	// Lines and Bytes are how many lines and bytes were written.
	Lines int
	Bytes int64
	// Marks are the lines with a credential or a decoy, in order.
	Marks []Mark
}

// Leaks is how many credentials were planted.
func (t Truth) Leaks() int {
	n := 0
	for _, m := range t.Marks {
		if m.Leak {
			n++
		}
	}
	return n
}

// WriteTSV writes the marks, one a line: the line number, "leak" or
// "decoy", the kind. No value.
func (t Truth) WriteTSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, m := range t.Marks {
		class := "decoy"
		if m.Leak {
			class = "leak"
		}
		fmt.Fprintf(bw, "%d\t%s\t%s\n", m.Line, class, m.Kind)
	}
	return bw.Flush()
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x5bd1e9955bd1e995)) }

// avgLineGuess is the mean line length assumed before any is written,
// to spread the leaks over a log of Config.Bytes.
const avgLineGuess = 300

// Write writes the log cfg describes to w and returns its truth.
func Write(w io.Writer, cfg Config) (Truth, error) {
	if cfg.DecoyRate == 0 {
		cfg.DecoyRate = DefaultDecoyRate
	}
	if cfg.Start.IsZero() {
		cfg.Start = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	}
	g := gen{newRand(cfg.Seed)}
	bw := bufio.NewWriterSize(w, 1<<20)
	var t Truth
	var rec record
	now := cfg.Start.UnixMilli()
	leaks, decoys := 0, 0
	for {
		var left float64 // lines still to write, as far as can be told
		if cfg.Bytes > 0 {
			if t.Bytes >= cfg.Bytes && leaks >= cfg.Leaks {
				break
			}
			avg := float64(avgLineGuess)
			if t.Lines > 1000 {
				avg = float64(t.Bytes) / float64(t.Lines)
			}
			left = float64(cfg.Bytes-t.Bytes) / avg
		} else {
			if t.Lines >= cfg.Lines {
				break
			}
			left = float64(cfg.Lines - t.Lines)
		}
		now += int64(g.r.IntN(40))
		var p payload
		var m *Mark
		// Selection sampling: each line takes a leak with the chance of
		// the leaks still due over the lines still to come, so exactly
		// cfg.Leaks are planted, evenly at random.
		if due := cfg.Leaks - leaks; due > 0 && (left <= float64(due) || g.r.Float64()*left < float64(due)) {
			kind := LeakKinds[leaks%len(LeakKinds)]
			pl := g.leak(kind, now/1000)
			p = pl.p
			m = &Mark{Leak: true, Kind: kind, Secrets: pl.secrets}
			leaks++
		} else if g.r.Float64() < cfg.DecoyRate {
			kind := DecoyKinds[decoys%len(DecoyKinds)]
			p = g.decoy(kind)
			m = &Mark{Kind: kind}
			decoys++
		} else {
			p = g.plain()
		}
		line := g.line(&rec, style(g.r.IntN(int(nStyles))), now, p)
		t.Lines++
		if m != nil {
			m.Line = t.Lines
			if p.markNext {
				m.Line++
			}
			t.Marks = append(t.Marks, *m)
		}
		t.Bytes += int64(len(line))
		if _, err := bw.Write(line); err != nil {
			return t, err
		}
		for _, a := range p.after {
			t.Lines++
			t.Bytes += int64(len(a)) + 1
			bw.WriteString(a)
			if err := bw.WriteByte('\n'); err != nil {
				return t, err
			}
		}
	}
	return t, bw.Flush()
}

// Requests the lines log, and the services they call.
var (
	paths = []string{"/v1/orders", "/v1/orders/{id}", "/v1/orders/{id}/items", "/v1/customers/{id}", "/v1/files/{uuid}", "/v1/me", "/health", "/v1/payments", "/api/v2/search", "/v1/webhooks/stripe"}
	hosts = []string{"api.example.com", "eu.api.example.com", "api.sandbox.example.com", "orders.internal:8080"}
	uas   = []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
		"Go-http-client/2.0", "curl/8.11.0", "okhttp/4.12.0", "shop-ios/5.12.1 (iPhone; iOS 18.1)", "python-requests/2.32.3",
		"Stripe/1.0 (+https://stripe.com/docs/webhooks)", "kube-probe/1.31",
	}
	methods  = []string{"GET", "GET", "GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH"}
	statuses = []int{200, 200, 200, 200, 200, 201, 204, 304, 400, 401, 403, 404, 409, 429, 500, 502}
	messages = []string{
		"request completed", "request completed", "request completed", "cache miss", "cache hit",
		"order created", "payment captured", "retrying after timeout", "connected to database",
		"upstream returned an error", "rate limited by upstream", "user signed in", "webhook delivered",
		"slow query", "queue depth high", "feature flag evaluated", "shutting down worker",
	}
	components = []string{"httpclient", "api", "worker", "payments", "auth", "gateway"}
)

// plain is a line's payload when it holds neither a credential nor a
// decoy: sometimes an ordinary field or two.
func (g gen) plain() payload {
	switch g.r.IntN(6) {
	case 0:
		return payload{fields: []kv{{"user_id", "usr_" + g.chars(digits, 6)}, {"order_id", g.chars(digits, 7)}}}
	case 1:
		return payload{fields: []kv{{"db.rows", g.chars(digits, 2)}, {"db.statement", "SELECT id, status FROM orders WHERE customer_id = $1 LIMIT 50"}}}
	case 2:
		return payload{msg: "retrying after timeout", fields: []kv{{"attempt", g.chars("123", 1)}, {"backoff", g.chars("123456789", 1) + "00ms"}}}
	default:
		return payload{}
	}
}

// path fills in a path template.
func (g gen) path() string {
	p := paths[g.r.IntN(len(paths))]
	p = strings.ReplaceAll(p, "{id}", g.chars(digits, g.n(3, 7)))
	return strings.ReplaceAll(p, "{uuid}", g.uuid())
}

var levels = []string{"INFO", "INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"}

// line writes one line of style st for a request at now (Unix
// milliseconds) carrying p.
func (g gen) line(r *record, st style, now int64, p payload) []byte {
	ts := time.UnixMilli(now).UTC().Format("2006-01-02T15:04:05.000Z07:00")
	method := methods[g.r.IntN(len(methods))]
	host := hosts[g.r.IntN(len(hosts))]
	path := g.path() + p.query
	status := statuses[g.r.IntN(len(statuses))]
	latency := strconv.FormatFloat(float64(g.r.IntN(250000))/1000, 'f', 3, 64)
	reqID, traceID, spanID := g.uuid(), g.hex(32), g.hex(16)
	ua := uas[g.r.IntN(len(uas))]
	msg := p.msg
	if msg == "" {
		msg = messages[g.r.IntN(len(messages))]
	}
	level := levels[g.r.IntN(len(levels))]
	u := p.url
	if u == "" {
		u = "https://" + host + path
	}
	switch st {
	case slogText, slogJSON:
		r.begin(st == slogJSON)
		r.str("time", ts)
		r.str("level", level)
		r.str("msg", msg)
		if p.url != "" || p.header != nil {
			r.str("method", method)
			r.str("url", u)
		} else {
			r.str("method", method)
			r.str("path", path)
		}
		r.int("status", status)
		r.str("latency", latency+"ms")
		r.str("request_id", reqID)
		r.str("trace_id", traceID)
		r.str("span_id", spanID)
		if p.header != nil {
			r.object("http.request.header", []kv{{p.header.k, p.header.v}, {"User-Agent", ua}})
		} else {
			r.str("user_agent", ua)
		}
		for _, f := range p.fields {
			r.str(f.k, f.v)
		}
		return r.end()
	case clientDebug:
		r.b = append(r.b[:0], ts...)
		r.b = append(r.b, ' ')
		r.b = append(r.b, "DEBUG"...)
		r.b = append(r.b, ' ')
		r.b = append(r.b, components[g.r.IntN(len(components))]...)
		r.b = append(r.b, ": "...)
		if p.header != nil {
			r.b = append(r.b, "> "...)
			r.b = append(r.b, p.header.k...)
			r.b = append(r.b, ": "...)
			r.b = append(r.b, p.header.v...)
		} else {
			r.b = append(r.b, msg...)
			r.b = append(r.b, ' ')
			r.b = append(r.b, method...)
			r.b = append(r.b, ' ')
			r.b = append(r.b, u...)
		}
		r.json, r.n = false, 1
		r.str("request_id", reqID)
		if p.header == nil {
			r.int("status", status)
			r.str("elapsed", latency+"ms")
		}
		for _, f := range p.fields {
			r.str(f.k, f.v)
		}
		return r.end()
	default: // proxyJSON
		r.begin(true)
		r.str("start_time", ts)
		r.str("method", method)
		r.str("authority", host)
		r.str("path", path)
		r.str("protocol", "HTTP/1.1")
		r.int("response_code", status)
		r.int("bytes_sent", g.r.IntN(40000))
		r.str("duration", latency)
		r.str("upstream_host", "10.0."+strconv.Itoa(g.r.IntN(256))+"."+strconv.Itoa(1+g.r.IntN(254))+":8080")
		r.str("x_forwarded_for", strconv.Itoa(1+g.r.IntN(223))+"."+strconv.Itoa(g.r.IntN(256))+"."+strconv.Itoa(g.r.IntN(256))+"."+strconv.Itoa(1+g.r.IntN(254)))
		r.str("user_agent", ua)
		r.str("x_request_id", reqID)
		r.str("traceparent", "00-"+traceID+"-"+spanID+"-01")
		if p.header != nil {
			r.str(strings.ToLower(p.header.k), p.header.v)
		}
		if p.url != "" {
			r.str("upstream_url", p.url)
		}
		if p.msg != "" {
			r.str("message", p.msg)
		}
		for _, f := range p.fields {
			r.str(f.k, f.v)
		}
		return r.end()
	}
}
