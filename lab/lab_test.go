package lab

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/google/go-cmp/cmp"
)

func itoa(i int) string { return strconv.Itoa(i) }

func TestHits(t *testing.T) {
	t.Parallel()
	l := startLab(t)
	get := func(u string) request { return request{method: http.MethodGet, url: u} }
	for range 3 {
		get(l.URL() + "/api/orders").mustSend(t)
	}
	get(l.URL() + "/api/orders?page=2").mustSend(t)
	get(l.secondURL() + "/api/orders").mustSend(t)
	get(l.URL() + "/nowhere").mustSend(t)
	p := get(l.URL() + "/api/search")
	p.proxy = l.proxyURL()
	p.mustSend(t)

	got := map[string]int{}
	for _, path := range []string{"/api/orders", "/nowhere", "/api/search", "/never"} {
		got[path] = l.Hits(path)
	}
	want := map[string]int{"/api/orders": 5, "/nowhere": 1, "/api/search": 1, "/never": 0}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Hits (-want +got):\n%s", diff)
	}
}

func TestDiscoveryAndJWKS(t *testing.T) {
	t.Parallel()
	l := startLab(t)
	var doc struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	resp := request{method: http.MethodGet, url: l.URL() + "/.well-known/openid-configuration"}.mustSend(t)
	if err := json.Unmarshal([]byte(resp.body), &doc); err != nil {
		t.Fatalf("discovery: %v in %q", err, resp.body)
	}
	if doc.Issuer != l.Issuer() || doc.Issuer != l.URL()+"/" || doc.JWKSURI != l.URL()+"/.well-known/jwks.json" {
		t.Fatalf("discovery = %+v", doc)
	}
	resp = request{method: http.MethodGet, url: doc.JWKSURI}.mustSend(t)
	var set jose.JSONWebKeySet
	if err := json.Unmarshal([]byte(resp.body), &set); err != nil {
		t.Fatalf("jwks: %v", err)
	}
	// Key rotation: lab-2 is published, the retired lab-1 is not.
	keys := set.Key("lab-2")
	if len(keys) != 1 || !keys[0].IsPublic() || keys[0].Algorithm != "ES256" || keys[0].Use != "sig" {
		t.Fatalf("jwks keys for lab-2: %+v", keys)
	}
	if old := set.Key("lab-1"); len(old) != 0 || len(set.Keys) != 1 {
		t.Fatalf("jwks publishes %d keys, lab-1: %+v", len(set.Keys), old)
	}

	// The scenario tokens carry what the brief of each scenario says, and
	// verify with the published key when they should.
	tok := func(name string) (kid string, c claims, verifies bool) {
		t.Helper()
		s, _ := l.Scenario(name)
		raw := s.Env["LAB_TOKEN"]
		parsed, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.ES256})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := parsed.UnsafeClaimsWithoutVerification(&c); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var verified claims
		return parsed.Headers[0].KeyID, c, parsed.Claims(keys[0].Key, &verified) == nil
	}
	tests := []struct {
		name     string
		kid      string
		verifies bool
		claims   func(c claims) bool
	}{
		{"ok", "lab-2", true, func(c claims) bool {
			return c.Issuer == l.Issuer() && c.Audience.Contains(audience) && c.Scope == baseScope
		}},
		{"revoked", "lab-2", true, func(c claims) bool { return c.Expiry.Time().Equal(labClock.Add(tokenLife)) }},
		{"no-challenge-401", "lab-2", true, func(claims) bool { return true }},
		{"bad-signature", "lab-2", false, func(c claims) bool { return c.Issuer == l.Issuer() }},
		{"rotated-key", "lab-1", false, func(c claims) bool { return c.Issuer == l.Issuer() }},
		{"wrong-audience", "lab-2", true, func(c claims) bool {
			return len(c.Audience) == 1 && c.Audience[0] == "billing-api"
		}},
		{"wrong-issuer", "lab-2", true, func(c claims) bool { return c.Issuer == l.URL()+"/other-tenant/" }},
		{"id-token", "lab-2", true, func(c claims) bool {
			return c.Audience.Contains(webClientID) && c.Azp == webClientID && c.Nonce != "" && c.AtHash != ""
		}},
		{"expired", "lab-2", true, func(c claims) bool { return c.Expiry.Time().Equal(labClock.Add(-time.Hour)) }},
		{"not-yet-valid", "lab-2", true, func(c claims) bool { return c.NotBefore.Time().Equal(labClock.Add(time.Hour)) }},
		{"skewed-server", "lab-2", true, func(c claims) bool { return c.Expiry.Time().Equal(labClock.Add(5 * time.Minute)) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			kid, c, verifies := tok(tc.name)
			if kid != tc.kid || verifies != tc.verifies || !tc.claims(c) {
				t.Errorf("kid %q (want %q), verifies %v (want %v), claims %+v", kid, tc.kid, verifies, tc.verifies, c)
			}
		})
	}

	// alg none: go-jose refuses to parse it, as a verifier must.
	s, _ := l.Scenario("alg-none")
	raw := s.Env["LAB_TOKEN"]
	if _, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.ES256}); err == nil {
		t.Error("alg-none token parses as ES256")
	}
	head, _, _ := strings.Cut(raw, ".")
	if h, err := base64.RawURLEncoding.DecodeString(head); err != nil || string(h) != `{"alg":"none"}` || !strings.HasSuffix(raw, ".") {
		t.Errorf("alg-none token %q: header %q, %v", raw, h, err)
	}
}

