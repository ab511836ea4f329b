package history

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// The child processes of the tests below: the test binary run again with
// one of these variables set, and -test.run naming TestChildWriter.
const (
	childDB    = "AUTHDOCTOR_HISTORY_CHILD_DB"
	childCount = "AUTHDOCTOR_HISTORY_CHILD_COUNT" // 0: write until killed
)

// TestChildWriter is not a test of its own: it is the writer process of
// TestKillDuringWrite and TestTwoProcesses. It records runs into
// $AUTHDOCTOR_HISTORY_CHILD_DB, printing each id on a line.
func TestChildWriter(t *testing.T) {
	path := os.Getenv(childDB)
	if path == "" {
		t.Skip("the child process of TestKillDuringWrite and TestTwoProcesses")
	}
	n, _ := strconv.Atoi(os.Getenv(childCount))
	s, err := OpenSQLite(context.Background(), path, Options{})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	for i := 0; n == 0 || i < n; i++ {
		id, err := s.Record(context.Background(), sample(i, "child", os.Getenv("GOTEST_CHILD_ENV"), i%3 == 0))
		if err != nil {
			fmt.Println("record:", err)
			os.Exit(1)
		}
		fmt.Println(id)
	}
	s.Close()
	os.Exit(0)
}

func writer(t *testing.T, path string, n int, env string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(), childDB+"="+path, childCount+"="+strconv.Itoa(n), "GOTEST_CHILD_ENV="+env)
	return cmd
}

// integrity opens path and runs PRAGMA integrity_check.
func integrity(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check: %q, %v", res, err)
	}
}

// TestKillDuringWrite kills a process with SIGKILL while it records runs
// in a loop: the database opens again, passes integrity_check and keeps
// every run whose id the writer had printed (a committed run is never
// lost).
func TestKillDuringWrite(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "history.db")
	for round := range 3 {
		cmd := writer(t, path, 0, "")
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		var last int64
		// Let it commit a few hundred runs, then kill it mid-loop.
		for i := 0; i < 300 && sc.Scan(); i++ {
			id, err := strconv.ParseInt(sc.Text(), 10, 64)
			if err != nil {
				t.Fatalf("round %d: the writer said %q", round, sc.Text())
			}
			last = id
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		if last == 0 {
			t.Fatalf("round %d: the writer committed nothing", round)
		}
		integrity(t, path)
		s, err := OpenSQLite(context.Background(), path, Options{})
		if err != nil {
			t.Fatalf("round %d: reopen after SIGKILL: %v", round, err)
		}
		if _, err := s.Get(context.Background(), last); err != nil {
			t.Errorf("round %d: run %d, committed before the kill, is gone: %v", round, last, err)
		}
		if _, err := s.Record(context.Background(), sample(0, "after", "", true)); err != nil {
			t.Errorf("round %d: record after the kill: %v", round, err)
		}
		s.Close()
	}
}

// TestTwoProcesses: two processes recording into one database at once
// both succeed, and every run is there.
func TestTwoProcesses(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "history.db")
	const each = 200
	var cmds []*exec.Cmd
	var outs []*strings.Builder
	for _, env := range []string{"a", "b"} {
		cmd := writer(t, path, each, env)
		var b strings.Builder
		cmd.Stdout, cmd.Stderr = &b, &b
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, cmd), append(outs, &b)
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("writer %d: %v\n%s", i, err, lastLines(outs[i].String()))
		}
	}
	integrity(t, path)
	s, err := OpenSQLite(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, env := range []string{"a", "b"} {
		runs, err := s.List(context.Background(), Filter{Request: "child", Env: env, Limit: 1000})
		if err != nil || len(runs) != each {
			t.Errorf("writer %s: %d runs stored, want %d (%v)", env, len(runs), each, err)
		}
	}
}

func lastLines(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 5 {
		lines = lines[len(lines)-5:]
	}
	return strings.Join(lines, "\n")
}

// TestSQLiteFileModes: a new store's directory is 0700 and its file
// 0600, the WAL's too.
func TestSQLiteFileModes(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state", "authdoctor", "history.db")
	s, err := OpenSQLite(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Record(context.Background(), sample(0, "a", "", true)); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{filepath.Dir(path): 0o700, path: 0o600, path + "-wal": 0o600} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", p, st.Mode().Perm(), want)
		}
	}
	var mode string
	if err := s.(*sqlStore).db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode %q, %v; want wal", mode, err)
	}
}

// TestOpenFails: what cannot be opened is an error, one line, naming the
// file.
func TestOpenFails(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.db")
	if err := os.WriteFile(corrupt, []byte(strings.Repeat("this is not a database\n", 400)), 0o600); err != nil {
		t.Fatal(err)
	}
	notDir := filepath.Join(dir, "file")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for name, loc := range map[string]string{
		"corrupt file":      corrupt,
		"parent is a file":  filepath.Join(notDir, "history.db"),
		"postgres down":     "postgres://app@/db?host=" + filepath.Join(dir, "nosock") + "&connect_timeout=2",
		"unknown scheme":    "mysql://x/y",
		"password redacted": "postgres://app:hunter2secret@127.0.0.1:1/db?connect_timeout=2",
	} {
		s, err := Open(context.Background(), loc, Options{})
		if err == nil {
			s.Close()
			t.Errorf("%s: opened", name)
			continue
		}
		if strings.Contains(err.Error(), "hunter2secret") {
			t.Errorf("%s: the error shows the password: %v", name, err)
		}
		t.Logf("%s: %v", name, err)
	}
}
