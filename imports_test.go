package authdoctor

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// allowedImports is the architecture (shared/DESIGN.md) as data: for each
// package of the module, the packages of the module it may import outside
// its tests. "." is the root package, the vocabulary. header and
// credential are leaves: everything may read headers and credentials,
// they read nothing of ours but internal/anchors, a search that knows
// nothing of credentials. A new edge is a design decision: add it here
// in the same change, with the reason in its commit.
var allowedImports = map[string][]string{
	".":                            {"credential", "internal/anchors"},
	"header":                       {},
	"credential":                   {"internal/anchors"},
	"internal/anchors":             {}, // the prefilter table of IndexCandidate and FindKeys: literals found with one lookup per byte
	"check":                        {".", "credential", "header"},
	"diagnose":                     {".", "check", "credential", "header", "source"},
	"probe":                        {"."},
	"issuer":                       {"."},
	"doctor":                       {".", "check", "credential", "diagnose", "issuer", "probe"},
	"capture":                      {".", "check", "diagnose", "source/har"},
	"render":                       {"."},
	"history":                      {"."},
	"monitor":                      {".", "monitor/accesslog"}, // watch: the schedule, metrics and pages; checks come in through a function; access-log counts exported
	"internal/apitest":             {},                         // the exported API of transport and redact on record; only tests import it
	"internal/syncbuf":             {},                         // a bytes.Buffer goroutines share: test helpers' output
	"internal/pgtest":              {"internal/syncbuf"},
	"internal/loggen":              {},                                                        // deterministic access logs for tests and benchmarks
	"internal/loggen/cmd/loggen":   {"internal/loggen"},                                       // writes the benchmark log for scripts/bench-logs.sh
	"internal/leakgen":             {},                                                        // deterministic application logs with planted credentials and decoys, and their ground truth
	"internal/leakgen/cmd/leakgen": {"internal/leakgen"},                                      // writes the corpus of scripts/bench-scan.sh
	"examples/transport":           {"lab", "redact", "transport"},                            // the example application of the Go library
	"transport":                    {".", "check", "diagnose", "doctor", "monitor/accesslog"}, // the Go library: diagnoses the application's own 401/403
	"redact":                       {".", "credential"},                                       // credentials in text become [redacted:KIND:FINGERPRINT]
	"monitor/accesslog":            {"."},
	"internal/promtest":            {"internal/syncbuf"}, // a real Prometheus for tests of the shipped rules and dashboard; only tests import it
	"internal/browser":             {},                   // headless Chromium for tests of HTML pages; only tests import it
	"lab":                          {"."},
	"scan":                         {".", "credential"},
	"source":                       {"."},
	"source/curl":                  {".", "credential", "source"},
	"source/har":                   {".", "source"},
	"source/openapi":               {"."},
	"source/postman":               {".", "source"},
	"source/profile":               {".", "header", "source"},
	"internal/cli":                 {"*"},
	"internal/realserver":          {},
	"cmd/authdoctor":               {"internal/cli"},
}

const modulePath = "github.com/authdoctor/authdoctor"

func TestImports(t *testing.T) {
	found := map[string]map[string]bool{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "docs") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(path))
		if found[pkg] == nil {
			found[pkg] = map[string]bool{}
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			switch {
			case p == modulePath:
				found[pkg]["."] = true
			case strings.HasPrefix(p, modulePath+"/"):
				found[pkg][strings.TrimPrefix(p, modulePath+"/")] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) < 10 {
		t.Fatalf("found only %d packages: the walk is broken", len(found))
	}
	for pkg, imports := range found {
		allowed, ok := allowedImports[pkg]
		if !ok {
			t.Errorf("package %s is not in allowedImports: add it with the packages it may import", pkg)
			continue
		}
		if slices.Contains(allowed, "*") {
			continue
		}
		for im := range imports {
			if !slices.Contains(allowed, im) {
				t.Errorf("%s imports %s, an edge allowedImports does not list", pkg, im)
			}
		}
	}
}
