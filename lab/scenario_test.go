package lab

import (
	"encoding/base64"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
	"github.com/google/go-cmp/cmp"
)

// expect is what a response must show.
type expect struct {
	status int
	// err: the client gets no response (refused, TLS, invalid header).
	err    bool
	header map[string]string // exact values
	absent []string          // headers that must not be there
	body   []string          // substrings of the body
}

func (e expect) check(t *testing.T, what string, resp *response, err error) {
	t.Helper()
	if e.err {
		if err == nil {
			t.Errorf("%s: got status %d, want an error", what, resp.status)
		}
		return
	}
	if err != nil {
		t.Errorf("%s: %v", what, err)
		return
	}
	if resp.status != e.status {
		t.Errorf("%s: status %d, want %d (body %q)", what, resp.status, e.status, resp.body)
	}
	for k, v := range e.header {
		if got := resp.header.Get(k); got != v {
			t.Errorf("%s: %s = %q, want %q", what, k, got, v)
		}
	}
	for _, k := range e.absent {
		if got, ok := resp.header[http.CanonicalHeaderKey(k)]; ok {
			t.Errorf("%s: unexpected %s: %q", what, k, got)
		}
	}
	for _, s := range e.body {
		if !strings.Contains(resp.body, s) {
			t.Errorf("%s: body %q lacks %q", what, resp.body, s)
		}
	}
}

// sent sends r and checks the answer.
func (e expect) sent(t *testing.T, what string, r request) {
	t.Helper()
	resp, err := r.send(t)
	e.check(t, what, resp, err)
}

// Challenges the lab's RFC 6750 resource server sends.
const (
	bare = `Bearer realm="lab"`
)

func invalidToken(desc string) string {
	return `Bearer realm="lab", error="invalid_token", error_description="` + desc + `"`
}

// scenarioCase is what a correct and a faulty client see for one scenario.
type scenarioCase struct {
	faulty    expect  // the request as the scenario writes it
	baseline  *expect // the same without credentials
	corrupted *expect // with the token's tail changed
	// fix turns the faulty request into a correct one; nil when the fix is
	// not on the client's side.
	fix   func(l *Lab, r request) request
	fixed int
	// more checks what the table cannot say.
	more func(t *testing.T, l *Lab, s Scenario, r request)
}

// withToken is the fix "send a valid lab access token".
func withToken(l *Lab, r request) request {
	return r.with("Authorization", "Bearer "+l.mint(tokenSpec{iat: labClock, exp: labClock.Add(time.Hour), scope: baseScope}))
}

