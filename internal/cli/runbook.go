package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/history"
	"github.com/authdoctor/authdoctor/monitor/accesslog"
	"github.com/authdoctor/authdoctor/render"
	"github.com/authdoctor/authdoctor/source/profile"
)

type runbookOptions struct {
	config string
	output string
	out    string
	// history is where the last validation is read from.
	history historyFlags
	// now replaces the clock (tests).
	now func() time.Time
}

func newRunbookCmd(env Env) *cobra.Command {
	o := &runbookOptions{}
	cmd := &cobra.Command{
		Use:   "runbook [REQUEST…]",
		Short: "Write the runbook of the profile's requests (markdown or HTML)",
		Long: `runbook writes the operational playbook of the named requests of the
profile (authdoctor.yaml), or of all of them: use case, owner, the inputs
each environment needs (variable names, never values), the expected
answer, the exact validation commands, what must stop while it fails, the
failure path for each likely cause of its credential kind (from
docs/causes.md), the metrics to watch, the last validation and the review
due date (overdue marked).

Nothing is sent and no variable is read. -o html writes one
self-contained page (inline CSS, no script) that prints readably.

Exit status: 0 written, 2 usage or input error.`,
		Example: `  authdoctor runbook > RUNBOOK.md
  authdoctor runbook orders.list -o html --out runbook.html`,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRunbook(cmd.Context(), o, args, env)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.config, "config", "", "profile file (default: authdoctor.yaml here or in a parent directory)")
	f.StringVarP(&o.output, "output", "o", "markdown", "output format: markdown or html (one self-contained page)")
	f.StringVar(&o.out, "out", "", "write to FILE instead of standard output")
	f.BoolVar(&o.history.noHistory, "no-history", false, "do not read the last validation from the history (also AUTHDOCTOR_HISTORY=off)")
	f.StringVar(&o.history.store, "store", "", "history store: a SQLite file path or file: URL, or postgres://… (default $AUTHDOCTOR_STORE, else $XDG_STATE_HOME/authdoctor/history.db)")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"markdown", "html"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.ValidArgsFunction = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		f, err := loadProfile(o.config)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return f.RequestOrder, cobra.ShellCompDirectiveNoFileComp
	}
	return cmd
}

func runRunbook(ctx context.Context, o *runbookOptions, names []string, env Env) error {
	switch o.output {
	case "markdown", "md", "html":
	default:
		return usagef("--output %q is not one of markdown, html", o.output)
	}
	f, err := loadProfile(o.config)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		names = f.RequestOrder
	}
	if len(names) == 0 {
		return usagef("%s has no requests: add a requests: section (see authdoctor init)", f.Path)
	}
	now := time.Now
	if o.now != nil {
		now = o.now
	}
	rb := render.Runbook{Source: filepath.Base(f.Path), Generated: now(), Version: Version}
	store, closeStore := o.openHistory(ctx, env)
	defer closeStore()
	seen := map[string]bool{}
	for _, name := range names {
		r, ok := f.Requests[name]
		if !ok {
			return usagef("request %q %v %s: it has %s", name, profile.ErrUnknown, f.Path, strings.Join(f.RequestOrder, ", "))
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		page, err := runbookPage(f, r, o.config)
		if err != nil {
			return err
		}
		lastValidation(ctx, env, store, f, r, now(), &page)
		runbookKPIs(ctx, env, store, f, r, now(), &page)
		rb.Requests = append(rb.Requests, page)
	}
	var buf bytes.Buffer
	if o.output == "html" {
		err = render.RunbookHTML(&buf, rb)
	} else {
		err = render.RunbookMarkdown(&buf, rb)
	}
	if err != nil {
		return &exitError{code: ExitUnreachable, msg: "rendering the runbook: " + err.Error()}
	}
	if o.out == "" {
		_, err := env.Stdout.Write(buf.Bytes())
		return err
	}
	// The runbook holds no secret (variable names only): it is meant to
	// be shared, so it gets a shareable mode.
	if err := os.WriteFile(o.out, buf.Bytes(), 0o644); err != nil {
		return usagef("cannot write %s: %v", o.out, unwrapPathError(err))
	}
	fmt.Fprintf(env.Stderr, "wrote %s (%d requests)\n", o.out, len(rb.Requests))
	return nil
}

