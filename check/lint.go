package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/header"
)

// lintFinding reports the first credential with one of the lint codes, as
// a finding of the running check, adjusted by its confirmation probe.
func (in *Input) lintFinding(codes []header.Code, summary func(c *Cred, is header.Issue) string) []authdoctor.Finding {
	return in.lintFindingExcept(codes, nil, summary)
}

// lintFindingExcept is lintFinding that passes over the issues skip
// reports as no defect of this credential.
func (in *Input) lintFindingExcept(codes []header.Code, skip func(c *Cred, is header.Issue) bool, summary func(c *Cred, is header.Issue) string) []authdoctor.Finding {
	for i := range in.Creds {
		c := &in.Creds[i]
		is, ok := c.HasIssue(codes...)
		if !ok || skip != nil && skip(c, is) {
			continue
		}
		ev := []string{fmt.Sprintf("%s: %s", c.Label(), is.Detail)}
		if c.Field.Source != "" {
			ev = append(ev, "value came from "+c.Field.Source)
		}
		if in.Auth != nil && in.Auth.Err != nil && in.Auth.Err.Phase == authdoctor.PhaseHeader {
			ev = append(ev, "Go's HTTP client refused to send it: "+in.Auth.Err.Message)
		} else if d := Describe(in.Auth); d != "" {
			ev = append(ev, d, serverSaid(in.Parse(in.Final())))
		}
		conf := authdoctor.Likely
		if !in.Failed() {
			conf = authdoctor.Possible
		}
		fs := found(in.failSeverity(), conf, summary(c, is), ev...)
		return in.confirm(fs, "with the header corrected")
	}
	return nil
}
