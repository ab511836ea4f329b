package curl

import (
	"errors"
	"path"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/authdoctor/authdoctor/source"
)

// tidy undoes what copying and pasting does to a command line: a byte
// order mark, CRLF line ends, a shell prompt before "curl", and spaces
// after a continuation backslash (which would turn "\" into an escaped
// space and end the command there).
func tidy(s string) (string, []string) {
	var notes []string
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = stripPrompt(s)
	if strings.Contains(s, "\\ ") || strings.Contains(s, "\\\t") {
		lines := strings.Split(s, "\n")
		fixed := false
		for i, l := range lines[:len(lines)-1] {
			t := strings.TrimRight(l, " \t")
			if len(t) < len(l) && strings.HasSuffix(t, "\\") && !strings.HasSuffix(t, "\\\\") {
				lines[i] = t
				fixed = true
			}
		}
		if fixed {
			s = strings.Join(lines, "\n")
			notes = append(notes, "spaces after a line-continuation backslash were removed")
		}
	}
	return stripContinuationPrompts(s), notes
}

// stripContinuationPrompts removes the "> " a terminal shows at the
// start of a continued line (bash's PS2) when a whole session was
// copied: after a line ending in a backslash it cannot be a redirection
// anyone meant.
func stripContinuationPrompts(s string) string {
	if !strings.Contains(s, "\\\n") {
		return s
	}
	lines := strings.Split(s, "\n")
	for i := 1; i < len(lines); i++ {
		if !strings.HasSuffix(lines[i-1], "\\") {
			continue
		}
		t := strings.TrimLeft(lines[i], " \t")
		if r, ok := strings.CutPrefix(t, "> "); ok {
			lines[i] = r
		}
	}
	return strings.Join(lines, "\n")
}

// stripPrompt removes a prompt ("$ ", "% ", "# ", "> ", "PS C:\> ") in
// front of the first command word.
func stripPrompt(s string) string {
	lead := len(s) - len(strings.TrimLeft(s, " \t\n"))
	rest := s[lead:]
	if strings.HasPrefix(rest, "PS ") {
		if i := strings.Index(rest, "> "); i > 0 && !strings.ContainsAny(rest[:i], "\n'\"") {
			r := strings.TrimLeft(rest[i+2:], " ")
			if isCurlPrefix(r) {
				return s[:lead] + r
			}
		}
		return s
	}
	if len(rest) >= 2 && strings.ContainsRune("$%#>", rune(rest[0])) && (rest[1] == ' ' || rest[1] == '\t') {
		r := strings.TrimLeft(rest[1:], " \t")
		if isCurlPrefix(r) {
			return s[:lead] + r
		}
	}
	return s
}

func isCurlPrefix(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "curl ") || strings.HasPrefix(l, "curl.exe ") ||
		strings.HasPrefix(l, "curl\t") || strings.HasPrefix(l, "curl\n") || strings.HasPrefix(l, "curl.exe\n")
}

type dialect int

const (
	dialectShell dialect = iota
	dialectCmd
	dialectPowerShell
)

// dialectOf tells a Windows cmd line (^ continuations, ^" quotes) and a
// PowerShell line (` continuations) from a POSIX shell line.
func dialectOf(s string) dialect {
	if strings.Contains(s, `^"`) {
		return dialectCmd
	}
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimRight(l, " \t")
		switch {
		case strings.HasSuffix(l, " ^"):
			return dialectCmd
		case strings.HasSuffix(l, " `"):
			return dialectPowerShell
		}
	}
	return dialectShell
}

// shellCmd is the curl command found in a shell text, with what the shell
// around it gives it.
type shellCmd struct {
	// args are curl's arguments after expansion, without the curl word.
	args  []word
	notes []string
	// stdin is a here-document or here-string on curl's standard input.
	stdin *word
	// stdinFile names the file redirected to curl's standard input.
	stdinFile string
	// proxy holds proxy variables assigned before curl
	// (https_proxy=http://p:3128 curl …), which curl reads.
	proxy map[string]string
	// urlLines are the lines of later commands that start with a URL: a
	// line break without a backslash cut the curl command short.
	urlLines []int
	// expanding is true when $ references were expanded, so one that is
	// still in a value was single-quoted.
	expanding bool
	// vanished are the variables of arguments that expanded to nothing.
	vanished []ref
}

