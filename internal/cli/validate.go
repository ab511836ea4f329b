package cli

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/authdoctor/authdoctor/doctor"
	"github.com/authdoctor/authdoctor/history"
	"github.com/authdoctor/authdoctor/render"
	"github.com/authdoctor/authdoctor/source/profile"
)

// The validation scenarios, in the order they are reported.
const (
	scenarioHappy      = "happy path"
	scenarioDamaged    = "controlled failure"
	scenarioMissing    = "missing credential"
	scenarioPermission = "permission"
	scenarioRecovery   = "recovery"
)

// damagedBudget is what the controlled failure may send: the analysis'
// baseline without any credential, then the damaged credential. No
// confirmation, no issuer: the question is only "is it refused?".
const damagedBudget = 2

type validateOptions struct {
	envName string
	config  string
	check   checkOptions // network, write-approval and output flags shared with check
	// history is where the validation is recorded and the recovery read.
	history historyFlags
}

func newValidateCmd(env Env) *cobra.Command {
	o := &validateOptions{}
	cmd := &cobra.Command{
		Use:   "validate REQUEST --env ENV",
		Short: "Prove a profile request works, and that its auth is enforced",
		Long: `validate runs the validation scenarios of a named request of the profile
(authdoctor.yaml) in one environment, through the same analysis as check:

  happy path          the credential is accepted and the profile's expected
                      answer holds (expected: status, json_path)
  controlled failure  the same request with the bearer token or API key
                      deliberately damaged must be refused: proof that the
                      server checks it (never for a password: accounts lock)
  missing credential  the request without any credential must be refused,
                      ideally with a WWW-Authenticate challenge
  permission          for a request marked expect_denied: true, the
                      credential must be refused (403, or 401)
  recovery            whether this run closes an earlier failure (history)

It sends at most --max-requests for the request itself (its no-credential
baseline included, which is the missing-credential case) and 2 more for the
controlled failure: 8 by default, each listed. Only GET, HEAD and OPTIONS
unless --allow-write approves the request as check does; a write is sent
once, and the scenarios that would repeat it are skipped.

Exit status: 0 every scenario passed (or was skipped, with the reason), 1 a
scenario failed, 2 usage or input error, 3 the request could not complete
(endpoint unreachable).`,
		Example: `  authdoctor validate orders.list --env sandbox
  authdoctor validate orders.list --env production -o markdown >> change-record.md
  authdoctor validate admin.users-denied --env production -o json`,
		Args:          cobra.ExactArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runValidate(cmd.Context(), o, args[0], env)
		},
	}
	f := cmd.Flags()
	c := &o.check
	f.StringVar(&o.envName, "env", "", "the environment of the profile to validate in (required)")
	f.StringVar(&o.config, "config", "", "profile file (default: authdoctor.yaml here or in a parent directory)")
	f.IntVar(&c.maxRequests, "max-requests", 6, "most requests for the request itself, redirect hops included (the controlled failure adds 2)")
	f.IntVar(&c.maxRedirects, "max-redirects", 5, "most redirects to follow (0: none)")
	f.DurationVar(&c.timeout, "timeout", 15*time.Second, "time limit for each request")
	f.StringArrayVar(&c.resolve, "resolve", nil, "HOST:PORT:ADDR — connect to ADDR for HOST:PORT (repeatable)")
	f.StringVar(&c.cacert, "cacert", "", "PEM file of CA certificates to trust")
	f.BoolVarP(&c.insecure, "insecure", "k", false, "do not verify TLS certificates")
	f.StringVarP(&c.proxy, "proxy", "x", "", "send through this HTTP proxy")
	f.BoolVar(&c.noIssuer, "no-issuer", false, "do not ask the token's issuer")
	f.BoolVar(&c.noConfirm, "no-confirm", false, "do not send corrected requests to confirm a cause")
	f.DurationVar(&c.leeway, "leeway", check.DefaultLeeway, "clock tolerance for token exp and nbf")
	f.BoolVar(&c.allowWrite, "allow-write", false, "allow a profile request whose method is not GET, HEAD or OPTIONS")
	f.BoolVarP(&c.yes, "yes", "y", false, "do not ask for confirmation of a write (scripts)")
	f.StringVarP(&c.output, "output", "o", "text", "output format: text, json or markdown")
	f.BoolVar(&c.noColor, "no-color", false, "no colour")
	o.history.bind(f)
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"text", "json", "markdown"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.ValidArgsFunction = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		f, err := loadProfile(o.config)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return f.RequestOrder, cobra.ShellCompDirectiveNoFileComp
	}
	return cmd
}

