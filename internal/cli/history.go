package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/history"
)

// HistorySchema is the schema of history's JSON documents.
const HistorySchema = "authdoctor.history/v1"

// HistoryDiffSchema names the JSON of history diff.
const HistoryDiffSchema = "authdoctor.history-diff/v1"

// historyOptions are the flags of authdoctor history and its subcommands.
type historyOptions struct {
	store  string
	env    string
	since  string
	limit  int
	output string
	// older is prune's --older-than; report is show's --report.
	older  string
	report bool
	// now replaces the clock (tests).
	now func() time.Time
}

func (o *historyOptions) clock() time.Time {
	if o.now != nil {
		return o.now()
	}
	return time.Now()
}

func newHistoryCmd(env Env) *cobra.Command {
	o := &historyOptions{}
	cmd := &cobra.Command{
		Use:   "history [REQUEST]",
		Short: "List the recorded runs of check, compare, validate, watch and capture",
		Long: `history lists the runs that check, compare, validate, watch and capture
recorded, newest first: when, the request (a profile request and its
environment, or the method and URL), the verdict, the final status and the
credential's kind and fingerprint.
REQUEST is a profile request's name or "METHOD URL" as the list shows it.

Every check, compare, validate and watch run (and capture's traffic, as
streaks per endpoint) is recorded unless --no-history or
AUTHDOCTOR_HISTORY=off, in $XDG_STATE_HOME/authdoctor/history.db
(~/.local/state/authdoctor/history.db), or in the store --store or
AUTHDOCTOR_STORE names: a SQLite file or a postgres:// URL. The store keeps
the verdict, finding ids, fingerprints, token claims that matter, statuses,
challenges and timings, and the scrubbed report: never a credential. It
keeps the newest 100,000 runs; prune removes older ones.

Exit status: 0 listed (even none), 2 usage error, 3 the store could not
be read.`,
		Example: `  authdoctor history
  authdoctor history orders.list --env production --since 7d
  authdoctor history 'GET https://api.example.com/v1/me' -o json
  authdoctor history show 42
  authdoctor history diff 41 42
  authdoctor history prune --older-than 90d
  authdoctor history --store postgres://authdoctor@db.internal/authdoctor`,
		Args:          cobra.MaximumNArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runHistoryList(cmd.Context(), o, firstArg(args), env)
		},
	}
	pf := cmd.PersistentFlags()
	o.bindStoreOutput(cmd, pf)
	f := cmd.Flags()
	f.StringVar(&o.env, "env", "", "only runs in this environment")
	f.StringVar(&o.since, "since", "", "only runs this recent: 7d, 2w, 36h")
	f.IntVar(&o.limit, "limit", history.DefaultLimit, "most runs to list")

	show := &cobra.Command{
		Use:   "show RUN",
		Short: "Show one recorded run as it was reported",
		Long: `show prints one recorded run: the verdict, findings, credential, token claims
and each exchange's status, challenge and time. -o json prints the run
with the report exactly as it was printed then (scrubbed); --report
prints only that report.`,
		Example: `  authdoctor history show 42
  authdoctor history show 42 -o json | jq .report.verdict
  authdoctor history show 42 --report > run-42.json`,
		Args:          cobra.ExactArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runHistoryShow(cmd.Context(), o, args[0], env)
		},
	}
	show.Flags().BoolVar(&o.report, "report", false, "print only the JSON report as it was printed when the run was made")

	prune := &cobra.Command{
		Use:   "prune --older-than AGE",
		Short: "Delete recorded runs older than an age",
		Long: `prune deletes the runs that started more than AGE ago (7d, 2w, 36h). The
store also keeps at most 100,000 runs on its own, deleting the oldest as
new ones come.`,
		Example: `  authdoctor history prune --older-than 90d
  authdoctor history prune --older-than 2w -o json`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runHistoryPrune(cmd.Context(), o, env)
		},
	}
	prune.Flags().StringVar(&o.older, "older-than", "", "delete runs that started more than this long ago: 90d, 2w, 36h (required)")
	diff := &cobra.Command{
		Use:   "diff RUN_A RUN_B",
		Short: "Say what changed between two recorded runs",
		Long: `diff compares two recorded runs, usually one that worked and one that
failed: the credential (fingerprint, vendor, environment), the token's
expiry, scopes, roles, audience, issuer and signing key, the request, the
server's status, challenge and clock, and authdoctor's version. The most
likely culprit comes first. Nothing secret is compared or shown.

Exit status: 0 no change recorded, 1 changes, 2 usage error, 3 the store
could not be read.`,
		Example: `  authdoctor history diff 41 42
  authdoctor history diff 41 42 -o json | jq '.changes[].what'`,
		Args:          cobra.ExactArgs(2),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runHistoryDiff(cmd.Context(), o, args[0], args[1], env)
		},
	}
	cmd.AddCommand(show, prune, diff)
	return cmd
}

