package issuer

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/lab"
)

// startMintLab starts a lab for one test and returns it with its client
// variables.
func startMintLab(t *testing.T) (*lab.Lab, map[string]string) {
	t.Helper()
	l, err := lab.Start(context.Background(), lab.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l, l.ClientEnv()
}

// mintOutcome is what the table compares of a MintResult.
type mintOutcome struct {
	OK         bool
	AuthMethod string
	Code       string
	Status     int
	Statuses   []int // of the token requests, in order
	Problems   int
}

func outcomeOf(r MintResult, tokenURL string) mintOutcome {
	o := mintOutcome{OK: !r.Token.IsZero(), AuthMethod: r.AuthMethod, Problems: len(r.Problems)}
	if r.Error != nil {
		o.Code, o.Status = r.Error.Code, r.Error.Status
	}
	for _, ex := range r.Exchanges {
		if ex.URL == tokenURL {
			o.Statuses = append(o.Statuses, ex.Status)
		}
	}
	return o
}

func TestMintLab(t *testing.T) {
	t.Parallel()
	l, env := startMintLab(t)
	tokenURL := l.URL() + "/oauth/token"
	basicID, basicSecret := env["LAB_CLIENT_ID"], authdoctor.NewSecret(env["LAB_CLIENT_SECRET"])
	postID, postSecret := env["LAB_POST_CLIENT_ID"], authdoctor.NewSecret(env["LAB_POST_CLIENT_SECRET"])
	wrong := authdoctor.NewSecret("wrong-secret-0123456789abcdefghijklmn")
	bogusRefresh := authdoctor.NewSecret("bogus-refresh-token-0123456789abcdefghij")

	tests := []struct {
		name    string
		cfg     MintConfig
		want    mintOutcome
		explain []string // substrings of Explanation
		scopes  []string // granted, when OK
	}{
		{
			name:    "basic client, client credentials",
			cfg:     MintConfig{TokenURL: tokenURL, ClientID: basicID, ClientSecret: basicSecret},
			want:    mintOutcome{OK: true, AuthMethod: AuthMethodBasic, Statuses: []int{200}},
			explain: []string{"client_secret_basic"}, scopes: []string{"orders:read"},
		},
		{
			name: "basic client, discovered endpoint, two scopes and an audience",
			cfg: MintConfig{Issuer: l.Issuer(), ClientID: basicID, ClientSecret: basicSecret,
				Scopes: []string{"orders:read", "admin:read"}, Audience: "lab-api"},
			want:   mintOutcome{OK: true, AuthMethod: AuthMethodBasic, Statuses: []int{200}},
			scopes: []string{"orders:read", "admin:read"},
		},
		{
			name:    "post client, auto: basic refused, post works",
			cfg:     MintConfig{TokenURL: tokenURL, ClientID: postID, ClientSecret: postSecret},
			want:    mintOutcome{OK: true, AuthMethod: AuthMethodPost, Statuses: []int{401, 200}},
			explain: []string{"client_secret_post", "it worked", "AuthStyleInParams"}, scopes: []string{"orders:read"},
		},
		{
			name: "post client, post given",
			cfg:  MintConfig{TokenURL: tokenURL, ClientID: postID, ClientSecret: postSecret, AuthMethod: AuthMethodPost},
			want: mintOutcome{OK: true, AuthMethod: AuthMethodPost, Statuses: []int{200}},
		},
		{
			name:    "post client, basic given",
			cfg:     MintConfig{TokenURL: tokenURL, ClientID: postID, ClientSecret: postSecret, AuthMethod: AuthMethodBasic},
			want:    mintOutcome{AuthMethod: AuthMethodBasic, Code: "invalid_client", Status: 401, Statuses: []int{401}},
			explain: []string{"invalid_client", "client_secret_post"},
		},
		{
			name:    "wrong secret: neither method works",
			cfg:     MintConfig{TokenURL: tokenURL, ClientID: basicID, ClientSecret: wrong},
			want:    mintOutcome{AuthMethod: AuthMethodPost, Code: "invalid_client", Status: 401, Statuses: []int{401, 401}},
			explain: []string{"Neither client_secret_basic nor client_secret_post", "secret is wrong"},
		},
		{
			name:    "invalid scope: known to the issuer, not granted to the client",
			cfg:     MintConfig{Issuer: l.Issuer(), ClientID: postID, ClientSecret: postSecret, AuthMethod: AuthMethodPost, Scopes: []string{"admin:read"}},
			want:    mintOutcome{AuthMethod: AuthMethodPost, Code: "invalid_scope", Status: 400, Statuses: []int{400}},
			explain: []string{"invalid_scope", `"admin:read"`, "grant that scope"},
		},
		{
			name:    "invalid scope: not published by the issuer",
			cfg:     MintConfig{Issuer: l.Issuer(), ClientID: basicID, ClientSecret: basicSecret, Scopes: []string{"orders:read", "ordres:write"}},
			want:    mintOutcome{AuthMethod: AuthMethodBasic, Code: "invalid_scope", Status: 400, Statuses: []int{400}},
			explain: []string{`does not publish "ordres:write"`},
		},
		{
			name: "unauthorized client: post client may not refresh",
			cfg: MintConfig{TokenURL: tokenURL, ClientID: postID, ClientSecret: postSecret,
				Grant: GrantRefreshToken, RefreshToken: bogusRefresh},
			want:    mintOutcome{AuthMethod: AuthMethodPost, Code: "unauthorized_client", Status: 400, Statuses: []int{401, 400}},
			explain: []string{"client authenticated", "may not use the refresh_token grant"},
		},
		{
			name: "invalid grant: bogus refresh token",
			cfg: MintConfig{TokenURL: tokenURL, ClientID: basicID, ClientSecret: basicSecret,
				Grant: GrantRefreshToken, RefreshToken: bogusRefresh},
			want:    mintOutcome{AuthMethod: AuthMethodBasic, Code: "invalid_grant", Status: 400, Statuses: []int{400}},
			explain: []string{"refresh token was refused", "signing in again"},
		},
		{
			name:    "not a token endpoint",
			cfg:     MintConfig{TokenURL: l.URL() + "/oauth/nothing", ClientID: basicID, ClientSecret: basicSecret, AuthMethod: AuthMethodBasic},
			want:    mintOutcome{AuthMethod: AuthMethodBasic, Code: "not_found", Status: 404},
			explain: []string{"not a token endpoint"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := tc.cfg
			cfg.Client = &http.Client{Timeout: 10 * time.Second}
			r := Mint(context.Background(), cfg)
			got := outcomeOf(r, tokenURL)
			if strings.HasSuffix(cfg.TokenURL, "/nothing") {
				got.Statuses = nil
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("outcome (-want +got):\n%s\nexplanation: %s\nproblems: %q", diff, r.Explanation, r.Problems)
			}
			for _, s := range tc.explain {
				if !strings.Contains(r.Explanation, s) {
					t.Errorf("explanation lacks %q:\n%s", s, r.Explanation)
				}
			}
			if tc.want.OK {
				if diff := cmp.Diff(tc.scopes, r.Scopes); tc.scopes != nil && diff != "" {
					t.Errorf("scopes (-want +got):\n%s", diff)
				}
				if r.TokenType != "Bearer" || r.ExpiresIn != time.Hour || r.Error != nil || len(r.Problems) != 0 {
					t.Errorf("token_type %q, expires_in %v, error %v, problems %q", r.TokenType, r.ExpiresIn, r.Error, r.Problems)
				}
				if strings.Count(r.Token.Reveal(), ".") != 2 {
					t.Errorf("the lab issues JWTs; got %v", r.Token)
				}
			}
			if r.TokenURL != tokenURL && cfg.TokenURL == "" {
				t.Errorf("TokenURL %q, want the discovered %q", r.TokenURL, tokenURL)
			}
			for _, ex := range r.Exchanges {
				if ex.URL == tokenURL && ex.Method != http.MethodPost {
					t.Errorf("token request sent with %s", ex.Method)
				}
				for _, f := range ex.RequestHeader {
					if f.Name == "Authorization" && f.Value.Reveal() != "Basic "+authdoctor.Redacted {
						t.Errorf("Authorization stored as %v", f.Value)
					}
				}
			}
			assertNoSecret(t, r, cfg.ClientSecret.Reveal(), cfg.RefreshToken.Reveal(), r.Token.Reveal())
		})
	}
}

// assertNoSecret fails when any printed form of r holds one of secrets
// (beyond Token and Refresh, which are Secrets).
func assertNoSecret(t *testing.T, r MintResult, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if len(s) < 8 {
			continue
		}
		for _, form := range mintForms(t, r) {
			if strings.Contains(form, s) {
				t.Fatalf("a printed form of the result holds a secret:\n%s", form)
			}
		}
	}
}

