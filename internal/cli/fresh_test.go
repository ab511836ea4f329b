package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/doctor"
	"github.com/authdoctor/authdoctor/lab"
)

// TestFreshToken: check --fresh-token mints a token with the lab client
// and proves that a new token fixes a revoked or rotated one; a token
// that is fine is not replaced at all.
func TestFreshToken(t *testing.T) {
	t.Parallel()
	l, err := lab.Start(context.Background(), lab.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	for _, tc := range []struct {
		scenario string
		want     authdoctor.Cause
		fresh    bool // a fresh-token probe is expected
	}{
		{"revoked", authdoctor.CauseTokenRejected, true},
		{"rotated-key", authdoctor.CauseSigningKeyUnknown, true},
		{"ok", authdoctor.CauseAccepted, false},
		{"scope", authdoctor.CauseInsufficientScope, false},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			t.Parallel()
			s, _ := l.Scenario(tc.scenario)
			envs := map[string]string{}
			for k, v := range s.Env {
				envs[k] = v
			}
			for k, v := range l.ClientEnv() {
				envs[k] = v
			}
			var out bytes.Buffer
			env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Lookup: func(k string) (string, bool) { v, ok := envs[k]; return v, ok }}
			var res *authdoctor.Run
			o := &checkOptions{result: func(r authdoctor.Run) { res = &r }}
			cmd := checkCommand(env, o)
			args := append(scenarioArgs(s), "--fresh-token")
			if !strings.Contains(strings.Join(args, " "), "--client-id-env") {
				args = append(args, "--client-id-env", "LAB_CLIENT_ID", "--client-secret-env", "LAB_CLIENT_SECRET")
			}
			cmd.SetArgs(args)
			_ = cmd.ExecuteContext(context.Background())
			if res == nil {
				t.Fatalf("check did not run:\n%s", out.String())
			}
			v := res.Diagnosis.Verdict
			if v.Cause != tc.want {
				t.Errorf("verdict %s, want %s\n%s", v.Cause, tc.want, out.String())
			}
			p := res.Observation.Confirmation(doctor.FreshHypothesis)
			if (p != nil) != tc.fresh {
				t.Fatalf("fresh-token probe sent: %v, want %v\n%s", p != nil, tc.fresh, out.String())
			}
			if tc.fresh && (p.Status() != 200 || v.Confidence != authdoctor.Confirmed) {
				t.Errorf("fresh token got %d, verdict %s (%s); want 200 and confirmed\n%s", p.Status(), v.Cause, v.Confidence, out.String())
			}
			if sec := envs["LAB_CLIENT_SECRET"]; strings.Contains(out.String(), sec) {
				t.Error("output contains the client secret")
			}
		})
	}
}
