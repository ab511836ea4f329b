package cli

import (
	"context"
	"fmt"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/authdoctor/authdoctor/lab"
)

type labOptions struct {
	scenario string
	// ready, when set, is called once the lab is up and printed; tests use
	// it to stop the lab.
	ready func(*lab.Lab)
}

func newLabCmd(env Env) *cobra.Command {
	o := &labOptions{}
	cmd := &cobra.Command{
		Use:   "lab",
		Short: "Run the practice API that reproduces every 401/403 cause",
		Long: `lab starts the embedded practice API on loopback addresses and prints,
for every scenario, the environment variables to set and a ready-to-paste
authdoctor check command. It runs until interrupted (Ctrl-C).

The lab's tokens and keys are made up at start and valid only against the
lab itself.`,
		Example: `  authdoctor lab
  authdoctor lab --scenario expired`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runLab(cmd.Context(), o, env) },
	}
	cmd.Flags().StringVar(&o.scenario, "scenario", "", "print only this scenario")
	return cmd
}

func runLab(ctx context.Context, o *labOptions, env Env) error {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	l, ss, err := startLab(ctx, o.scenario)
	if err != nil {
		return err
	}
	defer l.Close()
	w := env.Stdout
	fmt.Fprintf(w, "authdoctor lab: practice API at %s (lab CA: %s)\n", l.URL(), l.CACertFile())
	fmt.Fprintf(w, "Every scenario below reproduces one cause. Paste the lines into another shell.\n\n")
	for _, s := range ss {
		fmt.Fprintf(w, "# %s — %s (expect: %s)\n", s.Name, s.Title, s.Cause)
		fmt.Fprintf(w, "# %s\n", s.Story)
		envLines, command := s.Shell()
		for _, e := range envLines {
			fmt.Fprintln(w, e)
		}
		fmt.Fprintln(w, command)
		fmt.Fprintln(w)
	}
	tw := tabwriter.NewWriter(env.Stderr, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "lab running with %d scenarios; press Ctrl-C to stop\n", len(l.Scenarios()))
	tw.Flush()
	if o.ready != nil {
		o.ready(l)
	}
	<-ctx.Done()
	return nil
}

// startLab starts the practice API and returns its scenarios, or only the
// one named (all when name is empty).
func startLab(ctx context.Context, name string) (*lab.Lab, []lab.Scenario, error) {
	l, err := lab.Start(ctx, lab.Config{})
	if err != nil {
		return nil, nil, &exitError{code: ExitUnreachable, msg: "starting the lab: " + err.Error()}
	}
	ss := l.Scenarios()
	if name == "" {
		return l, ss, nil
	}
	if s, ok := l.Scenario(name); ok {
		return l, []lab.Scenario{s}, nil
	}
	var names []string
	for _, s := range ss {
		names = append(names, s.Name)
	}
	l.Close()
	return nil, nil, usagef("no scenario %q; the scenarios are: %s", name, strings.Join(names, ", "))
}