// maxPrompts bounds how many prompt words ("$ " at a line start) are
// removed; each removal parses the text again.
const maxPrompts = 32

// shellWords parses s as bash, finds the curl command among the
// statements, pipelines and lists, applies the assignments that run
// before it and returns its arguments after quote removal and expansion.
func shellWords(s string, lookup func(string) (string, bool)) (shellCmd, error) {
	if l := tooDeep(s); l > 0 {
		return shellCmd{}, &Error{Line: l, Reason: "brackets nested too deeply", Hint: "paste one curl command"}
	}
	stmts, perr := parse(s)
	for range maxPrompts {
		t, ok := blankPrompt(s, stmts)
		if !ok {
			break
		}
		s = t
		stmts, perr = parse(s)
	}
	x := &expander{src: s}
	if lookup != nil {
		x.sc = &scope{lookup: lookup, vars: map[string]*assignment{}}
	}
	w := &walker{x: x}
	for _, st := range stmts {
		w.stmt(st, true)
	}
	if w.found == nil {
		if perr != nil {
			return shellCmd{}, parseError(perr, s)
		}
		e := &Error{Reason: "no curl command found", Hint: "the command should start with curl"}
		if w.eval {
			e.Hint = "the curl command is run with eval: paste the command eval runs (print it with echo first)"
		}
		return shellCmd{}, e
	}
	c := w.found
	var notes []string
	if perr != nil {
		var pe syntax.ParseError
		if errors.As(perr, &pe) {
			notes = append(notes, "the text from line "+line(pe.Pos)+" on is not shell syntax and was not read")
		}
	}
	if w.curls > 1 {
		notes = append(notes, strconv.Itoa(w.curls)+" curl commands found; the first is read")
	}
	if len(w.others) > 0 {
		notes = append(notes, "the rest of the paste was not run: "+strings.Join(w.others, ", "))
	}
	if c.stmt.Background {
		notes = append(notes, "an unquoted & ended the curl command at line "+line(c.stmt.End())+"; what follows was not read as part of it (quote the URL)")
	}
	if err := refuseSubstitution(x, c.args); err != nil {
		return shellCmd{}, err
	}
	out := shellCmd{urlLines: w.urlLines, expanding: lookup != nil}
	for _, a := range c.args {
		ws, err := x.words(a)
		if err != nil {
			return shellCmd{}, err
		}
		out.args = append(out.args, ws...)
	}
	for _, r := range c.stmt.Redirs {
		switch r.Op {
		case syntax.Hdoc, syntax.DashHdoc:
			d, err := x.heredoc(r)
			if err != nil {
				return shellCmd{}, err
			}
			out.stdin = &d
		case syntax.WordHdoc:
			if err := refuseSubstitution(x, []*syntax.Word{r.Word}); err != nil {
				return shellCmd{}, err
			}
			d, err := x.value(r.Word)
			if err != nil {
				return shellCmd{}, err
			}
			d.segs = append(d.segs, seg{text: "\n", src: "\n"})
			out.stdin = &d
		case syntax.RdrIn:
			out.stdinFile = r.Word.Lit()
			if out.stdinFile == "" {
				out.stdinFile = "a file"
			}
		}
		if r.Op == syntax.RdrIn || r.Op == syntax.RdrOut {
			for _, a := range c.args {
				if a.End().Offset() == r.OpPos.Offset() && strings.Contains(x.source(a), "://") {
					// https://host/groups/<group_id>/members, unquoted.
					e := &Error{Reason: "bash reads the < and > in the URL as redirections, so curl would not run",
						Hint: "quote the URL and replace the placeholder"}
					if f := r.Word.Lit(); r.Op == syntax.RdrIn && validCmdName(f) {
						e.Reason = "bash reads the < and > in the URL as redirections (from the file " + f + "), so curl would not run"
					}
					return shellCmd{}, e
				}
			}
		}
	}
	out.vanished = x.vanished
	notes = append(notes, w.prefixNotes(c, out.args, &out)...)
	out.notes = append(notes, x.notes...)
	return out, nil
}

