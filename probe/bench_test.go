package probe

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/authdoctor/authdoctor"
)

func BenchmarkSend(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="api", error="invalid_token"`)
		w.WriteHeader(401)
		_, _ = io.WriteString(w, `{"error":"invalid_token","detail":"token `+r.Header.Get("Authorization")+` expired"}`)
	}))
	b.Cleanup(srv.Close)
	s := newSender(b, Config{MaxRequests: 1 << 30})
	req := get(srv.URL+"/v1/me", field("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		p := s.Send(ctx, authdoctor.RoleAuthenticated, "bench", req)
		if p.Err != nil || p.Status() != 401 {
			b.Fatalf("probe = %d %+v", p.Status(), p.Err)
		}
	}
}

func BenchmarkScrub(b *testing.B) {
	sc := newScrubber([]authdoctor.Field{field("Authorization", "Bearer tok_8f3a9c2e1d5b7a9c"), field("Cookie", "sid=abcdef0123456789; theme=dark")}, authdoctor.Secret{}, nil)
	body := make([]byte, DefaultMaxBody)
	for i := range body {
		body[i] = "abcdefghij tok_8f3a9c2e1d5b7a9c "[i%32]
	}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		sc.bytes(body, true)
	}
}
