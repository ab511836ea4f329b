package header

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSlowCorpus(t *testing.T) {
	dir := os.Getenv("CORPUS")
	fs, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range fs {
		b, _ := os.ReadFile(f)
		lines := strings.Split(string(b), "\n")
		v, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "string("), ")"))
		if err != nil {
			t.Log(err)
			continue
		}
		st := time.Now()
		for range 10 {
			is := LintAuthorization(v)
			Fix(v, is)
		}
		if d := time.Since(st) / 10; d > 200*time.Microsecond {
			t.Logf("%s len=%d %v %q", filepath.Base(f), len(v), d, v[:min(len(v), 100)])
		}
	}
}
