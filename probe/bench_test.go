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
