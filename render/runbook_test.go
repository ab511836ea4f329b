package render

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func sampleRunbook() Runbook {
	ci, _ := authdoctor.CauseTokenExpired.Info()
	return Runbook{Source: "authdoctor.yaml", Generated: time.Date(2026, 12, 4, 18, 0, 0, 0, time.UTC), Version: "test",
		Requests: []RunbookRequest{{
			Name: "orders", Method: "GET", Path: "/v1/orders",
			UseCase:  "lists <script>alert(1)</script> orders",
			Owner:    "team ghp_abcdefghijklmnopqrstuvwxyz0123456789",
			Expected: "200 OK", Blocks: []string{"publishing"},
			Inputs:   []RunbookInput{{Env: "prod", BaseURL: "https://api.example.com", Header: "Authorization", Template: "Bearer $TOKEN", Vars: []string{"TOKEN"}}},
			Validate: []string{"authdoctor validate orders --env prod"}, Check: []string{"authdoctor check --env prod orders"},
			PassesWhen: "It passes.", Causes: []authdoctor.CauseInfo{ci},
			Metrics:        []RunbookMetric{{Name: "authdoctor_check_success", Query: `authdoctor_check_success{request="orders"}`, Meaning: "1 while accepted"}},
			LastValidation: "unknown (history off)", ReviewEvery: "30d", ReviewDue: "now", Overdue: true,
			KPIWindow: "30d", KPIs: []RunbookKPI{{Env: "prod", Runs: 8, Failures: 2, FailureRate: 0.25, Incidents: 2, Open: 1, Repeated: 1,
				Resolved: 1, MedianResolution: 95 * time.Minute, WorstResolution: 95 * time.Minute, RequestsAffected: 2,
				RunbookAnswered: 1, RunbookEnough: 1}},
		}},
	}
}

func TestRunbookFormats(t *testing.T) {
	t.Parallel()
	for name, write := range map[string]func(*bytes.Buffer, Runbook) error{
		"markdown": func(b *bytes.Buffer, r Runbook) error { return RunbookMarkdown(b, r) },
		"html":     func(b *bytes.Buffer, r Runbook) error { return RunbookHTML(b, r) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			if err := write(&b, sampleRunbook()); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if strings.Contains(out, "ghp_abcdefghijklmnopqrstuvwxyz0123456789") {
				t.Error("a token-shaped string went out unscrubbed")
			}
			// markdown escapes < as \<, which renders as text
			if strings.Contains(strings.ReplaceAll(out, `\<`, ""), "<script") {
				t.Error("markup from the profile went out unescaped")
			}
			for _, want := range []string{"orders", "token_expired", "authdoctor validate orders --env prod", "OVERDUE", "unknown (history off)", "authdoctor_check_success"} {
				if !strings.Contains(out, want) {
					t.Errorf("no %q in\n%s", want, out)
				}
			}
			// The KPI row as the reader sees it, whatever the markup.
			for _, want := range []string{"KPIs (last 30d)", "25.0%", "2 (1 open)", "1h35m", "1/1 (100.0%)"} {
				if !strings.Contains(out, want) {
					t.Errorf("KPI section: no %q in\n%s", want, out)
				}
			}
		})
	}
	var b bytes.Buffer
	if err := RunbookHTML(&b, sampleRunbook()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `class="review overdue"`) {
		t.Error("the overdue review is not marked in the page")
	}
	r := sampleRunbook()
	r.Requests[0].Overdue = false
	b.Reset()
	RunbookHTML(&b, r)
	if strings.Contains(b.String(), "overdue\"") || strings.Contains(b.String(), "OVERDUE") {
		t.Error("a review not due is marked overdue")
	}
	for _, tc := range []struct {
		name    string
		edit    func(*RunbookRequest)
		want    string
		notWant string
	}{
		{"no runs", func(r *RunbookRequest) { r.KPIs = nil }, "No runs recorded in the window", "Failure rate"},
		{"history off", func(r *RunbookRequest) { r.KPIs, r.KPIsUnknown = nil, "history off" }, "Unknown: history off.", "No runs recorded"},
	} {
		for name, write := range map[string]func(*bytes.Buffer, Runbook) error{
			"markdown": func(b *bytes.Buffer, r Runbook) error { return RunbookMarkdown(b, r) },
			"html":     func(b *bytes.Buffer, r Runbook) error { return RunbookHTML(b, r) },
		} {
			r := sampleRunbook()
			tc.edit(&r.Requests[0])
			b.Reset()
			if err := write(&b, r); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), tc.want) || strings.Contains(b.String(), tc.notWant) {
				t.Errorf("%s, %s: want %q and no %q in\n%s", tc.name, name, tc.want, tc.notWant, b.String())
			}
		}
	}
}
