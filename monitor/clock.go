package monitor

import "time"

// Clock is the watcher's time: when it is, and a timer that fires at an
// absolute moment. Tests pass a clock they advance by hand; nil in Config
// means the real one.
type Clock interface {
	Now() time.Time
	// At returns a channel that receives once the clock reaches t (at
	// once when t has passed) and a function that stops the timer.
	At(t time.Time) (<-chan time.Time, func())
}

// realClock is the system's.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) At(t time.Time) (<-chan time.Time, func()) {
	tm := time.NewTimer(time.Until(t))
	return tm.C, func() { tm.Stop() }
}
