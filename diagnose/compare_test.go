package diagnose

import (
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestCompare(t *testing.T) {
	t.Parallel()
	run := func(env, expectEnv string, cause authdoctor.Cause, c *authdoctor.Credential) authdoctor.EnvRun {
		return authdoctor.EnvRun{Env: env, Run: authdoctor.Run{Observation: &authdoctor.Observation{Expect: authdoctor.Expect{Environment: expectEnv}},
			Diagnosis: authdoctor.Diagnosis{Verdict: authdoctor.Verdict{Cause: cause}, Credential: c}}}
	}
	testKey := &authdoctor.Credential{Kind: "api_key", Fingerprint: "aaaa1111", Prefix: "sk_test_", Environment: "test"}
	liveKey := &authdoctor.Credential{Kind: "api_key", Fingerprint: "bbbb2222", Prefix: "sk_live_", Environment: "live"}
	jwtA := &authdoctor.Credential{Kind: "jwt", Fingerprint: "cccc", JWT: &authdoctor.JWT{Scopes: []string{"orders:read", "orders:write"}}}
	jwtB := &authdoctor.Credential{Kind: "jwt", Fingerprint: "dddd", JWT: &authdoctor.JWT{Scopes: []string{"orders:read"}}}
	for _, tc := range []struct {
		name       string
		rs         []authdoctor.EnvRun
		notes      []string
		conclusion string
	}{
		{"all accepted", []authdoctor.EnvRun{run("sandbox", "sandbox", authdoctor.CauseAccepted, testKey), run("production", "production", authdoctor.CauseAccepted, liveKey)},
			nil, "Every environment (sandbox, production) accepts the request."},
		{"test key in production", []authdoctor.EnvRun{run("sandbox", "sandbox", authdoctor.CauseAccepted, testKey), run("production", "production", authdoctor.CauseEnvironmentMismatch, &authdoctor.Credential{Fingerprint: "eeee", Prefix: "sk_test_", Environment: "test"})},
			[]string{"production uses a test credential (sk_test_…), but it is the production environment"}, "production fails while sandbox accepts it"},
		{"same credential twice", []authdoctor.EnvRun{run("sandbox", "", authdoctor.CauseAccepted, testKey), run("production", "", authdoctor.CauseCredentialsRejected, testKey)},
			[]string{"the same credential (sha256 aaaa1111) is used in sandbox and production"}, ""},
		{"scope granted in one only", []authdoctor.EnvRun{run("sandbox", "", authdoctor.CauseAccepted, jwtA), run("production", "", authdoctor.CauseInsufficientScope, jwtB)},
			[]string{"sandbox's token has orders:write; production's does not"}, ""},
		{"none accepts", []authdoctor.EnvRun{run("a", "", authdoctor.CauseTokenExpired, nil), {Env: "b", Err: "no such variable"}},
			[]string{"b could not be checked: no such variable"}, "No environment accepts the request (a token_expired, b not checked)."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			notes, conclusion := Compare(tc.rs)
			for _, want := range tc.notes {
				found := false
				for _, n := range notes {
					if strings.Contains(n, want) {
						found = true
					}
				}
				if !found {
					t.Errorf("notes %q lack %q", notes, want)
				}
			}
			if tc.notes == nil && len(notes) > 0 {
				t.Errorf("unexpected notes %q", notes)
			}
			if !strings.Contains(conclusion, tc.conclusion) {
				t.Errorf("conclusion %q lacks %q", conclusion, tc.conclusion)
			}
		})
	}
}
