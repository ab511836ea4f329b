package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
	"github.com/authdoctor/authdoctor/doctor"
	"github.com/authdoctor/authdoctor/history"
	"github.com/authdoctor/authdoctor/monitor"
	"github.com/authdoctor/authdoctor/probe"
	"github.com/authdoctor/authdoctor/source/profile"
)

// defaultWatchListen is where watch serves: loopback (DESIGN.md:
// listeners bind to loopback unless told otherwise), on a port of the
// exporters' range.
const defaultWatchListen = "127.0.0.1:9464"

// shutdownTimeout bounds closing the HTTP server after the checks have
// stopped: a scrape in progress finishes, a stuck client does not hold
// the exit.
const shutdownTimeout = 5 * time.Second

// watchOptions are the flags of authdoctor watch.
type watchOptions struct {
	// check holds the request flags watch shares with check (budget,
	// timeout, TLS, proxy, leeway, issuer, history); each run copies it.
	check       checkOptions
	config      string
	envs        []string
	every       string
	jitter      float64
	concurrency int
	listen      string
	once        bool
	logFormat   string
	noColor     bool
	stopTimeout time.Duration
	refresh     time.Duration

	// served, when set, receives the address served on; onRun is called
	// after each scheduled run is recorded, reloaded after each reload
	// (tests wait on them).
	served   func(addr string)
	onRun    func(monitor.Target)
	reloaded func(error)
	// clock and random replace the scheduler's (tests).
	clock  monitor.Clock
	random func() float64
}