func TestCredentialShapes(t *testing.T) {
	t.Parallel()
	l := startLab(t)
	tests := []struct {
		name, value, pattern string
	}{
		{"github repo", l.creds.githubRepo, `^ghp_[0-9A-Za-z]{36}$`},
		{"github admin", l.creds.githubAdmin, `^ghp_[0-9A-Za-z]{36}$`},
		{"stripe test", l.creds.stripeTestSecret, `^sk_test_[0-9A-Za-z]{24}$`},
		{"stripe live", l.creds.stripeLiveSecret, `^sk_live_[0-9A-Za-z]{24}$`},
		{"stripe publishable", l.creds.stripeTestPublishable, `^pk_test_[0-9A-Za-z]{24}$`},
		{"drf key", l.creds.drfKey, `^[0-9a-f]{40}$`},
		{"api key", l.creds.apiKey, `^lab_[0-9A-Za-z]{32}$`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if !regexpMatch(tc.pattern, tc.value) {
				t.Errorf("%s does not match %s", tc.name, tc.pattern)
			}
		})
	}
	// GitHub's checksum: the last six characters are the base62 CRC32 of
	// the thirty before them.
	tok := l.creds.githubRepo
	if want := githubToken("ghp_"); len(want) != len(tok) {
		t.Fatalf("length %d, want %d", len(tok), len(want))
	}
	body := tok[4:34]
	if got, want := tok[34:], base62(crc32IEEE(body), 6); got != want {
		t.Errorf("checksum %q, want %q", got, want)
	}
}

func TestBase62(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v     uint32
		width int
		want  string
	}{
		{0, 6, "000000"},
		{61, 6, "00000z"},
		{62, 6, "000010"},
		{1<<32 - 1, 6, "4gfFC3"},
	}
	for _, tc := range tests {
		if got := base62(tc.v, tc.width); got != tc.want {
			t.Errorf("base62(%d) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestMaskKey(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, key, want string }{
		{"live key", "sk_live_abcdefghijklmnop", "sk_live_************mnop"},
		{"short rest", "sk_test_abc", "sk_test_***"},
		{"no prefix", "abcdefghijkl", "********ijkl"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := maskKey(tc.key); got != tc.want {
				t.Errorf("maskKey(%q) = %q, want %q", tc.key, got, tc.want)
			}
		})
	}
}

