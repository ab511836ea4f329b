package history

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite", pure Go
)

// sqliteBusyTimeout is how long (ms) a writer waits for another
// process's write to finish before failing: a check recording while
// watch records must both succeed, and a write takes milliseconds.
const sqliteBusyTimeout = 10000

var sqliteDialect = dialect{
	name: "sqlite",
	migrations: [][]string{
		// 1: runs, and the index that finds a request's last accepted
		// run and lists a request's runs.
		{
			`CREATE TABLE runs (
				id INTEGER PRIMARY KEY AUTOINCREMENT,
				started INTEGER NOT NULL,
				request TEXT NOT NULL,
				env TEXT NOT NULL,
				accepted INTEGER NOT NULL,
				cause TEXT NOT NULL,
				record TEXT NOT NULL,
				report TEXT
			)`,
			`CREATE INDEX runs_request ON runs (request, env, accepted, id)`,
			`CREATE INDEX runs_started ON runs (started)`,
		},
		// 2: what made a run and whether it had the outcome its request
		// expects (incidents open and close on it), how many requests it
		// stands for, and the notes people add to incidents.
		{
			`ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'check'`,
			`ALTER TABLE runs ADD COLUMN healthy INTEGER NOT NULL DEFAULT 0`,
			`ALTER TABLE runs ADD COLUMN requests INTEGER NOT NULL DEFAULT 1`,
			`UPDATE runs SET healthy = accepted`,
			`CREATE INDEX runs_identity ON runs (request, env, id)`,
			`CREATE TABLE incident_notes (
				id INTEGER PRIMARY KEY AUTOINCREMENT,
				incident INTEGER NOT NULL,
				request TEXT NOT NULL,
				env TEXT NOT NULL,
				added INTEGER NOT NULL,
				text TEXT NOT NULL,
				runbook_enough INTEGER
			)`,
			`CREATE INDEX incident_notes_incident ON incident_notes (incident, id)`,
		},
	},
}

// OpenSQLite opens the SQLite store at path, creating the file (0600)
// and its directory (0700) when missing. The database is in WAL mode,
// so readers never block the writer, and a writer waits up to
// sqliteBusyTimeout for another one.
func OpenSQLite(ctx context.Context, path string, o Options) (Store, error) {
	if err := ensureFile(path); err != nil {
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", sqliteBusyTimeout))
	q.Add("_pragma", "journal_mode(WAL)")
	// NORMAL in WAL mode: a commit survives a crash of the process (the
	// WAL is written before the commit returns) and can only be lost
	// with the machine's power, which costs a run of history at most.
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	// Write transactions take the write lock when they begin, so two
	// processes wait for each other instead of failing to upgrade.
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	s, err := newSQLStore(ctx, db, sqliteDialect, o)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	return s, nil
}
