package scan

import (
	"context"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor/credential"
	"github.com/authdoctor/authdoctor/redact"
)

// scanText runs Reader over text named path.
func scanText(t testing.TB, path, text string) []Finding {
	t.Helper()
	var out []Finding
	if _, err := Reader(context.Background(), path, strings.NewReader(text), func(f Finding) { out = append(out, f) }); err != nil {
		t.Fatalf("Reader(%q): %v", path, err)
	}
	return out
}

func TestFindings(t *testing.T) {
	t.Parallel()
	s := secrets
	tests := []struct {
		name, path, line string
		secret           string // the credential the finding is about
		kind, vendor     string
		env, severity    string
		prefix, field    string
	}{
		{"stripe live key", "app.log", "charge failed with key {{STRIPE_LIVE}} (401)", s["STRIPE_LIVE"], "vendor-key", "Stripe", "live", SeverityHigh, "sk_live_", ""},
		{"stripe live key in a bundle is critical", "web/dist/main.js", `const k="{{STRIPE_LIVE}}";`, s["STRIPE_LIVE"], "vendor-key", "Stripe", "live", SeverityCritical, "sk_live_", ""},
		{"live key under frontend/", "frontend/src/config.ts", "key = {{STRIPE_LIVE}}", s["STRIPE_LIVE"], "vendor-key", "Stripe", "live", SeverityCritical, "sk_live_", ""},
		{"test key is medium, even under public/", "public/app.js", "key {{STRIPE_TEST}}", s["STRIPE_TEST"], "vendor-key", "Stripe", "test", SeverityMedium, "sk_test_", ""},
		{"stripe publishable key is info", "public/app.js", "Stripe('{{STRIPE_PK}}')", s["STRIPE_PK"], "vendor-key", "Stripe", "live", SeverityInfo, "pk_live_", ""},
		{"github token after Bearer", "ci.log", "Authorization: Bearer {{GITHUB}}", s["GITHUB"], "vendor-key", "GitHub", "", SeverityHigh, "ghp_", ""},
		{"slack token in json", "app.jsonl", `{"msg":"posting","token":"{{SLACK}}"}`, s["SLACK"], "vendor-key", "Slack", "", SeverityHigh, "xoxb-", "token"},
		{"aws key id", "deploy.log", "Credential={{AWS_ID}}/20240101/us-east-1/s3/aws4_request", s["AWS_ID"], "vendor-key", "AWS", "", SeverityHigh, "AKIA", ""},
		{"jwt in a cookie", "har.json", "Cookie: session={{JWT}}; theme=dark", s["JWT"], "jwt", "", "", SeverityHigh, "", ""},
		{"jwt as id_token parameter", "access.log", "GET /cb?id_token={{JWT}}&state=x", s["JWT"], "jwt", "", "", SeverityHigh, "", ""},
		{"opaque bearer token", "debug.log", "> Authorization: Bearer {{OPAQUE}}", s["OPAQUE"], "bearer", "", "", SeverityHigh, "", ""},
		{"basic credential", "debug.log", "Authorization: Basic {{BASIC}}", s["BASIC"], "basic", "", "", SeverityHigh, "", ""},
		{"api_key query parameter", "access.log", `"GET /v1/items?api_key={{OPAQUE}}&page=2 HTTP/1.1" 200`, s["OPAQUE"], "credential-field", "", "", SeverityHigh, "", "api_key"},
		{"access_token in a form body", "app.log", "body: grant=x&access_token={{OPAQUE}}", s["OPAQUE"], "credential-field", "", "", SeverityHigh, "", "access_token"},
		{"password in json", "app.jsonl", `{"user":"alice","password":"{{PASSWORD}}"}`, s["PASSWORD"], "credential-field", "", "", SeverityHigh, "", "password"},
		{"env file", ".env", "DATABASE_PASSWORD={{PASSWORD}}", s["PASSWORD"], "credential-field", "", "", SeverityHigh, "", "DATABASE_PASSWORD"},
		{"url user info", "app.log", "connecting to https://bob:{{PASSWORD}}@db.example.com:5432/app", s["PASSWORD"], "userinfo-password", "", "", SeverityHigh, "", ""},
		{"padded basic in a quoted logfmt value", "client.log", `status=404 authorization="Basic {{BASIC}}" next=1`, s["BASIC"], "basic", "", "", SeverityHigh, "", ""},
		{"padded bearer in a quoted logfmt value", "client.log", `http.request.header.Authorization="Bearer {{OPAQUE}}==" x=1`, s["OPAQUE"] + "==", "bearer", "", "", SeverityHigh, "", ""},
		{"a whole Authorization value in json", "app.jsonl", `{"headers":{"authorization":"Bearer {{OPAQUE}}"}}`, s["OPAQUE"], "bearer", "", "", SeverityHigh, "", "authorization"},
		{"a password of letters and dots in a form body", "app.log", "POST /login body=user=bob&password=Xqz.aBcDE_Fghijk&remember=1", "Xqz.aBcDE_Fghijk", "credential-field", "", "", SeverityHigh, "", "password"},
		{"a password with a dot", "app.log", "POST /login body=user=bob&password={{PASSWORD}}.l&remember=1", s["PASSWORD"] + ".l", "credential-field", "", "", SeverityHigh, "", "password"},
		{"a long session cookie", "har.json", `Cookie: theme=dark; session={{OPAQUE}}`, "theme=dark; session=" + s["OPAQUE"], "credential-field", "", "", SeverityHigh, "", "Cookie"},
		{"a session id is a credential", "app.jsonl", `{"session_id":"{{OPAQUE}}"}`, s["OPAQUE"], "credential-field", "", "", SeverityHigh, "", "session_id"},
		{"single-line pem in json", "sa.json", `{"private_key":"-----BEGIN PRIVATE KEY-----\n{{PEM_BODY}}\n-----END PRIVATE KEY-----\n"}`, "", "private-key", "", "", SeverityHigh, "", ""},
		{"single-line pem", "notes.txt", `key: -----BEGIN RSA PRIVATE KEY-----\n{{PEM_BODY}}\n-----END RSA PRIVATE KEY-----`, "", "private-key", "", "", SeverityHigh, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			line := expand(tc.line)
			got := scanText(t, tc.path, "first line\n"+line+"\n")
			if len(got) != 1 {
				t.Fatalf("scan(%q) found %d, want 1: %+v", line, len(got), got)
			}
			f := got[0]
			want := Finding{Path: tc.path, Line: 2, Kind: tc.kind, Vendor: tc.vendor, Environment: tc.env, Severity: tc.severity, Prefix: tc.prefix, Field: tc.field}
			if tc.secret != "" {
				want.Column = strings.Index(line, tc.secret) + 1
				want.Fingerprint = credential.Fingerprint(tc.secret)
			} else {
				want.Column, want.Fingerprint = f.Column, f.Fingerprint
			}
			want.ColumnUTF16 = want.Column // every line here is ASCII
			want.Excerpt = f.Excerpt
			if f != want {
				t.Errorf("scan(%q)\n got %+v\nwant %+v", line, f, want)
			}
			for k, v := range secrets {
				if strings.Contains(f.Excerpt, v[len(v)/2:]) {
					t.Errorf("excerpt %q holds (half of) %s", f.Excerpt, k)
				}
			}
			if !strings.Contains(f.Excerpt, "[redacted]") {
				t.Errorf("excerpt %q redacts nothing", f.Excerpt)
			}
		})
	}
}