// openHistory opens the store the runbook reads the last validations
// from; nil when history is off or unavailable (a one-line warning).
func (o *runbookOptions) openHistory(ctx context.Context, env Env) (history.Store, func()) {
	if !o.history.recording(env) {
		return nil, func() {}
	}
	loc := storeLocation(env, o.history.store)
	if loc == "" {
		return nil, func() {}
	}
	ctx, cancel := context.WithTimeout(ctx, historyOpenTimeout)
	defer cancel()
	s, err := history.Open(ctx, loc, history.Options{})
	if err != nil {
		fmt.Fprintf(env.Stderr, "authdoctor: warning: history not read: %s (the runbook says last validation unknown)\n", strings.Join(strings.Fields(err.Error()), " "))
		return nil, func() {}
	}
	return s, func() { s.Close() }
}

// lastValidation fills the page's last validation per environment (the
// newest validate run of the request there) and the review due date: the
// newest validation plus the review interval.
func lastValidation(ctx context.Context, env Env, s history.Store, f *profile.File, r *profile.Request, now time.Time, p *render.RunbookRequest) {
	if s == nil {
		p.LastValidation = "unknown (history off)"
		p.ReviewDue, p.Overdue = "now: no validation on record", true
		return
	}
	var parts []string
	var newest time.Time
	for _, e := range f.EnvOrder {
		recs, err := s.List(ctx, history.Filter{Request: r.Name, Env: e, Kind: history.KindValidate, Limit: 1})
		if err != nil {
			historyWarning(env, err)
			p.LastValidation = "unknown (history unavailable)"
			p.ReviewDue, p.Overdue = "now: no validation on record", true
			return
		}
		if len(recs) == 0 {
			parts = append(parts, e+": no validation recorded")
			continue
		}
		rec := recs[0]
		verdict := string(rec.Cause)
		switch {
		case rec.Accepted:
			verdict = "accepted"
		case rec.ExpectDenied:
			verdict += ", refused as it must be"
		}
		if !rec.Healthy() {
			verdict = "FAILED: " + verdict
		}
		parts = append(parts, fmt.Sprintf("%s: run #%d, %s, %s", e, rec.ID, verdict, rec.Time.UTC().Format("2006-01-02 15:04 UTC")))
		if rec.Time.After(newest) {
			newest = rec.Time
		}
	}
	p.LastValidation = strings.Join(parts, " · ")
	if newest.IsZero() {
		p.ReviewDue, p.Overdue = "now: no validation on record", true
		return
	}
	due := newest.Add(r.Ops.Review())
	p.ReviewDue, p.Overdue = due.UTC().Format("2006-01-02"), now.After(due)
}

// runbookKPIWindow is the window of the runbook's KPIs, kpi's default.
const runbookKPIWindow = defaultKPIWindow

// runbookKPIs fills the page's KPIs per environment over the last
// runbookKPIWindow, as authdoctor kpi computes them.
func runbookKPIs(ctx context.Context, env Env, s history.Store, f *profile.File, r *profile.Request, now time.Time, p *render.RunbookRequest) {
	p.KPIWindow = runbookKPIWindow
	if s == nil {
		p.KPIsUnknown = "history off"
		return
	}
	d, _ := history.ParseAge(runbookKPIWindow)
	ks, err := readKPIs(ctx, s, history.Filter{Request: r.Name}, now.Add(-d))
	if err != nil {
		historyWarning(env, err)
		p.KPIsUnknown = "history unavailable"
		return
	}
	byEnv := map[string]history.KPI{}
	for _, k := range ks {
		byEnv[k.Identity.Env] = k
	}
	for _, e := range f.EnvOrder {
		k, ok := byEnv[e]
		if !ok {
			continue
		}
		p.KPIs = append(p.KPIs, render.RunbookKPI{Env: e, Runs: k.Runs, Failures: k.Failures, FailureRate: k.FailureRate,
			Incidents: k.Incidents, Open: k.Open, Repeated: k.Repeated, Resolved: k.Resolved,
			MedianResolution: k.MedianResolution, WorstResolution: k.WorstResolution, RequestsAffected: k.RequestsAffected,
			RunbookAnswered: k.RunbookAnswered, RunbookEnough: k.RunbookEnough})
	}
}