var scenarioCases = map[string]scenarioCase{
	"ok": {
		faulty:    expect{status: 200, body: []string{"ord_1001"}},
		baseline:  &expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}},
		corrupted: &expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descSignature)}},
	},
	"unreachable": {
		faulty: expect{err: true},
		fix: func(l *Lab, r request) request {
			r.url = l.URL() + "/api/orders"
			return r
		},
		fixed: 200,
	},
	"tls-untrusted": {
		faulty: expect{err: true},
		fix: func(_ *Lab, r request) request {
			r.insecure = true
			return r
		},
		fixed: 200,
	},
	"not-found": {
		faulty:   expect{status: 404, body: []string{"not_found"}},
		baseline: &expect{status: 404},
		fix: func(l *Lab, r request) request {
			r.url = l.URL() + "/api/orders"
			return r
		},
		fixed: 200,
	},
	"method": {
		faulty:   expect{status: 405, header: map[string]string{"Allow": "POST"}},
		baseline: &expect{status: 405, header: map[string]string{"Allow": "POST"}},
		fix: func(_ *Lab, r request) request {
			r.method = http.MethodPost
			return r
		},
		fixed: 202,
	},
	"insecure": {
		faulty:   expect{status: 403, body: []string{`"error":"https_required"`, `"message":"SSL is required"`}},
		baseline: &expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}},
		fix: func(l *Lab, r request) request {
			r.url = l.base("https", apiHost, l.tlsPort) + "/api/orders"
			r.resolve = map[string]string{apiHost + ":" + itoa(l.tlsPort): net.JoinHostPort(l.host, itoa(l.tlsPort))}
			r.cacert = l.CACertFile()
			return r
		},
		fixed: 200,
	},
	"missing-var": {
		faulty:   expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}},
		baseline: &expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}},
		fix:      withToken, fixed: 200,
	},
	"missing-key-400": {
		faulty:   expect{status: 400, body: []string{`{"message":"Missing API key"}`}, absent: []string{"WWW-Authenticate"}},
		baseline: &expect{status: 400, body: []string{"Missing API key"}, absent: []string{"WWW-Authenticate"}},
		fix: func(l *Lab, r request) request {
			return r.with("X-API-Key", l.creds.apiKey)
		},
		fixed: 200,
	},
	"placeholder": {
		faulty:    expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descMalformed)}},
		baseline:  &expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}},
		corrupted: &expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descMalformed)}},
		fix:       withToken, fixed: 200,
	},
	"newline": {
		// Go refuses to write a header value holding a newline.
		faulty:   expect{err: true},
		baseline: &expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}},
		fix: func(_ *Lab, r request) request {
			return r.with("Authorization", strings.TrimRight(r.header[0][1], "\n"))
		},
		fixed: 200,
	},
	"quoted": {
		faulty: expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descMalformed)}},
		fix: func(_ *Lab, r request) request {
			return r.with("Authorization", strings.ReplaceAll(r.header[0][1], `"`, ""))
		},
		fixed: 200,
	},
	"basic-echo": {
		faulty: expect{status: 401, header: map[string]string{"WWW-Authenticate": `Basic realm="Restricted"`, "Server": "nginx"},
			body: []string{"<title>401 Authorization Required</title>", "<center>nginx</center>"}},
		baseline: &expect{status: 401, header: map[string]string{"WWW-Authenticate": `Basic realm="Restricted"`}},
		fix: func(l *Lab, r request) request {
			return r.with("Authorization", "Basic "+basic(l.creds.basicUser+":"+l.creds.basicPassword))
		},
		fixed: 200,
		more: func(t *testing.T, _ *Lab, s Scenario, _ request) {
			raw, err := base64.StdEncoding.DecodeString(s.Env["LAB_BASIC"])
			if err != nil || !strings.HasSuffix(string(raw), "\n") {
				t.Errorf("LAB_BASIC does not encode a trailing newline (%v)", err)
			}
		},
	},
	"double-bearer": {
		faulty: expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descMalformed)}},
		fix: func(_ *Lab, r request) request {
			return r.with("Authorization", strings.Replace(r.header[0][1], "Bearer Bearer ", "Bearer ", 1))
		},
		fixed: 200,
	},
	"bearer-colon": {
		faulty:   expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}},
		baseline: &expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}},
		fix: func(_ *Lab, r request) request {
			return r.with("Authorization", strings.Replace(r.header[0][1], "Bearer: ", "Bearer ", 1))
		},
		fixed: 200,
	},
	"two-credentials": {
		faulty: expect{status: 400, header: map[string]string{
			"WWW-Authenticate": `Bearer realm="lab", error="invalid_request", error_description="Multiple credentials in request"`}},
		baseline: &expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}},
		fix: func(_ *Lab, r request) request {
			return r.with("Authorization", r.header[0][1])
		},
		fixed: 200,
	},
	"scheme": {
		faulty: expect{status: 401, header: map[string]string{"WWW-Authenticate": "Token", "Server": "gunicorn"},
			body: []string{`{"detail":"Authentication credentials were not provided."}`}},
		baseline:  &expect{status: 401, header: map[string]string{"WWW-Authenticate": "Token"}, body: []string{"were not provided"}},
		corrupted: &expect{status: 401, body: []string{"were not provided"}},
		fix: func(_ *Lab, r request) request {
			return r.with("Authorization", "Token "+strings.TrimPrefix(r.header[0][1], "Bearer "))
		},
		fixed: 200,
		more: func(t *testing.T, l *Lab, _ Scenario, r request) {
			expect{status: 401, body: []string{`"Invalid token."`}}.sent(t, "wrong Token key", r.with("Authorization", "Token "+otherFirst(l.creds.drfKey)))
			expect{status: 401, body: []string{"Token string should not contain spaces"}}.sent(t, "Token with spaces", r.with("Authorization", "Token a b"))
		},
	},
	"stripped": {
		faulty: expect{status: 401, header: map[string]string{"WWW-Authenticate": bare, "Server": "Apache/2.4.62 (Debian)"},
			body: []string{"Unauthenticated."}},
		baseline:  &expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}, body: []string{"Unauthenticated."}},
		corrupted: &expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}, body: []string{"Unauthenticated."}},
	},
	"redirect": {
		faulty:   expect{status: 301, header: map[string]string{"Server": "nginx"}},
		baseline: &expect{status: 301},
		fix: func(l *Lab, r request) request {
			r.url = l.secondURL() + "/api/orders"
			return r
		},
		fixed: 200,
		more: func(t *testing.T, l *Lab, _ Scenario, r request) {
			resp := r.mustSend(t)
			want := "http://localhost:" + itoa(l.secondPort) + "/api/orders"
			if got := resp.header.Get("Location"); got != want {
				t.Fatalf("Location = %q, want %q", got, want)
			}
			// curl and Go drop Authorization on the host change.
			hop := r.baseline()
			hop.url = want
			expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}}.sent(t, "hop without Authorization", hop)
		},
	},
	"expired": {
		faulty:   expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descExpired)}},
		baseline: &expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}},
		fix:      withToken, fixed: 200,
	},
	"not-yet-valid": {
		faulty: expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descNotYet)}},
		fix:    withToken, fixed: 200,
	},
	"skewed-server": {
		faulty: expect{status: 401, header: map[string]string{
			"WWW-Authenticate": invalidToken(descExpired),
			"Date":             labClock.Add(10 * time.Minute).Format(http.TimeFormat)}},
		fix: withToken, fixed: 200,
		more: func(t *testing.T, l *Lab, _ Scenario, r request) {
			// By the lab clock the same token is still valid.
			r.url = l.URL() + "/api/orders"
			expect{status: 200, header: map[string]string{"Date": labClock.Format(http.TimeFormat)}}.sent(t, "same token, right clock", r)
		},
	},
	"revoked": {
		faulty:    expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descRevoked)}},
		baseline:  &expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}},
		corrupted: &expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descSignature)}},
		fix:       withToken, fixed: 200,
		more: func(t *testing.T, l *Lab, s Scenario, _ request) {
			// The introspection client the scenario names says inactive.
			intro := form(l.URL()+pathIntrospect, "token", s.Env["LAB_TOKEN"]).
				with("Authorization", clientBasic(s.Env["LAB_CLIENT_ID"], s.Env["LAB_CLIENT_SECRET"]))
			expect{status: 200, body: []string{`{"active":false}`}}.sent(t, "introspection", intro)
		},
	},
	"no-challenge-401": {
		faulty: expect{status: 401, header: map[string]string{"X-Powered-By": "Express"},
			body: []string{`{"message":"Invalid token"}`}, absent: []string{"WWW-Authenticate"}},
		baseline:  &expect{status: 401, body: []string{`{"message":"No token provided"}`}, absent: []string{"WWW-Authenticate"}},
		corrupted: &expect{status: 401, body: []string{"Invalid token"}, absent: []string{"WWW-Authenticate"}},
		fix:       withToken, fixed: 200,
	},
	"wrong-audience": {
		faulty:    expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descAudience)}},
		baseline:  &expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}},
		corrupted: &expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descSignature)}},
		fix:       withToken, fixed: 200,
	},
	"wrong-issuer": {
		faulty:    expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descIssuer)}},
		corrupted: &expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descSignature)}},
		fix:       withToken, fixed: 200,
		more: func(t *testing.T, l *Lab, s Scenario, _ request) {
			// Discovery of the token's iss works and names that issuer.
			resp := request{method: http.MethodGet, url: l.URL() + "/other-tenant/.well-known/openid-configuration"}.mustSend(t)
			if !strings.Contains(resp.body, `"issuer":"`+l.URL()+`/other-tenant/"`) {
				t.Errorf("other-tenant discovery: %s", resp.body)
			}
		},
	},
	"bad-signature": {
		faulty:    expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descSignature)}},
		corrupted: &expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descSignature)}},
		fix:       withToken, fixed: 200,
	},
	"alg-none": {
		faulty: expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descUnsigned)}},
		// The corrupted copy loses the final dot: two segments, malformed.
		corrupted: &expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descMalformed)}},
		fix:       withToken, fixed: 200,
	},
	"rotated-key": {
		faulty: expect{status: 401, header: map[string]string{
			"WWW-Authenticate": invalidToken("Unable to find a signing key that matches 'lab-1'")}},
		corrupted: &expect{status: 401, header: map[string]string{
			"WWW-Authenticate": invalidToken("Unable to find a signing key that matches 'lab-1'")}},
		fix: withToken, fixed: 200,
	},
	"publishable-key": {
		faulty: expect{status: 401, header: map[string]string{"WWW-Authenticate": `Basic realm="Stripe"`},
			body: []string{"This API call cannot be made with a publishable API key. Please use a secret API key.", `"type": "invalid_request_error"`}},
		baseline:  &expect{status: 401, body: []string{"You did not provide an API key."}},
		corrupted: &expect{status: 401, body: []string{"Invalid API Key provided: pk_test_****"}},
		fix: func(l *Lab, r request) request {
			return r.with("Authorization", "Bearer "+l.creds.stripeTestSecret)
		},
		fixed: 200,
		more: func(t *testing.T, l *Lab, _ Scenario, r request) {
			// Stripe also takes the key as the Basic user name.
			expect{status: 200}.sent(t, "key as Basic user", r.with("Authorization", "Basic "+basic(l.creds.stripeTestSecret+":")))
		},
	},
	"id-token": {
		faulty: expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descAudience)}},
		fix:    withToken, fixed: 200,
	},
	"scope": {
		faulty: expect{status: 403, header: map[string]string{"WWW-Authenticate": `Bearer realm="lab", error="insufficient_scope", ` +
			`error_description="The request requires higher privileges than provided by the access token", scope="admin:read"`}},
		baseline: &expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}},
		fix: func(l *Lab, r request) request {
			return r.with("Authorization", "Bearer "+l.mint(tokenSpec{iat: labClock, exp: labClock.Add(time.Hour), scope: baseScope + " " + adminScope}))
		},
		fixed: 200,
	},
	"github-scopes": {
		faulty: expect{status: 403, header: map[string]string{"X-OAuth-Scopes": "repo", "X-Accepted-OAuth-Scopes": "admin:org_hook", "Server": "github.com"},
			body: []string{`"message":"Resource not accessible by personal access token"`, `"status":"403"`}},
		baseline:  &expect{status: 401, body: []string{"Requires authentication"}},
		corrupted: &expect{status: 401, body: []string{"Bad credentials"}},
		fix: func(l *Lab, r request) request {
			return r.with("Authorization", "token "+l.creds.githubAdmin)
		},
		fixed: 200,
	},
	"forbidden": {
		faulty:    expect{status: 403, body: []string{`"message":"You do not have access to this project"`}},
		baseline:  &expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}},
		corrupted: &expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descSignature)}},
		fix: func(l *Lab, r request) request {
			r.url = l.URL() + "/api/projects/7"
			return r
		},
		fixed: 200,
	},
	"permission-as-401": {
		faulty:    expect{status: 401, body: []string{`{"error":"forbidden","message":"User lacks permission to export reports"}`}, absent: []string{"WWW-Authenticate"}},
		baseline:  &expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}},
		corrupted: &expect{status: 401, header: map[string]string{"WWW-Authenticate": invalidToken(descSignature)}},
	},
	"ip-allowlist": {
		faulty:    expect{status: 403, body: []string{"the `acme` organization has an IP allow list enabled, and your IP address is not permitted to access this resource."}},
		baseline:  &expect{status: 200, body: []string{`"full_name":"acme/widgets"`}},
		corrupted: &expect{status: 401, body: []string{"Bad credentials"}},
	},
	"waf": {
		faulty: expect{status: 403, header: map[string]string{"Server": "cloudflare", "Cf-Mitigated": "challenge", "Content-Type": "text/html; charset=UTF-8"},
			body: []string{"<title>Just a moment...</title>"}},
		baseline: &expect{status: 403, header: map[string]string{"Cf-Mitigated": "challenge"}},
		more: func(t *testing.T, l *Lab, _ Scenario, r request) {
			resp := r.mustSend(t)
			if !regexp.MustCompile(`^[0-9a-f]{16}-[A-Z]{3}$`).MatchString(resp.header.Get("Cf-Ray")) {
				t.Errorf("Cf-Ray = %q", resp.header.Get("Cf-Ray"))
			}
		},
	},
	"csrf": {
		faulty:   expect{status: 403, body: []string{`{"detail":"CSRF Failed: CSRF token missing."}`}, absent: []string{"WWW-Authenticate"}},
		baseline: &expect{status: 403, body: []string{`{"detail":"Authentication credentials were not provided."}`}},
		fix: func(l *Lab, r request) request {
			r.header = append(r.header, [2]string{"X-CSRFToken", l.creds.csrf})
			return r
		},
		fixed: 201,
		more: func(t *testing.T, l *Lab, _ Scenario, r request) {
			get := r
			get.method = http.MethodGet
			expect{status: 200}.sent(t, "GET with the session", get)
			expect{status: 403, body: []string{"CSRF cookie not set."}}.sent(t, "session cookie only", r.with("Cookie", "sessionid="+l.creds.sessionID))
			wrong := r
			wrong.header = append(wrong.header, [2]string{"X-CSRFToken", otherFirst(l.creds.csrf)})
			expect{status: 403, body: []string{"CSRF token incorrect."}}.sent(t, "wrong CSRF token", wrong)
		},
	},
	"live-key-in-sandbox": {
		faulty:   expect{status: 401, body: []string{"Invalid API Key provided: sk_live_********************"}},
		baseline: &expect{status: 401, body: []string{"You did not provide an API key."}},
		fix: func(l *Lab, r request) request {
			return r.with("Authorization", "Bearer "+l.creds.stripeTestSecret)
		},
		fixed: 200,
	},
	"test-key-in-live": {
		faulty: expect{status: 401, body: []string{"Invalid API Key provided: sk_test_********************"}},
		fix: func(l *Lab, r request) request {
			return r.with("Authorization", "Bearer "+l.creds.stripeLiveSecret)
		},
		fixed: 200,
	},
	"basic-wrong": {
		faulty:   expect{status: 401, header: map[string]string{"WWW-Authenticate": `Basic realm="Restricted"`, "Server": "nginx"}},
		baseline: &expect{status: 401},
		fix: func(l *Lab, r request) request {
			return r.with("Authorization", "Basic "+basic(l.creds.basicUser+":"+l.creds.basicPassword))
		},
		fixed: 200,
	},
	"bad-api-key": {
		faulty:    expect{status: 401, body: []string{`{"message":"Invalid API key"}`}, absent: []string{"WWW-Authenticate"}},
		baseline:  &expect{status: 401, body: []string{`{"message":"Missing API key"}`}},
		corrupted: &expect{status: 401, body: []string{"Invalid API key"}},
		fix: func(l *Lab, r request) request {
			return r.with("X-API-Key", l.creds.apiKey)
		},
		fixed: 200,
	},
	"rate-limited": {
		faulty:   expect{status: 429, header: map[string]string{"Retry-After": "30", "X-RateLimit-Remaining": "0"}},
		baseline: &expect{status: 429, header: map[string]string{"Retry-After": "30"}},
	},
	"github-rate-limit": {
		faulty: expect{status: 403, header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Limit": "5000",
			"X-RateLimit-Reset": itoa(int(labClock.Truncate(time.Hour).Add(time.Hour).Unix()))},
			body: []string{"API rate limit exceeded for user ID 1001."}},
		baseline:  &expect{status: 403, header: map[string]string{"X-RateLimit-Remaining": "0"}, body: []string{"API rate limit exceeded for 127.0.0.1."}},
		corrupted: &expect{status: 401, body: []string{"Bad credentials"}},
	},
	"proxy": {
		faulty:   expect{status: 407, header: map[string]string{"Proxy-Authenticate": `Basic realm="corp-proxy"`}},
		baseline: &expect{status: 407},
		fix: func(l *Lab, r request) request {
			r.proxy = "http://" + l.creds.proxyUser + ":" + l.creds.proxyPassword + "@" + l.proxyURL()[len("http://"):]
			return r
		},
		fixed: 200,
	},
	"server-error": {
		faulty:   expect{status: 500, body: []string{`{"error":"internal"}`}},
		baseline: &expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}},
	},
	"unexpected": {
		faulty:   expect{status: 409, body: []string{`{"error":"conflict"}`}},
		baseline: &expect{status: 401, header: map[string]string{"WWW-Authenticate": bare}},
	},
	"expired-200": {
		faulty:   expect{status: 200, body: []string{`{"orders":[]}`}},
		baseline: &expect{status: 200},
	},
	"argv-secret": {
		faulty:   expect{status: 200},
		baseline: &expect{status: 401},
	},
}

