package doctor_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/authdoctor/authdoctor/doctor"
	"github.com/authdoctor/authdoctor/lab"
)

// benchScenarios are the lab scenarios the benchmarks run: a rejected
// token (baseline and authenticated probe differ, no extra probe) and an
// accepted one.
var benchScenarios = []string{"expired", "ok"}

// startBenchLab starts one lab for a benchmark and its sub-benchmarks.
func startBenchLab(b *testing.B) *lab.Lab {
	b.Helper()
	l, err := lab.Start(context.Background(), lab.Config{})
	if err != nil {
		b.Fatalf("start lab: %v", err)
	}
	b.Cleanup(func() {
		if err := l.Close(); err != nil {
			b.Errorf("close lab: %v", err)
		}
	})
	return l
}

func scenario(b *testing.B, l *lab.Lab, name string) lab.Scenario {
	b.Helper()
	s, ok := l.Scenario(name)
	if !ok {
		b.Fatalf("no lab scenario %q", name)
	}
	return s
}

// urlPath is the path of raw, the key the lab counts hits under.
func urlPath(b *testing.B, raw string) string {
	b.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		b.Fatalf("parse scenario URL: %v", err)
	}
	return u.Path
}

// BenchmarkRunLab is one whole check of a lab scenario: a fresh Sender (and
// so a fresh connection), every probe the run decides to send, the checks
// twice and the diagnosis. requests/op is the number of HTTP requests the
// lab received per run (Lab.Hits), not what the run says it sent.
func BenchmarkRunLab(b *testing.B) {
	l := startBenchLab(b)
	for _, name := range benchScenarios {
		b.Run(name, func(b *testing.B) {
			s := scenario(b, l, name)
			req := fromScenario(s)
			ctx := context.Background()
			res, err := doctor.Run(ctx, req, doctor.Config{})
			if err != nil || res.Diagnosis.Verdict.Cause != s.Cause {
				b.Fatalf("Run = %s, %v; want %s: the benchmark would measure the wrong path", res.Diagnosis.Verdict.Cause, err, s.Cause)
			}
			path := urlPath(b, s.URL)
			before := l.Hits(path)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := doctor.Run(ctx, req, doctor.Config{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(l.Hits(path)-before)/float64(b.N), "requests/op")
		})
	}
}

// BenchmarkRawGET is the floor BenchmarkRunLab compares with: one plain
// net/http GET of the same URL with the same header, on a fresh transport
// each time (one new connection per op, as each run of doctor.Run and each
// curl process opens one), the body read to the end.
func BenchmarkRawGET(b *testing.B) {
	l := startBenchLab(b)
	for _, name := range benchScenarios {
		b.Run(name, func(b *testing.B) {
			s := scenario(b, l, name)
			req := fromScenario(s)
			ctx := context.Background()
			get := func() int {
				tr := &http.Transport{DisableCompression: true}
				defer tr.CloseIdleConnections()
				hr, err := http.NewRequestWithContext(ctx, http.MethodGet, req.URL, nil)
				if err != nil {
					b.Fatal(err)
				}
				for _, f := range req.Header {
					hr.Header.Add(f.Name, f.Value.Reveal())
				}
				resp, err := tr.RoundTrip(hr)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
				return resp.StatusCode
			}
			if st := get(); st < 200 {
				b.Fatalf("status %d", st)
			}
			path := urlPath(b, s.URL)
			before := l.Hits(path)
			b.ReportAllocs()
			for b.Loop() {
				get()
			}
			b.ReportMetric(float64(l.Hits(path)-before)/float64(b.N), "requests/op")
		})
	}
}
