package realserver_test

import (
	"bytes"
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
)

// pgRole is the superuser role initdb creates; local connections are
// trusted (initdb --auth=trust), and only over the cluster's own Unix
// socket: nothing listens on TCP.
const pgRole = "app"

// postgres is a PostgreSQL cluster started by a test.
type postgres struct {
	// socketDir holds the cluster's socket, .s.PGSQL.5432: the host a
	// client is given.
	socketDir string
}

// postgresBin returns the directory of PostgreSQL's server programs, the
// newest of Debian's /usr/lib/postgresql/<major>/bin.
func postgresBin(t *testing.T) string {
	t.Helper()
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
	missing(t, "PostgreSQL (initdb, postgres) is not installed")
	return ""
}

// postgresCredential is who initdb and postgres run as. PostgreSQL
// refuses to run as root, and tests run as root in CI, so then it is the
// postgres user (Debian's package creates it) or else nobody; nil means
// the test's own user.
func postgresCredential(t *testing.T) *syscall.Credential {
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
	t.Fatal("running as root, and neither user postgres nor nobody exists for PostgreSQL to run as")
	return nil
}

// startPostgres creates a cluster in a fresh directory owned by the user
// it runs as, starts it on a Unix socket in that directory and returns
// once it accepts connections. It is stopped (fast shutdown) in
// t.Cleanup.
func startPostgres(t *testing.T) *postgres {
	t.Helper()
	bin := postgresBin(t)
	cred := postgresCredential(t)
	dir := serverDir(t)
	data := filepath.Join(dir, "pgdata")
	sock := filepath.Join(dir, "pgsock")
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
	// Clients (the test's own processes) need to reach the socket.
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

	// --no-sync: a throwaway cluster needs no fsync, which is most of
	// initdb's time.
	initdb := command("initdb", "-D", data, "-U", pgRole, "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions")
	if out, err := initdb.CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}

	var output syncBuffer
	pg := command("postgres", "-D", data, "-k", sock,
		"-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "max_connections=30", "-c", "logging_collector=off")
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
			t.Logf("postgres did not stop within %s; killing its process group", stopGrace)
			_ = syscall.Kill(-pg.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	})

	// postmaster.pid's last line is the server's state; "ready" once it
	// accepts connections (PostgreSQL's pidfile.h, PM_STATUS_READY).
	pidFile := filepath.Join(data, "postmaster.pid")
	for range readyTries {
		if b, err := os.ReadFile(pidFile); err == nil {
			lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
			if len(lines) >= 8 && strings.TrimSpace(lines[len(lines)-1]) == "ready" {
				return &postgres{socketDir: sock}
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
