package authdoctor

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestCausesDocumented: every cause has a section "## <code>" in
// docs/causes.md, and every section is a cause.
func TestCausesDocumented(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("docs/causes.md")
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^## ([a-z_]+)\s*$`).FindAllStringSubmatch(string(doc), -1) {
		sections[m[1]] = true
	}
	seen := map[Cause]bool{}
	for _, ci := range Causes() {
		if seen[ci.Cause] {
			t.Errorf("cause %s listed twice", ci.Cause)
		}
		seen[ci.Cause] = true
		if !sections[string(ci.Cause)] {
			t.Errorf("docs/causes.md has no section ## %s", ci.Cause)
		}
		if ci.Title == "" || !strings.HasSuffix(ci.Meaning, ".") || !strings.HasSuffix(ci.Fix, ".") {
			t.Errorf("cause %s: title, meaning or fix missing", ci.Cause)
		}
		if got, ok := ci.Cause.Info(); !ok || got.Cause != ci.Cause {
			t.Errorf("Info(%s) not found", ci.Cause)
		}
		if ci.Cause.Doc() != "docs/causes.md#"+string(ci.Cause) {
			t.Errorf("Doc(%s) = %s", ci.Cause, ci.Cause.Doc())
		}
	}
	for s := range sections {
		if !seen[Cause(s)] {
			t.Errorf("docs/causes.md section ## %s is not a cause", s)
		}
	}
}
