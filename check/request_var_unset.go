package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
)

// requestVarUnset: a $VAR in a credential header, or in a credential
// parameter of the body or query, is unset or empty, so the request went
// out without its credential.
func requestVarUnset(in *Input) []authdoctor.Finding {
	var out []authdoctor.Finding
	for _, c := range in.Creds {
		for _, v := range c.Field.Vars {
			how := ""
			switch {
			case !v.Set:
				how = "is not set"
			case v.Empty:
				how = "is set but empty"
			default:
				continue
			}
			sum := fmt.Sprintf("The variable $%s %s, so the %s header went out without its credential.", v.Name, how, c.Name())
			ev := fmt.Sprintf("%s: %s (template %q)", c.Name(), c.Field.Display(), c.Field.Template)
			out = append(out, in.unsetFinding(v.Name, sum, ev, true)...)
		}
	}
	for _, v := range in.Obs.Request.Unfilled {
		how := "is not set"
		if v.Set {
			how = "is set but empty"
		}
		sum := fmt.Sprintf("The variable $%s %s, so the %s parameter %s went out without its credential.", v.Name, how, v.In, v.Param)
		ev := fmt.Sprintf("%s parameter %s=$%s: $%s %s", v.In, v.Param, v.Name, v.Name, how)
		// The baseline drops headers only: the empty parameter is in it
		// too, so the same answer confirms nothing.
		out = append(out, in.unsetFinding(v.Name, sum, ev, false)...)
	}
	return out
}

// unsetFinding is the finding for the variable name left unset: sum, the
// evidence first, then the answer; confirmed by an answer identical to the
// baseline's when confirmable.
func (in *Input) unsetFinding(name, sum, first string, confirmable bool) []authdoctor.Finding {
	ev := []string{first}
	conf := authdoctor.Likely
	if in.Baseline != nil && in.SameAs(in.Auth, in.Baseline) {
		ev = append(ev, "the server answered exactly as it does without any credential")
		if confirmable {
			conf = authdoctor.Confirmed
		}
	}
	if d := Describe(in.Auth); d != "" {
		ev = append(ev, d)
	}
	fs := found(in.failSeverity(), conf, sum, ev...)
	fs[0].Fix = fmt.Sprintf("Set the variable before running (export %s=…), or check the name for typos.", name)
	return fs
}