// parse reads every statement of s; on a syntax error it returns the
// statements before it as well.
//
// The loop never stops early: Parser.Stmts (mvdan.cc/sh v3.13.1) breaks
// out of StmtsSeq at the first error, and the iterator then yields the
// final error anyway, which panics ("range function continued iteration
// after function for loop body returned false"; found by FuzzParse,
// testdata/fuzz/FuzzParse/1f2c2805c24684e4). The first error and the
// statements before it are kept.
func parse(s string) ([]*syntax.Stmt, error) {
	var stmts []*syntax.Stmt
	var first error
	p := syntax.NewParser(syntax.Variant(syntax.LangBash), syntax.KeepComments(false))
	for st, err := range p.StmtsSeq(strings.NewReader(s)) {
		switch {
		case err != nil && first == nil:
			first = err
		case err == nil && st != nil && first == nil:
			stmts = append(stmts, st)
		}
	}
	return stmts, first
}

// blankPrompt replaces the first prompt word ("$" or "%" as the command
// word at the start of a line, as in "$ export TOKEN=…") with a space, so
// that what follows parses as the command it is. Offsets stay the same.
func blankPrompt(s string, stmts []*syntax.Stmt) (string, bool) {
	for _, st := range stmts {
		var hit *syntax.Word
		syntax.Walk(st, func(n syntax.Node) bool {
			if hit != nil {
				return false
			}
			if c, ok := n.(*syntax.CallExpr); ok && len(c.Args) > 1 && len(c.Assigns) == 0 {
				if l := c.Args[0].Lit(); l == "$" || l == "%" {
					hit = c.Args[0]
				}
			}
			return true
		})
		if hit == nil {
			continue
		}
		off := int(hit.Pos().Offset())
		start := strings.LastIndexByte(s[:off], '\n') + 1
		if strings.TrimLeft(s[start:off], " \t") != "" {
			continue
		}
		return s[:off] + " " + s[off+1:], true
	}
	return s, false
}

// candidate is the curl command found in the parsed text.
type candidate struct {
	stmt *syntax.Stmt
	// args are curl's arguments, after the curl word.
	args []*syntax.Word
	// prefix are the assignments written before curl on the same
	// command (TOKEN=abc curl …, env TOKEN=abc curl …).
	prefix []prefixVar
}

type prefixVar struct {
	name  string
	value *syntax.Word
}

// walker visits the statements in the order the shell runs them.
type walker struct {
	x      *expander
	found  *candidate
	curls  int
	others []string
	seen   map[string]bool
	eval   bool
	// urlLines are lines of commands after curl that start with a URL.
	urlLines []int
}

// stmt visits one statement; seq is false inside a pipeline, whose parts
// run in subshells and so do not keep their assignments.
func (w *walker) stmt(st *syntax.Stmt, seq bool) {
	if st == nil {
		return
	}
	switch c := st.Cmd.(type) {
	case *syntax.CallExpr:
		w.call(st, c, seq)
	case *syntax.DeclClause:
		switch c.Variant.Value {
		case "export", "declare", "typeset", "readonly", "local":
			if seq && w.found == nil {
				for _, a := range c.Args {
					w.assign(a)
				}
			}
		default:
			w.other(c.Variant.Value)
		}
	case *syntax.BinaryCmd:
		pipe := c.Op == syntax.Pipe || c.Op == syntax.PipeAll
		w.stmt(c.X, seq && !pipe)
		w.stmt(c.Y, seq && !pipe)
	case *syntax.TimeClause:
		w.stmt(c.Stmt, seq)
	case *syntax.Block:
		for _, s := range c.Stmts {
			w.stmt(s, seq)
		}
	case *syntax.Subshell:
		for _, s := range c.Stmts {
			w.stmt(s, seq)
		}
	case nil:
	default:
		w.other("a compound command")
	}
}

func (w *walker) call(st *syntax.Stmt, c *syntax.CallExpr, seq bool) {
	if len(c.Args) == 0 {
		if seq && w.found == nil {
			for _, a := range c.Assigns {
				w.assign(a)
			}
		}
		return
	}
	args, env := unwrap(c.Args)
	if args == nil {
		name := cmdName(c.Args[0])
		if name == "eval" {
			w.eval = true
		}
		if w.found != nil && (strings.HasPrefix(name, "http://") || strings.HasPrefix(name, "https://")) {
			w.urlLines = append(w.urlLines, int(c.Args[0].Pos().Line()))
			return
		}
		if !validCmdName(name) {
			name = "a command"
		}
		w.other(name)
		return
	}
	w.curls++
	if w.found != nil {
		return
	}
	cand := &candidate{stmt: st, args: args[1:]}
	for _, a := range c.Assigns {
		if a.Name != nil && a.Array == nil && a.Index == nil {
			cand.prefix = append(cand.prefix, prefixVar{name: a.Name.Value, value: a.Value})
		}
	}
	cand.prefix = append(cand.prefix, env...)
	w.found = cand
}

