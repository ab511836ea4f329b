package capture

import (
	"io"
	"sync"
)

// keep is a writer that keeps the first max bytes written to it and counts
// the rest. Its buffer never grows beyond max bytes of capacity, whatever
// is written. It is safe for concurrent use: the transport may still be
// writing a request body when the handler has its response.
type keep struct {
	mu  sync.Mutex
	max int
	buf []byte
	n   int64
}

func newKeep(max int) *keep { return &keep{max: max} }

// Write keeps what fits and counts everything; it never fails.
func (k *keep) Write(p []byte) (int, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.n += int64(len(p))
	room := k.max - len(k.buf)
	if room <= 0 {
		return len(p), nil
	}
	add := p[:min(room, len(p))]
	if need := len(k.buf) + len(add); need > cap(k.buf) {
		// Grow by doubling, capped at max, so the kept buffer is bounded
		// by max and not by append's growth policy.
		c := min(k.max, max(need, 2*cap(k.buf), 512))
		nb := make([]byte, len(k.buf), c)
		copy(nb, k.buf)
		k.buf = nb
	}
	k.buf = append(k.buf, add...)
	return len(p), nil
}

// snapshot returns a copy of the kept bytes, the number of bytes seen and
// whether some were not kept.
func (k *keep) snapshot() (b []byte, n int64, truncated bool) {
	if k == nil {
		return nil, 0, false
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]byte(nil), k.buf...), k.n, k.n > int64(len(k.buf))
}

// capacity is the capacity of the kept buffer, for tests.
func (k *keep) capacity() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return cap(k.buf)
}

// teeBody passes a body through unchanged and copies what is read into a
// keep: the reader gets every byte as soon as it arrives, nothing waits
// for the whole body.
type teeBody struct {
	rc io.ReadCloser
	k  *keep
}

func (t *teeBody) Read(p []byte) (int, error) {
	n, err := t.rc.Read(p)
	if n > 0 {
		_, _ = t.k.Write(p[:n])
	}
	return n, err
}

func (t *teeBody) Close() error { return t.rc.Close() }