// credKind is the kind of credential a request's header templates send,
// read from the templates alone: no variable is expanded.
type credKind int

const (
	kindNone credKind = iota
	kindBearer
	kindAPIKey
	kindPassword
	kindSession
)

// likelyCauses are the causes worth a runbook line for each kind of
// credential, lowest layer first; the order follows docs/causes.md.
var likelyCauses = map[credKind][]authdoctor.Cause{
	kindNone: {authdoctor.CauseCredentialMissing, authdoctor.CauseEndpointNotFound, authdoctor.CauseNetworkPolicy, authdoctor.CauseRateLimited, authdoctor.CauseServerError},
	kindBearer: {authdoctor.CauseEndpointUnreachable, authdoctor.CauseCredentialMissing, authdoctor.CauseCredentialPlaceholder, authdoctor.CauseCredentialMalformed,
		authdoctor.CauseHeaderMalformed, authdoctor.CauseSchemeMismatch, authdoctor.CauseCredentialNotReceived, authdoctor.CauseAuthDroppedOnRedirect,
		authdoctor.CauseTokenExpired, authdoctor.CauseTokenNotYetValid, authdoctor.CauseClockSkew, authdoctor.CauseTokenRejected,
		authdoctor.CauseSignatureInvalid, authdoctor.CauseSigningKeyUnknown, authdoctor.CauseAudienceMismatch, authdoctor.CauseIssuerMismatch,
		authdoctor.CauseWrongCredentialKind, authdoctor.CauseInsufficientScope, authdoctor.CausePermissionDenied, authdoctor.CauseRateLimited},
	kindAPIKey: {authdoctor.CauseEndpointUnreachable, authdoctor.CauseCredentialMissing, authdoctor.CauseCredentialPlaceholder, authdoctor.CauseCredentialMalformed,
		authdoctor.CauseCredentialNotReceived, authdoctor.CauseAuthDroppedOnRedirect, authdoctor.CauseCredentialsRejected,
		authdoctor.CauseEnvironmentMismatch, authdoctor.CauseWrongCredentialKind, authdoctor.CausePermissionDenied, authdoctor.CauseNetworkPolicy, authdoctor.CauseRateLimited},
	kindPassword: {authdoctor.CauseEndpointUnreachable, authdoctor.CauseCredentialMissing, authdoctor.CauseCredentialPlaceholder, authdoctor.CauseCredentialMalformed,
		authdoctor.CauseSchemeMismatch, authdoctor.CauseCredentialNotReceived, authdoctor.CauseAuthDroppedOnRedirect, authdoctor.CauseCredentialsRejected,
		authdoctor.CausePermissionDenied, authdoctor.CauseRateLimited},
	kindSession: {authdoctor.CauseEndpointUnreachable, authdoctor.CauseCredentialMissing, authdoctor.CauseCredentialNotReceived, authdoctor.CauseCSRFRequired,
		authdoctor.CauseCredentialsRejected, authdoctor.CausePermissionDenied, authdoctor.CauseNetworkPolicy},
}