// openHistory opens the store for reading or pruning; (nil, nil) when it
// is a SQLite file that does not exist yet (nothing recorded).
func (o *historyOptions) open(ctx context.Context, env Env) (history.Store, string, error) {
	switch o.output {
	case "text", "json", "markdown", "md":
	default:
		return nil, "", usagef("--output %q is not one of text, json, markdown", o.output)
	}
	loc := storeLocation(env, o.store)
	if loc == "" {
		return nil, "", usagef("no history store: set XDG_STATE_HOME or HOME, or give --store")
	}
	if path, ok := sqlitePath(loc); ok {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, loc, nil
		}
	}
	ctx, cancel := context.WithTimeout(ctx, historyOpenTimeout)
	defer cancel()
	s, err := history.Open(ctx, loc, history.Options{})
	if err != nil {
		return nil, loc, &exitError{code: ExitUnreachable, msg: strings.Join(strings.Fields(err.Error()), " ")}
	}
	return s, loc, nil
}

// sqlitePath is the file of a SQLite location.
func sqlitePath(loc string) (string, bool) {
	if strings.Contains(loc, "://") && !strings.HasPrefix(loc, "file:") {
		return "", false
	}
	p := strings.TrimPrefix(strings.TrimPrefix(loc, "file:"), "//")
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	return p, true
}

// historyRunDoc is a run as history's JSON shows it.
type historyListDoc struct {
	Schema string           `json:"schema"`
	Runs   []history.Record `json:"runs"`
}

func runHistoryList(ctx context.Context, o *historyOptions, req string, env Env) error {
	f := history.Filter{Request: req, Env: o.env, Limit: o.limit}
	if o.limit < 1 {
		return usagef("--limit %d: give 1 or more", o.limit)
	}
	if o.since != "" {
		d, err := history.ParseAge(o.since)
		if err != nil {
			return usagef("--since: %v", err)
		}
		f.Since = o.clock().Add(-d)
	}
	s, _, err := o.open(ctx, env)
	if err != nil {
		return err
	}
	runs := []history.Record{}
	if s != nil {
		defer s.Close()
		if runs, err = s.List(ctx, f); err != nil {
			return &exitError{code: ExitUnreachable, msg: err.Error()}
		}
	}
	var buf bytes.Buffer
	switch o.output {
	case "json":
		writeJSON(&buf, historyListDoc{Schema: HistorySchema, Runs: runs})
	case "markdown", "md":
		historyMarkdown(&buf, runs)
	default:
		historyText(&buf, runs)
	}
	_, err = env.Stdout.Write(buf.Bytes())
	return err
}

// bindStoreOutput binds --store and --output of the commands that read the
// history (history, incident, kpi) to fs.
func (o *historyOptions) bindStoreOutput(cmd *cobra.Command, fs *pflag.FlagSet) {
	fs.StringVar(&o.store, "store", "", "history store: a SQLite file or file: URL, or postgres://… (default $AUTHDOCTOR_STORE, else $XDG_STATE_HOME/authdoctor/history.db)")
	fs.StringVarP(&o.output, "output", "o", "text", "output format: text, json or markdown")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"text", "json", "markdown"}, cobra.ShellCompDirectiveNoFileComp))
}

// firstArg is args[0], "" when there is none.
func firstArg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// finalStatus is the status of the authenticated probe's last answer, or
// of the last exchange.
func finalStatus(r history.Record) string {
	st := 0
	for _, e := range r.Exchanges {
		if e.Role == "authenticated" && e.Status != 0 {
			st = e.Status
		}
	}
	if st == 0 && len(r.Exchanges) > 0 {
		st = r.Exchanges[len(r.Exchanges)-1].Status
	}
	if st == 0 {
		return "-"
	}
	return strconv.Itoa(st)
}

func credentialCell(r history.Record) string {
	c := r.Credential
	if c == nil {
		return "none"
	}
	s := c.Kind + " " + c.Fingerprint
	if c.Vendor != "" {
		s += " (" + c.Vendor + ")"
	}
	return s
}

func envCell(r history.Record) string {
	if r.Identity.Env == "" {
		return "-"
	}
	return r.Identity.Env
}

