package render

import (
	"bytes"
	"flag"
	"github.com/authdoctor/authdoctor"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// format is one way to render a report, named as its golden file suffix.
type format struct {
	suffix string
	render func(*bytes.Buffer, authdoctor.Run) error
}

// formats are every output the golden files hold.
var formats = []format{
	{"text", func(b *bytes.Buffer, r authdoctor.Run) error { return Text(b, r, Options{}) }},
	{"color", func(b *bytes.Buffer, r authdoctor.Run) error { return Text(b, r, Options{Color: true}) }},
	{"verbose", func(b *bytes.Buffer, r authdoctor.Run) error { return Text(b, r, Options{Verbose: true}) }},
	{"json", func(b *bytes.Buffer, r authdoctor.Run) error { return JSON(b, r) }},
	{"md", func(b *bytes.Buffer, r authdoctor.Run) error { return Markdown(b, r) }},
	{"html", func(b *bytes.Buffer, r authdoctor.Run) error { return HTML(b, r) }},
}

func TestGolden(t *testing.T) {
	t.Parallel()
	for _, rc := range reportCases {
		for _, f := range formats {
			t.Run(rc.name+"/"+f.suffix, func(t *testing.T) {
				t.Parallel()
				var buf bytes.Buffer
				if err := f.render(&buf, rc.build(rc.secret)); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join("testdata", rc.name+"."+f.suffix+".golden")
				if *update {
					if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./render -update)", err)
				}
				if diff := cmp.Diff(string(want), buf.String()); diff != "" {
					t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
				}
			})
		}
	}
}