// mintForms is every way a MintResult may be printed or stored.
func mintForms(t *testing.T, r MintResult) []string {
	t.Helper()
	j, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	forms := []string{fmt.Sprintf("%v", r), fmt.Sprintf("%+v", r), fmt.Sprintf("%#v", r), string(j),
		r.Explanation, strings.Join(r.Problems, "\n"), r.TokenURL}
	if r.Error != nil {
		forms = append(forms, r.Error.Error())
	}
	for _, ex := range r.Exchanges {
		forms = append(forms, ex.URL, string(ex.Body), fmt.Sprint(ex.Header))
		for _, f := range ex.RequestHeader {
			forms = append(forms, f.Value.Reveal())
		}
	}
	return forms
}

func TestMintProblems(t *testing.T) {
	t.Parallel()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL + "/oauth/token"
	closed.Close()
	secret := authdoctor.NewSecret("s3cret-value-0123456789")
	client := &http.Client{Timeout: 5 * time.Second}
	tests := []struct {
		name string
		cfg  MintConfig
		want string // substring of the one problem
		sent int
	}{
		{"no client", MintConfig{TokenURL: closedURL, ClientID: "c", ClientSecret: secret}, "no http client", 0},
		{"unknown grant", MintConfig{Client: client, TokenURL: closedURL, ClientID: "c", ClientSecret: secret, Grant: "password"}, `grant "password"`, 0},
		{"refresh without token", MintConfig{Client: client, TokenURL: closedURL, ClientID: "c", ClientSecret: secret, Grant: GrantRefreshToken}, "needs a refresh token", 0},
		{"no client id", MintConfig{Client: client, TokenURL: closedURL, ClientSecret: secret}, "no client id", 0},
		{"bad method", MintConfig{Client: client, TokenURL: closedURL, ClientID: "c", ClientSecret: secret, AuthMethod: "private_key_jwt"}, "private_key_jwt", 0},
		{"no endpoint", MintConfig{Client: client, ClientID: "c", ClientSecret: secret}, "give the token endpoint", 0},
		{"plain http elsewhere", MintConfig{Client: client, TokenURL: "http://auth.example.com/oauth/token", ClientID: "c", ClientSecret: secret}, "plain http", 0},
		{"not a URL", MintConfig{Client: client, TokenURL: "ftp://127.0.0.1/x", ClientID: "c", ClientSecret: secret}, "not an http or https URL", 0},
		{"unreachable", MintConfig{Client: client, TokenURL: closedURL, ClientID: "c", ClientSecret: secret, AuthMethod: AuthMethodBasic}, "could not reach the token endpoint", 1},
		{"unreachable issuer", MintConfig{Client: client, Issuer: strings.TrimSuffix(closedURL, "/oauth/token"), ClientID: "c", ClientSecret: secret}, "could not find the token endpoint", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Mint(context.Background(), tc.cfg)
			if !r.Token.IsZero() || r.Error != nil || len(r.Problems) != 1 || !strings.Contains(r.Problems[0], tc.want) {
				t.Fatalf("got token %v, error %v, problems %q; want one problem with %q", r.Token, r.Error, r.Problems, tc.want)
			}
			if len(r.Exchanges) != tc.sent {
				t.Errorf("%d exchanges, want %d", len(r.Exchanges), tc.sent)
			}
			assertNoSecret(t, r, secret.Reveal())
		})
	}
}

