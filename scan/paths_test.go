package scan

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor/internal/leakgen"
	"github.com/google/go-cmp/cmp"
)

// writeTree writes n files of leakgen's logs, some with credentials, in
// nested directories, and returns the root.
func writeTree(t testing.TB, n int) string {
	t.Helper()
	root := t.TempDir()
	for i := range n {
		var log bytes.Buffer
		if _, err := leakgen.Write(&log, leakgen.Config{Lines: 20 + i%50, Leaks: i % 3, Seed: uint64(i + 1)}); err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(root, fmt.Sprintf("d%02d", i%7))
		os.MkdirAll(dir, 0o755)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%04d.log", i)), log.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// TestPathsInOrder: files read several at a time give the findings,
// files, bytes and errors of reading them one after the other, in the
// same order.
func TestPathsInOrder(t *testing.T) {
	t.Parallel()
	root := writeTree(t, 120)
	missing := filepath.Join(root, "no-such-file")
	got := Paths(context.Background(), []string{root, missing, root}, Options{})
	var want Result
	for _, p := range []string{root, missing, root} {
		if p == missing {
			want.Errors = append(want.Errors, InputError{Path: p})
			continue
		}
		filepath.WalkDir(p, func(q string, d os.DirEntry, err error) error {
			if !d.Type().IsRegular() {
				return nil
			}
			b, _ := os.ReadFile(q)
			n, err := Reader(context.Background(), q, bytes.NewReader(b), func(f Finding) { want.Findings = append(want.Findings, f) })
			if err != nil {
				t.Fatal(err)
			}
			want.Files++
			want.Bytes += n
			return nil
		})
	}
	if len(want.Findings) < 50 {
		t.Fatalf("only %d findings in the tree", len(want.Findings))
	}
	if diff := cmp.Diff(want.Findings, got.Findings); diff != "" {
		t.Fatalf("findings (-one after the other +at once):\n%s", diff)
	}
	if got.Files != want.Files || got.Bytes != want.Bytes || len(got.Errors) != 1 || got.Errors[0].Path != missing {
		t.Fatalf("files %d/%d, bytes %d/%d, errors %v", got.Files, want.Files, got.Bytes, want.Bytes, got.Errors)
	}
	if !strings.Contains(got.Findings[len(got.Findings)-1].Path, root) {
		t.Fatal("the last finding is not from the tree read last")
	}
}

// BenchmarkTree scans 300 small files (about 5 MB): a directory of logs
// or a repository, where the cost per file counts.
func BenchmarkTree(b *testing.B) {
	root := writeTree(b, 300)
	var size int64
	filepath.WalkDir(root, func(q string, d os.DirEntry, err error) error {
		if info, err := d.Info(); err == nil && d.Type().IsRegular() {
			size += info.Size()
		}
		return nil
	})
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		if res := Paths(context.Background(), []string{root}, Options{}); res.Files != 300 {
			b.Fatalf("%d files", res.Files)
		}
	}
}
