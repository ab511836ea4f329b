package diagnose

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
)

// mk is a hand-made finding; only what Rank and the verdict read is set.
func mk(id string, cause authdoctor.Cause, sev authdoctor.Severity, conf authdoctor.Confidence) authdoctor.Finding {
	return authdoctor.Finding{ID: id, Cause: cause, Severity: sev, Confidence: conf,
		Summary: "summary of " + id, Fix: "fix of " + id, Evidence: []string{"evidence of " + id}, Doc: cause.Doc()}
}

const (
	sevErr  = authdoctor.SeverityError
	sevWarn = authdoctor.SeverityWarning
	sevInfo = authdoctor.SeverityInfo
)

func TestRank(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		in   []authdoctor.Finding
		want []string
	}{
		{
			name: "empty",
			in:   nil,
			want: []string{},
		},
		{
			name: "lowest layer wins among errors of one confidence",
			in: []authdoctor.Finding{
				mk("scope.insufficient", authdoctor.CauseInsufficientScope, sevErr, authdoctor.Likely),
				mk("token.rejected", authdoctor.CauseTokenRejected, sevErr, authdoctor.Likely),
				mk("server.error", authdoctor.CauseServerError, sevErr, authdoctor.Likely),
				mk("redirect.auth-dropped", authdoctor.CauseAuthDroppedOnRedirect, sevErr, authdoctor.Likely),
				mk("header.quoted", authdoctor.CauseCredentialMalformed, sevErr, authdoctor.Likely),
				mk("endpoint.not-found", authdoctor.CauseEndpointNotFound, sevErr, authdoctor.Likely),
				mk("gate.rate-limited", authdoctor.CauseRateLimited, sevErr, authdoctor.Likely),
				mk("transport.unreachable", authdoctor.CauseEndpointUnreachable, sevErr, authdoctor.Likely),
			},
			want: []string{"transport.unreachable", "gate.rate-limited", "endpoint.not-found", "header.quoted",
				"redirect.auth-dropped", "token.rejected", "scope.insufficient", "server.error"},
		},
		{
			name: "confidence beats layer",
			in: []authdoctor.Finding{
				mk("token.expired", authdoctor.CauseTokenExpired, sevErr, authdoctor.Confirmed),
				mk("header.double-scheme", authdoctor.CauseHeaderMalformed, sevErr, authdoctor.Possible),
			},
			want: []string{"token.expired", "header.double-scheme"},
		},
		{
			name: "confidence orders errors of one layer",
			in: []authdoctor.Finding{
				mk("token.rejected", authdoctor.CauseTokenRejected, sevErr, authdoctor.Possible),
				mk("token.expired", authdoctor.CauseTokenExpired, sevErr, authdoctor.Likely),
				mk("credential.wrong-kind", authdoctor.CauseWrongCredentialKind, sevErr, authdoctor.Confirmed),
			},
			want: []string{"credential.wrong-kind", "token.expired", "token.rejected"},
		},
		{
			name: "unknown confidence ranks below possible",
			in: []authdoctor.Finding{
				mk("token.rejected", authdoctor.CauseTokenRejected, sevErr, ""),
				mk("token.expired", authdoctor.CauseTokenExpired, sevErr, authdoctor.Possible),
			},
			want: []string{"token.expired", "token.rejected"},
		},
		{
			name: "unknown cause sorts with the server layer",
			in: []authdoctor.Finding{
				mk("x.made-up", authdoctor.Cause("made_up"), sevErr, authdoctor.Confirmed),
				mk("authz.forbidden", authdoctor.CausePermissionDenied, sevErr, authdoctor.Confirmed),
			},
			want: []string{"authz.forbidden", "x.made-up"},
		},
		{
			name: "severity before layer",
			in: []authdoctor.Finding{
				mk("header.scheme-case", authdoctor.CauseSchemeMismatch, sevInfo, authdoctor.Possible),
				mk("gate.rate-limited", authdoctor.CauseRateLimited, sevWarn, authdoctor.Confirmed),
				mk("status.unexpected", authdoctor.CauseUnexpectedStatus, sevErr, authdoctor.Possible),
			},
			want: []string{"status.unexpected", "gate.rate-limited", "header.scheme-case"},
		},
		{
			name: "warnings by confidence",
			in: []authdoctor.Finding{
				mk("header.scheme-mismatch", authdoctor.CauseSchemeMismatch, sevWarn, authdoctor.Possible),
				mk("request.secret-in-argv", authdoctor.CauseCredentialExposed, sevWarn, authdoctor.Confirmed),
			},
			want: []string{"request.secret-in-argv", "header.scheme-mismatch"},
		},
		{
			name: "equal keys keep check order",
			in: []authdoctor.Finding{
				mk("header.control-char", authdoctor.CauseCredentialMalformed, sevErr, authdoctor.Likely),
				mk("header.quoted", authdoctor.CauseCredentialMalformed, sevErr, authdoctor.Likely),
				mk("header.double-scheme", authdoctor.CauseHeaderMalformed, sevErr, authdoctor.Likely),
				mk("header.scheme-colon", authdoctor.CauseHeaderMalformed, sevErr, authdoctor.Likely),
			},
			want: []string{"header.control-char", "header.quoted", "header.double-scheme", "header.scheme-colon"},
		},
		{
			name: "equal keys keep order among infos and warnings",
			in: []authdoctor.Finding{
				mk("b.info", authdoctor.CauseSchemeMismatch, sevInfo, authdoctor.Possible),
				mk("a.warn", authdoctor.CauseCredentialExposed, sevWarn, authdoctor.Confirmed),
				mk("c.info", authdoctor.CauseSchemeMismatch, sevInfo, authdoctor.Possible),
				mk("d.warn", authdoctor.CauseCredentialExposed, sevWarn, authdoctor.Confirmed),
			},
			want: []string{"a.warn", "d.warn", "b.info", "c.info"},
		},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := append([]authdoctor.Finding(nil), tt.in...)
			got := Rank(in)
			if d := cmp.Diff(tt.want, ids(got)); d != "" {
				t.Errorf("Rank order (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.in, in); d != "" {
				t.Errorf("Rank changed its input (-before +after):\n%s", d)
			}
			if d := cmp.Diff(got, Rank(got)); d != "" {
				t.Errorf("Rank is not idempotent (-once +twice):\n%s", d)
			}
		})
	}
}

