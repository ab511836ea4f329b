package curl

import (
	"errors"
	"strings"
	"unicode/utf8"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/source"
)

// assignment is a variable the pasted command assigns before curl runs
// (TOKEN=abc; export BASE=…; TOKEN=$(…) && curl …).
type assignment struct {
	value string
	// refs are the variables the value was expanded from.
	refs []ref
	// subst is true when the value comes from a command substitution,
	// which is never run.
	subst bool
}

// scope is what a $NAME means at the point curl runs: the command's own
// assignments, then the environment.
type scope struct {
	lookup func(string) (string, bool)
	vars   map[string]*assignment
}

// get returns the value of name and the variables it came from.
func (s *scope) get(name string) (string, bool, []ref) {
	if a, ok := s.vars[name]; ok && !a.subst {
		if len(a.refs) > 0 {
			return a.value, true, a.refs
		}
		return a.value, true, []ref{{VarRef: varRef(name, a.value, true), local: true}}
	} else if ok {
		// TOKEN=$(…) in the command: the value the user exported, if any.
		v, set := s.lookup(name)
		return v, set, []ref{{VarRef: varRef(name, v, set), subst: true}}
	}
	v, set := s.lookup(name)
	return v, set, []ref{{VarRef: varRef(name, v, set)}}
}

func varRef(name, v string, set bool) authdoctor.VarRef {
	return authdoctor.VarRef{Name: name, Set: set, Empty: set && v == "", Len: len(v)}
}

// recorder is the environment the expand package sees: it answers from
// the scope and records every variable a word used. It is read-only
// except for ${NAME:=default}, which assigns as in bash.
type recorder struct {
	sc   *scope
	refs []ref
}

// Get implements expand.Environ.
func (r *recorder) Get(name string) expand.Variable {
	if rest, ok := strings.CutPrefix(name, "HOME "); ok {
		// ~user: kept as written, rather than looking the user up.
		return expand.Variable{Set: true, Kind: expand.String, Str: "~" + rest}
	}
	switch name {
	case "IFS", "PWD", "OPTIND", "USERPROFILE":
		// The shell's own defaults, not the caller's environment: bash
		// resets IFS at start, and the working directory is not ours.
		return expand.Variable{}
	}
	if !source.ValidName(name) {
		// $1, $@, $?, $$: nothing in a pasted command.
		return expand.Variable{}
	}
	v, set, refs := r.sc.get(name)
	r.refs = append(r.refs, refs...)
	if !set {
		return expand.Variable{}
	}
	return expand.Variable{Set: true, Exported: true, Kind: expand.String, Str: v}
}

// Each implements expand.Environ; the environment is never listed, so
// ${!PREFIX*} expands to nothing.
func (r *recorder) Each(func(string, expand.Variable) bool) {}

// Set implements expand.WriteEnviron for ${NAME:=default}.
func (r *recorder) Set(name string, vr expand.Variable) error {
	if !source.ValidName(name) {
		return errors.New("invalid name")
	}
	r.sc.vars[name] = &assignment{value: vr.String()}
	return nil
}

