package cli

import (
	"context"
	"net/http"
	"strings"
	"sync"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/capture"
	"github.com/authdoctor/authdoctor/history"
	"github.com/authdoctor/authdoctor/monitor/accesslog"
)

// captureHistory turns the traffic capture sees into history runs, so
// incidents and KPIs count the application's own requests. Recording
// every exchange would flood the store, so each request (method and URL,
// its ids as {id} as the access-log reports count them) is kept as
// streaks of one outcome: the first exchange
// of a streak is recorded at once (an incident opens while capture
// runs), and the rest of the streak as one more run, standing for that
// many requests (Record.Requests), when the outcome changes or capture
// stops. Only answers that speak about the credential count: 2xx and
// 3xx are accepted, 401 and 403 fail with their verdict; anything else
// (404, 5xx, no answer) leaves the streak as it is.
type captureHistory struct {
	env   Env
	store history.Store

	mu      sync.Mutex
	streaks map[history.Identity]*captureStreak
	// pending holds exchanges that finished before an earlier one (by
	// Seq); next is the Seq to take next.
	pending map[uint64]capture.Record
	next    uint64
	// router makes the URL's path a route (ids as {id}), so the requests
	// of one endpoint are one streak, as in the access-log reports.
	router *accesslog.Router
	// failed is set once a write failed: one warning, then no more
	// writes.
	failed bool
}

// captureStreak is the current streak of one request: its outcome, and
// the exchanges after the first one (already recorded) not yet recorded.
type captureStreak struct {
	healthy bool
	cause   authdoctor.Cause
	// last is the newest exchange not yet recorded, n how many there are.
	last capture.Record
	n    int
}

func newCaptureHistory(env Env, s history.Store) *captureHistory {
	return &captureHistory{env: env, store: s, streaks: map[history.Identity]*captureStreak{}, pending: map[uint64]capture.Record{}, next: 1, router: &accesslog.Router{}}
}

// outcome says whether r speaks about the credential, and if so whether
// it was accepted and the verdict.
func captureOutcome(r capture.Record) (counts, healthy bool, cause authdoctor.Cause) {
	st := r.Exchange.Status
	switch {
	case st >= 200 && st < 400:
		return true, true, authdoctor.CauseAccepted
	case (st == http.StatusUnauthorized || st == http.StatusForbidden) && r.Diagnosis != nil:
		return true, false, r.Diagnosis.Verdict.Cause
	}
	return false, false, ""
}

// maxPending bounds the exchanges held back for an earlier one still in
// flight (a long download): past it, the streaks go on without it.
const maxPending = 1024

// add takes one exchange capture finished, and every exchange held back
// for it, in the order the requests arrived.
func (h *captureHistory) add(ctx context.Context, r capture.Record) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r.Seq < h.next {
		h.take(ctx, r) // older than one already taken: held back too long
		return
	}
	h.pending[r.Seq] = r
	if len(h.pending) > maxPending {
		h.next = minSeq(h.pending)
	}
	for {
		p, ok := h.pending[h.next]
		if !ok {
			return
		}
		delete(h.pending, h.next)
		h.next++
		h.take(ctx, p)
	}
}

func minSeq(m map[uint64]capture.Record) uint64 {
	first := true
	var min uint64
	for s := range m {
		if first || s < min {
			min, first = s, false
		}
	}
	return min
}

// take adds r to its request's streak; h.mu is held.
func (h *captureHistory) take(ctx context.Context, r capture.Record) {
	counts, healthy, cause := captureOutcome(r)
	if !counts {
		return
	}
	id := history.RequestIdentity(r.Exchange.Method, r.Exchange.URL)
	id.Request = h.routed(id.Request)
	s := h.streaks[id]
	if s != nil && s.healthy == healthy && s.cause == cause {
		s.last, s.n = r, s.n+1
		return
	}
	if s != nil {
		h.write(ctx, id, s.last, s.n)
	}
	h.streaks[id] = &captureStreak{healthy: healthy, cause: cause}
	h.write(ctx, id, r, 1)
}

// routed is a request identity ("GET https://host/v1/orders/17?x=1")
// with its path made a route: "GET https://host/v1/orders/{id}?x=1".
func (h *captureHistory) routed(id string) string {
	i := strings.Index(id, "://")
	if i < 0 {
		return id
	}
	start := strings.IndexByte(id[i+3:], '/')
	if start < 0 {
		return id
	}
	start += i + 3
	end := len(id)
	if q := strings.IndexByte(id[start:], '?'); q >= 0 {
		end = start + q
	}
	return id[:start] + string(h.router.Route([]byte(id[start:end]))) + id[end:]
}

// close takes the exchanges still held back, in order, and records what
// is left of every streak.
func (h *captureHistory) close(ctx context.Context) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for len(h.pending) > 0 {
		s := minSeq(h.pending)
		h.take(ctx, h.pending[s])
		delete(h.pending, s)
	}
	for id, s := range h.streaks {
		h.write(ctx, id, s.last, s.n)
		s.n = 0
	}
}

// write records r as a run of id standing for n requests (nothing when n
// is 0).
func (h *captureHistory) write(ctx context.Context, id history.Identity, r capture.Record, n int) {
	if n == 0 || h.failed {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, historyOpenTimeout)
	defer cancel()
	rec := history.FromRun(capturedRun(r), id, nil)
	rec.Kind, rec.Requests = history.KindCapture, n
	if _, err := h.store.Record(ctx, rec); err != nil {
		h.failed = true
		historyWarning(h.env, err)
	}
}

// capturedRun is the run history keeps of one captured exchange: the
// exchange as the authenticated request (its fields already redacted by
// capture), and its verdict, or accepted for a 2xx or 3xx.
func capturedRun(r capture.Record) authdoctor.Run {
	ex := r.Exchange
	d := authdoctor.Diagnosis{Verdict: authdoctor.Verdict{Cause: authdoctor.CauseAccepted, Confidence: authdoctor.Confirmed,
		Summary: "The application's request was accepted."}}
	if r.Diagnosis != nil {
		d = *r.Diagnosis
	}
	obs := &authdoctor.Observation{
		Request: authdoctor.Request{Method: ex.Method, URL: ex.URL},
		Now:     ex.Sent,
		Probes:  []authdoctor.Probe{{Role: authdoctor.RoleAuthenticated, Label: "the application's request", Hops: []authdoctor.Exchange{ex}}},
	}
	return authdoctor.Run{Version: Version, Observation: obs, Diagnosis: d, Started: ex.Sent, Duration: ex.Timing.Total}
}
