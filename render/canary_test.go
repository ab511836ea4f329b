package render

import (
	"bytes"
	"html"
	"strings"
	"testing"
)

// TestCanary renders every report, with every canary in every Secret and
// echoed by the server in bodies, headers, redirect targets and error
// messages, in every format, and looks for the canaries' cores.
func TestCanary(t *testing.T) {
	t.Parallel()
	for _, rc := range reportCases {
		for _, secret := range []string{canaryJWT, canaryKey} {
			for _, f := range formats {
				t.Run(rc.name+"/"+f.suffix, func(t *testing.T) {
					t.Parallel()
					var buf bytes.Buffer
					if err := f.render(&buf, rc.build(secret)); err != nil {
						t.Fatal(err)
					}
					out := buf.String()
					if f.suffix == "html" {
						out = html.UnescapeString(out) // &#43; is a + to the reader
					}
					for _, core := range []string{canaryJWTCore, canaryKeyCore, secret, secret[:12]} {
						if i := strings.Index(out, core); i >= 0 {
							t.Errorf("output holds %q at byte %d:\n%s", core, i, out)
						}
					}
				})
			}
		}
	}
}
