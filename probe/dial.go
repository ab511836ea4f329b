package probe

import (
	"context"
	"net"
	"strings"
	"time"
)

// dialError is a failed dial with the address the transport asked for
// (before any Resolve mapping), so messages can name host:port as the user
// wrote it and tell a proxy from the target.
type dialError struct {
	addr string
	err  error
}

func (e *dialError) Error() string { return "dial " + e.addr + ": " + e.err.Error() }
func (e *dialError) Unwrap() error { return e.err }

// normalizeResolve copies m with its keys in the form resolveKey gives.
func normalizeResolve(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[resolveKey(k)] = v
	}
	return out
}

// resolveKey lower-cases the host of "host:port": host names are
// case-insensitive, and the transport hands over the name as written.
func resolveKey(hostport string) string {
	h, p, err := net.SplitHostPort(hostport)
	if err != nil {
		return strings.ToLower(hostport)
	}
	return net.JoinHostPort(strings.ToLower(h), p)
}

// dialer is the dialling part of a Config: the normalised Resolve map,
// DialTimeout and Resolver.
type dialer struct {
	resolve  map[string]string
	timeout  time.Duration
	resolver *net.Resolver
}

// dial connects to addr, or to the address Config.Resolve maps it to. A
// mapped address is an IP, so no name is looked up for it.
func (dl dialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	target := addr
	if mapped, ok := dl.resolve[resolveKey(addr)]; ok {
		target = mapped
	}
	d := net.Dialer{Timeout: dl.timeout, Resolver: dl.resolver}
	conn, err := d.DialContext(ctx, network, target)
	if err != nil {
		return nil, &dialError{addr: addr, err: err}
	}
	return conn, nil
}
