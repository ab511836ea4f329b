package diagnose

import (
	"fmt"
	"sort"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
)

// How the verdict is chosen (docs/causes.md, "How the verdict is chosen"):
//
//  1. Every finding of severity error proposes its cause. Its own weight
//     is its confidence: confirmed is decisive, likely strong, possible
//     weak.
//  2. The rules below add evidence for or against causes from what the
//     exchanges, the token and the issuer show across checks.
//  3. Decisive evidence against a cause removes it. Each strong piece of
//     evidence against lowers it one step (decisive → strong → weak →
//     out). Weak evidence against is shown, never counted.
//  4. The verdict is the candidate with the greatest remaining strength;
//     the layer order (transport → gate → endpoint → request → delivery →
//     credential → authorisation → server) breaks ties, then the order of
//     check.List. Its confidence is never above what its strength allows.

// Rule is one way of weighing evidence across findings. Rules are data:
// an id, the sentence the docs show, and a pure function of the Input and
// the findings.
type Rule struct {
	ID string
	// Doc says in one sentence what the rule weighs and why.
	Doc   string
	Weigh func(in *check.Input, fs []authdoctor.Finding) []authdoctor.Evidence
}

// Rules returns the rules in the order they are applied.
func Rules() []Rule {
	return []Rule{
		{"receipt.error-code", "An RFC 6750 error code (error=\"invalid_token\") on the answer to the credential, absent from the answer without it, proves the server read the credential: decisive against credential_not_received.", receiptErrorCode},
		{"receipt.answer-differs", "An answer to the credential that differs from the answer without any credential, or from the answer to a damaged copy, proves the server reads it: decisive against credential_not_received.", receiptAnswerDiffers},
		{"receipt.server-words", "Words only a server that read the credential says (\"expired\", \"invalid signature\", \"token unknown\", \"not authorized\") on the answer to the credential: decisive against credential_not_received when the answer without it does not say them, strong when there was no such answer.", receiptServerWords},
		{"receipt.scheme-read", "Words that the credential is invalid, expired or revoked (\"Session expired or invalid\", \"invalid token\") on the answer to it, and not on the answer without it, show the server took the value out of the header under the scheme sent: strong against scheme_mismatch, whose challenge for another scheme may be the server's default.", receiptSchemeRead},
		{"receipt.same-as-anonymous", "An answer to the credential identical to the answer without any says nothing about the credential: strong against permission_denied, which claims the server knows who you are.", receiptSameAsAnonymous},
		{"token.fails-alone", "A token that fails on its own — signature not verifying with the issuer's keys, expired by both clocks, alg none, inactive by introspection — will fail wherever it is delivered: strong against credential_not_received and auth_dropped_on_redirect.", tokenFailsAlone},
	}
}

// deliveryCauses say the credential never reached the auth check.
var deliveryCauses = []authdoctor.Cause{authdoctor.CauseCredentialNotReceived, authdoctor.CauseAuthDroppedOnRedirect}

func against(cause authdoctor.Cause, s authdoctor.Strength, rule, fact string) authdoctor.Evidence {
	return authdoctor.Evidence{Cause: cause, Against: true, Strength: s, Rule: rule, Fact: fact}
}

func receiptErrorCode(in *check.Input, _ []authdoctor.Finding) []authdoctor.Evidence {
	f := in.Final()
	if f == nil || !in.SentOnFinal() {
		return nil
	}
	code, _ := in.Parse(f).BearerError()
	if code != "invalid_token" && code != "insufficient_scope" {
		return nil
	}
	if in.Baseline != nil {
		if b := in.Baseline.Final(); b != nil {
			if bc, _ := in.Parse(b).BearerError(); bc == code {
				return nil // the server says it to everyone
			}
		}
	}
	return []authdoctor.Evidence{against(authdoctor.CauseCredentialNotReceived, authdoctor.Decisive, "receipt.error-code",
		fmt.Sprintf("the answer to your credential carries error=%q and the answer without any credential does not: the server read it (RFC 6750 §3)", code))}
}

func receiptAnswerDiffers(in *check.Input, _ []authdoctor.Finding) []authdoctor.Evidence {
	if in.Final() == nil || !in.SentOnFinal() {
		return nil
	}
	switch {
	case in.Baseline != nil && in.Baseline.Final() != nil && !in.SameAs(in.Auth, in.Baseline):
		return []authdoctor.Evidence{against(authdoctor.CauseCredentialNotReceived, authdoctor.Decisive, "receipt.answer-differs",
			"the answer with your credential differs from the answer without any: the server reads it")}
	case in.Corrupted != nil && in.Corrupted.Final() != nil && !in.SameAs(in.Auth, in.Corrupted):
		return []authdoctor.Evidence{against(authdoctor.CauseCredentialNotReceived, authdoctor.Decisive, "receipt.answer-differs",
			"a damaged copy of your credential gets a different answer: the server reads it")}
	}
	return nil
}

