package accesslog

import (
	"bytes"
	"compress/gzip"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor/internal/loggen"
)

var genStart = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// generate writes a log and returns it with its reference counts.
func generate(t testing.TB, cfg loggen.Config) ([]byte, loggen.Truth) {
	t.Helper()
	var b bytes.Buffer
	truth, err := loggen.Write(&b, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), truth
}

// counted is what Read counted, keyed like the reference.
func counted(t testing.TB, res *Result) loggen.Truth {
	t.Helper()
	got := loggen.Truth{}
	for _, s := range res.Counter.Series() {
		k := loggen.Key{Env: s.Env, Route: s.Route}
		c := got[k]
		c.Requests += s.Requests
		c.Unauthorized += s.Unauthorized
		c.Forbidden += s.Forbidden
		got[k] = c
	}
	return got
}

// TestReadMatchesReference reads generated logs in each format, over
// several workers, plain and gzipped, and compares every count with what
// the generator wrote.
func TestReadMatchesReference(t *testing.T) {
	t.Parallel()
	for _, f := range []loggen.Format{loggen.VhostCombined, loggen.Combined, loggen.JSON} {
		t.Run(string(f), func(t *testing.T) {
			t.Parallel()
			log, truth := generate(t, loggen.Config{Format: f, Lines: 60_000, Start: genStart, Seed: 7})
			if f == loggen.Combined {
				// No host in the line: every request is in NoHost.
				merged := loggen.Truth{}
				for k, c := range truth {
					m := merged[loggen.Key{Env: NoHost, Route: k.Route}]
					m.Requests += c.Requests
					m.Unauthorized += c.Unauthorized
					m.Forbidden += c.Forbidden
					merged[loggen.Key{Env: NoHost, Route: k.Route}] = m
				}
				truth = merged
			}
			var gz bytes.Buffer
			zw := gzip.NewWriter(&gz)
			zw.Write(log)
			zw.Close()
			for name, in := range map[string][]byte{"plain": log, "gzip": gz.Bytes()} {
				for _, workers := range []int{1, 3} {
					res, err := Read(context.Background(), []Input{{Name: "access.log", R: bytes.NewReader(in)}}, Options{Workers: workers})
					if err != nil {
						t.Fatal(err)
					}
					if res.Lines != 60_000 || res.Parsed != 60_000 || res.MalformedLines != 0 || len(res.Errors) != 0 {
						t.Errorf("%s, %d workers: %d lines, %d parsed, %d malformed, errors %v", name, workers, res.Lines, res.Parsed, res.MalformedLines, res.Errors)
					}
					if want := Format(f); res.Formats[0] != want && !(f == loggen.JSON && res.Formats[0] == JSON) {
						t.Errorf("detected %s, want %s", res.Formats[0], want)
					}
					if d := cmp.Diff(truth, counted(t, res)); d != "" {
						t.Errorf("%s, %d workers: counts (-reference +read):\n%s", name, workers, d)
					}
				}
			}
		})
	}
}

// TestIncidentWindows: an injected 40-minute incident on one route of one
// environment is found, and nothing else; a steady log has no window.
func TestIncidentWindows(t *testing.T) {
	t.Parallel()
	in := &loggen.Incident{Host: "api.sandbox.example.com", Route: "/v1/orders/{id}", From: 14 * time.Hour, For: 40 * time.Minute, Rate: 0.6}
	for name, tc := range map[string]struct {
		incident *loggen.Incident
		want     int
	}{"steady": {nil, 0}, "incident": {in, 1}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			log, _ := generate(t, loggen.Config{Lines: 400_000, Start: genStart, Seed: 11, Incident: tc.incident})
			res, err := Read(context.Background(), []Input{{Name: "a.log", R: bytes.NewReader(log)}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			rep := BuildReport(res.Counter.Series(), ReportOptions{})
			if len(rep.Windows) != tc.want {
				t.Fatalf("%d windows, want %d: %+v", len(rep.Windows), tc.want, rep.Windows)
			}
			if tc.want == 0 {
				return
			}
			w := rep.Windows[0]
			start := genStart.Add(in.From).Unix()
			if w.Env != "sandbox" || w.Route != in.Route || w.Code != 401 || w.Start != start || w.End != start+40*60 {
				t.Errorf("window %+v, want sandbox %s 401 from %d to %d", w, in.Route, start, start+40*60)
			}
			if w.Rate() < 0.5 || w.Baseline > 0.02 {
				t.Errorf("window rate %.3f, baseline %.3f", w.Rate(), w.Baseline)
			}
		})
	}
}

// TestReadMalformed: bad lines are counted and the first ones shown with
// their line numbers, scrubbed; a cut-off gzip is an error that keeps
// what was read.
func TestReadMalformed(t *testing.T) {
	t.Parallel()
	good := `203.0.113.7 - - [04/Dec/2026:10:00:00 +0000] "GET /v1/orders HTTP/1.1" 401 1 "-" "ua"`
	var b strings.Builder
	for i := 1; i <= 3000; i++ {
		switch {
		case i == 17:
			b.WriteString("garbage Authorization: Bearer sk_live_51H8s7kLmNoPqRsTuVwXyZ0123456789abcdef\n")
		case i%1000 == 0:
			b.WriteString("not a log line\n")
		case i == 40:
			b.WriteString("\n")
		default:
			b.WriteString(good + "\n")
		}
	}
	res, err := Read(context.Background(), []Input{{Name: "app.log", R: strings.NewReader(b.String())}}, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Lines != 3000 || res.Parsed != 2995 || res.MalformedLines != 4 {
		t.Errorf("%d lines, %d parsed, %d malformed; want 3000, 2995, 4", res.Lines, res.Parsed, res.MalformedLines)
	}
	var lines []int64
	for _, m := range res.Malformed {
		lines = append(lines, m.Line)
		if strings.Contains(m.Text, "sk_live_51H8") {
			t.Errorf("malformed line shown unscrubbed: %q", m.Text)
		}
	}
	if d := cmp.Diff([]int64{17, 1000, 2000, 3000}, lines); d != "" {
		t.Errorf("malformed line numbers (-want +got):\n%s", d)
	}

	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	for range 20000 {
		zw.Write([]byte(good + "\n"))
	}
	zw.Close()
	cut := gz.Bytes()[:gz.Len()/2]
	res, err = Read(context.Background(), []Input{{Name: "old.log.gz", R: bytes.NewReader(cut)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "old.log.gz") {
		t.Errorf("errors %v, want one naming old.log.gz", res.Errors)
	}
	if res.Parsed == 0 || res.Parsed >= 20000 {
		t.Errorf("%d lines parsed of a cut-off gzip, want some", res.Parsed)
	}
}
