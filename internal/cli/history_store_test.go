package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor/history"
	"github.com/authdoctor/authdoctor/internal/pgtest"
)

// writeProfile writes a profile with a sandbox and a production
// environment of the lab at base, and returns its path.
func writeProfile(t *testing.T, base string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "authdoctor.yaml")
	yaml := `environments:
  sandbox:
    base_url: ` + base + `
    headers:
      Authorization: Bearer $SANDBOX_TOKEN
  production:
    base_url: ` + base + `
    headers:
      Authorization: Bearer $PROD_TOKEN
requests:
  orders.list:
    path: /api/orders
`
	if err := os.WriteFile(p, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestHistoryProfileRuns: compare records one run per environment and
// check --env one under the profile request's name; --store chooses the
// store (a SQLite path here, a real PostgreSQL in TestHistoryPostgres).
func TestHistoryProfileRuns(t *testing.T) {
	t.Parallel()
	testProfileRuns(t, filepath.Join(t.TempDir(), "team.db"))
}

// TestHistoryPostgres is TestHistoryProfileRuns with --store postgres://
// on a real PostgreSQL server (internal/pgtest; skipped without
// PostgreSQL unless CI=true).
func TestHistoryPostgres(t *testing.T) {
	t.Parallel()
	srv := pgtest.Start(t)
	testProfileRuns(t, srv.DSN("postgres"))
}

func testProfileRuns(t *testing.T, store string) {
	l := historyLab(t)
	cfg := writeProfile(t, l.URL())
	state := t.TempDir()
	vars := map[string]string{"SANDBOX_TOKEN": labToken(t, l, "ok"), "PROD_TOKEN": labToken(t, l, "expired")}
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Main(context.Background(), append(args, "--store", store), historyEnv(state, vars, &out, &errb))
		return code, out.String(), errb.String()
	}
	if code, _, errs := run("compare", "orders.list", "--config", cfg); code != ExitDiagnosed || errs != "" {
		t.Fatalf("compare: exit %d, stderr %q", code, errs)
	}
	if code, _, errs := run("check", "--env", "production", "orders.list", "--config", cfg); code != ExitDiagnosed || errs != "" {
		t.Fatalf("check --env: exit %d, stderr %q", code, errs)
	}
	code, out, errs := run("history", "orders.list", "-o", "json")
	var doc struct {
		Runs []history.Record `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != ExitOK {
		t.Fatalf("history: exit %d, %v, %s\n%s", code, err, errs, out)
	}
	var got []string
	for _, r := range doc.Runs {
		got = append(got, r.Identity.Env+" "+string(r.Cause))
	}
	want := "production token_expired, production token_expired, sandbox accepted"
	if strings.Join(got, ", ") != want {
		t.Errorf("runs of orders.list: %s; want %s", strings.Join(got, ", "), want)
	}
	code, out, _ = run("history", "orders.list", "--env", "sandbox", "-o", "markdown")
	if code != ExitOK || strings.Count(out, "| sandbox |") != 1 || strings.Contains(out, "production") {
		t.Errorf("history --env sandbox: exit %d\n%s", code, out)
	}
	if ents, _ := os.ReadDir(state); len(ents) != 0 {
		t.Errorf("with --store, the default state directory was written")
	}
}
