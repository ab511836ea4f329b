package cli

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progressLine is the one progress line of a long command on a terminal's
// stderr (logs, scan): redrawn in place at most five times a second, and
// cleared at the end. Safe for concurrent use.
type progressLine struct {
	w     io.Writer
	start time.Time
	mu    sync.Mutex
	last  time.Time
	drawn bool
}

// progressEvery is how often a progress line is redrawn at most.
const progressEvery = 200 * time.Millisecond

// draw redraws the line with what text says, given the seconds since the
// start (positive), unless it was drawn less than progressEvery ago.
func (p *progressLine) draw(text func(elapsed float64) string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.last) < progressEvery {
		return
	}
	p.last = now
	el := now.Sub(p.start).Seconds()
	if el <= 0 {
		return
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", text(el))
	p.drawn = true
}

// done clears the line, if it was drawn.
func (p *progressLine) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

func mb(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
