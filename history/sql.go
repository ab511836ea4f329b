package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor"
)

// dialect is what differs between SQLite and PostgreSQL: the migrations,
// the placeholders and how migrations are serialised between processes.
type dialect struct {
	name string
	// migrations are the schema's versions in order: migrations[i]
	// takes the schema from version i to i+1. Never edit one that has
	// shipped; append a new one.
	migrations [][]string
	// lock is run first in the migration transaction, to serialise two
	// processes migrating at once ("" when the transaction itself does:
	// SQLite's BEGIN IMMEDIATE).
	lock string
	// dollar says placeholders are $1, $2 rather than ?.
	dollar bool
}

// sqlStore is a Store over database/sql; SQLite and PostgreSQL differ
// only in their dialect.
type sqlStore struct {
	db  *sql.DB
	d   dialect
	cap int64
	// q holds the queries rewritten for the dialect.
	q map[string]string
}

// The queries, written with ? placeholders.
const (
	qInsert = `INSERT INTO runs (started, request, env, accepted, cause, record, report, kind, healthy, requests) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	qCap    = `DELETE FROM runs WHERE id <= ?`
	qGet    = `SELECT id, record, report FROM runs WHERE id = ?`
	qLast   = `SELECT id, record, report FROM runs WHERE request = ? AND env = ? AND accepted = ? AND id < ? ORDER BY id DESC LIMIT 1`
	qPrune  = `DELETE FROM runs WHERE started < ?`
	// qPruneNotes drops the notes of incidents whose first run is gone.
	qPruneNotes = `DELETE FROM incident_notes WHERE incident NOT IN (SELECT id FROM runs)`
	qNote       = `INSERT INTO incident_notes (incident, request, env, added, text, runbook_enough) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`
)

func newSQLStore(ctx context.Context, db *sql.DB, d dialect, o Options) (*sqlStore, error) {
	s := &sqlStore{db: db, d: d, cap: o.cap(), q: map[string]string{}}
	for _, q := range []string{qInsert, qCap, qGet, qLast, qPrune, qPruneNotes, qNote} {
		s.q[q] = s.rebind(q)
	}
	if err := s.migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// rebind turns ? placeholders into $n for PostgreSQL.
func (s *sqlStore) rebind(q string) string {
	if !s.d.dollar {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// migrate brings the schema to the newest version, in one transaction.
func (s *sqlStore) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate %s history: %w", s.d.name, err)
	}
	defer tx.Rollback()
	if s.d.lock != "" {
		if _, err := tx.ExecContext(ctx, s.d.lock); err != nil {
			return fmt.Errorf("migrate %s history: lock: %w", s.d.name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrate %s history: %w", s.d.name, err)
	}
	var v int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&v); err != nil {
		return fmt.Errorf("migrate %s history: read version: %w", s.d.name, err)
	}
	if v > len(s.d.migrations) {
		return fmt.Errorf("migrate %s history: the store has schema version %d, newer than this authdoctor knows (%d): upgrade authdoctor", s.d.name, v, len(s.d.migrations))
	}
	if v == len(s.d.migrations) {
		return nil
	}
	for i := v; i < len(s.d.migrations); i++ {
		for _, stmt := range s.d.migrations[i] {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("migrate %s history to version %d: %w", s.d.name, i+1, err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM schema_version`); err != nil {
		return fmt.Errorf("migrate %s history: %w", s.d.name, err)
	}
	if _, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO schema_version (version) VALUES (?)`), len(s.d.migrations)); err != nil {
		return fmt.Errorf("migrate %s history: %w", s.d.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate %s history: %w", s.d.name, err)
	}
	return nil
}

// Record implements Store.
func (s *sqlStore) Record(ctx context.Context, rec Record) (int64, error) {
	report := rec.Report
	rec.ID, rec.Report = 0, nil
	if rec.Findings == nil {
		rec.Findings = []string{}
	}
	if rec.Exchanges == nil {
		rec.Exchanges = []Exchange{}
	}
	body, err := json.Marshal(rec)
	if err != nil {
		return 0, fmt.Errorf("record run: %w", err)
	}
	var rep any
	if len(report) > 0 {
		rep = string(report)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("record run: %w", err)
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, s.q[qInsert], rec.Time.UnixNano(), rec.Identity.Request, rec.Identity.Env,
		rec.Accepted, string(rec.Cause), string(body), rep, string(rec.kind()), rec.Healthy(), rec.requests()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record run: %w", err)
	}
	if s.cap > 0 && id > s.cap {
		if _, err := tx.ExecContext(ctx, s.q[qCap], id-s.cap); err != nil {
			return 0, fmt.Errorf("record run: enforce the cap of %d runs: %w", s.cap, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("record run: %w", err)
	}
	return id, nil
}

// List implements Store.
func (s *sqlStore) List(ctx context.Context, f Filter) ([]Record, error) {
	where, args := f.where()
	q := `SELECT id, record, NULL FROM runs WHERE ` + where
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	defer rows.Close()
	out := []Record{}
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, fmt.Errorf("list runs: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	return out, nil
}

// where is the WHERE clause (with ? placeholders) and the arguments that
// select the runs f names; Limit is not part of it.
func (f Filter) where() (string, []any) {
	q := `1=1`
	var args []any
	if f.Request != "" {
		q += ` AND request = ?`
		args = append(args, f.Request)
	}
	if f.Env != "" {
		q += ` AND env = ?`
		args = append(args, f.Env)
	}
	if f.Kind != "" {
		q += ` AND kind = ?`
		args = append(args, string(f.Kind))
	}
	if !f.Since.IsZero() {
		q += ` AND started >= ?`
		args = append(args, f.Since.UnixNano())
	}
	return q, args
}

// Get implements Store.
func (s *sqlStore) Get(ctx context.Context, id int64) (Record, error) {
	r, err := scanRecord(s.db.QueryRowContext(ctx, s.q[qGet], id))
	if errors.Is(err, sql.ErrNoRows) {
		return Record{}, fmt.Errorf("run %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Record{}, fmt.Errorf("get run %d: %w", id, err)
	}
	return r, nil
}

// LastAccepted implements Store.
func (s *sqlStore) LastAccepted(ctx context.Context, id Identity, before int64) (Record, error) {
	if before <= 0 {
		before = 1<<63 - 1
	}
	r, err := scanRecord(s.db.QueryRowContext(ctx, s.q[qLast], id.Request, id.Env, true, before))
	if errors.Is(err, sql.ErrNoRows) {
		return Record{}, fmt.Errorf("last accepted run of %s: %w", id.Request, ErrNotFound)
	}
	if err != nil {
		return Record{}, fmt.Errorf("last accepted run of %s: %w", id.Request, err)
	}
	return r, nil
}

// Prune implements Store.
func (s *sqlStore) Prune(ctx context.Context, olderThan time.Time) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("prune runs: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, s.q[qPrune], olderThan.UnixNano())
	if err != nil {
		return 0, fmt.Errorf("prune runs: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("prune runs: %w", err)
	}
	if _, err := tx.ExecContext(ctx, s.q[qPruneNotes]); err != nil {
		return 0, fmt.Errorf("prune incident notes: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("prune runs: %w", err)
	}
	return n, nil
}

// Outcomes implements Store.
func (s *sqlStore) Outcomes(ctx context.Context, f Filter) ([]Outcome, error) {
	where, args := f.where()
	q := `SELECT id, started, request, env, kind, accepted, healthy, cause, requests FROM runs WHERE ` + where + ` ORDER BY id`
	rows, err := s.db.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("read outcomes: %w", err)
	}
	defer rows.Close()
	out := []Outcome{}
	for rows.Next() {
		var o Outcome
		var started int64
		var kind, cause string
		if err := rows.Scan(&o.ID, &started, &o.Identity.Request, &o.Identity.Env, &kind, &o.Accepted, &o.Healthy, &cause, &o.Requests); err != nil {
			return nil, fmt.Errorf("read outcomes: %w", err)
		}
		o.Time, o.Kind, o.Cause = time.Unix(0, started).UTC(), Kind(kind), authdoctor.Cause(cause)
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read outcomes: %w", err)
	}
	return out, nil
}

// AddNote implements Store.
func (s *sqlStore) AddNote(ctx context.Context, n Note) (int64, error) {
	var enough any
	if n.RunbookEnough != nil {
		enough = *n.RunbookEnough
	}
	var id int64
	err := s.db.QueryRowContext(ctx, s.q[qNote], n.Incident, n.Identity.Request, n.Identity.Env,
		n.Time.UnixNano(), n.Text, enough).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("add a note to incident %d: %w", n.Incident, err)
	}
	return id, nil
}

// Notes implements Store.
func (s *sqlStore) Notes(ctx context.Context, incident int64) ([]Note, error) {
	q := `SELECT id, incident, request, env, added, text, runbook_enough FROM incident_notes`
	var args []any
	if incident != 0 {
		q += ` WHERE incident = ?`
		args = append(args, incident)
	}
	q += ` ORDER BY id`
	rows, err := s.db.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("read incident notes: %w", err)
	}
	defer rows.Close()
	out := []Note{}
	for rows.Next() {
		var n Note
		var added int64
		var enough sql.NullBool
		if err := rows.Scan(&n.ID, &n.Incident, &n.Identity.Request, &n.Identity.Env, &added, &n.Text, &enough); err != nil {
			return nil, fmt.Errorf("read incident notes: %w", err)
		}
		n.Time = time.Unix(0, added).UTC()
		if enough.Valid {
			v := enough.Bool
			n.RunbookEnough = &v
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read incident notes: %w", err)
	}
	return out, nil
}

// Close implements Store.
func (s *sqlStore) Close() error { return s.db.Close() }

type scanner interface{ Scan(...any) error }

func scanRecord(sc scanner) (Record, error) {
	var id int64
	var body string
	var report sql.NullString
	if err := sc.Scan(&id, &body, &report); err != nil {
		return Record{}, err
	}
	var r Record
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return Record{}, fmt.Errorf("run %d: %w", id, err)
	}
	r.ID = id
	if report.Valid && report.String != "" {
		r.Report = json.RawMessage(report.String)
	}
	return r, nil
}
