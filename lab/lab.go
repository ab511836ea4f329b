package lab

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// Config configures a lab. The zero value is ready to use: the real clock
// and 127.0.0.1.
type Config struct {
	// Now is the lab's clock: tokens are minted and checked against it and
	// every response carries it in its Date header. Nil means time.Now.
	Now func() time.Time
	// Host is the address the listeners bind to. It must be a loopback IP
	// address; empty means "127.0.0.1". The second HTTP listener, reached
	// as "localhost", always binds 127.0.0.1.
	Host string
}

// Lab is a running practice API: a set of loopback listeners that
// reproduce every cause of a failing 401/403, and the scenarios that use
// them. Start creates one; Close stops it. Its methods are safe for
// concurrent use.
type Lab struct {
	now  func() time.Time
	host string // listen host, e.g. 127.0.0.1

	// Ports of the listeners.
	mainPort, secondPort, tlsPort, untrustedPort, proxyPort, reservedPort int

	dir    string // temporary directory owned by the lab
	caFile string

	keys   *keys
	creds  credentials
	grants *grants // the authorization server's revoked tokens and refresh tokens
	routes map[site]map[string]*route

	servers []*http.Server
	wg      sync.WaitGroup

	mu   sync.Mutex
	hits map[string]int

	closeOnce sync.Once
	closeErr  error
}

// Start starts every listener of the lab on the loopback address, each on
// a random port, and returns when they accept connections. ctx bounds the
// start only; the lab runs until Close.
func Start(ctx context.Context, cfg Config) (*Lab, error) {
	host, err := loopbackHost(cfg.Host)
	if err != nil {
		return nil, fmt.Errorf("start lab: %w", err)
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	l := &Lab{now: now, host: host, hits: map[string]int{}, grants: newGrants()}
	if err := l.start(ctx); err != nil {
		if cerr := l.Close(); cerr != nil {
			err = errors.Join(err, cerr)
		}
		return nil, fmt.Errorf("start lab: %w", err)
	}
	return l, nil
}

// loopbackHost checks and defaults the listen host.
func loopbackHost(h string) (string, error) {
	if h == "" {
		return "127.0.0.1", nil
	}
	ip := net.ParseIP(h)
	if ip == nil || !ip.IsLoopback() {
		return "", fmt.Errorf("host %q is not a loopback address", h)
	}
	return h, nil
}

func (l *Lab) start(ctx context.Context) error {
	var err error
	if l.keys, err = newKeys(); err != nil {
		return err
	}
	if l.creds, err = newCredentials(); err != nil {
		return err
	}
	pki, err := newPKI(l.host)
	if err != nil {
		return err
	}
	if l.dir, err = os.MkdirTemp("", "authdoctor-lab-*"); err != nil {
		return fmt.Errorf("create lab directory: %w", err)
	}
	l.caFile = filepath.Join(l.dir, "lab-ca.pem")
	if err := os.WriteFile(l.caFile, pki.caPEM, 0o600); err != nil {
		return fmt.Errorf("write lab CA: %w", err)
	}

	var lc net.ListenConfig
	listen := func(host string, port *int) (net.Listener, error) {
		ln, err := lc.Listen(ctx, "tcp", net.JoinHostPort(host, "0"))
		if err != nil {
			return nil, fmt.Errorf("listen: %w", err)
		}
		*port = ln.Addr().(*net.TCPAddr).Port
		return ln, nil
	}

	// The reserved port: listen, note the port, close. Nothing listens
	// there while the lab runs, so a connection to it is refused.
	reserved, err := listen(l.host, &l.reservedPort)
	if err != nil {
		return err
	}
	if err := reserved.Close(); err != nil {
		return fmt.Errorf("release reserved port: %w", err)
	}

	l.routes = l.routeTable()

	type server struct {
		host    string
		port    *int
		handler http.Handler
		cert    *tls.Certificate
	}
	servers := []server{
		{l.host, &l.mainPort, l.listener(l.mainSite), nil},
		{"127.0.0.1", &l.secondPort, l.listener(apiOnly), nil},
		{l.host, &l.tlsPort, l.listener(l.tlsSite), &pki.leaf},
		{l.host, &l.untrustedPort, l.listener(apiOnly), &pki.untrusted},
		{l.host, &l.proxyPort, http.HandlerFunc(l.serveProxy), nil},
	}
	for _, s := range servers {
		ln, err := listen(s.host, s.port)
		if err != nil {
			return err
		}
		srv := &http.Server{
			Handler:           s.handler,
			ReadHeaderTimeout: 10 * time.Second,
			// The untrusted listener makes clients fail their handshake on
			// purpose; keep the server's complaints out of the user's
			// terminal.
			ErrorLog: log.New(io.Discard, "", 0),
		}
		if s.cert != nil {
			srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*s.cert}, MinVersion: tls.VersionTLS12}
		}
		l.servers = append(l.servers, srv)
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			if srv.TLSConfig != nil {
				_ = srv.ServeTLS(ln, "", "")
				return
			}
			_ = srv.Serve(ln)
		}()
	}
	return nil
}

// Close stops every listener, closes open connections, waits for the
// servers to return and removes the lab's temporary directory. It is safe
// to call more than once.
func (l *Lab) Close() error {
	l.closeOnce.Do(func() {
		var errs []error
		for _, s := range l.servers {
			if err := s.Close(); err != nil {
				errs = append(errs, err)
			}
		}
		l.wg.Wait()
		if l.dir != "" {
			if err := os.RemoveAll(l.dir); err != nil {
				errs = append(errs, err)
			}
		}
		if err := errors.Join(errs...); err != nil {
			l.closeErr = fmt.Errorf("close lab: %w", err)
		}
	})
	return l.closeErr
}

// URL is the base of the main API, http://127.0.0.1:PORT, without a
// trailing slash. The token issuer is Issuer(), URL() + "/".
func (l *Lab) URL() string { return l.base("http", l.host, l.mainPort) }

// CACertFile is the PEM file of the lab's certificate authority, which
// signed the certificate of the HTTPS listener. It lives in a temporary
// directory removed by Close.
func (l *Lab) CACertFile() string { return l.caFile }

// Hits reports how many requests the lab received for path (the URL path,
// without query) on any of its listeners, the proxy included.
func (l *Lab) Hits(path string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.hits[path]
}

func (l *Lab) hit(path string) {
	l.mu.Lock()
	l.hits[path]++
	l.mu.Unlock()
}

// base builds scheme://host:port.
func (l *Lab) base(scheme, host string, port int) string {
	return scheme + "://" + net.JoinHostPort(host, strconv.Itoa(port))
}

// secondURL is the base of the second HTTP listener, reached by another
// host name: http://localhost:PORT2.
func (l *Lab) secondURL() string { return l.base("http", "localhost", l.secondPort) }

// resolveAddr is the address part of a --resolve entry (curl writes IPv6
// addresses in brackets there).
func (l *Lab) resolveAddr() string {
	if ip := net.ParseIP(l.host); ip != nil && ip.To4() == nil {
		return "[" + l.host + "]"
	}
	return l.host
}
