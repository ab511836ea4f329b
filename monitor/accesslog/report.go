package accesslog

import (
	"math"
	"sort"
)

// ReportOptions shape a Report. The zero value is the defaults.
type ReportOptions struct {
	// Window is the length, in seconds, of the last stretch of the log
	// compared with the one before it; 0 means 3600.
	Window int64
	// Columns is the sparkline's width; 0 means 40.
	Columns int
	// Top keeps the N rows with the most 401s per environment; 0 keeps
	// all.
	Top int
}

// Row is one environment, method and route over the whole log.
type Row struct {
	Env, Method, Route string
	Requests           int64
	Unauthorized       int64
	Forbidden          int64
	// Current and Previous count the last Window of the log and the
	// Window before it.
	Current, Previous Counts
	// Spark are the 401s per column of the log's span (Report.Start to
	// Report.End), Columns of them; SparkRequests the requests.
	Spark, SparkRequests []int64
}

// Counts are requests and their 401s and 403s.
type Counts struct {
	Requests, Unauthorized, Forbidden int64
}

// Rate401 is the share of the requests answered 401; 0 without requests.
func (c Counts) Rate401() float64 { return rate(c.Unauthorized, c.Requests) }

// Rate403 is the share answered 403.
func (c Counts) Rate403() float64 { return rate(c.Forbidden, c.Requests) }

// Total are the row's counts over the whole log.
func (r Row) Total() Counts {
	return Counts{Requests: r.Requests, Unauthorized: r.Unauthorized, Forbidden: r.Forbidden}
}

func rate(n, of int64) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// EnvTotal is one environment's counts.
type EnvTotal struct {
	Env string
	Counts
	Routes int
}

// Window is a stretch of time where a route's 401 (or 403) rate stood
// well above its own baseline: an incident the log shows.
type Window struct {
	Env, Method, Route string
	// Code is 401 or 403.
	Code int
	// Start and End are Unix times (End exclusive).
	Start, End int64
	// Requests in the window, Errors of them answered Code; Baseline is
	// the route's rate of Code outside its windows.
	Requests, Errors int64
	Baseline         float64
}

// Rate is the window's rate of Code.
func (w Window) Rate() float64 { return rate(w.Errors, w.Requests) }

// Report is what the log says, ready to print.
type Report struct {
	// Start and End span the timed lines (Unix seconds, End exclusive);
	// both 0 when no line had a time.
	Start, End int64
	// WindowLen is ReportOptions.Window.
	WindowLen int64
	Envs      []EnvTotal
	// Rows are sorted by environment (most requests first), then by
	// 401s, most first.
	Rows    []Row
	Windows []Window
	// Routes counts all rows before Top cut them; Top is
	// ReportOptions.Top.
	Routes, Top int
}

// The incident window rule, in buckets of windowBucket seconds (or the
// series' own width when wider):
//   - the baseline is the median rate of the route's buckets that have at
//     least minBucketRequests requests (a quiet bucket says little);
//   - a bucket stands out when it has at least minBucketErrors errors, a
//     rate at least twice the baseline plus 5 points, and a count at
//     least windowZ standard deviations above what the baseline predicts
//     (binomial, with 1 added to the variance so a zero baseline works);
//   - standing-out buckets at most one quiet bucket apart make one
//     window, kept when it has at least minWindowErrors errors.
const (
	windowBucket      = 300
	minBucketRequests = 20
	minBucketErrors   = 5
	windowZ           = 5.0
	minWindowErrors   = 10
)

// BuildReport turns the counted series into a report.
func BuildReport(series []*Series, o ReportOptions) Report {
	if o.Window <= 0 {
		o.Window = 3600
	}
	if o.Columns <= 0 {
		o.Columns = 40
	}
	rep := Report{WindowLen: o.Window, Top: o.Top}
	first := true
	for _, s := range series {
		if s.Width == 0 || len(s.Buckets) == 0 {
			continue
		}
		lo, hi := s.span()
		if lo > hi {
			continue
		}
		if first || lo < rep.Start {
			rep.Start = lo
		}
		if first || hi > rep.End {
			rep.End = hi
		}
		first = false
	}
	envs := map[string]*EnvTotal{}
	for _, s := range series {
		row := Row{Env: s.Env, Method: s.Method, Route: s.Route, Requests: s.Requests, Unauthorized: s.Unauthorized, Forbidden: s.Forbidden}
		if rep.End > rep.Start {
			row.Current = s.between(rep.End-o.Window, rep.End)
			row.Previous = s.between(rep.End-2*o.Window, rep.End-o.Window)
			row.Spark, row.SparkRequests = s.spark(rep.Start, rep.End, o.Columns)
		}
		rep.Rows = append(rep.Rows, row)
		e := envs[s.Env]
		if e == nil {
			e = &EnvTotal{Env: s.Env}
			envs[s.Env] = e
		}
		e.Requests += s.Requests
		e.Unauthorized += s.Unauthorized
		e.Forbidden += s.Forbidden
		e.Routes++
		rep.Windows = append(rep.Windows, s.windows(401)...)
		rep.Windows = append(rep.Windows, s.windows(403)...)
	}
	for _, e := range envs {
		rep.Envs = append(rep.Envs, *e)
	}
	sort.Slice(rep.Envs, func(i, j int) bool {
		if rep.Envs[i].Requests != rep.Envs[j].Requests {
			return rep.Envs[i].Requests > rep.Envs[j].Requests
		}
		return rep.Envs[i].Env < rep.Envs[j].Env
	})
	order := map[string]int{}
	for i, e := range rep.Envs {
		order[e.Env] = i
	}
	sort.SliceStable(rep.Rows, func(i, j int) bool {
		a, b := rep.Rows[i], rep.Rows[j]
		if a.Env != b.Env {
			return order[a.Env] < order[b.Env]
		}
		if a.Unauthorized != b.Unauthorized {
			return a.Unauthorized > b.Unauthorized
		}
		if a.Requests != b.Requests {
			return a.Requests > b.Requests
		}
		if a.Route != b.Route {
			return a.Route < b.Route
		}
		return a.Method < b.Method
	})
	rep.Routes = len(rep.Rows)
	if o.Top > 0 {
		var kept []Row
		n := map[string]int{}
		for _, r := range rep.Rows {
			if n[r.Env] < o.Top {
				kept = append(kept, r)
			}
			n[r.Env]++
		}
		rep.Rows = kept
	}
	sort.SliceStable(rep.Windows, func(i, j int) bool {
		if rep.Windows[i].Start != rep.Windows[j].Start {
			return rep.Windows[i].Start < rep.Windows[j].Start
		}
		return rep.Windows[i].Errors > rep.Windows[j].Errors
	})
	return rep
}

