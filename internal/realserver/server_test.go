package realserver_test

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/internal/syncbuf"
)

// Bounds of the readiness poll: the servers listen within a few
// milliseconds, and 200 tries of at most 50 ms give a slow CI machine 10 s
// before the test fails with the server's own log.
const (
	readyTries   = 200
	readyBackoff = 50 * time.Millisecond
	// stopGrace is how long a server has to exit after SIGTERM before its
	// whole process group is killed.
	stopGrace = 5 * time.Second
	// startAttempts is how often a start is retried with fresh ports when
	// another process took a port between choosing and binding it.
	startAttempts = 3
)

// requireBinary returns the path of the server binary name, or skips the
// test when it is missing — and fails it when CI=true, because CI installs
// every server and a silent skip there would hide the whole suite.
func requireBinary(t *testing.T, name string, candidates ...string) string {
	t.Helper()
	for _, c := range candidates {
		if st, err := os.Stat(c); err == nil && !st.IsDir() {
			return c
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	missing(t, name+" is not installed")
	return ""
}

// missing skips the test for want of a server, or fails it when CI=true.
func missing(t *testing.T, what string) {
	t.Helper()
	msg := what + ": install the Debian package that provides it (apt-get install -y <package>; .ci/run lists them all) to run the real-server tests"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + " (CI=true: .ci/run installs every one, so its absence is a failure)")
	}
	t.Skip(msg)
}

// serverDir returns a fresh temporary directory that a server's worker
// processes can read: when the tests run as root, nginx workers and Apache
// children drop to nobody, so the directory and its parent (both created
// 0700 by the testing package) are opened up to 0755.
func serverDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatalf("open up %s for the server workers: %v", d, err)
		}
	}
	return dir
}

// writeFile writes name under dir with mode, creating parents (0755).
func writeFile(t *testing.T, dir, name, content string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatalf("create directory for %s: %v", name, err)
	}
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatalf("write %s: %v", name, err)
	}
	// WriteFile's mode is masked by the umask; the workers need it as given.
	if err := os.Chmod(p, mode); err != nil {
		t.Fatalf("chmod %s: %v", name, err)
	}
	return p
}

// freePorts returns n distinct ports that were free on 127.0.0.1 a moment
// ago; all n listeners are open together so the ports differ.
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	ports := make([]int, 0, n)
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("find a free port: %v", err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// server is a real server process started by a test.
type server struct {
	name   string
	cmd    *exec.Cmd
	output *syncBuffer
	exited chan struct{}
	errLog string
}

// log returns what the server wrote to its terminal and its error log.
func (s *server) log() string {
	b, _ := os.ReadFile(s.errLog)
	return "output:\n" + s.output.String() + "\nerror log:\n" + string(b)
}

// errAddrInUse marks a start that lost its port to another process.
var errAddrInUse = errors.New("address already in use")

// startServer starts a server whose configuration config writes for the
// given ports, and returns once every port accepts connections. args
// builds the command line from the directory; errLog is the error log
// config names. The process runs in its own process group, is stopped in
// t.Cleanup, and a start that lost a port race is retried with new ports.
func startServer(t *testing.T, name, bin string, nports int, config func(ports []int) (args []string, errLog string)) []int {
	t.Helper()
	var last error
	for range startAttempts {
		ports := freePorts(t, nports)
		args, errLog := config(ports)
		s, err := launch(t, name, bin, args, errLog, ports)
		if err == nil {
			t.Cleanup(func() { s.stop(t) })
			return ports
		}
		last = err
		if !errors.Is(err, errAddrInUse) {
			break
		}
	}
	t.Fatalf("start %s: %v", name, last)
	return nil
}

func launch(t *testing.T, name, bin string, args []string, errLog string, ports []int) (*server, error) {
	t.Helper()
	s := &server{name: name, output: &syncBuffer{}, exited: make(chan struct{}), errLog: errLog}
	s.cmd = exec.Command(bin, args...)
	s.cmd.Stdout, s.cmd.Stderr = s.output, s.output
	// Own process group: stop can reach the workers too, and a Ctrl-C on
	// go test does not race the test's own shutdown.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	s.cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C"}
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("run %s: %w", bin, err)
	}
	go func() {
		_ = s.cmd.Wait()
		close(s.exited)
	}()
	for _, p := range ports {
		err := s.waitPort(p)
		if err == nil && !ownsPort(s.cmd.Process.Pid, p) {
			// Something else answered on the port: another test's server
			// got it between freePorts and our bind. Retry with new ports.
			s.stop(t)
			return nil, fmt.Errorf("%s port %d taken by another process: %w", name, p, errAddrInUse)
		}
		if err != nil {
			s.stop(t)
			l := s.log()
			if strings.Contains(l, "Address already in use") || strings.Contains(l, "could not bind") {
				return nil, fmt.Errorf("%s port %d: %w\n%s", name, p, errAddrInUse, l)
			}
			return nil, fmt.Errorf("%s port %d: %w\n%s", name, p, err, l)
		}
	}
	return s, nil
}

// waitPort polls 127.0.0.1:port a bounded number of times until it accepts
// a connection or the process exits.
func (s *server) waitPort(port int) error {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	for range readyTries {
		c, err := net.DialTimeout("tcp", addr, readyBackoff)
		if err == nil {
			c.Close()
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("exited before listening (%v)", s.cmd.ProcessState)
		case <-time.After(readyBackoff):
		}
	}
	return fmt.Errorf("not listening after %d tries", readyTries)
}

// stop asks the server to stop (SIGTERM: fast shutdown for both nginx and
// httpd, which stop their workers) and kills its process group when it
// does not exit in time.
func (s *server) stop(t *testing.T) {
	t.Helper()
	pgid := s.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(stopGrace):
		t.Logf("%s did not stop within %s; killing its process group", s.name, stopGrace)
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-s.exited
	}
}

// ownsPort reports whether process pid holds the listening socket of
// 127.0.0.1:port, read from /proc (Linux). Where /proc cannot tell, it
// says yes and leaves the check to the requests.
func ownsPort(pid, port int) bool {
	data, err := os.ReadFile("/proc/net/tcp")
	if err != nil {
		return true
	}
	want := fmt.Sprintf("0100007F:%04X", port)
	inode := ""
	for _, line := range strings.Split(string(data), "\n")[1:] {
		f := strings.Fields(line)
		if len(f) > 9 && f[1] == want && f[3] == "0A" { // 0A: LISTEN
			inode = f[9]
		}
	}
	if inode == "" {
		return false
	}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return true
	}
	for _, fd := range fds {
		if l, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name())); err == nil && l == "socket:["+inode+"]" {
			return true
		}
	}
	return false
}

// syncBuffer is the output buffer of the helpers here (syncbuf.Buffer).
type syncBuffer = syncbuf.Buffer
