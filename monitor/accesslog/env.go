package accesslog

import (
	"fmt"
	"path"
	"strings"
)

// NoHost is the environment of a line whose format names no host.
const NoHost = "-"

// Environments names the environment of a host. Rules come first (in the
// order added: --env HOST_GLOB=ENV, then the profile's base_url hosts),
// then the heuristic (Heuristic). The zero value uses the heuristic only.
type Environments struct {
	rules []envRule
	// NoHost is the environment of lines without a host; "" means
	// accesslog.NoHost.
	NoHost string
}

type envRule struct {
	glob, env string
}

// AddRule adds a HOST_GLOB=ENV rule (path.Match syntax: *.sandbox.example.com).
func (e *Environments) AddRule(spec string) error {
	g, env, ok := strings.Cut(spec, "=")
	g, env = strings.ToLower(strings.TrimSpace(g)), strings.TrimSpace(env)
	if !ok || g == "" || env == "" {
		return fmt.Errorf("--env %q: write it as HOST_GLOB=ENV, like '*.sandbox.example.com=sandbox'", spec)
	}
	if _, err := path.Match(g, "x"); err != nil {
		return fmt.Errorf("--env %q: bad glob: %v", spec, err)
	}
	e.rules = append(e.rules, envRule{glob: g, env: env})
	return nil
}

// AddHost names the environment of one host exactly (a profile
// environment's base_url host).
func (e *Environments) AddHost(host, env string) {
	e.rules = append(e.rules, envRule{glob: strings.ToLower(host), env: env})
}

// Of returns the environment of host (already without its port).
func (e *Environments) Of(host string) string {
	if host == "" {
		if e.NoHost != "" {
			return e.NoHost
		}
		return NoHost
	}
	h := strings.ToLower(host)
	for _, r := range e.rules {
		if r.glob == h {
			return r.env
		}
		if ok, _ := path.Match(r.glob, h); ok {
			return r.env
		}
	}
	return Heuristic(h)
}

// heuristicWords are the environment names a host's first label, or a
// -suffix of it, says: sandbox.api.example.com, api-staging.example.com,
// api.dev.example.com.
var heuristicWords = []struct{ word, env string }{
	{"sandbox", "sandbox"}, {"staging", "staging"}, {"stage", "staging"}, {"stg", "staging"},
	{"test", "test"}, {"testing", "test"}, {"qa", "test"}, {"uat", "test"},
	{"dev", "development"}, {"development", "development"},
	{"localhost", "development"},
}

// Heuristic is the environment a host's name says, when no rule names
// it: a label, or a -suffix or -prefix of a label, that is sandbox,
// staging (stage, stg), test (testing, qa, uat) or dev (development,
// localhost), else production. 127.0.0.1 and other addresses say
// nothing: production. Labels are read from the left, and the public
// suffix is not read (example.test is production).
func Heuristic(host string) string {
	labels := strings.Split(strings.ToLower(host), ".")
	if len(labels) > 1 {
		labels = labels[:len(labels)-1] // the TLD says nothing
	}
	for _, l := range labels {
		for _, part := range strings.FieldsFunc(l, func(r rune) bool { return r == '-' }) {
			for _, w := range heuristicWords {
				if part == w.word {
					return w.env
				}
			}
		}
	}
	return "production"
}
