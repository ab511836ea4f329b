package realserver_test

import (
	"bytes"
	"os/exec"
	"testing"
	"time"
)

// The PostgreSQL cluster the DRF app uses comes from internal/pgtest, the
// same one the history store's conformance suite runs on.

// runSetup runs a one-off command (a schema migration, say) to completion,
// for at most setupTimeout, and fails the test with its output when it
// fails.
func runSetup(t *testing.T, what string, cmd *exec.Cmd) {
	t.Helper()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s: %v\n%s", what, err, out.String())
		}
	case <-time.After(setupTimeout):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("%s: not done after %s\n%s", what, setupTimeout, out.String())
	}
}

// setupTimeout bounds one setup command: a Django migrate on a fresh
// database takes a few seconds; a slow CI machine gets ten times that.
const setupTimeout = 60 * time.Second
