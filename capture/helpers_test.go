package capture

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// canary is a made-up credential; nothing capture keeps may contain it.
const canary = "canaryX9f3Kq7ZpL2mN8vR4tW6yB1cD5eG0hJ"

// t0 is the fixed clock of the tests.
var t0 = time.Date(2026, 5, 1, 12, 0, 1, 0, time.UTC)

func fixedNow() time.Time { return t0 }

// jwt builds an unsigned-looking JWT with the given claims; the signature
// is filler, which is all the checks need without an issuer.
func jwt(claims map[string]any) string {
	b64 := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return b64(map[string]any{"alg": "RS256", "typ": "JWT", "kid": "k1"}) + "." + b64(claims) + "." + strings.Repeat("sIg9", 11)
}

// expiredJWT expired two hours before t0.
func expiredJWT() string {
	return jwt(map[string]any{
		"iss": "https://issuer.example.test/", "aud": "api", "sub": "user-1",
		"iat": t0.Add(-3 * time.Hour).Unix(), "exp": t0.Add(-2 * time.Hour).Unix(),
	})
}

// validJWT expires an hour after t0.
func validJWT() string {
	return jwt(map[string]any{
		"iss": "https://issuer.example.test/", "aud": "api", "sub": "user-1",
		"iat": t0.Add(-time.Minute).Unix(), "exp": t0.Add(time.Hour).Unix(), "scope": "read",
	})
}

// collector gathers records; read it after Close.
type collector struct {
	mu   sync.Mutex
	recs []Record
}

func (c *collector) add(r Record) {
	c.mu.Lock()
	c.recs = append(c.recs, r)
	c.mu.Unlock()
}

func (c *collector) all() []Record {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Record(nil), c.recs...)
}

// upstream starts an httptest server (loopback) with h.
func upstream(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

// startProxy starts a capture in front of up with cfg (Upstream, Now and
// OnRecord filled in when unset) and closes it at the end of the test.
func startProxy(t testing.TB, up string, cfg Config) (*Proxy, *collector) {
	t.Helper()
	u, err := url.Parse(up)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Upstream == nil {
		cfg.Upstream = u
	}
	if cfg.Now == nil {
		cfg.Now = fixedNow
	}
	c := &collector{}
	if cfg.OnRecord == nil {
		cfg.OnRecord = c.add
	}
	p, err := Start(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p, c
}

// client is a plain client to the proxy, with its own connections.
func client(t testing.TB) *http.Client {
	t.Helper()
	tr := &http.Transport{DisableCompression: true}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// refuse answers 401 with the challenge and JSON error body given.
func refuse(status int, challenge, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if challenge != "" {
			w.Header().Set("WWW-Authenticate", challenge)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Date", t0.Format(http.TimeFormat))
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}
