package render

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/authdoctor/authdoctor"
)

// fuzzReport puts secret where credentials live (sensitive request fields,
// the request body, Set-Cookie) and the other inputs where outside text
// lands: the body, response headers, the redirect target, error messages
// and the free text of the diagnosis.
func fuzzReport(secret string, respBody []byte, headerValue, text string) authdoctor.Run {
	fs := []authdoctor.Field{
		{Name: "Authorization", Value: authdoctor.NewSecret("Bearer " + secret)},
		{Name: "Cookie", Value: authdoctor.NewSecret(secret)},
		{Name: "X-Fuzz", Value: authdoctor.NewSecret(headerValue)},
	}
	req := authdoctor.Request{Method: "GET", URL: "http://127.0.0.1:4000/x?q=" + text, Header: fs, Body: authdoctor.NewSecret(secret)}
	exp := now.Add(-time.Hour)
	return authdoctor.Run{
		Version: text,
		Observation: &authdoctor.Observation{
			Request: req, Now: now, MaxRequests: 3, Skipped: []string{text},
			Probes: []authdoctor.Probe{
				{
					Role: authdoctor.RoleAuthenticated, Label: text, Request: req,
					Hops: []authdoctor.Exchange{
						{
							Method: "GET", URL: req.URL, RequestHeader: fs, Status: 302,
							Header: http.Header{"Location": {headerValue}, "Set-Cookie": {secret}},
							Redirect: &authdoctor.Redirect{
								Location: headerValue, Next: headerValue, HostChanged: true,
								Keeps: map[authdoctor.Client]bool{authdoctor.ClientGo: false},
							},
						},
						{
							Method: "GET", URL: headerValue, RequestHeader: fs[2:], Status: 401, Proto: "HTTP/1.1",
							Header: http.Header{
								"Www-Authenticate": {headerValue},
								headerValue:        {text},
							},
							Body: respBody, BodyTruncated: len(respBody)%2 == 1,
							TLS: &authdoctor.TLSInfo{Version: text, Subject: headerValue},
						},
					},
					Err: &authdoctor.TransportError{Phase: text, Message: text, Hint: headerValue},
				},
				{Role: authdoctor.Role(text), Hypothesis: text, Request: req,
					Err: &authdoctor.TransportError{Phase: authdoctor.PhaseDNS, Message: text}},
			},
		},
		Diagnosis: authdoctor.Diagnosis{
			Verdict: authdoctor.Verdict{Cause: authdoctor.Cause(text), Confidence: authdoctor.Confidence(text), Summary: text, Fix: text},
			Findings: []authdoctor.Finding{{
				ID: text, Cause: authdoctor.CauseTokenRejected, Severity: authdoctor.Severity(len(text) % 4),
				Summary: text, Evidence: []string{text, headerValue}, Fix: headerValue,
			}},
			Checklist: []authdoctor.ChecklistItem{{ID: text, Label: text, Status: authdoctor.Status(text), Detail: headerValue}},
			Credential: &authdoctor.Credential{
				Header: "Authorization", Scheme: "Bearer", Kind: "jwt", Length: len(secret),
				Fingerprint: authdoctor.Fingerprint(secret), BasicUser: text,
				JWT: &authdoctor.JWT{Iss: text, Aud: []string{headerValue}, Exp: &exp, Scopes: []string{text}},
			},
		},
	}
}

// renderAll renders r in every format into one string per format.
func renderAll(t *testing.T, r authdoctor.Run) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, f := range formats {
		var buf bytes.Buffer
		if err := f.render(&buf, r); err != nil {
			t.Fatalf("%s: %v", f.suffix, err)
		}
		out[f.suffix] = buf.String()
	}
	return out
}

// FuzzRender checks, for any outside input: no panic, valid JSON, no
// control character or escape sequence reaching a terminal or a ticket
// (beyond the colour codes asked for), and no secret in any output when
// the secret was only ever held as one.
func FuzzRender(f *testing.F) {
	f.Add(canaryJWT, []byte(`{"error":"invalid_token"}`), `Bearer realm="lab", error="invalid_token"`, "The token expired 2h ago.")
	f.Add(canaryKey, []byte("\x1b[2J\x1b]0;pwned\x07"), "https://localhost:4443/x?sig=abc", "a|b`c *d* <e>")
	f.Add("short", []byte("\xff\xfe\x00binary"), "\u202e\r\nX-Injected: 1", "line1\nline2\ttab")
	f.Add("Bearer Bearer token with spaces", []byte(strings.Repeat("é", 3000)), "", "")
	f.Fuzz(func(t *testing.T, secret string, respBody []byte, headerValue, text string) {
		out := renderAll(t, fuzzReport(secret, respBody, headerValue, text))

		if !json.Valid([]byte(out["json"])) {
			t.Fatalf("invalid JSON:\n%s", out["json"])
		}
		for _, name := range []string{"text", "verbose", "md"} {
			if i := strings.IndexFunc(out[name], func(r rune) bool { return r != '\n' && unsafeRune(r) }); i >= 0 {
				t.Fatalf("%s output has control character %q at %d", name, out[name][i:i+1], i)
			}
			if !utf8.ValidString(out[name]) {
				t.Fatalf("%s output is not valid UTF-8", name)
			}
		}

		// The secret leaks if it appears in an output that does not
		// also hold it when a stand-in of the same length is used: then
		// it came from the secret, not from the other inputs.
		if len(secret) < 8 {
			return
		}
		standIn := renderAll(t, fuzzReport(strings.Repeat("#", len(secret)), respBody, headerValue, text))
		for name, s := range out {
			if strings.Contains(s, secret) && !strings.Contains(standIn[name], secret) {
				t.Fatalf("%s output leaks the secret %q:\n%s", name, secret, s)
			}
		}
	})
}