func receiptServerWords(in *check.Input, _ []authdoctor.Finding) []authdoctor.Evidence {
	if in.Final() == nil || !in.SentOnFinal() {
		return nil
	}
	phrase, ok := in.Said(check.ReceiptPhrases...)
	if !ok {
		return nil
	}
	strength := authdoctor.Strong
	if in.Baseline != nil && in.Baseline.Final() != nil {
		r := in.Parse(in.Baseline.Final())
		_, d := r.BearerError()
		if _, also := r.Body.Has(phrase); also || strings.Contains(strings.ToLower(d), phrase) {
			return nil // said to everyone: proves nothing
		}
		strength = authdoctor.Decisive
	}
	return []authdoctor.Evidence{against(authdoctor.CauseCredentialNotReceived, strength, "receipt.server-words",
		fmt.Sprintf("the server says %q about your credential: it read it", phrase))}
}

// schemeReadPhrases are the receipt phrases that judge the credential's
// value; "not authorized" is left out, as servers say it to a header they
// could not read at all.
var schemeReadPhrases = func() []string {
	var out []string
	for _, p := range check.ReceiptPhrases {
		if p != "not authorized" && p != "not authorised" {
			out = append(out, p)
		}
	}
	return out
}()

func receiptSchemeRead(in *check.Input, fs []authdoctor.Finding) []authdoctor.Evidence {
	if in.Final() == nil || !in.SentOnFinal() || !hasError(fs, authdoctor.CauseSchemeMismatch) {
		return nil
	}
	phrase, ok := in.Said(schemeReadPhrases...)
	if !ok {
		return nil
	}
	if in.Baseline != nil && in.Baseline.Final() != nil {
		r := in.Parse(in.Baseline.Final())
		_, d := r.BearerError()
		if _, also := r.Body.Has(phrase); also || strings.Contains(strings.ToLower(d), phrase) {
			return nil // said to everyone: proves nothing
		}
	}
	return []authdoctor.Evidence{against(authdoctor.CauseSchemeMismatch, authdoctor.Strong, "receipt.scheme-read",
		fmt.Sprintf("the server says %q about your credential: it read the value under the scheme you sent", phrase))}
}

// hasError reports an error finding of cause among fs.
func hasError(fs []authdoctor.Finding, cause authdoctor.Cause) bool {
	for _, f := range fs {
		if f.Cause == cause && f.Severity == authdoctor.SeverityError {
			return true
		}
	}
	return false
}

func receiptSameAsAnonymous(in *check.Input, fs []authdoctor.Finding) []authdoctor.Evidence {
	if in.Baseline == nil || in.Baseline.Final() == nil || !in.SameAs(in.Auth, in.Baseline) {
		return nil
	}
	for _, f := range fs {
		if f.Cause == authdoctor.CausePermissionDenied && f.Severity == authdoctor.SeverityError {
			return []authdoctor.Evidence{against(authdoctor.CausePermissionDenied, authdoctor.Strong, "receipt.same-as-anonymous",
				"the server gives exactly this answer to a request without any credential, so it says nothing about who you are")}
		}
	}
	return nil
}

// failsAlone are the findings that condemn a token by itself.
var failsAlone = map[string]string{
	"token.signature":     "its signature does not verify with the issuer's published key",
	"token.alg-none":      "it is not signed at all (alg none)",
	"token.introspection": "its issuer says it is not active",
	"token.expired":       "it has expired",
	"token.not-yet-valid": "it is not valid yet",
}

func tokenFailsAlone(_ *check.Input, fs []authdoctor.Finding) []authdoctor.Evidence {
	var out []authdoctor.Evidence
	for _, f := range fs {
		why, ok := failsAlone[f.ID]
		if !ok || f.Severity != authdoctor.SeverityError || f.Confidence.Rank() < authdoctor.Likely.Rank() {
			continue
		}
		for _, c := range deliveryCauses {
			out = append(out, against(c, authdoctor.Strong, "token.fails-alone",
				fmt.Sprintf("the token fails on its own (%s), so delivering it would not make the request work", why)))
		}
		break
	}
	return out
}

// candidate is one error finding weighed for the verdict.
type candidate struct {
	f     authdoctor.Finding
	order int
	pro   []authdoctor.Evidence
	con   []authdoctor.Evidence
	// net is the strength left after the evidence against; out is set by
	// decisive evidence against.
	net authdoctor.Strength
	out bool
}

// Weighing is the outcome of weighing the findings: candidates in verdict
// order, the winner first.
type Weighing struct {
	cands []candidate
}

