package check_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
)

func TestHas(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		phrases []string
		want    string
		ok      bool
	}{
		{"id_token alone", `{"error":"id_token not accepted"}`, []string{"id_token"}, "id_token", true},
		{"invalid_token is not id_token", `{"error":"invalid_token"}`, []string{"id_token"}, "", false},
		{"invalid token is not id token", `The token is an invalid token`, []string{"id token"}, "", false},
		{"phrase at the start", `expired token`, []string{"expired"}, "expired", true},
		{"phrase at the end", `token expired`, []string{"expired"}, "expired", true},
		{"punctuation is a boundary", `{"msg":"Token has expired."}`, []string{"expired"}, "expired", true},
		{"suffix is not a match", `unexpiredness`, []string{"expired"}, "", false},
		{"later whole-word occurrence counts", `csrfmiddlewaretoken missing; CSRF failed`, []string{"csrf"}, "csrf", true},
		{"upper case body, lower case phrase", `Missing Authentication Token`, []string{"missing authentication token"}, "missing authentication token", true},
		{"first matching phrase is returned", `rate limit exceeded: too many requests`, []string{"quota exceeded", "too many requests", "rate limit exceeded"}, "too many requests", true},
		{"empty phrase never matches", `anything`, []string{""}, "", false},
		{"empty body", ``, []string{"expired"}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := check.ParseBody("application/json", []byte(tt.body)).Has(tt.phrases...)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Has(%q) on %q = %q, %v; want %q, %v", tt.phrases, tt.body, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseBody(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("word ", 100)
	tests := []struct {
		name  string
		ctype string
		body  string
		want  check.ErrorBody
	}{
		{
			name:  "rfc 6749 error",
			ctype: "application/json",
			body:  `{"error":"invalid_token","error_description":"The access token expired"}`,
			want:  check.ErrorBody{Message: "The access token expired", Codes: []string{"invalid_token"}, JSON: true},
		},
		{
			name:  "rfc 9457 problem details",
			ctype: "application/problem+json; charset=utf-8",
			body:  `{"type":"https://example.com/probs/forbidden","title":"Forbidden","status":403,"detail":"Missing role admin"}`,
			want:  check.ErrorBody{Message: "Forbidden; Missing role admin", Codes: []string{"https://example.com/probs/forbidden", "403"}, JSON: true, Problem: true},
		},
		{
			name:  "graphql errors",
			ctype: "application/json",
			body:  `{"data":null,"errors":[{"message":"Resource not accessible by integration","type":"FORBIDDEN"}]}`,
			want:  check.ErrorBody{Message: "Resource not accessible by integration", Codes: []string{"FORBIDDEN", "FORBIDDEN"}, JSON: true, GraphQL: []string{"Resource not accessible by integration"}},
		},
		{
			name:  "an error that is a sentence",
			ctype: "application/json",
			body:  `{"error":"The request could not be completed because the key has been disabled by its owner"}`,
			want:  check.ErrorBody{Message: "The request could not be completed because the key has been disabled by its owner", JSON: true},
		},
		{
			name:  "nginx html",
			ctype: "text/html",
			body:  "<html>\r\n<head><title>401 Authorization Required</title></head></html>",
			want:  check.ErrorBody{HTML: true},
		},
		{
			name:  "html without a content type",
			ctype: "",
			body:  "<!DOCTYPE html><html><title>Just a moment...</title></html>",
			want:  check.ErrorBody{HTML: true},
		},
		{
			name:  "s3 xml error code",
			ctype: "application/xml",
			body:  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>RequestTimeTooSkewed</Code><Message>Too large.</Message></Error>`,
			want:  check.ErrorBody{Message: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>RequestTimeTooSkewed</Code><Message>Too large.</Message></Error>`, Codes: []string{"RequestTimeTooSkewed"}},
		},
		{
			name:  "an xml code holding more than a name is not read",
			ctype: "application/xml",
			body:  `<Error><Code>not a code</Code></Error>`,
			want:  check.ErrorBody{Message: `<Error><Code>not a code</Code></Error>`},
		},
		{
			name:  "plain text",
			ctype: "text/plain",
			body:  "Unauthorized\n",
			want:  check.ErrorBody{Message: "Unauthorized"},
		},
		{
			name:  "secret in the message is scrubbed",
			ctype: "application/json",
			body:  `{"message":"Invalid token ` + canary + `","access_token":"` + canary + `"}`,
			want:  check.ErrorBody{Message: "Invalid token [redacted]", JSON: true},
		},
		{
			name:  "long message cut at 200 bytes",
			ctype: "text/plain",
			body:  long,
			want:  check.ErrorBody{Message: strings.TrimSpace(long)[:200] + "…"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// As Input.Parse does: the request's own credentials are
			// scrubbed before the body is read.
			got := check.ParseBody(tt.ctype, authdoctor.NewScrubber(canary).Bytes([]byte(tt.body), false))
			if d := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(check.ErrorBody{}, "Text"), cmpopts.EquateEmpty(), cmpopts.SortSlices(func(a, b string) bool { return a < b })); d != "" {
				t.Errorf("ParseBody (-want +got):\n%s", d)
			}
			if strings.Contains(got.Text, strings.ToLower(canary)) || strings.Contains(got.Message, canary) {
				t.Errorf("canary left in %+v", got)
			}
			if got.Text != strings.ToLower(got.Text) {
				t.Errorf("Text is not lower case: %q", got.Text)
			}
		})
	}
}

