package scan

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor/internal/leakgen"
)

// corpusLeakLines is how many credentials the corpus tests plant: 30 of
// each kind.
var corpusLeakLines = 30 * len(leakgen.LeakKinds)

// TestCorpusCanary: on leakgen's corpus (40,000 lines, 30 credentials
// of each kind, decoys), no planted value appears in any field of any
// finding, and the scanner finds something of every kind (the excerpts
// and fingerprints are then exercised on every shape).
func TestCorpusCanary(t *testing.T) {
	t.Parallel()
	var log bytes.Buffer
	truth, err := leakgen.Write(&log, leakgen.Config{Lines: 40_000, Leaks: corpusLeakLines, Seed: 12})
	if err != nil {
		t.Fatal(err)
	}
	var findings []Finding
	if _, err := Reader(context.Background(), "app.log", bytes.NewReader(log.Bytes()), func(f Finding) { findings = append(findings, f) }); err != nil {
		t.Fatal(err)
	}
	kinds := map[int]string{}
	for _, m := range truth.Marks {
		if m.Leak {
			kinds[m.Line] = m.Kind
		}
	}
	found := map[string]bool{}
	for _, f := range findings {
		if k, ok := kinds[f.Line]; ok && f.Leak() {
			found[k] = true
		}
		for _, m := range truth.Marks {
			for _, s := range m.Secrets {
				for _, field := range []string{f.Path, f.Kind, f.Vendor, f.Environment, f.Severity, f.Fingerprint, f.Prefix, f.Field, f.Excerpt} {
					if strings.Contains(field, s) {
						t.Fatalf("the finding on line %d holds the %s planted on line %d", f.Line, m.Kind, m.Line)
					}
				}
			}
		}
	}
	for _, k := range leakgen.LeakKinds {
		if !found[k] {
			t.Errorf("no %s credential found", k)
		}
	}
}

// BenchmarkCorpus scans 32 MB of leakgen's corpus (about 90,000 lines of
// service, client and proxy logs, 2,139 credentials per 212 MB as in
// issue 12's reference log, a decoy on one line in twenty) through
// Reader: whatever Reader is, parallel or not.
func BenchmarkCorpus(b *testing.B) {
	var log bytes.Buffer
	truth, err := leakgen.Write(&log, leakgen.Config{Bytes: 32 << 20, Leaks: 2139 * 32 << 20 / 212_000_000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(log.Len()))
	b.ResetTimer()
	for b.Loop() {
		n := 0
		if _, err := Reader(context.Background(), "app.log", bytes.NewReader(log.Bytes()), func(f Finding) {
			if f.Leak() {
				n++
			}
		}); err != nil {
			b.Fatal(err)
		}
		if n < truth.Leaks()/2 {
			b.Fatalf("%d leaks found of %d planted", n, truth.Leaks())
		}
	}
}
