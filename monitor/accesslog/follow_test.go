package accesslog

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// waitLines polls the follower (it polls the file every few
// milliseconds) until it has read n lines, for at most 10 s.
func waitLines(t *testing.T, f *Follower, n uint64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, _, _ := f.Lines()
		if got >= n {
			if got > n {
				t.Fatalf("read %d lines, want %d", got, n)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("read %d lines after 10s, want %d", got, n)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func logLine(host string, code int) string {
	return fmt.Sprintf("%s:443 192.0.2.1 - - [04/Dec/2026:10:00:00 +0000] \"GET /v1/orders/%d?api_key=x HTTP/1.1\" %d 1 \"-\" \"ua\"\n", host, code, code)
}

func appendTo(t *testing.T, path string, lines ...string) {
	t.Helper()
	fl, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		if _, err := fl.WriteString(l); err != nil {
			t.Fatal(err)
		}
	}
	fl.Close()
}

// TestFollow appends to a log, rotates it the way logrotate does (rename
// and a new file), truncates it (copytruncate), and reads every line once.
func TestFollow(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "access.log")
	appendTo(t, path, logLine("api.example.com", 200)) // before the start: not read
	f := NewFollower(path, FollowOptions{Poll: 3 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	<-f.Ready() // the follower is at the end: the 200 before is not read
	appendTo(t, path, logLine("api.example.com", 401))
	waitLines(t, f, 1)

	appendTo(t, path, logLine("api.sandbox.example.com", 401), logLine("api.example.com", 403))
	// a line in two writes
	half := logLine("api.example.com", 200)
	appendTo(t, path, half[:20])
	appendTo(t, path, half[20:])
	waitLines(t, f, 4)

	// logrotate: the old file moves away, a new one takes its name.
	appendTo(t, path, logLine("api.example.com", 200))
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	appendTo(t, path+".1", logLine("api.example.com", 401)) // written to the old file after the rename, before the reopen
	appendTo(t, path, logLine("api-staging.example.com", 200), "garbage\n")
	waitLines(t, f, 8)

	// copytruncate: the same file, cut to nothing, written again.
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	appendTo(t, path, logLine("api.example.com", 401))
	waitLines(t, f, 9)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	want := []CodeCount{
		{"production", "/v1/orders/{id}", 200, 2},
		{"production", "/v1/orders/{id}", 401, 3},
		{"production", "/v1/orders/{id}", 403, 1},
		{"sandbox", "/v1/orders/{id}", 401, 1},
		{"staging", "/v1/orders/{id}", 200, 1},
	}
	if d := cmp.Diff(want, f.Counts()); d != "" {
		t.Errorf("counts (-want +got):\n%s", d)
	}
	lines, malformed, rotations := f.Lines()
	if lines != 9 || malformed != 1 || rotations != 2 {
		t.Errorf("lines %d, malformed %d, rotations %d; want 9, 1, 2", lines, malformed, rotations)
	}
}

// TestFollowBoundsRoutes: past MaxRoutes, new routes count as {other}.
func TestFollowBoundsRoutes(t *testing.T) {
	t.Parallel()
	f := NewFollower("unused", FollowOptions{MaxRoutes: 2, Format: Combined})
	var b []byte
	for _, p := range []string{"/a", "/b", "/c", "/d", "/a"} {
		b = append(b, fmt.Sprintf("192.0.2.1 - - [04/Dec/2026:10:00:00 +0000] \"GET %s HTTP/1.1\" 200 1 \"-\" \"ua\"\n", p)...)
	}
	f.feed(b)
	want := []CodeCount{{NoHost, "/a", 200, 2}, {NoHost, "/b", 200, 1}, {NoHost, OtherRoute, 200, 2}}
	if d := cmp.Diff(want, f.Counts()); d != "" {
		t.Errorf("counts (-want +got):\n%s", d)
	}
}

// BenchmarkFollow feeds appended lines through a follower's counting, on
// one core. Target: 1,000,000 lines/s or more.
func BenchmarkFollow(b *testing.B) {
	log := benchmarkLog(b)
	chunk := log[:1<<20]
	chunk = chunk[:lastNewline(chunk)+1]
	n := 0
	for _, c := range chunk {
		if c == '\n' {
			n++
		}
	}
	f := NewFollower("unused", FollowOptions{Format: VhostCombined})
	b.SetBytes(int64(len(chunk)))
	b.ResetTimer()
	for b.Loop() {
		f.feed(chunk)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

func lastNewline(b []byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == '\n' {
			return i
		}
	}
	return -1
}
