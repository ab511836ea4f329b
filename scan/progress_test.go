package scan

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestProgress: Progress is told the bytes read as they grow, and last
// the totals.
func TestProgress(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	line := strings.Repeat("x", 99) + "\n"
	os.WriteFile(filepath.Join(dir, "big.log"), []byte(strings.Repeat(line, 30_000)), 0o600) // 3 MB
	os.WriteFile(filepath.Join(dir, "leak.log"), []byte("token=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"), 0o600)
	var calls [][2]int64
	res := Paths(context.Background(), []string{dir}, Options{Progress: func(b int64, n int) { calls = append(calls, [2]int64{b, int64(n)}) }})
	if len(calls) < 3 {
		t.Fatalf("%d progress calls for 3 MB, want one a MiB and one an input: %v", len(calls), calls)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] < calls[i-1][0] {
			t.Errorf("bytes went back: %v", calls)
		}
	}
	if last := calls[len(calls)-1]; last[0] != res.Bytes || last[1] != int64(len(res.Findings)) || len(res.Findings) != 1 {
		t.Errorf("last call %v, result %d bytes %d findings", last, res.Bytes, len(res.Findings))
	}
}
