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
			if strings.Contains(out, "KPI") {
				t.Error("a KPI section without KPIs")
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
}
