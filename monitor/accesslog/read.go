package accesslog

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/authdoctor/authdoctor"
)

// Options configure Read. The zero value detects the format and uses the
// default environments and routes.
type Options struct {
	// Format is the logs' format; "" detects it from each input's first
	// lines.
	Format Format
	// JSONFields maps a JSON log's fields; nil for the defaults.
	JSONFields *JSONFields
	Envs       *Environments
	Router     *Router
	// ByMethod counts methods apart.
	ByMethod bool
	// Workers is how many goroutines parse; 0 means GOMAXPROCS.
	Workers int
	// Progress, when set, is called now and then with the bytes read so
	// far (compressed bytes for a .gz) and the lines parsed; from one
	// goroutine at a time.
	Progress func(bytes, lines int64)
}

// Input is a log to read: its name (a path, or "-") and its bytes.
type Input struct {
	Name string
	R    io.Reader
	// Size is its size in bytes when known (0 otherwise), for progress.
	Size int64
}

// Malformed is a line no parser could read.
type Malformed struct {
	File string
	// Line is the line's number in its file, from 1.
	Line int64
	// Text is the line, scrubbed of anything credential-shaped and cut
	// to MaxMalformedText.
	Text string
}

// MaxMalformed is how many malformed lines a Result keeps; MaxMalformedText
// how much of each.
const (
	MaxMalformed     = 5
	MaxMalformedText = 200
)

// Result is what Read counted.
type Result struct {
	Counter *Counter
	// Formats are the inputs' formats, in input order.
	Formats []Format
	// Lines are the lines read, empty ones included; Parsed those counted.
	Lines, Parsed, MalformedLines int64
	// Malformed are the first malformed lines, in input and line order.
	Malformed []Malformed
	// Errors are the inputs that broke off (a truncated .gz): what came
	// before is counted.
	Errors []error
}

// blockSize is how much of an input one worker parses at a time.
const blockSize = 1 << 20

// block is a run of whole lines of one input.
type block struct {
	input int
	// seq orders the input's blocks; line is the number of its first
	// line, known once the blocks before it are counted (set by the
	// collector).
	seq  int
	data []byte
	buf  *[]byte
}

// workerResult is one worker's part.
type workerResult struct {
	counter *Counter
	// lines, per (input, block seq): lines and malformed positions
	// within the block.
	lines     map[[2]int]int64
	malformed []blockMalformed
	parsed    int64
	bad       int64
}

type blockMalformed struct {
	input, seq int
	line       int64 // within the block, from 0
	text       string
}

// blockPool keeps block buffers from one Read to the next: a caller that
// reads many small inputs (a test, a fuzzer) would otherwise allocate a
// block's worth for each.
var blockPool = sync.Pool{New: func() any { b := make([]byte, 0, blockSize+64<<10); return &b }}

