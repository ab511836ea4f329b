package cli

import (
	"bufio"
	"bytes"
	"context"
	"crypto/x509"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
	"github.com/authdoctor/authdoctor/credential"
	"github.com/authdoctor/authdoctor/doctor"
	"github.com/authdoctor/authdoctor/history"
	"github.com/authdoctor/authdoctor/issuer"
	"github.com/authdoctor/authdoctor/probe"
	"github.com/authdoctor/authdoctor/render"
	"github.com/authdoctor/authdoctor/source"
	"github.com/authdoctor/authdoctor/source/har"
	"github.com/authdoctor/authdoctor/source/profile"
)

// checkOptions are the flags of authdoctor check.
type checkOptions struct {
	method         string
	url            string
	headers        []string
	bearerEnv      string
	basicEnv       string
	tokenFile      string
	tokenStdin     bool
	data           string
	allowWrite     bool
	yes            bool
	maxRequests    int
	maxRedirects   int
	timeout        time.Duration
	proxy          string
	resolve        []string
	cacert         string
	insecure       bool
	trustRedirects bool
	noConfirm      bool
	leeway         time.Duration
	output         string
	noColor        bool
	verbose        bool
	audience       []string
	issuer         string
	scopes         []string
	jwks           string
	noIssuer       bool
	introspect     string
	clientIDEnv    string
	clientSecEnv   string
	freshToken     bool
	tokenURL       string
	profileEnv     string
	config         string
	fromCurl       string
	fromPostman    string
	postmanEnvs    []string
	postmanRequest string
	openapiFile    string
	fromHAR        string
	harEntry       int
	harURL         string
	harStatus      int

	// spec is the request read from a profile (or another source) before
	// the flags are applied on top of it.
	spec *source.Spec

	// history says where runs are recorded; profileRequest is the
	// profile request's name (with --env), the run's identity there;
	// noRecord keeps the run out of the history whatever the flags say
	// (the demo).
	history        historyFlags
	profileRequest string
	noRecord       bool
	// expectDenied says the profile request must be refused.
	expectDenied bool

	// result, when set, receives the outcome (the demo and tests use it).
	result func(authdoctor.Run)
	// now replaces the clock (tests).
	now func() time.Time
}

func newCheckCmd(env Env) *cobra.Command { return checkCommand(env, &checkOptions{}) }