// Weigh applies the rules to the findings and orders the candidates.
func Weigh(in *check.Input, fs []authdoctor.Finding) Weighing {
	var ev []authdoctor.Evidence
	for _, r := range Rules() {
		ev = append(ev, r.Weigh(in, fs)...)
	}
	var cs []candidate
	for i, f := range fs {
		if f.Severity != authdoctor.SeverityError {
			continue
		}
		c := candidate{f: f, order: i}
		c.pro = append(c.pro, authdoctor.Evidence{Cause: f.Cause, Strength: authdoctor.StrengthOf(f.Confidence), Rule: f.ID, Fact: f.Summary})
		for _, e := range ev {
			if e.Cause != f.Cause {
				continue
			}
			if e.Against {
				c.con = append(c.con, e)
			} else {
				c.pro = append(c.pro, e)
			}
		}
		sortEvidence(c.pro)
		sortEvidence(c.con)
		c.net = c.pro[0].Strength
		for _, e := range c.con {
			switch e.Strength {
			case authdoctor.Decisive:
				c.out = true
			case authdoctor.Strong:
				if c.net > authdoctor.StrengthNone {
					c.net--
				}
			}
		}
		if c.net == authdoctor.StrengthNone {
			c.out = true
		}
		cs = append(cs, c)
	}
	sort.SliceStable(cs, func(i, j int) bool { return before(cs[i], cs[j]) })
	return Weighing{cands: cs}
}

// before orders candidates: in before out, then strength, layer, order.
func before(a, b candidate) bool {
	if a.out != b.out {
		return !a.out
	}
	if a.net != b.net {
		return a.net > b.net
	}
	if la, lb := a.f.Cause.Layer(), b.f.Cause.Layer(); la != lb {
		return la < lb
	}
	return a.order < b.order
}

func sortEvidence(es []authdoctor.Evidence) {
	sort.SliceStable(es, func(i, j int) bool { return es[i].Strength > es[j].Strength })
}

// Winner is the finding the verdict rests on and the confidence its
// strength allows, or false when no candidate survived.
func (w Weighing) Winner() (authdoctor.Finding, authdoctor.Confidence, bool) {
	if len(w.cands) == 0 || w.cands[0].out {
		return authdoctor.Finding{}, "", false
	}
	c := w.cands[0]
	conf := c.f.Confidence
	if allowed := authdoctor.ConfidenceOf(c.net); allowed.Rank() < conf.Rank() {
		conf = allowed
	}
	return c.f, conf, true
}

// DecidedBy is the evidence for the winner, strongest first.
func (w Weighing) DecidedBy() []authdoctor.Evidence {
	if _, _, ok := w.Winner(); !ok {
		return nil
	}
	return append([]authdoctor.Evidence(nil), w.cands[0].pro...)
}

// maxRuledOut is how many competitors a report explains.
const maxRuledOut = 3

// RuledOut explains the closest competitors of the winner (every
// candidate when none survived), one per cause.
func (w Weighing) RuledOut() []authdoctor.RuledOut {
	var out []authdoctor.RuledOut
	start := 1
	var win *candidate
	if _, _, ok := w.Winner(); ok {
		win = &w.cands[0]
	} else {
		start = 0
	}
	seen := map[authdoctor.Cause]bool{}
	if win != nil {
		seen[win.f.Cause] = true
	}
	for _, c := range w.cands[start:] {
		if seen[c.f.Cause] || len(out) == maxRuledOut {
			continue
		}
		seen[c.f.Cause] = true
		out = append(out, authdoctor.RuledOut{Cause: c.f.Cause, Finding: c.f.ID, Because: because(c, win), Against: c.con})
	}
	return out
}

// because says in one sentence why c lost to win (nil: nothing won).
func because(c candidate, win *candidate) string {
	if c.out {
		for _, e := range c.con {
			if e.Strength == authdoctor.Decisive {
				return "Contradicted: " + e.Fact + "."
			}
		}
		if len(c.con) > 0 {
			return "Too weak once the evidence against it is counted: " + c.con[0].Fact + "."
		}
		return "Too weak to name."
	}
	if win == nil {
		return ""
	}
	switch {
	case c.net < win.net:
		s := fmt.Sprintf("Weaker evidence: %s for %s, %s for %s.", c.net, c.f.Cause, win.net, win.f.Cause)
		if len(c.con) > 0 {
			s += " Against it: " + c.con[0].Fact + "."
		}
		return s
	case c.f.Cause.Layer() > win.f.Cause.Layer():
		return fmt.Sprintf("As strong (%s), but %s sits lower in the stack and must be fixed first; %s may show once it is.", c.net, win.f.Cause, c.f.Cause)
	default:
		return fmt.Sprintf("As strong (%s) and in the same layer; %s is the more specific check.", c.net, win.f.ID)
	}
}
