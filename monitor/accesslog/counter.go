package accesslog

import (
	"sort"
)

// DefaultBucket is the width of a Series' time buckets to begin with, in
// seconds; a series whose span outgrows MaxBuckets doubles it.
const DefaultBucket = 60

// MaxBuckets bounds a series' buckets: past it the buckets merge in
// pairs. 4096 one-minute buckets are 2.8 days; a year of log ends at
// 256-minute buckets.
const MaxBuckets = 4096

// DefaultMaxSeries bounds the series a Counter keeps: past it, new routes
// count as OtherRoute. Ids the default rule does not recognise would
// otherwise grow it without end.
const DefaultMaxSeries = 20000

// OtherRoute is the route of every request past the series bound.
const OtherRoute = "{other}"

// Series is the count of one environment, method and route.
type Series struct {
	Env, Method, Route string
	// Requests, Unauthorized (401) and Forbidden (403) over the whole
	// input, lines without a time included.
	Requests, Unauthorized, Forbidden int64
	// Width is the buckets' width in seconds and First the index (Unix
	// time / Width) of Buckets[0].
	Width, First int64
	Buckets      []Bucket
}

// Bucket counts one time bucket.
type Bucket struct {
	Requests, Unauthorized, Forbidden uint32
}

// Start is the Unix time Buckets[i] starts at.
func (s *Series) Start(i int) int64 { return (s.First + int64(i)) * s.Width }

// add counts one request at Unix time t (0: no time).
func (s *Series) add(t int64, code int) {
	s.Requests++
	var b401, b403 uint32
	switch code {
	case 401:
		s.Unauthorized++
		b401 = 1
	case 403:
		s.Forbidden++
		b403 = 1
	}
	if t <= 0 {
		return
	}
	b := s.bucket(t)
	b.Requests++
	b.Unauthorized += b401
	b.Forbidden += b403
}

// bucket returns the bucket of Unix time t, growing or widening the
// buckets as needed.
func (s *Series) bucket(t int64) *Bucket {
	if s.Width == 0 {
		s.Width, s.First = DefaultBucket, t/DefaultBucket
		s.Buckets = make([]Bucket, 1, 16)
	}
	for {
		idx := t/s.Width - s.First
		switch {
		case idx >= 0 && idx < int64(len(s.Buckets)):
			return &s.Buckets[idx]
		case idx >= int64(len(s.Buckets)) && idx < MaxBuckets:
			for int64(len(s.Buckets)) <= idx {
				s.Buckets = append(s.Buckets, Bucket{})
			}
			return &s.Buckets[idx]
		case idx < 0 && int64(len(s.Buckets))-idx <= MaxBuckets:
			grown := make([]Bucket, int64(len(s.Buckets))-idx, cap(s.Buckets)-int(idx))
			copy(grown[-idx:], s.Buckets)
			s.Buckets, s.First = grown, s.First+idx
			return &s.Buckets[0]
		}
		s.widen(s.Width * 2)
	}
}

