package scan

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
)

// Options say what Paths reads. The zero value reads every file given
// and every file under a directory given, but .git directories and
// binary files, and reads stdin from nothing.
type Options struct {
	// Exclude are globs (path.Match) of files and directories to skip
	// under a directory given: matched against the base name and the
	// slash-separated path relative to that directory (dist/*.map,
	// vendor, *.min.js).
	// Paths named on the command line are always read.
	Exclude []string
	// Stdin is read for the path "-".
	Stdin io.Reader
	// Progress, when set, is called now and then (every MiB or so, and
	// after each input) with the bytes read so far and the findings so
	// far; from the scanning goroutine.
	Progress func(bytes int64, findings int)
}

// Result is what Paths found and read.
type Result struct {
	// Findings in the order of the inputs, then by line and column.
	Findings []Finding
	// Files is how many inputs were read (stdin counts as one); Bytes
	// how many bytes of text, after decompression.
	Files int
	Bytes int64
	// Binary lists the files skipped for a NUL byte in their first
	// binaryPeek bytes.
	Binary []string
	// Errors are the inputs that could not be read, or broke off (the
	// findings before the break are kept).
	Errors []InputError

	progress func(int64, int)
}

// Leaks is how many findings are leaks (not SeverityInfo).
func (r Result) Leaks() int {
	n := 0
	for _, f := range r.Findings {
		if f.Leak() {
			n++
		}
	}
	return n
}

// InputError is an input that could not be read.
type InputError struct {
	Path string
	Err  error
}

func (e InputError) Error() string { return e.Err.Error() }

// binaryPeek is how much of a file is looked at for a NUL byte, as git
// and grep do.
const binaryPeek = 8 << 10

// ErrBinary is returned by Reader for an input with a NUL byte in its
// first binaryPeek bytes.
var ErrBinary = errors.New("binary file")

// Paths scans every path in order: files, directories (recursively) and
// "-" for o.Stdin. It stops early only when ctx is done. Several files are
// read at once, one a core; the result is in the order of the inputs all
// the same, and Progress is called from the caller's goroutine.
func Paths(ctx context.Context, paths []string, o Options) Result {
	res := Result{progress: o.Progress}
	pl := newPipeline(ctx, &res)
	for _, p := range paths {
		if ctx.Err() != nil {
			pl.fail(InputError{Path: p, Err: ctx.Err()})
			break
		}
		if p == "-" {
			pl.read("-", openStdin(o.Stdin))
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			pl.fail(InputError{Path: p, Err: err})
			continue
		}
		if !st.IsDir() {
			pl.readFile(p)
			continue
		}
		root := p
		if lst, err := os.Lstat(p); err == nil && lst.Mode()&fs.ModeSymlink != 0 {
			// A directory named through a symbolic link is walked (the
			// walk follows no link below it); the trailing separator
			// makes WalkDir's Lstat follow this one.
			root = p + string(filepath.Separator)
		}
		err = filepath.WalkDir(root, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				pl.fail(InputError{Path: q, Err: err})
				return nil
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if q != root && excluded(root, q, d, o.Exclude) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				pl.readFile(q)
			}
			return nil
		})
		if err != nil {
			pl.fail(InputError{Path: p, Err: err})
		}
	}
	pl.finish()
	return res
}

// excluded reports whether the walk of root skips q: a .git directory,
// or a name or path (relative to root) an --exclude glob matches.
func excluded(root, q string, d fs.DirEntry, globs []string) bool {
	if d.IsDir() && d.Name() == ".git" {
		return true
	}
	rel, err := filepath.Rel(root, q)
	if err != nil {
		rel = q
	}
	slash := filepath.ToSlash(rel)
	for _, g := range globs {
		if ok, _ := path.Match(g, d.Name()); ok {
			return true
		}
		if ok, _ := path.Match(g, slash); ok {
			return true
		}
	}
	return false
}

func (res *Result) readFile(ctx context.Context, p string) {
	res.read(ctx, p, func() (io.ReadCloser, error) { return os.Open(p) })
}