func (w *walker) other(name string) {
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	if !w.seen[name] && len(w.others) < 5 {
		w.seen[name] = true
		w.others = append(w.others, name)
	}
}

// assign applies NAME=value (or NAME+=value) in the command, before curl
// runs, the way bash would. A value from a command substitution is never
// computed: it is marked, and the environment's value stands in for it.
func (w *walker) assign(a *syntax.Assign) {
	x := w.x
	if x.sc == nil || a.Name == nil || a.Naked || a.Array != nil || a.Index != nil {
		return
	}
	name := a.Name.Value
	subst := false
	if a.Value != nil {
		syntax.Walk(a.Value, func(n syntax.Node) bool {
			switch n.(type) {
			case *syntax.CmdSubst, *syntax.ProcSubst:
				subst = true
			}
			return !subst
		})
	}
	if subst {
		x.sc.vars[name] = &assignment{subst: true}
		return
	}
	v, err := x.value(a.Value)
	if err != nil {
		x.sc.vars[name] = &assignment{subst: true}
		return
	}
	asg := &assignment{value: v.String(), refs: v.allRefs()}
	if prev, ok := x.sc.vars[name]; ok && a.Append && !prev.subst {
		asg.value = prev.value + asg.value
		asg.refs = append(append([]ref(nil), prev.refs...), asg.refs...)
	}
	x.sc.vars[name] = asg
}

// prefixNotes explains assignments written before curl on its own
// command line. Bash expands curl's arguments before those assignments
// take effect, so they only reach curl's environment, where curl reads
// its proxy variables.
func (w *walker) prefixNotes(c *candidate, args []word, out *shellCmd) []string {
	var notes []string
	used := map[string]bool{}
	for _, a := range args {
		for _, r := range a.allRefs() {
			used[r.Name] = true
		}
	}
	for _, p := range c.prefix {
		switch strings.ToLower(p.name) {
		case "http_proxy", "https_proxy", "all_proxy":
			if p.value != nil && w.x.sc != nil && p.name != "HTTP_PROXY" {
				if v, err := w.x.value(p.value); err == nil {
					if out.proxy == nil {
						out.proxy = map[string]string{}
					}
					out.proxy[strings.ToLower(p.name)] = v.String()
				}
			}
			continue
		}
		if used[p.name] {
			notes = append(notes, p.name+"=… before curl does not reach $"+p.name+
				" in curl's arguments (the shell expands them first, so $"+p.name+
				" came from your environment): write "+p.name+"=…; curl … or export "+p.name)
		}
	}
	return notes
}

// unwrap finds curl in a command word list, past a prompt and the
// commands that run another (sudo, env, time, command, exec, nohup,
// nice, timeout). It returns the words from curl on, or nil, and the
// NAME=value words env and sudo put in curl's environment.
func unwrap(args []*syntax.Word) ([]*syntax.Word, []prefixVar) {
	var env []prefixVar
	i := 0
	opts := func(withArg string) {
		for i < len(args) {
			a := cmdName(args[i])
			if a == "--" {
				i++
				return
			}
			if !strings.HasPrefix(a, "-") || a == "-" {
				return
			}
			i++
			if len(a) == 2 && strings.Contains(withArg, a[1:]) {
				i++
			}
		}
	}
	assigns := func() {
		for i < len(args) {
			a := cmdName(args[i])
			n, _, ok := strings.Cut(a, "=")
			if !ok || !source.ValidName(n) {
				return
			}
			env = append(env, prefixVar{name: n})
			i++
		}
	}
	for steps := 0; i < len(args) && steps < 12; steps++ {
		name := cmdName(args[i])
		switch {
		case isCurlName(name):
			return args[i:], env
		case i == 0 && (name == "$" || name == "%"):
			i++
		case name == "sudo" || name == "doas":
			i++
			opts("ugpChDRTUrt")
			assigns()
		case name == "env":
			i++
			opts("uSC")
			assigns()
		case name == "time" || name == "command" || name == "exec" || name == "nohup" || name == "builtin":
			i++
			opts("")
		case name == "nice":
			i++
			opts("n")
		case name == "timeout":
			i++
			opts("sk")
			i++ // the duration
		default:
			return nil, nil
		}
	}
	return nil, nil
}

