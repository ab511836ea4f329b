// Command loggen writes the deterministic access log of internal/loggen
// to a file, for comparisons with other tools (scripts/bench-logs.sh),
// and its reference counts as TSV next to it. The defaults are the log
// of monitor/accesslog's BenchmarkRead: 2,000,000 vhost_combined lines
// from 2026-12-01 over a day, seed 1, a 40-minute incident on
// api.example.com /v1/orders/{id} from 10:00. Nothing imports it.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/authdoctor/authdoctor/internal/loggen"
)

func main() {
	out := flag.String("o", "access.log", "the log file to write")
	truthOut := flag.String("truth", "", "where to write the reference counts as TSV (env, route, requests, 401s, 403s); empty: FILE.truth.tsv")
	lines := flag.Int("lines", 2_000_000, "how many lines")
	format := flag.String("format", string(loggen.VhostCombined), "vhost_combined, combined or json")
	seed := flag.Uint64("seed", 1, "the random seed")
	flag.Parse()
	if *truthOut == "" {
		*truthOut = *out + ".truth.tsv"
	}
	if err := run(*out, *truthOut, *lines, loggen.Format(*format), *seed); err != nil {
		fmt.Fprintln(os.Stderr, "loggen:", err)
		os.Exit(1)
	}
}

func run(out, truthOut string, lines int, format loggen.Format, seed uint64) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	truth, err := loggen.Write(f, loggen.Config{
		Format: format, Lines: lines, Seed: seed,
		Start:    time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Incident: &loggen.Incident{Host: "api.example.com", Route: "/v1/orders/{id}", From: 600 * time.Minute, For: 40 * time.Minute, Rate: 0.5},
	})
	if err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	keys := make([]loggen.Key, 0, len(truth))
	for k := range truth {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Env != keys[j].Env {
			return keys[i].Env < keys[j].Env
		}
		return keys[i].Route < keys[j].Route
	})
	tf, err := os.Create(truthOut)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(tf)
	for _, k := range keys {
		c := truth[k]
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\n", k.Env, k.Route, c.Requests, c.Unauthorized, c.Forbidden)
	}
	if err := w.Flush(); err != nil {
		tf.Close()
		return err
	}
	return tf.Close()
}
