package check_test

import (
	"os"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor/check"
)

// TestIDsDocumented: every finding id is named, in backticks, in the
// docs/causes.md section of its cause.
func TestIDsDocumented(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../docs/causes.md")
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]string{}
	for _, part := range strings.Split(string(doc), "\n## ")[1:] {
		name, body, _ := strings.Cut(part, "\n")
		sections[strings.TrimSpace(name)] = body
	}
	for _, c := range check.List() {
		body, ok := sections[string(c.Cause)]
		if !ok {
			t.Errorf("%s: no section for cause %s", c.ID, c.Cause)
			continue
		}
		if !strings.Contains(body, "`"+c.ID+"`") {
			t.Errorf("%s: not named in the section ## %s of docs/causes.md", c.ID, c.Cause)
		}
	}
}
