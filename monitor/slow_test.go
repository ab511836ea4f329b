package monitor

import (
	"context"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

// TestSlowCheckGivesUpItsSlot: with one slot, a check that hangs holds it
// only for SlowAfter; then another target's check runs while the hanging
// one is still in flight.
func TestSlowCheckGivesUpItsSlot(t *testing.T) {
	t.Parallel()
	clock := newFakeClock(labNow)
	hung, unblock, quick := make(chan struct{}, 1), make(chan struct{}), make(chan struct{}, 10)
	check := func(ctx context.Context, tg Target) (authdoctor.Run, error) {
		if tg.Request == "hangs" {
			hung <- struct{}{}
			select {
			case <-unblock:
			case <-ctx.Done():
			}
		} else {
			quick <- struct{}{}
		}
		return authdoctor.Run{Diagnosis: authdoctor.Diagnosis{Verdict: authdoctor.Verdict{Cause: authdoctor.CauseAccepted}}}, nil
	}
	ld := &loader{}
	ld.set([]Target{{Request: "hangs", Environment: "x"}}, nil)
	w, _ := newWatcher(t, ld, check, clock, func(cfg *Config) { cfg.Concurrency = 1 })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	<-hung // the only slot is taken by a check that does not end
	ld.set([]Target{{Request: "hangs", Environment: "x"}, {Request: "quick", Environment: "x"}}, nil)
	if err := w.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	clock.WaitTimer(labNow.Add(DefaultSlowAfter))
	clock.Advance(DefaultSlowAfter)
	select {
	case <-quick: // it ran while the hanging check is still in flight
	case <-time.After(10 * time.Second):
		t.Fatal("the quick target's check did not run: the hanging check kept the only slot")
	}
	close(unblock)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