func runValidate(ctx context.Context, o *validateOptions, name string, env Env) error {
	c := o.check
	switch c.output {
	case "text", "json", "markdown", "md":
	default:
		return usagef("--output %q is not one of text, json, markdown", c.output)
	}
	if o.envName == "" {
		return usagef("name the environment: authdoctor validate %s --env ENV", name)
	}
	f, err := loadProfile(o.config)
	if err != nil {
		return err
	}
	lookup := env.Lookup
	if lookup == nil {
		lookup = func(string) (string, bool) { return "", false }
	}
	spec, err := f.Spec(o.envName, name, lookup)
	if err != nil {
		return usagef("%v", err)
	}
	pr := f.Requests[name]
	c.spec = &spec
	req, err := c.buildRequest(env)
	if err != nil {
		return err
	}
	cfg, err := c.probeConfig(env, req.URL)
	if err != nil {
		return err
	}
	if err := c.approve(req, env); err != nil {
		return err
	}
	cfg.Version = Version
	cfg.Notes = []string{"request read from " + spec.From}
	progress := func(sc string) {
		if env.StderrTerminal && c.output == "text" {
			fmt.Fprintf(env.Stderr, "→ %s\n", sc)
		}
	}

	v := render.Validation{Request: name, Env: o.envName, MaxRequests: cfg.Probe.MaxRequests, Version: Version}
	progress(scenarioHappy)
	main, err := doctor.Run(ctx, req, cfg)
	if err != nil {
		return usagef("%v", err)
	}
	v.Started = main.Started
	first := scenarioHappy
	if pr.ExpectDenied {
		first = scenarioPermission
	}
	v.Sent = append(v.Sent, sent(first, main)...)
	g := (&guard{}).request(req, env).scrubber("a credential of the run", main.Scrubber)

	var happy, damaged, permission render.Scenario
	if pr.ExpectDenied {
		happy = skip(scenarioHappy, "the request is marked expect_denied: the credential must be refused (see permission)")
		damaged = skip(scenarioDamaged, "the request must be refused anyway: a damaged credential proves nothing more")
		permission = permissionScenario(main, pr.Ops.Expected)
	} else {
		happy = happyScenario(main, pr.Ops.Expected)
		permission = skip(scenarioPermission, "not asked: mark a request the credential must not be allowed with expect_denied: true and validate it")
		dreq, why, ok := damage(main, cfg.Check)
		if ok {
			v.MaxRequests += damagedBudget
			progress(scenarioDamaged)
			dcfg := cfg
			dcfg.Probe.MaxRequests = damagedBudget
			dcfg.Plan.NoConfirm = true
			dcfg.Issuer = doctor.IssuerOptions{}
			dcfg.Fresh = nil
			dres, err := doctor.Run(ctx, dreq, dcfg)
			if err != nil {
				return usagef("%v", err)
			}
			g = g.scrubber("the damaged credential", dres.Scrubber)
			v.Sent = append(v.Sent, sent(scenarioDamaged, dres)...)
			damaged = damagedScenario(dres)
		} else {
			damaged = skip(scenarioDamaged, why)
		}
	}
	recovery, runID := o.recordAndRecover(ctx, env, g, history.Identity{Request: name, Env: o.envName}, main, pr.ExpectDenied)
	v.RunID = runID
	v.Scenarios = []render.Scenario{happy, damaged, missingScenario(main), permission, recovery}

	var buf bytes.Buffer
	switch c.output {
	case "json":
		err = render.ValidateJSON(&buf, v)
	case "markdown", "md":
		err = render.ValidateMarkdown(&buf, v)
	default:
		err = render.ValidateText(&buf, v, render.Options{Color: env.colour(c.noColor)})
	}
	if err != nil {
		return &exitError{code: ExitUnreachable, msg: "rendering the validation: " + err.Error()}
	}
	if err := g.write(env, buf.Bytes(), "validation"); err != nil {
		return err
	}
	if exitFor(main) == ExitUnreachable {
		return exitCode(ExitUnreachable)
	}
	if _, failed, _ := v.Counts(); failed > 0 {
		return exitCode(ExitDiagnosed)
	}
	return nil
}

