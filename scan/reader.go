package scan

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"unsafe"

	"github.com/authdoctor/authdoctor"
)

// maxLine is the longest piece of a line scanned at once; a longer line
// (a minified bundle without line breaks) is scanned in pieces of this
// size, and a credential cut by a piece boundary may be missed.
const maxLine = 16 << 20

// blockSize is how much of an input one worker searches at a time: whole
// lines, cut after the last line break that fits.
const blockSize = 1 << 20

// Reader scans r, named path in the findings, line by line, calling fn
// for each finding in order, and returns how many bytes of text it read.
// A gzip stream is decompressed. It returns ErrBinary, before any
// finding, for binary input, and the read error, after the findings
// before it, for input that breaks off.
//
// The input is read in blocks of whole lines, searched on every core
// for the few places a credential could be (authdoctor.IndexCandidate,
// which stops at the armour of a PEM key too); only the lines with one
// are scanned in full. The state that spans lines (a private key's body, an AWS secret
// a few lines after its key id) is kept by one goroutine, which walks
// the lines in between while it needs them. fn is called from the
// caller's goroutine.
func Reader(ctx context.Context, path string, r io.Reader, fn func(Finding)) (int64, error) {
	return readBlocks(ctx, path, r, fn, blockSize, maxLine)
}

// readBlocks is Reader with blocks of blockLen bytes and pieces of long
// lines of lineLen bytes (tests make them small).
func readBlocks(ctx context.Context, path string, r io.Reader, fn func(Finding), blockLen, lineLen int) (int64, error) {
	br, _ := readerPool.Get().(*bufio.Reader)
	if br == nil {
		br = bufio.NewReaderSize(r, 64<<10)
	} else {
		br.Reset(r)
	}
	defer func(b *bufio.Reader) {
		b.Reset(nil)
		readerPool.Put(b)
	}(br)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return 0, fmt.Errorf("read gzip: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	if head, _ := br.Peek(binaryPeek); bytes.IndexByte(head, 0) >= 0 {
		return 0, ErrBinary
	}
	m := merger{ls: lineScanner{path: path, emit: fn}, line: 1}
	in := blockReader{r: br, size: blockLen, maxLine: lineLen}
	defer in.recycle()
	workers := runtime.GOMAXPROCS(0)
	var (
		work  chan *block
		wg    sync.WaitGroup
		queue []*block // blocks handed to the workers, in input order
	)
	defer func() {
		if work != nil {
			close(work)
			wg.Wait()
		}
	}()
	var total int64
	for {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		b, err := in.next()
		if b != nil {
			total += int64(len(b.buf))
			if work == nil && err != nil {
				// One block is all there is (most files of a tree): no
				// goroutine.
				b.search()
				m.merge(b)
				in.free = append(in.free, b.buf)
			} else {
				if work == nil {
					work = make(chan *block, 2*workers)
					for range workers {
						wg.Add(1)
						go func() {
							defer wg.Done()
							for b := range work {
								b.search()
								close(b.done)
							}
						}()
					}
				}
				b.done = make(chan struct{})
				work <- b
				queue = append(queue, b)
			}
		}
		for len(queue) > 0 && (len(queue) >= 2*workers || err != nil) {
			<-queue[0].done
			m.merge(queue[0])
			in.free = append(in.free, queue[0].buf)
			queue = queue[1:]
		}
		if err != nil {
			m.ls.end()
			if err == io.EOF {
				err = nil
			}
			return total, err
		}
	}
}

// block is a piece of the input: whole lines, but for a line longer than
// maxLine, which is cut into pieces (cut is then true). search fills
// lines and cands.
type block struct {
	buf   []byte
	cut   bool
	lines int // line breaks in buf
	cands []candLine
	done  chan struct{}
}

// candLine is a line of a block where a credential could be, with what
// FindSecrets found in it.
type candLine struct {
	index int // lines before it in the block
	start int // its offset in the block
	text  string
	hits  []hit
}

// search finds the lines of the block with a candidate and scans them.
func (b *block) search() {
	// The block is not written to while this string is in use; what is
	// kept of a line is copied.
	s := unsafe.String(unsafe.SliceData(b.buf), len(b.buf))
	index, off := 0, 0
	for off < len(s) {
		i := authdoctor.IndexCandidate(s[off:]) // PEM armour included
		if i < 0 {
			break
		}
		i += off
		if s[i] == '\n' {
			i++ // an anchor that starts with the delimiter before a key
		}
		start := strings.LastIndexByte(s[:i], '\n') + 1
		end := len(s)
		if e := strings.IndexByte(s[i:], '\n'); e >= 0 {
			end = i + e
		}
		index += strings.Count(s[off:start], "\n")
		text := strings.Clone(trimEOL(s[start:end]))
		b.cands = append(b.cands, candLine{index: index, start: start, text: text, hits: analyse(text, nil)})
		index++
		off = end + 1
	}
	switch {
	case off < len(s):
		index += strings.Count(s[off:], "\n")
	case off > len(s):
		index-- // the last line, a candidate, has no line break
	}
	b.lines = index
}

