package diagnose

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
)

func causeFix(c authdoctor.Cause) string {
	ci, _ := c.Info()
	return ci.Fix
}

func TestDiagnoseVerdict(t *testing.T) {
	t.Parallel()
	ok := observe(req(apiURL, bearer(opaque(1)))).baseline(challenge401()).auth(jsonRec(200, `[]`)).obs()
	refused := observe(req(apiURL, bearer(opaque(2)))).baseline(challenge401()).auth(challenge401()).obs()
	acceptedFix := causeFix(authdoctor.CauseAccepted)
	unexpectedFix := causeFix(authdoctor.CauseUnexpectedStatus)
	cases := []struct {
		name string
		obs  *authdoctor.Observation
		// findings are hand-made; when run is set, check.Run supplies them.
		findings []authdoctor.Finding
		run      bool
		want     authdoctor.Verdict
	}{
		{
			name: "accepted with no findings",
			obs:  ok, run: true,
			want: authdoctor.Verdict{Cause: authdoctor.CauseAccepted, Confidence: authdoctor.Confirmed,
				Summary: "The server accepted the request with this credential (200 OK).", Fix: acceptedFix},
		},
		{
			name: "accepted with a warning from check.Run",
			obs:  observe(req(apiURL, literal("Authorization", "Bearer "+opaque(3)))).auth(jsonRec(200, `[]`)).obs(), run: true,
			want: authdoctor.Verdict{Cause: authdoctor.CauseAccepted, Confidence: authdoctor.Confirmed,
				Summary: "The server accepted the request with this credential (200 OK). 1 thing(s) below are still worth fixing.", Fix: acceptedFix},
		},
		{
			name: "accepted counts warnings, not infos",
			obs:  ok,
			findings: []authdoctor.Finding{
				mk("header.scheme-case", authdoctor.CauseSchemeMismatch, sevInfo, authdoctor.Possible),
				mk("request.secret-in-argv", authdoctor.CauseCredentialExposed, sevWarn, authdoctor.Confirmed),
				mk("header.quoted", authdoctor.CauseCredentialMalformed, sevWarn, authdoctor.Possible),
			},
			want: authdoctor.Verdict{Cause: authdoctor.CauseAccepted, Confidence: authdoctor.Confirmed,
				Summary: "The server accepted the request with this credential (200 OK). 2 thing(s) below are still worth fixing.", Fix: acceptedFix},
		},
		{
			name: "accepted 204",
			obs:  observe(req(apiURL, bearer(opaque(1)))).auth(rec{status: 204}).obs(),
			want: authdoctor.Verdict{Cause: authdoctor.CauseAccepted, Confidence: authdoctor.Confirmed,
				Summary: "The server accepted the request with this credential (204 No Content).", Fix: acceptedFix},
		},
		{
			name: "failed with no finding is unexpected_status",
			obs:  refused,
			want: authdoctor.Verdict{Cause: authdoctor.CauseUnexpectedStatus, Confidence: authdoctor.Possible,
				Summary: "The server answered 401 Unauthorized and authdoctor could not isolate a cause from the evidence.", Fix: unexpectedFix},
		},
		{
			name: "failed with only warnings is unexpected_status",
			obs:  refused,
			findings: []authdoctor.Finding{
				mk("request.secret-in-argv", authdoctor.CauseCredentialExposed, sevWarn, authdoctor.Confirmed),
			},
			want: authdoctor.Verdict{Cause: authdoctor.CauseUnexpectedStatus, Confidence: authdoctor.Possible,
				Summary: "The server answered 401 Unauthorized and authdoctor could not isolate a cause from the evidence.", Fix: unexpectedFix},
		},
		{
			name: "unfollowed redirect",
			obs:  observe(req(apiURL, bearer(opaque(1)))).auth(rec{status: 302, header: hdr("Location", "/login")}).obs(),
			want: authdoctor.Verdict{Cause: authdoctor.CauseUnexpectedStatus, Confidence: authdoctor.Possible,
				Summary: "The server answered 302 Found; authdoctor did not follow it.", Fix: unexpectedFix},
		},
		{
			name: "no response and no finding",
			obs:  observe(req(apiURL, bearer(opaque(1)))).fail(authdoctor.RoleAuthenticated, authdoctor.PhaseTimeout, "timeout after 10s").obs(),
			want: authdoctor.Verdict{Cause: authdoctor.CauseUnexpectedStatus, Confidence: authdoctor.Possible,
				Summary: "The request could not complete: timeout after 10s.", Fix: unexpectedFix},
		},
		{
			name: "nothing sent",
			obs:  observe(req(apiURL, bearer(opaque(1)))).obs(),
			want: authdoctor.Verdict{Cause: authdoctor.CauseUnexpectedStatus, Confidence: authdoctor.Possible,
				Summary: "authdoctor could not isolate a cause from the evidence.", Fix: unexpectedFix},
		},
		{
			name: "verdict takes summary, fix and id from the top finding",
			obs:  refused,
			findings: []authdoctor.Finding{
				mk("request.secret-in-argv", authdoctor.CauseCredentialExposed, sevWarn, authdoctor.Confirmed),
				mk("token.rejected", authdoctor.CauseTokenRejected, sevErr, authdoctor.Likely),
				mk("header.quoted", authdoctor.CauseCredentialMalformed, sevErr, authdoctor.Likely),
			},
			want: authdoctor.Verdict{Cause: authdoctor.CauseCredentialMalformed, Confidence: authdoctor.Likely,
				Summary: "summary of header.quoted", Fix: "fix of header.quoted", Finding: "header.quoted"},
		},
		{
			name: "a possible lower layer never outranks a confirmed higher one",
			obs:  refused,
			findings: []authdoctor.Finding{
				mk("token.rejected", authdoctor.CauseTokenRejected, sevErr, authdoctor.Confirmed),
				mk("header.quoted", authdoctor.CauseCredentialMalformed, sevErr, authdoctor.Possible),
			},
			want: authdoctor.Verdict{Cause: authdoctor.CauseTokenRejected, Confidence: authdoctor.Confirmed,
				Summary: "summary of token.rejected", Fix: "fix of token.rejected", Finding: "token.rejected"},
		},
		{
			name: "an error finding beats a 2xx",
			obs:  ok,
			findings: []authdoctor.Finding{
				mk("token.expired", authdoctor.CauseTokenExpired, sevErr, authdoctor.Likely),
			},
			want: authdoctor.Verdict{Cause: authdoctor.CauseTokenExpired, Confidence: authdoctor.Likely,
				Summary: "summary of token.expired", Fix: "fix of token.expired", Finding: "token.expired"},
		},
		{
			name: "expired token from check.Run",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(-time.Hour))))).baseline(challenge401()).auth(challenge401()).obs(), run: true,
			want: authdoctor.Verdict{Cause: authdoctor.CauseTokenExpired, Confidence: authdoctor.Likely,
				Summary: "The token expired 1h ago (at 2026-11-29 11:00:00 UTC).",
				Fix:     causeFix(authdoctor.CauseTokenExpired), Finding: "token.expired"},
		},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fs := tt.findings
			if tt.run {
				fs = check.Run(tt.obs, check.Options{})
			}
			d := Diagnose(tt.obs, fs, check.Options{})
			if d := cmp.Diff(tt.want, d.Verdict); d != "" {
				t.Errorf("verdict (-want +got):\n%s\nfindings:\n%s", d, dump(fs))
			}
			if d := cmp.Diff(Rank(fs), d.Findings); d != "" {
				t.Errorf("Diagnosis.Findings is not Rank(findings) (-want +got):\n%s", d)
			}
			if got, want := d.Failed(), tt.want.Cause != authdoctor.CauseAccepted; got != want {
				t.Errorf("Failed() = %v, want %v", got, want)
			}
		})
	}
}

