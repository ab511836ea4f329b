package cli

import (
	"bytes"
	"context"

	"github.com/spf13/cobra"

	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/authdoctor/authdoctor/render"
	"github.com/authdoctor/authdoctor/source"
)

type diffOptions struct {
	postmanEnvs []string
	config      string
	output      string
	all         bool
}

func newDiffCmd(env Env) *cobra.Command {
	o := &diffOptions{}
	cmd := &cobra.Command{
		Use:   "diff A B",
		Short: "Compare a working request with a failing one, before sending anything",
		Long: `diff compares two requests without sending them: the auth-relevant
differences first — where the credential travels (header, query, body,
cookie), its scheme, kind, fingerprint, environment, issuer, audience,
expiry and scopes, host, scheme, port, path, method, cookies, Content-Type,
proxy — then the rest, and ends with one line that says what matters.
Credentials are shown only as fingerprints: equal secrets show as equal.

Each side is one of:
  curl:FILE, or a file holding a curl command (- reads standard input);
    $VAR in it is expanded as bash would, from the environment
  FILE.har (the only entry), FILE.har#N, FILE.har#~TEXT (URL contains TEXT)
  postman:COLLECTION#Folder/Request[@ENVFILE]   (variables from ENVFILE, --postman-env)
  ENV/REQUEST or profile:ENV/REQUEST  (authdoctor.yaml)

Exit status: 0 the requests are the same where it matters for auth, 1 they
differ, 2 usage error.`,
		Example: `  # The documented command that works against the one your app sends ($VARS from the environment)
  authdoctor diff curl:from-docs.sh curl:from-app.sh
  authdoctor diff curl:works.sh app.har#~/v1/orders
  authdoctor diff postman:api.postman_collection.json#Orders/Create capture.har#3 --postman-env prod.postman_environment.json
  authdoctor diff sandbox/orders.list production/orders.list -o json`,
		Args:          cobra.ExactArgs(2),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE:          func(cmd *cobra.Command, args []string) error { return runDiff(cmd.Context(), o, args[0], args[1], env) },
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.postmanEnvs, "postman-env", nil, "Postman environment or globals FILE for postman: sides (repeatable)")
	f.StringVar(&o.config, "config", "", "profile file for ENV/REQUEST sides")
	f.StringVarP(&o.output, "output", "o", "text", "output format: text or json")
	f.BoolVar(&o.all, "all", false, "text: also list what is equal")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runDiff(_ context.Context, o *diffOptions, a, b string, env Env) error {
	if o.output != "text" && o.output != "json" {
		return usagef("--output %q is not one of text, json", o.output)
	}
	if a == "-" && b == "-" {
		return usagef("only one side can be read from standard input")
	}
	sa, err := side(a, o.postmanEnvs, o.config, env)
	if err != nil {
		return err
	}
	sb, err := side(b, o.postmanEnvs, o.config, env)
	if err != nil {
		return err
	}
	rep := diagnose.Diff(sa, sb)
	rep.A, rep.B, rep.Version = fromOr(sa, a), fromOr(sb, b), Version
	// What each reader noted (the variables a curl command was expanded
	// from, a placeholder, the rest of a pipeline): names, never values.
	for i, s := range []source.Spec{sa, sb} {
		for _, n := range s.Notes {
			rep.Notes = append(rep.Notes, []string{"A", "B"}[i]+": "+n)
		}
	}
	for _, s := range []source.Spec{sa, sb} {
		for _, u := range s.Unknown {
			rep.Notes = append(rep.Notes, s.Name+": not understood and ignored: "+u)
		}
	}
	var buf bytes.Buffer
	if o.output == "json" {
		err = render.DiffJSON(&buf, rep)
	} else {
		err = render.DiffText(&buf, rep, o.all)
	}
	if err != nil {
		return &exitError{code: ExitUnreachable, msg: err.Error()}
	}
	if err := (&guard{}).request(sa.Request, env).request(sb.Request, env).write(env, buf.Bytes(), "diff"); err != nil {
		return err
	}
	for _, l := range rep.Auth {
		if !l.Same {
			return exitCode(ExitDiagnosed)
		}
	}
	return nil
}

func fromOr(s source.Spec, arg string) string {
	if s.From != "" {
		return s.From
	}
	return arg
}
