package doctor

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/authdoctor/authdoctor/issuer"
	"github.com/authdoctor/authdoctor/probe"
)

// Config configures a run. The zero value is usable: default probe limits,
// the default leeway, the real clock, confirmations on.
type Config struct {
	Probe probe.Config
	Check check.Options
	Plan  diagnose.PlanOptions
	// Now is the local clock; nil means time.Now. It is read once, when the
	// run starts, and the Observation carries it from then on.
	Now func() time.Time
	// Progress, when set, is told each probe before it is sent.
	Progress func(role authdoctor.Role, label string)
	// Expect is what the credential should satisfy (--audience, --issuer,
	// --scope).
	Expect authdoctor.Expect
	// Issuer configures asking the token's issuer; the zero value does not.
	Issuer IssuerOptions
	// At, when not zero, is the moment Inspect judges the credential at
	// (exp, nbf) instead of the clock: inspect --at, "will this token
	// still be valid when the nightly job runs?". Requests to the issuer
	// are still stamped with the clock.
	At time.Time
	// Notes are copied into the Observation (facts about the request's
	// source).
	Notes []string
	// Version is the tool version the run record carries.
	Version string
	// Fresh, when set, mints a fresh token with the same client when the
	// check failed at the credential; the request is then sent once more
	// with it, to prove whether "get a new token" fixes the problem
	// (check --fresh-token).
	Fresh func(ctx context.Context) issuer.MintResult
}

// IssuerOptions say whether and how to ask the token's issuer for its
// metadata, keys and (with client credentials) introspection.
type IssuerOptions struct {
	// Ask turns the issuer step on.
	Ask bool
	// JWKS is a URL or file of the issuer's keys; it replaces discovery.
	JWKS string
	// NoDiscovery keeps the token's iss from being asked for metadata:
	// only JWKS (a local file, or a URL the user gave) is read, as
	// inspect --no-issuer --jwks FILE does.
	NoDiscovery bool
	// Introspect is the RFC 7662 endpoint; empty means the metadata's.
	Introspect string
	// ClientID and ClientSecret authenticate the introspection request.
	ClientID     string
	ClientSecret authdoctor.Secret
	// HMACSecret verifies an HS256/384/512 token (inspect --hs-secret-env);
	// zero means none.
	HMACSecret authdoctor.Secret
}

// ErrWriteNotApproved is returned for a method other than GET, HEAD and
// OPTIONS when the request does not carry AllowWrite: nothing is sent.
var ErrWriteNotApproved = errors.New("refusing to send a method other than GET, HEAD and OPTIONS without approval")

// Run checks req once. Its error is only for a request that could not be
// tried at all (nothing sent); every failure of the server or the
// credential is in the Diagnosis.
func Run(ctx context.Context, req authdoctor.Request, cfg Config) (authdoctor.Run, error) {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	if req.Method == "" {
		req.Method = "GET"
	}
	if !authdoctor.SafeMethod(req.Method) && !req.AllowWrite {
		return authdoctor.Run{}, fmt.Errorf("%w: %s", ErrWriteNotApproved, req.Method)
	}
	pc := cfg.Probe
	if pc.Now == nil {
		pc.Now = now
	}
	// The one scrubber of the run: the request's credentials and the
	// issuer client secret, in every encoding; probes store nothing of
	// them, and the output guard uses it last.
	sc := authdoctor.ScrubberFor(req).AddSecret(cfg.Issuer.ClientSecret).AddSecret(cfg.Issuer.HMACSecret)
	pc.Scrubber = sc.Merge(pc.Scrubber)
	s := probe.New(pc)
	defer s.Close()
	started := now()
	o := &authdoctor.Observation{Request: req, Now: started, MaxRequests: s.Remaining(), Expect: cfg.Expect, Notes: cfg.Notes}
	send := func(role authdoctor.Role, label, hyp string, r authdoctor.Request) {
		if s.Remaining() <= 0 {
			o.Skipped = append(o.Skipped, fmt.Sprintf("%s probe not sent (%s): the request budget of %d is spent; raise --max-requests", role, label, o.MaxRequests))
			return
		}
		if cfg.Progress != nil {
			cfg.Progress(role, label)
		}
		p := s.Send(ctx, role, label, r)
		p.Hypothesis = hyp
		o.Probes = append(o.Probes, p)
	}

	hasCred := false
	for _, f := range req.Header {
		if f.Sensitive() {
			hasCred = true
		}
	}
	switch {
	case !hasCred:
		o.Skipped = append(o.Skipped, "baseline not sent: the request carries no credential, so it is its own baseline")
	case !authdoctor.SafeMethod(req.Method):
		o.Skipped = append(o.Skipped, fmt.Sprintf("baseline not sent: %s is not safe to send twice", req.Method))
	default:
		send(authdoctor.RoleBaseline, "same request without any credential", "", req.Without())
	}
	if b := o.Probe(authdoctor.RoleBaseline); b != nil && unreachable(b) {
		o.Skipped = append(o.Skipped, "authenticated request not sent: the server is unreachable")
	} else {
		send(authdoctor.RoleAuthenticated, "the request as given", "", req)
	}

	if cfg.Issuer.Ask {
		askIssuer(ctx, o, s, cfg)
	}
	if p, ok := diagnose.Differential(o, cfg.Check); ok {
		send(p.Role, p.Label, p.Hypothesis, p.Request)
	}
	findings := check.Run(o, cfg.Check)
	for _, p := range diagnose.Confirmations(o, findings, cfg.Check, cfg.Plan) {
		send(p.Role, p.Label, p.Hypothesis, p.Request)
	}
	if cfg.Fresh != nil && authdoctor.SafeMethod(req.Method) && needsFresh(o, cfg.Check) {
		if tok := tryFresh(ctx, o, cfg, send); !tok.IsZero() {
			sc.AddSecret(tok)
		}
	}
	return authdoctor.Run{Version: cfg.Version, Observation: o, Diagnosis: diagnose.Analyse(o, cfg.Check),
		Started: started, Duration: now().Sub(started), Scrubber: sc, Leeway: cfg.Check.Leeway}, nil
}