// FuzzParseBody: ParseBody never panics, keeps Message on one line within
// 200 bytes plus the ellipsis, and never keeps the canary in Message, Text
// or Codes.
func FuzzParseBody(f *testing.F) {
	for _, s := range []string{
		`{"error":"invalid_token","error_description":"CANARY expired"}`,
		`{"data":null,"errors":[{"message":"x","type":"FORBIDDEN","extensions":{"code":"FORBIDDEN"}}]}`,
		`<html><title>401</title></html>`,
		`{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"message":"deep"}}}}}}}}}`,
		"Unauthorized CANARY\n",
		`{"message":["not","a","string"],"code":401}`,
	} {
		f.Add("application/json", s)
	}
	f.Fuzz(func(t *testing.T, ctype, body string) {
		body = strings.ReplaceAll(body, "CANARY", canary)
		eb := check.ParseBody(ctype, authdoctor.NewScrubber(canary).Bytes([]byte(body), false))
		if strings.ContainsAny(eb.Message, "\n\r\t") || len(eb.Message) > 200+len("…") {
			t.Fatalf("message not one short line: %q", eb.Message)
		}
		all := eb.Message + eb.Text + strings.Join(eb.Codes, " ")
		if strings.Contains(body, canary) && strings.Contains(strings.ToLower(all), strings.ToLower(canary)) {
			t.Fatalf("canary kept: %+v", eb)
		}
	})
}

// TestSameAs: two answers look the same when only a Digest nonce or a
// request id differs, and differ when the challenge says something else.
func TestSameAs(t *testing.T) {
	t.Parallel()
	digest := func(nonce, extra string) rec {
		return rec{status: 401, header: hdr("WWW-Authenticate", `Digest realm="files", charset="UTF-8", algorithm=MD5, nonce="`+nonce+`", qop="auth"`+extra, "Content-Type", "text/html"), body: "<h1>401 Unauthorized</h1>"}
	}
	for _, tc := range []struct {
		name       string
		base, auth rec
		want       bool
	}{
		{"fresh nonce each time", digest("6b12e9a2:9b59a1b60147d28f0ba054f231b94fc2", ""), digest("6b12e9a2:097570e9a8fc28af6d22877197f9ad87", ""), true},
		{"stale=true is an answer about the credentials", digest("6b12e9a2:9b59a1b6", ""), digest("6b12e9a2:097570e9", ", stale=true"), false},
		{"another status", digest("1", ""), rec{status: 403, header: hdr("Content-Type", "text/html"), body: "<h1>401 Unauthorized</h1>"}, false},
	} {
		o := observe(req(apiURL, basic("carol:"+fill(alnum, 12, 2)))).baseline(tc.base).auth(tc.auth).obs()
		in := check.NewInput(o, check.Options{})
		if got := in.SameAs(in.Baseline, in.Auth); got != tc.want {
			t.Errorf("%s: SameAs = %v, want %v\n%s\n%s", tc.name, got, tc.want, in.Looks(in.Baseline), in.Looks(in.Auth))
		}
	}
}

// TestBodyCodesOrder: a JSON body with several code keys lists its codes
// in one order, the same in every run, whatever the map order: the first
// code is what several checks quote.
func TestBodyCodesOrder(t *testing.T) {
	t.Parallel()
	body := `{"code":"invalid_token","error":"unauthorized","type":"OAuthException","reason":"expired","status":"UNAUTHENTICATED","error_code":"190"}`
	o := observe(req(apiURL, bearer(opaque(3)))).auth(jsonRec(401, body)).obs()
	var first []string
	for i := range 50 {
		in := check.NewInput(o, check.Options{})
		got := in.Parse(in.Final()).Body.Codes
		if i == 0 {
			first = got
			continue
		}
		if d := cmp.Diff(first, got); d != "" {
			t.Fatalf("codes changed between runs (-first +now):\n%s", d)
		}
	}
	if len(first) < 4 {
		t.Errorf("codes %q: want every code key read", first)
	}
}