// runbookPage assembles one request's runbook page from the profile.
func runbookPage(f *profile.File, r *profile.Request, config string) (render.RunbookRequest, error) {
	p := render.RunbookRequest{Name: r.Name, Method: r.Method, Path: r.Path, UseCase: r.Ops.UseCase, Owner: r.Ops.Owner,
		ExpectDenied: r.ExpectDenied, Scopes: r.Scopes, Blocks: r.Ops.Blocks, ReviewEvery: profile.FormatInterval(r.Ops.Review())}
	p.Expected = expectedWords(r)
	kind := kindNone
	// No variable is read: every reference expands to nothing, so the
	// page can name the variables and never hold a value.
	none := func(string) (string, bool) { return "", true }
	for _, e := range f.EnvOrder {
		spec, err := f.Spec(e, r.Name, none)
		if err != nil {
			return p, usagef("%v", err)
		}
		for _, h := range spec.Request.Header {
			if len(h.Vars) == 0 && !h.Sensitive() {
				continue
			}
			in := render.RunbookInput{Env: e, BaseURL: f.Environments[e].BaseURL, Header: h.Name, Template: h.Template}
			if h.Template == "" {
				in.Template = "(a value in the profile)"
			}
			for _, v := range h.Vars {
				in.Vars = append(in.Vars, v.Name)
			}
			sort.Strings(in.Vars)
			p.Inputs = append(p.Inputs, in)
			kind = max(kind, kindOf(h.Name, h.Template))
		}
		cmd := "authdoctor validate " + r.Name + " --env " + e
		check := "authdoctor check --env " + e + " " + r.Name
		if config != "" {
			cmd += " --config " + config
			check += " --config " + config
		}
		p.Validate = append(p.Validate, cmd)
		p.Check = append(p.Check, check)
	}
	for _, c := range likelyCauses[kind] {
		if ci, ok := c.Info(); ok {
			p.Causes = append(p.Causes, ci)
		}
	}
	p.PassesWhen = "It passes when the credential is accepted with the expected answer, the same request with the credential damaged is refused (never tried with a password), and the request without any credential is refused."
	success := "1 while the last check of the request in that environment got the expected answer, 0 once it fails; alert when 0 for 10 minutes (exported by authdoctor watch)"
	if r.ExpectDenied {
		p.PassesWhen = "It passes when this request, which the credential must NOT be allowed, is refused for want of permission (not because the credential itself fails), and the request without any credential is refused too."
		p.IfAllowed = "If validate says ALLOWED, the credential has a permission it must not have: remove the role or scope from it (ask the API owner), then validate again. That is a security finding, not an outage."
		success = "1 while the request is refused as it must be; 0 when the credential is allowed it (a permission it must not have) or fails for another reason (exported by authdoctor watch)"
	}
	// The endpoint as the access logs count it: the path's ids as {id}.
	route := string((&accesslog.Router{}).Route([]byte(r.Path)))
	p.Metrics = []render.RunbookMetric{
		{Name: "authdoctor_check_success", Query: `min by (environment) (authdoctor_check_success{request="` + r.Name + `"})`,
			Meaning: success},
		{Name: "authdoctor_http_requests_total", Query: `sum by (environment) (rate(authdoctor_http_requests_total{route="` + route + `",code="401"}[15m])) / sum by (environment) (rate(authdoctor_http_requests_total{route="` + route + `"}[15m]))`,
			Meaning: "the 401 rate of the endpoint by environment in the application's own traffic, from its access logs (authdoctor logs --follow); a rise after a deploy or a key rotation is this runbook's cue"},
	}
	return p, nil
}

// kindOf reads the credential kind from a header name and its template.
func kindOf(name, template string) credKind {
	switch {
	case strings.EqualFold(name, "Cookie"):
		return kindSession
	case strings.EqualFold(name, "Authorization"), strings.EqualFold(name, "Proxy-Authorization"):
		scheme, _, _ := strings.Cut(strings.TrimSpace(template), " ")
		switch strings.ToLower(scheme) {
		case "basic", "digest":
			return kindPassword
		}
		return kindBearer
	}
	return kindAPIKey
}

// expectedWords says what a working request gets, as the profile has it.
func expectedWords(r *profile.Request) string {
	exp := r.Ops.Expected
	if r.ExpectDenied {
		if exp.Status != 0 {
			return "refused with " + status(exp.Status) + ": the credential must NOT be allowed this request (expect_denied)"
		}
		return "refused with 403 Forbidden or 401 Unauthorized: the credential must NOT be allowed this request (expect_denied)"
	}
	s := "accepted (any 2xx)"
	if exp.Status != 0 {
		s = status(exp.Status)
	}
	if !exp.JSONPath.IsZero() {
		s += ", with " + exp.JSONPath.String() + " in the JSON body"
	}
	return s
}
