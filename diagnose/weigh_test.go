package diagnose

import (
	"os"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
)

// notReceived is the delivery hypothesis the receipt rules argue against,
// at the confidence check.List gives it when the answers look alike.
func notReceived() authdoctor.Finding {
	return mk("delivery.not-received", authdoctor.CauseCredentialNotReceived, authdoctor.SeverityError, authdoctor.Possible)
}

// ruleCase is one observation a rule must (or must not) weigh, with the
// findings it is weighed with and the verdict cause that must follow.
type ruleCase struct {
	name string
	rule string
	obs  *authdoctor.Observation
	fs   []authdoctor.Finding
	// want is the evidence the rule must give: cause, strength; zero
	// strength means the rule must stay silent.
	cause    authdoctor.Cause
	strength authdoctor.Strength
	// verdict is the winning cause; "" means no candidate survives.
	verdict authdoctor.Cause
}

func ruleCases() []ruleCase {
	tok := opaque(1)
	plain401 := jsonRec(401, `{"message":"authentication required"}`, "WWW-Authenticate", `Bearer realm="api"`)
	invalid401 := jsonRec(401, `{"message":"authentication required"}`, "WWW-Authenticate", `Bearer realm="api", error="invalid_token"`)
	expired401 := jsonRec(401, `{"message":"token expired"}`, "WWW-Authenticate", `Bearer realm="api"`)
	rejected := mk("token.rejected", authdoctor.CauseTokenRejected, authdoctor.SeverityError, authdoctor.Possible)
	forbidden := jsonRec(403, `{"message":"forbidden"}`)
	denied := mk("authz.forbidden", authdoctor.CausePermissionDenied, authdoctor.SeverityError, authdoctor.Likely)
	unexpected := mk("status.unexpected", authdoctor.CauseUnexpectedStatus, authdoctor.SeverityError, authdoctor.Possible)
	sig := mk("token.signature", authdoctor.CauseSignatureInvalid, authdoctor.SeverityError, authdoctor.Likely)
	dropped := mk("redirect.dropped", authdoctor.CauseAuthDroppedOnRedirect, authdoctor.SeverityError, authdoctor.Likely)
	return []ruleCase{
		{
			name: "error=invalid_token only on the answer to the credential", rule: "receipt.error-code",
			obs:   observe(req(apiURL, bearer(tok))).baseline(plain401).auth(invalid401).obs(),
			fs:    []authdoctor.Finding{notReceived(), rejected},
			cause: authdoctor.CauseCredentialNotReceived, strength: authdoctor.Decisive, verdict: authdoctor.CauseTokenRejected,
		},
		{
			name: "error=invalid_token said to everyone proves nothing", rule: "receipt.error-code",
			obs:     observe(req(apiURL, bearer(tok))).baseline(invalid401).auth(invalid401).obs(),
			fs:      []authdoctor.Finding{notReceived(), rejected},
			verdict: authdoctor.CauseCredentialNotReceived,
		},
		{
			name: "answer with the credential differs from the anonymous one", rule: "receipt.answer-differs",
			obs:   observe(req(apiURL, bearer(tok))).baseline(plain401).auth(forbidden).obs(),
			fs:    []authdoctor.Finding{notReceived(), denied},
			cause: authdoctor.CauseCredentialNotReceived, strength: authdoctor.Decisive, verdict: authdoctor.CausePermissionDenied,
		},
		{
			name: "a damaged copy gets another answer", rule: "receipt.answer-differs",
			obs:   observe(req(apiURL, bearer(tok))).auth(plain401).corrupted(invalid401).obs(),
			fs:    []authdoctor.Finding{notReceived(), rejected},
			cause: authdoctor.CauseCredentialNotReceived, strength: authdoctor.Decisive, verdict: authdoctor.CauseTokenRejected,
		},
		{
			name: "identical answers: no proof of receipt", rule: "receipt.answer-differs",
			obs:     observe(req(apiURL, bearer(tok))).baseline(plain401).auth(plain401).obs(),
			fs:      []authdoctor.Finding{notReceived(), rejected},
			verdict: authdoctor.CauseCredentialNotReceived,
		},
		{
			name: "the server says expired only about the credential", rule: "receipt.server-words",
			obs:   observe(req(apiURL, bearer(tok))).baseline(plain401).auth(expired401).obs(),
			fs:    []authdoctor.Finding{notReceived(), rejected},
			cause: authdoctor.CauseCredentialNotReceived, strength: authdoctor.Decisive, verdict: authdoctor.CauseTokenRejected,
		},
		{
			name: "the server says expired with no anonymous answer to compare", rule: "receipt.server-words",
			obs:   observe(req(apiURL, bearer(tok))).auth(expired401).obs(),
			fs:    []authdoctor.Finding{mk("delivery.not-received", authdoctor.CauseCredentialNotReceived, authdoctor.SeverityError, authdoctor.Likely), rejected},
			cause: authdoctor.CauseCredentialNotReceived, strength: authdoctor.Strong,
			// likely lowered to weak ties with token_rejected (possible);
			// delivery is the lower layer.
			verdict: authdoctor.CauseCredentialNotReceived,
		},
		{
			name: "expired said to everyone proves nothing", rule: "receipt.server-words",
			obs:     observe(req(apiURL, bearer(tok))).baseline(expired401).auth(expired401).obs(),
			fs:      []authdoctor.Finding{notReceived(), rejected},
			verdict: authdoctor.CauseCredentialNotReceived,
		},
		{
			name: "a session called expired or invalid under another scheme's challenge", rule: "receipt.scheme-read",
			obs: observe(req(apiURL, fld("Authorization", "OAuth "+tok))).
				auth(jsonRec(401, `[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`, "WWW-Authenticate", "Token")).obs(),
			fs:    []authdoctor.Finding{mk("header.scheme-mismatch", authdoctor.CauseSchemeMismatch, authdoctor.SeverityError, authdoctor.Possible), rejected},
			cause: authdoctor.CauseSchemeMismatch, strength: authdoctor.Strong, verdict: authdoctor.CauseTokenRejected,
		},
		{
			name: "a server that says only not authorized may not have read the scheme", rule: "receipt.scheme-read",
			obs: observe(req(apiURL, bearer(tok))).
				auth(jsonRec(401, `{"detail":"You are not authorized"}`, "WWW-Authenticate", "Token")).obs(),
			fs:      []authdoctor.Finding{mk("header.scheme-mismatch", authdoctor.CauseSchemeMismatch, authdoctor.SeverityError, authdoctor.Possible), rejected},
			verdict: authdoctor.CauseSchemeMismatch,
		},
		{
			name: "invalid token said to everyone proves nothing about the scheme", rule: "receipt.scheme-read",
			obs: observe(req(apiURL, bearer(tok))).
				baseline(jsonRec(401, `{"detail":"Invalid token."}`, "WWW-Authenticate", "Token")).
				auth(jsonRec(401, `{"detail":"Invalid token."}`, "WWW-Authenticate", "Token")).obs(),
			fs:      []authdoctor.Finding{mk("header.scheme-mismatch", authdoctor.CauseSchemeMismatch, authdoctor.SeverityError, authdoctor.Likely), rejected},
			verdict: authdoctor.CauseSchemeMismatch,
		},
		{
			name: "a 403 anonymous callers get too says nothing about who you are", rule: "receipt.same-as-anonymous",
			obs:   observe(req(apiURL, bearer(tok))).baseline(forbidden).auth(forbidden).obs(),
			fs:    []authdoctor.Finding{mk("authz.forbidden", authdoctor.CausePermissionDenied, authdoctor.SeverityError, authdoctor.Likely), unexpected},
			cause: authdoctor.CausePermissionDenied, strength: authdoctor.Strong,
			// likely lowered to weak, ahead of nothing stronger: the layer
			// order puts authorisation before server.
			verdict: authdoctor.CausePermissionDenied,
		},
		{
			name: "a 403 only for the credential is a refusal of you", rule: "receipt.same-as-anonymous",
			obs:     observe(req(apiURL, bearer(tok))).baseline(plain401).auth(forbidden).obs(),
			fs:      []authdoctor.Finding{denied, unexpected},
			verdict: authdoctor.CausePermissionDenied,
		},
		{
			name: "a signature that does not verify beats a redirect that dropped the header", rule: "token.fails-alone",
			obs:   observe(req(apiURL, bearer(tok))).auth(plain401).obs(),
			fs:    []authdoctor.Finding{dropped, sig},
			cause: authdoctor.CauseAuthDroppedOnRedirect, strength: authdoctor.Strong, verdict: authdoctor.CauseSignatureInvalid,
		},
		{
			name: "a possible signature doubt condemns nothing", rule: "token.fails-alone",
			obs:     observe(req(apiURL, bearer(tok))).auth(plain401).obs(),
			fs:      []authdoctor.Finding{dropped, mk("token.signature", authdoctor.CauseSignatureInvalid, authdoctor.SeverityError, authdoctor.Possible)},
			verdict: authdoctor.CauseAuthDroppedOnRedirect,
		},
	}
}

