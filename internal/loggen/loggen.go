// Package loggen writes deterministic access logs for tests and
// benchmarks: several hosts in several environments, ids, UUIDs and
// vendor-style ids in paths, query strings with credentials, a daily
// curve of traffic, and an optional injected incident. It returns the
// exact counts it wrote per environment and route template, computed
// from what it chose rather than by parsing: the reference the log
// reader must match.
package loggen

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// Format is the line format written.
type Format string

// The formats Write knows.
const (
	VhostCombined Format = "vhost_combined"
	Combined      Format = "combined"
	JSON          Format = "json"
)

// Incident raises one route's 401 rate on one host for a while.
type Incident struct {
	Host, Route string
	// From is the offset from Config.Start; For how long it lasts.
	From, For time.Duration
	// Rate is the 401 rate during it.
	Rate float64
}

// Config says what to write. The zero values of Rate401 and Rate403
// mean 1% and 0.5%.
type Config struct {
	Format Format
	Lines  int
	Start  time.Time
	Span   time.Duration
	Seed   uint64
	// Rate401 and Rate403 are the steady rates on every route.
	Rate401, Rate403 float64
	Incident         *Incident
}

// Host is a host the log holds and its environment.
type Host struct {
	Name, Env string
	// Weight is its share of the traffic.
	Weight int
}

// Hosts are the hosts written, with the environment each belongs to
// (what accesslog's heuristic says of each name).
var Hosts = []Host{
	{"api.example.com", "production", 6},
	{"eu.api.example.com", "production", 2},
	{"api.sandbox.example.com", "sandbox", 1},
	{"api-staging.example.com", "staging", 1},
}

// Route is a route template and how to fill it in.
type Route struct {
	Method, Template string
	Weight           int
	// fill writes the path.
	fill func(b []byte, r *rand.Rand) []byte
}

func num(b []byte, r *rand.Rand) []byte { return strconv.AppendInt(b, int64(1+r.IntN(999999)), 10) }

func hexN(b []byte, r *rand.Rand, n int) []byte {
	const digits = "0123456789abcdef"
	for i := range n {
		c := digits[r.IntN(16)]
		if i == 0 {
			c = digits[1+r.IntN(9)] // a digit: ids have them
		}
		b = append(b, c)
	}
	return b
}

func uuid(b []byte, r *rand.Rand) []byte {
	b = hexN(b, r, 8)
	for _, n := range []int{4, 4, 4, 12} {
		b = append(b, '-')
		b = hexN(b, r, n)
	}
	return b
}

func vendorID(b []byte, r *rand.Rand, prefix string) []byte {
	const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b = append(b, prefix...)
	for i := range 14 {
		if i%3 == 1 {
			b = append(b, byte('0'+r.IntN(10)))
		} else {
			b = append(b, alnum[r.IntN(len(alnum))])
		}
	}
	return b
}

// Routes are the routes written: the template is what accesslog's
// default rule must make of the path.
var Routes = []Route{
	{"GET", "/v1/orders", 20, func(b []byte, r *rand.Rand) []byte { return append(b, "/v1/orders"...) }},
	{"GET", "/v1/orders/{id}", 30, func(b []byte, r *rand.Rand) []byte { return num(append(b, "/v1/orders/"...), r) }},
	{"GET", "/v1/orders/{id}/items", 8, func(b []byte, r *rand.Rand) []byte {
		return append(num(append(b, "/v1/orders/"...), r), "/items"...)
	}},
	{"POST", "/v1/orders", 5, func(b []byte, r *rand.Rand) []byte { return append(b, "/v1/orders"...) }},
	{"GET", "/v1/files/{id}", 8, func(b []byte, r *rand.Rand) []byte { return uuid(append(b, "/v1/files/"...), r) }},
	{"GET", "/v1/customers/{id}", 8, func(b []byte, r *rand.Rand) []byte { return vendorID(append(b, "/v1/customers/"...), r, "cus_") }},
	{"GET", "/v1/objects/{id}", 5, func(b []byte, r *rand.Rand) []byte { return hexN(append(b, "/v1/objects/"...), r, 24) }},
	{"GET", "/v1/me", 10, func(b []byte, r *rand.Rand) []byte { return append(b, "/v1/me"...) }},
	{"DELETE", "/v1/orders/{id}", 2, func(b []byte, r *rand.Rand) []byte { return num(append(b, "/v1/orders/"...), r) }},
	{"GET", "/health", 4, func(b []byte, r *rand.Rand) []byte { return append(b, "/health"...) }},
}

// Key names a count: environment and route template.
type Key struct{ Env, Route string }

// Counts are the reference counts.
type Counts struct{ Requests, Unauthorized, Forbidden int64 }

// Truth are the counts Write wrote.
type Truth map[Key]Counts

var queries = []string{"", "", "", "?page=2", "?api_key=sk_test_4eC39HqLyjWDarjtT1zdp7dc", "?access_token=eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo&limit=10"}

var statusOK = []int{200, 200, 200, 200, 201, 204, 304, 404}

