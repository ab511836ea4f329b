package history

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkRecord records one run (with a 4 KB report) into a SQLite
// store. Target: under 2 ms.
func BenchmarkRecord(b *testing.B) {
	s, err := OpenSQLite(context.Background(), filepath.Join(b.TempDir(), "history.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	rec := sample(1, "orders.list", "production", false)
	rec.Report = append([]byte(`{"schema":"authdoctor.check/v2","pad":"`), make([]byte, 4096)...)
	for i := range rec.Report[40:] {
		rec.Report[40+i] = 'x'
	}
	rec.Report = append(rec.Report, `"}`...)
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Record(context.Background(), rec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLastAccepted finds a request's last accepted run among
// 1,000,000 runs of 1,000 requests in 3 environments, most of them
// failures. Target: under 20 ms. The million rows are built once, in one
// transaction, only when this benchmark runs.
func BenchmarkLastAccepted(b *testing.B) {
	const runs, requests = 1_000_000, 1000
	path := filepath.Join(b.TempDir(), "history.db")
	st, err := OpenSQLite(context.Background(), path, Options{Cap: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	s := st.(*sqlStore)
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO runs (started, request, env, accepted, cause, record, report) VALUES (?, ?, ?, ?, ?, ?, NULL)`)
	if err != nil {
		b.Fatal(err)
	}
	body := `{"time":"2026-03-01T09:00:00Z","identity":{"request":"r","environment":"e"},"cause":"token_expired","findings":["token.exp-passed"],"exchanges":[]}`
	envs := []string{"sandbox", "staging", "production"}
	for i := range runs {
		req := fmt.Sprintf("request-%d", i%requests)
		env := envs[(i/requests)%3]
		// Every request runs once a round; one round in 50 is accepted,
		// so most runs are failures newer than the last accepted one.
		round := i / requests
		if _, err := ins.ExecContext(ctx, int64(i)*1e9, req, env, round%50 == 0, "token_expired", body); err != nil {
			b.Fatal(err)
		}
	}
	ins.Close()
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	id := Identity{Request: "request-7", Env: "sandbox"}
	b.ResetTimer()
	for b.Loop() {
		r, err := s.LastAccepted(ctx, id, runs)
		if err != nil {
			b.Fatal(err)
		}
		if r.ID%requests != 8 { // ids start at 1
			b.Fatalf("found run %d", r.ID)
		}
	}
}

// BenchmarkKPIs reads what authdoctor kpi reads from a store at the
// default cap — 100,000 runs of 100 requests in 3 environments, one run
// in 10 failing in streaks of 5 — and computes the KPIs of every request.
// Target: under 1 s.
func BenchmarkKPIs(b *testing.B) {
	const runs, requests = DefaultCap, 100
	st, err := OpenSQLite(context.Background(), filepath.Join(b.TempDir(), "history.db"), Options{Cap: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	s := st.(*sqlStore)
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO runs (started, request, env, accepted, healthy, cause, kind, requests, record) VALUES (?, ?, ?, ?, ?, ?, 'check', 1, '{}')`)
	if err != nil {
		b.Fatal(err)
	}
	envs := []string{"sandbox", "staging", "production"}
	for i := range runs {
		round := i / (requests * 3)
		ok := round%50 >= 5 // rounds 0-4 of every 50 fail: one run in 10
		cause := "accepted"
		if !ok {
			cause = "token_expired"
		}
		if _, err := ins.ExecContext(ctx, int64(i)*1e9, fmt.Sprintf("request-%d", i%requests), envs[(i/requests)%3], ok, ok, cause); err != nil {
			b.Fatal(err)
		}
	}
	ins.Close()
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		outcomes, err := s.Outcomes(ctx, Filter{})
		if err != nil {
			b.Fatal(err)
		}
		notes, err := s.Notes(ctx, 0)
		if err != nil {
			b.Fatal(err)
		}
		ks := KPIs(outcomes, notes, time.Time{})
		if len(ks) != requests*3 || ks[0].Incidents == 0 {
			b.Fatalf("%d KPI rows, the first with %d incidents", len(ks), ks[0].Incidents)
		}
	}
}