// TestRankStableUnderPermutation: findings with distinct keys rank the
// same whatever order they come in.
func TestRankStableUnderPermutation(t *testing.T) {
	t.Parallel()
	fs := []authdoctor.Finding{
		mk("gate.rate-limited", authdoctor.CauseRateLimited, sevErr, authdoctor.Likely),
		mk("header.quoted", authdoctor.CauseCredentialMalformed, sevErr, authdoctor.Confirmed),
		mk("token.rejected", authdoctor.CauseTokenRejected, sevErr, authdoctor.Likely),
		mk("token.expired", authdoctor.CauseTokenExpired, sevErr, authdoctor.Confirmed),
		mk("request.secret-in-argv", authdoctor.CauseCredentialExposed, sevWarn, authdoctor.Confirmed),
		mk("header.scheme-case", authdoctor.CauseSchemeMismatch, sevInfo, authdoctor.Possible),
	}
	want := []string{"header.quoted", "token.expired", "gate.rate-limited", "token.rejected", "request.secret-in-argv", "header.scheme-case"}
	// Every rotation and the reversal.
	var orders [][]authdoctor.Finding
	for r := range fs {
		orders = append(orders, append(append([]authdoctor.Finding(nil), fs[r:]...), fs[:r]...))
	}
	rev := make([]authdoctor.Finding, len(fs))
	for i, f := range fs {
		rev[len(fs)-1-i] = f
	}
	orders = append(orders, rev)
	for i, o := range orders {
		if d := cmp.Diff(want, ids(Rank(o))); d != "" {
			t.Errorf("order %d (-want +got):\n%s", i, d)
		}
	}
}
