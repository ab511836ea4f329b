package probe

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/authdoctor/authdoctor"
)

// countConns starts a server that answers 200 and counts the connections
// it accepted.
func countConns(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
		rw.Write([]byte("ok"))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			n.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &n
}

// TestPool: Senders of one Pool share the connection one after the other;
// without a Pool each Sender dials its own; other connection settings
// make a new transport.
func TestPool(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		cfgs  []Config // one Sender each, in turn
		conns int64
	}{
		{"no pool", []Config{{}, {}, {}}, 3},
		{"one pool", []Config{{Pool: &Pool{}}, {}, {}}, 1},
		{"settings change", []Config{{Pool: &Pool{}}, {}, {Insecure: true}}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv, conns := countConns(t)
			pool := c.cfgs[0].Pool
			for i, cfg := range c.cfgs {
				cfg.Pool = pool
				s := New(cfg)
				p := s.Send(context.Background(), authdoctor.RoleAuthenticated, "as given", get(srv.URL+"/"))
				if p.Status() != 200 {
					t.Fatalf("Sender %d: status %d, %v", i, p.Status(), p.Err)
				}
				s.Close()
			}
			if pool != nil {
				pool.Close()
			}
			if got := conns.Load(); got != c.conns {
				t.Errorf("the server accepted %d connections, want %d", got, c.conns)
			}
		})
	}
}
