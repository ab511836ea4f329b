package scan

import (
	"context"
	"io"
	"runtime"
	"sync/atomic"
)

// pipeline reads the inputs of Paths on every core, a file a goroutine,
// and merges their results in input order: a tree of small files (a
// repository, a directory of rotated logs) uses all cores as a large
// file's blocks do. Progress is reported from the caller's goroutine.
type pipeline struct {
	ctx    context.Context
	res    *Result
	queue  []*job
	sem    chan struct{} // a slot a running read
	nudge  chan struct{} // a read has a MiB more to report
	window int
	shown  int64 // the bytes last reported, never less
}

// job is one input: a read, or an error found while listing the inputs.
type job struct {
	path  string
	open  func() (io.ReadCloser, error)
	file  bool // read with readFile (open is nil)
	err   *InputError
	out   Result
	bytes atomic.Int64 // read so far, for progress
	found atomic.Int64 // findings so far, for progress
	done  chan struct{}
}

func newPipeline(ctx context.Context, res *Result) *pipeline {
	n := runtime.GOMAXPROCS(0)
	return &pipeline{ctx: ctx, res: res, sem: make(chan struct{}, n), nudge: make(chan struct{}, 1), window: 4 * n}
}

// readFile queues the file at path.
func (p *pipeline) readFile(path string) { p.add(&job{path: path, file: true}) }

// read queues an input opened by open.
func (p *pipeline) read(path string, open func() (io.ReadCloser, error)) {
	p.add(&job{path: path, open: open})
}

// fail queues an input that cannot be read.
func (p *pipeline) fail(e InputError) { p.add(&job{err: &e}) }

func (p *pipeline) add(j *job) {
	j.done = make(chan struct{})
	if j.err != nil {
		close(j.done)
	} else {
		j.out.progress = func(b int64, n int) {
			j.bytes.Store(b)
			j.found.Store(int64(n))
			select {
			case p.nudge <- struct{}{}:
			default:
			}
		}
		go func() {
			defer close(j.done)
			p.sem <- struct{}{}
			defer func() { <-p.sem }()
			if j.file {
				j.out.readFile(p.ctx, j.path)
			} else {
				j.out.read(p.ctx, j.path, j.open)
			}
		}()
	}
	p.queue = append(p.queue, j)
	for len(p.queue) >= p.window {
		p.next()
	}
}

// next waits for the oldest input, reporting progress meanwhile, and
// merges it.
func (p *pipeline) next() {
	j := p.queue[0]
	for {
		select {
		case <-j.done:
			p.queue = p.queue[1:]
			p.merge(j)
			return
		case <-p.nudge:
			p.report()
		}
	}
}

// finish merges what is left.
func (p *pipeline) finish() {
	for len(p.queue) > 0 {
		p.next()
	}
}

func (p *pipeline) merge(j *job) {
	r := p.res
	if j.err != nil {
		r.Errors = append(r.Errors, *j.err)
		return
	}
	r.Findings = append(r.Findings, j.out.Findings...)
	r.Files += j.out.Files
	r.Bytes += j.out.Bytes
	r.Binary = append(r.Binary, j.out.Binary...)
	r.Errors = append(r.Errors, j.out.Errors...)
	p.report()
}

// report tells Progress the bytes and findings so far: those merged, and
// those of the reads under way.
func (p *pipeline) report() {
	if p.res.progress == nil {
		return
	}
	b, n := p.res.Bytes, int64(len(p.res.Findings))
	for _, j := range p.queue {
		b += j.bytes.Load()
		n += j.found.Load()
	}
	p.shown = max(p.shown, b)
	p.res.progress(p.shown, int(n))
}

// openStdin is the open of "-".
func openStdin(r io.Reader) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return io.NopCloser(r), nil }
}
