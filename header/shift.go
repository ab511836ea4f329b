package header

import (
	"regexp"
	"strconv"
)

// byteOffsets finds the offsets Issue details quote: "at byte 47",
// "bytes 7-9", "bytes 7 and 52", "from byte 12".
var byteOffsets = regexp.MustCompile(`\b(bytes?) (\d+)\b(?:(-| and )(\d+)\b)?`)

// Shift returns the issues with every offset, in Offset and in the Detail
// text, moved n bytes back: for a value authdoctor built by putting n
// bytes in front of what the user gave ("Bearer " before a bare token),
// so that offsets count in the user's own value. An offset inside the
// added text becomes 0. Issues without an offset (-1) keep it. is is not
// modified.
func Shift(is []Issue, n int) []Issue {
	if n == 0 || len(is) == 0 {
		return is
	}
	out := make([]Issue, len(is))
	back := func(s string) string {
		v, err := strconv.Atoi(s)
		if err != nil {
			return s
		}
		return strconv.Itoa(max(v-n, 0))
	}
	for i, x := range is {
		if x.Offset >= 0 {
			x.Offset = max(x.Offset-n, 0)
		}
		x.Detail = byteOffsets.ReplaceAllStringFunc(x.Detail, func(m string) string {
			p := byteOffsets.FindStringSubmatch(m)
			s := p[1] + " " + back(p[2])
			if p[3] != "" {
				s += p[3] + back(p[4])
			}
			return s
		})
		out[i] = x
	}
	return out
}