// checkCommand binds o to a new check command; the demo passes options
// with a result hook.
func checkCommand(env Env, o *checkOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "check [METHOD] URL",
		Short: "Diagnose why a request gets 401 or 403",
		Long: `check sends a minimal request to URL — once without any credential, once
as given, and where it helps once more with a deliberately damaged or a
corrected credential — and names the one cause of the failure from a fixed
list (docs/causes.md), with evidence and the fix.

Credentials never need to be typed on the command line: write -H with a
$VARIABLE in single quotes and authdoctor expands it from the environment
itself, or use --bearer-env, --basic-env, --token-file or --token-stdin.
Only GET, HEAD and OPTIONS are sent unless you pass --allow-write.

--from-curl FILE reads a curl command as bash and curl would: a copied
"Copy as cURL" line or one from API documentation, with -H "…$TOKEN…" in
double quotes expanded from your environment (single quotes keep $TOKEN
literal, as in bash), a prompt, comments, TOKEN=$(…) && curl … | jq .
Nothing in it is run; the notes name the variables used, never values.

Exit status: 0 accepted, 1 a failure was diagnosed, 2 usage or input
error, 3 the check could not complete (endpoint unreachable).`,
		Example: `  authdoctor check https://api.example.com/v1/me -H 'Authorization: Bearer $API_TOKEN'
  authdoctor check https://api.example.com/v1/me --bearer-env API_TOKEN -o json
  authdoctor check https://intranet.example.com/ --basic-env SVC_USER:SVC_PASSWORD
  kubectl get secret api -o jsonpath='{.data.token}' | base64 -d | authdoctor check https://api.example.com/ --token-stdin
  authdoctor check HEAD https://api.example.com/v1/orders -H 'X-API-Key: $KEY' -o markdown > ticket.md
  authdoctor check https://api.example.com/v1/me --bearer-env API_TOKEN -o html > report.html
  authdoctor check POST https://api.example.com/v1/orders -H 'Authorization: Bearer $T' -d '{}' --allow-write

  # request.sh holds a curl command from the API docs; its "$TOKEN" comes from your environment
  authdoctor check --from-curl request.sh
  pbpaste | authdoctor check --from-curl - -o json`,
		Args:          cobra.RangeArgs(0, 2),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if n := countSet(o.fromCurl, o.fromPostman, o.fromHAR); n > 0 {
				if len(args) > 0 || o.profileEnv != "" || n > 1 {
					return usagef("give the request one way: a URL, --env REQUEST, --from-curl FILE, --from-har FILE or --from-postman FILE")
				}
				var spec source.Spec
				var err error
				switch {
				case o.fromCurl != "":
					spec, err = curlSpec(o.fromCurl, env)
				case o.fromHAR != "":
					spec, err = harSpec(o.fromHAR, har.Selector{Index: o.harEntry, URLContains: o.harURL, Status: o.harStatus}, env)
				default:
					spec, err = postmanSpec(o.fromPostman, o.postmanEnvs, o.postmanRequest, env)
				}
				if err != nil {
					return err
				}
				o.spec = &spec
				return runCheck(cmd.Context(), o, env)
			}
			if len(args) == 0 {
				return usagef("give the URL to check: authdoctor check [METHOD] URL (or --env, --from-curl, --from-postman)")
			}
			if o.profileEnv != "" {
				if len(args) != 1 {
					return usagef("with --env, give one request name from the profile: authdoctor check --env %s REQUEST", o.profileEnv)
				}
				o.profileRequest = args[0]
				spec, denied, err := profileSpecDenied(o.config, o.profileEnv, args[0], env)
				if err != nil {
					return err
				}
				o.spec, o.expectDenied = &spec, denied
				return runCheck(cmd.Context(), o, env)
			}
			if len(args) == 2 {
				o.method, o.url = strings.ToUpper(args[0]), args[1]
			} else {
				o.url = args[0]
			}
			return runCheck(cmd.Context(), o, env)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&o.headers, "header", "H", nil, "request header 'Name: value'; $VAR and ${VAR} are expanded from the environment (repeatable)")
	f.StringVarP(&o.method, "request", "X", "", "HTTP method (default GET; POST with --data)")
	f.StringVar(&o.bearerEnv, "bearer-env", "", "send Authorization: Bearer with the token in this environment variable")
	f.StringVar(&o.basicEnv, "basic-env", "", "send Basic credentials from two variables, USERVAR:PASSVAR")
	f.StringVar(&o.tokenFile, "token-file", "", "send Authorization: Bearer with the token in this file (read as is)")
	f.BoolVar(&o.tokenStdin, "token-stdin", false, "read the bearer token from standard input")
	f.StringVarP(&o.data, "data", "d", "", "request body ($VAR expanded); implies POST, needs --allow-write")
	f.BoolVar(&o.allowWrite, "allow-write", false, "allow a method other than GET, HEAD and OPTIONS")
	f.BoolVarP(&o.yes, "yes", "y", false, "do not ask for confirmation of a write (scripts)")
	f.IntVar(&o.maxRequests, "max-requests", 6, "most requests one check may send, redirect hops included")
	f.IntVar(&o.maxRedirects, "max-redirects", 5, "most redirects to follow (0: none)")
	f.DurationVar(&o.timeout, "timeout", 15*time.Second, "time limit for each request, redirects included")
	f.StringVarP(&o.proxy, "proxy", "x", "", "send through this HTTP proxy (default: HTTPS_PROXY / HTTP_PROXY)")
	f.StringArrayVar(&o.resolve, "resolve", nil, "HOST:PORT:ADDR — connect to ADDR for HOST:PORT, like curl (repeatable)")
	f.StringVar(&o.cacert, "cacert", "", "PEM file of CA certificates to trust")
	f.BoolVarP(&o.insecure, "insecure", "k", false, "do not verify the server's TLS certificate")
	f.BoolVar(&o.trustRedirects, "trust-redirects", false, "send the credential to other hosts a redirect points to (curl --location-trusted)")
	f.BoolVar(&o.noConfirm, "no-confirm", false, "do not send corrected requests to confirm a cause")
	f.DurationVar(&o.leeway, "leeway", check.DefaultLeeway, "clock tolerance for token exp and nbf")
	f.StringArrayVar(&o.audience, "audience", nil, "the audience (aud) this API expects in its tokens (repeatable)")
	f.StringVar(&o.issuer, "issuer", "", "the issuer (iss) this API trusts")
	f.StringArrayVar(&o.scopes, "scope", nil, "a scope this request needs (repeatable, or space-separated)")
	f.StringVar(&o.jwks, "jwks", "", "URL or file of the issuer's JSON Web Key Set (instead of discovery)")
	f.BoolVar(&o.noIssuer, "no-issuer", false, "do not ask the token's issuer (no discovery, keys or introspection)")
	f.StringVar(&o.introspect, "introspect", "", "RFC 7662 introspection endpoint (default: from the issuer's metadata)")
	f.StringVar(&o.clientIDEnv, "client-id-env", "", "variable holding the client id for introspection")
	f.StringVar(&o.clientSecEnv, "client-secret-env", "", "variable holding the client secret for introspection")
	f.BoolVar(&o.freshToken, "fresh-token", false, "when the token is the problem, mint a fresh one with the client (--client-id-env, --client-secret-env) and try it once")
	f.StringVar(&o.tokenURL, "token-url", "", "token endpoint for --fresh-token (default: from the issuer's metadata)")
	f.StringVar(&o.fromCurl, "from-curl", "", "read the request from a curl command in FILE (- for stdin); $VAR is expanded as bash would")
	f.StringVar(&o.fromHAR, "from-har", "", "read the request from an entry of a HAR file (browser DevTools, authdoctor capture)")
	f.IntVar(&o.harEntry, "entry", 0, "the HAR entry: its number, 1 for the first")
	f.StringVar(&o.harURL, "entry-url", "", "the HAR entry whose URL contains this text")
	f.IntVar(&o.harStatus, "entry-status", 0, "the HAR entry with this response status (e.g. 401)")
	f.StringVar(&o.fromPostman, "from-postman", "", "read the request from a Postman collection v2.1 FILE")
	f.StringArrayVar(&o.postmanEnvs, "postman-env", nil, "Postman environment or globals FILE for --from-postman (repeatable)")
	f.StringVar(&o.postmanRequest, "request-name", "", "the Postman request: its name or Folder/Name path")
	f.StringVar(&o.openapiFile, "openapi", "", "OpenAPI 3 FILE: the operation's security says the expected scheme and scopes")
	f.StringVar(&o.profileEnv, "env", "", "run a named request of the profile (authdoctor.yaml) in this environment")
	f.StringVar(&o.config, "config", "", "profile file (default: authdoctor.yaml here or in a parent directory)")
	f.StringVarP(&o.output, "output", "o", "text", "output format: text, json, markdown or html (one self-contained page)")
	f.BoolVar(&o.noColor, "no-color", false, "no colour (also NO_COLOR=1 or TERM=dumb)")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "text output: every header and body excerpt of every hop")
	o.history.bind(f)
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"text", "json", "markdown", "html"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("request", cobra.FixedCompletions([]string{"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// buildRequest turns the options into the request to test.
func (o *checkOptions) buildRequest(env Env) (authdoctor.Request, error) {
	req := authdoctor.Request{Method: o.method, URL: o.url, AllowWrite: o.allowWrite}
	if o.spec != nil {
		req.URL, req.Header, req.Body = o.spec.Request.URL, append([]authdoctor.Field(nil), o.spec.Request.Header...), o.spec.Request.Body
		req.Unfilled = o.spec.Request.Unfilled
		if req.Method == "" {
			req.Method = o.spec.Request.Method
		}
		o.url = req.URL
	}
	u, err := url.Parse(o.url)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return req, usagef("%s is not an http:// or https:// URL with a host: write it like https://api.example.com/v1/orders", authdoctor.RedactURL(o.url))
	}
	if u.User != nil {
		return req, usagef("the URL carries user:password; use --basic-env USERVAR:PASSVAR so the password stays out of argv")
	}
	lookup := env.Lookup
	if lookup == nil {
		lookup = func(string) (string, bool) { return "", false }
	}
	sources := 0
	for _, h := range o.headers {
		fld, err := headerField(h, lookup)
		if err != nil {
			return req, err
		}
		req.Header = append(req.Header, fld)
	}
	add := func(f authdoctor.Field) {
		sources++
		req.Header = append(req.Header, f)
	}
	if o.bearerEnv != "" {
		fld, err := bearerEnv(o.bearerEnv, lookup)
		if err != nil {
			return req, err
		}
		add(fld)
	}
	if o.basicEnv != "" {
		fld, err := basicEnv(o.basicEnv, lookup)
		if err != nil {
			return req, err
		}
		add(fld)
	}
	if o.tokenFile != "" {
		fld, err := tokenFile(o.tokenFile)
		if err != nil {
			return req, err
		}
		add(fld)
	}
	if o.tokenStdin {
		if env.StdinTerminal {
			return req, usagef("--token-stdin reads the token from a pipe: echo \"$TOKEN\" | authdoctor check … --token-stdin (or use --bearer-env)")
		}
		fld, err := tokenFrom(env.Stdin, "standard input", authdoctor.OriginStdin)
		if err != nil {
			return req, err
		}
		add(fld)
	}
	if sources > 1 {
		return req, usagef("use one of --bearer-env, --basic-env, --token-file and --token-stdin, not several")
	}
	if o.data != "" {
		body, _, err := expand(o.data, lookup)
		if err != nil {
			return req, usagef("--data: %v: write $NAME or ${NAME}", err)
		}
		req.Body = authdoctor.NewSecret(body)
		if req.Method == "" {
			req.Method = "POST"
		}
	}
	if req.Method == "" {
		req.Method = "GET"
	}
	return req, nil
}

// approve enforces the write rule: --allow-write, then a typed
// confirmation on a terminal or --yes in a script.
func (o *checkOptions) approve(req authdoctor.Request, env Env) error {
	if authdoctor.SafeMethod(req.Method) {
		return nil
	}
	if !o.allowWrite {
		return usagef("refusing to send %s: authdoctor sends only GET, HEAD and OPTIONS unless you pass --allow-write (nothing was sent)", req.Method)
	}
	if o.yes {
		return nil
	}
	if !env.StdinTerminal {
		return usagef("refusing to send %s without confirmation: no terminal to ask on; add --yes to approve it in a script (nothing was sent)", req.Method)
	}
	fmt.Fprintf(env.Stderr, "authdoctor will send %s %s, which may change data on the server.\nType %s to send it: ", req.Method, authdoctor.RedactURL(req.URL), req.Method)
	line, _ := bufio.NewReader(env.Stdin).ReadString('\n')
	if strings.TrimSpace(line) != req.Method {
		return usagef("not confirmed: nothing was sent")
	}
	return nil
}

// probeConfig builds the sender's configuration from the flags.
func (o *checkOptions) probeConfig(env Env, target string) (doctor.Config, error) {
	var cfg doctor.Config
	cfg.Probe.MaxRequests = o.maxRequests
	if o.maxRequests < 1 || o.maxRequests > 50 {
		return cfg, usagef("--max-requests %d is out of range: give 1 to 50", o.maxRequests)
	}
	cfg.Probe.MaxRedirects = o.maxRedirects
	if o.maxRedirects == 0 {
		cfg.Probe.MaxRedirects = -1
	}
	if o.timeout <= 0 {
		return cfg, usagef("--timeout must be positive, e.g. --timeout 10s")
	}
	cfg.Probe.Timeout = o.timeout
	cfg.Probe.Insecure = o.insecure
	cfg.Probe.TrustRedirects = o.trustRedirects
	cfg.Probe.UserAgent = "authdoctor/" + Version
	cfg.Plan.TrustRedirects = o.trustRedirects
	cfg.Plan.NoConfirm = o.noConfirm
	cfg.Check.Leeway = o.leeway
	cfg.Now = o.now
	cfg.Expect = authdoctor.Expect{Audience: o.audience, Issuer: o.issuer}
	if o.spec != nil {
		// The source's expectations, unless a flag says otherwise.
		se := o.spec.Expect
		if len(cfg.Expect.Audience) == 0 {
			cfg.Expect.Audience = se.Audience
		}
		if cfg.Expect.Issuer == "" {
			cfg.Expect.Issuer = se.Issuer
		}
		if len(o.scopes) == 0 {
			cfg.Expect.Scopes = se.Scopes
		}
		cfg.Expect.Environment = se.Environment
		cfg.Probe.Insecure = cfg.Probe.Insecure || o.spec.Insecure
	}
	for _, s := range o.scopes {
		cfg.Expect.Scopes = append(cfg.Expect.Scopes, strings.Fields(s)...)
	}
	cfg.Issuer = doctor.IssuerOptions{Ask: !o.noIssuer, JWKS: o.jwks, Introspect: o.introspect}
	if o.noIssuer && (o.jwks != "" || o.introspect != "" || o.clientIDEnv != "") {
		return cfg, usagef("--no-issuer cannot be combined with --jwks, --introspect or --client-id-env")
	}
	if (o.clientIDEnv == "") != (o.clientSecEnv == "") {
		return cfg, usagef("give both --client-id-env and --client-secret-env (the introspection client), or neither")
	}
	if o.clientIDEnv != "" {
		id, ok1 := env.Lookup(o.clientIDEnv)
		sec, ok2 := env.Lookup(o.clientSecEnv)
		if !ok1 || !ok2 || id == "" || sec == "" {
			return cfg, usagef("--client-id-env %s / --client-secret-env %s: both variables must be set and non-empty", o.clientIDEnv, o.clientSecEnv)
		}
		cfg.Issuer.ClientID, cfg.Issuer.ClientSecret = id, authdoctor.NewSecret(sec)
	}
	proxy := o.proxy
	if proxy == "" && o.spec != nil {
		proxy = o.spec.Proxy // curl -x in a --from-curl command
	}
	if proxy == "" {
		proxy = envProxy(env, target)
	}
	if proxy != "" {
		pu, err := url.Parse(proxy)
		if err != nil || pu.Host == "" {
			return cfg, usagef("proxy %s is not a URL like http://proxy.example.com:3128", authdoctor.RedactURL(proxy))
		}
		cfg.Probe.Proxy = pu
	}
	if len(o.resolve) > 0 {
		cfg.Probe.Resolve = map[string]string{}
		for _, r := range o.resolve {
			host, addr, ok := cutResolve(r)
			if !ok {
				return cfg, usagef("--resolve %q is not HOST:PORT:ADDR, e.g. --resolve api.example.com:443:127.0.0.1", r)
			}
			cfg.Probe.Resolve[host] = addr
		}
	}
	if o.cacert != "" {
		pem, err := os.ReadFile(o.cacert)
		if err != nil {
			return cfg, usagef("cannot read --cacert %s: %v", o.cacert, unwrapPathError(err))
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return cfg, usagef("--cacert %s holds no PEM certificate", o.cacert)
		}
		cfg.Probe.RootCAs = pool
	}
	return cfg, nil
}

// cutResolve splits HOST:PORT:ADDR (ADDR may be [::1]).
func cutResolve(s string) (hostport, addr string, ok bool) {
	parts := strings.SplitN(s, ":", 3)
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return "", "", false
	}
	a := strings.Trim(parts[2], "[]")
	if strings.Contains(a, ":") {
		a = "[" + a + "]"
	}
	return parts[0] + ":" + parts[1], a + ":" + parts[1], true
}

// envProxy applies HTTPS_PROXY / HTTP_PROXY / NO_PROXY to target the way
// curl does; loopback targets never use a proxy.
func envProxy(env Env, target string) string {
	u, err := url.Parse(target)
	if err != nil {
		return ""
	}
	h := u.Hostname()
	if authdoctor.LoopbackHost(h) {
		return ""
	}
	for _, np := range strings.Split(firstEnv(env, "NO_PROXY", "no_proxy"), ",") {
		np = strings.TrimPrefix(strings.TrimSpace(np), ".")
		if np == "*" || np != "" && (h == np || strings.HasSuffix(h, "."+np)) {
			return ""
		}
	}
	if u.Scheme == "https" {
		return firstEnv(env, "HTTPS_PROXY", "https_proxy")
	}
	return firstEnv(env, "HTTP_PROXY", "http_proxy")
}

func firstEnv(env Env, names ...string) string {
	for _, n := range names {
		if v := env.getenv(n); v != "" {
			return v
		}
	}
	return ""
}

func runCheck(ctx context.Context, o *checkOptions, env Env) error {
	switch o.output {
	case "text", "json", "markdown", "md", "html":
	default:
		return usagef("--output %q is not one of text, json, markdown, html", o.output)
	}
	req, cfg, err := o.prepare(env)
	if err != nil {
		return err
	}
	if o.openapiFile != "" {
		e, words, err := openapiExpect(o.openapiFile, req.Method, req.URL, env)
		if err != nil {
			return err
		}
		if len(o.scopes) == 0 && len(e.Scopes) > 0 {
			cfg.Expect.Scopes = e.Scopes
		}
		cfg.Notes = append(cfg.Notes, "OpenAPI: "+words)
	}
	if env.StderrTerminal && o.output == "text" {
		cfg.Progress = func(role authdoctor.Role, label string) {
			fmt.Fprintf(env.Stderr, "→ %s: %s\n", role, label)
		}
	}
	if o.freshToken {
		if cfg.Issuer.ClientID == "" {
			return usagef("--fresh-token needs the client: --client-id-env VAR --client-secret-env VAR")
		}
		cfg.Fresh = o.freshMinter(req, cfg)
	}
	cfg.Version = Version
	res, err := doctor.Run(ctx, req, cfg)
	if err != nil {
		return usagef("%v", err)
	}
	if o.result != nil {
		o.result(res)
	}
	// One store for the run: what changed since it last worked, read
	// before the report is printed, and the run recorded after.
	var store history.Store
	if !o.noRecord {
		var err error
		if store, err = o.history.open(ctx, env); err != nil {
			historyWarning(env, err)
		} else if store != nil {
			defer store.Close()
			res.SinceLastOK = sinceLastOK(ctx, store, o.identity(req), res)
		}
	}
	rep := res
	var buf bytes.Buffer
	switch o.output {
	case "json":
		err = render.JSON(&buf, rep)
	case "markdown", "md":
		err = render.Markdown(&buf, rep)
	case "html":
		err = render.HTML(&buf, rep)
	default:
		err = render.Text(&buf, rep, render.Options{Color: env.colour(o.noColor), Verbose: o.verbose})
	}
	if err != nil {
		return &exitError{code: ExitUnreachable, msg: "rendering the report: " + err.Error()}
	}
	g := (&guard{}).request(req, env).secret("the introspection client secret", cfg.Issuer.ClientSecret).scrubber("a credential of the run", res.Scrubber)
	if o.output == "html" {
		if err := g.escaped(buf.Bytes(), "report"); err != nil {
			return err
		}
	}
	if err := g.write(env, buf.Bytes(), "report"); err != nil {
		return err
	}
	if store != nil {
		recordIn(ctx, env, store, g, historyRun{id: o.identity(req), run: res, kind: history.KindCheck, expectDenied: o.expectDenied})
	}
	return exitCode(exitFor(res))
}

// prepare builds the request and the run's configuration from the
// options, and applies the write rule: the one path check and watch share
// before doctor.Run.
func (o *checkOptions) prepare(env Env) (authdoctor.Request, doctor.Config, error) {
	req, err := o.buildRequest(env)
	if err != nil {
		return req, doctor.Config{}, err
	}
	cfg, err := o.probeConfig(env, req.URL)
	if err != nil {
		return req, cfg, err
	}
	if err := o.approve(req, env); err != nil {
		return req, cfg, err
	}
	if o.spec != nil {
		cfg.Notes = append(cfg.Notes, o.spec.Notes...)
		for _, u := range o.spec.Unknown {
			cfg.Notes = append(cfg.Notes, "not understood and ignored: "+u)
		}
		if o.spec.From != "" {
			cfg.Notes = append([]string{"request read from " + o.spec.From}, cfg.Notes...)
		}
	}
	cfg.Version = Version
	return req, cfg, nil
}

// identity is what the history calls the request: the profile request
// and environment, or the method and normalised URL.
func (o *checkOptions) identity(req authdoctor.Request) history.Identity {
	if o.profileRequest != "" && o.profileEnv != "" {
		return history.Identity{Request: o.profileRequest, Env: o.profileEnv}
	}
	return history.RequestIdentity(req.Method, req.URL)
}

// exitFor maps a result to the exit code: 0 accepted, 1 diagnosed, 3
// when the check could not complete (unreachable, or no answer at all
// because it was interrupted or its budget ran out).
func exitFor(res authdoctor.Run) int {
	switch res.Diagnosis.Verdict.Cause {
	case authdoctor.CauseAccepted:
		return ExitOK
	case authdoctor.CauseEndpointUnreachable:
		return ExitUnreachable
	case authdoctor.CauseUnexpectedStatus:
		if p := res.Observation.Probe(authdoctor.RoleAuthenticated); p == nil || p.Final() == nil {
			return ExitUnreachable
		}
	}
	return ExitDiagnosed
}

// freshMinter mints a client_credentials token at --token-url or the
// token endpoint of the token's issuer (or --issuer).
func (o *checkOptions) freshMinter(req authdoctor.Request, cfg doctor.Config) func(context.Context) issuer.MintResult {
	iss := o.issuer
	if f, ok := req.Get("Authorization"); ok {
		if info := credential.Inspect(f.Name, f.Value.Reveal()); info.JWT != nil && info.JWT.Iss != "" {
			iss = info.JWT.Iss
		}
	}
	return func(ctx context.Context) issuer.MintResult {
		s := probe.New(cfg.Probe)
		defer s.Close()
		mc := issuer.MintConfig{Client: s.Client(), TokenURL: o.tokenURL, Issuer: iss,
			ClientID: cfg.Issuer.ClientID, ClientSecret: cfg.Issuer.ClientSecret, Scopes: cfg.Expect.Scopes, Now: cfg.Now}
		if len(cfg.Expect.Audience) > 0 {
			mc.Audience = cfg.Expect.Audience[0]
		}
		return issuer.Mint(ctx, mc)
	}
}

// loadProfile reads --config, or the authdoctor.yaml found from the
// working directory up.
func loadProfile(config string) (*profile.File, error) {
	path := config
	if path == "" {
		p, err := profile.Find(".")
		if err != nil {
			return nil, usagef("%v", err)
		}
		path = p
	}
	f, err := profile.Load(path)
	if err != nil {
		return nil, usagef("%v", err)
	}
	return f, nil
}

// profileSpec is the request name of environment envName in the profile.
func profileSpec(config, envName, name string, env Env) (source.Spec, error) {
	spec, _, err := profileSpecDenied(config, envName, name, env)
	return spec, err
}

// profileSpecDenied is profileSpec that also says whether the request is
// marked expect_denied (the history then counts a refusal as healthy).
func profileSpecDenied(config, envName, name string, env Env) (source.Spec, bool, error) {
	f, err := loadProfile(config)
	if err != nil {
		return source.Spec{}, false, err
	}
	lookup := env.Lookup
	if lookup == nil {
		lookup = func(string) (string, bool) { return "", false }
	}
	spec, err := f.Spec(envName, name, lookup)
	if err != nil {
		return source.Spec{}, false, usagef("%v", err)
	}
	return spec, f.Requests[name] != nil && f.Requests[name].ExpectDenied, nil
}

// countSet counts the non-empty strings.
func countSet(ss ...string) int {
	n := 0
	for _, s := range ss {
		if s != "" {
			n++
		}
	}
	return n
}
