package issuer

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

// testKeys are generated once per test binary: RSA generation is slow.
type testKeys struct {
	rsa   *rsa.PrivateKey
	rsa2  *rsa.PrivateKey // a second RSA key, for "same kid, other key"
	ec    *ecdsa.PrivateKey
	ec384 *ecdsa.PrivateKey
	ed    ed25519.PrivateKey
}

var (
	keysOnce sync.Once
	keysVal  testKeys
)

func keysForTest(t testing.TB) testKeys {
	t.Helper()
	keysOnce.Do(func() {
		var err error
		must := func(e error) {
			if e != nil && err == nil {
				err = e
			}
		}
		var e error
		keysVal.rsa, e = rsa.GenerateKey(rand.Reader, 2048)
		must(e)
		keysVal.rsa2, e = rsa.GenerateKey(rand.Reader, 2048)
		must(e)
		keysVal.ec, e = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		must(e)
		keysVal.ec384, e = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
		must(e)
		_, keysVal.ed, e = ed25519.GenerateKey(rand.Reader)
		must(e)
		if err != nil {
			panic(err)
		}
	})
	return keysVal
}

// testClaims is the payload of test tokens.
const testClaims = `{"iss":"https://issuer.test/","sub":"user-1","exp":4102444800}`

// sign makes a compact JWS of payload with key under alg; kid may be "".
func sign(t testing.TB, key any, alg jose.SignatureAlgorithm, kid, payload string) string {
	t.Helper()
	opts := &jose.SignerOptions{}
	if kid != "" {
		opts = opts.WithHeader("kid", kid)
	}
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		t.Fatalf("new signer: %v", err)
	}
	obj, err := s.Sign([]byte(payload))
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	tok, err := obj.CompactSerialize()
	if err != nil {
		t.Fatalf("serialize: %v", err)
	}
	return tok
}

// b64 is base64url without padding.
func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// unsigned builds header.payload.signature from raw parts.
func unsigned(header, payload, sig string) string {
	return b64(header) + "." + b64(payload) + "." + sig
}

// jwk describes one key of a test set.
type jwk struct {
	key any // public key
	kid string
	alg string
	use string
}

// jwksOf serialises public keys as a JWK Set.
func jwksOf(t testing.TB, keys ...jwk) []byte {
	t.Helper()
	set := jose.JSONWebKeySet{}
	for _, k := range keys {
		set.Keys = append(set.Keys, jose.JSONWebKey{Key: k.key, KeyID: k.kid, Algorithm: k.alg, Use: k.use})
	}
	b, err := json.Marshal(set)
	if err != nil {
		t.Fatalf("marshal jwks: %v", err)
	}
	return b
}

// route is one canned answer of a fake issuer. In Body and in header
// values, {{base}} becomes the server's URL.
type route struct {
	Status int
	Body   string
	Header map[string]string
	// Handle, when set, answers instead.
	Handle http.HandlerFunc
}

// fakeIssuer is an issuer on loopback that answers from its routes and
// records what it received.
type fakeIssuer struct {
	*httptest.Server
	routes map[string]route

	mu  sync.Mutex
	got []received
}

// received is one request as the fake saw it.
type received struct {
	Method string
	Path   string
	Header http.Header
	Body   string
}

func newFakeIssuer(t testing.TB, routes map[string]route) *fakeIssuer {
	t.Helper()
	f := &fakeIssuer{routes: routes}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeIssuer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	f.mu.Lock()
	f.got = append(f.got, received{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: string(body)})
	f.mu.Unlock()
	rt, ok := f.routes[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if rt.Handle != nil {
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		rt.Handle(w, r)
		return
	}
	for k, v := range rt.Header {
		w.Header().Set(k, f.expand(v))
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	status := rt.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, f.expand(rt.Body))
}

func (f *fakeIssuer) expand(s string) string { return strings.ReplaceAll(s, "{{base}}", f.URL) }

// requests returns what the fake received so far.
func (f *fakeIssuer) requests() []received {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]received(nil), f.got...)
}

// paths lists the paths requested, in order.
func (f *fakeIssuer) paths() []string {
	var out []string
	for _, r := range f.requests() {
		out = append(out, r.Path)
	}
	return out
}

// metadata is a discovery document for issuer with the given members.
func metadata(issuer string, members map[string]any) string {
	m := map[string]any{"issuer": issuer}
	for k, v := range members {
		m[k] = v
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return string(b)
}
