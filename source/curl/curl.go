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
// backslash continuations, with '…', "…" and $'…' quoting, "$ " prompts,
// comments, "curl.exe" or a path to curl as the command word. The curl
// command may sit in a list or pipeline (TOKEN=… && curl … | jq .) or
// behind sudo, time or env: it is found, and the rest is listed in a note,
// never run. A Windows cmd line (^ continuations) is read on a
// best-effort basis; a PowerShell line (` continuations) is refused.
//
// With a non-nil lookup, words are expanded as bash would (parameter
// expansion in all its forms, arithmetic, brace expansion, field
// splitting; single quotes keep $ literal), with the variables the
// command itself assigns before curl (TOKEN=abc; curl …) and lookup for
// the rest. Each header and the URL record the variables they came from:
// a header's Vars, Template and Origin (OriginEnv when only the
// environment gave it), and notes say "Authorization expanded from
// $TOKEN", never the value. A URL that needs an unset variable, or holds
// a placeholder ({id}, <group_id>, YOUR_DOMAIN), is an error naming it.
// Without lookup nothing is expanded: references stay as written and a
// note says so.
//
// Nothing is executed: a command substitution ($(…) or `…`) in curl's
// arguments is an error, and a variable the command assigns from one
// (TOKEN=$(…)) takes its value from lookup, with a note saying to export
// it. Every header value is a Secret; literal ones have OriginLiteral
// (the caller changes it to OriginFile when the command came from a
// file).
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
	var sc shellCmd
	switch dialectOf(text) {
	case dialectCmd:
		args, more, err := cmdWords(text)
		if err != nil {
			return source.Spec{}, err
		}
		sc = shellCmd{args: args, notes: more}
	case dialectPowerShell:
		return source.Spec{}, &Error{Reason: "PowerShell line continuations (`) are not supported", Hint: "paste the bash form (DevTools: Copy as cURL (bash))"}
	default:
		var err error
		sc, err = shellWords(text, lookup)
		if err != nil {
			return source.Spec{}, err
		}
	}
	if err := typographic(sc.args); err != nil {
		return source.Spec{}, err
	}
	b := &builder{notes: append(notes, sc.notes...), sh: sc}
	if err := b.read(sc.args); err != nil {
		return source.Spec{}, err
	}
	return b.finish()
}

// typographic refuses arguments that start with a typographic quote or
// dash: a word processor or chat turned ' " and -- into ‘ ’ “ ” and –,
// and curl would take the word for a URL.
func typographic(args []word) error {
	for _, a := range args {
		s := a.String()
		for _, p := range []string{"‘", "’", "“", "”", "–", "—"} {
			if strings.HasPrefix(s, p) {
				return &Error{Line: a.line, Reason: "an argument starts with the typographic " + p,
					Hint: "the command went through a word processor or chat: retype the quotes as ' or \" and dashes as --"}
			}
		}
	}
	return nil
}
