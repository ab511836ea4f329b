package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// Exit codes are API: scripts branch on them.
const (
	ExitOK          = 0 // accepted
	ExitDiagnosed   = 1 // a failure was diagnosed
	ExitUsage       = 2 // usage or input error
	ExitUnreachable = 3 // could not complete: endpoint unreachable, interrupted
)

// Version is set at build time with -ldflags "-X …/internal/cli.Version=…".
var Version = "dev"

// Env is the process environment as the commands see it; tests pass their
// own.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Lookup reads an environment variable.
	Lookup func(string) (string, bool)
	// StdinTerminal and StdoutTerminal say whether those streams are a TTY.
	StdinTerminal, StdoutTerminal, StderrTerminal bool
}

// OSEnv is the real process environment.
func OSEnv() Env {
	return Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Lookup: os.LookupEnv,
		StdinTerminal: isTerminal(os.Stdin), StdoutTerminal: isTerminal(os.Stdout), StderrTerminal: isTerminal(os.Stderr),
	}
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// getenv returns a variable's value or "".
func (e Env) getenv(k string) string {
	if e.Lookup == nil {
		return ""
	}
	v, _ := e.Lookup(k)
	return v
}

// colour reports whether output may be coloured: a terminal, NO_COLOR
// unset (no-color.org), TERM not dumb.
func (e Env) colour(noColor bool) bool {
	if noColor || !e.StdoutTerminal {
		return false
	}
	if _, ok := e.Lookup("NO_COLOR"); ok && e.getenv("NO_COLOR") != "" {
		return false
	}
	return e.getenv("TERM") != "dumb"
}

// exitError carries an exit code and a one-line message.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// usagef is a usage or input error (exit 2).
func usagef(format string, a ...any) error {
	return &exitError{code: ExitUsage, msg: fmt.Sprintf(format, a...)}
}

// exitCode is returned by a command that printed its result and wants a
// non-zero exit without another message.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit %d", int(e)) }

// Main runs the binary with args (without the program name) and returns
// the exit code.
func Main(ctx context.Context, args []string, env Env) int {
	root := NewRoot(env)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ec exitCode
	if errors.As(err, &ec) {
		return int(ec)
	}
	var ee *exitError
	if errors.As(err, &ee) {
		fmt.Fprintln(env.Stderr, "authdoctor: "+ee.msg)
		return ee.code
	}
	// cobra's own flag and argument errors
	fmt.Fprintln(env.Stderr, "authdoctor: "+oneLine(err.Error()))
	fmt.Fprintln(env.Stderr, "try: authdoctor "+strings.Join(commandPath(root, args), " ")+" --help")
	return ExitUsage
}

func commandPath(root *cobra.Command, args []string) []string {
	c, _, err := root.Find(args)
	if err != nil || c == root {
		return nil
	}
	return strings.Fields(strings.TrimPrefix(c.CommandPath(), root.Name()+" "))
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// NewRoot builds the command tree.
func NewRoot(env Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "authdoctor",
		Short: "Find out why an API request gets 401 or 403, and prove it",
		Long: `authdoctor finds out why an API request fails authentication (401) or
authorisation (403). It sends a minimal, safe request outside your
application, isolates the cause from a fixed list, shows the evidence and
says what to do next — without ever printing the credential.`,
		Example: `  # Why does this request fail? (single quotes: authdoctor expands $API_TOKEN itself)
  authdoctor check https://api.example.com/v1/orders -H 'Authorization: Bearer $API_TOKEN'

  # See it work on the embedded practice API
  authdoctor demo

  # Start the practice API and print a command for every failure it reproduces
  authdoctor lab`,
		Version:       Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.AddCommand(newCheckCmd(env), newInspectCmd(env), newTokenCmd(env), newCompareCmd(env), newDiffCmd(env), newInitCmd(env), newValidateCmd(env), newRunbookCmd(env), newLabCmd(env), newDemoCmd(env), newCaptureCmd(env), newWatchCmd(env))
	root.AddCommand(newHistoryCmd(env))
	root.AddCommand(newIncidentCmd(env))
	root.AddCommand(newKPICmd(env))
	root.AddCommand(newLogsCmd(env))
	root.AddCommand(newScanCmd(env))
	root.AddCommand(newRedactCmd(env))
	return root
}
