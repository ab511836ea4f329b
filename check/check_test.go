package check_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
)

var idPattern = regexp.MustCompile(`^[a-z]+\.[a-z]+(-[a-z]+)*$`)

func TestListIDs(t *testing.T) {
	t.Parallel()
	list := check.List()
	if len(list) == 0 {
		t.Fatal("check.List() is empty")
	}
	seen := map[string]bool{}
	covered := map[authdoctor.Cause]bool{}
	for _, c := range list {
		if !idPattern.MatchString(c.ID) {
			t.Errorf("id %q is not area.kebab-name", c.ID)
		}
		if seen[c.ID] {
			t.Errorf("id %q listed twice", c.ID)
		}
		seen[c.ID] = true
		if c.Run == nil {
			t.Errorf("%s: Run is nil", c.ID)
		}
		if _, ok := c.Cause.Info(); !ok {
			t.Errorf("%s: cause %q is not documented", c.ID, c.Cause)
		}
		if c.Cause == authdoctor.CauseAccepted {
			t.Errorf("%s: a check cannot produce %q", c.ID, c.Cause)
		}
		covered[c.Cause] = true
		// One check per file, named after its id, with its table test.
		base := strings.NewReplacer(".", "_", "-", "_").Replace(c.ID)
		for _, f := range []string{base + ".go", base + "_test.go"} {
			if _, err := os.Stat(f); err != nil {
				t.Errorf("%s: %v", c.ID, err)
			}
		}
	}
	for _, ci := range authdoctor.Causes() {
		if ci.Cause != authdoctor.CauseAccepted && !covered[ci.Cause] {
			t.Errorf("cause %q is produced by no check", ci.Cause)
		}
	}
}

func TestRunStampsIDs(t *testing.T) {
	t.Parallel()
	lies := func(*check.Input) []authdoctor.Finding {
		return []authdoctor.Finding{{ID: "made.up", Cause: "bogus", Doc: "elsewhere", Severity: authdoctor.SeverityError, Summary: "s", Evidence: []string{"e"}}}
	}
	own := func(*check.Input) []authdoctor.Finding {
		return []authdoctor.Finding{{Severity: authdoctor.SeverityWarning, Confidence: authdoctor.Confirmed, Summary: "t", Fix: "do this", Evidence: []string{"f"}}}
	}
	none := func(*check.Input) []authdoctor.Finding { return nil }
	quoted := checkByID(t, "header.quoted").Run
	o := observe(req(apiURL, bearer(`"`+opaque(50)+`"`))).auth(rec{status: 401}).confirm("custom.quoted", rec{status: 200}).obs()

	tests := []struct {
		name string
		list []check.Check
		want []authdoctor.Finding
		// onlyVerdict compares id, cause, doc, severity and confidence.
		onlyVerdict bool
	}{
		{
			name: "id, cause and doc come from the list; defaults filled",
			list: []check.Check{{ID: "test.lies", Cause: authdoctor.CauseTokenExpired, Run: lies}},
			want: []authdoctor.Finding{{ID: "test.lies", Cause: authdoctor.CauseTokenExpired, Doc: "docs/causes.md#token_expired",
				Severity: authdoctor.SeverityError, Confidence: authdoctor.Possible, Summary: "s", Evidence: []string{"e"},
				Fix: mustInfo(t, authdoctor.CauseTokenExpired).Fix}},
		},
		{
			name: "a check's own fix and confidence are kept; order follows the list",
			list: []check.Check{
				{ID: "test.own", Cause: authdoctor.CauseRateLimited, Run: own},
				{ID: "test.none", Cause: authdoctor.CauseServerError, Run: none},
				{ID: "test.lies", Cause: authdoctor.CauseServerError, Run: lies},
			},
			want: []authdoctor.Finding{
				{ID: "test.own", Cause: authdoctor.CauseRateLimited, Doc: "docs/causes.md#rate_limited", Severity: authdoctor.SeverityWarning,
					Confidence: authdoctor.Confirmed, Summary: "t", Evidence: []string{"f"}, Fix: "do this"},
				{ID: "test.lies", Cause: authdoctor.CauseServerError, Doc: "docs/causes.md#server_error", Severity: authdoctor.SeverityError,
					Confidence: authdoctor.Possible, Summary: "s", Evidence: []string{"e"}, Fix: mustInfo(t, authdoctor.CauseServerError).Fix},
			},
		},
		{
			name: "a check reads the confirmation of the id it runs under",
			list: []check.Check{{ID: "custom.quoted", Cause: authdoctor.CauseCredentialMalformed, Run: quoted}},
			want: []authdoctor.Finding{{ID: "custom.quoted", Cause: authdoctor.CauseCredentialMalformed, Doc: "docs/causes.md#credential_malformed",
				Severity: authdoctor.SeverityError, Confidence: authdoctor.Confirmed}},
			onlyVerdict: true,
		},
		{
			name: "empty list",
			list: nil,
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := check.RunList(tt.list, o, check.Options{})
			var opts []cmp.Option
			if tt.onlyVerdict {
				opts = append(opts, cmpopts.IgnoreFields(authdoctor.Finding{}, "Summary", "Evidence", "Fix"))
			}
			if d := cmp.Diff(tt.want, got, opts...); d != "" {
				t.Errorf("RunList (-want +got):\n%s", d)
			}
		})
	}

	t.Run("run stamps every finding from the list", func(t *testing.T) {
		t.Parallel()
		causes := map[string]authdoctor.Cause{}
		for _, c := range check.List() {
			causes[c.ID] = c.Cause
		}
		for _, o := range corpus() {
			for _, f := range check.Run(o, check.Options{}) {
				c, ok := causes[f.ID]
				if !ok || f.Cause != c || f.Doc != c.Doc() || f.Confidence.Rank() == 0 || f.Fix == "" {
					t.Errorf("badly stamped finding: %+v", f)
				}
			}
		}
	})
}

func mustInfo(t *testing.T, c authdoctor.Cause) authdoctor.CauseInfo {
	t.Helper()
	ci, ok := c.Info()
	if !ok {
		t.Fatalf("cause %q undocumented", c)
	}
	return ci
}
