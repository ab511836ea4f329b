package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/history"
	"github.com/authdoctor/authdoctor/render"
)

// IncidentSchema names the JSON of incident list, show and note.
const IncidentSchema = "authdoctor.incidents/v1"

// incidentOptions are the flags of authdoctor incident and its
// subcommands.
type incidentOptions struct {
	historyOptions
	// openOnly is list's --open; text and enough are note's --text and
	// --runbook-enough.
	openOnly bool
	text     string
	enough   string
}

func newIncidentCmd(env Env) *cobra.Command {
	o := &incidentOptions{}
	cmd := &cobra.Command{
		Use:   "incident",
		Short: "List the incidents history found, and note what fixed them",
		Long: `An incident is a failing streak of one request in one environment, found in
the history: it opens at the first run that does not get the expected
answer (a refusal is the expected answer for a request marked
expect_denied) and is resolved by the next run that does. It records the
causes, when it was first seen and resolved, how long it lasted, and the
runs and application requests it affected. Every check, compare, validate
and watch run feeds it; nothing has to be opened or closed by hand.

The incident's number is its first failing run's. The person who fixed it
records what they did, and whether the runbook was enough to do it, with
"incident note"; authdoctor kpi counts those answers.

Exit status: 0 done, 2 usage error (no such incident), 3 the store could
not be read or written.`,
		Example: `  authdoctor incident list
  authdoctor incident list --open
  authdoctor incident list orders.list --env production --since 30d -o json
  authdoctor incident show 41
  authdoctor incident note 41 --text "rotated the signing key; new token from the vault" --runbook-enough yes`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runIncidentList(cmd.Context(), o, "", env)
		},
	}
	pf := cmd.PersistentFlags()
	o.bindStoreOutput(cmd, pf)

	list := &cobra.Command{
		Use:   "list [REQUEST]",
		Short: "List incidents, newest first",
		Long: `list shows the incidents of every request (or of REQUEST, a profile request's
name or "METHOD URL" as authdoctor history shows it), newest first: open
ones are marked, with how long they have lasted.`,
		Example: `  authdoctor incident list
  authdoctor incident list --open
  authdoctor incident list orders.list --env production --since 30d`,
		Args:          cobra.MaximumNArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runIncidentList(cmd.Context(), o, firstArg(args), env)
		},
	}
	lf := list.Flags()
	lf.StringVar(&o.env, "env", "", "only incidents in this environment")
	lf.StringVar(&o.since, "since", "", "only incidents going on in this recent window: 30d, 2w, 36h")
	lf.BoolVar(&o.openOnly, "open", false, "only incidents still open")

	show := &cobra.Command{
		Use:           "show INCIDENT",
		Short:         "Show one incident: causes, runs, notes",
		Example:       "  authdoctor incident show 41\n  authdoctor incident show 41 -o json",
		Args:          cobra.ExactArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runIncidentShow(cmd.Context(), o, args[0], env)
		},
	}
	note := &cobra.Command{
		Use:   "note INCIDENT --text TEXT [--runbook-enough yes|no]",
		Short: "Record what was done about an incident",
		Long: `note records what the person who worked on an incident did, and whether the
runbook (authdoctor runbook) was enough to do it. A credential pasted into
the text by mistake is replaced with [redacted] before it is stored.`,
		Example: `  authdoctor incident note 41 --text "token expired; renewed it in the vault" --runbook-enough yes
  authdoctor incident note 41 --text "the runbook did not say which vault path" --runbook-enough no`,
		Args:          cobra.ExactArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runIncidentNote(cmd.Context(), o, args[0], env)
		},
	}
	nf := note.Flags()
	nf.StringVar(&o.text, "text", "", "what was done (required)")
	nf.StringVar(&o.enough, "runbook-enough", "", "was the runbook enough to repeat the fix: yes or no")
	_ = note.RegisterFlagCompletionFunc("runbook-enough", cobra.FixedCompletions([]string{"yes", "no"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.AddCommand(list, show, note)
	return cmd
}

// incidentListDoc is incident list's JSON.
type incidentListDoc struct {
	Schema    string             `json:"schema"`
	Incidents []history.Incident `json:"incidents"`
}

// incidentDoc is incident show's and note's JSON.
type incidentDoc struct {
	Schema   string           `json:"schema"`
	Incident history.Incident `json:"incident"`
	// Note is the note just added (note only).
	Note *history.Note `json:"note,omitempty"`
}

// loadIncidents reads the incidents (with their notes) f selects, oldest
// first, and the outcomes they were found in; none when nothing was
// recorded yet.
func loadIncidents(ctx context.Context, s history.Store, f history.Filter) ([]history.Incident, []history.Outcome, error) {
	if s == nil {
		return nil, nil, nil
	}
	outcomes, notes, err := readOutcomes(ctx, s, f)
	if err != nil {
		return nil, nil, err
	}
	in := history.Incidents(outcomes)
	history.AttachNotes(in, notes)
	return in, outcomes, nil
}

// readOutcomes reads what incidents and KPIs are computed from: the
// outcomes of the runs f's request and environment select, and every
// incident note.
func readOutcomes(ctx context.Context, s history.Store, f history.Filter) ([]history.Outcome, []history.Note, error) {
	outcomes, err := s.Outcomes(ctx, history.Filter{Request: f.Request, Env: f.Env})
	if err != nil {
		return nil, nil, &exitError{code: ExitUnreachable, msg: err.Error()}
	}
	notes, err := s.Notes(ctx, 0)
	if err != nil {
		return nil, nil, &exitError{code: ExitUnreachable, msg: err.Error()}
	}
	return outcomes, notes, nil
}

func runIncidentList(ctx context.Context, o *incidentOptions, req string, env Env) error {
	var since time.Time
	if o.since != "" {
		d, err := history.ParseAge(o.since)
		if err != nil {
			return usagef("--since: %v", err)
		}
		since = o.clock().Add(-d)
	}
	s, _, err := o.open(ctx, env)
	if err != nil {
		return err
	}
	if s != nil {
		defer s.Close()
	}
	all, _, err := loadIncidents(ctx, s, history.Filter{Request: req, Env: o.env})
	if err != nil {
		return err
	}
	out := []history.Incident{}
	for i := len(all) - 1; i >= 0; i-- {
		in := all[i]
		if o.openOnly && !in.Open() {
			continue
		}
		if !since.IsZero() && !in.Open() && in.Resolved.Before(since) {
			continue
		}
		out = append(out, in)
	}
	now := o.clock()
	var buf bytes.Buffer
	switch o.output {
	case "json":
		writeJSON(&buf, incidentListDoc{Schema: IncidentSchema, Incidents: out})
	case "markdown", "md":
		incidentsMarkdown(&buf, out, now)
	default:
		incidentsText(&buf, out, now)
	}
	_, err = env.Stdout.Write(buf.Bytes())
	return err
}

// incidentsHeadline says in words how many incidents there are and which
// are open.
func incidentsHeadline(in []history.Incident, now time.Time) string {
	if len(in) == 0 {
		return "No incidents: every recorded run got the answer its request expects, or the first failure has not been recorded yet."
	}
	var open []string
	for _, i := range in {
		if i.Open() {
			open = append(open, fmt.Sprintf("%s failing for %s (%s)", where(i.Identity), render.Duration(i.Duration(now)), causesText(i.Causes)))
		}
	}
	s := countOf(len(in), "incident", "incidents")
	switch len(open) {
	case 0:
		return s + ", all resolved."
	case 1:
		return s + "; 1 still open: " + open[0] + "."
	}
	return fmt.Sprintf("%s; %d still open: %s.", s, len(open), strings.Join(open, "; "))
}

func incidentsText(w io.Writer, in []history.Incident, now time.Time) {
	fmt.Fprintln(w, incidentsHeadline(in, now))
	if len(in) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "INCIDENT\tREQUEST\tENV\tCAUSES\tFIRST SEEN (UTC)\tRESOLVED\tLASTED\tRUNS\tREQUESTS\tRUNBOOK ENOUGH")
	for _, i := range in {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\n", i.ID, i.Identity.Request, envName(i.Identity), causesText(i.Causes),
			i.FirstSeen.UTC().Format("2006-01-02 15:04"), resolvedCell(i), render.Duration(i.Duration(now)), i.Runs, i.Requests, enoughCell(i))
	}
	tw.Flush()
}

