package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestExample runs the example application: the event, the metrics, and
// no token anywhere in what it printed.
func TestExample(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"event: GET /api/orders in production → 401: token_expired (confirmed)",
		`authdoctor_client_auth_failures_total{cause="token_expired",environment="production",route="/api/orders"} 1`,
		`authdoctor_client_requests_total{code="401",environment="production",route="/api/orders"} 1`,
		`authorization="Bearer [redacted:jwt:`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "eyJ") {
		t.Errorf("a token reached the output:\n%s", got)
	}
}