// Write writes cfg.Lines lines to w and returns what it wrote.
func Write(w io.Writer, cfg Config) (Truth, error) {
	if cfg.Rate401 == 0 {
		cfg.Rate401 = 0.01
	}
	if cfg.Rate403 == 0 {
		cfg.Rate403 = 0.005
	}
	if cfg.Span <= 0 {
		cfg.Span = 24 * time.Hour
	}
	if cfg.Format == "" {
		cfg.Format = VhostCombined
	}
	r := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))
	times := curve(cfg)
	hostTable := weighted(len(Hosts), func(i int) int { return Hosts[i].Weight })
	routeTable := weighted(len(Routes), func(i int) int { return Routes[i].Weight })
	truth := Truth{}
	bw := bufio.NewWriterSize(w, 1<<20)
	var line []byte
	var lastSec int64 = -1
	var stamp []byte
	for i := range cfg.Lines {
		t := times[i]
		h := Hosts[hostTable[r.IntN(len(hostTable))]]
		rt := Routes[routeTable[r.IntN(len(routeTable))]]
		p401 := cfg.Rate401
		if in := cfg.Incident; in != nil && in.Host == h.Name && in.Route == rt.Template {
			if off := time.Unix(t, 0).Sub(cfg.Start); off >= in.From && off < in.From+in.For {
				p401 = in.Rate
			}
		}
		x := r.Float64()
		st := statusOK[r.IntN(len(statusOK))]
		switch {
		case x < p401:
			st = 401
		case x < p401+cfg.Rate403:
			st = 403
		}
		c := truth[Key{h.Env, rt.Template}]
		c.Requests++
		switch st {
		case 401:
			c.Unauthorized++
		case 403:
			c.Forbidden++
		}
		truth[Key{h.Env, rt.Template}] = c

		if t != lastSec {
			lastSec = t
			if cfg.Format == JSON {
				stamp = time.Unix(t, 0).UTC().AppendFormat(stamp[:0], time.RFC3339)
			} else {
				stamp = time.Unix(t, 0).UTC().AppendFormat(stamp[:0], "02/Jan/2006:15:04:05 -0700")
			}
		}
		line = line[:0]
		ip := [4]int{10 + r.IntN(200), r.IntN(256), r.IntN(256), 1 + r.IntN(254)}
		switch cfg.Format {
		case JSON:
			line = append(line, `{"time_iso8601":"`...)
			line = append(line, stamp...)
			line = append(line, `","remote_addr":"`...)
			line = appendIP(line, ip)
			line = append(line, `","host":"`...)
			line = append(line, h.Name...)
			line = append(line, `","request":"`...)
			line = append(line, rt.Method...)
			line = append(line, ' ')
			line = rt.fill(line, r)
			line = append(line, queries[r.IntN(len(queries))]...)
			line = append(line, ` HTTP/1.1","status":"`...)
			line = strconv.AppendInt(line, int64(st), 10)
			line = append(line, `","body_bytes_sent":"`...)
			line = strconv.AppendInt(line, int64(r.IntN(20000)), 10)
			line = append(line, `","http_user_agent":"shop-client/2.3"}`...)
		default:
			if cfg.Format == VhostCombined {
				line = append(line, h.Name...)
				line = append(line, ":443 "...)
			}
			line = appendIP(line, ip)
			line = append(line, " - - ["...)
			line = append(line, stamp...)
			line = append(line, "] \""...)
			line = append(line, rt.Method...)
			line = append(line, ' ')
			line = rt.fill(line, r)
			line = append(line, queries[r.IntN(len(queries))]...)
			line = append(line, " HTTP/1.1\" "...)
			line = strconv.AppendInt(line, int64(st), 10)
			line = append(line, ' ')
			line = strconv.AppendInt(line, int64(r.IntN(20000)), 10)
			line = append(line, ` "-" "shop-client/2.3 (+https://shop.example.com)"`...)
		}
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return nil, err
		}
	}
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	return truth, nil
}

func appendIP(b []byte, ip [4]int) []byte {
	for i, v := range ip {
		if i > 0 {
			b = append(b, '.')
		}
		b = strconv.AppendInt(b, int64(v), 10)
	}
	return b
}

// weighted expands weights into a table to draw an index from.
func weighted(n int, weight func(int) int) []int {
	var t []int
	for i := range n {
		for range weight(i) {
			t = append(t, i)
		}
	}
	return t
}

// curve spreads the lines over the span with a daily curve: traffic at
// its lowest at 04:00 UTC and its highest at 16:00, three to one. The
// times are in order, whole seconds.
func curve(cfg Config) []int64 {
	const minutes = 24 * 60
	span := int64(cfg.Span / time.Second)
	weights := make([]float64, 0, span/60+1)
	var total float64
	for s := int64(0); s < span; s += 60 {
		m := cfg.Start.Add(time.Duration(s) * time.Second).UTC()
		minute := float64(m.Hour()*60 + m.Minute())
		w := 2 - math.Cos(2*math.Pi*(minute-4*60)/minutes)
		weights = append(weights, w)
		total += w
	}
	out := make([]int64, 0, cfg.Lines)
	start := cfg.Start.Unix()
	acc := 0.0
	for i, w := range weights {
		acc += w
		want := int(math.Round(acc / total * float64(cfg.Lines)))
		have := len(out)
		n := want - have
		for j := range n {
			out = append(out, start+int64(i)*60+int64(j*60/max(n, 1)))
		}
	}
	for len(out) < cfg.Lines {
		out = append(out, start+span-1)
	}
	return out[:cfg.Lines]
}

// String says what a Truth holds, for test failures.
func (t Truth) String() string {
	var n Counts
	for _, c := range t {
		n.Requests += c.Requests
		n.Unauthorized += c.Unauthorized
		n.Forbidden += c.Forbidden
	}
	return fmt.Sprintf("%d keys, %d requests, %d 401, %d 403", len(t), n.Requests, n.Unauthorized, n.Forbidden)
}