func incidentsMarkdown(w io.Writer, in []history.Incident, now time.Time) {
	fmt.Fprintln(w, incidentsHeadline(in, now))
	if len(in) == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| Incident | Request | Env | Causes | First seen (UTC) | Resolved | Lasted | Runs | Requests | Runbook enough |")
	fmt.Fprintln(w, "| ---: | --- | --- | --- | --- | --- | --- | ---: | ---: | --- |")
	for _, i := range in {
		fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %s | %s | %d | %d | %s |\n", i.ID, mdCell(i.Identity.Request), mdCell(envName(i.Identity)),
			causesText(i.Causes), i.FirstSeen.UTC().Format("2006-01-02 15:04"), resolvedCell(i), render.Duration(i.Duration(now)), i.Runs, i.Requests, enoughCell(i))
	}
}

func resolvedCell(i history.Incident) string {
	if i.Open() {
		return "OPEN"
	}
	return fmt.Sprintf("#%d %s", i.ResolvedBy, i.Resolved.UTC().Format("2006-01-02 15:04"))
}

func enoughCell(i history.Incident) string {
	e := i.RunbookEnough()
	switch {
	case e == nil:
		return "-"
	case *e:
		return "yes"
	}
	return "no"
}

func envName(id history.Identity) string {
	if id.Env == "" {
		return "-"
	}
	return id.Env
}

