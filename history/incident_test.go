package history

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
)

// run is an outcome at minute m after base.
func run(id int64, m int, req, env string, healthy bool, cause authdoctor.Cause) Outcome {
	if healthy && cause == "" {
		cause = authdoctor.CauseAccepted
	}
	return Outcome{ID: id, Time: base.Add(time.Duration(m) * time.Minute), Identity: Identity{Request: req, Env: env},
		Kind: KindCheck, Accepted: healthy, Healthy: healthy, Cause: cause, Requests: 1}
}

func TestIncidents(t *testing.T) {
	t.Parallel()
	exp, rot, scope := authdoctor.CauseTokenExpired, authdoctor.CauseSignatureInvalid, authdoctor.CauseInsufficientScope
	outcomes := []Outcome{
		run(1, 0, "a", "prod", true, ""),
		run(2, 10, "a", "prod", false, exp),   // incident 2 opens
		run(3, 11, "b", "prod", false, scope), // incident 3 opens (other request)
		run(4, 20, "a", "prod", false, rot),
		run(5, 30, "a", "prod", true, ""),      // incident 2 resolves after 20 minutes
		run(6, 40, "a", "sandbox", false, exp), // incident 6: another environment
		run(7, 50, "a", "prod", false, exp),    // incident 7: expired again, a repeat
		run(8, 70, "a", "prod", true, ""),
		run(9, 80, "a", "prod", false, scope), // incident 9: a new cause, not a repeat
	}
	outcomes[3].Requests = 5
	// Given out of order: Incidents sorts by id.
	shuffled := append([]Outcome{outcomes[8], outcomes[2]}, outcomes[:2]...)
	shuffled = append(shuffled, outcomes[3:8]...)
	got := Incidents(shuffled)
	at := func(m int) time.Time { return base.Add(time.Duration(m) * time.Minute) }
	want := []Incident{
		{ID: 2, Identity: Identity{"a", "prod"}, Causes: []authdoctor.Cause{exp, rot}, FirstSeen: at(10), LastSeen: at(20), LastRun: 4,
			Resolved: at(30), ResolvedBy: 5, Runs: 2, Requests: 6, Notes: []Note{}},
		{ID: 3, Identity: Identity{"b", "prod"}, Causes: []authdoctor.Cause{scope}, FirstSeen: at(11), LastSeen: at(11), LastRun: 3,
			Runs: 1, Requests: 1, Notes: []Note{}},
		{ID: 6, Identity: Identity{"a", "sandbox"}, Causes: []authdoctor.Cause{exp}, FirstSeen: at(40), LastSeen: at(40), LastRun: 6,
			Runs: 1, Requests: 1, Notes: []Note{}},
		{ID: 7, Identity: Identity{"a", "prod"}, Causes: []authdoctor.Cause{exp}, FirstSeen: at(50), LastSeen: at(50), LastRun: 7,
			Resolved: at(70), ResolvedBy: 8, Runs: 1, Requests: 1, Repeated: true, Notes: []Note{}},
		{ID: 9, Identity: Identity{"a", "prod"}, Causes: []authdoctor.Cause{scope}, FirstSeen: at(80), LastSeen: at(80), LastRun: 9,
			Runs: 1, Requests: 1, Notes: []Note{}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Incidents (-want +got):\n%s", d)
	}
	if got[0].Open() || !got[1].Open() {
		t.Errorf("Open: incident 2 %v (want false), incident 3 %v (want true)", got[0].Open(), got[1].Open())
	}
	if d := got[0].Duration(at(1000)); d != 20*time.Minute {
		t.Errorf("resolved incident's duration %v, want 20m", d)
	}
	if d := got[1].Duration(at(71)); d != time.Hour {
		t.Errorf("open incident's duration %v, want 1h (to now)", d)
	}
	if len(Incidents(nil)) != 0 || len(Incidents(outcomes[:1])) != 0 {
		t.Error("healthy runs alone made an incident")
	}
}

// An expect_denied request that is refused is healthy; accepted, it is
// the incident.
func TestIncidentsExpectDenied(t *testing.T) {
	t.Parallel()
	refused := run(1, 0, "admin", "prod", true, authdoctor.CauseInsufficientScope)
	refused.Accepted = false
	allowed := run(2, 5, "admin", "prod", false, authdoctor.CauseAccepted)
	allowed.Accepted = true
	got := Incidents([]Outcome{refused, allowed})
	if len(got) != 1 || got[0].ID != 2 || got[0].Causes[0] != authdoctor.CauseAccepted {
		t.Errorf("Incidents = %+v, want one incident #2 with cause accepted", got)
	}
}

func TestKPIs(t *testing.T) {
	t.Parallel()
	exp := authdoctor.CauseTokenExpired
	outcomes := []Outcome{
		run(1, 0, "a", "prod", false, exp), // incident 1: before the window, resolved before it
		run(2, 5, "a", "prod", true, ""),
		run(3, 100, "a", "prod", false, exp), // incident 3: opens before the window, resolves inside (60 min)
		run(4, 160, "a", "prod", true, ""),
		run(5, 200, "a", "prod", false, exp), // incident 5: a repeat, 10 minutes
		run(6, 210, "a", "prod", true, ""),
		run(7, 220, "a", "prod", false, authdoctor.CauseInsufficientScope), // incident 7: still open
		run(8, 230, "b", "", true, ""),
	}
	outcomes[6].Requests = 4
	yes, no := true, false
	notes := []Note{
		{ID: 1, Incident: 3, RunbookEnough: &no},
		{ID: 2, Incident: 3, RunbookEnough: &yes}, // the last answer counts
		{ID: 3, Incident: 5, RunbookEnough: &no},
		{ID: 4, Incident: 7, Text: "looking"}, // no answer
	}
	since := base.Add(150 * time.Minute)
	got := KPIs(outcomes, notes, since)
	want := []KPI{
		{Identity: Identity{"a", "prod"}, Runs: 4, Failures: 2, FailureRate: 0.5, Incidents: 3, Open: 1, Repeated: 2,
			Resolved: 2, MedianResolution: 35 * time.Minute, WorstResolution: 60 * time.Minute, RequestsAffected: 5,
			RunbookAnswered: 2, RunbookEnough: 1},
		{Identity: Identity{"b", ""}, Runs: 1, FailureRate: 0},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("KPIs (-want +got):\n%s", d)
	}
	if share, ok := got[0].RunbookShare(); !ok || share != 0.5 {
		t.Errorf("RunbookShare = %v, %v; want 0.5, true", share, ok)
	}
	if _, ok := got[1].RunbookShare(); ok {
		t.Error("RunbookShare with no answer says ok")
	}
	all := KPIs(outcomes, notes, time.Time{})
	if all[0].Incidents != 4 || all[0].Runs != 7 || all[0].Resolved != 3 {
		t.Errorf("KPIs over all history: %+v, want 4 incidents, 7 runs, 3 resolved", all[0])
	}
}

// A store made by an authdoctor that knew only schema version 1 opens,
// migrates to the newest version, and its old runs read as checks, healthy
// when accepted.
func TestMigrateFromVersion1(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	if err := ensureFile(path); err != nil {
		t.Fatal(err)
	}
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	v1 := sqliteDialect
	v1.migrations = v1.migrations[:1]
	old, err := newSQLStore(ctx, db, v1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, ok := range []bool{true, false} {
		// Version 1's insert: no kind, healthy or requests columns.
		if _, err := db.ExecContext(ctx, `INSERT INTO runs (started, request, env, accepted, cause, record) VALUES (?, 'a', 'prod', ?, ?, ?)`,
			base.Add(time.Duration(i)*time.Minute).UnixNano(), ok, "token_expired", fmt.Sprintf(`{"accepted":%v}`, ok)); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()

	s, err := OpenSQLite(ctx, path, Options{})
	if err != nil {
		t.Fatalf("open a version 1 store: %v", err)
	}
	defer s.Close()
	got, err := s.Outcomes(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !got[0].Healthy || got[1].Healthy || got[0].Kind != KindCheck || got[1].Requests != 1 {
		t.Errorf("migrated outcomes = %+v, want two checks, the accepted one healthy, 1 request each", got)
	}
	if _, err := s.AddNote(ctx, Note{Incident: got[1].ID, Text: "ok"}); err != nil {
		t.Errorf("add a note after migration: %v", err)
	}
}
