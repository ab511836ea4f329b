package render

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
)

// tokenExchange is a recorded token request as issuer.Mint stores it: the
// Authorization header already reduced to its scheme.
func tokenExchange(auth bool, status int, body string) authdoctor.Exchange {
	hdr := fields("Content-Type", "application/x-www-form-urlencoded")
	if auth {
		hdr = append(fields("Authorization", "Basic "+authdoctor.Redacted), hdr...)
	}
	h := http.Header{"Content-Type": {"application/json"}, "Cache-Control": {"no-store"}}
	if status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Basic realm="lab"`)
	}
	return authdoctor.Exchange{
		Method: "POST", URL: "http://127.0.0.1:4000/oauth/token", RequestHeader: hdr, Sent: now,
		Status: status, Proto: "HTTP/1.1", Header: h, Body: []byte(body), ServerDate: now,
		Timing: authdoctor.Timing{Total: ms(1.5)},
	}
}

// tokenCases are the token reports behind the golden files. secret goes
// where a careless caller could leak one: the server's words.
var tokenCases = []struct {
	name  string
	build func(secret string) TokenReport
}{
	{"token_issued", func(secret string) TokenReport {
		an := expiredReport(secret)
		return TokenReport{
			Version: "v0.1.0-test", Grant: "client_credentials", TokenEndpoint: "http://127.0.0.1:4000/oauth/token",
			AuthMethod:  "client_secret_post",
			Explanation: "The endpoint refused client_secret_basic (invalid_client), so authdoctor tried client_secret_post once: it worked.",
			Token: &TokenInfo{Kind: "jwt", Fingerprint: "1a2b3c4d", Length: 427, ExpiresIn: time.Hour,
				Scopes: []string{"orders:read"}, Type: "Bearer", RefreshFingerprint: "5e6f7a8b"},
			Analysis: &an,
			Exchanges: []authdoctor.Exchange{
				tokenExchange(true, 401, `{"error":"invalid_client","error_description":"this client must use client_secret_post"}`),
				tokenExchange(false, 200, `{"access_token":"[redacted]","token_type":"Bearer","expires_in":3600}`),
			},
		}
	}},
	{"token_refused", func(secret string) TokenReport {
		return TokenReport{
			Version: "v0.1.0-test", Grant: "refresh_token", TokenEndpoint: "http://127.0.0.1:4000/oauth/token?access_token=" + secret,
			AuthMethod:  "client_secret_basic",
			Error:       &TokenError{Code: "invalid_grant", Description: "Unknown refresh token " + secret, Status: 400, URI: "https://docs.example.com/errors#invalid_grant"},
			Explanation: "The refresh token was refused (invalid_grant): get a new one by signing in again.",
			Exchanges:   []authdoctor.Exchange{tokenExchange(true, 400, `{"error":"invalid_grant","refresh_token":"`+secret+`"}`)},
		}
	}},
	{"token_unreachable", func(secret string) TokenReport {
		return TokenReport{
			Version: "v0.1.0-test", Grant: "client_credentials", TokenEndpoint: "http://127.0.0.1:1/oauth/token",
			AuthMethod: "client_secret_basic", Explanation: "The token endpoint could not be reached.",
			Problems:  []string{"could not reach the token endpoint at http://127.0.0.1:1/oauth/token (connection refused)"},
			Exchanges: []authdoctor.Exchange{{Method: "POST", URL: "http://127.0.0.1:1/oauth/token", Sent: now}},
		}
	}},
}

var tokenFormats = []struct {
	suffix string
	render func(*bytes.Buffer, TokenReport) error
}{
	{"text", func(b *bytes.Buffer, r TokenReport) error { return TokenText(b, r, Options{}) }},
	{"json", func(b *bytes.Buffer, r TokenReport) error { return TokenJSON(b, r) }},
}

func TestTokenGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range tokenCases {
		for _, f := range tokenFormats {
			t.Run(tc.name+"/"+f.suffix, func(t *testing.T) {
				t.Parallel()
				var buf bytes.Buffer
				if err := f.render(&buf, tc.build(canaryJWT)); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join("testdata", tc.name+"."+f.suffix+".golden")
				if *update {
					if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./render -update)", err)
				}
				if diff := cmp.Diff(string(want), buf.String()); diff != "" {
					t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
				}
			})
		}
	}
}

// TestTokenCanary renders every token report with both canaries in the
// server's words and the analysed credential: neither is ever printed.
func TestTokenCanary(t *testing.T) {
	t.Parallel()
	for _, tc := range tokenCases {
		for _, secret := range []string{canaryJWT, canaryKey} {
			for _, f := range append(tokenFormats[:2:2], struct {
				suffix string
				render func(*bytes.Buffer, TokenReport) error
			}{"color", func(b *bytes.Buffer, r TokenReport) error { return TokenText(b, r, Options{Color: true}) }}) {
				t.Run(tc.name+"/"+f.suffix, func(t *testing.T) {
					t.Parallel()
					var buf bytes.Buffer
					if err := f.render(&buf, tc.build(secret)); err != nil {
						t.Fatal(err)
					}
					for _, core := range []string{canaryJWTCore, canaryKeyCore, secret, secret[:12]} {
						if strings.Contains(buf.String(), core) {
							t.Errorf("output holds %q:\n%s", core, buf.String())
						}
					}
				})
			}
		}
	}
}

// TestTokenJSONKeys: every key of the document is present, in order,
// whatever the outcome.
func TestTokenJSONKeys(t *testing.T) {
	t.Parallel()
	want := []string{"schema", "tool", "grant", "token_endpoint", "auth_method", "ok", "error", "explanation", "token", "analysis", "exchanges", "problems"}
	for _, r := range []TokenReport{{}, tokenCases[0].build(canaryKey), tokenCases[1].build(canaryKey)} {
		var buf bytes.Buffer
		if err := TokenJSON(&buf, r); err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(&buf)
		var keys []string
		if _, err := dec.Token(); err != nil {
			t.Fatal(err)
		}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				t.Fatal(err)
			}
			keys = append(keys, k.(string))
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff(want, keys); diff != "" {
			t.Errorf("keys (-want +got):\n%s", diff)
		}
	}
}