// recoveryLookback is how many earlier runs the recovery scenario reads
// to find where a failing streak began.
const recoveryLookback = 200

// recordAndRecover records the validation's own run (the request as
// given: never the damaged one, which is a failure on purpose) and says
// whether it closes an earlier failure, from the runs recorded before it.
// History off or unavailable makes the scenario a skip, never a failure.
func (o *validateOptions) recordAndRecover(ctx context.Context, env Env, g *guard, id history.Identity, run authdoctor.Run, denied bool) (render.Scenario, int64) {
	if !o.history.recording(env) {
		return skip(scenarioRecovery, "history off: no record of an earlier failing run to close"), 0
	}
	loc := storeLocation(env, o.history.store)
	if loc == "" {
		return skip(scenarioRecovery, "history off: no state directory (set XDG_STATE_HOME or HOME, or --store)"), 0
	}
	ctx, cancel := context.WithTimeout(ctx, historyOpenTimeout)
	defer cancel()
	s, err := history.Open(ctx, loc, history.Options{})
	if err != nil {
		historyWarning(env, err)
		return skip(scenarioRecovery, "history unavailable: the store could not be opened"), 0
	}
	defer s.Close()
	before, err := s.List(ctx, history.Filter{Request: id.Request, Env: id.Env, Limit: recoveryLookback})
	if err != nil {
		historyWarning(env, err)
		return skip(scenarioRecovery, "history unavailable: earlier runs could not be read"), 0
	}
	var report []byte
	var buf bytes.Buffer
	if render.JSON(&buf, run) == nil {
		if b, ok := g.clean(buf.Bytes()); ok {
			report = b
		}
	}
	rec := history.FromRun(run, id, report)
	rec.Kind, rec.ExpectDenied = history.KindValidate, denied
	runID, err := s.Record(ctx, rec)
	if err != nil {
		historyWarning(env, err)
		runID = 0
	}
	return recoveryScenario(before, run, denied), runID
}

// recoveryScenario reads the runs before this one (newest first): an
// accepted run after failing ones closes the failure.
func recoveryScenario(before []history.Record, run authdoctor.Run, denied bool) render.Scenario {
	if denied {
		return skip(scenarioRecovery, "not applicable: the request must be refused, so no accepted run closes anything")
	}
	if len(before) == 0 {
		return skip(scenarioRecovery, "first run of the request in this environment in history: nothing to close")
	}
	last := before[0]
	// first is the first failing run of the streak that ends at last.
	first := last
	for _, r := range before {
		if r.Accepted {
			break
		}
		first = r
	}
	when := func(r history.Record) string {
		return fmt.Sprintf("#%d (%s, %s)", r.ID, r.Cause, r.Time.UTC().Format("2006-01-02 15:04 UTC"))
	}
	accepted := run.Diagnosis.Verdict.Cause == authdoctor.CauseAccepted
	switch {
	case accepted && !last.Accepted:
		why := "the last failing run was " + when(last)
		if first.ID != last.ID {
			why += ", failing since #" + strconv.FormatInt(first.ID, 10)
		}
		return render.Scenario{Name: scenarioRecovery, Outcome: render.Pass, Why: why + "; this accepted run closes it"}
	case accepted:
		return skip(scenarioRecovery, fmt.Sprintf("nothing to close: the last run #%d was accepted too", last.ID))
	case last.Accepted:
		return skip(scenarioRecovery, fmt.Sprintf("the failure starts here: the last run #%d was accepted", last.ID))
	}
	return render.Scenario{Name: scenarioRecovery, Outcome: render.Fail, Cause: run.Diagnosis.Verdict.Cause,
		Why: "not recovered: failing since " + when(first)}
}

