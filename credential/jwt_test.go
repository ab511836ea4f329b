package credential

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The example JWT of RFC 7519 §3.1, which is also the JWS of RFC 7515
// appendix A.1: the header and claims exactly as the RFC writes them, CRLF
// and leading space included.
const (
	rfcHeader = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}"
	rfcClaims = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}"
	// rfcHeaderB64 is the encoded header the RFC prints.
	rfcHeaderB64 = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
	// rfcSignature is the HMAC SHA-256 signature RFC 7515 A.1.1 prints.
	rfcSignature = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	// rfcKeyK is the "k" of the symmetric example JWK in RFC 7515 A.1.1,
	// a published test vector.
	rfcKeyK = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"
)

// rfcToken builds the RFC token at run time and signs it with the RFC key.
func rfcToken(t testing.TB) string {
	t.Helper()
	input := b64u(rfcHeader) + "." + b64u(rfcClaims)
	key, err := base64.RawURLEncoding.DecodeString(rfcKeyK)
	if err != nil {
		t.Fatal(err)
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(input))
	return input + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func TestRFC7515A1Token(t *testing.T) {
	t.Parallel()
	tok := rfcToken(t)
	parts := strings.Split(tok, ".")
	if parts[0] != rfcHeaderB64 {
		t.Errorf("header segment differs from RFC 7515 A.1")
	}
	if parts[2] != rfcSignature {
		t.Errorf("signature differs from RFC 7515 A.1.1: the token is not the RFC's")
	}
	got, err := DecodeJWT(tok)
	if err != nil {
		t.Fatalf("DecodeJWT(RFC 7515 A.1): %v", err)
	}
	if got.Claims["http://example.com/is_root"] != true {
		t.Errorf("is_root claim = %v, want true", got.Claims["http://example.com/is_root"])
	}
}

func tm(s string) *time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func TestDecodeJWT(t *testing.T) {
	t.Parallel()
	hs := map[string]any{"alg": "RS256", "typ": "at+jwt", "kid": "key-2024"}
	base := JWT{Alg: "RS256", Typ: "at+jwt", Kid: "key-2024"}
	with := func(f func(j *JWT)) JWT {
		j := base
		f(&j)
		return j
	}
	claims := func(c map[string]any) func(testing.TB) string {
		return func(t testing.TB) string { return jwtFrom(t, hs, c) }
	}
	tests := []struct {
		name       string
		token      func(t testing.TB) string
		want       JWT
		wantIssues []string
	}{
		{
			name:  "RFC 7519 3.1 example",
			token: rfcToken,
			want:  JWT{Alg: "HS256", Typ: "JWT", Iss: "joe", Exp: tm("2011-03-22T18:43:00Z")},
		},
		{
			name: "access token claims",
			token: claims(map[string]any{
				"iss": "https://login.example.com/", "aud": []any{"api://orders", "api://billing", 7},
				"sub": "user-42", "client_id": "cli-1", "azp": "spa", "token_use": "access",
				"scope": "read:orders  write:orders", "scp": []any{"read:orders", "admin"},
				"roles": []any{"Reader"}, "permissions": "orders:delete",
				"exp": 1700003600, "nbf": 1700000000, "iat": 1700000000.25,
			}),
			want: with(func(j *JWT) {
				j.Iss, j.Aud, j.SubFingerprint = "https://login.example.com/", []string{"api://orders", "api://billing"}, Fingerprint("user-42")
				j.ClientID, j.Azp, j.TokenUse = "cli-1", "spa", "access"
				j.Scopes = []string{"read:orders", "write:orders", "admin", "orders:delete"}
				j.Roles = []string{"Reader"}
				j.Exp, j.Nbf, j.Iat = tm("2023-11-14T23:13:20Z"), tm("2023-11-14T22:13:20Z"), tm("2023-11-14T22:13:20.25Z")
			}),
		},
		{
			name: "Keycloak realm and client roles",
			token: claims(map[string]any{
				"realm_access":    map[string]any{"roles": []any{"offline_access", "uma_authorization", "admin"}},
				"resource_access": map[string]any{"account": map[string]any{"roles": []any{"manage-account", "view-profile"}}, "orders-api": map[string]any{"roles": []any{"reader"}}, "broken": "x"},
				"scope":           "openid profile",
			}),
			want: with(func(j *JWT) {
				j.Scopes = []string{"openid", "profile"}
				j.Roles = []string{"offline_access", "uma_authorization", "admin"}
				j.ClientRoles = map[string][]string{"account": {"manage-account", "view-profile"}, "orders-api": {"reader"}}
			}),
		},
		{
			name:  "Cognito groups",
			token: claims(map[string]any{"cognito:groups": []any{"admins", "editors"}, "token_use": "access", "scope": "aws.cognito.signin.user.admin"}),
			want: with(func(j *JWT) {
				j.TokenUse, j.Scopes, j.Roles = "access", []string{"aws.cognito.signin.user.admin"}, []string{"admins", "editors"}
			}),
		},
		{
			name:  "Entra app roles are not scopes",
			token: claims(map[string]any{"roles": []any{"Orders.Read.All", "Orders.Write"}, "scp": "User.Read", "appid": "app-1"}),
			want: with(func(j *JWT) {
				j.ClientID, j.Scopes, j.Roles = "app-1", []string{"User.Read"}, []string{"Orders.Read.All", "Orders.Write"}
			}),
		},
		{
			name:  "Supabase role",
			token: claims(map[string]any{"iss": "supabase", "role": "service_role"}),
			want:  with(func(j *JWT) { j.Iss, j.Roles = "supabase", []string{"service_role"} }),
		},
		{
			name:  "plain role and roles as a string",
			token: claims(map[string]any{"role": "admin", "roles": "admin editor"}),
			want:  with(func(j *JWT) { j.Roles = []string{"admin", "editor"} }),
		},
		{
			name:  "id token with string aud",
			token: claims(map[string]any{"aud": "cli-1", "azp": "cli-1", "nonce": "n", "at_hash": "h"}),
			want: with(func(j *JWT) {
				j.Aud, j.Azp, j.HasNonce, j.HasAtHash = []string{"cli-1"}, "cli-1", true, true
			}),
		},
		{
			name:  "Azure appid and Okta cid stand for client_id",
			token: claims(map[string]any{"appid": "app-9", "cid": "okta-1"}),
			want:  with(func(j *JWT) { j.ClientID = "app-9" }),
		},
		{
			name:       "exp in milliseconds",
			token:      claims(map[string]any{"exp": int64(1700003600000)}),
			want:       with(func(j *JWT) { j.Exp, j.ExpMillis = tm("2023-11-14T23:13:20Z"), true }),
			wantIssues: []string{JWTExpMillis},
		},
		{
			name:       "nbf and iat in milliseconds",
			token:      claims(map[string]any{"nbf": int64(1700000000000), "iat": int64(1700000000500)}),
			want:       with(func(j *JWT) { j.Nbf, j.Iat = tm("2023-11-14T22:13:20Z"), tm("2023-11-14T22:13:20.5Z") }),
			wantIssues: []string{JWTNbfMillis, JWTIatMillis},
		},
		{
			name:       "exp as a string is read and reported",
			token:      claims(map[string]any{"exp": "1700003600", "nbf": true, "iat": nil}),
			want:       with(func(j *JWT) { j.Exp = tm("2023-11-14T23:13:20Z") }),
			wantIssues: []string{JWTExpString, JWTNbfInvalid, JWTIatInvalid},
		},
		{
			name:       "exp as an RFC 3339 string",
			token:      claims(map[string]any{"exp": "2023-11-14T23:13:20Z"}),
			want:       with(func(j *JWT) { j.Exp = tm("2023-11-14T23:13:20Z") }),
			wantIssues: []string{JWTExpString},
		},
		{
			name:       "exp as a string in milliseconds",
			token:      claims(map[string]any{"exp": "1700003600000"}),
			want:       with(func(j *JWT) { j.Exp, j.ExpMillis = tm("2023-11-14T23:13:20Z"), true }),
			wantIssues: []string{JWTExpString, JWTExpMillis},
		},
		{
			name:       "exp a word",
			token:      claims(map[string]any{"exp": "tomorrow"}),
			want:       base,
			wantIssues: []string{JWTExpString, JWTExpInvalid},
		},
		{
			name:       "exp out of range is not read",
			token:      claims(map[string]any{"exp": 1e300, "nbf": -1e300}),
			want:       base,
			wantIssues: []string{JWTExpInvalid, JWTNbfInvalid},
		},
		{
			name: "non-string header values",
			token: func(t testing.TB) string {
				return jwtFrom(t, map[string]any{"alg": 256, "kid": []any{"a"}}, map[string]any{"iss": 1})
			},
			want: JWT{},
		},
		{
			name: "padded segments",
			token: func(t testing.TB) string {
				h := base64.URLEncoding.EncodeToString([]byte(`{"alg":"ES256"}`))
				c := base64.URLEncoding.EncodeToString([]byte(`{"iss":"a"}`))
				return h + "." + c + "." + fill(b64url, 86, 1)
			},
			want:       JWT{Alg: "ES256", Iss: "a"},
			wantIssues: []string{JWTPadded},
		},
		{
			name: "standard alphabet",
			token: func(t testing.TB) string {
				c := base64.RawStdEncoding.EncodeToString([]byte(`{"sub":"a>>?b"}`))
				if !strings.ContainsAny(c, "+/") {
					t.Fatal("test claims do not exercise the standard alphabet")
				}
				return b64u(`{"alg":"HS256"}`) + "." + c + "." + fill(b64url, 43, 2)
			},
			want:       JWT{Alg: "HS256", SubFingerprint: Fingerprint("a>>?b")},
			wantIssues: []string{JWTStandardAlphabet},
		},
		{
			name: "standard base64 with padding",
			token: func(t testing.TB) string {
				c := base64.StdEncoding.EncodeToString([]byte(`{"sub":"a>>?bc"}`))
				return b64u(`{"alg":"HS256"}`) + "." + c + "." + fill(b64url, 43, 2)
			},
			want:       JWT{Alg: "HS256", SubFingerprint: Fingerprint("a>>?bc")},
			wantIssues: []string{JWTPadded, JWTStandardAlphabet},
		},
		{
			name: "unsecured JWT",
			token: func(t testing.TB) string {
				return b64u(`{"alg":"none"}`) + "." + b64u(`{"sub":"x"}`) + "."
			},
			want:       JWT{Alg: "none", SubFingerprint: Fingerprint("x")},
			wantIssues: []string{JWTEmptySignature, JWTAlgNone},
		},
		{
			name: "alg none with a signature",
			token: func(t testing.TB) string {
				return b64u(`{"alg":"none"}`) + "." + b64u(`{"sub":"x"}`) + "." + fill(b64url, 43, 3)
			},
			want:       JWT{Alg: "none", SubFingerprint: Fingerprint("x")},
			wantIssues: []string{JWTAlgNone, JWTAlgNoneSigned},
		},
		{
			name: "two segments: the signature is missing",
			token: func(t testing.TB) string {
				return b64u(`{"alg":"RS256"}`) + "." + b64u(`{"iss":"a"}`)
			},
			want:       JWT{Alg: "RS256", Iss: "a"},
			wantIssues: []string{JWTMissingSignature},
		},
		{
			name: "line breaks inside",
			token: func(t testing.TB) string {
				tok := jwtFrom(t, hs, map[string]any{"iss": "https://login.example.com/"})
				return tok[:20] + "\n" + tok[20:40] + "\r\n  " + tok[40:]
			},
			want:       with(func(j *JWT) { j.Iss = "https://login.example.com/" }),
			wantIssues: []string{JWTWhitespace},
		},
		{
			name: "a space after a dot",
			token: func(t testing.TB) string {
				tok := jwtFrom(t, hs, map[string]any{"iss": "a"})
				i := strings.Index(tok, ".")
				return tok[:i+1] + " " + tok[i+1:]
			},
			want:       with(func(j *JWT) { j.Iss = "a" }),
			wantIssues: []string{JWTWhitespace},
		},
		{
			name: "surrounding white space is not reported",
			token: func(t testing.TB) string {
				return " " + jwtFrom(t, hs, map[string]any{"iss": "a"}) + "\n"
			},
			want: with(func(j *JWT) { j.Iss = "a" }),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := DecodeJWT(tc.token(t))
			if err != nil {
				t.Fatalf("DecodeJWT: %v", err)
			}
			want := tc.want
			want.Issues = tc.wantIssues
			if d := cmp.Diff(want, got.Info); d != "" {
				t.Errorf("Info mismatch (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.wantIssues, got.Issues); d != "" {
				t.Errorf("Issues mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestDecodeJWTErrors(t *testing.T) {
	t.Parallel()
	good := b64u(`{"alg":"HS256"}`)
	claims := b64u(`{"sub":"someone"}`)
	sig := fill(b64url, 43, 3)
	tests := []struct {
		name    string
		token   string
		wantErr error
		segment string // "" when the error is not a SegmentError
	}{
		{"one segment", fill(alnum, 40, 1), ErrNotJWT, ""},
		{"two segments, claims not JSON", good + "." + b64u("opaque words"), ErrJSONObject, "claims"},
		{"four segments", good + "." + claims + "." + sig + ".x", ErrNotJWT, ""},
		{"header not base64", "e$J" + good + "." + claims + "." + sig, ErrBase64, "header"},
		{"header impossible length", good + "A" + "." + claims + "." + sig, ErrBase64, "header"},
		{"header too much padding", good + "===." + claims + "." + sig, ErrBase64, "header"},
		{"header empty", "." + claims + "." + sig, ErrEmptySegment, "header"},
		{"header is an array", b64u(`["alg"]`) + "." + claims + "." + sig, ErrJSONObject, "header"},
		{"claims not JSON", good + "." + b64u("opaque secret words") + "." + sig, ErrJSONObject, "claims"},
		{"claims null", good + "." + b64u("null") + "." + sig, ErrJSONObject, "claims"},
		{"claims trailing data", good + "." + b64u(`{"a":1}{"b":2}`) + "." + sig, ErrJSONObject, "claims"},
		{"claims detached", good + ".." + sig, ErrEmptySegment, "claims"},
		{"signature not base64", good + "." + claims + "." + sig + "!", ErrBase64, "signature"},
		{"jwe", b64u(`{"alg":"RSA-OAEP","enc":"A256GCM"}`) + "." + fill(b64url, 342, 4) + "." + fill(b64url, 16, 5) + "." + fill(b64url, 200, 6) + "." + fill(b64url, 22, 7), ErrEncrypted, ""},
		{"jwe bad header", "%%%." + fill(b64url, 342, 4) + "." + fill(b64url, 16, 5) + "." + fill(b64url, 200, 6) + "." + fill(b64url, 22, 7), ErrBase64, "protected header"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := DecodeJWT(tc.token)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("DecodeJWT error = %v, want %v", err, tc.wantErr)
			}
			var se *SegmentError
			if tc.segment != "" && (!errors.As(err, &se) || se.Segment != tc.segment) {
				t.Errorf("DecodeJWT error = %v, want a SegmentError on %q", err, tc.segment)
			}
			for _, seg := range strings.Split(tc.token, ".") {
				if len(seg) >= 4 && strings.Contains(err.Error(), seg) {
					t.Errorf("error %q echoes a segment", err)
				}
			}
		})
	}
}

func TestDecodeJWTEncryptedHeader(t *testing.T) {
	t.Parallel()
	tok := b64u(`{"alg":"RSA-OAEP","enc":"A256GCM","kid":"k1"}`) + "." + fill(b64url, 342, 4) + "." + fill(b64url, 16, 5) + "." + fill(b64url, 200, 6) + "." + fill(b64url, 22, 7)
	got, err := DecodeJWT(tok)
	if !errors.Is(err, ErrEncrypted) {
		t.Fatalf("DecodeJWT(JWE) error = %v, want ErrEncrypted", err)
	}
	if d := cmp.Diff(JWT{Alg: "RSA-OAEP", Kid: "k1", Enc: "A256GCM"}, got.Info); d != "" {
		t.Errorf("JWE Info mismatch (-want +got):\n%s", d)
	}
	if got.Claims != nil {
		t.Error("JWE Claims should be nil")
	}
	// Without enc, a five-segment token is no JWE.
	tok = b64u(`{"alg":"RSA-OAEP"}`) + "." + fill(b64url, 342, 4) + "." + fill(b64url, 16, 5) + "." + fill(b64url, 200, 6) + "." + fill(b64url, 22, 7)
	got, err = DecodeJWT(tok)
	if !errors.Is(err, ErrEncrypted) || !slices.Contains(got.Issues, JWTEncMissing) {
		t.Errorf("JWE without enc: error %v, issues %v; want ErrEncrypted and %s", err, got.Issues, JWTEncMissing)
	}
}

func TestJWTIssueCodesDistinct(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, c := range JWTIssueCodes() {
		if seen[c] || c == "" {
			t.Errorf("issue code %q empty or repeated", c)
		}
		seen[c] = true
	}
}

func TestExpiryAt(t *testing.T) {
	t.Parallel()
	exp := tm("2026-11-29T12:00:00Z")
	nbf := tm("2026-11-29T11:00:00Z")
	at := func(s string) time.Time { return *tm(s) }
	tests := []struct {
		name   string
		jwt    *JWT
		at     time.Time
		leeway time.Duration
		want   Expiry
	}{
		{"valid", &JWT{Exp: exp, Nbf: nbf}, at("2026-11-29T11:30:00Z"), time.Minute, Expiry{ExpiryValid, exp, 30 * time.Minute}},
		{"expired 30s ago, inside the 1m leeway", &JWT{Exp: exp}, at("2026-11-29T12:00:30Z"), time.Minute, Expiry{ExpiryExpiredWithinLeeway, exp, -30 * time.Second}},
		{"expired at exp exactly, strict", &JWT{Exp: exp}, at("2026-11-29T12:00:00Z"), 0, Expiry{ExpiryExpired, exp, 0}},
		{"expired past the leeway", &JWT{Exp: exp}, at("2026-11-29T12:05:00Z"), time.Minute, Expiry{ExpiryExpired, exp, -5 * time.Minute}},
		{"not yet valid", &JWT{Exp: exp, Nbf: nbf}, at("2026-11-29T10:00:00Z"), time.Minute, Expiry{ExpiryNotYetValid, exp, time.Hour}},
		{"nbf inside the leeway", &JWT{Exp: exp, Nbf: nbf}, at("2026-11-29T10:59:30Z"), time.Minute, Expiry{ExpiryValid, exp, time.Hour + 30*time.Second}},
		{"no exp", &JWT{}, at("2026-11-29T10:00:00Z"), time.Minute, Expiry{Status: ExpiryNoExp}},
		{"invalid exp", &JWT{Issues: []string{JWTExpInvalid}}, at("2026-11-29T10:00:00Z"), time.Minute, Expiry{Status: ExpiryInvalidExp}},
		{"nil", nil, at("2026-11-29T10:00:00Z"), time.Minute, Expiry{Status: ExpiryNoExp}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if d := cmp.Diff(tc.want, ExpiryAt(tc.jwt, tc.at, tc.leeway)); d != "" {
				t.Errorf("ExpiryAt mismatch (-want +got):\n%s", d)
			}
		})
	}
}
