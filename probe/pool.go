package probe

import (
	"maps"
	"net/http"
	"sync"
)

// Pool keeps connections open from one Sender to the next (HTTP/1.1
// persistent connections, RFC 9112 §9.3; HTTP/2 streams on one
// connection): Senders made with the same Pool in Config.Pool share one
// transport while their connection settings stay the same, and Close
// leaves their connections idle in the pool instead of closing them.
// watch keeps one Pool per target, so a target's checks reuse its
// connection and a target whose server hangs holds only its own.
//
// A connection unused for 30 s is closed (the transport's idle timeout),
// so checks further apart than that dial anew. A Sender whose settings
// differ from the pool's (a profile reloaded with other TLS options)
// replaces the transport; the old one's idle connections are closed.
//
// The zero value is ready to use; a Pool is safe for concurrent use.
type Pool struct {
	mu      sync.Mutex
	t       *http.Transport
	cfg     Config // the settings t was made with
	resolve map[string]string
}

// transport returns the pool's transport for cfg, making it when the pool
// has none or cfg's connection settings differ from its.
func (p *Pool) transport(cfg Config, resolve map[string]string) *http.Transport {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.t != nil && sameConn(p.cfg, cfg) && maps.Equal(p.resolve, resolve) {
		return p.t
	}
	if p.t != nil {
		p.t.CloseIdleConnections()
	}
	p.t, p.cfg, p.resolve = newTransport(cfg, resolve), cfg, resolve
	return p.t
}

// Close closes the pool's idle connections. A Sender still using the pool
// keeps its connections until it is done; the pool stays usable.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.t != nil {
		p.t.CloseIdleConnections()
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
