package realserver_test

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// hashTimeout bounds one run of a password-hashing tool.
const hashTimeout = 30 * time.Second

// bcryptCost is the cost of the bcrypt hashes made with htpasswd: the
// common production value. It is also what every check of a password
// costs the server (some tens of milliseconds), once per request sent.
const bcryptCost = "10"

// hashTool runs bin with args, the password on its standard input (never
// on its command line, where ps would show it), and returns its stdout.
func hashTool(t *testing.T, bin, password string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), hashTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C"}
	cmd.Stdin = strings.NewReader(password + "\n")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		// stderr only: the tools never echo the password there.
		t.Fatalf("hash a password with %s: %v\n%s", bin, err, stderr.String())
	}
	return stdout.String()
}

// htpasswdBcrypt is an htpasswd line "user:$2y$10$…" made by Apache's
// htpasswd (Debian package apache2-utils), the tool the Prometheus, HAProxy
// and Squid documentation point to for bcrypt hashes.
func htpasswdBcrypt(t *testing.T, user, password string) string {
	t.Helper()
	bin, err := exec.LookPath("htpasswd")
	if err != nil {
		missing(t, "htpasswd (Debian package apache2-utils) is not installed")
	}
	// -n: print, -i: password from stdin, -B: bcrypt.
	line := strings.TrimSpace(hashTool(t, bin, password, "-niB", "-C", bcryptCost, user))
	if !strings.HasPrefix(line, user+":$2") {
		t.Fatalf("htpasswd -niB gave no bcrypt line for %s", user)
	}
	return line
}

// bcryptHash is the hash part of htpasswdBcrypt's line.
func bcryptHash(t *testing.T, user, password string) string {
	t.Helper()
	_, hash, _ := strings.Cut(htpasswdBcrypt(t, user, password), ":")
	return hash
}
