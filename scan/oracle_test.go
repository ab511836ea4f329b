package scan

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/internal/loggen"
	"github.com/google/go-cmp/cmp"
)

// readerAllLines is the Reader before blocks and the prefilter: it scans
// every line in turn. It is the oracle of FuzzReaderMatchesAllLines.
// It scans r, named path in the findings, line by line, calling fn
// for each finding, and returns how many bytes of text it read. A gzip
// stream is decompressed. It returns ErrBinary, before any finding, for
// binary input, and the read error, after the findings before it, for
// input that breaks off.
func readerAllLines(ctx context.Context, path string, r io.Reader, fn func(Finding)) (int64, error) {
	br := bufio.NewReaderSize(r, 64<<10)
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
	ls := lineScanner{path: path, emit: fn}
	var total int64
	var long []byte // a line longer than the reader's buffer, so far
	lineNo, col := 1, 0
	for {
		if lineNo%1024 == 0 && ctx.Err() != nil {
			return total, ctx.Err()
		}
		chunk, err := br.ReadSlice('\n')
		total += int64(len(chunk))
		if errors.Is(err, bufio.ErrBufferFull) {
			long = append(long, chunk...)
			if len(long) >= maxLine {
				ls.line(lineNo, col, string(long))
				col += len(long)
				long = long[:0]
			}
			continue
		}
		line := chunk
		if len(long) > 0 {
			long = append(long, chunk...)
			line = long
		}
		if len(line) > 0 {
			ls.line(lineNo, col, trimEOL(string(line)))
		}
		long, col = long[:0], 0
		if err == io.EOF {
			break
		}
		if err != nil {
			ls.end()
			return total, err
		}
		lineNo++
	}
	ls.end()
	return total, nil
}

// allLines is what readerAllLines finds in s.
func allLines(t testing.TB, s string) []Finding {
	t.Helper()
	var out []Finding
	if _, err := readerAllLines(context.Background(), "f.log", strings.NewReader(s), func(x Finding) { out = append(out, x) }); err != nil && !errors.Is(err, ErrBinary) {
		t.Fatal(err)
	}
	return out
}

// inBlocks is what Reader finds in s with blocks of n bytes.
func inBlocks(t testing.TB, s string, n int) []Finding {
	t.Helper()
	var out []Finding
	if _, err := readBlocks(context.Background(), "f.log", strings.NewReader(s), func(x Finding) { out = append(out, x) }, n, maxLine); err != nil && !errors.Is(err, ErrBinary) {
		t.Fatal(err)
	}
	return out
}

// oracleInputs are texts with every kind of finding, keys across block
// boundaries, AWS pairs a few lines apart and keys without a line break.
func oracleInputs() []string {
	var log bytes.Buffer
	if _, err := loggen.Write(&log, loggen.Config{Lines: 3000, Start: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Seed: 5}); err != nil {
		panic(err)
	}
	aws := expand("aws_access_key_id = {{AWS_ID}}\n# a comment\n\n{{AWS_SECRET}}\nnext\n")
	mixed := expand("ok\nAuthorization: Basic {{BASIC}}\r\n" + pemKey() + "x {{STRIPE_LIVE}} y {{JWT}}\n\n{{GITHUB}},{{SLACK}}\nid,secret\n{{AWS_ID}},{{AWS_SECRET}}\n")
	return []string{
		"", "\n", "plain\n", "no line break at the end " + expand("{{STRIPE_LIVE}}"),
		aws, mixed, strings.Repeat(mixed, 7), pemKey() + pemKey(), "-----BEGIN PRIVATE KEY-----\nAAAA\n" + strings.Repeat("B", 300),
		strings.Repeat("x", 5000) + expand(" Bearer {{OPAQUE}}\n"), log.String(),
	}
}

// TestReaderMatchesAllLines: Reader finds what scanning every line
// finds, whatever the block size (a block of 1 byte grows to a line).
func TestReaderMatchesAllLines(t *testing.T) {
	t.Parallel()
	for i, s := range oracleInputs() {
		want := allLines(t, s)
		if i == len(oracleInputs())-1 && len(want) < 100 {
			t.Fatalf("the generated log has only %d findings", len(want))
		}
		for _, n := range []int{1, 7, 64, 333, 4096, blockSize} {
			if diff := cmp.Diff(want, inBlocks(t, s, n)); diff != "" {
				t.Errorf("input %d, blocks of %d (-all lines +blocks):\n%s", i, n, diff)
			}
		}
	}
}

// FuzzReaderMatchesAllLines: the same, on any input.
func FuzzReaderMatchesAllLines(f *testing.F) {
	for _, s := range oracleInputs()[:10] {
		f.Add(s, uint16(16))
	}
	f.Fuzz(func(t *testing.T, s string, n uint16) {
		if diff := cmp.Diff(allLines(t, s), inBlocks(t, s, int(n%512)+1)); diff != "" {
			t.Fatalf("blocks of %d (-all lines +blocks):\n%s", int(n%512)+1, diff)
		}
	})
}

// TestReaderCutsLongLines: a line longer than the piece length is
// scanned in pieces, each finding at its column in the whole line.
func TestReaderCutsLongLines(t *testing.T) {
	t.Parallel()
	key := expand("{{STRIPE_LIVE}}")
	line := strings.Repeat("a", 100) + " " + key + " " + strings.Repeat("b", 200) + " " + key + " z"
	in := "first\n" + line + "\nlast " + key + "\n"
	var got []Finding
	if _, err := readBlocks(context.Background(), "f.log", strings.NewReader(in), func(x Finding) { got = append(got, x) }, 64, 256); err != nil {
		t.Fatal(err)
	}
	type at struct{ Line, Column int }
	var where []at
	for _, x := range got {
		where = append(where, at{x.Line, x.Column})
	}
	second := strings.LastIndex(line, key) + 1
	want := []at{{2, 102}, {2, second}, {3, 6}}
	if diff := cmp.Diff(want, where); diff != "" {
		t.Fatalf("findings (-want +got):\n%s", diff)
	}
}

// TestReaderBreaksOff: gzip is read through; a read error comes
// after the findings before it.
func TestReaderBreaksOff(t *testing.T) {
	t.Parallel()
	in := strings.Repeat(expand("x {{STRIPE_LIVE}}\n"), 100)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(in))
	zw.Close()
	if diff := cmp.Diff(inBlocks(t, in, 64), inBlocks(t, gz.String(), 64)); diff != "" {
		t.Fatalf("gzip (-plain +gzip):\n%s", diff)
	}
	broken := io.MultiReader(strings.NewReader(in[:len(in)/2]), iotest{})
	var got []Finding
	_, err := readBlocks(context.Background(), "f.log", broken, func(x Finding) { got = append(got, x) }, 64, maxLine)
	if !errors.Is(err, errBroken) || len(got) < 40 {
		t.Fatalf("err %v after %d findings, want errBroken after 49 or so", err, len(got))
	}
}

var errBroken = errors.New("broken")

type iotest struct{}

func (iotest) Read([]byte) (int, error) { return 0, errBroken }