func TestRules(t *testing.T) {
	for _, tc := range ruleCases() {
		t.Run(tc.name, func(t *testing.T) {
			in := check.NewInput(tc.obs, check.Options{})
			var rule *Rule
			for _, r := range Rules() {
				if r.ID == tc.rule {
					rule = &r
				}
			}
			if rule == nil {
				t.Fatalf("no rule %s", tc.rule)
			}
			ev := rule.Weigh(in, tc.fs)
			if tc.strength == authdoctor.StrengthNone {
				if len(ev) > 0 {
					t.Errorf("%s weighed %+v, want nothing", tc.rule, ev)
				}
			} else {
				found := false
				for _, e := range ev {
					if e.Cause == tc.cause && e.Strength == tc.strength && e.Against && e.Rule == tc.rule && e.Fact != "" {
						found = true
					}
				}
				if !found {
					t.Errorf("%s weighed %+v, want %s evidence against %s", tc.rule, ev, tc.strength, tc.cause)
				}
			}
			w := Weigh(in, tc.fs)
			f, _, ok := w.Winner()
			switch {
			case tc.verdict == "" && ok:
				t.Errorf("winner %s, want none", f.Cause)
			case tc.verdict != "" && (!ok || f.Cause != tc.verdict):
				t.Errorf("winner %s (%v), want %s", f.Cause, ok, tc.verdict)
			}
		})
	}
}

