package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/redact"
)

// redactLog is a log of n lines, one in three with a credential.
func redactLog(n int) string {
	var b strings.Builder
	for i := range n {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "%d GET /v1/orders/%d 200 ok\n", i, i)
		case 1:
			fmt.Fprintf(&b, "%d debug: Authorization: Bearer %s\n", i, canary)
		default:
			fmt.Fprintf(&b, "%d retry url=https://api.example.com/v1/me?access_token=%s&page=2\r\n", i, canary)
		}
	}
	b.WriteString("last line without a newline, password=" + canary)
	return b.String()
}

func TestRedactFilter(t *testing.T) {
	t.Parallel()
	in := redactLog(30)
	var out, stderr bytes.Buffer
	env := canaryEnv(in, &out)
	env.Stderr = &stderr
	if code := Main(context.Background(), []string{"redact"}, env); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	got := out.String()
	if strings.Contains(got, canary) || strings.Contains(stderr.String(), canary) {
		t.Fatalf("the canary went through:\n%s", got)
	}
	inLines, outLines := strings.SplitAfter(in, "\n"), strings.SplitAfter(got, "\n")
	if len(inLines) != len(outLines) {
		t.Fatalf("%d lines in, %d out", len(inLines), len(outLines))
	}
	for i := range inLines {
		want := inLines[i]
		if strings.Contains(want, canary) {
			want = redact.String(strings.TrimSuffix(want, "\n"))
			if strings.HasSuffix(inLines[i], "\n") {
				want += "\n"
			}
		}
		if outLines[i] != want {
			t.Errorf("line %d: %q, want %q", i+1, outLines[i], want)
		}
	}
	if !strings.Contains(got, "Authorization: Bearer [redacted:bearer:") || !strings.Contains(got, "access_token=[redacted:credential-field:") || !strings.Contains(got, "&page=2\r\n") {
		t.Errorf("output:\n%s", got)
	}
}

