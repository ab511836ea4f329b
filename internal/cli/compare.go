package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
	"github.com/authdoctor/authdoctor/credential"
	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/authdoctor/authdoctor/doctor"
	"github.com/authdoctor/authdoctor/history"
	"github.com/authdoctor/authdoctor/render"
	"github.com/authdoctor/authdoctor/source"
	"github.com/authdoctor/authdoctor/source/postman"
)

type compareOptions struct {
	envs   []string
	config string
	// fromPostman compares a Postman request across Postman environment
	// files: one column per --postman-env (globals apply to every column).
	fromPostman string
	postmanEnvs []string
	check       checkOptions // network and output flags shared with check
	progress    bool
}

func newCompareCmd(env Env) *cobra.Command {
	o := &compareOptions{}
	cmd := &cobra.Command{
		Use:   "compare [REQUEST]",
		Short: "Run a profile request in several environments and compare them",
		Long: `compare runs the same named request of the profile (authdoctor.yaml) in two
or more environments — all of them unless --env names some — with the full
check in each, and prints them side by side: status, verdict, credential
(kind, environment, fingerprint), token issuer, audience, expiry and
scopes, challenges and latency. It marks what differs and says what should
not: a sandbox credential in the production column, the same credential in
two environments, a scope granted in one and not the other.

With --from-postman, the columns are Postman environment files instead:
the same request of the collection resolved with each --postman-env.

Exit status: 0 every environment accepts the request, 1 at least one
fails, 2 usage error.`,
		Example: `  authdoctor compare orders.list
  authdoctor compare orders.list --env sandbox --env production -o markdown > ticket.md
  authdoctor compare accounts.get --config ./api/authdoctor.yaml -o json
  authdoctor compare --from-postman api.json --request-name 'Orders/List' --postman-env sandbox.json --postman-env production.json`,
		Args:          cobra.MaximumNArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			name := o.check.postmanRequest
			if len(args) == 1 {
				name = args[0]
			}
			if name == "" {
				return usagef("name the request: authdoctor compare REQUEST (a profile request), or --request-name with --from-postman")
			}
			return runCompare(cmd.Context(), o, name, env)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.envs, "env", nil, "an environment to run (repeatable; default: every environment of the profile)")
	f.StringVar(&o.config, "config", "", "profile file (default: authdoctor.yaml here or in a parent directory)")
	f.StringVar(&o.fromPostman, "from-postman", "", "compare a request of this Postman collection across --postman-env files")
	f.StringArrayVar(&o.postmanEnvs, "postman-env", nil, "a Postman environment FILE: one column each (globals files apply to all)")
	f.StringVar(&o.check.postmanRequest, "request-name", "", "the Postman request: its name or Folder/Name path")
	c := &o.check
	f.IntVar(&c.maxRequests, "max-requests", 6, "most requests per environment, redirect hops included")
	f.DurationVar(&c.timeout, "timeout", 15*time.Second, "time limit for each request")
	f.StringArrayVar(&c.resolve, "resolve", nil, "HOST:PORT:ADDR — connect to ADDR for HOST:PORT (repeatable)")
	f.StringVar(&c.cacert, "cacert", "", "PEM file of CA certificates to trust")
	f.BoolVarP(&c.insecure, "insecure", "k", false, "do not verify TLS certificates")
	f.StringVarP(&c.proxy, "proxy", "x", "", "send through this HTTP proxy")
	f.BoolVar(&c.noIssuer, "no-issuer", false, "do not ask the tokens' issuers")
	f.BoolVar(&c.noConfirm, "no-confirm", false, "do not send corrected requests to confirm a cause")
	f.DurationVar(&c.leeway, "leeway", check.DefaultLeeway, "clock tolerance for token exp and nbf")
	f.StringVarP(&c.output, "output", "o", "text", "output format: text, json or markdown")
	f.BoolVar(&c.noColor, "no-color", false, "no colour")
	c.history.bind(f)
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"text", "json", "markdown"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("env", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		f, err := loadProfile(o.config)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return f.EnvOrder, cobra.ShellCompDirectiveNoFileComp
	})
	cmd.ValidArgsFunction = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		f, err := loadProfile(o.config)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return f.RequestOrder, cobra.ShellCompDirectiveNoFileComp
	}
	return cmd
}

