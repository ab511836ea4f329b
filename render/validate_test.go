package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func sampleValidation() Validation {
	return Validation{Request: "orders", Env: "prod", MaxRequests: 8, RunID: 7, Version: "test",
		Started: time.Date(2026, 12, 4, 18, 0, 0, 0, time.UTC),
		Scenarios: []Scenario{
			{Name: "happy path", Outcome: Pass, Why: "accepted: 200 OK", Status: 200, Cause: authdoctor.CauseAccepted},
			{Name: "controlled failure", Outcome: Fail, Why: "the damaged credential is ACCEPTED | really", Status: 200},
			{Name: "missing credential", Outcome: Pass, Why: "refused: 401 with the challenge Bearer error_description=\"token ghp_abcdefghijklmnopqrstuvwxyz0123456789\"\x1b[2J"},
			{Name: "recovery", Outcome: Skip, Why: "history off"},
		},
		Sent: []Sent{{Scenario: "happy path", Role: authdoctor.RoleAuthenticated, Method: "GET", URL: "https://api.example.com/v1/orders?access_token=abc123", Status: 200}},
	}
}

func TestValidateFormats(t *testing.T) {
	t.Parallel()
	v := sampleValidation()
	var text, md, js bytes.Buffer
	if err := ValidateText(&text, v, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := ValidateMarkdown(&md, v); err != nil {
		t.Fatal(err)
	}
	if err := ValidateJSON(&js, v); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": text.String(), "markdown": md.String(), "json": js.String()} {
		if strings.Contains(out, "ghp_abcdefghijklmnopqrstuvwxyz0123456789") {
			t.Errorf("%s: a token the server sent went out unscrubbed", name)
		}
		if strings.Contains(out, "access_token=abc123") {
			t.Errorf("%s: a credential in the URL went out", name)
		}
		if strings.Contains(out, "\x1b") {
			t.Errorf("%s: an escape sequence went out", name)
		}
	}
	for _, want := range []string{"validation FAILED: orders in prod — 2 passed, 1 failed, 1 skipped", "controlled failure  FAIL", "Requests sent (1 of at most 8)", "Recorded in history as run #7."} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text: no %q in\n%s", want, text.String())
		}
	}
	if !strings.Contains(md.String(), "| controlled failure | **fail** | the damaged credential is ACCEPTED \\| really |") {
		t.Errorf("markdown: the failing row is wrong or its pipe is not escaped:\n%s", md.String())
	}
	var doc struct {
		Schema    string         `json:"schema"`
		Passed    bool           `json:"passed"`
		Counts    map[string]int `json:"counts"`
		Scenarios []Scenario     `json:"scenarios"`
		Run       int64          `json:"history_run"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != ValidateSchema || doc.Passed || doc.Counts["fail"] != 1 || len(doc.Scenarios) != 4 || doc.Run != 7 {
		t.Errorf("json document: %+v", doc)
	}
}

func TestValidateColour(t *testing.T) {
	t.Parallel()
	v := sampleValidation()
	var plain, colour bytes.Buffer
	ValidateText(&plain, v, Options{})
	ValidateText(&colour, v, Options{Color: true})
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("escape sequences without colour")
	}
	if !strings.Contains(colour.String(), "\x1b[") {
		t.Error("no colour with Color set")
	}
	v.Scenarios = v.Scenarios[:1]
	var ok bytes.Buffer
	ValidateText(&ok, v, Options{})
	if !strings.HasPrefix(ok.String(), "validation passed: orders in prod — 1 passed, 0 failed, 0 skipped") {
		t.Errorf("headline: %q", strings.SplitN(ok.String(), "\n", 2)[0])
	}
}
