package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/authdoctor/authdoctor/source/profile"
)

type initOptions struct {
	path  string
	force bool
}

func newInitCmd(env Env) *cobra.Command {
	o := &initOptions{}
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write a commented starter authdoctor.yaml",
		Long: `init writes authdoctor.yaml: environments (base URL, credential header
templates with $VARIABLES, expected issuer, audience and credential
environment), named requests, and what their runbook needs (owner,
use_case, expected answer, review_every, blocks, expect_denied). The
file holds no secrets; authdoctor refuses to load one that does.`,
		Example: `  authdoctor init
  authdoctor init --file api/authdoctor.yaml
  authdoctor check --env sandbox orders.list`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE:          func(cmd *cobra.Command, args []string) error { return runInit(o, env) },
	}
	cmd.Flags().StringVar(&o.path, "file", profile.Names[0], "where to write the file")
	cmd.Flags().BoolVar(&o.force, "force", false, "overwrite an existing file")
	return cmd
}

func runInit(o *initOptions, env Env) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if o.force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(o.path, flags, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return usagef("%s already exists: edit it, or pass --force to replace it", o.path)
	}
	if err != nil {
		return usagef("cannot write %s: %v", o.path, unwrapPathError(err))
	}
	if _, err := f.WriteString(profile.Starter); err != nil {
		f.Close()
		return usagef("writing %s: %v", o.path, err)
	}
	if err := f.Close(); err != nil {
		return usagef("writing %s: %v", o.path, err)
	}
	fmt.Fprintf(env.Stdout, "wrote %s\nnext: set the variables it names (e.g. export SANDBOX_API_TOKEN=…), then\n  authdoctor check --env sandbox orders.list\n  authdoctor compare orders.list\n  authdoctor validate orders.list --env sandbox\n  authdoctor runbook --out runbook.md\n", o.path)
	return nil
}
