package curl

import (
	"errors"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"

	"github.com/authdoctor/authdoctor"
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
	return s, notes
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

// candidate is a simple command found in the parsed text.
type candidate struct {
	call *syntax.CallExpr
	stmt *syntax.Stmt
}

// shellWords parses s as bash and returns the arguments of the first curl
// command after quote removal and expansion.
func shellWords(s string, lookup func(string) (string, bool)) ([]word, []string, error) {
	if l := tooDeep(s); l > 0 {
		return nil, nil, &Error{Line: l, Reason: "brackets nested too deeply", Hint: "paste one curl command"}
	}
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(s), "")
	if err != nil {
		return nil, nil, parseError(err)
	}
	var curls []candidate
	others := 0
	var collect func(st *syntax.Stmt)
	collect = func(st *syntax.Stmt) {
		if st == nil {
			return
		}
		switch c := st.Cmd.(type) {
		case *syntax.CallExpr:
			if isCurlCall(c) {
				curls = append(curls, candidate{c, st})
			} else {
				others++
			}
		case *syntax.BinaryCmd:
			collect(c.X)
			collect(c.Y)
		case *syntax.TimeClause:
			collect(c.Stmt)
		default:
			others++
		}
	}
	for _, st := range f.Stmts {
		collect(st)
	}
	if len(curls) == 0 {
		return nil, nil, &Error{Reason: "no curl command found", Hint: "the command should start with curl"}
	}
	c := curls[0]
	var notes []string
	if len(curls) > 1 {
		notes = append(notes, strconv.Itoa(len(curls))+" curl commands found; the first is read")
	}
	if others > 0 {
		notes = append(notes, strconv.Itoa(others)+" other shell command(s) around curl were ignored")
	}
	if c.stmt.Background {
		notes = append(notes, "an unquoted & ended the curl command at line "+line(c.stmt.End())+"; what follows was not read as part of it (quote the URL)")
	}
	if len(c.call.Assigns) > 0 {
		notes = append(notes, "variable assignments before curl were ignored")
	}
	if err := refuseSubstitution(c.call); err != nil {
		return nil, nil, err
	}
	x := expander{src: s, lookup: lookup}
	words := make([]word, 0, len(c.call.Args)-1)
	for _, a := range c.call.Args[1:] {
		w, err := x.word(a)
		if err != nil {
			return nil, nil, err
		}
		words = append(words, w)
	}
	return words, append(notes, x.notes...), nil
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

// isCurlCall reports whether the command word is curl, curl.exe or a path
// to either.
func isCurlCall(c *syntax.CallExpr) bool {
	if len(c.Args) == 0 {
		return false
	}
	name := c.Args[0].Lit()
	if name == "" {
		// A quoted command word: "curl".
		if len(c.Args[0].Parts) != 1 {
			return false
		}
		switch q := c.Args[0].Parts[0].(type) {
		case *syntax.SglQuoted:
			name = q.Value
		case *syntax.DblQuoted:
			if len(q.Parts) == 1 {
				if l, ok := q.Parts[0].(*syntax.Lit); ok {
					name = l.Value
				}
			}
		}
	}
	name = strings.ToLower(path.Base(strings.ReplaceAll(unescape(name), `\`, "/")))
	return name == "curl" || name == "curl.exe"
}

// refuseSubstitution returns an error when the command would run another
// command (or evaluate arithmetic) to build its arguments: authdoctor
// never executes anything.
func refuseSubstitution(c *syntax.CallExpr) error {
	var err error
	syntax.Walk(c, func(n syntax.Node) bool {
		if err != nil {
			return false
		}
		switch n := n.(type) {
		case *syntax.CmdSubst:
			err = &Error{Line: int(n.Pos().Line()), Reason: "uses command substitution", Hint: "paste the command with its values"}
		case *syntax.ProcSubst:
			err = &Error{Line: int(n.Pos().Line()), Reason: "uses process substitution", Hint: "paste the command with its values"}
		case *syntax.ArithmExp:
			err = &Error{Line: int(n.Pos().Line()), Reason: "uses arithmetic expansion", Hint: "paste the command with its values"}
		}
		return err == nil
	})
	return err
}

// parseError turns a shell parser error into an Error. The parser's own
// text can quote the input, so only texts without quotes are kept.
func parseError(err error) error {
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
		return e
	}
	var le syntax.LangError
	if errors.As(err, &le) {
		return &Error{Line: int(le.Pos.Line()), Reason: "uses shell syntax bash does not have"}
	}
	return &Error{Reason: "not a shell command line"}
}

// expander turns parsed words into argument values the way bash would,
// short of running anything.
type expander struct {
	src    string
	lookup func(string) (string, bool)
	notes  []string
	seen   map[string]bool
}

func (x *expander) note(key, s string) {
	if x.seen == nil {
		x.seen = map[string]bool{}
	}
	if !x.seen[key] {
		x.seen[key] = true
		x.notes = append(x.notes, s)
	}
}

// source returns the text of n as written.
func (x *expander) source(n syntax.Node) string {
	a, b := int(n.Pos().Offset()), int(n.End().Offset())
	if a < 0 || b > len(x.src) || a > b {
		return ""
	}
	return x.src[a:b]
}

func (x *expander) word(w *syntax.Word) (word, error) {
	if w == nil || len(w.Parts) == 0 {
		return word{}, nil
	}
	out := word{line: int(w.Pos().Line())}
	for _, p := range w.Parts {
		if err := x.part(&out, p, false); err != nil {
			return word{}, err
		}
	}
	return merge(out), nil
}

func (x *expander) part(out *word, p syntax.WordPart, quoted bool) error {
	lit := func(s string) { out.segs = append(out.segs, seg{text: s, src: s}) }
	switch p := p.(type) {
	case *syntax.Lit:
		if quoted {
			lit(unescapeDouble(p.Value))
		} else {
			lit(unescape(p.Value))
		}
	case *syntax.SglQuoted:
		if p.Dollar {
			lit(ansiC(p.Value))
		} else {
			lit(p.Value)
		}
	case *syntax.DblQuoted:
		for _, q := range p.Parts {
			if err := x.part(out, q, true); err != nil {
				return err
			}
		}
	case *syntax.ParamExp:
		return x.param(out, p)
	case *syntax.CmdSubst:
		return &Error{Line: int(p.Pos().Line()), Reason: "uses command substitution", Hint: "paste the command with its values"}
	case *syntax.ArithmExp:
		return &Error{Line: int(p.Pos().Line()), Reason: "uses arithmetic expansion", Hint: "paste the command with its values"}
	case *syntax.ProcSubst:
		return &Error{Line: int(p.Pos().Line()), Reason: "uses process substitution", Hint: "paste the command with its values"}
	default:
		// Extended globs and the like are kept as written.
		lit(x.source(p))
	}
	return nil
}

// param expands $NAME, ${NAME}, ${NAME:-default} and ${NAME-default};
// anything fancier is kept as written, with a note.
func (x *expander) param(out *word, p *syntax.ParamExp) error {
	src := x.source(p)
	keep := func() { out.segs = append(out.segs, seg{text: src, src: src}) }
	if p.Param == nil || !source.ValidName(p.Param.Value) {
		keep()
		return nil
	}
	name := p.Param.Value
	plain := p.Flags == nil && !p.Excl && !p.Length && !p.Width && !p.IsSet &&
		p.NestedParam == nil && p.Index == nil && len(p.Modifiers) == 0 &&
		p.Slice == nil && p.Repl == nil && p.Names == 0
	def := p.Exp != nil && (p.Exp.Op == syntax.DefaultUnset || p.Exp.Op == syntax.DefaultUnsetOrNull)
	if !plain || (p.Exp != nil && !def) {
		keep()
		x.note("fancy "+src, "the expansion "+truncate(src, 40)+" was left as written")
		return nil
	}
	if x.lookup == nil {
		keep()
		x.note("var "+name, "$"+name+" was left as written: environment variables are not read")
		return nil
	}
	v, ok := x.lookup(name)
	ref := &authdoctor.VarRef{Name: name, Set: ok, Empty: ok && v == "", Len: len(v)}
	if def && (!ok || (v == "" && p.Exp.Op == syntax.DefaultUnsetOrNull)) {
		// The default is used; it may itself hold references.
		d := word{}
		if p.Exp.Word != nil {
			for _, q := range p.Exp.Word.Parts {
				if err := x.part(&d, q, false); err != nil {
					return err
				}
			}
		}
		v = d.String()
	} else if !ok {
		x.note("unset "+name, "$"+name+" is not set")
	}
	out.segs = append(out.segs, seg{text: v, src: src, ref: ref})
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// merge joins adjacent literal pieces, so most words are one piece.
func merge(w word) word {
	var out []seg
	for _, s := range w.segs {
		if n := len(out); n > 0 && out[n-1].ref == nil && s.ref == nil {
			out[n-1].text += s.text
			out[n-1].src += s.src
			continue
		}
		out = append(out, s)
	}
	w.segs = out
	return w
}

// unescape removes backslash escapes from unquoted text.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == '\n' {
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unescapeDouble removes the escapes bash honours inside "…": \$ \` \" \\
// and backslash-newline; other backslashes stay.
func unescapeDouble(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case '$', '`', '"', '\\':
				i++
			case '\n':
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// ansiC decodes the escapes of bash's $'…' quoting (bash(1), QUOTING).
func ansiC(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b = append(b, c)
			continue
		}
		i++
		switch e := s[i]; e {
		case 'a':
			b = append(b, 7)
		case 'b':
			b = append(b, 8)
		case 'e', 'E':
			b = append(b, 27)
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'v':
			b = append(b, '\v')
		case '\\', '\'', '"', '?':
			b = append(b, e)
		case 'c':
			if i+1 < len(s) {
				i++
				b = append(b, s[i]&0x1f)
			} else {
				b = append(b, '\\', 'c')
			}
		case 'x', 'u', 'U':
			width := 2
			switch e {
			case 'u':
				width = 4
			case 'U':
				width = 8
			}
			n, v := 0, rune(0)
			for n < width && i+1+n < len(s) && isHex(s[i+1+n]) {
				v = v<<4 | rune(hexVal(s[i+1+n]))
				n++
			}
			if n == 0 {
				b = append(b, '\\', e)
				break
			}
			i += n
			if e == 'x' {
				b = append(b, byte(v))
			} else {
				b = utf8.AppendRune(b, v)
			}
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v, n := 0, 0
			for n < 3 && i+n < len(s) && '0' <= s[i+n] && s[i+n] <= '7' {
				v = v*8 + int(s[i+n]-'0')
				n++
			}
			i += n - 1
			b = append(b, byte(v))
		default:
			b = append(b, '\\', e)
		}
	}
	return string(b)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func hexVal(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
