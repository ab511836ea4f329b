package probe

import (
	"maps"
	"net/http"
	"sync"
)

// maxPoolTransports bounds the transports a Pool keeps, one per set of
// connection settings: a profile has a few (its environments' TLS and
// proxy options), not hundreds; past it the oldest is closed.
const maxPoolTransports = 16

// Pool keeps connections open from one Sender to the next (HTTP/1.1
// persistent connections, RFC 9112 §9.3; HTTP/2 streams on one
// connection): Senders made with the same Pool in Config.Pool and the
// same connection settings share one transport, and Close leaves their
// connections idle in the pool instead of closing them. watch keeps one
// Pool for all its targets: a target's next check reuses an idle
// connection to its host, and a request that hangs holds only the
// connection it was sent on — the next request to that host takes
// another connection or dials one.
//
// Idle connections are kept up to MaxIdlePerHost per host and closed
// after 30 s unused (the transport's idle timeout), so checks further
// apart than that dial anew.
//
// The zero value is ready to use; a Pool is safe for concurrent use.
type Pool struct {
	// MaxIdlePerHost is how many idle connections to one host are kept;
	// zero means 2 (net/http's default). Set it to the number of checks
	// that may run at once.
	MaxIdlePerHost int

	mu sync.Mutex
	ts []pooled // oldest first
}

// pooled is one transport of a Pool and the settings it was made with.
type pooled struct {
	t       *http.Transport
	cfg     Config
	resolve map[string]string
}

// transport returns the pool's transport for cfg's connection settings,
// making it when the pool has none yet.
func (p *Pool) transport(cfg Config, resolve map[string]string) *http.Transport {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, e := range p.ts {
		if sameConn(e.cfg, cfg) && maps.Equal(e.resolve, resolve) {
			return e.t
		}
	}
	if len(p.ts) == maxPoolTransports {
		p.ts[0].t.CloseIdleConnections()
		p.ts = p.ts[1:]
	}
	t := newTransport(cfg, resolve)
	if p.MaxIdlePerHost > 0 {
		t.MaxIdleConnsPerHost = p.MaxIdlePerHost
		t.MaxIdleConns = 0 // no total limit: hosts × MaxIdlePerHost bounds it
	}
	p.ts = append(p.ts, pooled{t: t, cfg: cfg, resolve: resolve})
	return t
}

// Close closes the pool's idle connections. A Sender still using the pool
// keeps its connections until it is done; the pool stays usable.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, e := range p.ts {
		e.t.CloseIdleConnections()
	}
}

// sameConn reports whether a and b make the same transport: the settings
// newTransport reads, CA pools compared by content (each check reads
// --cacert anew).
func sameConn(a, b Config) bool {
	if a.DialTimeout != b.DialTimeout || a.TLSTimeout != b.TLSTimeout || a.HeaderTimeout != b.HeaderTimeout ||
		a.Insecure != b.Insecure || a.Resolver != b.Resolver {
		return false
	}
	if (a.Proxy == nil) != (b.Proxy == nil) || a.Proxy != nil && a.Proxy.String() != b.Proxy.String() {
		return false
	}
	if (a.RootCAs == nil) != (b.RootCAs == nil) || a.RootCAs != nil && !a.RootCAs.Equal(b.RootCAs) {
		return false
	}
	return true
}