// TestNotFindings: what a leak scanner must not flag.
func TestNotFindings(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, line string }{
		{"masked stripe key", "Invalid API Key provided: sk_live_****1234"},
		{"masked field", `{"password":"********"}`},
		{"redacted marker", `{"access_token":"[redacted]"} Authorization: Bearer [redacted]`},
		{"redacted word", "token=REDACTED"},
		{"filtered (Rails)", `"password"=>"[FILTERED]"`},
		{"placeholder variable", "Authorization: Bearer $API_TOKEN"},
		{"placeholder template", `{"api_key":"{{api_key}}"}`},
		{"placeholder words", "export STRIPE_KEY=sk_test_REPLACE_ME"},
		{"your token", "Authorization: Bearer YOUR_ACCESS_TOKEN"},
		{"angle placeholder", "api_key=<your-api-key>"},
		{"xxx placeholder", "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"},
		{"aws example key id", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE"},
		{"aws example secret", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
		{"uuid idempotency key", "Idempotency-Key: 3f2c1b9e-8d7a-4c6b-9e5f-1a2b3c4d5e6f"},
		{"request id hash", "request_id=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
		{"signature hash", "X-Hub-Signature-256: sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
		{"password hash", `{"password_hash":"9f86d081884c7d659a2feaa0c55ad015"}`},
		{"scheme without credential", "Authorization: Bearer"},
		{"scheme then nothing", `WWW-Authenticate: Bearer realm="api", error="invalid_token"`},
		{"prose", "Basic authentication failed; the token: expired"},
		{"short value", "token=expired"},
		{"truncated key", "sk_live_abc"},
		{"mangled jwt", "eyJhbGciOi.notajwt.x"},
		{"empty password", `{"password":""}`},
		{"pem placeholder", `-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----`},
		{"public key", "-----BEGIN PUBLIC KEY-----\n" + fill(b64std, 64, 3) + "\n-----END PUBLIC KEY-----"},
		{"twilio account sid", "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef.json"},
		{"hex digest in prose", "commit 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"},
		{"redacted Authorization value in json", `{"authorization":"Bearer [REDACTED]","Authorization":"Bearer <redacted>"}`},
		{"placeholder Authorization value in json", `{"Authorization":"Bearer {{access_token}}","authorization":"Bearer <token>"}`},
		{"percent-encoded filter marker", "GET /v1/orders?access_token=%5BFILTERED%5D&page=2"},
		{"a key's id", `{"session_key_id":"3f2c1b9e-8d7a-4c6b-9e5f-1a2b3c4d5e6f","api_key_id":"key_8d7a4c6b9e5f1a2b"}`},
		{"a token's key id and issuer", `token_kid=9f86d081884c7d65 token_issuer=https://auth.example.com/ tokenKid=9f86d081884c7d65`},
		{"a header's name", `{"api_key_header":"X-Api-Key","token_auth_method":"private_key_jwt"}`},
		{"what authdoctor redact wrote", "key=\"-----BEGIN PRIVATE KEY-----[redacted:private-key:0123abcd]-----END PRIVATE KEY-----\" id=AKIA[redacted:vendor-key:89abcdef]:[redacted:aws-secret-key:45670123] password=[redacted:credential-field:fedc4321]"},
		{"a redacted key over lines", "-----BEGIN PRIVATE KEY-----\n" + strings.Repeat("[redacted:private-key:0123abcd]\n", 6) + "-----END PRIVATE KEY-----"},
		{"code: a call or a reference", `c->password = g_strdup(value); const aliceSecret = alice.computeSecret(bobKey); Password: cfg.influxdbPassword,`},
		{"a change log's file names", "\t* src/gpasswd.c: log_gpasswd_success_gshadow added; src/sltoken.c: _pSLparse_error: fixed"},
		{"a namespace and a label", "loaded by HTTP::Cookies::Netscape; saved_token_sentinel::rollback"},
		{"a path", "privatekey: /path/to/asecret.pem\nalice ALL=(root) NOPASSWD: /bin/systemctl"},
		{"short cookies", "Set-Cookie: JSESSIONID=123; Path=/\nCookie: SERVERID=A"},
		{"prose after the word basic", "add basic PLT support; test basic smart-http; basic x86-64 and UTF-16 tests"},
		{"a word that ends a sentence", "Token= setting. cookie = request."},
		{"a secret's ARN", `secret_arn=arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/orders-AbCdEf {"SecretArn":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:x"}`},
		{"an empty scheme before the next field", `http.request.header.Authorization=Bearer http.request.header.User-Agent=Go-http-client/2.0`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := scanText(t, "x.log", tc.line+"\n"); len(got) != 0 {
				t.Errorf("scan(%q) = %+v, want nothing", tc.line, got)
			}
		})
	}
}

// TestPrivateKeyBlock: a key over several lines is one finding at its
// BEGIN line, fingerprinted over its body; its body lines find nothing
// else; a block cut off by the end of the input is still reported.
func TestPrivateKeyBlock(t *testing.T) {
	t.Parallel()
	body := secrets["PEM_BODY"] + secrets["PEM_BODY2"]
	for name, text := range map[string]string{
		"whole":   "a\n" + pemKey() + "b\n",
		"cut off": "a\n" + strings.TrimSuffix(pemKey(), "-----END PRIVATE KEY-----\n"),
		"crlf":    "a\r\n" + strings.ReplaceAll(pemKey(), "\n", "\r\n"),
	} {
		got := scanText(t, "deploy/key.pem", text)
		want := []Finding{{Path: "deploy/key.pem", Line: 2, Column: 1, Kind: KindPrivateKey, Severity: SeverityHigh, Fingerprint: credential.Fingerprint(body), Excerpt: "-----BEGIN PRIVATE KEY-----"}}
		if len(got) != 1 || got[0] != want[0] {
			t.Errorf("%s: got %+v\nwant %+v", name, got, want)
		}
	}
}

// TestPrivateKeyAmongOthers: a one-line key between other credentials
// of its line leaves them all reported, in order.
func TestPrivateKeyAmongOthers(t *testing.T) {
	t.Parallel()
	line := expand(`a {{GITHUB}} -----BEGIN PRIVATE KEY-----\n{{PEM_BODY}}\n-----END PRIVATE KEY----- b {{STRIPE_LIVE}} c {{SLACK}}`)
	var kinds []string
	for _, f := range scanText(t, "x", line) {
		kinds = append(kinds, f.Kind+" "+f.Vendor)
	}
	if got, want := strings.Join(kinds, ", "), "vendor-key GitHub, private-key , vendor-key Stripe, vendor-key Slack"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

// TestExcerptLongLine: a minified bundle's line is cut around the key;
// the cut never leaves part of a credential.
func TestExcerptLongLine(t *testing.T) {
	t.Parallel()
	line := strings.Repeat("var a=1;", 500) + `k="` + secrets["STRIPE_LIVE"] + `";t="` + secrets["JWT"] + `";` + strings.Repeat("b();", 500)
	got := scanText(t, "dist/app.min.js", line)
	if len(got) != 2 {
		t.Fatalf("found %d, want 2: %+v", len(got), got)
	}
	for _, f := range got {
		if len(f.Excerpt) > excerptMax+2*len("…") || !strings.Contains(f.Excerpt, "[redacted]") {
			t.Errorf("excerpt %q: want at most %d bytes around a redaction", f.Excerpt, excerptMax)
		}
		for _, v := range secrets {
			if strings.Contains(f.Excerpt, v[len(v)/2:]) {
				t.Errorf("excerpt %q holds a secret", f.Excerpt)
			}
		}
	}
}

// TestAWSPairs: a secret access key is reported as one when an access
// key id comes before it on its line or the few lines before; alone, a
// 40-byte run is nothing (a digest, a path).
func TestAWSPairs(t *testing.T) {
	t.Parallel()
	id, secret := secrets["AWS_ID"], secrets["AWS_SECRET"]
	for _, tc := range []struct {
		name, text string
		line       int // of the secret; 0: not reported
	}{
		{"credentials file", "[default]\naws_access_key_id = " + id + "\naws_secret_access_key = " + secret + "\n", 3},
		{"iam console csv", "User name,Access key ID,Secret access key\nci," + id + "," + secret + "\n", 2},
		{"sts json", "{\n  \"Credentials\": {\n    \"AccessKeyId\": \"" + id + "\",\n    \"SecretAccessKey\": \"" + secret + "\",\n", 4},
		{"export lines", "export AWS_ACCESS_KEY_ID=" + id + "\nexport AWS_SECRET_ACCESS_KEY=" + secret + "\n", 2},
		{"too far from the id", id + "\n1\n2\n3\n4\n5\nv " + secret + "\n", 0},
		{"no id", "v " + secret + "\n", 0},
		{"example pair", "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := scanText(t, "x", tc.text)
			var found *Finding
			for i, f := range got {
				if f.Kind == KindAWSSecretKey {
					found = &got[i]
				}
				if strings.Contains(f.Excerpt, secret[10:30]) {
					t.Errorf("excerpt %q holds the secret", f.Excerpt)
				}
			}
			switch {
			case tc.line == 0 && found != nil:
				t.Errorf("reported %+v, want no secret key", *found)
			case tc.line != 0 && found == nil:
				t.Errorf("no aws-secret-key in %+v", got)
			case found != nil && (found.Line != tc.line || found.Fingerprint != credential.Fingerprint(secret) || found.Vendor != "AWS" || found.Severity != SeverityHigh):
				t.Errorf("got %+v, want line %d, AWS, high, the secret's fingerprint", *found, tc.line)
			}
		})
	}
}

// TestColumnUTF16: Column counts bytes, ColumnUTF16 the UTF-16 code
// units editors and SARIF count ("é" is 2 bytes and 1 unit, an emoji 4
// bytes and 2 units).
func TestColumnUTF16(t *testing.T) {
	t.Parallel()
	line := "résumé 🙂 Authorization: Bearer " + secrets["OPAQUE"]
	got := scanText(t, "x.log", line+"\n")
	if len(got) != 1 {
		t.Fatalf("found %d, want 1: %+v", len(got), got)
	}
	at := strings.Index(line, secrets["OPAQUE"])
	if got[0].Column != at+1 || got[0].ColumnUTF16 != at+1-2-2 {
		t.Fatalf("column %d, UTF-16 column %d; want %d and %d", got[0].Column, got[0].ColumnUTF16, at+1, at+1-4)
	}
	if plain := scanText(t, "x.log", "Authorization: Bearer "+secrets["OPAQUE"]+"\n"); plain[0].ColumnUTF16 != plain[0].Column {
		t.Fatalf("ASCII line: UTF-16 column %d, byte column %d", plain[0].ColumnUTF16, plain[0].Column)
	}
}

// TestRedactMarkerIsRedacts: the marker scan reads as no leak is the one
// authdoctor redact writes.
func TestRedactMarkerIsRedacts(t *testing.T) {
	t.Parallel()
	if redactMarker != redact.Marker {
		t.Fatalf("scan skips %q, redact writes %q", redactMarker, redact.Marker)
	}
}