func TestStartRejectsNonLoopback(t *testing.T) {
	t.Parallel()
	for _, host := range []string{"0.0.0.0", "192.0.2.1", "example.test", "::"} {
		t.Run(host, func(t *testing.T) {
			t.Parallel()
			if l, err := Start(context.Background(), Config{Host: host}); err == nil {
				l.Close()
				t.Fatalf("Start(%q) succeeded", host)
			}
		})
	}
}

func TestTLSVirtualHosts(t *testing.T) {
	t.Parallel()
	l := startLab(t)
	tests := []struct {
		host   string
		status int
	}{
		{sandboxHost, 401},
		{liveHost, 401},
		{apiHost, 401},
		{"other.lab.test", 421},
	}
	for _, tc := range tests {
		t.Run(tc.host, func(t *testing.T) {
			t.Parallel()
			port := itoa(l.tlsPort)
			path := "/v1/charges"
			if tc.host == apiHost || tc.host == "other.lab.test" {
				path = "/api/orders"
			}
			r := request{
				method: http.MethodGet, url: "https://" + tc.host + ":" + port + path,
				resolve: map[string]string{tc.host + ":" + port: net.JoinHostPort(l.host, port)},
				cacert:  l.CACertFile(),
				// other.lab.test is not in the certificate; the test is
				// about routing, not trust.
				insecure: tc.host == "other.lab.test",
			}
			expect{status: tc.status}.sent(t, tc.host, r)
		})
	}
	// 127.0.0.1 is in the certificate too.
	r := request{method: http.MethodGet, url: l.base("https", l.host, l.tlsPort) + "/api/orders", cacert: l.CACertFile()}
	expect{status: 401}.sent(t, "https 127.0.0.1", r)
}

func TestDateFollowsLabClock(t *testing.T) {
	t.Parallel()
	l := startLab(t)
	for _, path := range []string{"/api/orders", "/nowhere", "/shop/orders"} {
		resp := request{method: http.MethodGet, url: l.URL() + path}.mustSend(t)
		if got, want := resp.header.Get("Date"), labClock.Format(http.TimeFormat); got != want {
			t.Errorf("%s: Date = %q, want %q", path, got, want)
		}
	}
}

// TestCloseLeaksNothing is not parallel: it counts the goroutines of the
// whole test binary, so no other test may run a lab meanwhile.
func TestCloseLeaksNothing(t *testing.T) {
	l, err := Start(context.Background(), Config{Now: func() time.Time { return labClock }})
	if err != nil {
		t.Fatal(err)
	}
	// Leave connections open: Close must end them.
	var conns []net.Conn
	for _, port := range []int{l.mainPort, l.secondPort, l.tlsPort, l.untrustedPort, l.proxyPort} {
		c, err := net.Dial("tcp", net.JoinHostPort(l.host, itoa(port)))
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	request{method: http.MethodGet, url: l.URL() + "/api/orders"}.mustSend(t)
	if labGoroutines() == "" {
		t.Fatal("no serving goroutine found while the lab runs: the leak check would prove nothing")
	}
	caDir := l.dir
	if err := l.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := l.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	for _, port := range []int{l.mainPort, l.secondPort, l.tlsPort, l.untrustedPort, l.proxyPort} {
		if c, err := net.DialTimeout("tcp", net.JoinHostPort(l.host, itoa(port)), time.Second); err == nil {
			c.Close()
			t.Errorf("port %d still accepts connections", port)
		}
	}
	if _, err := os.Stat(caDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lab directory %s still there: %v", caDir, err)
	}
	// Connection goroutines end just after their connection is closed;
	// yield until they are gone (bounded, no sleeping).
	var left string
	for range 100000 {
		if left = labGoroutines(); left == "" {
			return
		}
		runtime.Gosched()
	}
	t.Errorf("goroutines left after Close:\n%s", left)
}

// labGoroutines returns the stacks of goroutines serving a lab.
func labGoroutines() string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "net/http.(*conn).serve") || strings.Contains(g, "net/http.(*Server).Serve") ||
			strings.Contains(g, "authdoctor/lab.(*Lab)") {
			out = append(out, g)
		}
	}
	return strings.Join(out, "\n\n")
}