// Read counts the inputs. A read error other than a cut-off input stops
// it; a truncated input (an unexpected end of a .gz) is noted in
// Result.Errors and the rest is read.
func Read(ctx context.Context, inputs []Input, o Options) (*Result, error) {
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	res := &Result{Formats: make([]Format, len(inputs))}
	parsers := make([]*Parser, len(inputs))
	pool := &blockPool
	blocks := make(chan block, workers*2)
	results := make(chan workerResult, workers)
	var parsedAll atomic.Int64

	var wg sync.WaitGroup
	var parserMu sync.Mutex
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := workerResult{counter: NewCounter(o.Envs, o.Router), lines: map[[2]int]int64{}}
			r.counter.ByMethod = o.ByMethod
			own := map[int]*Parser{}
			var e Entry
			for b := range blocks {
				p := own[b.input]
				if p == nil {
					parserMu.Lock()
					proto := parsers[b.input]
					parserMu.Unlock()
					p = NewParser(proto.Format(), o.JSONFields)
					own[b.input] = p
				}
				var n, parsed int64
				data := b.data
				for len(data) > 0 {
					var line []byte
					if i := bytes.IndexByte(data, '\n'); i >= 0 {
						line, data = data[:i], data[i+1:]
					} else {
						line, data = data, nil
					}
					if len(line) > 0 && line[len(line)-1] == '\r' {
						line = line[:len(line)-1]
					}
					if len(line) == 0 {
						n++
						continue
					}
					if p.Parse(line, &e) {
						r.counter.Add(&e)
						parsed++
					} else {
						r.bad++
						r.keepMalformed(blockMalformed{input: b.input, seq: b.seq, line: n}, line)
					}
					n++
				}
				r.lines[[2]int{b.input, b.seq}] = n
				r.parsed += parsed
				parsedAll.Add(parsed)
				pool.Put(b.buf)
			}
			results <- r
		}()
	}

	// The reader: one input at a time, cut into blocks of whole lines.
	var readErr error
	var readBytes atomic.Int64
	seqs := make([]int, len(inputs))
	func() {
		defer close(blocks)
		for i, in := range inputs {
			if err := ctx.Err(); err != nil {
				readErr = err
				return
			}
			r, closeIn, err := decompress(&countingReader{r: in.R, n: &readBytes})
			if err != nil {
				readErr = fmt.Errorf("%s: %w", in.Name, err)
				return
			}
			br := bufio.NewReaderSize(r, 256<<10)
			format := o.Format
			if format == "" {
				head, _ := br.Peek(64 << 10)
				lines := bytes.Split(head, []byte{'\n'})
				if len(lines) > 1 && len(head) == 64<<10 {
					lines = lines[:len(lines)-1] // the last may be cut
				}
				if len(lines) > 50 {
					lines = lines[:50]
				}
				if format, err = Detect(lines); err != nil {
					closeIn()
					readErr = fmt.Errorf("%s: %w", in.Name, err)
					return
				}
			}
			parserMu.Lock()
			parsers[i] = NewParser(format, o.JSONFields)
			parserMu.Unlock()
			res.Formats[i] = format
			var carry []byte
			for {
				bp := pool.Get().(*[]byte)
				buf := append((*bp)[:0], carry...)
				n, err := fill(br, buf[len(buf):blockSize])
				buf = buf[:len(buf)+n]
				eof := errors.Is(err, io.EOF)
				if err != nil && !eof {
					if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) {
						// Count what came, then stop reading this input.
						res.Errors = append(res.Errors, fmt.Errorf("%s: cut off (%v): the lines before it are counted", in.Name, err))
						eof = true
					} else {
						closeIn()
						pool.Put(bp)
						readErr = fmt.Errorf("%s: %w", in.Name, err)
						return
					}
				}
				carry = carry[:0]
				if !eof {
					// Keep the last partial line for the next block.
					if j := bytes.LastIndexByte(buf, '\n'); j >= 0 {
						carry = append(carry, buf[j+1:]...)
						buf = buf[:j+1]
					}
				}
				*bp = buf
				if len(buf) > 0 {
					blocks <- block{input: i, seq: seqs[i], data: buf, buf: bp}
					seqs[i]++
				} else {
					pool.Put(bp)
				}
				if o.Progress != nil {
					o.Progress(readBytes.Load(), parsedAll.Load())
				}
				if eof {
					break
				}
			}
			closeIn()
		}
	}()
	wg.Wait()
	close(results)

	res.Counter = NewCounter(o.Envs, o.Router)
	res.Counter.ByMethod = o.ByMethod
	lines := map[[2]int]int64{}
	var malformed []blockMalformed
	for r := range results {
		res.Counter.Merge(r.counter)
		res.Parsed += r.parsed
		res.MalformedLines += r.bad
		for k, v := range r.lines {
			lines[k] = v
		}
		malformed = append(malformed, r.malformed...)
	}
	// Line numbers: the lines of the blocks before each one.
	start := map[[2]int]int64{}
	for i := range inputs {
		var at int64 = 1
		for s := 0; s < seqs[i]; s++ {
			start[[2]int{i, s}] = at
			at += lines[[2]int{i, s}]
		}
		res.Lines += at - 1
	}
	sortBlockMalformed(malformed)
	if len(malformed) > MaxMalformed {
		malformed = malformed[:MaxMalformed]
	}
	for _, m := range malformed {
		res.Malformed = append(res.Malformed, Malformed{File: inputs[m.input].Name, Line: start[[2]int{m.input, m.seq}] + m.line, Text: m.text})
	}
	if len(res.Malformed) > MaxMalformed {
		res.Malformed = res.Malformed[:MaxMalformed]
	}
	return res, readErr
}

// keepMalformed keeps m if it may be among the first MaxMalformed
// malformed lines of all the input: a worker keeps its own first ones.
func (r *workerResult) keepMalformed(m blockMalformed, line []byte) {
	if len(r.malformed) >= MaxMalformed {
		last := r.malformed[len(r.malformed)-1]
		if !before(m, last) {
			return
		}
		r.malformed = r.malformed[:len(r.malformed)-1]
	}
	m.text = malformedText(line)
	r.malformed = append(r.malformed, m)
	sortBlockMalformed(r.malformed)
}

// before orders malformed lines by input, block and line.
func before(a, b blockMalformed) bool {
	if a.input != b.input {
		return a.input < b.input
	}
	if a.seq != b.seq {
		return a.seq < b.seq
	}
	return a.line < b.line
}

func sortBlockMalformed(ms []blockMalformed) {
	sort.Slice(ms, func(i, j int) bool { return before(ms[i], ms[j]) })
}

// malformedText is a malformed line as a report may show it: valid
// UTF-8, scrubbed, cut.
func malformedText(line []byte) string {
	s := strings.ToValidUTF8(string(line), "?")
	if len(s) > MaxMalformedText*2 {
		s = s[:MaxMalformedText*2]
	}
	s = authdoctor.ScrubText(s)
	if len(s) > MaxMalformedText {
		cut := MaxMalformedText
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// fill reads into p until it is full or the reader ends: n and nil when
// full, n and io.EOF at a clean end, n and the error otherwise.
func fill(r io.Reader, p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := r.Read(p[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// countingReader counts the bytes read from the input itself (before
// decompression), for progress.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// decompress returns a reader of the input's lines: gunzipped when it
// starts with gzip's magic bytes.
func decompress(in io.Reader) (io.Reader, func() error, error) {
	br := bufio.NewReaderSize(in, 64<<10)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("not a gzip file: %w", err)
		}
		return zr, zr.Close, nil
	}
	return br, func() error { return nil }, nil
}

// OpenFile opens a log file as an Input ("-" is stdin, given as r).
func OpenFile(path string, stdin io.Reader) (Input, func() error, error) {
	if path == "-" {
		return Input{Name: "-", R: stdin}, func() error { return nil }, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return Input{}, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return Input{}, nil, err
	}
	if st.IsDir() {
		f.Close()
		return Input{}, nil, fmt.Errorf("%s is a directory: give the log files in it", path)
	}
	return Input{Name: path, R: f, Size: st.Size()}, f.Close, nil
}
