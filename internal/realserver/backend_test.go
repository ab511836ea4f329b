package realserver_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// backend is the API behind the nginx proxy: RFC 6750 bearer auth on every
// path, except under /keyed/ where it wants an api_key header and answers
// like Kong's key-auth plugin. It records what reached it, so a test can
// prove a header was stripped on the way.
type backend struct {
	token, key string
	url        string

	mu   sync.Mutex
	seen []arrival
}

// arrival is what one request brought to the backend: whether each
// credential header arrived, never its value.
type arrival struct {
	path          string
	authorization bool
	apiKey        bool
}

func newBackend(t *testing.T, token, key string) *backend {
	t.Helper()
	b := &backend{token: token, key: key}
	srv := httptest.NewServer(http.HandlerFunc(b.serve))
	t.Cleanup(srv.Close)
	b.url = srv.URL
	return b
}

// arrivals returns what reached the backend under the path prefix.
func (b *backend) arrivals(prefix string) []arrival {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []arrival
	for _, a := range b.seen {
		if strings.HasPrefix(a.path, prefix) {
			out = append(out, a)
		}
	}
	return out
}

func (b *backend) serve(w http.ResponseWriter, r *http.Request) {
	authz := r.Header.Get("Authorization")
	// Go canonicalises api_key to Api_key; Get does the same to its key.
	key := r.Header.Get("api_key")
	b.mu.Lock()
	b.seen = append(b.seen, arrival{path: r.URL.Path, authorization: authz != "", apiKey: key != ""})
	b.mu.Unlock()

	w.Header().Set("Content-Type", "application/json")
	if strings.HasPrefix(r.URL.Path, "/keyed/") {
		switch key {
		case b.key:
			w.Write([]byte(`{"ok":true}` + "\n"))
		case "":
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"message":"No API key found in request"}` + "\n"))
		default:
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"message":"Invalid authentication credentials"}` + "\n"))
		}
		return
	}
	scheme, tok, _ := strings.Cut(authz, " ")
	switch {
	case authz == "" || !strings.EqualFold(scheme, "Bearer"):
		// RFC 6750 §3: no error code when the request had no credential.
		w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":"unauthorized"}` + "\n"))
	case tok == b.token:
		w.Write([]byte(`{"ok":true}` + "\n"))
	case jwtExpired(tok):
		w.Header().Set("WWW-Authenticate", `Bearer realm="api", error="invalid_token", error_description="token expired"`)
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":"invalid_token","error_description":"token expired"}` + "\n"))
	default:
		w.Header().Set("WWW-Authenticate", `Bearer realm="api", error="invalid_token"`)
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":"invalid_token"}` + "\n"))
	}
}

// jwtExpired reports whether tok is a JWT whose exp has passed. The
// signature is not verified: the backend refuses the token either way and
// only chooses the error_description, as real resource servers do.
func jwtExpired(tok string) bool {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return false
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return false
	}
	var claims struct {
		Exp int64 `json:"exp"`
	}
	if json.Unmarshal(raw, &claims) != nil || claims.Exp == 0 {
		return false
	}
	return time.Unix(claims.Exp, 0).Before(time.Now())
}
