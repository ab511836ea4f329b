package history

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DefaultCap is the most runs a store keeps unless told otherwise: past
// it, recording a run deletes the oldest. 100,000 runs is a few hundred
// megabytes of SQLite at most (a run with its report is 2-4 KB) and years
// of checks by hand; watch at one check a minute fills it in ten weeks,
// so use prune or a larger cap (Options.Cap) there.
const DefaultCap = 100_000

// ErrNotFound is returned by Get and LastAccepted when there is no such
// run.
var ErrNotFound = errors.New("no such run")

// Filter selects runs for List. The zero Filter lists the newest
// DefaultLimit runs of every request.
type Filter struct {
	// Request is an Identity.Request; "" for every request.
	Request string
	// Env is an environment; "" for every environment.
	Env string
	// Kind keeps the runs one command made; "" for every kind.
	Kind Kind
	// Since keeps runs at or after it; zero for no bound.
	Since time.Time
	// Limit is the most runs returned, newest first; 0 means
	// DefaultLimit.
	Limit int
}

// DefaultLimit is how many runs List returns when Filter.Limit is 0.
const DefaultLimit = 50

// Store keeps runs. Implementations are safe for concurrent use, and two
// processes may record into the same store at once.
type Store interface {
	// Record stores rec (its ID is ignored) and returns the new run's id.
	// Ids grow: a later run has a larger id.
	Record(ctx context.Context, rec Record) (int64, error)
	// List returns the runs f selects, newest first, without their
	// reports.
	List(ctx context.Context, f Filter) ([]Record, error)
	// Get returns one run with its report, or ErrNotFound.
	Get(ctx context.Context, id int64) (Record, error)
	// LastAccepted returns the newest accepted run of id before the run
	// before (0: before none, i.e. the newest of all), or ErrNotFound.
	LastAccepted(ctx context.Context, id Identity, before int64) (Record, error)
	// Outcomes returns the outcome of every run f selects, oldest first
	// (f.Limit is ignored): what incidents and KPIs are computed from.
	Outcomes(ctx context.Context, f Filter) ([]Outcome, error)
	// AddNote stores a note on an incident and returns its id.
	AddNote(ctx context.Context, n Note) (int64, error)
	// Notes returns the notes of one incident (0: of every incident),
	// oldest first.
	Notes(ctx context.Context, incident int64) ([]Note, error)
	// Prune deletes the runs that started before olderThan and returns
	// how many went, with the notes of incidents whose first run went.
	Prune(ctx context.Context, olderThan time.Time) (int64, error)
	// Close releases the store.
	Close() error
}

// Options configure Open. The zero value is the defaults.
type Options struct {
	// Cap is the most runs kept; 0 means DefaultCap, negative no cap.
	Cap int64
}

func (o Options) cap() int64 {
	if o.Cap == 0 {
		return DefaultCap
	}
	return o.Cap
}

// Open opens (creating and migrating if needed) the store at location: a
// postgres:// or postgresql:// URL for PostgreSQL; a file: URL or a path
// for SQLite.
func Open(ctx context.Context, location string, o Options) (Store, error) {
	switch {
	case strings.HasPrefix(location, "postgres://"), strings.HasPrefix(location, "postgresql://"):
		return OpenPostgres(ctx, location, o)
	case strings.HasPrefix(location, "file:"):
		p := strings.TrimPrefix(location, "file:")
		p = strings.TrimPrefix(p, "//")
		if i := strings.IndexByte(p, '?'); i >= 0 {
			p = p[:i]
		}
		return OpenSQLite(ctx, p, o)
	case strings.Contains(location, "://"):
		return nil, fmt.Errorf("open history store: %s is neither a file path, a file: URL nor a postgres:// URL", redactDSN(location))
	case location == "":
		return nil, errors.New("open history store: no location")
	}
	return OpenSQLite(ctx, location, o)
}

// DefaultPath is where the SQLite store lives: $XDG_STATE_HOME/authdoctor/
// history.db, else ~/.local/state/authdoctor/history.db (the XDG Base
// Directory specification's default). getenv reads the environment; ""
// when neither variable is set.
func DefaultPath(getenv func(string) string) string {
	if d := getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "authdoctor", "history.db")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "state", "authdoctor", "history.db")
	}
	return ""
}

// ensureFile creates the directory (0700) and the database file (0600)
// if missing, and tightens an existing file's mode to 0600.
func ensureFile(path string) error {
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err == nil && st.Mode().Perm() != 0o600 {
		err = f.Chmod(0o600)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// redactDSN hides a password in a connection URL.
func redactDSN(s string) string {
	i := strings.Index(s, "://")
	if i < 0 {
		return s
	}
	rest := s[i+3:]
	at := strings.IndexByte(rest, '@')
	slash := strings.IndexByte(rest, '/')
	if at < 0 || (slash >= 0 && slash < at) {
		return s
	}
	user, _, hasPass := strings.Cut(rest[:at], ":")
	if !hasPass {
		return s
	}
	return s[:i+3] + user + ":[redacted]" + rest[at:]
}