// where names a request and its environment in words.
func where(id history.Identity) string {
	if id.Env == "" {
		return id.Request
	}
	return id.Request + " in " + id.Env
}

func causesText(cs []authdoctor.Cause) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = string(c)
	}
	return strings.Join(parts, ", ")
}

func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// findIncident finds the incident numbered arg: the id of its first
// failing run. A run inside an incident, or a healthy run, is a usage
// error that says which number to use.
// It also returns the outcomes of the incident's request, which show reads.
func findIncident(ctx context.Context, s history.Store, arg string) (history.Incident, []history.Outcome, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(arg, "#"), 10, 64)
	if err != nil || id < 1 {
		return history.Incident{}, nil, usagef("%q is not an incident number: authdoctor incident list shows them (e.g. authdoctor incident show 41)", arg)
	}
	if s == nil {
		return history.Incident{}, nil, usagef("no incident #%d: nothing is recorded yet", id)
	}
	rec, err := s.Get(ctx, id)
	if errors.Is(err, history.ErrNotFound) {
		return history.Incident{}, nil, usagef("no incident #%d: no such run in the history (authdoctor incident list shows the incidents)", id)
	}
	if err != nil {
		return history.Incident{}, nil, &exitError{code: ExitUnreachable, msg: err.Error()}
	}
	all, outcomes, err := loadIncidents(ctx, s, history.Filter{Request: rec.Identity.Request, Env: rec.Identity.Env})
	if err != nil {
		return history.Incident{}, nil, err
	}
	for _, in := range all {
		switch {
		case in.ID == id:
			return in, outcomes, nil
		case id > in.ID && id <= in.LastRun:
			return history.Incident{}, nil, usagef("run #%d is part of incident #%d, which began earlier: use authdoctor incident show %d", id, in.ID, in.ID)
		}
	}
	return history.Incident{}, nil, usagef("no incident #%d: run #%d got the answer its request expects (authdoctor incident list shows the incidents)", id, id)
}

func runIncidentShow(ctx context.Context, o *incidentOptions, arg string, env Env) error {
	s, _, err := o.open(ctx, env)
	if err != nil {
		return err
	}
	if s != nil {
		defer s.Close()
	}
	in, outcomes, err := findIncident(ctx, s, arg)
	if err != nil {
		return err
	}
	var runs []history.Outcome
	for _, r := range outcomes {
		if r.ID >= in.ID && r.ID <= in.LastRun && !r.Healthy {
			runs = append(runs, r)
		}
	}
	var buf bytes.Buffer
	switch o.output {
	case "json":
		writeJSON(&buf, incidentDoc{Schema: IncidentSchema, Incident: in})
	default:
		showIncident(&buf, in, runs, o.clock(), o.output == "markdown" || o.output == "md")
	}
	_, err = env.Stdout.Write(buf.Bytes())
	return err
}

// showIncidentRuns is how many failing runs show lists.
const showIncidentRuns = 20