func newWatchCmd(env Env) *cobra.Command {
	o := &watchOptions{}
	cmd := &cobra.Command{
		Use:   "watch [REQUEST…]",
		Short: "Run the profile's requests on a schedule; serve metrics, /probe and a status page",
		Long: `watch runs every request of the profile (authdoctor.yaml) in every
environment — or the REQUESTs and --env environments named — on a
schedule, with the same analysis, safety rules and request budget as
check, and records every run in the history.

It serves on --listen (loopback by default):
  /             a status page: the last verdict of each request in each
                environment in plain words, since when, the fix, the time
                left before the credential expires, the last runs
  /api/status   the same as JSON (schema authdoctor.watch-status/v1)
  /metrics      Prometheus metrics (authdoctor_check_success, …)
  /probe        ?request=NAME&environment=ENV: one check now, answered with
                that run's metrics alone (blackbox_exporter style)
  /-/healthy    200 while serving; /-/ready 200 once every target has run

A request runs every --every, or as often as its every: key in the
profile says; runs are spread by --jitter. Only GET, HEAD and OPTIONS are
scheduled: a profile request with another method is refused at start.

SIGHUP reloads the profile (a bad one is refused and the old one kept);
SIGTERM or SIGINT stop watch once the checks in flight have finished or
--stop-timeout has passed. --once runs each request once, prints a
summary and exits 0 when all are healthy, 1 otherwise.`,
		Example: `  # every request of ./authdoctor.yaml in every environment, every minute
  authdoctor watch

  # two requests in production only, every 5 minutes, JSON logs
  authdoctor watch orders.list users.me --env production --every 5m --log-format json

  # once, as a deploy gate: exit 0 only when every request is healthy
  authdoctor watch --once

  # Prometheus scrapes it; the status page is at http://127.0.0.1:9464/
  curl -s http://127.0.0.1:9464/metrics | grep authdoctor_check_success
  curl -s 'http://127.0.0.1:9464/probe?request=orders.list&environment=production'

  # reload the profile after editing it
  kill -HUP "$(pidof authdoctor)"`,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			hup := make(chan os.Signal, 1)
			signal.Notify(hup, syscall.SIGHUP)
			defer signal.Stop(hup)
			reloads := make(chan struct{})
			go func() {
				for {
					select {
					case <-hup:
						select {
						case reloads <- struct{}{}:
						case <-ctx.Done():
							return
						}
					case <-ctx.Done():
						return
					}
				}
			}()
			return runWatch(ctx, o, env, args, reloads)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.config, "config", "", "profile file (default: authdoctor.yaml here or in a parent directory)")
	f.StringArrayVar(&o.envs, "env", nil, "watch this environment of the profile (repeatable; default all)")
	f.StringVar(&o.every, "every", "1m", "how often each request runs unless the profile's every: says (1s to 24h)")
	f.Float64Var(&o.jitter, "jitter", monitor.DefaultJitter, "spread the runs by up to this part of their interval (0 to 0.5)")
	f.IntVar(&o.concurrency, "concurrency", monitor.DefaultConcurrency, "most checks in flight at once (1 to 64)")
	f.StringVar(&o.listen, "listen", defaultWatchListen, "HOST:PORT to serve the status page, /metrics and /probe on")
	f.BoolVar(&o.once, "once", false, "run each request once, print a summary and exit: 0 all healthy, 1 otherwise")
	f.StringVar(&o.logFormat, "log-format", "text", "log format on stderr: text or json")
	f.BoolVar(&o.noColor, "no-color", false, "no colour in the --once summary (also NO_COLOR=1 or TERM=dumb)")
	f.DurationVar(&o.stopTimeout, "stop-timeout", monitor.DefaultStopTimeout, "on SIGTERM, how long checks in flight may finish before they are cancelled")
	f.DurationVar(&o.refresh, "refresh", monitor.DefaultRefresh, "how often the status page reloads itself")
	c := &o.check
	f.IntVar(&c.maxRequests, "max-requests", 6, "most requests one check may send, redirect hops included")
	f.IntVar(&c.maxRedirects, "max-redirects", 5, "most redirects to follow (0: none)")
	f.DurationVar(&c.timeout, "timeout", 15*time.Second, "time limit for each request, redirects included")
	f.StringVarP(&c.proxy, "proxy", "x", "", "send through this HTTP proxy (default: HTTPS_PROXY / HTTP_PROXY)")
	f.StringVar(&c.cacert, "cacert", "", "PEM file of CA certificates to trust")
	f.BoolVarP(&c.insecure, "insecure", "k", false, "do not verify the server's TLS certificate")
	f.BoolVar(&c.noConfirm, "no-confirm", false, "do not send corrected requests to confirm a cause")
	f.DurationVar(&c.leeway, "leeway", check.DefaultLeeway, "clock tolerance for token exp and nbf")
	f.BoolVar(&c.noIssuer, "no-issuer", false, "do not ask the token's issuer (no discovery, keys or introspection)")
	c.history.bind(f)
	_ = cmd.RegisterFlagCompletionFunc("log-format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// runWatch runs watch until ctx is done; each value on reloads reloads
// the profile. Tests call it directly.
func runWatch(ctx context.Context, o *watchOptions, env Env, names []string, reloads <-chan struct{}) error {
	every, err := profile.ParseEvery(o.every)
	if err != nil {
		return usagef("--every: %v", err)
	}
	if o.jitter < 0 || o.jitter > 0.5 {
		return usagef("--jitter %g is out of range: give 0 to 0.5 (0.1 spreads runs by up to a tenth of their interval)", o.jitter)
	}
	if o.concurrency < 1 || o.concurrency > 64 {
		return usagef("--concurrency %d is out of range: give 1 to 64", o.concurrency)
	}
	if o.stopTimeout <= 0 || o.refresh < time.Second {
		return usagef("--stop-timeout must be positive and --refresh at least 1s")
	}
	var host string
	if !o.once {
		if host, err = checkListen(o.listen); err != nil {
			return err
		}
	}
	level := slog.LevelInfo
	if o.once {
		level = slog.LevelError // the summary says it all; the log only what went wrong
	}
	log, err := watchLogger(env.Stderr, o.logFormat, level)
	if err != nil {
		return err
	}
	w := &watchRun{o: o, env: env, names: names, log: log, pool: &probe.Pool{MaxIdlePerHost: o.concurrency}}
	defer w.pool.Close()
	if _, err := w.load(ctx); err != nil {
		return err
	}
	if w.store, err = o.check.history.open(ctx, env); err != nil {
		historyWarning(env, err)
	} else if w.store != nil {
		defer w.store.Close()
	}
	jitter := o.jitter
	if jitter == 0 {
		jitter = -1 // monitor: negative is none, zero the default
	}
	mon, err := monitor.New(monitor.Config{Load: w.load, Check: w.run, Every: every, Jitter: jitter,
		Concurrency: o.concurrency, StopTimeout: o.stopTimeout, Clock: o.clock, Random: o.random, Logger: log, Version: Version, OnRun: o.onRun})
	if err != nil {
		return usagef("%v", err)
	}
	if err := mon.Reload(ctx); err != nil {
		return usagef("%v", err)
	}
	if o.once {
		rep, err := mon.Once(ctx)
		if err != nil {
			return usagef("%v", err)
		}
		writeOnce(env.Stdout, rep, env.colour(o.noColor))
		if rep.Failing > 0 || rep.Pending > 0 {
			return exitCode(ExitDiagnosed)
		}
		return nil
	}

	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return usagef("cannot listen on %s: %v", o.listen, unwrapOpError(err))
	}
	if !loopbackListen(host) {
		log.Warn("listening on an address that is not loopback: anyone who can reach it sees the status page and metrics (names, causes, expiry times)", "listen", o.listen)
	}
	srv := &http.Server{Handler: mon.Handler(o.refresh), ReadHeaderTimeout: 5 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	addr := ln.Addr().String()
	log.Info("serving", "address", addr, "status", "http://"+addr+"/", "metrics", "http://"+addr+"/metrics")
	if o.served != nil {
		o.served(addr)
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case _, ok := <-reloads:
				if !ok {
					return
				}
				log.Info("reloading the profile")
				err := mon.Reload(ctx) // a bad profile is logged and the old one kept
				if o.reloaded != nil {
					o.reloaded(err)
				}
			}
		}
	}()
	runErr := mon.Run(ctx)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("serving stopped", "error", authdoctor.ScrubText(err.Error()))
	}
	if runErr != nil {
		return usagef("%v", runErr)
	}
	return nil
}

