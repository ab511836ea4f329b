package accesslog

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseJSONFields(t *testing.T) {
	t.Parallel()
	got, err := ParseJSONFields("status=code, path=req.path,host=a.b.c.host")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(&JSONFields{Status: []string{"code"}, Path: []string{"req.path"}, Host: []string{"a.b.c.host"}}, got); d != "" {
		t.Errorf("fields (-want +got):\n%s", d)
	}
	for _, bad := range []string{"", ",", "status=", "nope=x", "status=a,status=b", "path",
		// Deeper than the parser reads: it would never match.
		"status=a.b.c.d.code"} {
		if _, err := ParseJSONFields(bad); err == nil {
			t.Errorf("ParseJSONFields(%q): no error", bad)
		}
	}
}