// fakeTokenServer is a token endpoint that answers with answer, after
// recording the form and Authorization header it got.
type fakeTokenServer struct {
	*httptest.Server
	forms []url.Values
	auths []string
}

func newFakeTokenServer(t *testing.T, answer func(w http.ResponseWriter, r *http.Request)) *fakeTokenServer {
	t.Helper()
	f := &fakeTokenServer{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		f.forms = append(f.forms, r.PostForm)
		f.auths = append(f.auths, r.Header.Get("Authorization"))
		answer(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

func writeTokenJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// TestMintRefreshRotation redeems a refresh token at an endpoint that
// rotates it, and one that does not: Refresh holds only a new one.
func TestMintRefreshRotation(t *testing.T) {
	t.Parallel()
	const old = "old-refresh-0123456789abcdefghijklmnop"
	const next = "new-refresh-0123456789abcdefghijklmnop"
	const access = "opaque-access-0123456789abcdefghijklmn"
	tests := []struct {
		name     string
		answer   string
		rotated  string
		problems []string
		scopes   []string
	}{
		{"rotates", `{"access_token":"` + access + `","token_type":"bearer","expires_in":"600","refresh_token":"` + next + `","scope":"a b"}`, next, []string{"missing c"}, []string{"a", "b"}},
		{"keeps", `{"access_token":"` + access + `","token_type":"Bearer","expires_in":600,"refresh_token":"` + old + `"}`, "", nil, []string{"a", "b", "c"}},
		{"narrows, no expiry, DPoP", `{"access_token":"` + access + `","token_type":"DPoP","scope":"a"}`, "",
			[]string{"fewer scopes than asked: missing b c", `token_type is "DPoP"`, "no expires_in"}, []string{"a"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newFakeTokenServer(t, func(w http.ResponseWriter, r *http.Request) { writeTokenJSON(w, 200, tc.answer) })
			r := Mint(context.Background(), MintConfig{
				Client: srv.Client(), TokenURL: srv.URL + "/token", ClientID: "app", ClientSecret: authdoctor.NewSecret("app-secret-0123456789"),
				Grant: GrantRefreshToken, RefreshToken: authdoctor.NewSecret(old), Scopes: []string{"a", "b", "c"}, Audience: "api://x",
			})
			if r.Token.Reveal() != access || r.Refresh.Reveal() != tc.rotated {
				t.Fatalf("token %v refresh %v, error %v, problems %q", r.Token, r.Refresh, r.Error, r.Problems)
			}
			if len(tc.problems) != len(r.Problems) {
				t.Errorf("problems %q, want %q", r.Problems, tc.problems)
			}
			for i, p := range tc.problems {
				if i < len(r.Problems) && !strings.Contains(r.Problems[i], p) {
					t.Errorf("problem %d %q lacks %q", i, r.Problems[i], p)
				}
			}
			if diff := cmp.Diff(tc.scopes, r.Scopes); diff != "" {
				t.Errorf("scopes (-want +got):\n%s", diff)
			}
			form := srv.forms[0]
			want := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {old}, "scope": {"a b c"}, "audience": {"api://x"}}
			if diff := cmp.Diff(want, form); diff != "" {
				t.Errorf("form sent (-want +got):\n%s", diff)
			}
			if !strings.HasPrefix(srv.auths[0], "Basic ") {
				t.Errorf("Authorization %q, want Basic", srv.auths[0])
			}
			assertNoSecret(t, r, old, next, access, "app-secret-0123456789")
		})
	}
}

// TestMintCanary answers with the client secret, the refresh token and
// the tokens echoed everywhere an endpoint can put them — error
// descriptions, headers, a body longer than what is stored with a token
// cut at the end — and checks no printed form of the result holds them.
func TestMintCanary(t *testing.T) {
	t.Parallel()
	const secret = `canary-secret-"Zx9/%:<&>q7`
	const refresh = "canary-refresh-Kq7ZpL2mN8vR4tW6yB1c"
	const access = "canary-access-9f3Kq7ZpL2mN8vR4tW6yB1cD5eG0"
	jsonSecret, _ := json.Marshal(secret)
	basic := base64.StdEncoding.EncodeToString([]byte(basicCredential("app", secret)))
	echo := strings.Join([]string{secret, string(jsonSecret[1 : len(jsonSecret)-1]), url.QueryEscape(secret), basic, refresh}, " ")
	tests := []struct {
		name   string
		answer func(w http.ResponseWriter, r *http.Request)
	}{
		{"echo in an error", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Echo", echo)
			w.Header().Set("WWW-Authenticate", `Basic realm="`+basic+`"`)
			desc, _ := json.Marshal("bad client " + echo)
			writeTokenJSON(w, 401, `{"error":"invalid_client","error_description":`+string(desc)+`,"error_uri":"https://x.test/?s=`+url.QueryEscape(secret)+`"}`)
		}},
		{"token cut at the stored limit", func(w http.ResponseWriter, r *http.Request) {
			pad := strings.Repeat("x", mintStoredBody-len(`{"pad":"`)-len(`","access_token":"`)-10)
			writeTokenJSON(w, 200, `{"pad":"`+pad+`","access_token":"`+access+`","token_type":"Bearer","expires_in":60,"refresh_token":"`+access+`r"}`)
		}},
		{"token in a form answer", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/x-www-form-urlencoded")
			_, _ = w.Write([]byte("access_token=" + access + "&token_type=bearer&expires_in=60&echo=" + url.QueryEscape(echo)))
		}},
		{"token in a broken answer", func(w http.ResponseWriter, r *http.Request) {
			writeTokenJSON(w, 200, `{"acces_token":"`+access+`", "echo": "`+refresh+`"`)
		}},
		{"redirect to an echo", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/next?secret="+url.QueryEscape(secret)+"&t="+refresh, http.StatusTemporaryRedirect)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newFakeTokenServer(t, tc.answer)
			r := Mint(context.Background(), MintConfig{
				Client: srv.Client(), TokenURL: srv.URL + "/token", ClientID: "app", ClientSecret: authdoctor.NewSecret(secret),
				Grant: GrantRefreshToken, RefreshToken: authdoctor.NewSecret(refresh),
			})
			if len(r.Exchanges) == 0 {
				t.Fatalf("nothing sent: %q", r.Problems)
			}
			assertNoSecret(t, r, secret, string(jsonSecret[1:len(jsonSecret)-1]), url.QueryEscape(secret), basic, refresh, access, access[:20])
		})
	}
}

