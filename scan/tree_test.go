package scan

import (
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyTree copies testdata/tree into a temporary directory with the
// secrets expanded: dot-git becomes .git (git cannot hold a .git of its
// own) and NAME.gz.txt is gzipped as NAME.gz.
func copyTree(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir("testdata/tree", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel("testdata/tree", p)
		rel = strings.Replace(filepath.ToSlash(rel), "dot-git/", ".git/", 1)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		text := expand(string(b))
		if strings.HasSuffix(rel, ".gz.txt") {
			f, err := os.Create(strings.TrimSuffix(out, ".txt"))
			if err != nil {
				return err
			}
			zw := gzip.NewWriter(f)
			zw.Write([]byte(text))
			if err := zw.Close(); err != nil {
				return err
			}
			return f.Close()
		}
		return os.WriteFile(out, []byte(text), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestTree: a directory is read recursively, .gz decompressed; .git,
// binary files and --exclude globs are skipped; findings come in the
// walk's order, then by line.
func TestTree(t *testing.T) {
	t.Parallel()
	dir := copyTree(t)
	res := Paths(context.Background(), []string{dir}, Options{Exclude: []string{"*.map"}})
	type row struct{ path, kind, vendor, severity string }
	var got []row
	for _, f := range res.Findings {
		rel, _ := filepath.Rel(dir, f.Path)
		got = append(got, row{filepath.ToSlash(rel), f.Kind, f.Vendor, f.Severity})
	}
	want := []row{
		{"frontend/dist/main.js", "vendor-key", "Stripe", SeverityCritical},
		{"frontend/dist/main.js", "vendor-key", "Stripe", SeverityInfo},
		{"logs/app.jsonl.gz", "jwt", "", SeverityHigh},
		{"logs/app.log", "bearer", "", SeverityHigh},
		{"node/static/vendor.min.js", "vendor-key", "Slack", SeverityHigh},
		{"src/.env", "vendor-key", "Stripe", SeverityMedium},
		{"src/.env", "userinfo-password", "", SeverityHigh},
	}
	if len(got) != len(want) {
		t.Fatalf("findings:\n got %v\nwant %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("finding %d: got %v, want %v", i, got[i], want[i])
		}
	}
	if res.Files != 5 || len(res.Binary) != 1 || !strings.HasSuffix(res.Binary[0], "logo.png") || len(res.Errors) != 0 {
		t.Errorf("files %d (want 5), binary %v (want logo.png), errors %v", res.Files, res.Binary, res.Errors)
	}
	if res.Leaks() != 6 {
		t.Errorf("Leaks() = %d, want 6", res.Leaks())
	}
	// A directory named through a symbolic link is read.
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	if res := Paths(context.Background(), []string{link}, Options{Exclude: []string{"*.map"}}); len(res.Findings) != len(want) || res.Files != 5 {
		t.Errorf("through a link: %d findings in %d files, want %d in 5", len(res.Findings), res.Files, len(want))
	}
	// A glob with a slash matches the path under the directory given; a
	// directory's name skips all of it.
	res = Paths(context.Background(), []string{dir}, Options{Exclude: []string{"*.map", "frontend/dist/*.js", "logs"}})
	if len(res.Findings) != 3 || res.Files != 2 {
		t.Errorf("with frontend/dist/*.js and logs excluded: %d findings in %d files, want 3 in 2: %+v", len(res.Findings), res.Files, res.Findings)
	}
}

// TestPathsErrors: a missing path is an InputError and the others are
// still read; a gzip stream cut short keeps the findings before the cut.
func TestPathsErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "a.log")
	os.WriteFile(good, []byte(expand("k {{STRIPE_LIVE}}\n")), 0o644)
	res := Paths(context.Background(), []string{filepath.Join(dir, "missing.log"), good}, Options{})
	if len(res.Errors) != 1 || !os.IsNotExist(res.Errors[0].Err) || len(res.Findings) != 1 {
		t.Errorf("errors %v, findings %d: want one not-exist error and one finding", res.Errors, len(res.Findings))
	}

	var b strings.Builder
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(expand("k {{STRIPE_LIVE}}\n" + strings.Repeat("filler line of a log\n", 4000))))
	zw.Close()
	cut := filepath.Join(dir, "cut.log.gz")
	os.WriteFile(cut, []byte(b.String()[:b.Len()-20]), 0o644)
	res = Paths(context.Background(), []string{cut}, Options{})
	if len(res.Errors) != 1 || len(res.Findings) != 1 {
		t.Errorf("cut gzip: errors %v, findings %d: want an error and the finding before it", res.Errors, len(res.Findings))
	}

	res = Paths(context.Background(), []string{"-"}, Options{Stdin: strings.NewReader(expand("a\nb {{GITHUB}}\n"))})
	if len(res.Findings) != 1 || res.Findings[0].Path != "-" || res.Findings[0].Line != 2 {
		t.Errorf("stdin: %+v", res.Findings)
	}
}
