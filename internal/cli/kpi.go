package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdoctor/authdoctor/history"
	"github.com/authdoctor/authdoctor/render"
)

// KPISchema names the JSON of authdoctor kpi.
const KPISchema = "authdoctor.kpi/v1"

// defaultKPIWindow is kpi's --since when none is given.
const defaultKPIWindow = "30d"

func newKPICmd(env Env) *cobra.Command {
	o := &historyOptions{}
	cmd := &cobra.Command{
		Use:   "kpi [REQUEST]",
		Short: "Failure rates, incidents and time to resolution per request and environment",
		Long: `kpi reads the history and says, per request and environment, over the
window --since (30 days unless told):

  runs, failures      runs recorded; those without the expected answer
  failure rate        failures / runs
  incidents           failing streaks going on in the window (open: not yet resolved)
  repeated            incidents whose cause had been resolved before: the same failure came back
  time to resolution  median and worst, from the first failing run to the run that resolved it
  requests affected   application requests the failing runs stand for (1 per check)
  runbook enough      incidents whose note says the runbook was enough, of those answered

Incidents and their notes: authdoctor incident.

Exit status: 0 done (even with nothing recorded), 2 usage error, 3 the
store could not be read.`,
		Example: `  authdoctor kpi
  authdoctor kpi --since 7d
  authdoctor kpi orders.list --env production -o markdown >> review.md
  authdoctor kpi -o json | jq '.requests[] | select(.failure_rate > 0.1)'`,
		Args:          cobra.MaximumNArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runKPI(cmd.Context(), o, firstArg(args), env)
		},
	}
	f := cmd.Flags()
	o.bindStoreOutput(cmd, f)
	f.StringVar(&o.env, "env", "", "only this environment")
	f.StringVar(&o.since, "since", defaultKPIWindow, "the window: 30d, 2w, 36h")
	return cmd
}

// kpiDoc is kpi's JSON.
type kpiDoc struct {
	Schema   string       `json:"schema"`
	Since    time.Time    `json:"since"`
	Until    time.Time    `json:"until"`
	Requests []kpiRequest `json:"requests"`
}

// kpiRequest is one request's KPIs in JSON: history.KPI with the runbook
// share worked out (null when no incident was answered).
type kpiRequest struct {
	history.KPI
	RunbookEnoughShare *float64 `json:"runbook_enough_share"`
}

// readKPIs computes the KPIs of the window since from the store s (none
// when s is nil).
func readKPIs(ctx context.Context, s history.Store, f history.Filter, since time.Time) ([]history.KPI, error) {
	if s == nil {
		return []history.KPI{}, nil
	}
	outcomes, notes, err := readOutcomes(ctx, s, f)
	if err != nil {
		return nil, err
	}
	return history.KPIs(outcomes, notes, since), nil
}

func runKPI(ctx context.Context, o *historyOptions, req string, env Env) error {
	d, err := history.ParseAge(o.since)
	if err != nil {
		return usagef("--since: %v", err)
	}
	now := o.clock().UTC()
	since := now.Add(-d)
	s, _, err := o.open(ctx, env)
	if err != nil {
		return err
	}
	if s != nil {
		defer s.Close()
	}
	ks, err := readKPIs(ctx, s, history.Filter{Request: req, Env: o.env}, since)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch o.output {
	case "json":
		doc := kpiDoc{Schema: KPISchema, Since: since, Until: now, Requests: []kpiRequest{}}
		for _, k := range ks {
			r := kpiRequest{KPI: k}
			if share, ok := k.RunbookShare(); ok {
				r.RunbookEnoughShare = &share
			}
			doc.Requests = append(doc.Requests, r)
		}
		writeJSON(&buf, doc)
	case "markdown", "md":
		kpiMarkdown(&buf, ks, since, o.since)
	default:
		kpiText(&buf, ks, since, o.since)
	}
	_, err = env.Stdout.Write(buf.Bytes())
	return err
}

// kpiHeadline says the window and the worst request in words.
func kpiHeadline(ks []history.KPI, since time.Time, window string) string {
	head := fmt.Sprintf("KPIs over the last %s (since %s).", window, since.UTC().Format("2006-01-02 15:04 UTC"))
	if len(ks) == 0 {
		return head + " No runs recorded in the window."
	}
	worst := -1
	for i, k := range ks {
		if k.Failures > 0 && (worst < 0 || k.FailureRate > ks[worst].FailureRate) {
			worst = i
		}
	}
	if worst < 0 {
		return head + " Every run got the answer its request expects."
	}
	k := ks[worst]
	return fmt.Sprintf("%s Most failing: %s, %s of %s (%s).", head, where(k.Identity), countOf(k.Failures, "failure", "failures"),
		countOf(k.Runs, "run", "runs"), render.Percent(k.FailureRate))
}

// ttrCell is the median and worst time to resolution, "-" with none
// resolved.
func ttrCell(k history.KPI) (string, string) {
	if k.Resolved == 0 {
		return "-", "-"
	}
	return render.Duration(k.MedianResolution), render.Duration(k.WorstResolution)
}

func runbookCell(k history.KPI) string {
	share, ok := k.RunbookShare()
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%d/%d (%s)", k.RunbookEnough, k.RunbookAnswered, render.Percent(share))
}

func kpiText(w io.Writer, ks []history.KPI, since time.Time, window string) {
	fmt.Fprintln(w, kpiHeadline(ks, since, window))
	if len(ks) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "REQUEST\tENV\tRUNS\tFAILURES\tRATE\tINCIDENTS\tOPEN\tREPEATED\tMEDIAN TTR\tWORST TTR\tREQUESTS AFFECTED\tRUNBOOK ENOUGH")
	for _, k := range ks {
		med, worst := ttrCell(k)
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%d\t%d\t%d\t%s\t%s\t%d\t%s\n", k.Identity.Request, envName(k.Identity), k.Runs, k.Failures,
			render.Percent(k.FailureRate), k.Incidents, k.Open, k.Repeated, med, worst, k.RequestsAffected, runbookCell(k))
	}
	tw.Flush()
}

func kpiMarkdown(w io.Writer, ks []history.KPI, since time.Time, window string) {
	fmt.Fprintln(w, kpiHeadline(ks, since, window))
	if len(ks) == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| Request | Env | Runs | Failures | Rate | Incidents | Open | Repeated | Median TTR | Worst TTR | Requests affected | Runbook enough |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | --- |")
	for _, k := range ks {
		med, worst := ttrCell(k)
		fmt.Fprintf(w, "| %s | %s | %d | %d | %s | %d | %d | %d | %s | %s | %d | %s |\n", mdCell(k.Identity.Request), mdCell(envName(k.Identity)),
			k.Runs, k.Failures, render.Percent(k.FailureRate), k.Incidents, k.Open, k.Repeated, med, worst, k.RequestsAffected, runbookCell(k))
	}
}
