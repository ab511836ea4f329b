package accesslog

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"sort"
	"testing"
)

// TestReadLogFile reads the log file named by AUTHDOCTOR_ACCESS_LOG, as
// Read does for the CLI (format detected, default environments and
// routes), and writes its counts to AUTHDOCTOR_ACCESS_LOG_TSV, one line
// per environment and route: env TAB route TAB requests TAB 401s TAB
// 403s, sorted. scripts/bench-logs.sh compares them with loggen's
// reference and with awk's. Skipped without the variable.
func TestReadLogFile(t *testing.T) {
	path, out := os.Getenv("AUTHDOCTOR_ACCESS_LOG"), os.Getenv("AUTHDOCTOR_ACCESS_LOG_TSV")
	if path == "" || out == "" {
		t.Skip("AUTHDOCTOR_ACCESS_LOG and AUTHDOCTOR_ACCESS_LOG_TSV name the log to read and where to write its counts (scripts/bench-logs.sh)")
	}
	in, closeIn, err := OpenFile(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer closeIn()
	res, err := Read(context.Background(), []Input{in}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.MalformedLines != 0 || len(res.Errors) != 0 {
		t.Errorf("%d malformed lines (%+v), errors %v", res.MalformedLines, res.Malformed, res.Errors)
	}
	type key struct{ env, route string }
	counts := map[key][3]int64{}
	for _, s := range res.Counter.Series() {
		k := key{s.Env, s.Route}
		c := counts[k]
		c[0] += s.Requests
		c[1] += s.Unauthorized
		c[2] += s.Forbidden
		counts[k] = c
	}
	keys := make([]key, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].env != keys[j].env {
			return keys[i].env < keys[j].env
		}
		return keys[i].route < keys[j].route
	})
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for _, k := range keys {
		c := counts[k]
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\n", k.env, k.route, c[0], c[1], c[2])
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d lines, %d parsed, format %s", path, res.Lines, res.Parsed, res.Formats[0])
}