// TestMintRedirect: a redirect is reported, never followed.
func TestMintRedirect(t *testing.T) {
	t.Parallel()
	srv := newFakeTokenServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusMovedPermanently)
	})
	r := Mint(context.Background(), MintConfig{Client: srv.Client(), TokenURL: srv.URL + "/token", ClientID: "app", ClientSecret: authdoctor.NewSecret("app-secret-0123456789")})
	if len(srv.forms) != 1 || r.Error == nil || r.Error.Status != 301 || !strings.Contains(r.Explanation, "not followed") {
		t.Fatalf("requests %d, error %v, explanation %q", len(srv.forms), r.Error, r.Explanation)
	}
}

// FuzzMintAnswer feeds any token endpoint answer to what the recorder
// stores, cut at a small limit so that the fuzzer reaches the cut with
// small inputs: it never panics, and a token the answer carries (JSON or
// form) never survives in the stored body, whole or cut.
func FuzzMintAnswer(f *testing.F) {
	const tok = "seed-access-0123456789abcdefghij"
	seeds := []string{
		`{"access_token":"` + tok + `","token_type":"Bearer","expires_in":3600,"scope":"orders:read"}`,
		`{"error":"invalid_client","error_description":"Client authentication failed"}`,
		`{"error":"invalid_scope"}`,
		"access_token=" + tok + "&token_type=bearer",
		`{"pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","access_token":"` + tok + `"}`,
		`{"access_token":"eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln","refresh_token":"` + tok + `r","id_token":"x"}`,
		`{"access_token":"` + tok,
		"",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc := newScrubber(authdoctor.Secret{}, authdoctor.NewSecret("fuzz-client-secret"), "app:fuzz-client-secret").Merge(tokenScrubber(data))
		const limit = 64
		stored, truncated := storedBody(data, limit, sc)
		if truncated != (len(data) > limit) {
			t.Fatalf("truncated %v for %d bytes", truncated, len(data))
		}
		if strings.Contains(string(stored), "fuzz-client-secret") {
			t.Fatalf("the client secret survived: %q", stored)
		}
		var doc map[string]any
		tokens := []string{}
		if json.Unmarshal(data, &doc) == nil {
			for _, k := range tokenKeys {
				if s, ok := doc[k].(string); ok {
					tokens = append(tokens, s)
				}
			}
		} else if form, err := url.ParseQuery(string(data)); err == nil {
			for _, k := range tokenKeys {
				tokens = append(tokens, form[k]...)
			}
		}
		for _, tk := range tokens {
			// Only credential-shaped values: a "token" holding the
			// redaction marker itself cannot be told from it.
			if len(tk) < 8 || strings.Trim(tk, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/=") != "" {
				continue
			}
			if strings.Contains(string(stored), tk) {
				t.Fatalf("token %q survived in %q", tk, stored)
			}
			// A token cut at the limit leaves no start of 8 bytes or more.
			if truncated && strings.Contains(string(data), tk) && strings.HasSuffix(string(stored), tk[:8]) {
				t.Fatalf("the start of token %q survived at the cut in %q", tk, stored)
			}
		}
	})
}

// ExampleMint gets a token from the lab for its client_secret_post
// client: client_secret_basic is refused first, and the explanation says
// which method works.
func ExampleMint() {
	ctx := context.Background()
	l, err := lab.Start(ctx, lab.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	env := l.ClientEnv()
	r := Mint(ctx, MintConfig{
		Client:       &http.Client{Timeout: 10 * time.Second},
		Issuer:       l.Issuer(),
		ClientID:     env["LAB_POST_CLIENT_ID"],
		ClientSecret: authdoctor.NewSecret(env["LAB_POST_CLIENT_SECRET"]),
		Scopes:       []string{"orders:read"},
	})
	fmt.Println("token issued:", !r.Token.IsZero(), r.TokenType, r.ExpiresIn, r.Scopes)
	fmt.Println("method:", r.AuthMethod)
	for _, ex := range r.Exchanges {
		fmt.Println(ex.Method, ex.Status)
	}
	// Output:
	// token issued: true Bearer 1h0m0s [orders:read]
	// method: client_secret_post
	// GET 200
	// POST 401
	// POST 200
}
