package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/capture"
	"github.com/authdoctor/authdoctor/history"
)

// TestCaptureHistory sends an application's traffic through capture to
// the lab and reads the history it left: streaks of one outcome per
// request, the first exchange of each recorded at once and the rest as
// one run counting its requests, so the incident counts every refused
// request.
func TestCaptureHistory(t *testing.T) {
	t.Parallel()
	l := historyLab(t)
	ok, expired := labToken(t, l, "ok"), labToken(t, l, "expired")
	db := filepath.Join(t.TempDir(), "history.db")
	o := &captureOptions{upstream: l.URL()}
	o.history.store = db
	out, err := captureRun(t, o, func(base string) {
		for _, tok := range []string{ok, ok, expired, expired, expired, ok} {
			send(t, "GET", base+"/api/projects/7", "", map[string]string{"Authorization": "Bearer " + tok})
		}
		send(t, "GET", base+"/api/nothing-here", "", map[string]string{"Authorization": "Bearer " + ok}) // 404: not counted
	})
	if err != nil {
		t.Fatalf("capture: %v\n%s", err, out)
	}
	if strings.Contains(out, "warning") {
		t.Errorf("capture warned:\n%s", out)
	}
	s, err := history.Open(context.Background(), db, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Outcomes(context.Background(), history.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	type run struct {
		Kind     history.Kind
		Healthy  bool
		Cause    authdoctor.Cause
		Requests int
	}
	var runs []run
	for _, o := range got {
		if !strings.HasSuffix(o.Identity.Request, "/api/projects/{id}") {
			t.Errorf("run %d is of %q", o.ID, o.Identity.Request)
		}
		runs = append(runs, run{o.Kind, o.Healthy, o.Cause, o.Requests})
	}
	c, acc, exp := history.KindCapture, authdoctor.CauseAccepted, authdoctor.CauseTokenExpired
	want := []run{
		{c, true, acc, 1},  // the first accepted exchange, at once
		{c, true, acc, 1},  // the second, when the streak ended
		{c, false, exp, 1}, // the first refused one, at once
		{c, false, exp, 2}, // the other two
		{c, true, acc, 1},  // accepted again: resolves the incident
	}
	if d := cmp.Diff(want, runs); d != "" {
		t.Errorf("runs recorded (-want +got):\n%s", d)
	}
	in := history.Incidents(got)
	if len(in) != 1 || in[0].Requests != 3 || in[0].Runs != 2 || in[0].Open() {
		t.Errorf("incidents = %+v, want one resolved incident of 2 runs and 3 requests", in)
	}
	rec, err := s.Get(context.Background(), got[2].ID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Credential == nil || rec.Credential.Kind != "jwt" || len(rec.Exchanges) != 1 || rec.Exchanges[0].Status != 401 {
		t.Errorf("the refused run keeps %+v, want the JWT's fingerprint and the 401", rec)
	}
}

// TestCaptureNoHistory: --no-history records nothing.
func TestCaptureNoHistory(t *testing.T) {
	t.Parallel()
	l := historyLab(t)
	db := filepath.Join(t.TempDir(), "history.db")
	o := &captureOptions{upstream: l.URL()}
	o.history.store, o.history.noHistory = db, true
	if _, err := captureRun(t, o, func(base string) {
		send(t, "GET", base+"/api/orders", "", nil)
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := history.Open(context.Background(), db, history.Options{}); err == nil {
		s, _ := history.Open(context.Background(), db, history.Options{})
		runs, _ := s.Outcomes(context.Background(), history.Filter{})
		s.Close()
		if len(runs) != 0 {
			t.Errorf("%d runs recorded with --no-history", len(runs))
		}
	}
}

// TestCaptureHistoryOrder feeds exchanges in the order they finished,
// not the order they arrived: the streaks follow the arrival order.
func TestCaptureHistoryOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := history.Open(ctx, filepath.Join(t.TempDir(), "h.db"), history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var out strings.Builder
	h := newCaptureHistory(Env{Stderr: &out}, s)
	ex := func(seq uint64, status int) capture.Record {
		// A different order each time: one endpoint, /v1/orders/{id}.
		r := capture.Record{Seq: seq, Exchange: authdoctor.Exchange{Method: "GET", URL: fmt.Sprintf("https://api.example.com/v1/orders/%d?page=2", 100+seq), Status: status}}
		if status == 401 {
			r.Diagnosis = &authdoctor.Diagnosis{Verdict: authdoctor.Verdict{Cause: authdoctor.CauseTokenRejected}}
		}
		return r
	}
	// Arrived 1:200 2:401 3:401 4:200 5:404; finished 2, 1, 4, 5, 3.
	for _, r := range []capture.Record{ex(2, 401), ex(1, 200), ex(4, 200), ex(5, 404), ex(3, 401)} {
		h.add(ctx, r)
	}
	h.close(ctx)
	got, err := s.Outcomes(ctx, history.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, o := range got {
		seen = append(seen, fmt.Sprintf("%v×%d", o.Healthy, o.Requests))
		if o.Identity.Request != "GET https://api.example.com/v1/orders/{id}?page=2" {
			t.Errorf("run %d is of %q", o.ID, o.Identity.Request)
		}
	}
	if d := cmp.Diff([]string{"true×1", "false×1", "false×1", "true×1"}, seen); d != "" {
		t.Errorf("runs (-want +got):\n%s", d)
	}
	if out.Len() > 0 {
		t.Errorf("warned: %s", out.String())
	}
}
