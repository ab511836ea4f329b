// Package pgtest starts a real, throwaway PostgreSQL server for a test:
// Debian's server programs (initdb, postgres) on a cluster in a fresh
// temporary directory, listening only on a Unix socket there.
//
// It is the approach of internal/realserver's PostgreSQL test, made a
// package for tests elsewhere (history's conformance suite).
package pgtest

import (
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/internal/syncbuf"
)

// Role is the superuser initdb creates; the cluster trusts local
// connections over its own socket (initdb --auth=trust) and listens on no
// TCP port.
const Role = "app"

const (
	// readyTries × readyBackoff bounds the wait for a starting server:
	// 10 s, ten times what a fresh cluster takes on a 2-core machine.
	readyTries   = 200
	readyBackoff = 50 * time.Millisecond
	// stopGrace is how long the server has for a fast shutdown before its
	// process group is killed.
	stopGrace = 5 * time.Second
)

// Server is a running cluster.
type Server struct {
	// SocketDir holds the server's socket, .s.PGSQL.5432.
	SocketDir string
}

// DSN is a postgres:// URL for database db on the server.
func (s *Server) DSN(db string) string {
	q := url.Values{"host": {s.SocketDir}, "sslmode": {"disable"}}
	return "postgres://" + Role + "@/" + db + "?" + q.Encode()
}

// Bin returns the directory of PostgreSQL's server programs, the newest
// of Debian's /usr/lib/postgresql/<major>/bin, or "" when none is
// installed.
func Bin() string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		a, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		b, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return a > b
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	return ""
}

// Start starts a cluster for t and stops it in t.Cleanup. Without
// PostgreSQL installed it skips t, or fails it when CI=true (.ci/run
// installs the package, so its absence there is a failure). PostgreSQL
// refuses to run as root; as root the server runs as the user postgres
// (which Debian's package creates) or else nobody.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := Bin()
	if bin == "" {
		msg := "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql to run the PostgreSQL half"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true: .ci/run installs it, so its absence is a failure)")
		}
		t.Skip(msg)
	}
	cred := credential(t)
	dir := t.TempDir()
	// The server's user must reach its directories when the test runs
	// as root: the testing package makes them 0700.
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatalf("open up %s for PostgreSQL: %v", d, err)
		}
	}
	data, sock := filepath.Join(dir, "data"), filepath.Join(dir, "sock")
	for _, d := range []string{data, sock} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatalf("create %s: %v", d, err)
		}
		if cred != nil {
			if err := os.Chown(d, int(cred.Uid), int(cred.Gid)); err != nil {
				t.Fatalf("give %s to the PostgreSQL user: %v", d, err)
			}
		}
	}
	if err := os.Chmod(sock, 0o755); err != nil {
		t.Fatalf("open up %s: %v", sock, err)
	}
	command := func(name string, args ...string) *exec.Cmd {
		cmd := exec.Command(filepath.Join(bin, name), args...)
		cmd.Dir = dir
		cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C", "LC_ALL=C"}
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: cred}
		return cmd
	}
	// --no-sync: a throwaway cluster needs no fsync, most of initdb's time.
	if out, err := command("initdb", "-D", data, "-U", Role, "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	var output syncBuffer
	pg := command("postgres", "-D", data, "-k", sock,
		"-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "max_connections=40", "-c", "logging_collector=off")
	pg.Stdout, pg.Stderr = &output, &output
	if err := pg.Start(); err != nil {
		t.Fatalf("start postgres: %v", err)
	}
	exited := make(chan struct{})
	go func() {
		_ = pg.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		// SIGINT is PostgreSQL's fast shutdown: it does not wait for
		// clients to disconnect, as SIGTERM (smart shutdown) would.
		_ = syscall.Kill(-pg.Process.Pid, syscall.SIGINT)
		select {
		case <-exited:
		case <-time.After(stopGrace):
			_ = syscall.Kill(-pg.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	})
	// postmaster.pid's last line is the server's state, "ready" once it
	// accepts connections (PostgreSQL's pidfile.h, PM_STATUS_READY).
	pidFile := filepath.Join(data, "postmaster.pid")
	for range readyTries {
		if b, err := os.ReadFile(pidFile); err == nil {
			lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
			if len(lines) >= 8 && strings.TrimSpace(lines[len(lines)-1]) == "ready" {
				return &Server{SocketDir: sock}
			}
		}
		select {
		case <-exited:
			t.Fatalf("postgres exited before it was ready (%v):\n%s", pg.ProcessState, output.String())
		case <-time.After(readyBackoff):
		}
	}
	t.Fatalf("postgres not ready after %d polls:\n%s", readyTries, output.String())
	return nil
}

// credential is who initdb and postgres run as: nil (the test's user)
// unless the test runs as root.
func credential(t testing.TB) *syscall.Credential {
	t.Helper()
	if os.Geteuid() != 0 {
		return nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 == nil && err2 == nil {
			return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}
		}
	}
	t.Fatal("running as root, and neither user postgres nor nobody exists for PostgreSQL to run as: create one (useradd postgres) or run the tests as another user")
	return nil
}

// syncBuffer is the output buffer of the helpers here (syncbuf.Buffer).
type syncBuffer = syncbuf.Buffer
