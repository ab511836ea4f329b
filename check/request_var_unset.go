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
			var sum string
			switch {
			case !v.Set:
				sum = fmt.Sprintf("The variable $%s is not set, so the %s header went out without its credential.", v.Name, c.Name())
			case v.Empty:
				sum = fmt.Sprintf("The variable $%s is set but empty, so the %s header went out without its credential.", v.Name, c.Name())
			default:
				continue
			}
			ev := []string{fmt.Sprintf("%s: %s (template %q)", c.Name(), c.Field.Display(), c.Field.Template)}
			conf := authdoctor.Likely
			if in.SameAs(in.Auth, in.Baseline) {
				conf = authdoctor.Confirmed
				ev = append(ev, "the server answered exactly as it does without any credential")
			}
			if d := Describe(in.Auth); d != "" {
				ev = append(ev, d)
			}
			fs := found(in.failSeverity(), conf, sum, ev...)
			fs[0].Fix = fmt.Sprintf("Set the variable before running (export %s=…), or check the name for typos.", v.Name)
			out = append(out, fs...)
		}
	}
	for _, v := range in.Obs.Request.Unfilled {
		how := "is not set"
		if v.Set {
			how = "is set but empty"
		}
		sum := fmt.Sprintf("The variable $%s %s, so the %s parameter %s went out without its credential.", v.Name, how, v.In, v.Param)
		ev := []string{fmt.Sprintf("%s parameter %s=$%s: $%s %s", v.In, v.Param, v.Name, v.Name, how)}
		conf := authdoctor.Likely
		if in.Baseline != nil && in.SameAs(in.Auth, in.Baseline) {
			ev = append(ev, "the server answered exactly as it does without any credential")
		}
		if d := Describe(in.Auth); d != "" {
			ev = append(ev, d)
		}
		fs := found(in.failSeverity(), conf, sum, ev...)
		fs[0].Fix = fmt.Sprintf("Set the variable before running (export %s=…), or check the name for typos.", v.Name)
		out = append(out, fs...)
	}
	return out
}
