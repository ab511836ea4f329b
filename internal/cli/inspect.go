package cli

import (
	"bytes"
	"context"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
	"github.com/authdoctor/authdoctor/doctor"
	"github.com/authdoctor/authdoctor/header"
	"github.com/authdoctor/authdoctor/render"
)

// inspectOptions are the flags of authdoctor inspect.
type inspectOptions struct {
	tokenEnv, tokenFile string
	tokenStdin          bool
	check               checkOptions // issuer, audience, leeway, output flags shared with check
	now                 func() time.Time
}

func newInspectCmd(env Env) *cobra.Command {
	o := &inspectOptions{}
	cmd := &cobra.Command{
		Use:   "inspect",
		Short: "Analyse a token without calling the API",
		Long: `inspect tells what a credential is and whether it can work, without sending
anything to the API: its kind and vendor, the environment it belongs to, a
JWT's claims against the clock, and — unless --no-issuer — what its issuer
says: metadata, signing keys, the signature check and, with client
credentials, introspection. The token is read from a variable, a file or
standard input, never from argv.

Exit status: 0 no problem found, 1 a problem was found, 2 usage error.`,
		Example: `  authdoctor inspect --token-env API_TOKEN
  authdoctor inspect --token-file ~/.config/app/token --audience orders-api -o json
  echo "$TOKEN" | authdoctor inspect --token-stdin --no-issuer
  authdoctor inspect --token-env T --client-id-env CLIENT_ID --client-secret-env CLIENT_SECRET`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE:          func(cmd *cobra.Command, args []string) error { return runInspect(cmd.Context(), o, env) },
	}
	f := cmd.Flags()
	f.StringVar(&o.tokenEnv, "token-env", "", "read the token from this environment variable")
	f.StringVar(&o.tokenFile, "token-file", "", "read the token from this file (as is)")
	f.BoolVar(&o.tokenStdin, "token-stdin", false, "read the token from standard input")
	c := &o.check
	f.StringArrayVar(&c.audience, "audience", nil, "the audience (aud) the API expects (repeatable)")
	f.StringVar(&c.issuer, "issuer", "", "the issuer (iss) the API trusts")
	f.StringVar(&c.jwks, "jwks", "", "URL or file of the issuer's JSON Web Key Set (instead of discovery)")
	f.BoolVar(&c.noIssuer, "no-issuer", false, "do not contact the issuer: offline analysis only")
	f.StringVar(&c.introspect, "introspect", "", "RFC 7662 introspection endpoint (default: from the issuer's metadata)")
	f.StringVar(&c.clientIDEnv, "client-id-env", "", "variable holding the client id for introspection")
	f.StringVar(&c.clientSecEnv, "client-secret-env", "", "variable holding the client secret for introspection")
	f.DurationVar(&c.leeway, "leeway", check.DefaultLeeway, "clock tolerance for exp and nbf")
	f.StringArrayVar(&c.resolve, "resolve", nil, "HOST:PORT:ADDR — connect to ADDR for HOST:PORT (repeatable)")
	f.StringVar(&c.cacert, "cacert", "", "PEM file of CA certificates to trust for the issuer")
	f.StringVarP(&c.output, "output", "o", "text", "output format: text or json")
	f.BoolVar(&c.noColor, "no-color", false, "no colour (also NO_COLOR=1 or TERM=dumb)")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runInspect(ctx context.Context, o *inspectOptions, env Env) error {
	c := &o.check
	if c.output != "text" && c.output != "json" {
		return usagef("--output %q is not one of text, json", c.output)
	}
	sources := 0
	var fld authdoctor.Field
	var err error
	if o.tokenEnv != "" {
		sources++
		if !validName(o.tokenEnv) {
			return usagef("--token-env %q is not a variable name: give it without $", o.tokenEnv)
		}
		v, ok := env.Lookup(o.tokenEnv)
		fld = authdoctor.Field{Name: "Authorization", Value: authdoctor.NewSecret(v), Origin: authdoctor.OriginEnv, Source: "environment variable $" + o.tokenEnv,
			Vars: []authdoctor.VarRef{{Name: o.tokenEnv, Set: ok, Empty: ok && v == "", Len: len(v)}}}
	}
	if o.tokenFile != "" {
		sources++
		fld, err = tokenFile(o.tokenFile)
	}
	if o.tokenStdin {
		sources++
		fld, err = tokenFrom(env.Stdin, "standard input", authdoctor.OriginStdin)
	}
	if err != nil {
		return err
	}
	if sources != 1 {
		return usagef("give the token with exactly one of --token-env VAR, --token-file PATH or --token-stdin")
	}
	// A bare token is inspected as a bearer token; a value that already
	// names its scheme (Basic …, Bearer …) is kept as written.
	v := strings.TrimPrefix(fld.Value.Reveal(), "Bearer ")
	if s, _, ok := header.Split(strings.TrimSpace(v)); !ok || s == "" || !isKnownScheme(s) {
		v = "Bearer " + v
	}
	fld.Value = authdoctor.NewSecret(v)
	if fld.Template == "" && len(fld.Vars) > 0 {
		fld.Template = "Bearer $" + fld.Vars[0].Name
	}
	req := authdoctor.Request{Method: "GET", Header: []authdoctor.Field{fld}}
	c.maxRequests, c.timeout = 6, 15*time.Second
	cfg, err := c.probeConfig(env, c.issuer)
	if err != nil {
		return err
	}
	cfg.Now = o.now
	res := doctor.Inspect(ctx, req, cfg)
	rep := authdoctor.Run{Observation: res.Observation, Diagnosis: res.Diagnosis, Version: Version}
	var buf bytes.Buffer
	if c.output == "json" {
		err = render.InspectJSON(&buf, rep)
	} else {
		err = render.InspectText(&buf, rep, render.Options{Color: env.colour(c.noColor)})
	}
	if err != nil {
		return &exitError{code: ExitUnreachable, msg: err.Error()}
	}
	if err := (&guard{}).request(req, env).scrubber("a credential of the run", res.Scrubber).write(env, buf.Bytes(), "report"); err != nil {
		return err
	}
	if render.Usable(res.Diagnosis) {
		return nil
	}
	return exitCode(ExitDiagnosed)
}

func isKnownScheme(s string) bool {
	_, ok := header.KnownScheme(s)
	return ok
}