func TestScenarios(t *testing.T) {
	t.Parallel()
	l := startLab(t)
	for _, s := range l.Scenarios() {
		tc, ok := scenarioCases[s.Name]
		if !ok {
			t.Errorf("scenario %q has no test case", s.Name)
			continue
		}
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			r := fromScenario(t, s)
			resp, err := r.send(t)
			tc.faulty.check(t, "faulty request", resp, err)
			if tc.baseline != nil {
				resp, err := r.baseline().send(t)
				tc.baseline.check(t, "baseline", resp, err)
			}
			if tc.corrupted != nil {
				resp, err := r.corrupted().send(t)
				tc.corrupted.check(t, "corrupted", resp, err)
			}
			if tc.fix != nil {
				expect{status: tc.fixed}.check(t, "corrected request", tc.fix(l, r).mustSend(t), nil)
				if tc.fixed < 200 || tc.fixed > 299 {
					t.Errorf("fixed status %d is not 2xx", tc.fixed)
				}
			}
			if tc.more != nil {
				tc.more(t, l, s, r)
			}
		})
	}
	for name := range scenarioCases {
		if _, ok := l.Scenario(name); !ok {
			t.Errorf("test case %q has no scenario", name)
		}
	}
}

// documentedOrder is the order of the table in doc.go.
var documentedOrder = []string{
	"ok", "unreachable", "tls-untrusted", "not-found", "method", "insecure", "missing-var", "missing-key-400",
	"placeholder", "newline", "quoted", "basic-echo", "double-bearer", "bearer-colon", "two-credentials", "scheme",
	"stripped", "redirect", "expired", "not-yet-valid", "skewed-server", "revoked", "no-challenge-401",
	"wrong-audience", "wrong-issuer", "bad-signature", "alg-none", "rotated-key", "publishable-key", "id-token", "scope", "github-scopes", "forbidden", "permission-as-401", "ip-allowlist", "waf",
	"csrf", "live-key-in-sandbox", "test-key-in-live", "basic-wrong", "bad-api-key", "rate-limited",
	"github-rate-limit", "proxy", "server-error", "unexpected", "expired-200", "argv-secret",
}

