package accesslog

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/authdoctor/authdoctor/internal/loggen"
)

// benchLines is the size of the benchmark log: the 2-million-line
// vhost_combined log (about 300 MB).
const benchLines = 2_000_000

var (
	benchOnce sync.Once
	benchLog  []byte
)

func benchmarkLog(b *testing.B) []byte {
	benchOnce.Do(func() {
		var buf bytes.Buffer
		if _, err := loggen.Write(&buf, loggen.Config{Format: loggen.VhostCombined, Lines: benchLines, Start: genStart, Seed: 1,
			Incident: &loggen.Incident{Host: "api.example.com", Route: "/v1/orders/{id}", From: 600 * 60e9, For: 40 * 60e9, Rate: 0.5}}); err != nil {
			b.Fatal(err)
		}
		benchLog = buf.Bytes()
	})
	return benchLog
}

// BenchmarkRead reads the 2-million-line log on every core, from memory
// (the page cache's part is the same for every tool). Target: 3 M lines/s
// on 2 cores.
func BenchmarkRead(b *testing.B) {
	log := benchmarkLog(b)
	b.SetBytes(int64(len(log)))
	b.ResetTimer()
	for b.Loop() {
		res, err := Read(context.Background(), []Input{{Name: "bench.log", R: bytes.NewReader(log)}}, Options{})
		if err != nil || res.Parsed != benchLines {
			b.Fatalf("%v, %d parsed", err, res.Parsed)
		}
	}
	b.ReportMetric(float64(benchLines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkParseLine is one vhost_combined line through the parser and
// the counter, on one core.
func BenchmarkParseLine(b *testing.B) {
	log := benchmarkLog(b)
	lines := bytes.SplitN(log[:1<<20], []byte{'\n'}, 5000)
	lines = lines[:len(lines)-1]
	p := NewParser(VhostCombined, nil)
	c := NewCounter(nil, nil)
	var e Entry
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if !p.Parse(lines[i%len(lines)], &e) {
			b.Fatal("not parsed")
		}
		c.Add(&e)
		i++
	}
}
