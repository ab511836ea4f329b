package profile

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/authdoctor/authdoctor"
)

// DefaultReviewEvery is how often a request's runbook is reviewed when
// the profile does not say: a month, the usual rotation of a team's
// on-call notes.
const DefaultReviewEvery = 30 * 24 * time.Hour

// Blocks are the things a failing request may stop. The list is closed
// so that a runbook reader and an automation can rely on the words.
var Blocks = []string{"publishing", "retrying", "automation"}

// Ops is what the people who own a request need to know about it: who
// owns it, what it is for, what a good answer looks like, how often the
// runbook is reviewed, and what must stop when it fails. A request
// inherits each field it does not set from the file's defaults:
// section. The zero value means "not said".
type Ops struct {
	Owner   string
	UseCase string
	// Expected is the answer a working request gets.
	Expected Expected
	// ReviewEvery is the review interval; zero means DefaultReviewEvery.
	ReviewEvery time.Duration
	// Blocks lists what must stop while it fails (words of Blocks).
	Blocks []string
}

// Expected is the answer a validation accepts. The zero Status means any
// 2xx the analysis calls accepted (or a 401/403 for a request expected to
// be denied); an empty JSONPath asks nothing of the body.
type Expected struct {
	Status   int
	JSONPath Path
}

// Review returns the review interval, the default when unset.
func (o Ops) Review() time.Duration {
	if o.ReviewEvery > 0 {
		return o.ReviewEvery
	}
	return DefaultReviewEvery
}

// merge fills the unset fields of o from d.
func (o Ops) merge(d Ops) Ops {
	if o.Owner == "" {
		o.Owner = d.Owner
	}
	if o.UseCase == "" {
		o.UseCase = d.UseCase
	}
	if o.Expected.Status == 0 {
		o.Expected.Status = d.Expected.Status
	}
	if o.Expected.JSONPath.IsZero() {
		o.Expected.JSONPath = d.Expected.JSONPath
	}
	if o.ReviewEvery == 0 {
		o.ReviewEvery = d.ReviewEvery
	}
	if o.Blocks == nil {
		o.Blocks = d.Blocks
	}
	return o
}

// opsKeys are the keys an Ops takes, in a request or in defaults:.
const opsKeys = "owner, use_case, expected, review_every, blocks"

// opsField reads one Ops key; ok is false for a key that is not one.
func (p *parser) opsField(o *Ops, k, v *yaml.Node) (ok bool, err error) {
	switch k.Value {
	case "owner":
		o.Owner, err = p.text(v, "owner")
	case "use_case":
		o.UseCase, err = p.text(v, "use_case")
	case "expected":
		o.Expected, err = p.expected(v)
	case "review_every":
		var s string
		if s, err = p.scalar(v, "review_every"); err != nil {
			return true, err
		}
		d, perr := ParseInterval(s)
		if perr != nil {
			return true, p.errf(v, "review_every: %v", perr)
		}
		o.ReviewEvery = d
	case "blocks":
		var bs []string
		if bs, err = p.list(v, "blocks"); err != nil {
			return true, err
		}
		o.Blocks = []string{}
		for _, b := range bs {
			if !known(b) {
				return true, p.errf(v, "blocks: %q is not one of %s", b, strings.Join(Blocks, ", "))
			}
			o.Blocks = append(o.Blocks, b)
		}
	default:
		return false, nil
	}
	return true, err
}

func known(b string) bool {
	for _, k := range Blocks {
		if b == k {
			return true
		}
	}
	return false
}

// text is a one-line scalar: owner and use_case end up in table cells and
// headings.
func (p *parser) text(v *yaml.Node, what string) (string, error) {
	s, err := p.scalar(v, what)
	if err != nil {
		return "", err
	}
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "\r\n") {
		return "", p.errf(v, "%s must be one line", what)
	}
	if s == "" {
		return "", p.errf(v, "%s is empty: remove the key or write a value", what)
	}
	if literal("", s) {
		return "", p.errf(v, "%s looks like a credential; the file must hold no secrets", what)
	}
	return s, nil
}

func (p *parser) expected(n *yaml.Node) (Expected, error) {
	var e Expected
	err := p.pairs(n, "expected", func(k, v *yaml.Node) error {
		s, err := p.scalar(v, "expected "+k.Value)
		if err != nil {
			return err
		}
		switch k.Value {
		case "status":
			st, perr := strconv.Atoi(s)
			if perr != nil || st < 100 || st > 599 {
				return p.errf(v, "expected status %q is not an HTTP status (100 to 599)", s)
			}
			e.Status = st
		case "json_path":
			path, perr := ParsePath(s)
			if perr != nil {
				return p.errf(v, "expected json_path: %v", perr)
			}
			e.JSONPath = path
		default:
			return p.errf(k, "unknown key %q in expected: use status, json_path", k.Value)
		}
		return nil
	})
	return e, err
}

// ParseInterval reads a review interval: a whole number of days (30d),
// weeks (2w) or hours (12h), or any Go duration of at least an hour.
func ParseInterval(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	unit := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour}
	if n := len(s); n > 1 {
		if u, ok := unit[s[n-1]]; ok {
			v, err := strconv.Atoi(s[:n-1])
			if err != nil || v <= 0 || v > 3660 {
				return 0, fmt.Errorf("%q is not a number of days or weeks like 30d or 2w", s)
			}
			return time.Duration(v) * u, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < time.Hour || d > 10*365*24*time.Hour {
		return 0, fmt.Errorf("%q is not an interval like 30d, 2w or 12h", s)
	}
	return d, nil
}

// FormatInterval writes d the way a profile would: 30d, 2w, 12h.
func FormatInterval(d time.Duration) string {
	day := 24 * time.Hour
	switch {
	case d%(7*day) == 0:
		return strconv.FormatInt(int64(d/(7*day)), 10) + "w"
	case d%day == 0:
		return strconv.FormatInt(int64(d/day), 10) + "d"
	case d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	}
	return d.String()
}

// Limits of a watch interval: a check more often than once a second is a
// load test, not a watch; less often than once a day misses the expiry of
// day-long tokens. monitor.MinEvery and MaxEvery are the same.
const (
	MinEvery = time.Second
	MaxEvery = 24 * time.Hour
)

// ParseEvery reads how often authdoctor watch runs a request: a Go
// duration such as 30s, 5m or 1h30m, from MinEvery to MaxEvery.
func ParseEvery(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	d, err := time.ParseDuration(s)
	if err != nil || strings.HasPrefix(s, "-") {
		return 0, fmt.Errorf("%q is not an interval like 30s, 5m or 1h", quoteShort(s))
	}
	if d < MinEvery || d > MaxEvery {
		return 0, fmt.Errorf("%q is out of range: give 1s to 24h", quoteShort(s))
	}
	return d, nil
}

// quoteShort is what an error quotes of a value: at most 24 bytes, and
// nothing shaped like a credential.
func quoteShort(s string) string {
	if len(s) > 24 {
		s = s[:24] + "…"
	}
	return authdoctor.ScrubText(s)
}
