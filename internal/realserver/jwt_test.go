package realserver_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

// signJWT returns a compact JWS of claims signed with key under alg, with
// typ JWT and, when kid is set, that kid in its header (RFC 7515 §4.1.4).
// key is what go-jose takes for alg: an *ecdsa.PrivateKey, an
// *rsa.PrivateKey or a []byte HMAC secret.
func signJWT(t *testing.T, alg jose.SignatureAlgorithm, key any, kid string, claims map[string]any) string {
	t.Helper()
	opts := (&jose.SignerOptions{}).WithType("JWT")
	if kid != "" {
		opts = opts.WithHeader("kid", kid)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		t.Fatalf("new %s signer: %v", alg, err)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatalf("encode claims: %v", err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		t.Fatalf("sign JWT: %v", err)
	}
	tok, err := jws.CompactSerialize()
	if err != nil {
		t.Fatalf("serialise JWT: %v", err)
	}
	return tok
}

// tamperSignature changes one character in the middle of a JWT's
// signature on purpose, keeping it valid base64url of the same length. The
// middle, not the end: the last character of a base64url segment may carry
// only padding bits that a lenient decoder drops, which would leave the
// signature intact.
func tamperSignature(t *testing.T, tok string) string {
	t.Helper()
	i := strings.LastIndexByte(tok, '.')
	if i < 0 || len(tok)-i < 8 {
		t.Fatal("tamperSignature: not a signed JWT")
	}
	b := []byte(tok)
	mid := i + 1 + (len(tok)-i-1)/2
	if b[mid] == 'A' {
		b[mid] = 'B'
	} else {
		b[mid] = 'A'
	}
	return string(b)
}

// jwksServer serves keys as a JWK Set (RFC 7517 §5) at /jwks.json on
// loopback, as an issuer publishes them; it returns the set's URL.
func jwksServer(t *testing.T, keys ...jose.JSONWebKey) string {
	t.Helper()
	body, err := json.Marshal(jose.JSONWebKeySet{Keys: keys})
	if err != nil {
		t.Fatalf("encode JWK Set: %v", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/jwks.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + "/jwks.json"
}