func TestScenarioTable(t *testing.T) {
	t.Parallel()
	l := startLab(t)
	list := l.Scenarios()
	var names []string
	covered := map[authdoctor.Cause]bool{}
	kebab := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	varRef := regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)
	for _, s := range list {
		names = append(names, s.Name)
		covered[s.Cause] = true
		if !kebab.MatchString(s.Name) {
			t.Errorf("%s: name is not kebab-case", s.Name)
		}
		if _, ok := s.Cause.Info(); !ok {
			t.Errorf("%s: unknown cause %q", s.Name, s.Cause)
		}
		if s.Title == "" || !strings.HasSuffix(s.Story, ".") || strings.Count(s.Story, ". ") > 0 {
			t.Errorf("%s: title %q / story %q: want a title and one sentence", s.Name, s.Title, s.Story)
		}
		if (s.Finding != "") != (s.Name == "argv-secret") {
			t.Errorf("%s: finding %q", s.Name, s.Finding)
		}
		// Every $VAR is set or explicitly unset, and nothing else is.
		refs := map[string]bool{}
		for _, h := range s.Headers {
			for _, m := range varRef.FindAllStringSubmatch(h, -1) {
				refs[m[1]] = true
				if _, set := s.Env[m[1]]; set == slices.Contains(s.Unset, m[1]) {
					t.Errorf("%s: $%s must be either in Env or in Unset", s.Name, m[1])
				}
			}
		}
		// --client-id-env and --client-secret-env name variables too.
		for i, a := range s.Args {
			if (a == "--client-id-env" || a == "--client-secret-env") && i+1 < len(s.Args) {
				refs[s.Args[i+1]] = true
				if _, set := s.Env[s.Args[i+1]]; !set {
					t.Errorf("%s: %s %s is not in Env", s.Name, a, s.Args[i+1])
				}
			}
		}
		for name := range s.Env {
			if !refs[name] {
				t.Errorf("%s: Env holds %s, which no header or flag uses", s.Name, name)
			}
		}
		// Only loopback, or lab.test names with a --resolve entry.
		host := hostname(strings.SplitN(strings.SplitN(s.URL, "://", 2)[1], "/", 2)[0])
		if strings.HasSuffix(host, ".lab.test") {
			if !slices.ContainsFunc(s.Args, func(a string) bool { return strings.HasPrefix(a, host+":") }) {
				t.Errorf("%s: %s without --resolve", s.Name, host)
			}
		} else if host != "127.0.0.1" && host != "localhost" {
			t.Errorf("%s: URL host %q is not loopback", s.Name, host)
		}
	}
	if diff := cmp.Diff(documentedOrder, names); diff != "" {
		t.Errorf("scenario order differs from doc.go (-doc +got):\n%s", diff)
	}
	for _, ci := range authdoctor.Causes() {
		if !covered[ci.Cause] && ci.Cause != authdoctor.CauseCredentialExposed {
			t.Errorf("no scenario for cause %s", ci.Cause)
		}
	}
	if _, ok := l.Scenario("no-such-scenario"); ok {
		t.Error("Scenario found a name that does not exist")
	}
}
