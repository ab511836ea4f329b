package curl

import (
	"strings"

	"github.com/authdoctor/authdoctor"
)

// seg is one piece of an argument: literal text, or the value of a $VAR
// reference.
type seg struct {
	// text is the value: the literal text, or what the variable held (or
	// the reference as written when variables are not expanded).
	text string
	// src is the piece as written, for templates: "$TOKEN", "${TOKEN}".
	src string
	// ref is set when the piece was expanded from a variable.
	ref *authdoctor.VarRef
	// cut is true when the piece is the tail of a variable's value, so
	// src no longer describes it and no template can be built.
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
			if s.ref != nil {
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

// refs lists the variables the argument was expanded from, in order.
func (w word) refs() []authdoctor.VarRef {
	var out []authdoctor.VarRef
	for _, s := range w.segs {
		if s.ref != nil {
			out = append(out, *s.ref)
		}
	}
	return out
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
		if s.ref != nil {
			refs = true
		}
		b.WriteString(s.src)
	}
	if !refs {
		return ""
	}
	return b.String()
}

// field builds a header field whose value is w.
func field(name string, w word) authdoctor.Field {
	f := authdoctor.Field{
		Name:   name,
		Value:  authdoctor.NewSecret(w.String()),
		Origin: authdoctor.OriginLiteral,
		Source: sourceName,
	}
	if refs := w.refs(); len(refs) > 0 {
		f.Vars = refs
		f.Template = w.template()
		f.Origin = authdoctor.OriginEnv
		names := make([]string, len(refs))
		for i, r := range refs {
			names[i] = "$" + r.Name
		}
		f.Source = strings.Join(names, " ")
	}
	return f
}