func TestRedactInPlace(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "app.log")
	orig := redactLog(3000)
	if err := os.WriteFile(path, []byte(orig), 0o640); err != nil {
		t.Fatal(err)
	}
	run := func(o *redactOptions, args ...string) (string, int) {
		var out bytes.Buffer
		err := runRedact(context.Background(), o, args, canaryEnv("", &out))
		code := ExitOK
		if err != nil {
			code = exitFor2(err)
			out.WriteString(err.Error())
		}
		if strings.Contains(out.String(), canary) {
			t.Errorf("redact %v printed the canary", args)
		}
		return out.String(), code
	}

	// --dry-run: what would change, and the file as it was
	out, code := run(&redactOptions{inPlace: true, dryRun: true}, path)
	if code != ExitOK || !strings.Contains(out, path+": would replace 2001 credentials on 2001 lines (dry run: nothing changed)") ||
		!strings.Contains(out, path+":2: 1 debug: Authorization: Bearer [redacted:bearer:") {
		t.Errorf("dry run: exit %d\n%s", code, out)
	}
	if b, _ := os.ReadFile(path); string(b) != orig {
		t.Fatal("--dry-run changed the file")
	}

	// a file still being written is left as it was
	grow := &redactOptions{inPlace: true, beforeRename: func(p string) {
		f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		f.WriteString("\nappended meanwhile")
		f.Close()
	}}
	out, code = run(grow, path)
	if code != ExitUnreachable || !strings.Contains(out, "changed while it was read") {
		t.Errorf("growing file: exit %d\n%s", code, out)
	}
	b, _ := os.ReadFile(path)
	if string(b) != orig+"\nappended meanwhile" {
		t.Fatal("the growing file was changed")
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".app.log.redact-*")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
	orig += "\nappended meanwhile"

	out, code = run(&redactOptions{inPlace: true}, path)
	if code != ExitOK || !strings.Contains(out, path+": replaced 2001 credentials on 2001 lines") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	b, _ = os.ReadFile(path)
	if bytes.Contains(b, []byte(canary)) {
		t.Fatal("the file still holds the canary")
	}
	// Every line is kept, and every byte that is no credential.
	ol, nl := strings.SplitAfter(orig, "\n"), strings.SplitAfter(string(b), "\n")
	if len(ol) != len(nl) {
		t.Fatalf("%d lines before, %d after", len(ol), len(nl))
	}
	for i := range ol {
		body := strings.TrimSuffix(ol[i], "\n")
		want := redact.String(body) + ol[i][len(body):]
		if nl[i] != want {
			t.Fatalf("line %d: %q, want %q", i+1, nl[i], want)
		}
		if !strings.Contains(ol[i], canary) && nl[i] != ol[i] {
			t.Fatalf("line %d changed without a credential: %q", i+1, nl[i])
		}
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", st.Mode().Perm())
	}
	// idempotent, and a clean file is only read: not rewritten
	st1, _ := os.Stat(path)
	out, _ = run(&redactOptions{inPlace: true, beforeRename: func(string) { t.Error("a clean file was rewritten") }}, path)
	if !strings.Contains(out, path+": no credential found (3002 lines)") {
		t.Errorf("second run: %s", out)
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, b) {
		t.Error("the second run changed the file")
	}
	if st2, _ := os.Stat(path); !os.SameFile(st1, st2) || !st2.ModTime().Equal(st1.ModTime()) {
		t.Error("the second run replaced the file")
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".app.log.redact-*")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestRedactUsage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"redact", "app.log"}, ExitUsage, "give --in-place"},
		{[]string{"redact", "--dry-run"}, ExitUsage, "go with --in-place"},
		{[]string{"redact", "--in-place"}, ExitUsage, "give the files to rewrite"},
		{[]string{"redact", "--in-place", filepath.Join(dir, "nope.log")}, ExitUnreachable, "cannot read"},
		{[]string{"redact", "--in-place", dir}, ExitUnreachable, "not a regular file"},
	} {
		var out bytes.Buffer
		if code := Main(context.Background(), tc.args, canaryEnv("", &out)); code != tc.code || !strings.Contains(out.String(), tc.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tc.args, code, out.String(), tc.code, tc.want)
		}
	}
}

// exitFor2 is the exit code Main would give err.
func exitFor2(err error) int {
	var ec exitCode
	if errors.As(err, &ec) {
		return int(ec)
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return ExitUsage
}

// TestRedactKeepsOwner: the rewritten file keeps its owner (only root can
// give a file to someone else, so only root can test it).
func TestRedactKeepsOwner(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("only root can give a file another owner")
	}
	path := filepath.Join(t.TempDir(), "app.log")
	os.WriteFile(path, []byte("Authorization: Bearer "+canary+"\n"), 0o600)
	if err := os.Chown(path, 4321, 4322); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := runRedact(context.Background(), &redactOptions{inPlace: true}, []string{path}, canaryEnv("", &out)); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	sys := st.Sys().(*syscall.Stat_t)
	if sys.Uid != 4321 || sys.Gid != 4322 || st.Mode().Perm() != 0o600 {
		t.Errorf("owner %d:%d mode %v, want 4321:4322 0600", sys.Uid, sys.Gid, st.Mode().Perm())
	}
}

// TestRedactInPlaceLateChange: the copy starts at the first line that
// changes, from the bytes before it: a credential on the last line of a
// large file (and one with no line break) leaves every byte before it.
func TestRedactInPlaceLateChange(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "big.log")
	var b strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&b, "2026-12-04T10:00:00Z line %d ok\n", i)
	}
	head := b.String()
	orig := head + "last: Authorization: Bearer " + canary
	if err := os.WriteFile(path, []byte(orig), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := runRedact(context.Background(), &redactOptions{inPlace: true}, []string{path}, canaryEnv("", &out)); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	want := head + "last: Authorization: Bearer [redacted:bearer:" + authdoctor.Fingerprint(canary) + "]"
	if string(got) != want {
		t.Fatalf("%d bytes, want %d; the last 80: %q", len(got), len(want), got[max(0, len(got)-80):])
	}
}
