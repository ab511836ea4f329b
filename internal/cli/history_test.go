package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor/history"
	"github.com/authdoctor/authdoctor/lab"
	"github.com/authdoctor/authdoctor/render"
)

// historyEnv is an environment whose history lives in state; out gets
// stdout, errb stderr.
func historyEnv(state string, vars map[string]string, out, errb *bytes.Buffer) Env {
	all := map[string]string{"XDG_STATE_HOME": state}
	for k, v := range vars {
		all[k] = v
	}
	return Env{Stdin: strings.NewReader(""), Stdout: out, Stderr: errb,
		Lookup: func(k string) (string, bool) { v, ok := all[k]; return v, ok }}
}

func historyLab(t *testing.T) *lab.Lab {
	t.Helper()
	l, err := lab.Start(context.Background(), lab.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func labToken(t *testing.T, l *lab.Lab, scenario string) string {
	t.Helper()
	s, ok := l.Scenario(scenario)
	if !ok {
		t.Fatalf("no lab scenario %s", scenario)
	}
	return strings.TrimSpace(s.Env["LAB_TOKEN"])
}

// TestHistoryRecordsCheck: a check is recorded; history lists it, show
// prints it and its report, prune removes nothing recent.
func TestHistoryRecordsCheck(t *testing.T) {
	t.Parallel()
	l := historyLab(t)
	state := t.TempDir()
	vars := map[string]string{"T": labToken(t, l, "ok"), "X": labToken(t, l, "expired")}
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Main(context.Background(), args, historyEnv(state, vars, &out, &errb))
		return code, out.String(), errb.String()
	}
	if code, _, errs := run("check", l.URL()+"/api/orders", "-H", "Authorization: Bearer $T"); code != ExitOK || errs != "" {
		t.Fatalf("check: exit %d, stderr %q", code, errs)
	}
	if code, _, errs := run("check", l.URL()+"/api/orders", "-H", "Authorization: Bearer $X", "-o", "json"); code != ExitDiagnosed || errs != "" {
		t.Fatalf("check: exit %d, stderr %q", code, errs)
	}
	db := filepath.Join(state, "authdoctor", "history.db")
	if st, err := os.Stat(db); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("history file: %v, %v", st, err)
	}

	code, out, _ := run("history", "-o", "json")
	var doc struct {
		Schema string           `json:"schema"`
		Runs   []history.Record `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != ExitOK {
		t.Fatalf("history -o json: exit %d, %v\n%s", code, err, out)
	}
	if doc.Schema != HistorySchema || len(doc.Runs) != 2 {
		t.Fatalf("history: schema %q, %d runs", doc.Schema, len(doc.Runs))
	}
	newest, oldest := doc.Runs[0], doc.Runs[1]
	if !oldest.Accepted || newest.Accepted || newest.Cause != "token_expired" {
		t.Errorf("runs: %v %s, %v %s", oldest.Accepted, oldest.Cause, newest.Accepted, newest.Cause)
	}
	wantReq := "GET " + l.URL() + "/api/orders"
	if oldest.Identity.Request != wantReq || newest.Identity.Request != wantReq {
		t.Errorf("identities %q and %q, want %q for both", oldest.Identity.Request, newest.Identity.Request, wantReq)
	}
	if c := oldest.Credential; c == nil || c.Kind != "jwt" || c.Fingerprint == "" || c.KeyID == "" || len(c.Scopes) == 0 || c.Expires == nil {
		t.Errorf("credential: %+v", c)
	}

	code, out, _ = run("history", wantReq)
	if code != ExitOK || strings.Count(out, "\n") != 3 || !strings.Contains(out, "token_expired") {
		t.Errorf("history REQUEST: exit %d\n%s", code, out)
	}
	code, out, _ = run("history", "show", "1")
	if code != ExitOK || !strings.Contains(out, "Run 1: accepted") || !strings.Contains(out, "authenticated") {
		t.Errorf("history show 1: exit %d\n%s", code, out)
	}
	code, out, _ = run("history", "show", "2", "--report")
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != ExitOK || rep["schema"] != render.Schema {
		t.Errorf("history show 2 --report: exit %d, %v\n%s", code, err, out)
	}
	code, out, errs := run("history", "show", "99")
	if code != ExitUsage || out != "" || strings.Count(errs, "\n") != 1 {
		t.Errorf("history show 99: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, _, errs = run("history", "show", "latest")
	if code != ExitUsage || !strings.Contains(errs, "not a run number") {
		t.Errorf("history show latest: exit %d, stderr %q", code, errs)
	}
	code, out, _ = run("history", "prune", "--older-than", "1d", "-o", "json")
	if code != ExitOK || !strings.Contains(out, `"pruned": 0`) {
		t.Errorf("prune: exit %d\n%s", code, out)
	}
	code, _, errs = run("history", "prune")
	if code != ExitUsage || !strings.Contains(errs, "--older-than") {
		t.Errorf("prune without --older-than: exit %d, %q", code, errs)
	}
	code, _, errs = run("history", "--since", "forever")
	if code != ExitUsage || strings.Count(errs, "\n") != 1 {
		t.Errorf("--since forever: exit %d, %q", code, errs)
	}
}

// TestHistoryOff: --no-history, AUTHDOCTOR_HISTORY=off and the demo
// record nothing.
func TestHistoryOff(t *testing.T) {
	t.Parallel()
	l := historyLab(t)
	tok := labToken(t, l, "ok")
	for name, tc := range map[string]struct {
		args []string
		vars map[string]string
	}{
		"flag":     {[]string{"check", l.URL() + "/api/orders", "-H", "Authorization: Bearer $T", "--no-history"}, nil},
		"variable": {[]string{"check", l.URL() + "/api/orders", "-H", "Authorization: Bearer $T"}, map[string]string{"AUTHDOCTOR_HISTORY": "off"}},
		"demo":     {[]string{"demo", "--scenario", "ok"}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			state := t.TempDir()
			vars := map[string]string{"T": tok}
			for k, v := range tc.vars {
				vars[k] = v
			}
			var out, errb bytes.Buffer
			if code := Main(context.Background(), tc.args, historyEnv(state, vars, &out, &errb)); code != ExitOK {
				t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
			}
			if ents, _ := os.ReadDir(state); len(ents) != 0 {
				t.Errorf("the state directory has %d entries; nothing should be recorded", len(ents))
			}
		})
	}
}

// TestHistoryUnavailable: a store that cannot be opened costs one line on
// stderr; the report and the exit code are the check's.
func TestHistoryUnavailable(t *testing.T) {
	t.Parallel()
	l := historyLab(t)
	tok := labToken(t, l, "expired")
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	corrupt := filepath.Join(dir, "corrupt.db")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(corrupt, bytes.Repeat([]byte("not a database\n"), 500), 0o600); err != nil {
		t.Fatal(err)
	}
	readOnly := filepath.Join(dir, "ro")
	if err := os.Mkdir(readOnly, 0o500); err != nil {
		t.Fatal(err)
	}
	cases := map[string][]string{
		// Root ignores directory permissions; a path under a regular file
		// fails for everyone.
		"directory is a file": {"--store", filepath.Join(file, "history.db")},
		"corrupt file":        {"--store", corrupt},
		"postgres down":       {"--store", "postgres://authdoctor@/history?host=" + url.QueryEscape(filepath.Join(dir, "nosocket")) + "&connect_timeout=2"},
	}
	if os.Geteuid() != 0 {
		cases["read-only directory"] = []string{"--store", filepath.Join(readOnly, "history.db")}
	}
	for name, extra := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var out, errb bytes.Buffer
			args := append([]string{"check", l.URL() + "/api/orders", "-H", "Authorization: Bearer $T", "-o", "json"}, extra...)
			code := Main(context.Background(), args, historyEnv(dir, map[string]string{"T": tok}, &out, &errb))
			if code != ExitDiagnosed || !strings.Contains(out.String(), `"token_expired"`) {
				t.Errorf("exit %d, report:\n%s", code, out.String())
			}
			errs := errb.String()
			if strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "authdoctor: warning: run not recorded in history: ") {
				t.Errorf("stderr is not one warning line: %q", errs)
			}
			if strings.Contains(errs, tok) {
				t.Errorf("the warning shows the token")
			}
		})
	}
}

// TestHistoryCanary runs real checks with a canary credential — against
// the lab and against a server that echoes it everywhere — and reads the
// raw bytes of the history database and its WAL for the secret in clear
// and in its base64, base64url and URL-encoded forms.
func TestHistoryCanary(t *testing.T) {
	t.Parallel()
	l := historyLab(t)
	srv := echoServer(t)
	state := t.TempDir()
	var out bytes.Buffer
	env := canaryEnv("", &out)
	lookup := env.Lookup
	env.Lookup = func(k string) (string, bool) {
		if k == "XDG_STATE_HOME" {
			return state, true
		}
		return lookup(k)
	}
	runs := [][]string{
		{"check", l.URL() + "/api/orders", "-H", "Authorization: Bearer $CANARY"},
		{"check", l.URL() + "/api/orders", "-H", "X-API-Key: $CANARY", "-o", "json"},
		{"check", srv.URL + "/v1/orders", "-H", "Authorization: Bearer $CANARY", "-v"},
		{"check", srv.URL + "/v1/orders", "--basic-env", "CANARY_USER:CANARY_PASS", "-o", "markdown"},
		{"check", srv.URL + "/v1/orders?access_token=" + canary, "-o", "json"},
		{"check", srv.URL + "/v1/orders", "-H", "Authorization: Bearer $CANARY_NL"},
	}
	for _, args := range runs {
		out.Reset()
		Main(context.Background(), args, env)
		if strings.Contains(out.String(), "warning") {
			t.Errorf("%v: %s", args, out.String())
		}
	}
	// Incidents, their notes and the KPIs read the same store; a note
	// with a credential pasted into it is stored scrubbed.
	out.Reset()
	if code := Main(context.Background(), []string{"incident", "list", "-o", "json"}, env); code != ExitOK {
		t.Fatalf("incident list: exit %d: %s", code, out.String())
	}
	var list incidentListDoc
	if err := json.Unmarshal(out.Bytes(), &list); err != nil || len(list.Incidents) == 0 {
		t.Fatalf("incident list -o json: %v, %d incidents:\n%s", err, len(list.Incidents), out.String())
	}
	reads := [][]string{{"incident", "list"}, {"incident", "list", "-o", "markdown"}, {"kpi"}, {"kpi", "-o", "json"}, {"kpi", "-o", "markdown"}}
	for _, in := range list.Incidents {
		id := strconv.FormatInt(in.ID, 10)
		reads = append(reads,
			[]string{"incident", "note", id, "--text", "sent Authorization: Bearer " + canary + " and api_key=" + canary, "--runbook-enough", "no"},
			[]string{"incident", "show", id}, []string{"incident", "show", id, "-o", "json"}, []string{"incident", "show", id, "-o", "markdown"})
	}
	for _, args := range reads {
		out.Reset()
		if code := Main(context.Background(), args, env); code != ExitOK {
			t.Errorf("%v: exit %d: %s", args, code, out.String())
		}
		if strings.Contains(out.String(), canary) {
			t.Errorf("%v printed the canary:\n%s", args, out.String())
		}
	}
	db := filepath.Join(state, "authdoctor", "history.db")
	s, err := history.Open(context.Background(), db, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if notes, _ := s.Notes(context.Background(), 0); len(notes) != len(list.Incidents) {
		t.Errorf("%d notes stored, want %d", len(notes), len(list.Incidents))
	}
	recs, _ := s.List(context.Background(), history.Filter{})
	s.Close()
	if len(recs) != len(runs) {
		t.Fatalf("%d runs recorded, want %d", len(recs), len(runs))
	}
	forms := map[string]string{
		"clear":        canary,
		"base64":       base64.StdEncoding.EncodeToString([]byte(canary)),
		"base64url":    base64.RawURLEncoding.EncodeToString([]byte(canary)),
		"basic base64": base64.StdEncoding.EncodeToString([]byte("svc:" + canary)),
		"url-encoded":  url.QueryEscape(canary),
	}
	var read int
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		read += len(b)
		for name, f := range forms {
			if bytes.Contains(b, []byte(f)) {
				t.Errorf("%s holds the canary (%s)", filepath.Base(p), name)
			}
		}
	}
	if read == 0 {
		t.Fatal("read nothing of the database")
	}
}