// cmdName returns a command word's text when it is written without
// expansions (curl, "curl", 'curl', \curl), or "".
func cmdName(w *syntax.Word) string {
	if w == nil {
		return ""
	}
	if l := w.Lit(); l != "" {
		return unescape(l)
	}
	if len(w.Parts) != 1 {
		return ""
	}
	switch q := w.Parts[0].(type) {
	case *syntax.SglQuoted:
		return q.Value
	case *syntax.DblQuoted:
		if len(q.Parts) == 1 {
			if l, ok := q.Parts[0].(*syntax.Lit); ok {
				return l.Value
			}
		}
	}
	return ""
}

// isCurlName reports whether a command word is curl, curl.exe or a path
// to either.
func isCurlName(name string) bool {
	name = strings.ToLower(path.Base(strings.ReplaceAll(name, `\`, "/")))
	return name == "curl" || name == "curl.exe"
}

// validCmdName reports whether a command name is safe to show in a note:
// a short plain word, never a value.
func validCmdName(s string) bool {
	if s == "" || len(s) > 24 || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '-' || c == '_' || c == '.' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// maxDepth bounds how deeply (, { and [ may nest. The shell parser
// recurses once per level and a deep enough input exhausts the stack;
// a real curl command, JSON body included, stays far below the bound.
const maxDepth = 256

// tooDeep returns the line on which the brackets in s first nest deeper
// than maxDepth, or 0. Quotes are not considered, which only makes the
// count higher: quoted JSON is balanced anyway.
func tooDeep(s string) int {
	depth, line := 0, 1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n':
			line++
		case '(', '{', '[':
			depth++
			if depth > maxDepth {
				return line
			}
		case ')', '}', ']':
			if depth > 0 {
				depth--
			}
		}
	}
	return 0
}

func line(p syntax.Pos) string { return strconv.FormatUint(uint64(p.Line()), 10) }

// refuseSubstitution returns an error when one of curl's arguments would
// run another command to build itself: authdoctor never executes
// anything. The hint names a variable to export instead.
func refuseSubstitution(x *expander, args []*syntax.Word) error {
	for _, a := range args {
		var err error
		syntax.Walk(a, func(n syntax.Node) bool {
			if err != nil {
				return false
			}
			switch n := n.(type) {
			case *syntax.CmdSubst:
				err = substError(int(n.Pos().Line()), x.source(a))
			case *syntax.ProcSubst:
				err = &Error{Line: int(n.Pos().Line()), Reason: "uses process substitution", Hint: "paste the command with its values"}
			}
			return err == nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// parseError turns a shell parser error into an Error. The parser's own
// text can quote the input, so only texts without quotes are kept.
func parseError(err error, src string) error {
	var pe syntax.ParseError
	if errors.As(err, &pe) {
		e := &Error{Line: int(pe.Pos.Line())}
		switch {
		case strings.Contains(pe.Text, "without closing quote"):
			e.Reason = "unterminated quote"
		case strings.Contains(pe.Text, "without matching"):
			e.Reason = "unbalanced brackets"
		case !strings.ContainsAny(pe.Text, "`\"'"):
			e.Reason = "shell syntax error: " + pe.Text
		default:
			e.Reason = "shell syntax error"
		}
		if angleWord(src) {
			e.Hint = "an unquoted <placeholder> is a shell redirection: replace each <…> with its real value"
		}
		return e
	}
	var le syntax.LangError
	if errors.As(err, &le) {
		return &Error{Line: int(le.Pos.Line()), Reason: "uses shell syntax bash does not have"}
	}
	return &Error{Reason: "not a shell command line"}
}

// angleWord reports whether s holds an unquoted-looking <placeholder>
// word, as documentation writes them (-X <http_verb> <api_url>).
func angleWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '<' || (i > 0 && s[i-1] != ' ' && s[i-1] != '\t' && s[i-1] != '\n') {
			continue
		}
		j := i + 1
		for j < len(s) && s[j] != '>' && s[j] != ' ' && s[j] != '\n' && s[j] != '<' {
			j++
		}
		if j < len(s) && s[j] == '>' && j > i+1 {
			return true
		}
	}
	return false
}
