package realserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/internal/cli"
)

// cliReport is the part of `check -o json` the tests read.
type cliReport struct {
	Verdict struct {
		Cause      authdoctor.Cause      `json:"cause"`
		Confidence authdoctor.Confidence `json:"confidence"`
		Finding    string                `json:"finding"`
	} `json:"verdict"`
}

// runCLI runs the authdoctor binary's Main with args and an environment of
// exactly vars (no proxy variables, no terminal), and returns the exit code
// and the decoded JSON report. It fails the test if secret appears
// anywhere in stdout or stderr.
func runCLI(t *testing.T, vars map[string]string, secret string, args ...string) (int, cliReport) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := cli.Env{
		Stdin:  strings.NewReader(""),
		Stdout: &stdout,
		Stderr: &stderr,
		Lookup: func(k string) (string, bool) { v, ok := vars[k]; return v, ok },
	}
	ctx, cancel := context.WithTimeout(t.Context(), runTimeout)
	defer cancel()
	code := cli.Main(ctx, args, env)
	if strings.Contains(stdout.String(), secret) || strings.Contains(stderr.String(), secret) {
		t.Fatal("the credential appears in clear in the CLI's output")
	}
	var rep cliReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("decode check -o json: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	return code, rep
}
