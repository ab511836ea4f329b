package curl

import (
	"strconv"
	"strings"

	"github.com/authdoctor/authdoctor/source"
)

// MaxLen is the longest command line Parse reads, in bytes. Real commands,
// even with a large JSON body, are far shorter; the bound keeps a pasted
// file from being parsed as a command.
const MaxLen = 1 << 20

// sourceName is what Spec.From and each literal Field.Source say.
const sourceName = "curl command"

// Error says why a command line could not be read. It never holds a value
// from the command, only option names and positions.
type Error struct {
	// Line is the 1-based line of the problem; 0 when unknown.
	Line int
	// Reason says what is wrong, in a few lower-case words.
	Reason string
	// Hint says what to do instead; empty when there is nothing to add.
	Hint string
}

// Error formats the error as one line: "curl command: REASON at line N; HINT".
func (e *Error) Error() string {
	s := sourceName + ": " + e.Reason
	if e.Line > 0 {
		s += " at line " + strconv.Itoa(e.Line)
	}
	if e.Hint != "" {
		s += "; " + e.Hint
	}
	return s
}

// Parse reads one curl command line: possibly several lines joined by
// backslash continuations, with '…', "…" and $'…' quoting, a leading "$ "
// prompt, "curl.exe" or a path to curl as the command word. A Windows cmd
// line (^ continuations) is read on a best-effort basis; a PowerShell line
// (` continuations) is refused.
//
// $VAR and ${VAR} references are not expanded unless lookup is non-nil;
// then they are, as a shell would, and each header records its VarRefs,
// its Template and OriginEnv. Without lookup a reference stays as written
// and a note says so. Nothing is executed: a command substitution ($(…)
// or `…`) is an error. Every header value is a Secret with OriginLiteral
// (the caller changes it to OriginFile when the command came from a file).
//
// Errors are *Error values: one lower-case line with the position, never
// a value from the command.
func Parse(cmdline string, lookup func(string) (string, bool)) (source.Spec, error) {
	if len(cmdline) > MaxLen {
		return source.Spec{}, &Error{Reason: "longer than " + strconv.Itoa(MaxLen>>10) + " KiB", Hint: "paste one command"}
	}
	text, notes := tidy(cmdline)
	if strings.TrimSpace(text) == "" {
		return source.Spec{}, &Error{Reason: "empty"}
	}
	var (
		args []word
		more []string
		err  error
	)
	switch dialectOf(text) {
	case dialectCmd:
		args, more, err = cmdWords(text)
	case dialectPowerShell:
		return source.Spec{}, &Error{Reason: "PowerShell line continuations (`) are not supported", Hint: "paste the bash form (DevTools: Copy as cURL (bash))"}
	default:
		args, more, err = shellWords(text, lookup)
	}
	if err != nil {
		return source.Spec{}, err
	}
	b := &builder{notes: append(notes, more...)}
	if err := b.read(args); err != nil {
		return source.Spec{}, err
	}
	return b.finish()
}
