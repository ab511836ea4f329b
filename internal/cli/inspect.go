package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
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
	// url is where the token will be sent; nothing is sent there. It
	// lets the checks compare a URL audience with the API's host.
	url string
	// at is --at as given: RFC 3339, or a duration from now (+2h, -30m).
	at           string
	hsSecretEnv  string
	hsSecretFile string
	check        checkOptions // issuer, audience, leeway, output flags shared with check
	now          func() time.Time
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

Without --audience no audience is judged, unless --url names the API the
token is for and the token's aud names another host. --at judges exp and
nbf at another moment than now: an RFC 3339 time, or a duration from now
such as +2h or -30m. --no-issuer with --jwks FILE checks the signature
against a local key set without asking the issuer anything.

Exit status: 0 no problem found, 1 a problem was found, 2 usage or input
error, 3 the report could not be written.`,
		Example: `  authdoctor inspect --token-env API_TOKEN
  authdoctor inspect --token-file ~/.config/app/token --audience orders-api -o json
  echo "$TOKEN" | authdoctor inspect --token-stdin --no-issuer
  authdoctor inspect --token-env API_TOKEN --no-issuer --jwks keys.json --at +8h
  authdoctor inspect --token-env API_TOKEN --no-issuer --hs-secret-env JWT_SECRET
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
	f.StringVar(&o.url, "url", "", "the API URL the token is meant for (nothing is sent to it)")
	f.StringVar(&o.at, "at", "", "judge exp and nbf at this moment: RFC 3339, or +2h / -30m from now")
	f.StringVar(&o.hsSecretEnv, "hs-secret-env", "", "variable holding the shared secret to verify an HS256/384/512 token")
	f.StringVar(&o.hsSecretFile, "hs-secret-file", "", "file holding the shared secret to verify an HS256/384/512 token (one trailing newline dropped)")
	c := &o.check
	f.StringArrayVar(&c.audience, "audience", nil, "the audience (aud) the API expects (repeatable)")
	f.StringVar(&c.issuer, "issuer", "", "the issuer (iss) the API trusts")
	f.StringVar(&c.jwks, "jwks", "", "URL or file of the issuer's JSON Web Key Set (instead of discovery)")
	f.BoolVar(&c.noIssuer, "no-issuer", false, "do not contact the issuer: offline analysis, or only the --jwks given")
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
	// Added marks the scheme as inspect's own, so that byte offsets in
	// findings count in the token as given.
	v := fld.Value.Reveal()
	if fld.Added != "" {
		v, fld.Added = strings.TrimPrefix(v, fld.Added), ""
	}
	if s, _, ok := header.Split(strings.TrimSpace(v)); !ok || s == "" || !isKnownScheme(s) {
		v, fld.Added = "Bearer "+v, "Bearer "
	}
	fld.Value = authdoctor.NewSecret(v)
	if fld.Template == "" && len(fld.Vars) > 0 {
		fld.Template = "Bearer $" + fld.Vars[0].Name
	}
	req := authdoctor.Request{Method: "GET", Header: []authdoctor.Field{fld}}
	if o.url != "" {
		u, err := url.Parse(o.url)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return usagef("--url %s is not an http:// or https:// URL with a host, e.g. --url https://api.example.com/v1/orders", authdoctor.RedactURL(o.url))
		}
		if u.User != nil {
			return usagef("--url carries user:password; give the credential with --token-env, --token-file or --token-stdin")
		}
		req.URL = o.url
	}
	now := o.now
	if now == nil {
		now = time.Now
	}
	var at time.Time
	if o.at != "" {
		if at, err = parseAt(o.at, now()); err != nil {
			return usagef("--at: %v", err)
		}
	}
	hs, err := o.hsSecret(env)
	if err != nil {
		return err
	}
	c.maxRequests, c.timeout = 6, 15*time.Second
	// --no-issuer with --jwks reads the key set given and asks the issuer
	// nothing else.
	localKeys := c.noIssuer && (c.jwks != "" || !hs.IsZero())
	if localKeys && (c.introspect != "" || c.clientIDEnv != "") {
		return usagef("--no-issuer cannot be combined with --introspect or --client-id-env (introspection asks the issuer)")
	}
	if c.jwks != "" && !isHTTPURL(c.jwks) {
		if _, err := os.Stat(strings.TrimPrefix(c.jwks, "file://")); err != nil {
			return usagef("--jwks %s: %v: give a JWK Set file or an https:// URL", c.jwks, unwrapPathError(err))
		}
	}
	saved := c.noIssuer
	c.noIssuer = c.noIssuer && !localKeys
	cfg, err := c.probeConfig(env, c.issuer)
	c.noIssuer = saved
	if err != nil {
		return err
	}
	cfg.Issuer.NoDiscovery, cfg.Issuer.HMACSecret = localKeys, hs
	cfg.Now, cfg.At = o.now, at
	if !at.IsZero() {
		cfg.Notes = append(cfg.Notes, "judged at "+at.UTC().Format(time.RFC3339)+" (--at "+o.at+"), not now")
	}
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
	if err := (&guard{}).request(req, env).secret("the HMAC secret", hs).scrubber("a credential of the run", res.Scrubber).write(env, buf.Bytes(), "report"); err != nil {
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

// isHTTPURL reports whether s names an http or https URL rather than a file.
func isHTTPURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// maxSecretBytes bounds --hs-secret-file: HMAC secrets are tens of bytes;
// a larger file is the wrong file.
const maxSecretBytes = 64 << 10

// hsSecret reads the HMAC secret of --hs-secret-env or --hs-secret-file;
// zero when neither is given. Errors name the flag, never the value.
func (o *inspectOptions) hsSecret(env Env) (authdoctor.Secret, error) {
	switch {
	case o.hsSecretEnv != "" && o.hsSecretFile != "":
		return authdoctor.Secret{}, usagef("give the shared secret with one of --hs-secret-env VAR and --hs-secret-file PATH, not both")
	case o.hsSecretEnv != "":
		if !validName(o.hsSecretEnv) {
			// Not quoted back: a user who gave the secret instead of the
			// name would see it printed.
			return authdoctor.Secret{}, usagef("--hs-secret-env wants a variable name (letters, digits, _), given without $")
		}
		v, ok := env.Lookup(o.hsSecretEnv)
		switch {
		case !ok:
			return authdoctor.Secret{}, usagef("--hs-secret-env names a variable that is not set: give the variable's name, not its value, and export it (or use --hs-secret-file PATH)")
		case v == "":
			return authdoctor.Secret{}, usagef("--hs-secret-env names a variable that is empty: an HMAC secret cannot be empty")
		}
		return authdoctor.NewSecret(v), nil
	case o.hsSecretFile != "":
		f, err := os.Open(o.hsSecretFile)
		if err != nil {
			return authdoctor.Secret{}, usagef("cannot read --hs-secret-file %s: %v", o.hsSecretFile, unwrapPathError(err))
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return authdoctor.Secret{}, usagef("--hs-secret-file %s is a directory: give the file that holds the secret", o.hsSecretFile)
		}
		data, err := io.ReadAll(io.LimitReader(f, maxSecretBytes+1))
		if err != nil {
			return authdoctor.Secret{}, usagef("cannot read --hs-secret-file %s: %v", o.hsSecretFile, err)
		}
		s, err := readSecret(data)
		if err != nil {
			return authdoctor.Secret{}, usagef("--hs-secret-file %s: %v", o.hsSecretFile, err)
		}
		return s, nil
	}
	return authdoctor.Secret{}, nil
}

// readSecret reads an HMAC secret from a file's bytes: exactly as stored,
// but for one trailing newline (LF or CR LF) that echo and editors add.
// The error says what is wrong and never holds the content.
func readSecret(data []byte) (authdoctor.Secret, error) {
	if len(data) > maxSecretBytes {
		return authdoctor.Secret{}, fmt.Errorf("larger than %d KiB: is it the right file? an HMAC secret is a few dozen bytes", maxSecretBytes>>10)
	}
	s := strings.TrimSuffix(strings.TrimSuffix(string(data), "\n"), "\r")
	if s == "" {
		return authdoctor.Secret{}, errors.New("the file is empty: write the shared secret into it (printf '%s' \"$SECRET\" > file)")
	}
	return authdoctor.NewSecret(s), nil
}
