package render

import (
	"github.com/authdoctor/authdoctor"
	"io"
	"testing"
)

func benchmark(b *testing.B, render func(io.Writer, authdoctor.Run) error) {
	for _, rc := range []reportCase{reportCases[1], reportCases[2]} {
		b.Run(rc.name, func(b *testing.B) {
			r := rc.build(rc.secret)
			b.ReportAllocs()
			for b.Loop() {
				if err := render(io.Discard, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkText(b *testing.B) {
	benchmark(b, func(w io.Writer, r authdoctor.Run) error { return Text(w, r, Options{Color: true}) })
}

func BenchmarkTextVerbose(b *testing.B) {
	benchmark(b, func(w io.Writer, r authdoctor.Run) error { return Text(w, r, Options{Verbose: true}) })
}

func BenchmarkJSON(b *testing.B) { benchmark(b, JSON) }

func BenchmarkMarkdown(b *testing.B) { benchmark(b, Markdown) }