func skip(name, why string) render.Scenario {
	return render.Scenario{Name: name, Outcome: render.Skip, Why: why}
}

// sent lists the requests of a run, each by its last hop.
func sent(scenario string, r authdoctor.Run) []render.Sent {
	var out []render.Sent
	for _, p := range r.Observation.Probes {
		s := render.Sent{Scenario: scenario, Role: p.Role, Method: p.Request.Method, URL: p.Request.URL}
		if f := p.Final(); f != nil {
			s.Method, s.URL, s.Status = f.Method, f.URL, f.Status
		}
		out = append(out, s)
	}
	return out
}

// final is the last answer to the request as given, nil when none came.
func final(r authdoctor.Run) *authdoctor.Exchange {
	if p := r.Observation.Probe(authdoctor.RoleAuthenticated); p != nil {
		return p.Final()
	}
	return nil
}

func status(code int) string {
	if code == 0 {
		return "no response"
	}
	return strconv.Itoa(code) + " " + http.StatusText(code)
}

// verdict is "cause: summary" for a why column.
func verdict(r authdoctor.Run) string {
	v := r.Diagnosis.Verdict
	return string(v.Cause) + ": " + v.Summary
}

func happyScenario(r authdoctor.Run, exp profile.Expected) render.Scenario {
	s := render.Scenario{Name: scenarioHappy, Outcome: render.Fail, Cause: r.Diagnosis.Verdict.Cause}
	fin := final(r)
	if fin != nil {
		s.Status = fin.Status
	}
	switch {
	case r.Diagnosis.Verdict.Cause != authdoctor.CauseAccepted:
		s.Why = "not accepted (" + status(s.Status) + "): " + verdict(r)
		return s
	case exp.Status != 0 && s.Status != exp.Status:
		s.Why = fmt.Sprintf("accepted with %s, but the profile expects %s", status(s.Status), status(exp.Status))
		return s
	}
	why := "accepted: " + status(s.Status)
	if exp.Status != 0 {
		why += " as expected"
	}
	if !exp.JSONPath.IsZero() {
		ok, err := exp.JSONPath.In(fin.Body)
		switch {
		case err != nil && fin.BodyTruncated:
			s.Why = fmt.Sprintf("%s, but the body was cut at the read limit, so %s cannot be looked up", why, exp.JSONPath)
			return s
		case err != nil:
			s.Why = fmt.Sprintf("%s, but the body is not JSON, so %s is not in it", why, exp.JSONPath)
			return s
		case !ok:
			s.Why = fmt.Sprintf("%s, but %s is not in the body", why, exp.JSONPath)
			return s
		}
		why += "; " + exp.JSONPath.String() + " is in the body"
	}
	s.Outcome, s.Why = render.Pass, why
	return s
}

// refused reports whether a status is the server saying no to the
// credential (a 400 is how some API-key servers answer a missing key).
func refused(code int) bool { return code == 401 || code == 403 || code == 400 }

// damage builds the controlled failure's request, or says why there is
// none.
func damage(r authdoctor.Run, opt check.Options) (authdoctor.Request, string, bool) {
	if !authdoctor.SafeMethod(r.Observation.Request.Method) {
		return authdoctor.Request{}, r.Observation.Request.Method + " is not sent twice: the damaged credential is tried only on GET, HEAD and OPTIONS", false
	}
	dreq, ok := diagnose.Damaged(r.Observation, opt)
	if ok {
		return dreq, "", true
	}
	in := check.NewInput(r.Observation, opt)
	c := in.Primary()
	switch {
	case c == nil:
		return dreq, "the request carries no credential", false
	case strings.EqualFold(c.Scheme, "basic") || strings.EqualFold(c.Scheme, "digest"):
		return dreq, "the credential is a password (" + c.Scheme + "): a wrong password can lock the account, so it is never sent damaged", false
	}
	return dreq, "the credential (" + c.Label() + ") is not a bearer token or API key of 8 characters or more, the only kinds damaged on purpose", false
}

