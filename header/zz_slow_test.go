package header

import (
	"strings"
	"testing"
	"time"
)

func TestSlow(t *testing.T) {
	pats := []string{"\"", "'", "\u00a0", " ", "\n", "Bearer ", "Bearer:", "Authorization: ", "\u201c", "a ", ", Basic x", "\u200b", "\xff", "é", "Bearer\u00a0", " \u00a0", "\"'"}
	for _, p := range pats {
		for _, n := range []int{100, 1000} {
			v := "Bearer " + strings.Repeat(p, n) + "x"
			v2 := strings.Repeat(p, n) + "Bearer x" + strings.Repeat(p, n)
			for _, s := range []string{v, v2} {
				st := time.Now()
				is := LintAuthorization(s)
				Fix(s, is)
				if d := time.Since(st); d > 50*time.Millisecond {
					t.Logf("%q n=%d: %v", p, n, d)
				}
			}
		}
	}
}
