package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdoctor/authdoctor/history"
	"github.com/authdoctor/authdoctor/monitor"
	"github.com/authdoctor/authdoctor/monitor/accesslog"
	"github.com/authdoctor/authdoctor/source/openapi"
	"github.com/authdoctor/authdoctor/source/profile"
)

// LogsSchema names the JSON of authdoctor logs.
const LogsSchema = "authdoctor.logs/v1"

// logsOptions are the flags of authdoctor logs.
type logsOptions struct {
	format     string
	jsonFields string
	openapi    string
	routes     []string
	envs       []string
	config     string
	by         string
	top        int
	window     string
	output     string
	noColor    bool
	workers    int
	// follow is --follow; listen and fromStart its --listen and
	// --from-start.
	follow    bool
	listen    string
	fromStart bool
	// served, when set, is called with the address follow mode serves
	// on (tests).
	served func(addr string)
}

func newLogsCmd(env Env) *cobra.Command {
	o := &logsOptions{}
	cmd := &cobra.Command{
		Use:   "logs FILE…",
		Short: "The 401 and 403 rates by endpoint and environment, from access logs",
		Long: `logs reads access logs — nginx and Apache (combined, vhost_combined,
common), JSON lines (nginx escape=json, Caddy, Traefik, or an application's
with --json-fields), AWS load balancer logs, Traefik's common log — and
says, per environment and route, how many requests were answered 401 and
403, how that changed over the last --window, and when a route's rate
stood well above its own baseline (incident windows).

Routes: numeric ids, UUIDs, hex digests, vendor-style ids (cus_…) and long
opaque segments become {id}; --openapi matches paths to the document's
templates; --route REGEX=NAME adds your own. The query string never
reaches the report (it may hold api_key=).

Environments: --env HOST_GLOB=ENV rules, then the hosts of the profile's
environments (authdoctor.yaml, or --config), then the host's name
(sandbox., staging., -test …; anything else is production). A format
without a host (combined) puts every request in "-" unless --env '=ENV'
names it.

Files may be plain or gzipped (rotated logs: access.log.2.gz), several at
once, or - for stdin. Lines no format reads are counted and the first few
shown; they never stop the run. A gzip cut short is an error naming the
file, after the report of what was read.

With --follow, logs reads one log as it grows, following logrotate's
rename and copytruncate, and serves /metrics (authdoctor_http_requests_total
by environment, route and code, plus lines, malformed lines and rotations)
and /-/healthy on --listen, for Prometheus to scrape on every machine and
add up: the 401 rate by endpoint and environment on real traffic, and the
alert rule in deploy/prometheus/alerts.yml. Routes are capped at 500 ({other}
past it) to keep the labels bounded. It runs until interrupted.

Exit status: 0 reported, 2 usage error, 3 an input could not be read (or
broke off: the report covers what came before).`,
		Example: `  authdoctor logs /var/log/nginx/access.log
  authdoctor logs /var/log/apache2/other_vhosts_access.log* --top 10
  authdoctor logs access.log --openapi openapi.yaml --by method
  authdoctor logs app.jsonl --json-fields status=res.code,path=req.path,host=req.host,time=ts
  authdoctor logs access.log --env '*.eu.example.com=production-eu' --env 'sandbox-*=sandbox'
  zcat access.log.*.gz | authdoctor logs - -o csv > 401s.csv
  authdoctor logs access.log -o html > 401s.html
  authdoctor logs --follow /var/log/nginx/access.log --listen 127.0.0.1:9465`,
		Args:          cobra.ArbitraryArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLogs(cmd.Context(), o, args, env)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "", "the logs' format: common, combined, vhost_combined, json, alb, traefik (default: detected from the first lines)")
	f.StringVar(&o.jsonFields, "json-fields", "", "where a JSON log keeps its fields: status=…,path=…,host=…,time=…,method=… (dotted paths)")
	f.StringVar(&o.openapi, "openapi", "", "an OpenAPI document: paths are counted under its path templates")
	f.StringArrayVar(&o.routes, "route", nil, "REGEX=NAME: paths the regular expression matches count as NAME (repeatable)")
	f.StringArrayVar(&o.envs, "env", nil, "HOST_GLOB=ENV: hosts the glob matches are in ENV; '=ENV' names lines without a host (repeatable)")
	f.StringVar(&o.config, "config", "", "the profile whose environments' hosts name environments (default: ./authdoctor.yaml when there is one)")
	f.StringVar(&o.by, "by", "", "method: count each method of a route apart")
	f.IntVar(&o.top, "top", 0, "show the N routes with the most 401s per environment (0: all)")
	f.StringVar(&o.window, "window", "1h", "the last stretch of the log compared with the one before it: 1h, 30m, 1d")
	f.StringVarP(&o.output, "output", "o", "text", "output format: text, json, markdown, csv or html")
	f.BoolVar(&o.noColor, "no-color", false, "no colour (also NO_COLOR=1 or TERM=dumb)")
	f.IntVar(&o.workers, "workers", 0, "goroutines that parse (0: one per core)")
	f.BoolVar(&o.follow, "follow", false, "follow one growing log (like tail -F, across rotation) and serve its counts on --listen as authdoctor_http_requests_total{environment,route,code}")
	f.StringVar(&o.listen, "listen", "127.0.0.1:9465", "with --follow: the address of /metrics; a warning when not loopback")
	f.BoolVar(&o.fromStart, "from-start", false, "with --follow: count the lines already in the file too (default: only those appended)")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"text", "json", "markdown", "csv", "html"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"common", "combined", "vhost_combined", "json", "alb", "traefik"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("by", cobra.FixedCompletions([]string{"method"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// logsSetup is what the flags build: the reader's options and the
// report's.
func (o *logsOptions) setup(env Env) (accesslog.Options, accesslog.ReportOptions, error) {
	var ro accesslog.Options
	var rep accesslog.ReportOptions
	switch o.output {
	case "text", "json", "markdown", "md", "csv", "html":
	default:
		return ro, rep, usagef("--output %q is not one of text, json, markdown, csv, html", o.output)
	}
	if o.format != "" {
		f, err := accesslog.ParseFormat(o.format)
		if err != nil {
			return ro, rep, usagef("--format: %v", err)
		}
		ro.Format = f
	}
	if o.jsonFields != "" {
		jf, err := accesslog.ParseJSONFields(o.jsonFields)
		if err != nil {
			return ro, rep, usagef("%v", err)
		}
		ro.JSONFields = jf
	}
	switch o.by {
	case "":
	case "method":
		ro.ByMethod = true
	default:
		return ro, rep, usagef("--by %q: only --by method is known", o.by)
	}
	if o.top < 0 {
		return ro, rep, usagef("--top %d: give 0 (all) or more", o.top)
	}
	if o.workers < 0 {
		return ro, rep, usagef("--workers %d: give 0 (one per core) or more", o.workers)
	}
	ro.Workers = o.workers
	d, err := history.ParseAge(o.window)
	if err != nil {
		return ro, rep, usagef("--window: %v", err)
	}
	rep.Window, rep.Top = int64(d/time.Second), o.top
	if rep.Window < 60 {
		return ro, rep, usagef("--window %s: give a minute or more", o.window)
	}
	router := &accesslog.Router{}
	for _, r := range o.routes {
		if err := router.AddRoute(r); err != nil {
			return ro, rep, usagef("%v", err)
		}
	}
	if o.openapi != "" {
		b, name, err := readSource(o.openapi, env)
		if err != nil {
			return ro, rep, err
		}
		doc, err := openapi.Read(bytes.NewReader(b))
		if err != nil {
			return ro, rep, usagef("%s: %v", name, err)
		}
		router.AddTemplates(doc.PathTemplates())
	}
	ro.Router = router
	envs := &accesslog.Environments{}
	for _, e := range o.envs {
		if strings.HasPrefix(e, "=") && len(e) > 1 {
			envs.NoHost = strings.TrimSpace(e[1:])
			continue
		}
		if err := envs.AddRule(e); err != nil {
			return ro, rep, usagef("%v", err)
		}
	}
	if err := o.profileHosts(envs); err != nil {
		return ro, rep, err
	}
	ro.Envs = envs
	return ro, rep, nil
}

// profileHosts adds the hosts of the profile's environments: --config,
// or ./authdoctor.yaml when there is one (none is no error).
func (o *logsOptions) profileHosts(envs *accesslog.Environments) error {
	path := o.config
	if path == "" {
		p, err := profile.Find(".")
		if err != nil {
			return nil
		}
		path = p
	}
	f, err := profile.Load(path)
	if err != nil {
		return usagef("%v", err)
	}
	for _, name := range f.EnvOrder {
		if u, err := url.Parse(f.Environments[name].BaseURL); err == nil && u.Hostname() != "" {
			envs.AddHost(u.Hostname(), name)
		}
	}
	return nil
}

func runLogs(ctx context.Context, o *logsOptions, files []string, env Env) error {
	if len(files) == 0 {
		return usagef("give the access log files to read (or - for stdin): authdoctor logs /var/log/nginx/access.log")
	}
	ro, repOpts, err := o.setup(env)
	if err != nil {
		return err
	}
	if o.follow {
		if len(files) != 1 || files[0] == "-" {
			return usagef("--follow follows one log file: authdoctor logs --follow /var/log/nginx/access.log")
		}
		return runLogsFollow(ctx, o, files[0], ro, env)
	}
	var inputs []accesslog.Input
	var total int64
	stdin := 0
	for _, p := range files {
		if p == "-" {
			stdin++
			if stdin > 1 {
				return usagef("- (stdin) is given twice")
			}
		}
		in, closeIn, err := accesslog.OpenFile(p, env.Stdin)
		if err != nil {
			return usagef("cannot read %s: %v", p, unwrapPathError(err))
		}
		defer closeIn()
		inputs = append(inputs, in)
		total += in.Size
	}
	var bar *progressBar
	if env.StderrTerminal {
		bar = newProgressBar(env.Stderr, total)
		ro.Progress = bar.update
	}
	res, err := accesslog.Read(ctx, inputs, ro)
	if bar != nil {
		bar.done()
	}
	if err != nil && res.Counter == nil {
		return &exitError{code: ExitUnreachable, msg: err.Error()}
	}
	if o.output == "html" {
		repOpts.Columns = heatColumns
	}
	rep := accesslog.BuildReport(res.Counter.Series(), repOpts)
	view := logsView{Result: res, Report: rep, Inputs: inputs}
	var buf bytes.Buffer
	switch o.output {
	case "json":
		logsJSON(&buf, view)
	case "markdown", "md":
		logsMarkdown(&buf, view)
	case "csv":
		logsCSV(&buf, view)
	case "html":
		if herr := logsHTML(&buf, view); herr != nil {
			return &exitError{code: ExitUnreachable, msg: "rendering the page: " + herr.Error()}
		}
	default:
		logsText(&buf, view, env.colour(o.noColor))
	}
	if _, werr := env.Stdout.Write(buf.Bytes()); werr != nil {
		return werr
	}
	switch {
	case err != nil:
		return &exitError{code: ExitUnreachable, msg: err.Error()}
	case len(res.Errors) > 0:
		msgs := make([]string, len(res.Errors))
		for i, e := range res.Errors {
			msgs[i] = e.Error()
		}
		return &exitError{code: ExitUnreachable, msg: strings.Join(msgs, "; ")}
	}
	return nil
}

// heatColumns is the heat map's width: 15-minute cells over a day.
const heatColumns = 96

// logsView is what the renderers print.
type logsView struct {
	Result *accesslog.Result
	Report accesslog.Report
	Inputs []accesslog.Input
}

// progressBar draws reading progress: bytes, lines per second, time left.
type progressBar struct {
	progressLine
	total int64
}

func newProgressBar(w io.Writer, total int64) *progressBar {
	return &progressBar{progressLine: progressLine{w: w, start: time.Now()}, total: total}
}

func (p *progressBar) update(read, lines int64) {
	p.draw(func(el float64) string {
		s := "reading: " + mb(read)
		if p.total > 0 {
			s += " of " + mb(p.total)
			if read > 0 && read < p.total {
				left := time.Duration(float64(p.total-read) / (float64(read) / el) * float64(time.Second)).Round(time.Second)
				s += fmt.Sprintf(" (%d%%, %s left)", read*100/p.total, left)
			}
		}
		return s + fmt.Sprintf(" · %s lines/s", thousands(int64(float64(lines)/el)))
	})
}

// runLogsFollow follows one log and serves its counts until interrupted.
func runLogsFollow(ctx context.Context, o *logsOptions, path string, ro accesslog.Options, env Env) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return usagef("%s is a directory: give the log file to follow", path)
	}
	host, _, err := net.SplitHostPort(o.listen)
	if err != nil {
		return usagef("--listen %q: give host:port, like 127.0.0.1:9465", o.listen)
	}
	f := accesslog.NewFollower(path, accesslog.FollowOptions{Format: ro.Format, JSONFields: ro.JSONFields, Envs: ro.Envs,
		Router: ro.Router, FromStart: o.fromStart})
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return usagef("cannot listen on %s: %v", o.listen, unwrapOpError(err))
	}
	if !loopbackListen(host) {
		fmt.Fprintf(env.Stderr, "authdoctor: warning: --listen %s is not a loopback address: anyone who can reach it sees the routes and environments of the log\n", o.listen)
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	srv := &http.Server{Handler: monitor.LogHandler(f), ReadHeaderTimeout: 5 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	followed := make(chan error, 1)
	go func() { followed <- f.Run(ctx) }()
	addr := ln.Addr().String()
	from := "only the lines appended from now"
	if o.fromStart {
		from = "from its start"
	}
	fmt.Fprintf(env.Stderr, "authdoctor logs: following %s (%s); metrics on http://%s/metrics. Ctrl-C to stop.\n", path, from, addr)
	if o.served != nil {
		select {
		case <-f.Ready():
		case <-ctx.Done():
		}
		o.served(addr)
	}
	var ferr error
	select {
	case ferr = <-followed:
	case <-ctx.Done():
		ferr = <-followed
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return &exitError{code: ExitUnreachable, msg: "serving metrics: " + err.Error()}
	}
	lines, malformed, rotations := f.Lines()
	fmt.Fprintf(env.Stderr, "authdoctor logs: stopped after %s lines (%s in no known format), %s\n", thousands(int64(lines)), thousands(int64(malformed)), countOf(int(rotations), "rotation", "rotations"))
	if ferr != nil {
		return &exitError{code: ExitUnreachable, msg: ferr.Error()}
	}
	return nil
}