// merger applies the blocks in order: the line numbers, and the state
// that spans lines.
type merger struct {
	ls lineScanner
	// line is the number of the block's first line, col the offset in
	// it of the block's start (not 0 after a cut).
	line, col int
}

func (m *merger) merge(b *block) {
	s := b.buf
	pos, index := 0, 0 // the next line not yet seen, and its index
	// walk scans the lines from pos up to (not including) line index
	// upto while a key's body or an AWS key id's pairing window needs
	// them, and skips the rest.
	walk := func(upto, start int) {
		for index < upto && m.needsLines(m.line+index) {
			end := bytes.IndexByte(s[pos:], '\n')
			m.ls.line(m.line+index, m.colOf(index), trimEOL(string(s[pos:pos+end])))
			pos += end + 1
			index++
		}
		if index < upto {
			pos, index = start, upto
		}
	}
	for _, c := range b.cands {
		walk(c.index, c.start)
		m.ls.lineWith(m.line+c.index, m.colOf(c.index), c.text, c.hits)
		index = c.index + 1
		pos = c.start + len(c.text)
		if e := bytes.IndexByte(s[pos:], '\n'); e >= 0 {
			pos += e + 1
		} else {
			pos = len(s)
		}
	}
	// The lines after the last candidate, the one after the last line
	// break included (the end of the input, or a piece of a long line).
	for pos < len(s) && m.needsLines(m.line+index) {
		end := len(s)
		if e := bytes.IndexByte(s[pos:], '\n'); e >= 0 {
			end = pos + e
		}
		m.ls.line(m.line+index, m.colOf(index), trimEOL(string(s[pos:end])))
		pos = end + 1
		index++
	}
	if b.cut {
		last := bytes.LastIndexByte(s, '\n') + 1
		if b.lines == 0 {
			m.col += len(s)
		} else {
			m.col = len(s) - last
		}
	} else {
		m.col = 0
	}
	m.line += b.lines
}

// colOf is the offset of the block's line index in the input's line.
func (m *merger) colOf(index int) int {
	if index == 0 {
		return m.col
	}
	return 0
}

// needsLines reports whether line n must be scanned although it has no
// candidate: it is in a private key's body, or near an AWS key id.
func (m *merger) needsLines(n int) bool {
	return m.ls.pem.open || m.ls.awsLine != 0 && n-m.ls.awsLine <= awsPairLines
}

// readerPool keeps the 64 KiB buffered readers inputs are peeked through
// (gzip magic, binary bytes), for the same reason as blockPool.
var readerPool sync.Pool

// blockPool keeps block buffers from one input to the next: a tree of
// small files would otherwise allocate (and the kernel zero) a block for
// each.
var blockPool sync.Pool

// recycle gives the reader's buffers back to blockPool.
func (br *blockReader) recycle() {
	for _, b := range br.free {
		if cap(b) == br.size {
			b := b[:0]
			blockPool.Put(&b)
		}
	}
	br.free = nil
}

// blockReader cuts its input into blocks.
type blockReader struct {
	r    io.Reader
	rest []byte // read after the last line break of the previous block
	err  error
	// free are the buffers of blocks merged, to be read into again;
	// they go back to blockPool when the input is read.
	free [][]byte
	// size is the length of a block; maxLine of a piece of a long line.
	size, maxLine int
}

// next returns the next block, and io.EOF or the read error with the
// last one (which may be nil then).
func (br *blockReader) next() (*block, error) {
	if br.err != nil && len(br.rest) == 0 {
		return nil, br.err
	}
	var buf []byte
	need := max(br.size, 2*len(br.rest))
	if n := len(br.free); n > 0 && cap(br.free[n-1]) >= need {
		buf, br.free = br.free[n-1][:0], br.free[:n-1]
	} else if b, ok := blockPool.Get().(*[]byte); ok && cap(*b) >= need {
		buf = (*b)[:0]
	} else {
		buf = make([]byte, 0, need)
	}
	buf = append(buf, br.rest...)
	br.rest = br.rest[:0]
	for br.err == nil {
		limit := min(cap(buf), br.maxLine)
		if len(buf) >= limit {
			if i := bytes.LastIndexByte(buf, '\n'); i >= 0 {
				br.rest = append(br.rest, buf[i+1:]...)
				return &block{buf: buf[:i+1]}, nil
			}
			if len(buf) >= br.maxLine {
				return &block{buf: buf, cut: true}, nil
			}
			buf = append(buf, 0)[:len(buf)] // room to read on
			continue
		}
		n, err := br.r.Read(buf[len(buf):limit])
		buf = buf[:len(buf)+n]
		br.err = err
	}
	if len(buf) == 0 {
		return nil, br.err
	}
	return &block{buf: buf}, br.err
}
