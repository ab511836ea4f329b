package cli

import (
	"errors"
	"strings"
	"time"
)

// maxAtOffset bounds a relative --at: ten years either way covers every
// token lifetime and keeps the sum with now far from time.Time's limits.
const maxAtOffset = 10 * 365 * 24 * time.Hour

// parseAt reads the moment of inspect --at: an RFC 3339 time
// (2026-12-05T02:00:00Z, with an offset or Z), or a signed Go duration from
// now (+2h, -30m, +1h30m). A bare duration without a sign is refused: it
// is unclear whether it means later or earlier. Errors say what is wrong
// and show the forms that work; they quote nothing longer than the input.
func parseAt(s string, now time.Time) (time.Time, error) {
	v := strings.TrimSpace(s)
	switch {
	case v == "":
		return time.Time{}, errors.New("empty: give an RFC 3339 time (2026-12-05T02:00:00Z) or a duration from now (+2h, -30m)")
	case v[0] == '+' || v[0] == '-':
		d, err := time.ParseDuration(v)
		if err != nil {
			return time.Time{}, errors.New("not a duration like +2h, -30m or +1h30m (units: s, m, h)")
		}
		if d > maxAtOffset || d < -maxAtOffset {
			return time.Time{}, errors.New("more than ten years from now: give an RFC 3339 time instead")
		}
		return now.Add(d), nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		if _, derr := time.ParseDuration(v); derr == nil {
			return time.Time{}, errors.New("a duration needs a sign: +" + v + " for later, -" + v + " for earlier")
		}
		return time.Time{}, errors.New("not an RFC 3339 time like 2026-12-05T02:00:00Z (date, T, time, and Z or an offset such as +01:00), nor a duration like +2h")
	}
	return t, nil
}