func TestDiagnoseCredential(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		obs  *authdoctor.Observation
		// want is nil when no credential was sent.
		want *authdoctor.Credential
	}{
		{
			name: "no credential",
			obs:  observe(req(apiURL, fld("Accept", "application/json"))).auth(challenge401()).obs(),
		},
		{
			name: "opaque bearer",
			obs:  observe(req(apiURL, bearer(opaque(4)))).auth(challenge401()).obs(),
			want: &authdoctor.Credential{Header: "Authorization", Scheme: "Bearer", Kind: "opaque", Length: len(opaque(4)), Fingerprint: authdoctor.Fingerprint(opaque(4))},
		},
		{
			name: "authorization is primary over an api key",
			obs:  observe(req(apiURL, fld("X-API-Key", opaque(5)), basic("alice:"+opaque(6)))).auth(challenge401()).obs(),
			want: &authdoctor.Credential{Header: "Authorization", Scheme: "Basic", Kind: "basic"},
		},
		{
			name: "api key alone",
			obs:  observe(req(apiURL, fld("X-API-Key", opaque(5)))).auth(challenge401()).obs(),
			want: &authdoctor.Credential{Header: "X-API-Key"},
		},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := Diagnose(tt.obs, check.Run(tt.obs, check.Options{}), check.Options{})
			if tt.want == nil {
				if d.Credential != nil {
					t.Fatalf("Credential = %+v, want nil", *d.Credential)
				}
				return
			}
			if d.Credential == nil {
				t.Fatal("Credential is nil")
			}
			got := *d.Credential
			// Compare what the case pins; credential/ tests the rest.
			pin := authdoctor.Credential{Header: got.Header}
			if tt.want.Scheme != "" {
				pin.Scheme = got.Scheme
			}
			if tt.want.Kind != "" {
				pin.Kind = got.Kind
			}
			if tt.want.Length != 0 {
				pin.Length, pin.Fingerprint = got.Length, got.Fingerprint
			}
			if d := cmp.Diff(*tt.want, pin); d != "" {
				t.Errorf("Credential (-want +got):\n%s", d)
			}
		})
	}
}