// TestEveryRuleTestedAndDocumented: each rule has a case where it speaks
// and one where it must not, and its id is in docs/causes.md.
func TestEveryRuleTestedAndDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/causes.md")
	if err != nil {
		t.Fatal(err)
	}
	speaks, silent := map[string]bool{}, map[string]bool{}
	for _, tc := range ruleCases() {
		if tc.strength == authdoctor.StrengthNone {
			silent[tc.rule] = true
		} else {
			speaks[tc.rule] = true
		}
	}
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("rule %s twice", r.ID)
		}
		seen[r.ID] = true
		if !speaks[r.ID] || !silent[r.ID] {
			t.Errorf("rule %s: needs a case in ruleCases where it gives evidence and one where it gives none", r.ID)
		}
		if !strings.Contains(string(doc), "`"+r.ID+"`") {
			t.Errorf("rule %s is not named in docs/causes.md", r.ID)
		}
		if r.Doc == "" || r.Weigh == nil {
			t.Errorf("rule %s: no Doc or no Weigh", r.ID)
		}
	}
}

// TestWeighing covers the arithmetic: decisive against removes, strong
// against lowers one step, and strength goes before layer.
func TestWeighing(t *testing.T) {
	o := observe(req(apiURL, bearer(opaque(2)))).auth(challenge401()).obs()
	in := check.NewInput(o, check.Options{})
	t.Run("a possible finding in a lower layer loses to a confirmed one above it", func(t *testing.T) {
		fs := []authdoctor.Finding{
			mk("gate.waf", authdoctor.CauseNetworkPolicy, authdoctor.SeverityError, authdoctor.Possible),
			mk("token.expired", authdoctor.CauseTokenExpired, authdoctor.SeverityError, authdoctor.Confirmed),
		}
		f, conf, ok := Weigh(in, fs).Winner()
		if !ok || f.ID != "token.expired" || conf != authdoctor.Confirmed {
			t.Errorf("winner %s %s %v, want token.expired confirmed", f.ID, conf, ok)
		}
		ro := Weigh(in, fs).RuledOut()
		if len(ro) != 1 || ro[0].Cause != authdoctor.CauseNetworkPolicy || !strings.HasPrefix(ro[0].Because, "Weaker evidence") {
			t.Errorf("ruled out %+v", ro)
		}
	})
	t.Run("equal strength: the lower layer wins", func(t *testing.T) {
		fs := []authdoctor.Finding{
			mk("token.expired", authdoctor.CauseTokenExpired, authdoctor.SeverityError, authdoctor.Likely),
			mk("gate.waf", authdoctor.CauseNetworkPolicy, authdoctor.SeverityError, authdoctor.Likely),
		}
		f, _, _ := Weigh(in, fs).Winner()
		if f.ID != "gate.waf" {
			t.Errorf("winner %s, want gate.waf", f.ID)
		}
	})
	t.Run("warnings never win", func(t *testing.T) {
		fs := []authdoctor.Finding{mk("token.expiring", authdoctor.CauseTokenExpired, authdoctor.SeverityWarning, authdoctor.Confirmed)}
		if f, _, ok := Weigh(in, fs).Winner(); ok {
			t.Errorf("winner %s, want none", f.ID)
		}
	})
	t.Run("a weak finding lowered by strong evidence is out", func(t *testing.T) {
		fs := []authdoctor.Finding{
			mk("redirect.dropped", authdoctor.CauseAuthDroppedOnRedirect, authdoctor.SeverityError, authdoctor.Possible),
			mk("token.expired", authdoctor.CauseTokenExpired, authdoctor.SeverityError, authdoctor.Likely),
		}
		w := Weigh(in, fs)
		ro := w.RuledOut()
		if len(ro) != 1 || !strings.HasPrefix(ro[0].Because, "Too weak") {
			t.Errorf("ruled out %+v, want redirect.dropped too weak", ro)
		}
		if got := w.DecidedBy(); len(got) == 0 || got[0].Rule != "token.expired" {
			t.Errorf("decided by %+v", got)
		}
	})
}
