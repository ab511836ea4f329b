package postman

import (
	"fmt"
	"strings"
)

// maxNesting is how many levels of {{a}} inside the value of another
// variable are resolved; deeper (or circular) references stay as written.
const maxNesting = 5

// scope is one place variables come from, in precedence order.
type scope struct {
	// where names the scope in Source and Notes: "Postman environment
	// Staging", "collection variable", "Postman globals".
	where    string
	vars     map[string]string
	disabled map[string]bool
}

func newScope(where string, vs []variable) scope {
	s := scope{where: where, vars: map[string]string{}, disabled: map[string]bool{}}
	for _, v := range vs {
		if v.key == "" {
			continue
		}
		if v.disabled {
			s.disabled[v.key] = true
			continue
		}
		if _, dup := s.vars[v.key]; !dup { // the first definition wins
			s.vars[v.key] = v.value
		}
	}
	return s
}

// use is one variable reference met while resolving a value.
type use struct {
	name  string
	where string // the scope that defined it; "" when undefined
	empty bool
}

// resolver expands {{name}} references and collects notes about them.
type resolver struct {
	scopes []scope
	notes  *notes
}

// notes is an ordered set of messages.
type notes struct {
	list []string
	seen map[string]bool
}

func (n *notes) add(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	if n.seen == nil {
		n.seen = map[string]bool{}
	}
	if !n.seen[s] {
		n.seen[s] = true
		n.list = append(n.list, s)
	}
}

func (r *resolver) lookup(name string) (string, string, bool) {
	for _, s := range r.scopes {
		if v, ok := s.vars[name]; ok {
			return v, s.where, true
		}
	}
	return "", "", false
}

// expand resolves the references in s. It returns the result and the
// variables used, outermost first. Unresolved and dynamic references stay
// as written and are noted.
func (r *resolver) expand(s string) (string, []use) {
	var uses []use
	out := r.expandDepth(s, 0, &uses, nil)
	return out, uses
}

func (r *resolver) expandDepth(s string, depth int, uses *[]use, chain []string) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.Index(s[i+2:], "}}")
		if j < 0 {
			b.WriteString(s)
			break
		}
		name := s[i+2 : i+2+j]
		if k := strings.LastIndex(name, "{{"); k >= 0 {
			// "{{a{{b}}": the reference is the innermost one.
			b.WriteString(s[:i+2+k])
			s = s[i+2+k:]
			continue
		}
		b.WriteString(s[:i])
		ref := "{{" + name + "}}"
		s = s[i+2+j+2:]
		b.WriteString(r.resolveRef(name, ref, depth, uses, chain))
	}
	return b.String()
}

func (r *resolver) resolveRef(name, ref string, depth int, uses *[]use, chain []string) string {
	switch {
	case name == "":
		return ref
	case strings.HasPrefix(name, "$"):
		r.notes.add("%s is a Postman dynamic variable, generated when Postman sends the request; it is left as written", ref)
		return ref
	}
	v, where, ok := r.lookup(name)
	if !ok {
		*uses = append(*uses, use{name: name})
		r.noteUndefined(name, ref)
		return ref
	}
	*uses = append(*uses, use{name: name, where: where, empty: v == ""})
	if v == "" {
		r.notes.add("%s is empty in %s", ref, where)
	}
	for _, c := range chain {
		if c == name {
			r.notes.add("%s refers to itself through other variables; it is left as written", ref)
			return ref
		}
	}
	if depth >= maxNesting {
		if strings.Contains(v, "{{") {
			r.notes.add("%s nests variables more than %d levels deep; the rest is left as written", ref, maxNesting)
		}
		return v
	}
	return r.expandDepth(v, depth+1, uses, append(chain, name))
}

func (r *resolver) noteUndefined(name, ref string) {
	for _, s := range r.scopes {
		if s.disabled[name] {
			r.notes.add("%s is disabled in %s and defined nowhere else; it is left as written", ref, s.where)
			return
		}
	}
	if t := strings.TrimSpace(name); t != name {
		if _, _, ok := r.lookup(t); ok {
			r.notes.add("%s is not defined, but {{%s}} is: remove the spaces inside the braces", ref, t)
			return
		}
	}
	var where []string
	for _, s := range r.scopes {
		where = append(where, s.where)
	}
	if len(where) == 0 {
		r.notes.add("%s is not defined (no environment given, and the collection defines no variables); it is left as written", ref)
		return
	}
	r.notes.add("%s is not defined in %s; it is left as written", ref, strings.Join(where, ", "))
}

// unresolved reports whether any use failed to resolve.
func unresolved(uses []use) bool {
	for _, u := range uses {
		if u.where == "" {
			return true
		}
	}
	return false
}

// describe says where the variables came from, for a Field's Source:
// "Postman environment Staging: {{token}}". It names variables and scopes,
// never values.
func describe(uses []use) string {
	var parts []string
	seen := map[string]bool{}
	for _, u := range uses {
		where := u.where
		if where == "" {
			where = "undefined Postman variable"
		}
		p := where + ": {{" + u.name + "}}"
		if !seen[p] {
			seen[p] = true
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// pureRefs reports whether s is made of {{…}} references and spaces only,
// so that it can be kept as a Template without holding a literal.
func pureRefs(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	for s != "" {
		if !strings.HasPrefix(s, "{{") {
			return false
		}
		j := strings.Index(s, "}}")
		if j < 0 || strings.Contains(s[2:j], "{{") {
			return false
		}
		s = strings.TrimSpace(s[j+2:])
	}
	return true
}