func TestFreshEvidence(t *testing.T) {
	t.Parallel()
	base := func(status int) *authdoctor.Observation {
		return &authdoctor.Observation{Probes: []authdoctor.Probe{
			{Role: authdoctor.RoleAuthenticated, Hops: []authdoctor.Exchange{{Status: 401}}},
			{Role: authdoctor.RoleConfirm, Hypothesis: "token.fresh", Hops: []authdoctor.Exchange{{Status: status}}},
		}}
	}
	fs := []authdoctor.Finding{
		{ID: "token.kid-unknown", Cause: authdoctor.CauseSigningKeyUnknown, Severity: authdoctor.SeverityError, Confidence: authdoctor.Likely},
		{ID: "token.rejected", Cause: authdoctor.CauseTokenRejected, Severity: authdoctor.SeverityError, Confidence: authdoctor.Likely},
		{ID: "authz.forbidden", Cause: authdoctor.CausePermissionDenied, Severity: authdoctor.SeverityError, Confidence: authdoctor.Possible},
	}
	got := freshEvidence(base(200), fs)
	if got[0].Confidence != authdoctor.Confirmed || got[1].Confidence != authdoctor.Confirmed || got[2].Confidence != authdoctor.Possible {
		t.Errorf("accepted fresh token: confidences %s %s %s", got[0].Confidence, got[1].Confidence, got[2].Confidence)
	}
	if fs[0].Confidence != authdoctor.Likely {
		t.Error("freshEvidence changed its input")
	}
	got = freshEvidence(base(401), fs)
	if got[1].Severity != authdoctor.SeverityWarning || got[0].Severity != authdoctor.SeverityError {
		t.Errorf("refused fresh token: severities %s %s", got[0].Severity, got[1].Severity)
	}
	if d := Diagnose(base(401), fs, check.Options{}); d.Verdict.Finding != "token.kid-unknown" {
		t.Errorf("verdict rests on %s", d.Verdict.Finding)
	}
}