// checkListen validates --listen and returns its host.
func checkListen(listen string) (string, error) {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "", usagef("--listen %q is not HOST:PORT: write it like 127.0.0.1:9464 (or :9464 for every interface)", listen)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return "", usagef("--listen %q: the port must be a number from 0 to 65535", listen)
	}
	return host, nil
}

// loopbackListen reports whether host only accepts local connections.
func loopbackListen(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// unwrapOpError is the reason of a listen error without the operation
// and address, which the message already says.
func unwrapOpError(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		var se *os.SyscallError
		if errors.As(oe.Err, &se) {
			return se.Err
		}
		return oe.Err
	}
	return err
}

// watchRun is one watch: the profile as last loaded, the history store
// and the log.
type watchRun struct {
	o     *watchOptions
	env   Env
	names []string
	log   *slog.Logger
	file  atomic.Pointer[profile.File]
	store history.Store
	// recordMu serialises the history writes of concurrent checks.
	recordMu sync.Mutex
	warned   sync.Map // history warnings already logged
	// pool keeps the connections between checks (HTTP keep-alive): a
	// check reuses an idle connection to its host, and a request that
	// hangs holds only its own. One pool for all targets, so the idle
	// connections are bounded by --concurrency per host, not by the
	// number of targets.
	pool *probe.Pool
}

// load reads the profile and lists the targets: the requests named (all
// when none) in the environments named (all when none). A request that
// is not GET, HEAD or OPTIONS is refused: watch never schedules a write.
func (w *watchRun) load(_ context.Context) ([]monitor.Target, error) {
	f, err := loadProfile(w.o.config)
	if err != nil {
		return nil, err
	}
	reqs, envs := f.RequestOrder, f.EnvOrder
	if len(w.names) > 0 {
		reqs = nil
		for _, n := range w.names {
			if _, ok := f.Requests[n]; !ok {
				return nil, usagef("request %q is not in %s: it has %s", n, f.Path, strings.Join(f.RequestOrder, ", "))
			}
			if !slices.Contains(reqs, n) {
				reqs = append(reqs, n)
			}
		}
	}
	if len(w.o.envs) > 0 {
		envs = nil
		for _, e := range w.o.envs {
			if _, ok := f.Environments[e]; !ok {
				return nil, usagef("environment %q is not in %s: it has %s", e, f.Path, strings.Join(f.EnvOrder, ", "))
			}
			if !slices.Contains(envs, e) {
				envs = append(envs, e)
			}
		}
	}
	if len(reqs) == 0 {
		return nil, usagef("%s has no requests to watch: add one under requests: (see authdoctor init)", f.Path)
	}
	var ts []monitor.Target
	for _, n := range reqs {
		r := f.Requests[n]
		if !authdoctor.SafeMethod(r.Method) {
			return nil, usagef("refusing to watch %s: it is a %s, and watch schedules only GET, HEAD and OPTIONS (run it with authdoctor check --env ENV %s --allow-write instead; nothing was sent)", n, r.Method, n)
		}
		for _, e := range envs {
			ts = append(ts, monitor.Target{Request: n, Environment: e, Every: r.Every, ExpectDenied: r.ExpectDenied})
		}
	}
	w.file.Store(f)
	return ts, nil
}

// run makes one check of t on the path authdoctor check --env takes and
// records it in the history.
func (w *watchRun) run(ctx context.Context, t monitor.Target) (authdoctor.Run, error) {
	f := w.file.Load()
	lookup := w.env.Lookup
	if lookup == nil {
		lookup = func(string) (string, bool) { return "", false }
	}
	spec, err := f.Spec(t.Environment, t.Request, lookup)
	if err != nil {
		return authdoctor.Run{}, err
	}
	o := w.o.check // a copy: each run has its own request
	o.spec, o.profileEnv, o.profileRequest, o.expectDenied = &spec, t.Environment, t.Request, t.ExpectDenied
	req, cfg, err := o.prepare(w.env)
	if err != nil {
		return authdoctor.Run{}, err
	}
	cfg.Probe.Pool = w.pool
	res, err := doctor.Run(ctx, req, cfg)
	if err != nil {
		return authdoctor.Run{}, err
	}
	if w.store != nil {
		g := (&guard{}).request(req, w.env).secret("the introspection client secret", cfg.Issuer.ClientSecret).scrubber("a credential of the run", res.Scrubber)
		henv := w.env
		henv.Stderr = warnWriter{w}
		w.recordMu.Lock()
		recordIn(ctx, henv, w.store, g, historyRun{id: o.identity(req), run: res, kind: history.KindWatch, expectDenied: t.ExpectDenied})
		w.recordMu.Unlock()
	}
	return res, nil
}

