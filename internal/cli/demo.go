package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/lab"
)

type demoOptions struct {
	output   string
	scenario string
	verbose  bool
}

// demoRow is one line of the demo table, also its JSON form.
type demoRow struct {
	Scenario   string           `json:"scenario"`
	Expected   authdoctor.Cause `json:"expected"`
	Verdict    authdoctor.Cause `json:"verdict"`
	Confidence string           `json:"confidence"`
	Requests   int              `json:"requests"`
	OK         bool             `json:"ok"`
	Note       string           `json:"note,omitempty"`
}

func newDemoCmd(env Env) *cobra.Command {
	o := &demoOptions{}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run check on every scenario of the embedded practice API",
		Long: `demo starts the practice API in-process, runs authdoctor check on every
scenario it reproduces and prints a table: scenario, verdict, expected.
It exits 0 only when every verdict matches.`,
		Example: `  authdoctor demo
  authdoctor demo --scenario redirect -v
  authdoctor demo -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runDemo(cmd.Context(), o, env) },
	}
	cmd.Flags().StringVarP(&o.output, "output", "o", "text", "output format: text or json")
	cmd.Flags().StringVar(&o.scenario, "scenario", "", "run only this scenario")
	cmd.Flags().BoolVarP(&o.verbose, "verbose", "v", false, "print each scenario's full check report")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runDemo(ctx context.Context, o *demoOptions, env Env) error {
	if o.output != "text" && o.output != "json" {
		return usagef("--output %q is not one of text, json", o.output)
	}
	l, ss, err := startLab(ctx, o.scenario)
	if err != nil {
		return err
	}
	defer l.Close()
	var rows []demoRow
	for i, s := range ss {
		if env.StderrTerminal && o.output == "text" {
			fmt.Fprintf(env.Stderr, "\r[%d/%d] %-28s", i+1, len(ss), s.Name)
		}
		row, err := demoScenario(ctx, s, o, env)
		if err != nil {
			return err
		}
		rows = append(rows, row)
	}
	if env.StderrTerminal && o.output == "text" {
		fmt.Fprintf(env.Stderr, "\r%-40s\r", "")
	}
	failed := 0
	for _, r := range rows {
		if !r.OK {
			failed++
		}
	}
	if o.output == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"schema": "authdoctor.demo/v1", "scenarios": rows, "failed": failed}); err != nil {
			return err
		}
	} else {
		printDemo(env.Stdout, rows, failed)
	}
	if failed > 0 {
		return exitCode(ExitDiagnosed)
	}
	return nil
}

// demoScenario runs check on one scenario exactly as a user would type it,
// with the scenario's environment instead of the process's.
func demoScenario(ctx context.Context, s lab.Scenario, o *demoOptions, env Env) (demoRow, error) {
	row := demoRow{Scenario: s.Name, Expected: s.Cause}
	var res *authdoctor.Run
	// The demo's runs are practice: they never go into the history.
	opts := &checkOptions{result: func(r authdoctor.Run) { res = &r }, noRecord: true}
	senv := Env{
		Stdin:  strings.NewReader(""),
		Stdout: io.Discard,
		Stderr: io.Discard,
		Lookup: func(k string) (string, bool) {
			for _, u := range s.Unset {
				if u == k {
					return "", false
				}
			}
			v, ok := s.Env[k]
			return v, ok
		},
	}
	if o.verbose {
		senv.Stdout = env.Stdout
		fmt.Fprintf(env.Stdout, "\n=== %s: %s\n", s.Name, s.Story)
	}
	cmd := checkCommand(senv, opts)
	cmd.SetArgs(scenarioArgs(s))
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	cctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	err := cmd.ExecuteContext(cctx)
	if res == nil {
		row.Note = "check did not run: " + oneLine(fmt.Sprint(err))
		return row, nil
	}
	row.Verdict = res.Diagnosis.Verdict.Cause
	row.Confidence = string(res.Diagnosis.Verdict.Confidence)
	row.Requests = res.Observation.RequestCount()
	row.OK = row.Verdict == s.Cause
	if s.Finding != "" {
		has := false
		for _, f := range res.Diagnosis.Findings {
			if f.ID == s.Finding {
				has = true
			}
		}
		if !has {
			row.OK = false
			row.Note = "missing finding " + s.Finding
		}
	}
	return row, nil
}

// scenarioArgs is the check command line of a scenario, without the
// program name.
func scenarioArgs(s lab.Scenario) []string {
	var args []string
	if s.Method != "" && s.Method != "GET" {
		args = append(args, s.Method)
	}
	args = append(args, s.URL)
	for _, h := range s.Headers {
		args = append(args, "-H", h)
	}
	return append(args, s.Args...)
}

func printDemo(w io.Writer, rows []demoRow, failed int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCENARIO\tVERDICT\tCONFIDENCE\tEXPECTED\tREQUESTS\t")
	for _, r := range rows {
		mark := "✓"
		if !r.OK {
			mark = "✗"
		}
		v := string(r.Verdict)
		if v == "" {
			v = "-"
		}
		note := ""
		if r.Note != "" {
			note = " (" + r.Note + ")"
		}
		fmt.Fprintf(tw, "%s\t%s %s\t%s\t%s%s\t%d\t\n", r.Scenario, mark, v, r.Confidence, r.Expected, note, r.Requests)
	}
	tw.Flush()
	if failed == 0 {
		fmt.Fprintf(w, "\nAll %d scenarios diagnosed as expected.\n", len(rows))
	} else {
		fmt.Fprintf(w, "\n%d of %d scenarios not diagnosed as expected.\n", failed, len(rows))
	}
}
