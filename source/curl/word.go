package curl

import (
	"strings"

	"github.com/authdoctor/authdoctor"
)

// ref is a variable a piece of an argument was expanded from, and where
// the shell would have taken its value.
type ref struct {
	authdoctor.VarRef
	// local is true when the command itself assigns the variable
	// (TOKEN=abc; curl …): its value is written in the pasted text.
	local bool
	// subst is true when the command assigns it from a command
	// substitution (TOKEN=$(…)), which is never run: the value, if any,
	// is the environment's.
	subst bool
}

// seg is one piece of an argument: literal text, or the value of an
// expansion ($VAR, ${VAR:-x}, $((…))).
type seg struct {
	// text is the value: the literal text, or what the expansion gave (or
	// the reference as written when variables are not expanded).
	text string
	// src is the piece as written, for templates: "$TOKEN", "${TOKEN}".
	src string
	// refs are the variables the piece was expanded from; nil for
	// literal text.
	refs []ref
	// expanded is true for the result of an expansion, even one that
	// used no variable ($((1+2))).
	expanded bool
	// split is true for an unquoted expansion: the shell splits its value
	// into several arguments at blanks.
	split bool
	// cut is true when the piece is part of an expansion's value, so src
	// no longer describes it and no template can be built.
	cut bool
}

// word is one argument of the command after quote removal and expansion.
type word struct {
	segs []seg
	// line is the 1-based line the argument starts on; 0 when unknown.
	line int
}

func litWord(s string) word { return word{segs: []seg{{text: s, src: s}}} }

// String is the argument's value.
func (w word) String() string {
	if len(w.segs) == 1 {
		return w.segs[0].text
	}
	var b strings.Builder
	for _, s := range w.segs {
		b.WriteString(s.text)
	}
	return b.String()
}

// from returns the argument from byte offset i of its value on.
func (w word) from(i int) word {
	out := word{line: w.line}
	off := 0
	for _, s := range w.segs {
		end := off + len(s.text)
		switch {
		case end <= i:
		case off >= i:
			out.segs = append(out.segs, s)
		default:
			t := s
			t.text = s.text[i-off:]
			if s.expanded {
				t.cut = true
			} else {
				t.src = t.text
			}
			out.segs = append(out.segs, t)
		}
		off = end
	}
	return out
}

// allRefs lists every variable the argument was expanded from, in order,
// each name once.
func (w word) allRefs() []ref {
	var out []ref
	seen := map[string]bool{}
	for _, s := range w.segs {
		for _, r := range s.refs {
			if !seen[r.Name] {
				seen[r.Name] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// refs lists the variables the argument was expanded from, in order.
func (w word) refs() []authdoctor.VarRef {
	var out []authdoctor.VarRef
	for _, r := range w.allRefs() {
		out = append(out, r.VarRef)
	}
	return out
}

// expanded reports whether any piece came from an expansion.
func (w word) expanded() bool {
	for _, s := range w.segs {
		if s.expanded {
			return true
		}
	}
	return false
}

// template is the argument as written, with its $VAR references, or ""
// when it holds none (so a template never holds only a literal value).
func (w word) template() string {
	refs := false
	var b strings.Builder
	for _, s := range w.segs {
		if s.cut {
			return ""
		}
		if len(s.refs) > 0 {
			refs = true
		}
		b.WriteString(s.src)
	}
	if !refs {
		return ""
	}
	return b.String()
}

// names joins the variables as "$A, $B".
func names(refs []ref) string {
	n := make([]string, len(refs))
	for i, r := range refs {
		n[i] = "$" + r.Name
	}
	return strings.Join(n, ", ")
}

// field builds a header field whose value is w. A value expanded only
// from the environment has OriginEnv; one that holds a variable the
// command assigns itself is as literal as the command.
func field(name string, w word) authdoctor.Field {
	f := authdoctor.Field{
		Name:   name,
		Value:  authdoctor.NewSecret(w.String()),
		Origin: authdoctor.OriginLiteral,
		Source: sourceName,
	}
	refs := w.allRefs()
	if len(refs) == 0 {
		return f
	}
	f.Vars = w.refs()
	f.Template = w.template()
	local := false
	for _, r := range refs {
		local = local || r.local
	}
	if !local {
		f.Origin = authdoctor.OriginEnv
		f.Source = "environment variable " + names(refs)
	}
	return f
}