func historyText(w io.Writer, runs []history.Record) {
	if len(runs) == 0 {
		fmt.Fprintln(w, "No runs recorded. check and compare record every run (unless --no-history).")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN\tWHEN (UTC)\tREQUEST\tENV\tVERDICT\tSTATUS\tCREDENTIAL")
	for _, r := range runs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Time.UTC().Format("2006-01-02 15:04:05"), r.Identity.Request, envCell(r), r.Cause, finalStatus(r), credentialCell(r))
	}
	tw.Flush()
}

func historyMarkdown(w io.Writer, runs []history.Record) {
	fmt.Fprintln(w, "| Run | When (UTC) | Request | Env | Verdict | Status | Credential |")
	fmt.Fprintln(w, "| ---: | --- | --- | --- | --- | ---: | --- |")
	for _, r := range runs {
		fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %s | %s |\n", r.ID, r.Time.UTC().Format("2006-01-02 15:04:05"), mdCell(r.Identity.Request), mdCell(envCell(r)), r.Cause, finalStatus(r), mdCell(credentialCell(r)))
	}
	if len(runs) == 0 {
		fmt.Fprintln(w, "\nNo runs recorded.")
	}
}

func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// historyShowDoc is one run with its report.
type historyShowDoc struct {
	Schema string         `json:"schema"`
	Run    history.Record `json:"run"`
}

func runHistoryShow(ctx context.Context, o *historyOptions, arg string, env Env) error {
	id, err := strconv.ParseInt(strings.TrimPrefix(arg, "#"), 10, 64)
	if err != nil || id < 1 {
		return usagef("%q is not a run number: authdoctor history lists them (e.g. authdoctor history show 42)", arg)
	}
	s, _, err := o.open(ctx, env)
	if err != nil {
		return err
	}
	if s == nil {
		return usagef("run %d is not in the history: nothing has been recorded yet", id)
	}
	defer s.Close()
	r, err := s.Get(ctx, id)
	if errors.Is(err, history.ErrNotFound) {
		return usagef("run %d is not in the history (pruned, or never recorded): authdoctor history lists the runs", id)
	}
	if err != nil {
		return &exitError{code: ExitUnreachable, msg: err.Error()}
	}
	var buf bytes.Buffer
	switch {
	case o.report:
		if r.Report == nil {
			return usagef("run %d was recorded without its report", id)
		}
		buf.Write(r.Report)
		if !bytes.HasSuffix(r.Report, []byte("\n")) {
			buf.WriteByte('\n')
		}
	case o.output == "json":
		writeJSON(&buf, historyShowDoc{Schema: HistorySchema, Run: r})
	case o.output == "markdown" || o.output == "md":
		showRun(&buf, r, true)
	default:
		showRun(&buf, r, false)
	}
	_, err = env.Stdout.Write(buf.Bytes())
	return err
}

// historyDiffDoc is the JSON of history diff.
type historyDiffDoc struct {
	Schema  string              `json:"schema"`
	A       int64               `json:"a"`
	B       int64               `json:"b"`
	Changes []authdoctor.Change `json:"changes"`
}

func runHistoryDiff(ctx context.Context, o *historyOptions, argA, argB string, env Env) error {
	var ids [2]int64
	for i, arg := range []string{argA, argB} {
		id, err := strconv.ParseInt(strings.TrimPrefix(arg, "#"), 10, 64)
		if err != nil || id < 1 {
			return usagef("%q is not a run number: authdoctor history lists them (e.g. authdoctor history diff 41 42)", arg)
		}
		ids[i] = id
	}
	s, _, err := o.open(ctx, env)
	if err != nil {
		return err
	}
	if s == nil {
		return usagef("run %d is not in the history: nothing has been recorded yet", ids[0])
	}
	defer s.Close()
	var recs [2]history.Record
	for i, id := range ids {
		r, err := s.Get(ctx, id)
		if errors.Is(err, history.ErrNotFound) {
			return usagef("run %d is not in the history (pruned, or never recorded): authdoctor history lists the runs", id)
		}
		if err != nil {
			return &exitError{code: ExitUnreachable, msg: err.Error()}
		}
		recs[i] = r
	}
	ch := history.SinceLastOK(recs[0], recs[1]).Changes
	var buf bytes.Buffer
	switch o.output {
	case "json":
		writeJSON(&buf, historyDiffDoc{Schema: HistoryDiffSchema, A: ids[0], B: ids[1], Changes: ch})
	default:
		md := o.output == "markdown" || o.output == "md"
		head := fmt.Sprintf("Run %d (%s, %s) → run %d (%s, %s)", ids[0], recs[0].Cause, recs[0].Time.UTC().Format(time.RFC3339), ids[1], recs[1].Cause, recs[1].Time.UTC().Format(time.RFC3339))
		if md {
			head = "### " + head
		}
		fmt.Fprintln(&buf, head)
		if len(ch) == 0 {
			fmt.Fprintln(&buf, "No change that authdoctor records.")
		}
		for _, c := range ch {
			if md {
				fmt.Fprintf(&buf, "- %s (then `%s`, now `%s`)\n", authdoctor.ScrubText(c.Summary), authdoctor.ScrubText(c.Before), authdoctor.ScrubText(c.After))
				continue
			}
			fmt.Fprintf(&buf, "  · %s\n      then: %s   now: %s\n", authdoctor.ScrubText(c.Summary), authdoctor.ScrubText(c.Before), authdoctor.ScrubText(c.After))
		}
	}
	if _, err := env.Stdout.Write(buf.Bytes()); err != nil {
		return err
	}
	if len(ch) > 0 {
		return exitCode(ExitDiagnosed)
	}
	return nil
}

