package issuer

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
)

func TestBasicCredential(t *testing.T) {
	t.Parallel()
	tests := []struct{ id, secret, want string }{
		{"client", "s3cret", "client:s3cret"},
		{"urn:client:1", "pa:ss", "urn%3Aclient%3A1:pa%3Ass"},
		{"100%", "a%2F", "100%25:a%252F"},
		{"a b", "+&=", "a+b:%2B%26%3D"},
		{"client", "", "client:"},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			t.Parallel()
			got := basicCredential(tc.id, tc.secret)
			if got != tc.want {
				t.Errorf("basicCredential = %q, want %q", got, tc.want)
			}
			// The server side of RFC 6749 §2.3.1: split at the first ':'
			// of the decoded pair, then form-decode each half.
			id, secret, _ := strings.Cut(got, ":")
			gotID, err1 := url.QueryUnescape(id)
			gotSecret, err2 := url.QueryUnescape(secret)
			if err1 != nil || err2 != nil || gotID != tc.id || gotSecret != tc.secret {
				t.Errorf("round trip: %q %q (%v %v)", gotID, gotSecret, err1, err2)
			}
		})
	}
}

func TestIntrospection(t *testing.T) {
	t.Parallel()
	const token = "opaque-access-token-0001"
	exp := time.Unix(1700000000, 0).UTC()
	expFrac := time.Unix(1700000000, 500000000).UTC()
	yes, no := true, false
	tests := []struct {
		name         string
		id, secret   string
		status       int
		body         string
		want         *authdoctor.Introspection // Endpoint is filled in
		wantProblems []string
	}{
		{name: "active", id: "client", secret: "s3cret",
			body: `{"active":true,"scope":"orders:read  orders:write","client_id":"client","aud":["api","other"],"token_type":"Bearer","exp":1700000000,"username":"u"}`,
			want: &authdoctor.Introspection{Status: 200, Active: &yes, Scopes: []string{"orders:read", "orders:write"},
				ClientID: "client", Aud: []string{"api", "other"}, TokenType: "Bearer", Exp: &exp}},
		{name: "aud as a string, fractional exp", id: "client", secret: "s3cret",
			body: `{"active":true,"aud":"api","exp":1700000000.5}`,
			want: &authdoctor.Introspection{Status: 200, Active: &yes, Aud: []string{"api"}, Exp: &expFrac}},
		{name: "inactive", id: "client", secret: "s3cret", body: `{"active":false}`,
			want: &authdoctor.Introspection{Status: 200, Active: &no}},
		{name: "missing active", id: "client", secret: "s3cret", body: `{"scope":"orders:read"}`,
			want: &authdoctor.Introspection{Status: 200, Scopes: []string{"orders:read"},
				Error: "has no active member, which RFC 7662 §2.2 requires: the endpoint is broken, not the token"},
			wantProblems: []string{"no active member"}},
		{name: "active as a string", id: "client", secret: "s3cret", body: `{"active":"true"}`,
			want:         &authdoctor.Introspection{Status: 200, Error: "has an active member that is not true or false: the endpoint is broken, not the token"},
			wantProblems: []string{"not true or false"}},
		{name: "members of the wrong type ignored", id: "client", secret: "s3cret",
			body: `{"active":true,"scope":5,"aud":{"a":1},"exp":"soon","client_id":[]}`,
			want: &authdoctor.Introspection{Status: 200, Active: &yes}},
		{name: "not json", id: "client", secret: "s3cret", body: `<html>`,
			want:         &authdoctor.Introspection{Status: 200, Error: "is not a JSON object: syntax error at byte 1"},
			wantProblems: []string{"is not a JSON object"}},
		{name: "401 is about the client", id: "client", secret: "wrong", status: 401, body: `{"error":"invalid_client"}`,
			want:         &authdoctor.Introspection{Status: 401, Error: "invalid_client"},
			wantProblems: []string{"401 Unauthorized (invalid_client)", "refused the client credentials", "says nothing about the token"}},
		{name: "401 without a body", id: "client", secret: "wrong", status: 401,
			want:         &authdoctor.Introspection{Status: 401, Error: "the client credentials were refused"},
			wantProblems: []string{"refused the client credentials"}},
		{name: "400", id: "client", secret: "s3cret", status: 400, body: `{"error":"invalid_request"}`,
			want:         &authdoctor.Introspection{Status: 400, Error: "invalid_request"},
			wantProblems: []string{"answered 400 Bad Request (invalid_request)"}},
		{name: "redirect not followed", id: "client", secret: "s3cret", status: 307,
			want:         &authdoctor.Introspection{Status: 307, Error: "redirected"},
			wantProblems: []string{"not followed"}},
		{name: "id and secret with ':' and '%'", id: "urn:shop:client%1", secret: "p:a%ss",
			body: `{"active":true}`, want: &authdoctor.Introspection{Status: 200, Active: &yes}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got struct {
				method, ctype, auth string
				form                url.Values
			}
			srv := newFakeIssuer(t, map[string]route{"/introspect": {Handle: func(w http.ResponseWriter, r *http.Request) {
				got.method, got.ctype, got.auth = r.Method, r.Header.Get("Content-Type"), r.Header.Get("Authorization")
				_ = r.ParseForm()
				got.form = r.PostForm
				if tc.status == http.StatusTemporaryRedirect {
					w.Header().Set("Location", "/elsewhere")
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(max(tc.status, 200))
				_, _ = w.Write([]byte(tc.body))
			}}})
			r := Inspect(context.Background(), Config{
				Client: srv.Client(), Introspect: srv.URL + "/introspect",
				ClientID: tc.id, ClientSecret: authdoctor.NewSecret(tc.secret),
			}, authdoctor.NewSecret(token))

			want := *tc.want
			want.Endpoint = srv.URL + "/introspect"
			if diff := cmp.Diff(&want, r.Introspection); diff != "" {
				t.Errorf("introspection (-want +got):\n%s", diff)
			}
			if len(r.Problems) != min(len(tc.wantProblems), 1) {
				t.Errorf("problems = %q", r.Problems)
			}
			for _, w := range tc.wantProblems {
				if len(r.Problems) == 0 || !strings.Contains(r.Problems[0], w) {
					t.Errorf("problems %q do not hold %q", r.Problems, w)
				}
			}
			if r.Verification != nil {
				t.Errorf("verification without issuer or keys: %+v", r.Verification)
			}

			// What the endpoint received (RFC 7662 §2.1, RFC 6749 §2.3.1).
			if got.method != http.MethodPost || got.ctype != "application/x-www-form-urlencoded" {
				t.Errorf("sent %s with Content-Type %q", got.method, got.ctype)
			}
			if got.form.Get("token") != token || got.form.Get("token_type_hint") != "access_token" {
				t.Errorf("form = %v", got.form)
			}
			enc, ok := strings.CutPrefix(got.auth, "Basic ")
			raw, err := base64.StdEncoding.DecodeString(enc)
			if !ok || err != nil {
				t.Fatalf("Authorization %q is not Basic", got.auth)
			}
			id, secret, _ := strings.Cut(string(raw), ":")
			if id, _ = url.QueryUnescape(id); id != tc.id {
				t.Errorf("client id = %q, want %q", id, tc.id)
			}
			if secret, _ = url.QueryUnescape(secret); secret != tc.secret {
				t.Errorf("client secret does not round-trip")
			}

			// What was recorded.
			if len(r.Exchanges) != 1 {
				t.Fatalf("%d exchanges", len(r.Exchanges))
			}
			ex := r.Exchanges[0]
			if ex.Method != http.MethodPost || ex.Status != max(tc.status, 200) {
				t.Errorf("exchange %s %d", ex.Method, ex.Status)
			}
			var authField *authdoctor.Field
			for i, f := range ex.RequestHeader {
				if f.Name == "Authorization" {
					authField = &ex.RequestHeader[i]
				}
			}
			if authField == nil || !authField.Sensitive() || authField.Value.Reveal() != got.auth {
				t.Errorf("Authorization not recorded as a sensitive field: %+v", ex.RequestHeader)
			}
		})
	}
}

