// Command leakgen writes the deterministic application log of
// internal/leakgen to a file, for comparisons with other secret
// scanners (scripts/bench-scan.sh), and its ground truth as TSV next to
// it: the line number, "leak" or "decoy", and the kind, never a value.
// The defaults are issue 12's reference corpus: 212 MB with 2,139
// planted credentials, seed 1. Nothing imports it.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/authdoctor/authdoctor/internal/leakgen"
)

func main() {
	out := flag.String("o", "app.log", "the log file to write")
	truthOut := flag.String("truth", "", "where to write the ground truth as TSV (line, leak|decoy, kind); empty: FILE.truth.tsv")
	size := flag.Int64("bytes", 212_000_000, "the size to reach, in bytes; 0: -lines says")
	lines := flag.Int("lines", 0, "how many lines, when -bytes is 0")
	leaks := flag.Int("leaks", 2139, "how many credentials to plant")
	decoys := flag.Float64("decoy-rate", leakgen.DefaultDecoyRate, "the share of the other lines that carry a decoy")
	seed := flag.Uint64("seed", 1, "the random seed")
	flag.Parse()
	if *truthOut == "" {
		*truthOut = *out + ".truth.tsv"
	}
	cfg := leakgen.Config{Bytes: *size, Lines: *lines, Leaks: *leaks, DecoyRate: *decoys, Seed: *seed}
	if err := run(*out, *truthOut, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "leakgen:", err)
		os.Exit(1)
	}
}

func run(out, truthOut string, cfg leakgen.Config) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	truth, err := leakgen.Write(f, cfg)
	if err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	tf, err := os.Create(truthOut)
	if err != nil {
		return err
	}
	if err := truth.WriteTSV(tf); err != nil {
		tf.Close()
		return err
	}
	if err := tf.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "leakgen: %s: %d bytes, %d lines, %d credentials, %d decoys; truth in %s\n",
		out, truth.Bytes, truth.Lines, truth.Leaks(), len(truth.Marks)-truth.Leaks(), truthOut)
	return nil
}