// warnWriter turns the history's warning lines into log lines, each
// distinct one once: a store that is down costs one warning, not one per
// run.
type warnWriter struct{ w *watchRun }

func (ww warnWriter) Write(p []byte) (int, error) {
	line := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(string(p)), "authdoctor: warning: "))
	if _, seen := ww.w.warned.LoadOrStore(line, true); !seen {
		if ww.w.o.once {
			fmt.Fprintln(ww.w.env.Stderr, "authdoctor: warning: "+line) // the --once log shows errors only
		} else {
			ww.w.log.Warn(line)
		}
	}
	return len(p), nil
}

// watchLogger is the structured log on w, every text scrubbed.
func watchLogger(w io.Writer, format string, level slog.Level) (*slog.Logger, error) {
	var h slog.Handler
	opts := &slog.HandlerOptions{Level: level}
	switch format {
	case "text":
		h = slog.NewTextHandler(w, opts)
	case "json":
		h = slog.NewJSONHandler(w, opts)
	default:
		return nil, usagef("--log-format %q is not text or json", format)
	}
	return slog.New(scrubHandler{h}), nil
}

// scrubHandler removes anything shaped like a credential from every
// message and string value before it is written: the last line of
// defence behind logging only names, causes and numbers.
type scrubHandler struct{ next slog.Handler }

func (h scrubHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h scrubHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, authdoctor.ScrubText(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(scrubAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h scrubHandler) WithAttrs(as []slog.Attr) slog.Handler {
	for i := range as {
		as[i] = scrubAttr(as[i])
	}
	return scrubHandler{h.next.WithAttrs(as)}
}

func (h scrubHandler) WithGroup(name string) slog.Handler {
	return scrubHandler{h.next.WithGroup(name)}
}

func scrubAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, authdoctor.ScrubText(v.String()))
	case slog.KindGroup:
		as := v.Group()
		out := make([]any, 0, len(as))
		for _, g := range as {
			out = append(out, scrubAttr(g))
		}
		return slog.Group(a.Key, out...)
	case slog.KindAny:
		return slog.String(a.Key, authdoctor.ScrubText(fmt.Sprint(v.Any())))
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// writeOnce prints the --once summary: one line per target, the fix under
// a failing one.
func writeOnce(w io.Writer, r monitor.Report, colour bool) {
	paint := func(code, s string) string {
		if !colour {
			return s
		}
		return "\x1b[" + code + "m" + s + "\x1b[0m"
	}
	fmt.Fprintf(w, "authdoctor watch --once: %d %s, %d healthy, %d failing\n", len(r.Targets), map[bool]string{true: "target", false: "targets"}[len(r.Targets) == 1], r.Healthy, r.Failing+r.Pending)
	rw, ew := 0, 0
	for _, t := range r.Targets {
		rw, ew = max(rw, len(t.Request)), max(ew, len(t.Environment))
	}
	for _, t := range r.Targets {
		mark := paint("32", "✓")
		if t.State != monitor.StateHealthy {
			mark = paint("31", "✗")
		}
		what := t.Summary
		if t.Error != "" {
			what = "could not check: " + t.Error
		}
		detail := ""
		if t.Cause != "" {
			detail = " [" + t.Cause
			if t.Status != 0 {
				detail += ", HTTP " + strconv.Itoa(t.Status)
			}
			detail += "]"
		}
		fmt.Fprintf(w, "%s %-*s  %-*s  %s%s\n", mark, rw, t.Request, ew, t.Environment, what, detail)
		if t.ExpiresInSeconds != nil {
			in := time.Duration(*t.ExpiresInSeconds * float64(time.Second)).Round(time.Second)
			if in > 0 {
				fmt.Fprintf(w, "    credential expires in %s (%s)\n", in, t.CredentialExpires.Format(time.RFC3339))
			}
		}
		if t.State != monitor.StateHealthy && t.Fix != "" {
			fmt.Fprintf(w, "    fix: %s\n", t.Fix)
		}
	}
}