func unreachable(p *authdoctor.Probe) bool {
	if p.Err == nil || p.Final() != nil {
		return false
	}
	switch p.Err.Phase {
	case authdoctor.PhaseDNS, authdoctor.PhaseConnect, authdoctor.PhaseTLS, authdoctor.PhaseTimeout, authdoctor.PhaseProxy:
		return true
	}
	return false
}

// Inspect analyses req's credential without sending anything to the API:
// the offline checks, and what the token's issuer says when cfg.Issuer.Ask.
func Inspect(ctx context.Context, req authdoctor.Request, cfg Config) authdoctor.Run {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	started := now()
	sc := authdoctor.ScrubberFor(req).AddSecret(cfg.Issuer.ClientSecret).AddSecret(cfg.Issuer.HMACSecret)
	o := &authdoctor.Observation{Request: req, Now: started, Expect: cfg.Expect, Notes: cfg.Notes}
	if !cfg.At.IsZero() {
		o.Now = cfg.At
	}
	if cfg.Issuer.Ask {
		pc := cfg.Probe
		pc.Now = now
		pc.Scrubber = sc.Merge(pc.Scrubber)
		s := probe.New(pc)
		defer s.Close()
		askIssuer(ctx, o, s, cfg)
	}
	return authdoctor.Run{Version: cfg.Version, Observation: o, Diagnosis: diagnose.Analyse(o, cfg.Check),
		Started: started, Duration: now().Sub(started), Scrubber: sc, Leeway: cfg.Check.Leeway}
}

// FreshHypothesis is the hypothesis id of the probe sent with a freshly
// minted token.
const FreshHypothesis = "token.fresh"

// needsFresh reports whether the verdict so far rests on the credential
// itself (or on nothing), the only case a fresh token can settle.
func needsFresh(o *authdoctor.Observation, opt check.Options) bool {
	p := o.Probe(authdoctor.RoleAuthenticated)
	if p == nil || p.Final() == nil {
		return false
	}
	if st := p.Status(); st != 401 && st != 403 {
		return false
	}
	in := check.NewInput(o, opt)
	f, _, ok := diagnose.Weigh(in, check.RunInput(in)).Winner()
	if !ok {
		return true
	}
	return f.Cause.Layer() == authdoctor.LayerCredential
}

// tryFresh mints a token and sends the request once with it; it returns
// the token, for the run's scrubber.
func tryFresh(ctx context.Context, o *authdoctor.Observation, cfg Config, send func(role authdoctor.Role, label, hyp string, r authdoctor.Request)) authdoctor.Secret {
	if cfg.Progress != nil {
		cfg.Progress(authdoctor.RoleIssuer, "minting a fresh token with the same client")
	}
	m := cfg.Fresh(ctx)
	if len(m.Exchanges) > 0 {
		o.Probes = append(o.Probes, authdoctor.Probe{Role: authdoctor.RoleIssuer, Label: "fresh token from the token endpoint", Hops: m.Exchanges})
	}
	if m.Token.IsZero() {
		why := "the token endpoint issued none"
		if m.Explanation != "" {
			why = m.Explanation
		}
		o.Skipped = append(o.Skipped, "fresh-token probe not sent: "+why)
		return authdoctor.Secret{}
	}
	f, _ := o.Request.Get("Authorization")
	f.Name = "Authorization"
	f.Value = authdoctor.NewSecret("Bearer " + m.Token.Reveal())
	f.Origin, f.Source, f.Template, f.Vars = authdoctor.OriginEnv, "a token minted by authdoctor", "", nil
	send(authdoctor.RoleConfirm, "same request with a freshly minted token", FreshHypothesis, o.Request.With(f))
	return m.Token
}
