package history

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// maxAge bounds ParseAge: 100 years, far past any history, and far from
// time.Duration's overflow.
const maxAge = 100 * 365 * 24 * time.Hour

// ParseAge reads an age as --since and --older-than take it: a whole
// number and a unit, d (days of 24 hours), w (weeks), h, m or s ("90d",
// "2w", "36h"), or any time.ParseDuration form ("1h30m"). It must be
// positive and at most 100 years.
func ParseAge(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("empty age: write it like 7d, 2w or 36h")
	}
	var d time.Duration
	if n := len(t); n > 1 && (t[n-1] == 'd' || t[n-1] == 'w') {
		v, err := strconv.ParseInt(t[:n-1], 10, 64)
		if err != nil || v <= 0 {
			return 0, fmt.Errorf("age %q: write a whole positive number of days or weeks, like 7d or 2w", s)
		}
		unit := 24 * time.Hour
		if t[n-1] == 'w' {
			unit *= 7
		}
		if v > int64(maxAge/unit) {
			return 0, fmt.Errorf("age %q is more than 100 years", s)
		}
		d = time.Duration(v) * unit
	} else {
		v, err := time.ParseDuration(t)
		if err != nil {
			return 0, fmt.Errorf("age %q: write it like 7d, 2w, 36h or 90m", s)
		}
		d = v
	}
	if d <= 0 {
		return 0, fmt.Errorf("age %q must be positive", s)
	}
	if d > maxAge {
		return 0, fmt.Errorf("age %q is more than 100 years", s)
	}
	return d, nil
}