// expander turns parsed words into argument values the way bash would,
// short of running anything.
type expander struct {
	src string
	// sc is nil when variables are not expanded (no lookup function).
	sc    *scope
	notes []string
	seen  map[string]bool
	// vanished are the variables of words that expanded to nothing and
	// so are not arguments at all (curl $UNSET).
	vanished []ref
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

// words expands one parsed word into the arguments bash would pass:
// brace expansion, then parameter and arithmetic expansion, quote
// removal and field splitting. Globs are left as written, as bash does
// when nothing matches.
func (x *expander) words(w *syntax.Word) ([]word, error) {
	if w == nil || len(w.Parts) == 0 {
		return nil, nil
	}
	var out []word
	ln := int(w.Pos().Line())
	for _, b := range braces(w) {
		one := word{line: ln}
		quoted := false
		for _, p := range b.Parts {
			switch p.(type) {
			case *syntax.SglQuoted, *syntax.DblQuoted:
				quoted = true
			}
			if err := x.part(&one, p, false); err != nil {
				return nil, err
			}
		}
		ws := split(merge(one), quoted)
		if len(ws) == 0 {
			x.vanished = append(x.vanished, one.allRefs()...)
		}
		out = append(out, ws...)
	}
	return out, nil
}

// braces does bash's brace expansion ({a,b}, {1..3}) with the expand
// package. It works on a copy, as splitting rewrites the word's parts,
// and a panic on odd input ({,}) leaves the word as it is.
func braces(w *syntax.Word) (out []*syntax.Word) {
	defer func() {
		if recover() != nil {
			out = []*syntax.Word{w}
		}
	}()
	c := &syntax.Word{Parts: append([]syntax.WordPart(nil), w.Parts...)}
	if !syntax.SplitBraces(c) {
		return []*syntax.Word{w}
	}
	return expand.Braces(c)
}

// value expands a word the way bash expands the value of an assignment
// or a here-string: no splitting.
func (x *expander) value(w *syntax.Word) (word, error) {
	out := word{}
	if w == nil {
		return out, nil
	}
	out.line = int(w.Pos().Line())
	for _, p := range w.Parts {
		if err := x.part(&out, p, false); err != nil {
			return word{}, err
		}
	}
	for i := range out.segs {
		out.segs[i].split = false
	}
	return merge(out), nil
}

// heredoc expands the body of a here-document: $ expansions unless the
// delimiter was quoted, and the backslash escapes of a here-document.
func (x *expander) heredoc(r *syntax.Redirect) (word, error) {
	out := word{line: int(r.Pos().Line())}
	if r.Hdoc == nil {
		return out, nil
	}
	quoted := false
	if r.Word != nil {
		for _, p := range r.Word.Parts {
			switch p.(type) {
			case *syntax.SglQuoted, *syntax.DblQuoted:
				quoted = true
			}
		}
		quoted = quoted || strings.Contains(x.source(r.Word), `\`)
	}
	if quoted {
		var b strings.Builder
		for _, p := range r.Hdoc.Parts {
			if l, ok := p.(*syntax.Lit); ok {
				b.WriteString(l.Value)
			} else {
				b.WriteString(x.source(p))
			}
		}
		s := b.String()
		return word{line: out.line, segs: []seg{{text: s, src: s}}}, nil
	}
	for _, p := range r.Hdoc.Parts {
		if l, ok := p.(*syntax.Lit); ok {
			s := unescapeHeredoc(l.Value)
			out.segs = append(out.segs, seg{text: s, src: s})
			continue
		}
		if err := x.part(&out, p, true); err != nil {
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
			v := ansiC(p.Value)
			if i := strings.IndexByte(v, 0); i >= 0 {
				v = v[:i] // bash's strings end at a NUL: $'a\0b' is "a"
			}
			lit(v)
		} else {
			lit(p.Value)
		}
	case *syntax.DblQuoted:
		for _, q := range p.Parts {
			if err := x.part(out, q, true); err != nil {
				return err
			}
		}
	case *syntax.ParamExp, *syntax.ArithmExp:
		s, err := x.expansion(p, quoted)
		if err != nil {
			return err
		}
		out.segs = append(out.segs, s)
	case *syntax.CmdSubst:
		return substError(int(p.Pos().Line()), "")
	case *syntax.ProcSubst:
		return &Error{Line: int(p.Pos().Line()), Reason: "uses process substitution", Hint: "paste the command with its values"}
	default:
		// Extended globs and the like are kept as written.
		lit(x.source(p))
	}
	return nil
}

// substError is the error for a command substitution in curl's
// arguments: authdoctor never runs a command.
func substError(line int, context string) error {
	name := "VALUE"
	l := strings.ToLower(context)
	for _, w := range []string{"authorization", "bearer", "token", "key", "secret", "password", "cookie"} {
		if strings.Contains(l, w) {
			name = "TOKEN"
			break
		}
	}
	return &Error{Line: line, Reason: "uses command substitution",
		Hint: "authdoctor never runs commands: run it yourself, export its output (export " + name + "=\"$(…)\") and write \"$" + name + "\" in its place"}
}

// expansion expands $NAME, ${NAME…} or $((…)) with the expand package,
// against the scope, and records the variables it used.
func (x *expander) expansion(p syntax.WordPart, quoted bool) (seg, error) {
	src := x.source(p)
	if x.sc == nil {
		s := seg{text: src, src: src}
		if pe, ok := p.(*syntax.ParamExp); ok && pe.Param != nil && source.ValidName(pe.Param.Value) {
			x.note("var "+pe.Param.Value, "$"+pe.Param.Value+" was left as written: environment variables are not read")
		} else {
			x.note("fancy "+src, "the expansion "+truncate(src, 40)+" was left as written")
		}
		return s, nil
	}
	pe, _ := p.(*syntax.ParamExp)
	name := ""
	if pe != nil && pe.Param != nil && source.ValidName(pe.Param.Value) && !pe.Excl {
		name = pe.Param.Value
	}
	line := int(p.Pos().Line())
	if name != "" && pe.Exp != nil && (pe.Exp.Op == syntax.ErrorUnset || pe.Exp.Op == syntax.ErrorUnsetOrNull) {
		// ${NAME?} and ${NAME:?}: bash stops before running curl.
		v, set, refs := x.sc.get(name)
		if !set || (v == "" && pe.Exp.Op == syntax.ErrorUnsetOrNull) {
			how := "is not set"
			if set {
				how = "is empty"
			}
			if len(refs) > 0 && refs[0].subst {
				return seg{}, &Error{Line: line, Reason: "the command requires $" + name + ", which it sets from $(…)",
					Hint: "run that command yourself and export " + name}
			}
			return seg{}, &Error{Line: line, Reason: "the command requires $" + name + ", which " + how,
				Hint: "export " + name + "=…"}
		}
	}
	rec := &recorder{sc: x.sc}
	v, err := literal(rec, p)
	if err != nil {
		var ce expand.UnexpectedCommandError
		if errors.As(err, &ce) {
			return seg{}, substError(line, "")
		}
		return seg{}, &Error{Line: line, Reason: "an expansion the shell would refuse", Hint: "check the ${…} and $((…)) in the command"}
	}
	if !utf8.ValidString(v) {
		v = strings.ToValidUTF8(v, "\uFFFD")
	}
	refs := rec.refs
	if name != "" && len(refs) > 0 && refs[0].Name == name && defaulted(pe, refs[0]) && v != "" {
		// ${NAME:-default} with NAME unset: the default is what curl
		// gets, so NAME is not a missing credential.
		x.note("default "+name, "$"+name+" is not set; the default written in ${"+name+"…} was used")
		refs = refs[1:]
	}
	for _, r := range refs {
		switch {
		case r.subst && r.Set:
			x.note("subst "+r.Name, r.Name+" is set by $(…) in the command, which authdoctor never runs; the "+r.Name+" in your environment was used")
		case r.subst:
			x.note("subst "+r.Name, r.Name+" comes from $(…): run that command yourself and export "+r.Name)
		case !r.Set:
			x.note("unset "+r.Name, "$"+r.Name+" is not set")
		}
	}
	return seg{text: v, src: src, refs: refs, expanded: true, split: !quoted}, nil
}

// literal runs the expand package on one expansion. The input is
// pasted text: a panic in the expansion is turned into an error.
func literal(rec *recorder, p syntax.WordPart) (v string, err error) {
	defer func() {
		if recover() != nil {
			v, err = "", errors.New("expansion failed")
		}
	}()
	return expand.Literal(&expand.Config{Env: rec}, &syntax.Word{Parts: []syntax.WordPart{p}})
}

// defaulted reports whether a default operator replaced the variable r.
func defaulted(pe *syntax.ParamExp, r ref) bool {
	if pe == nil || pe.Exp == nil {
		return false
	}
	switch pe.Exp.Op {
	case syntax.DefaultUnset, syntax.AssignUnset:
		return !r.Set
	case syntax.DefaultUnsetOrNull, syntax.AssignUnsetOrNull:
		return !r.Set || r.Empty
	}
	return false
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
		if n := len(out); n > 0 && !out[n-1].expanded && !s.expanded {
			out[n-1].text += s.text
			out[n-1].src += s.src
			continue
		}
		out = append(out, s)
	}
	w.segs = out
	return w
}

// isBlank reports whether c is in bash's default IFS.
func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

// split does bash's field splitting with the default IFS: the value of
// an unquoted expansion is cut at runs of blanks, and a word that is
// nothing but empty unquoted expansions disappears. quoted says the word
// had a quoted part, so it always stays (as an empty argument at least).
func split(w word, quoted bool) []word {
	needed := false
	for _, s := range w.segs {
		if s.split && (s.text == "" || strings.ContainsAny(s.text, " \t\n")) {
			needed = true
		}
	}
	if !needed {
		return []word{w}
	}
	var out []word
	cur := word{line: w.line}
	started := false
	flush := func() {
		if started {
			out = append(out, merge(cur))
		}
		cur, started = word{line: w.line}, false
	}
	for _, s := range w.segs {
		if !s.split {
			cur.segs = append(cur.segs, s)
			started = true
			continue
		}
		t := s.text
		if t == "" {
			// Nothing to split, but the variable stays on record.
			cur.segs = append(cur.segs, s)
		}
		for t != "" {
			i := 0
			for i < len(t) && !isBlank(t[i]) {
				i++
			}
			if i > 0 {
				p := s
				p.text, p.cut = t[:i], s.cut || i != len(s.text)
				cur.segs = append(cur.segs, p)
				started = true
			}
			j := i
			for j < len(t) && isBlank(t[j]) {
				j++
			}
			if j > i {
				flush()
			}
			t = t[j:]
		}
	}
	if started || (quoted && len(out) == 0) {
		out = append(out, merge(cur))
	}
	return out
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
	return unescapeSome(s, "$`\"\\")
}

// unescapeHeredoc removes the escapes bash honours in a here-document
// body: \$ \` \\ and backslash-newline.
func unescapeHeredoc(s string) string {
	return unescapeSome(s, "$`\\")
}

func unescapeSome(s, special string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch c := s[i+1]; {
			case c == '\n':
				i++
				continue
			case strings.IndexByte(special, c) >= 0:
				i++
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
