package scan

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/internal/loggen"
)

// BenchmarkReader scans 100,000 lines of loggen's access log (about 19
// MB): one line in six has a Stripe test key in its query and one in six
// a JWT, the rest none — the shape of an HTTP client's debug log. One
// core. Issue 12's goal is far above this; it measures where we start.
func BenchmarkReader(b *testing.B) {
	var log bytes.Buffer
	if _, err := loggen.Write(&log, loggen.Config{Lines: 100_000, Start: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Seed: 3}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(log.Len()))
	b.ResetTimer()
	for b.Loop() {
		n := 0
		if _, err := Reader(context.Background(), "access.log", bytes.NewReader(log.Bytes()), func(Finding) { n++ }); err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			b.Fatal("no finding in a log with planted keys")
		}
	}
}
