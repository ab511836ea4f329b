package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor/lab"
)

// tokenEnv is an environment holding the lab's client variables plus
// extra, writing to out; stdoutTTY says whether stdout is a terminal.
func tokenEnv(vars map[string]string, out, errOut *bytes.Buffer, stdoutTTY bool) Env {
	return Env{
		Stdin: strings.NewReader(""), Stdout: out, Stderr: errOut,
		Lookup:         func(k string) (string, bool) { v, ok := vars[k]; return v, ok },
		StdoutTerminal: stdoutTTY,
	}
}

// TestToken runs authdoctor token against the lab through Main: exit
// codes, text and JSON, and that no secret is printed unless asked.
func TestToken(t *testing.T) {
	t.Parallel()
	l, err := lab.Start(context.Background(), lab.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	vars := l.ClientEnv()
	vars["WRONG_SECRET"] = "wrong-secret-0123456789abcdefghijklmnop"
	vars["BOGUS_REFRESH"] = "bogus-refresh-0123456789abcdefghijklmnop"
	vars["EMPTY"] = ""
	tokenURL := l.URL() + "/oauth/token"
	basic := []string{"--client-id-env", "LAB_CLIENT_ID", "--client-secret-env", "LAB_CLIENT_SECRET"}
	post := []string{"--client-id-env", "LAB_POST_CLIENT_ID", "--client-secret-env", "LAB_POST_CLIENT_SECRET"}
	args := func(parts ...[]string) []string {
		out := []string{"token"}
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	tests := []struct {
		name   string
		args   []string
		tty    bool
		code   int
		stdout []string // substrings of stdout
		stderr []string // substrings of stderr
		json   func(t *testing.T, doc map[string]any)
		// printed is true when stdout must end with the token.
		printed bool
	}{
		{
			name: "basic client, text", args: args([]string{"--issuer", l.Issuer()}, basic), code: ExitOK,
			stdout: []string{"✓ New access token from " + tokenURL, "grant client_credentials · client authentication client_secret_basic",
				"Token", "jwt", "sha256=", "type Bearer", "expires in 1h", "scope orders:read",
				"Analysis of the new token", "signature check: verified", "Requests sent", "token request, client_secret_basic"},
		},
		{
			name: "post client, auto, json", args: args([]string{"--token-url", tokenURL, "-o", "json"}, post), code: ExitOK,
			json: func(t *testing.T, doc map[string]any) {
				want := map[string]any{"schema": "authdoctor.token/v2", "grant": "client_credentials", "token_endpoint": tokenURL,
					"auth_method": "client_secret_post", "ok": true, "error": nil}
				for k, v := range want {
					if doc[k] != v {
						t.Errorf("%s = %v, want %v", k, doc[k], v)
					}
				}
				tok := doc["token"].(map[string]any)
				if tok["kind"] != "jwt" || tok["expires_in"] != float64(3600) || tok["type"] != "Bearer" || len(tok["fingerprint"].(string)) != 8 {
					t.Errorf("token = %v", tok)
				}
				exs := doc["exchanges"].([]any)
				if len(exs) != 2 || exs[0].(map[string]any)["status"] != float64(401) || exs[1].(map[string]any)["status"] != float64(200) {
					t.Errorf("exchanges = %v", exs)
				}
				hdrs := exs[0].(map[string]any)["request_headers"].([]any)
				if h := hdrs[0].(map[string]any); h["name"] != "Authorization" || h["value"] != "Basic [redacted]" {
					t.Errorf("first request header = %v", h)
				}
				an := doc["analysis"].(map[string]any)
				if _, ok := an["schema"]; ok || an["usable"] != true {
					t.Errorf("analysis = %v", an)
				}
				if !strings.Contains(doc["explanation"].(string), "client_secret_post") {
					t.Errorf("explanation = %v", doc["explanation"])
				}
			},
		},
		{
			name: "wrong secret", args: args([]string{"--token-url", tokenURL, "--client-id-env", "LAB_CLIENT_ID", "--client-secret-env", "WRONG_SECRET"}),
			code: ExitDiagnosed, stdout: []string{"✗ The token endpoint refused: invalid_client (401 Unauthorized)", "Neither client_secret_basic nor client_secret_post"},
		},
		{
			name: "invalid scope, json", args: args([]string{"--issuer", l.Issuer(), "--scope", "admin:read", "--auth-method", "post", "-o", "json"}, post),
			code: ExitDiagnosed,
			json: func(t *testing.T, doc map[string]any) {
				e := doc["error"].(map[string]any)
				if e["code"] != "invalid_scope" || e["status"] != float64(400) || doc["ok"] != false || doc["token"] != nil || doc["analysis"] != nil {
					t.Errorf("error = %v, ok %v, token %v", e, doc["ok"], doc["token"])
				}
				if !strings.Contains(doc["explanation"].(string), `"admin:read"`) {
					t.Errorf("explanation = %v", doc["explanation"])
				}
			},
		},
		{
			name: "unauthorized client", args: args([]string{"--token-url", tokenURL, "--refresh-token-env", "BOGUS_REFRESH"}, post),
			code: ExitDiagnosed, stdout: []string{"unauthorized_client", "may not use the refresh_token grant"},
		},
		{
			name: "invalid grant", args: args([]string{"--token-url", tokenURL, "--grant", "refresh_token", "--refresh-token-env", "BOGUS_REFRESH"}, basic),
			code: ExitDiagnosed, stdout: []string{"invalid_grant", "refresh token was refused"},
		},
		{
			name: "print token on a terminal", args: args([]string{"--token-url", tokenURL, "--print-token"}, basic), tty: true,
			code: ExitOK, printed: true, stdout: []string{"New access token"},
		},
		{
			name: "print token refused without a terminal", args: args([]string{"--token-url", tokenURL, "--print-token"}, basic),
			code: ExitUsage, stderr: []string{"--print-token prints the token only to a terminal", "nothing was sent"},
		},
		{
			name: "unreachable", args: args([]string{"--token-url", "http://127.0.0.1:1/oauth/token"}, basic),
			code: ExitUnreachable, stdout: []string{"No token", "could not reach the token endpoint"},
		},
		{name: "no endpoint", args: args(basic), code: ExitUsage, stderr: []string{"exactly one of --issuer"}},
		{name: "both endpoints", args: args([]string{"--issuer", l.Issuer(), "--token-url", tokenURL}, basic), code: ExitUsage, stderr: []string{"exactly one of --issuer"}},
		{name: "no client", args: args([]string{"--token-url", tokenURL}), code: ExitUsage, stderr: []string{"--client-id-env VAR and --client-secret-env VAR"}},
		{name: "unset secret", args: args([]string{"--token-url", tokenURL, "--client-id-env", "LAB_CLIENT_ID", "--client-secret-env", "NOPE"}), code: ExitUsage, stderr: []string{"--client-secret-env names a variable that is not set"}},
		{name: "empty secret", args: args([]string{"--token-url", tokenURL, "--client-id-env", "LAB_CLIENT_ID", "--client-secret-env", "EMPTY"}), code: ExitUsage, stderr: []string{"--client-secret-env names a variable that is empty"}},
		{name: "bad grant", args: args([]string{"--token-url", tokenURL, "--grant", "password"}, basic), code: ExitUsage, stderr: []string{"--grant must be client_credentials or refresh_token"}},
		{name: "refresh without token", args: args([]string{"--token-url", tokenURL, "--grant", "refresh_token"}, basic), code: ExitUsage, stderr: []string{"needs --refresh-token-env"}},
		{name: "bad method", args: args([]string{"--token-url", tokenURL, "--auth-method", "jwt"}, basic), code: ExitUsage, stderr: []string{"--auth-method must be basic or post"}},
		{name: "bad output", args: args([]string{"--token-url", tokenURL, "-o", "markdown"}, basic), code: ExitUsage, stderr: []string{"--output"}},
		{name: "bad url", args: args([]string{"--token-url", "ftp://x/token"}, basic), code: ExitUsage, stderr: []string{"not an http:// or https:// URL"}},
	}
	secrets := []string{vars["LAB_CLIENT_SECRET"], vars["LAB_POST_CLIENT_SECRET"], vars["WRONG_SECRET"], vars["BOGUS_REFRESH"]}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var out, errOut bytes.Buffer
			code := Main(context.Background(), tc.args, tokenEnv(vars, &out, &errOut, tc.tty))
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out.String(), errOut.String())
			}
			for _, s := range tc.stdout {
				if !strings.Contains(out.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, out.String())
				}
			}
			for _, s := range tc.stderr {
				if !strings.Contains(errOut.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, errOut.String())
				}
			}
			if tc.json != nil {
				var doc map[string]any
				if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
					t.Fatalf("stdout is not JSON: %v\n%s", err, out.String())
				}
				tc.json(t, doc)
			}
			all := out.String() + errOut.String()
			for _, s := range secrets {
				if strings.Contains(all, s) {
					t.Errorf("output contains a secret:\n%s", all)
				}
			}
			// The lab issues JWTs: none may be printed, except the one
			// line --print-token asks for.
			jwts := jwtShape.FindAllString(all, -1)
			switch {
			case tc.printed:
				lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
				if len(jwts) != 1 || lines[len(lines)-1] != jwts[0] {
					t.Errorf("want the token alone on the last line, once; found %d tokens:\n%s", len(jwts), out.String())
				}
			case len(jwts) > 0:
				t.Errorf("output contains a token without --print-token:\n%s", all)
			}
		})
	}
}

// jwtShape matches a compact JWS.
var jwtShape = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`)
