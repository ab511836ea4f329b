package check

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor"
)

// gateRateLimited: 429, or a 401/403 that carries an exhausted rate limit
// (GitHub answers 403 with x-ratelimit-remaining: 0). Never a credential
// problem, however the application words it.
func gateRateLimited(in *Input) []authdoctor.Finding {
	f := in.Final()
	if f == nil || f.Status < 400 {
		return nil
	}
	h := f.Header
	var ev []string
	conf := authdoctor.Confidence("")
	if f.Status == 429 {
		conf = authdoctor.Confirmed
		ev = append(ev, Describe(in.Auth))
	}
	for _, name := range []string{"X-RateLimit-Remaining", "RateLimit-Remaining", "X-Rate-Limit-Remaining"} {
		// GitHub answers a bad token with limit 0 and remaining 0: that
		// is no quota at all, not a quota used up; and a 401 is about the
		// credential unless the body says otherwise.
		limit := strings.TrimSpace(h.Get(strings.Replace(name, "Remaining", "Limit", 1)))
		if limit == "0" || f.Status == 401 {
			continue
		}
		if v := strings.TrimSpace(h.Get(name)); v == "0" {
			conf = authdoctor.Confirmed
			ev = append(ev, Describe(in.Auth), name+": 0")
		}
	}
	r := in.Parse(f)
	if phrase, ok := r.Body.Has("rate limit exceeded", "secondary rate limit", "too many requests", "rate limited", "ratelimit", "quota exceeded"); ok {
		if conf == "" {
			conf = authdoctor.Likely
			ev = append(ev, Describe(in.Auth))
		}
		ev = append(ev, fmt.Sprintf("the answer says %q", phrase))
	}
	if conf == "" {
		return nil
	}
	wait := ""
	if v := h.Get("Retry-After"); v != "" {
		ev = append(ev, "Retry-After: "+v)
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
			wait = (time.Duration(n) * time.Second).String()
		}
	}
	for _, name := range []string{"X-RateLimit-Reset", "RateLimit-Reset"} {
		v := strings.TrimSpace(h.Get(name))
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			continue
		}
		ev = append(ev, name+": "+v)
		if n > 1e9 { // epoch seconds (GitHub), else seconds to wait (IETF draft)
			now := f.ServerDate
			if now.IsZero() {
				now = in.Obs.Now
			}
			if d := time.Unix(n, 0).Sub(now); d > 0 && wait == "" {
				wait = d.Round(time.Second).String()
			}
		} else if wait == "" {
			wait = (time.Duration(n) * time.Second).String()
		}
	}
	if m := r.Body.Message; m != "" {
		ev = append(ev, serverSaid(r))
	}
	sum := "The server is rate limiting you; this is not a credential problem."
	if wait != "" {
		sum = fmt.Sprintf("The server is rate limiting you (retry in about %s); this is not a credential problem.", wait)
	}
	return found(authdoctor.SeverityError, conf, sum, ev...)
}
