package source

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// Expand replaces $NAME and ${NAME} in tmpl from the environment and
// records each reference. "$$" is a literal "$". A template is how files
// and command lines name a credential without holding it.
func Expand(tmpl string, lookup func(string) (string, bool)) (string, []authdoctor.VarRef, error) {
	var b strings.Builder
	var refs []authdoctor.VarRef
	for i := 0; i < len(tmpl); i++ {
		c := tmpl[i]
		if c != '$' || i+1 >= len(tmpl) {
			b.WriteByte(c)
			continue
		}
		if tmpl[i+1] == '$' {
			b.WriteByte('$')
			i++
			continue
		}
		var name string
		j := i + 1
		if tmpl[j] == '{' {
			end := strings.IndexByte(tmpl[j:], '}')
			if end < 0 {
				return "", nil, fmt.Errorf("unclosed ${ at byte %d", i)
			}
			name = tmpl[j+1 : j+end]
			if !ValidName(name) {
				return "", nil, fmt.Errorf("invalid variable name in ${…} at byte %d", i)
			}
			i = j + end
		} else {
			k := j
			for k < len(tmpl) && (isAlnum(tmpl[k]) || tmpl[k] == '_') {
				k++
			}
			name = tmpl[j:k]
			if name == "" || !ValidName(name) {
				b.WriteByte(c)
				continue
			}
			i = k - 1
		}
		v, ok := lookup(name)
		refs = append(refs, authdoctor.VarRef{Name: name, Set: ok, Empty: ok && v == "", Len: len(v)})
		b.WriteString(v)
	}
	return b.String(), refs, nil
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// ValidName reports whether s is a variable name: letters, digits and
// underscores, not starting with a digit.
func ValidName(s string) bool {
	if s == "" || '0' <= s[0] && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) && s[i] != '_' {
			return false
		}
	}
	return true
}
