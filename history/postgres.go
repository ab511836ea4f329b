package history

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the database/sql driver "pgx"
)

// postgresConnectTimeout bounds opening a PostgreSQL store: a server that
// is down must cost a check a one-line warning, not a hang.
const postgresConnectTimeout = 5 * time.Second

var postgresDialect = dialect{
	name:   "postgres",
	dollar: true,
	// A transaction-scoped advisory lock: two processes opening a new
	// database migrate one after the other. The key is arbitrary and
	// fixed ("ad" "hi" in ASCII).
	lock: `SELECT pg_advisory_xact_lock(1633970281)`,
	migrations: [][]string{
		// 1: as SQLite's.
		{
			`CREATE TABLE runs (
				id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
				started BIGINT NOT NULL,
				request TEXT NOT NULL,
				env TEXT NOT NULL,
				accepted BOOLEAN NOT NULL,
				cause TEXT NOT NULL,
				record TEXT NOT NULL,
				report TEXT
			)`,
			`CREATE INDEX runs_request ON runs (request, env, accepted, id)`,
			`CREATE INDEX runs_started ON runs (started)`,
		},
		// 2: as SQLite's.
		{
			`ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'check'`,
			`ALTER TABLE runs ADD COLUMN healthy BOOLEAN NOT NULL DEFAULT FALSE`,
			`ALTER TABLE runs ADD COLUMN requests BIGINT NOT NULL DEFAULT 1`,
			`UPDATE runs SET healthy = accepted`,
			`CREATE INDEX runs_identity ON runs (request, env, id)`,
			`CREATE TABLE incident_notes (
				id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
				incident BIGINT NOT NULL,
				request TEXT NOT NULL,
				env TEXT NOT NULL,
				added BIGINT NOT NULL,
				text TEXT NOT NULL,
				runbook_enough BOOLEAN
			)`,
			`CREATE INDEX incident_notes_incident ON incident_notes (incident, id)`,
		},
	},
}

// OpenPostgres opens the PostgreSQL store at dsn (a postgres:// URL, as
// libpq takes it), creating its tables in the database when missing.
func OpenPostgres(ctx context.Context, dsn string, o Options) (Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open history %s: %w", redactDSN(dsn), err)
	}
	cctx, cancel := context.WithTimeout(ctx, postgresConnectTimeout)
	defer cancel()
	if err := db.PingContext(cctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open history %s: %w", redactDSN(dsn), err)
	}
	s, err := newSQLStore(cctx, db, postgresDialect, o)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open history %s: %w", redactDSN(dsn), err)
	}
	return s, nil
}