func showIncident(w io.Writer, in history.Incident, runs []history.Outcome, now time.Time, md bool) {
	item, head := "", ""
	if md {
		item, head = "- ", "## "
	}
	state := "resolved after " + render.Duration(in.Duration(now))
	if in.Open() {
		state = "OPEN for " + render.Duration(in.Duration(now))
	}
	fmt.Fprintf(w, "%sIncident #%d: %s, %s\n\n", head, in.ID, where(in.Identity), state)
	cause := causesText(in.Causes)
	if in.Repeated {
		cause += " (repeated: this cause was resolved before for the same request)"
	}
	fmt.Fprintf(w, "%sCauses: %s\n", item, cause)
	fmt.Fprintf(w, "%sFirst seen: run #%d, %s\n", item, in.ID, in.FirstSeen.UTC().Format(time.RFC3339))
	fmt.Fprintf(w, "%sLast failing run: #%d, %s\n", item, in.LastRun, in.LastSeen.UTC().Format(time.RFC3339))
	if in.Open() {
		fmt.Fprintf(w, "%sResolved: not yet; the next run that gets the expected answer resolves it\n", item)
	} else {
		fmt.Fprintf(w, "%sResolved: run #%d, %s\n", item, in.ResolvedBy, in.Resolved.UTC().Format(time.RFC3339))
	}
	fmt.Fprintf(w, "%sAffected: %s, %s\n", item, countOf(in.Runs, "run", "runs"), countOf(in.Requests, "request", "requests"))
	for _, c := range in.Causes {
		if c == authdoctor.CauseAccepted {
			// Only a request marked expect_denied fails by being accepted.
			fmt.Fprintf(w, "%sFix for accepted: the credential was allowed a request it must not be (expect_denied): take that permission away from it\n", item)
		} else if info, ok := c.Info(); ok {
			fmt.Fprintf(w, "%sFix for %s: %s (%s)\n", item, c, info.Fix, c.Doc())
		}
	}
	fmt.Fprintf(w, "\n%sFailing runs\n", head)
	for i, r := range runs {
		if i == showIncidentRuns {
			fmt.Fprintf(w, "%s… and %d more (authdoctor history lists them)\n", item, len(runs)-i)
			break
		}
		fmt.Fprintf(w, "%s#%d  %s  %s  %s\n", item, r.ID, r.Time.UTC().Format("2006-01-02 15:04:05"), r.Kind, r.Cause)
	}
	fmt.Fprintf(w, "\n%sNotes\n", head)
	if len(in.Notes) == 0 {
		fmt.Fprintf(w, "%sNone yet. Record what fixed it: authdoctor incident note %d --text \"what you did\" --runbook-enough yes|no\n", item, in.ID)
		return
	}
	for _, n := range in.Notes {
		e := "runbook enough: not said"
		if n.RunbookEnough != nil {
			e = "runbook enough: " + map[bool]string{true: "yes", false: "no"}[*n.RunbookEnough]
		}
		fmt.Fprintf(w, "%s%s (%s): %s\n", item, n.Time.UTC().Format("2006-01-02 15:04"), e, n.Text)
	}
}

// maxNoteText bounds a note: a paragraph, not a log file.
const maxNoteText = 4000

func runIncidentNote(ctx context.Context, o *incidentOptions, arg string, env Env) error {
	text := strings.TrimSpace(o.text)
	if text == "" {
		return usagef("give --text: what was done about the incident, e.g. --text \"renewed the token in the vault\"")
	}
	if len(text) > maxNoteText {
		return usagef("--text is %d bytes: keep a note under %d (link to a longer write-up instead)", len(text), maxNoteText)
	}
	var enough *bool
	switch strings.ToLower(strings.TrimSpace(o.enough)) {
	case "":
	case "yes", "y", "true":
		v := true
		enough = &v
	case "no", "n", "false":
		v := false
		enough = &v
	default:
		return usagef("--runbook-enough %q: answer yes or no", o.enough)
	}
	s, loc, err := o.open(ctx, env)
	if err != nil {
		return err
	}
	if s == nil {
		return usagef("no incident #%s: nothing is recorded yet in %s", strings.TrimPrefix(arg, "#"), loc)
	}
	defer s.Close()
	in, _, err := findIncident(ctx, s, arg)
	if err != nil {
		return err
	}
	clean := authdoctor.ScrubText(text)
	if clean != text {
		fmt.Fprintln(env.Stderr, "authdoctor: warning: the note held what looks like a credential; it is stored as [redacted]")
	}
	n := history.Note{Incident: in.ID, Identity: in.Identity, Time: o.clock().UTC(), Text: clean, RunbookEnough: enough}
	if n.ID, err = s.AddNote(ctx, n); err != nil {
		return &exitError{code: ExitUnreachable, msg: err.Error()}
	}
	in.Notes = append(in.Notes, n)
	var buf bytes.Buffer
	if o.output == "json" {
		writeJSON(&buf, incidentDoc{Schema: IncidentSchema, Incident: in, Note: &n})
	} else {
		fmt.Fprintf(&buf, "Noted on incident #%d (%s): note %d.\n", in.ID, where(in.Identity), n.ID)
	}
	_, err = env.Stdout.Write(buf.Bytes())
	return err
}
