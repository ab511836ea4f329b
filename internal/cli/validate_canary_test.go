package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidateCanary validates profile requests against a server that
// echoes every credential it receives, in each output format: neither the
// credential nor the deliberately damaged copy of it (all but its last
// four characters are the secret) may appear.
func TestValidateCanary(t *testing.T) {
	t.Parallel()
	srv := echoServer(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "authdoctor.yaml")
	prof := `environments:
  echo:
    base_url: ` + srv.URL + `
    headers:
      Authorization: Bearer $CANARY
  echokey:
    base_url: ` + srv.URL + `
    headers:
      X-API-Key: $CANARY
requests:
  orders:
    path: /v1/orders
    owner: canary-team
    expected:
      json_path: $.orders
  basic:
    path: /v1/orders
    headers:
      Authorization: Basic ${CANARY_B64}
  denied:
    path: /v1/admin
    expect_denied: true
`
	if err := os.WriteFile(cfg, []byte(prof), 0o600); err != nil {
		t.Fatal(err)
	}
	b64 := base64.StdEncoding.EncodeToString([]byte("svc:" + canary))
	damagedPrefix := canary[:len(canary)-4]
	for _, run := range [][2]string{{"orders", "echo"}, {"orders", "echokey"}, {"basic", "echo"}, {"denied", "echo"}} {
		req, envName := run[0], run[1]
		for _, format := range []string{"text", "json", "markdown"} {
			t.Run(req+" "+envName+" "+format, func(t *testing.T) {
				t.Parallel()
				var out bytes.Buffer
				env := canaryEnv("", &out)
				base := env.Lookup
				state := t.TempDir()
				env.Lookup = func(k string) (string, bool) {
					switch k {
					case "CANARY_B64":
						return b64, true
					case "XDG_STATE_HOME":
						return state, true
					}
					return base(k)
				}
				code := Main(context.Background(), []string{"validate", req, "--env", envName, "--config", cfg, "-o", format}, env)
				if code != ExitDiagnosed {
					t.Errorf("exit %d; want %d (the echo server refuses everything)\n%s", code, ExitDiagnosed, out.String())
				}
				for what, s := range map[string]string{"the canary": canary, "the damaged canary": damagedPrefix, "the Basic credential": b64} {
					if strings.Contains(out.String(), s) {
						t.Errorf("output contains %s:\n%s", what, out.String())
					}
				}
				// The run is recorded: the database file's bytes (WAL
				// included) hold no credential either.
				files, _ := filepath.Glob(filepath.Join(state, "authdoctor", "history.db*"))
				if len(files) == 0 {
					t.Fatal("validate recorded nothing in the history")
				}
				for _, p := range files {
					db, err := os.ReadFile(p)
					if err != nil {
						t.Fatal(err)
					}
					for _, s := range []string{canary, damagedPrefix, b64} {
						if bytes.Contains(db, []byte(s)) {
							t.Errorf("%s holds a credential", filepath.Base(p))
						}
					}
				}
				if strings.Contains(out.String(), "refusing to print") {
					t.Errorf("the output guard had to step in:\n%s", out.String())
				}
			})
		}
	}
}