func TestIntrospectionSkipped(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		cfg   Config
		token string
		want  string
	}{
		{name: "endpoint without client id", cfg: Config{Introspect: "http://127.0.0.1:1/introspect"}, token: "opaque-token-123456",
			want: "no client id"},
		{name: "client id without endpoint", cfg: Config{ClientID: "c"}, token: "opaque-token-123456",
			want: "no endpoint given"},
		{name: "no token", cfg: Config{ClientID: "c", Introspect: "http://127.0.0.1:1/introspect"},
			want: "no token"},
		{name: "plain http off loopback", cfg: Config{ClientID: "c", Introspect: "http://as.invalid/introspect"}, token: "opaque-token-123456",
			want: "plain http on a host that is not loopback"},
		{name: "not a URL", cfg: Config{ClientID: "c", Introspect: "/introspect"}, token: "opaque-token-123456",
			want: "not an http or https URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.cfg.Client = &http.Client{Transport: failTransport{t}}
			r := Inspect(context.Background(), tc.cfg, authdoctor.NewSecret(tc.token))
			if len(r.Problems) != 1 || !strings.Contains(r.Problems[0], tc.want) {
				t.Errorf("problems = %q, want one holding %q", r.Problems, tc.want)
			}
			if len(r.Exchanges) != 0 || r.Introspection != nil {
				t.Errorf("sent: %+v", r.Exchanges)
			}
		})
	}
}

// failTransport fails the test when anything is sent.
type failTransport struct{ t *testing.T }

func (f failTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	f.t.Errorf("sent %s %s", r.Method, r.URL.Redacted())
	return nil, http.ErrNotSupported
}