// showRun writes one run as text or markdown.
func showRun(w io.Writer, r history.Record, md bool) {
	h, item := "", "  "
	if md {
		h, item = "## ", "- "
	}
	fmt.Fprintf(w, "%sRun %d: %s\n\n", h, r.ID, r.Cause)
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "%s%s: %s\n", item, k, v)
		}
	}
	line("When", r.Time.UTC().Format(time.RFC3339)+" (took "+r.Duration.Round(time.Millisecond).String()+")")
	line("Request", r.Identity.Request)
	line("Environment", r.Identity.Env)
	line("Sent", r.Method+" "+r.URL)
	line("Verdict", fmt.Sprintf("%s (%s)", r.Cause, r.Confidence))
	line("Summary", r.Summary)
	if len(r.Findings) > 0 {
		line("Findings", strings.Join(r.Findings, ", "))
	}
	if c := r.Credential; c != nil {
		line("Credential", strings.TrimSpace(fmt.Sprintf("%s %s in %s %s %s", c.Kind, c.Fingerprint, c.Header, c.Vendor, c.Environment)))
		line("Issuer (iss)", c.Issuer)
		line("Audience (aud)", strings.Join(c.Audience, ", "))
		if c.Expires != nil {
			line("Expires (exp)", c.Expires.UTC().Format(time.RFC3339))
		}
		line("Scopes", strings.Join(c.Scopes, " "))
		line("Roles", strings.Join(c.Roles, ", "))
		line("Key id (kid)", c.KeyID)
	}
	if !r.ServerDate.IsZero() {
		line("Server Date", r.ServerDate.UTC().Format(time.RFC3339))
	}
	line("authdoctor", r.Version)
	if len(r.Exchanges) > 0 {
		fmt.Fprintf(w, "\n%sExchanges\n\n", map[bool]string{true: "### ", false: ""}[md])
		for _, e := range r.Exchanges {
			if e.Status == 0 {
				fmt.Fprintf(w, "%s%-13s no answer: %s\n", item, e.Role, e.Error)
				continue
			}
			s := fmt.Sprintf("%s%-13s %s %s → %d in %s", item, e.Role, e.Method, e.URL, e.Status, e.Total.Round(time.Millisecond))
			if e.Challenge != "" {
				s += " — WWW-Authenticate: " + e.Challenge
			}
			fmt.Fprintln(w, strings.TrimRight(s, " "))
		}
	}
}

// historyPruneDoc is prune's JSON answer.
type historyPruneDoc struct {
	Schema string    `json:"schema"`
	Pruned int64     `json:"pruned"`
	Before time.Time `json:"before"`
}

func runHistoryPrune(ctx context.Context, o *historyOptions, env Env) error {
	if o.older == "" {
		return usagef("give --older-than AGE, e.g. authdoctor history prune --older-than 90d")
	}
	d, err := history.ParseAge(o.older)
	if err != nil {
		return usagef("--older-than: %v", err)
	}
	before := o.clock().Add(-d).UTC()
	s, _, err := o.open(ctx, env)
	if err != nil {
		return err
	}
	var n int64
	if s != nil {
		defer s.Close()
		if n, err = s.Prune(ctx, before); err != nil {
			return &exitError{code: ExitUnreachable, msg: err.Error()}
		}
	}
	var buf bytes.Buffer
	if o.output == "json" {
		writeJSON(&buf, historyPruneDoc{Schema: HistorySchema, Pruned: n, Before: before})
	} else {
		fmt.Fprintf(&buf, "Pruned %d runs that started before %s.\n", n, before.Format(time.RFC3339))
	}
	_, err = env.Stdout.Write(buf.Bytes())
	return err
}