func damagedScenario(r authdoctor.Run) render.Scenario {
	s := render.Scenario{Name: scenarioDamaged, Outcome: render.Fail, Cause: r.Diagnosis.Verdict.Cause}
	fin := final(r)
	if fin == nil {
		s.Why = "no answer to the damaged credential: " + verdict(r)
		return s
	}
	s.Status = fin.Status
	switch {
	case refused(fin.Status):
		s.Outcome = render.Pass
		s.Why = "the damaged credential is refused: " + status(fin.Status) + " (" + string(r.Diagnosis.Verdict.Cause) + ")"
	case fin.Status >= 200 && fin.Status < 400:
		s.Why = "the damaged credential is ACCEPTED (" + status(fin.Status) + "): the server does not check the credential"
	default:
		s.Why = "the damaged credential gets " + status(fin.Status) + ", not a refusal: " + verdict(r)
	}
	return s
}

func missingScenario(r authdoctor.Run) render.Scenario {
	b := r.Observation.Probe(authdoctor.RoleBaseline)
	if b == nil {
		why := "the request was not sent without its credential"
		for _, sk := range r.Observation.Skipped {
			if rest, ok := strings.CutPrefix(sk, "baseline not sent: "); ok {
				why = rest
			}
		}
		return skip(scenarioMissing, why)
	}
	s := render.Scenario{Name: scenarioMissing, Outcome: render.Fail}
	fin := b.Final()
	if fin == nil {
		s.Why = "no answer without a credential"
		if b.Err != nil {
			s.Why += ": " + b.Err.Message
		}
		return s
	}
	s.Status = fin.Status
	challenge := strings.Join(fin.Header.Values("WWW-Authenticate"), ", ")
	if len(challenge) > 80 {
		challenge = challenge[:79] + "…"
	}
	switch {
	case refused(fin.Status) && challenge != "":
		s.Outcome, s.Why = render.Pass, "refused: "+status(fin.Status)+" with the challenge "+challenge
	case fin.Status == 401:
		// RFC 9110 §11.6.1: a 401 must carry WWW-Authenticate.
		s.Outcome, s.Why = render.Pass, "refused: 401 Unauthorized, but without the WWW-Authenticate challenge RFC 9110 asks for"
	case refused(fin.Status):
		s.Outcome, s.Why = render.Pass, "refused: "+status(fin.Status)+" (no challenge)"
	case fin.Status >= 200 && fin.Status < 400:
		s.Why = "ANSWERED without any credential (" + status(fin.Status) + "): the endpoint does not require one"
	default:
		s.Why = "gets " + status(fin.Status) + " without a credential, not a refusal"
	}
	return s
}

func permissionScenario(r authdoctor.Run, exp profile.Expected) render.Scenario {
	cause := r.Diagnosis.Verdict.Cause
	s := render.Scenario{Name: scenarioPermission, Outcome: render.Fail, Cause: cause}
	fin := final(r)
	if fin == nil {
		s.Why = "no answer: " + verdict(r)
		return s
	}
	s.Status = fin.Status
	want := fin.Status == 401 || fin.Status == 403
	if exp.Status != 0 {
		want = fin.Status == exp.Status
	}
	switch l := cause.Layer(); {
	case fin.Status >= 200 && fin.Status < 400:
		s.Why = "ALLOWED (" + status(fin.Status) + "): the credential can do what it must not"
	case !want:
		s.Why = "gets " + status(fin.Status) + ", not the refusal the profile expects: " + verdict(r)
	case l >= authdoctor.LayerRequest && l < authdoctor.LayerAuthorization:
		s.Why = "refused (" + status(fin.Status) + "), but because the credential itself fails (" + string(cause) + "): fix it first, then this proves the permission"
	case l >= authdoctor.LayerTransport && l < authdoctor.LayerAuthorization:
		s.Why = "refused (" + status(fin.Status) + "), but by something in front of the API (" + string(cause) + "), not for want of permission: this proves nothing about it"
	default:
		s.Outcome = render.Pass
		s.Why = "refused as it must be: " + status(fin.Status) + " (" + string(cause) + ")"
	}
	return s
}