// widen merges the buckets into buckets of width w (a multiple of the
// current width).
func (s *Series) widen(w int64) {
	if s.Width == 0 {
		s.Width = w
		return
	}
	if w <= s.Width {
		return
	}
	f := w / s.Width
	first := floorDiv(s.First, f)
	last := floorDiv(s.First+int64(len(s.Buckets))-1, f)
	out := make([]Bucket, last-first+1)
	for i, b := range s.Buckets {
		j := floorDiv(s.First+int64(i), f) - first
		out[j].Requests += b.Requests
		out[j].Unauthorized += b.Unauthorized
		out[j].Forbidden += b.Forbidden
	}
	s.Width, s.First, s.Buckets = w, first, out
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// merge adds o's counts to s.
func (s *Series) merge(o *Series) {
	s.Requests += o.Requests
	s.Unauthorized += o.Unauthorized
	s.Forbidden += o.Forbidden
	if o.Width == 0 {
		return
	}
	oo := *o
	oo.Buckets = append([]Bucket(nil), o.Buckets...)
	w := max(s.Width, oo.Width)
	s.widen(w)
	oo.widen(w)
	for i, b := range oo.Buckets {
		if b == (Bucket{}) {
			continue
		}
		dst := s.bucket(oo.Start(i))
		dst.Requests += b.Requests
		dst.Unauthorized += b.Unauthorized
		dst.Forbidden += b.Forbidden
	}
}

// Counter adds entries up per environment, method (with ByMethod) and
// route. It is not safe for concurrent use: each goroutine counts into
// its own and Merge joins them.
type Counter struct {
	// ByMethod keeps methods apart; else every request of a route counts
	// together (Method "").
	ByMethod bool
	// MaxSeries bounds the series; 0 means DefaultMaxSeries.
	MaxSeries int

	envs   *Environments
	router *Router
	hosts  map[string]string
	series map[string]*Series
	key    []byte
}

// NewCounter returns a counter that names environments with envs and
// routes with router (nil: the defaults); router is cloned.
func NewCounter(envs *Environments, router *Router) *Counter {
	if envs == nil {
		envs = &Environments{}
	}
	if router == nil {
		router = &Router{}
	}
	return &Counter{envs: envs, router: router.Clone(), hosts: map[string]string{}, series: map[string]*Series{}}
}

// maxHosts bounds the host cache: a log full of made-up Host headers
// must not fill memory.
const maxHosts = 4096

// envOf is the environment of host, through the cache hosts (at most
// maxHosts entries): a map lookup per line, no allocation.
func envOf(hosts map[string]string, envs *Environments, host []byte) string {
	env, ok := hosts[string(host)]
	if !ok {
		env = envs.Of(string(host))
		if len(hosts) < maxHosts {
			hosts[string(host)] = env
		}
	}
	return env
}

// Add counts one entry.
func (c *Counter) Add(e *Entry) {
	env := envOf(c.hosts, c.envs, e.Host)
	route := c.router.Route(e.Path)
	c.key = append(c.key[:0], env...)
	c.key = append(c.key, 0)
	if c.ByMethod {
		c.key = append(c.key, e.Method...)
	}
	c.key = append(c.key, 0)
	c.key = append(c.key, route...)
	s, ok := c.series[string(c.key)]
	if !ok {
		s = c.newSeries(env, e.Method, route)
	}
	s.add(e.Time, e.Status)
}

func (c *Counter) newSeries(env string, method, route []byte) *Series {
	limit := c.MaxSeries
	if limit <= 0 {
		limit = DefaultMaxSeries
	}
	m := ""
	if c.ByMethod {
		m = string(method)
	}
	r := string(route)
	if len(c.series) >= limit {
		r = OtherRoute
		c.key = append(append(append(append(c.key[:0], env...), 0), m...), 0)
		c.key = append(c.key, r...)
		if s, ok := c.series[string(c.key)]; ok {
			return s
		}
	}
	s := &Series{Env: env, Method: m, Route: r}
	c.series[string(c.key)] = s
	return s
}

// Merge adds o's counts to c.
func (c *Counter) Merge(o *Counter) {
	for k, s := range o.series {
		if mine, ok := c.series[k]; ok {
			mine.merge(s)
			continue
		}
		cp := *s
		cp.Buckets = append([]Bucket(nil), s.Buckets...)
		c.series[k] = &cp
	}
}

// Series returns the series, sorted by environment, route and method;
// their buckets all have the same width (the widest).
func (c *Counter) Series() []*Series {
	out := make([]*Series, 0, len(c.series))
	var w int64
	for _, s := range c.series {
		out = append(out, s)
		w = max(w, s.Width)
	}
	for _, s := range out {
		s.widen(w)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Env != b.Env {
			return a.Env < b.Env
		}
		if a.Route != b.Route {
			return a.Route < b.Route
		}
		return a.Method < b.Method
	})
	return out
}
