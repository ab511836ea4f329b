package cli

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
	"github.com/authdoctor/authdoctor/doctor"
	"github.com/authdoctor/authdoctor/issuer"
	"github.com/authdoctor/authdoctor/probe"
	"github.com/authdoctor/authdoctor/render"
)

// tokenOptions are the flags of authdoctor token.
type tokenOptions struct {
	issuer, tokenURL string
	clientIDEnv      string
	clientSecretEnv  string
	grant            string
	refreshTokenEnv  string
	scopes           []string
	audience         string
	authMethod       string
	printToken       bool
	timeout          time.Duration
	check            checkOptions // resolve, cacert, output and colour flags shared with check
	now              func() time.Time
	resultHook       func(issuer.MintResult)
}

func newTokenCmd(env Env) *cobra.Command {
	o := &tokenOptions{}
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Get a fresh token from a token endpoint and explain the answer",
		Long: `token asks an OAuth 2.0 token endpoint for a new access token with the
client credentials grant (RFC 6749 §4.4) or a refresh token (§6), and says
what happened: which client authentication method works, and what an error
such as invalid_client, invalid_grant, invalid_scope or unauthorized_client
means for you and what to do. The endpoint is --token-url, or the
token_endpoint of the --issuer's metadata.

Without --auth-method it tries client_secret_basic and, when that is refused
with invalid_client, client_secret_post once. A new token is analysed like
authdoctor inspect does (claims, the issuer's keys, the signature). The
client secret, the refresh token and the new token are read from variables
and never printed; --print-token prints the new token on its own line at
the end, and only to a terminal.

With rotation, redeeming a refresh token here uses it up: the endpoint
issues a new one, which is not printed.

Exit status: 0 a token was issued, 1 the endpoint refused (diagnosed),
2 usage error, 3 the endpoint could not be asked.`,
		Example: `  authdoctor token --issuer https://tenant.example.com/ --client-id-env CLIENT_ID --client-secret-env CLIENT_SECRET
  authdoctor token --token-url https://auth.example.com/oauth/token --client-id-env CLIENT_ID --client-secret-env CLIENT_SECRET --scope orders:read --audience https://api.example.com
  authdoctor token --issuer https://tenant.example.com/ --client-id-env CLIENT_ID --client-secret-env CLIENT_SECRET --grant refresh_token --refresh-token-env REFRESH_TOKEN -o json`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE:          func(cmd *cobra.Command, args []string) error { return runToken(cmd.Context(), o, env) },
	}
	f := cmd.Flags()
	f.StringVar(&o.issuer, "issuer", "", "issuer whose metadata names the token endpoint")
	f.StringVar(&o.tokenURL, "token-url", "", "the token endpoint (instead of --issuer)")
	f.StringVar(&o.clientIDEnv, "client-id-env", "", "variable holding the client id")
	f.StringVar(&o.clientSecretEnv, "client-secret-env", "", "variable holding the client secret")
	f.StringVar(&o.grant, "grant", "", "client_credentials (default) or refresh_token")
	f.StringVar(&o.refreshTokenEnv, "refresh-token-env", "", "variable holding the refresh token to redeem (implies --grant refresh_token)")
	f.StringArrayVar(&o.scopes, "scope", nil, "a scope to ask for (repeatable, or space-separated)")
	f.StringVar(&o.audience, "audience", "", "audience form parameter (Auth0 and others: the API the token is for)")
	f.StringVar(&o.authMethod, "auth-method", "", "client authentication: basic or post (default: basic, then post when refused)")
	f.BoolVar(&o.printToken, "print-token", false, "print the new token on its own line at the end (only to a terminal)")
	f.DurationVar(&o.timeout, "timeout", 15*time.Second, "time limit for each request")
	c := &o.check
	f.StringArrayVar(&c.resolve, "resolve", nil, "HOST:PORT:ADDR — connect to ADDR for HOST:PORT (repeatable)")
	f.StringVar(&c.cacert, "cacert", "", "PEM file of CA certificates to trust")
	f.StringVarP(&c.output, "output", "o", "text", "output format: text or json")
	f.BoolVar(&c.noColor, "no-color", false, "no colour (also NO_COLOR=1 or TERM=dumb)")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("grant", cobra.FixedCompletions([]string{issuer.GrantClientCredentials, issuer.GrantRefreshToken}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("auth-method", cobra.FixedCompletions([]string{"basic", "post"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// mintConfig checks the flags and reads the variables into a MintConfig
// without its client. Errors never quote a value.
func (o *tokenOptions) mintConfig(env Env) (issuer.MintConfig, error) {
	var mc issuer.MintConfig
	lookup := env.Lookup
	if lookup == nil {
		lookup = func(string) (string, bool) { return "", false }
	}
	switch {
	case (o.issuer == "") == (o.tokenURL == ""):
		return mc, usagef("give exactly one of --issuer URL (the token endpoint is discovered) and --token-url URL")
	case o.clientIDEnv == "" || o.clientSecretEnv == "":
		return mc, usagef("give the client with --client-id-env VAR and --client-secret-env VAR (variable names, without $)")
	}
	for _, u := range []struct{ flag, v string }{{"--issuer", o.issuer}, {"--token-url", o.tokenURL}} {
		if u.v == "" {
			continue
		}
		p, err := url.Parse(u.v)
		if err != nil || p.Host == "" || (p.Scheme != "http" && p.Scheme != "https") {
			return mc, usagef("%s %s is not an http:// or https:// URL with a host", u.flag, authdoctor.RedactURL(u.v))
		}
		if p.User != nil {
			return mc, usagef("%s carries user:password; give the client with --client-id-env and --client-secret-env", u.flag)
		}
	}
	read := func(flag, name string) (string, error) {
		if !validName(name) {
			return "", usagef("%s wants a variable name (letters, digits, _), given without $", flag)
		}
		// The name is not quoted back: a user who gave the value instead
		// of the name would see the secret printed.
		v, ok := lookup(name)
		switch {
		case !ok:
			return "", usagef("%s names a variable that is not set: give the variable's name, not its value, and export it", flag)
		case strings.TrimSpace(v) == "":
			return "", usagef("%s names a variable that is empty", flag)
		}
		return v, nil
	}
	id, err := read("--client-id-env", o.clientIDEnv)
	if err != nil {
		return mc, err
	}
	secret, err := read("--client-secret-env", o.clientSecretEnv)
	if err != nil {
		return mc, err
	}
	grant := o.grant
	if grant == "" && o.refreshTokenEnv != "" {
		grant = issuer.GrantRefreshToken
	}
	if grant == "" {
		grant = issuer.GrantClientCredentials
	}
	switch grant {
	case issuer.GrantClientCredentials:
		if o.refreshTokenEnv != "" {
			return mc, usagef("--refresh-token-env goes with --grant refresh_token, not client_credentials")
		}
	case issuer.GrantRefreshToken:
		if o.refreshTokenEnv == "" {
			return mc, usagef("--grant refresh_token needs --refresh-token-env VAR, the variable holding the refresh token")
		}
		rt, err := read("--refresh-token-env", o.refreshTokenEnv)
		if err != nil {
			return mc, err
		}
		mc.RefreshToken = authdoctor.NewSecret(strings.TrimSpace(rt))
	default:
		return mc, usagef("--grant must be client_credentials or refresh_token")
	}
	switch o.authMethod {
	case "":
	case "basic", issuer.AuthMethodBasic:
		mc.AuthMethod = issuer.AuthMethodBasic
	case "post", issuer.AuthMethodPost:
		mc.AuthMethod = issuer.AuthMethodPost
	default:
		return mc, usagef("--auth-method must be basic or post")
	}
	for _, s := range o.scopes {
		mc.Scopes = append(mc.Scopes, strings.Fields(s)...)
	}
	// A stray newline from `echo > file` or a copied line is the most
	// common flaw of a variable holding an id or secret; it is trimmed
	// here because the point is to get a token, not to lint the variable.
	mc.TokenURL, mc.Issuer, mc.Grant = o.tokenURL, o.issuer, grant
	mc.ClientID, mc.ClientSecret = strings.TrimSpace(id), authdoctor.NewSecret(strings.TrimSpace(secret))
	mc.Audience, mc.Now = o.audience, o.now
	return mc, nil
}

func runToken(ctx context.Context, o *tokenOptions, env Env) error {
	c := &o.check
	if c.output != "text" && c.output != "json" {
		return usagef("--output must be text or json")
	}
	mc, err := o.mintConfig(env)
	if err != nil {
		return err
	}
	if o.printToken && !env.StdoutTerminal {
		return usagef("--print-token prints the token only to a terminal, and standard output is not one (a pipe or a file would keep it): nothing was sent")
	}
	if o.timeout <= 0 {
		return usagef("--timeout must be positive, e.g. --timeout 10s")
	}
	// The analysis checks the new token against what was asked for.
	c.maxRequests, c.timeout, c.leeway = 6, o.timeout, check.DefaultLeeway
	c.issuer, c.scopes = o.issuer, mc.Scopes
	if o.audience != "" {
		c.audience = []string{o.audience}
	}
	cfg, err := c.probeConfig(env, o.tokenURL+o.issuer)
	if err != nil {
		return err
	}
	cfg.Now = o.now
	s := probe.New(cfg.Probe)
	defer s.Close()
	mc.Client = s.Client()

	res := issuer.Mint(ctx, mc)
	rep := render.TokenReport{
		Version: Version, Grant: mc.Grant, TokenEndpoint: res.TokenURL, AuthMethod: res.AuthMethod,
		Explanation: res.Explanation, Exchanges: res.Exchanges, Problems: res.Problems,
	}
	if e := res.Error; e != nil {
		rep.Error = &render.TokenError{Code: e.Code, Description: e.Description, URI: e.URI, Status: e.Status}
	}
	var req authdoctor.Request
	if !res.Token.IsZero() {
		rep.Token = &render.TokenInfo{
			Fingerprint: res.Token.Fingerprint(), Length: res.Token.Len(), ExpiresIn: res.ExpiresIn,
			Scopes: res.Scopes, Type: res.TokenType, RefreshFingerprint: res.Refresh.Fingerprint(),
		}
		req = authdoctor.Request{Method: "GET", Header: []authdoctor.Field{{
			Name: "Authorization", Value: authdoctor.NewSecret("Bearer " + res.Token.Reveal()), Source: "the token endpoint",
		}}}
		an := doctor.Inspect(ctx, req, cfg)
		if an.Diagnosis.Credential != nil {
			rep.Token.Kind = an.Diagnosis.Credential.Kind
		}
		an.Version = Version
		rep.Analysis = &an
	}

	var buf bytes.Buffer
	if c.output == "json" {
		err = render.TokenJSON(&buf, rep)
	} else {
		err = render.TokenText(&buf, rep, render.Options{Color: env.colour(c.noColor)})
	}
	if err != nil {
		return &exitError{code: ExitUnreachable, msg: err.Error()}
	}
	g := (&guard{}).request(req, env).vocabularySecret("the client secret", mc.ClientSecret).
		vocabularySecret("the refresh token", mc.RefreshToken).vocabularySecret("the new token", res.Token).vocabularySecret("the new refresh token", res.Refresh)
	if !mc.ClientSecret.IsZero() {
		g.vocabularySecret("the client credentials", authdoctor.NewSecret(url.QueryEscape(mc.ClientID)+":"+url.QueryEscape(mc.ClientSecret.Reveal())))
	}
	var out bytes.Buffer
	gw := env
	gw.Stdout = &out
	if err := g.write(gw, buf.Bytes(), "report"); err != nil {
		return err
	}
	buf = out
	if o.printToken && !res.Token.IsZero() {
		// The one place a credential is printed: asked for, on a terminal,
		// alone on the last line, after the guard passed the report.
		buf.WriteString(res.Token.Reveal() + "\n")
	}
	if _, err := env.Stdout.Write(buf.Bytes()); err != nil {
		return &exitError{code: ExitUnreachable, msg: "writing the report: " + err.Error()}
	}
	switch {
	case !res.Token.IsZero():
		return nil
	case res.Error != nil:
		return exitCode(ExitDiagnosed)
	}
	return exitCode(ExitUnreachable)
}

// vocabulary is what a token report prints of its own accord.
const vocabulary = "client_secret_basic client_secret_post client_credentials refresh_token token request"

// vocabularySecret adds a secret unless it is a word of authdoctor's own
// vocabulary ("secret", "client_secret"): Mint scrubs it from every value
// it returns, but the report names the methods and grants itself.
func (g *guard) vocabularySecret(what string, v authdoctor.Secret) *guard {
	if strings.Contains(vocabulary, v.Reveal()) {
		return g
	}
	return g.secret(what, v)
}
