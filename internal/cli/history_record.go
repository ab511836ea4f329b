package cli

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/history"
	"github.com/authdoctor/authdoctor/render"
)

// historyOpenTimeout bounds opening and writing the store after a run: a
// PostgreSQL server that does not answer costs a warning, not a hang.
const historyOpenTimeout = 5 * time.Second

// historyFlags choose where (and whether) check and compare record runs.
type historyFlags struct {
	noHistory bool
	store     string
}

func (h *historyFlags) bind(f *pflag.FlagSet) {
	f.BoolVar(&h.noHistory, "no-history", false, "do not record this run in the history (also AUTHDOCTOR_HISTORY=off)")
	f.StringVar(&h.store, "store", "", "history store: a SQLite file path or file: URL, or postgres://… (default $AUTHDOCTOR_STORE, else $XDG_STATE_HOME/authdoctor/history.db)")
}

// storeLocation is the store the flags and environment name, or "" when
// none is known (no --store, AUTHDOCTOR_STORE, XDG_STATE_HOME or HOME).
func storeLocation(env Env, flag string) string {
	if flag != "" {
		return flag
	}
	if s := env.getenv("AUTHDOCTOR_STORE"); s != "" {
		return s
	}
	return history.DefaultPath(env.getenv)
}

// recording says whether runs are recorded: not with --no-history or
// AUTHDOCTOR_HISTORY=off (or 0, false, no).
func (h historyFlags) recording(env Env) bool {
	if h.noHistory {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(env.getenv("AUTHDOCTOR_HISTORY"))) {
	case "off", "0", "false", "no":
		return false
	}
	return true
}

// historyRun is one run to record with the request it was for.
type historyRun struct {
	id  history.Identity
	run authdoctor.Run
	// kind is the command that made the run; expectDenied says the
	// request must be refused.
	kind         history.Kind
	expectDenied bool
}

// open opens the store runs are recorded in; (nil, nil) when history is
// off or there is nowhere to keep it.
func (h historyFlags) open(ctx context.Context, env Env) (history.Store, error) {
	if !h.recording(env) {
		return nil, nil
	}
	loc := storeLocation(env, h.store)
	if loc == "" {
		return nil, nil // no home directory: nowhere to keep history
	}
	ctx, cancel := context.WithTimeout(ctx, historyOpenTimeout)
	defer cancel()
	return history.Open(ctx, loc, history.Options{})
}

// record stores runs in the history. A store that cannot be opened or
// written costs one line on stderr, never the report or the exit code.
// g is the output guard of the command: the stored report goes through
// it as the printed one did, and a report it cannot clean is not kept.
func (h historyFlags) record(ctx context.Context, env Env, g *guard, runs ...historyRun) {
	if len(runs) == 0 {
		return
	}
	s, err := h.open(ctx, env)
	if err != nil {
		historyWarning(env, err)
		return
	}
	if s == nil {
		return
	}
	defer s.Close()
	recordIn(ctx, env, s, g, runs...)
}

// recordIn stores runs in the open store s.
func recordIn(ctx context.Context, env Env, s history.Store, g *guard, runs ...historyRun) {
	ctx, cancel := context.WithTimeout(ctx, historyOpenTimeout)
	defer cancel()
	for _, r := range runs {
		var buf bytes.Buffer
		var report []byte
		if render.JSON(&buf, r.run) == nil {
			if b, ok := g.clean(buf.Bytes()); ok {
				report = b
			}
		}
		rec := history.FromRun(r.run, r.id, report)
		rec.Kind, rec.ExpectDenied = r.kind, r.expectDenied
		if _, err := s.Record(ctx, rec); err != nil {
			historyWarning(env, err)
			return
		}
	}
}

// sinceLastOK looks up in s the last accepted run of id for a failing run
// and says what changed since; nil when the run was accepted or s holds
// no accepted run of id.
func sinceLastOK(ctx context.Context, s history.Store, id history.Identity, run authdoctor.Run) *authdoctor.SinceLastOK {
	if !run.Failed() {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, historyOpenTimeout)
	defer cancel()
	ok, err := s.LastAccepted(ctx, id, 0)
	if err != nil {
		return nil
	}
	return history.SinceLastOK(ok, history.FromRun(run, id, nil))
}

// historyWarning is the one line a store failure costs.
func historyWarning(env Env, err error) {
	fmt.Fprintf(env.Stderr, "authdoctor: warning: run not recorded in history: %s (--no-history or AUTHDOCTOR_HISTORY=off turns history off)\n", strings.Join(strings.Fields(err.Error()), " "))
}

// clean redacts every secret the guard knows from b; false when one is
// still there afterwards.
func (g *guard) clean(b []byte) ([]byte, bool) {
	for _, it := range g.items {
		if it.sc.Contains(b) {
			b = it.sc.Bytes(b, false)
		}
	}
	for _, it := range g.items {
		if it.sc.Contains(b) {
			return nil, false
		}
	}
	return b, true
}
