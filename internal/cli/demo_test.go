package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/lab"
)

// TestScenarios runs check, through the same flag parsing a user gets, on
// every lab scenario and asserts the verdict the scenario declares. It is
// the test behind "every cause has a lab scenario".
func TestScenarios(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l, err := lab.Start(ctx, lab.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	covered := map[authdoctor.Cause]bool{}
	for _, s := range l.Scenarios() {
		covered[s.Cause] = true
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			var res *authdoctor.Run
			var out bytes.Buffer
			opts := &checkOptions{result: func(r authdoctor.Run) { res = &r }}
			env := scenarioEnv(s, &out)
			cmd := checkCommand(env, opts)
			cmd.SetArgs(scenarioArgs(s))
			_ = cmd.ExecuteContext(ctx)
			if res == nil {
				t.Fatalf("check did not run")
			}
			if got := res.Diagnosis.Verdict.Cause; got != s.Cause {
				t.Errorf("verdict %s, want %s\n%s", got, s.Cause, out.String())
			}
			if s.Finding != "" && !hasFinding(res.Diagnosis, s.Finding) {
				t.Errorf("finding %s missing", s.Finding)
			}
			api, iss := res.Observation.RequestsSent()
			if api > res.Observation.MaxRequests {
				t.Errorf("sent %d requests to the API, budget %d", api, res.Observation.MaxRequests)
			}
			// The issuer's own budgets: 4 to ask it, 6 to discover the
			// token endpoint and 1 to mint.
			if iss > 11 {
				t.Errorf("sent %d requests to the issuer, more than its budgets allow (11)", iss)
			}
			for _, v := range s.Env {
				if len(strings.TrimSpace(v)) >= 6 && strings.Contains(out.String(), strings.TrimSpace(v)) {
					t.Errorf("output contains the scenario's credential")
				}
			}
		})
	}
	for _, ci := range authdoctor.Causes() {
		if !covered[ci.Cause] && ci.Cause != authdoctor.CauseCredentialExposed {
			t.Errorf("cause %s has no lab scenario", ci.Cause)
		}
	}
}

func scenarioEnv(s lab.Scenario, out *bytes.Buffer) Env {
	return Env{
		Stdin:  strings.NewReader(""),
		Stdout: out,
		Stderr: out,
		Lookup: func(k string) (string, bool) {
			v, ok := s.Env[k]
			return v, ok
		},
	}
}

func hasFinding(d authdoctor.Diagnosis, id string) bool {
	for _, f := range d.Findings {
		if f.ID == id {
			return true
		}
	}
	return false
}

// TestDemoJSON runs the demo command end to end and reads its JSON.
func TestDemoJSON(t *testing.T) {
	t.Parallel()
	var out, errb bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Lookup: func(string) (string, bool) { return "", false }}
	code := Main(context.Background(), []string{"demo", "-o", "json"}, env)
	var doc struct {
		Schema    string    `json:"schema"`
		Scenarios []demoRow `json:"scenarios"`
		Failed    int       `json:"failed"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("demo -o json: %v\n%s", err, out.String())
	}
	if code != ExitOK || doc.Failed != 0 {
		for _, r := range doc.Scenarios {
			if !r.OK {
				t.Errorf("%s: verdict %s, want %s %s", r.Scenario, r.Verdict, r.Expected, r.Note)
			}
		}
		t.Fatalf("demo exit %d, %d failed", code, doc.Failed)
	}
	if doc.Schema != "authdoctor.demo/v1" || len(doc.Scenarios) < 30 {
		t.Errorf("schema %q with %d scenarios", doc.Schema, len(doc.Scenarios))
	}
}