// read scans one input and records what it found, or why not.
func (res *Result) read(ctx context.Context, p string, open func() (io.ReadCloser, error)) {
	f, err := open()
	if err != nil {
		res.Errors = append(res.Errors, InputError{Path: p, Err: err})
		return
	}
	defer f.Close()
	start := len(res.Findings)
	var r io.Reader = f
	if res.progress != nil {
		base := res.Bytes
		r = &progressReader{r: f, fn: func(n int64) { res.progress(base+n, len(res.Findings)) }}
	}
	n, err := Reader(ctx, p, r, func(x Finding) { res.Findings = append(res.Findings, x) })
	res.Bytes += n
	if res.progress != nil {
		defer func() { res.progress(res.Bytes, len(res.Findings)) }()
	}
	switch {
	case errors.Is(err, ErrBinary):
		res.Binary = append(res.Binary, p)
		return
	case err != nil:
		res.Errors = append(res.Errors, InputError{Path: p, Err: err})
	}
	res.Files++
	slices.SortStableFunc(res.Findings[start:], func(a, b Finding) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
}

// progressReader calls fn with the bytes read so far, every progressEvery.
type progressReader struct {
	r       io.Reader
	n, last int64
	fn      func(int64)
}

const progressEvery = 1 << 20

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n += int64(n)
	if p.n-p.last >= progressEvery {
		p.last = p.n
		p.fn(p.n)
	}
	return n, err
}

func trimEOL(s string) string {
	s = strings.TrimSuffix(s, "\n")
	return strings.TrimSuffix(s, "\r")
}

// lineScanner finds the credentials in the lines of one input, keeping
// the state of a PEM block that spans lines.
type lineScanner struct {
	path string
	emit func(Finding)
	hits []hit
	pem  pemBlock
	// awsLine is the last line with an AWS access key id, 0 for none.
	awsLine int
}

// pemBlock is a private key whose BEGIN line was seen and END not yet.
type pemBlock struct {
	open      bool
	line, col int
	excerpt   string
	body      strings.Builder
}

// line scans one line (or a piece of one: col is the offset of s in it).
func (ls *lineScanner) line(n, col int, s string) {
	if ls.pemBody(s) {
		return
	}
	ls.hits = analyse(s, ls.hits[:0])
	ls.afterPEM(n, col, s, ls.hits)
}

// lineWith is line for a line whose FindSecrets hits are known.
func (ls *lineScanner) lineWith(n, col int, s string, hits []hit) {
	if !ls.pemBody(s) {
		ls.afterPEM(n, col, s, hits)
	}
}

// pemBody adds s to the body of an open private key, up to its END line,
// and reports whether all of s was body: nothing else is on its lines.
func (ls *lineScanner) pemBody(s string) bool {
	if !ls.pem.open {
		return false
	}
	i := strings.Index(s, "-----END ")
	if i < 0 {
		ls.pem.add(s)
		return true
	}
	ls.pem.add(s[:i])
	ls.closePEM()
	return false
}

// analyse appends to hits what FindSecrets finds in line s, judged. It
// keeps no state: the workers of Reader call it on the lines they find.
func analyse(s string, hits []hit) []hit {
	authdoctor.FindSecrets(s, func(sp authdoctor.Span) bool {
		h := judge(s, sp)
		if h.leak && insideRedactMarker(s, sp.Start) {
			h.leak = false // the fingerprint in [redacted:private-key:FP]
		}
		hits = append(hits, h)
		return true
	})
	return hits
}

// redactMarker starts what authdoctor redact writes in place of a
// credential: [redacted:KIND:FINGERPRINT].
const redactMarker = "[redacted:"

// insideRedactMarker reports whether s[at:] is inside such a marker,
// whose kind and fingerprint read like a credential-named field.
func insideRedactMarker(s string, at int) bool {
	i := strings.LastIndex(s[:at], redactMarker)
	return i >= 0 && !strings.Contains(s[i:at], "]")
}

// afterPEM finishes a line outside a key's body: a key that starts on
// it, AWS secrets, and the findings.
func (ls *lineScanner) afterPEM(n, col int, s string, hits []hit) {
	hits = ls.privateKey(n, col, s, hits)
	hits = ls.awsSecrets(n, s, hits)
	leaks := false
	for _, h := range hits {
		leaks = leaks || h.leak
	}
	if !leaks {
		return
	}
	red, at := redactLine(s, hits)
	for i, h := range hits {
		if !h.leak {
			continue
		}
		fp := h.fingerprint
		if fp == "" {
			fp = credential.Fingerprint(s[h.start:h.end])
		}
		ls.emit(Finding{
			Path: ls.path, Line: n, Column: col + h.start + 1, ColumnUTF16: col + utf16Column(s, h.start),
			Kind: h.kind, Vendor: h.vendor, Environment: h.env,
			Severity: severity(h, ls.path), Fingerprint: fp,
			Prefix: s[h.start : h.start+h.keep], Field: h.field,
			Excerpt: excerpt(red, at[i]),
		})
	}
}

// end reports a private key whose END line never came.
func (ls *lineScanner) end() {
	if ls.pem.open {
		ls.closePEM()
	}
}