func runCompare(ctx context.Context, o *compareOptions, name string, env Env) error {
	c := &o.check
	switch c.output {
	case "text", "json", "markdown", "md":
	default:
		return usagef("--output %q is not one of text, json, markdown", c.output)
	}
	cols, err := o.columns(name, env)
	if err != nil {
		return err
	}
	if len(cols) < 2 {
		return usagef("compare needs two environments or more; got %d", len(cols))
	}
	var results []authdoctor.EnvRun
	for _, col := range cols {
		e, spec := col.env, col.spec
		if env.StderrTerminal && c.output == "text" {
			env.Stderr.Write([]byte("→ " + e + "\n"))
		}
		one := *c
		one.spec = &spec
		req, err := one.buildRequest(env)
		if err != nil {
			return err
		}
		cfg, err := one.probeConfig(env, req.URL)
		if err != nil {
			return err
		}
		if !authdoctor.SafeMethod(req.Method) {
			return usagef("request %s uses %s; compare sends only GET, HEAD and OPTIONS", name, req.Method)
		}
		res, err := doctor.Run(ctx, req, cfg)
		r := authdoctor.EnvRun{Env: e}
		if err != nil {
			r.Err = err.Error()
		} else {
			r.Run = res
		}
		results = append(results, r)
	}
	notes, conclusion := diagnose.Compare(results)
	rep := render.CompareReport{Request: name, Runs: results, Notes: notes, Conclusion: conclusion, Version: Version}
	var buf bytes.Buffer
	switch c.output {
	case "json":
		err = render.CompareJSON(&buf, rep)
	case "markdown", "md":
		err = render.CompareMarkdown(&buf, rep)
	default:
		err = render.CompareText(&buf, rep, render.Options{Color: env.colour(c.noColor)})
	}
	if err != nil {
		return &exitError{code: ExitUnreachable, msg: "rendering the comparison: " + err.Error()}
	}
	g := &guard{}
	for _, r := range results {
		if r.Run.Observation == nil {
			continue
		}
		g.request(r.Run.Observation.Request, env)
	}
	if err := g.write(env, buf.Bytes(), "comparison"); err != nil {
		return err
	}
	var recs []historyRun
	for _, r := range results {
		if r.Err == "" {
			recs = append(recs, historyRun{id: history.Identity{Request: name, Env: r.Env}, run: r.Run, kind: history.KindCompare})
		}
	}
	c.history.record(ctx, env, g, recs...)
	for _, r := range results {
		if r.Err != "" || r.Run.Diagnosis.Failed() {
			return exitCode(ExitDiagnosed)
		}
	}
	return nil
}

// column is one environment to run: its name and its request.
type column struct {
	env  string
	spec source.Spec
}

// columns builds the environments to compare: the profile's, or one per
// Postman environment file.
func (o *compareOptions) columns(name string, env Env) ([]column, error) {
	lookup := env.Lookup
	if lookup == nil {
		lookup = func(string) (string, bool) { return "", false }
	}
	var out []column
	if o.fromPostman != "" {
		b, cname, err := readSource(o.fromPostman, env)
		if err != nil {
			return nil, err
		}
		c, err := postman.ReadCollection(bytes.NewReader(b))
		if err != nil {
			return nil, usagef("%s: %v", cname, err)
		}
		_, path, err := c.Find(name)
		if err != nil {
			return nil, usagef("%s: %v", cname, err)
		}
		var globals, envs []*postman.Environment
		var files []string
		for _, ef := range o.postmanEnvs {
			eb, en, err := readSource(ef, env)
			if err != nil {
				return nil, err
			}
			e, err := postman.ReadEnvironment(bytes.NewReader(eb))
			if err != nil {
				return nil, usagef("%s: %v", en, err)
			}
			if e.Globals {
				globals = append(globals, e)
			} else {
				envs, files = append(envs, e), append(files, ef)
			}
		}
		for i, e := range envs {
			spec, err := c.Spec(path, append([]*postman.Environment{e}, globals...)...)
			if err != nil {
				return nil, usagef("%s: %v", files[i], err)
			}
			label := e.Name
			if label == "" {
				label = filepath.Base(files[i])
			}
			// An environment named sandbox or production says which
			// credentials belong in it.
			spec.Expect.Environment = credential.NormaliseEnvironment(label)
			out = append(out, column{env: label, spec: spec})
		}
		return out, nil
	}
	f, err := loadProfile(o.config)
	if err != nil {
		return nil, err
	}
	names := o.envs
	if len(names) == 0 {
		names = f.EnvOrder
	}
	for _, e := range names {
		spec, err := f.Spec(e, name, lookup)
		if err != nil {
			return nil, usagef("%v", err)
		}
		out = append(out, column{env: e, spec: spec})
	}
	return out, nil
}
