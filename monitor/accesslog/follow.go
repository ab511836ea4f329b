package accesslog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"sync"
	"time"
)

// FollowOptions configure a Follower. The zero value detects the format,
// starts at the end of the file and polls four times a second.
type FollowOptions struct {
	Format     Format
	JSONFields *JSONFields
	Envs       *Environments
	Router     *Router
	// FromStart reads the file from its beginning rather than its end.
	FromStart bool
	// Poll is how often the file is checked for new lines and rotation;
	// 0 means 250 ms.
	Poll time.Duration
	// MaxRoutes bounds the routes counted, for bounded metric labels; 0
	// means DefaultFollowRoutes.
	MaxRoutes int
}

// DefaultFollowRoutes bounds the routes a Follower counts: each is a
// label value of a metric, and Prometheus wants few.
const DefaultFollowRoutes = 500

// CodeCount is the count of one environment, route and status code.
type CodeCount struct {
	Env, Route string
	Code       int
	N          uint64
}

type codeKey struct {
	env, route string
	code       int
}

// Follower reads a growing log like tail -F: the lines appended to the
// file, and after a rotation (the path now names another file, or the
// file got shorter) the new file from its start. It counts requests per
// environment, route and status code. Counts and Lines are safe to call
// while Run runs.
type Follower struct {
	path   string
	o      FollowOptions
	parser *Parser
	router *Router
	envs   *Environments
	hosts  map[string]string

	mu        sync.Mutex
	counts    map[codeKey]uint64
	routes    map[string]bool
	lines     uint64
	malformed uint64
	rotations uint64
	key       []byte
	idx       map[string]codeKey
	// ready closes once the file is open (or known to be missing) and
	// positioned: lines written after it are read.
	ready     chan struct{}
	readyOnce sync.Once
}

// NewFollower returns a follower of the log at path.
func NewFollower(path string, o FollowOptions) *Follower {
	if o.Poll <= 0 {
		o.Poll = 250 * time.Millisecond
	}
	if o.MaxRoutes <= 0 {
		o.MaxRoutes = DefaultFollowRoutes
	}
	if o.Envs == nil {
		o.Envs = &Environments{}
	}
	if o.Router == nil {
		o.Router = &Router{}
	}
	return &Follower{path: path, o: o, router: o.Router.Clone(), envs: o.Envs, hosts: map[string]string{},
		counts: map[codeKey]uint64{}, routes: map[string]bool{}, idx: map[string]codeKey{}, ready: make(chan struct{})}
}

// Ready is closed once Run has opened the file and gone to its end (or
// found it missing): every line appended after it is read.
func (f *Follower) Ready() <-chan struct{} { return f.ready }

// Counts returns the counts so far, sorted.
func (f *Follower) Counts() []CodeCount {
	f.mu.Lock()
	out := make([]CodeCount, 0, len(f.counts))
	for k, n := range f.counts {
		out = append(out, CodeCount{Env: k.env, Route: k.route, Code: k.code, N: n})
	}
	f.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Env != b.Env {
			return a.Env < b.Env
		}
		if a.Route != b.Route {
			return a.Route < b.Route
		}
		return a.Code < b.Code
	})
	return out
}

// Lines returns the lines read, those no parser could read, and the
// rotations followed.
func (f *Follower) Lines() (lines, malformed, rotations uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lines, f.malformed, f.rotations
}

// Run follows the log until ctx ends. A file that does not exist yet is
// waited for; an error that is not about the file coming and going
// stops it.
func (f *Follower) Run(ctx context.Context) error {
	var file *os.File
	var offset int64
	var carry []byte
	buf := make([]byte, 1<<20)
	first := true
	defer func() {
		if file != nil {
			file.Close()
		}
	}()
	tick := time.NewTicker(f.o.Poll)
	defer tick.Stop()
	for {
		if file == nil {
			fl, err := os.Open(f.path)
			switch {
			case err == nil:
				file = fl
				offset = 0
				if first && !f.o.FromStart {
					if offset, err = file.Seek(0, io.SeekEnd); err != nil {
						return fmt.Errorf("follow %s: %w", f.path, err)
					}
				}
				first = false
			case errors.Is(err, os.ErrNotExist):
				first = false // a file that appears later is read whole
			default:
				return fmt.Errorf("follow %s: %w", f.path, err)
			}
			f.readyOnce.Do(func() { close(f.ready) })
		}
		if file != nil {
			// Read what was appended.
			for {
				n, err := file.ReadAt(buf, offset)
				if n > 0 {
					offset += int64(n)
					carry = f.feed(append(carry, buf[:n]...))
				}
				if err != nil || n < len(buf) {
					break
				}
			}
			// Rotated or truncated: finish this file, go to the new one.
			st, err := os.Stat(f.path)
			cur, cerr := file.Stat()
			rotated := err != nil || cerr != nil || !os.SameFile(st, cur) || st.Size() < offset
			if rotated {
				if len(carry) > 0 {
					f.feed(append(carry, '\n'))
					carry = carry[:0]
				}
				file.Close()
				file = nil
				if err == nil || !errors.Is(err, os.ErrNotExist) {
					f.mu.Lock()
					f.rotations++
					f.mu.Unlock()
				}
				if err == nil {
					continue // read the new file at once
				}
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// feed counts the whole lines of b and returns the partial last line.
func (f *Follower) feed(b []byte) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	var e Entry
	for {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			break
		}
		line := b[:i]
		b = b[i+1:]
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		if len(line) == 0 {
			continue
		}
		f.lines++
		if f.parser == nil {
			format := f.o.Format
			if format == "" {
				var err error
				if format, err = Detect([][]byte{line}); err != nil {
					f.malformed++
					continue
				}
			}
			f.parser = NewParser(format, f.o.JSONFields)
		}
		if !f.parser.Parse(line, &e) {
			f.malformed++
			continue
		}
		f.count(&e)
	}
	// Keep the partial line at the start of the buffer for the next read.
	return append(make([]byte, 0, len(b)+64<<10), b...)
}

// count adds one entry; f.mu is held.
func (f *Follower) count(e *Entry) {
	env := envOf(f.hosts, f.envs, e.Host)
	route := f.router.Route(e.Path)
	f.key = append(append(append(f.key[:0], env...), 0), route...)
	f.key = append(f.key, 0, byte(e.Status>>8), byte(e.Status))
	k, ok := f.idx[string(f.key)]
	if !ok {
		r := string(route)
		if !f.routes[r] {
			if len(f.routes) >= f.o.MaxRoutes {
				r = OtherRoute
			} else {
				f.routes[r] = true
			}
		}
		k = codeKey{env: env, route: r, code: e.Status}
		if len(f.idx) < f.o.MaxRoutes*64 {
			f.idx[string(f.key)] = k
		}
	}
	f.counts[k]++
}