// span is the series' first and last timed second (End exclusive).
func (s *Series) span() (int64, int64) {
	lo, hi := -1, -1
	for i, b := range s.Buckets {
		if b.Requests > 0 {
			if lo < 0 {
				lo = i
			}
			hi = i
		}
	}
	if lo < 0 {
		return 1, 0
	}
	return s.Start(lo), s.Start(hi) + s.Width
}

// between counts the buckets that start in [from, to).
func (s *Series) between(from, to int64) Counts {
	var c Counts
	for i, b := range s.Buckets {
		if st := s.Start(i); st >= from && st < to {
			c.Requests += int64(b.Requests)
			c.Unauthorized += int64(b.Unauthorized)
			c.Forbidden += int64(b.Forbidden)
		}
	}
	return c
}

// spark sums the 401s and the requests into cols columns over [from,
// to).
func (s *Series) spark(from, to int64, cols int) (unauthorized, requests []int64) {
	unauthorized, requests = make([]int64, cols), make([]int64, cols)
	span := to - from
	if span <= 0 {
		return unauthorized, requests
	}
	for i, b := range s.Buckets {
		if b.Requests == 0 {
			continue
		}
		c := int((s.Start(i) - from) * int64(cols) / span)
		c = min(max(c, 0), cols-1)
		unauthorized[c] += int64(b.Unauthorized)
		requests[c] += int64(b.Requests)
	}
	return unauthorized, requests
}

// windows finds the stretches where the rate of code stood out (the rule
// above).
func (s *Series) windows(code int) []Window {
	w := max(int64(windowBucket), s.Width)
	type bucket struct {
		start    int64
		n, k     int64
		standOut bool
	}
	var bs []bucket
	for i, b := range s.Buckets {
		st := floorDiv(s.Start(i), w) * w
		k := int64(b.Unauthorized)
		if code == 403 {
			k = int64(b.Forbidden)
		}
		if len(bs) == 0 || bs[len(bs)-1].start != st {
			bs = append(bs, bucket{start: st})
		}
		bs[len(bs)-1].n += int64(b.Requests)
		bs[len(bs)-1].k += k
	}
	var rates []float64
	for _, b := range bs {
		if b.n >= minBucketRequests {
			rates = append(rates, rate(b.k, b.n))
		}
	}
	if len(rates) < 3 {
		return nil // too little to know what is usual
	}
	sort.Float64s(rates)
	p0 := rates[len(rates)/2]
	for i := range bs {
		b := &bs[i]
		if b.k < minBucketErrors || b.n == 0 {
			continue
		}
		r := rate(b.k, b.n)
		z := (float64(b.k) - float64(b.n)*p0) / math.Sqrt(float64(b.n)*p0*(1-p0)+1)
		b.standOut = r >= 2*p0+0.05 && z >= windowZ
	}
	var out []Window
	var cur *Window
	gap := 0
	var gapN, gapK int64
	for _, b := range bs {
		if b.standOut {
			if cur == nil {
				out = append(out, Window{Env: s.Env, Method: s.Method, Route: s.Route, Code: code, Start: b.start, Baseline: p0})
				cur = &out[len(out)-1]
			} else if gap > 0 {
				cur.Requests += gapN
				cur.Errors += gapK
			}
			cur.Requests += b.n
			cur.Errors += b.k
			cur.End = b.start + w
			gap, gapN, gapK = 0, 0, 0
			continue
		}
		if cur != nil {
			gap++
			gapN += b.n
			gapK += b.k
			if gap > 1 {
				cur, gap, gapN, gapK = nil, 0, 0, 0
			}
		}
	}
	kept := out[:0]
	var inN, inK int64
	for _, win := range out {
		if win.Errors >= minWindowErrors {
			kept = append(kept, win)
			inN += win.Requests
			inK += win.Errors
		}
	}
	// What the route usually does: its rate outside the windows (the
	// median that found them is 0 on a quiet route).
	var allN, allK int64
	for _, b := range bs {
		allN += b.n
		allK += b.k
	}
	for i := range kept {
		kept[i].Baseline = rate(allK-inK, allN-inN)
	}
	return kept
}
