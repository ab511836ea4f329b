package probe

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

// quietLog drops the TLS handshake errors test servers would print.
var quietLog = log.New(io.Discard, "", 0)

// wantErr fails unless p stopped with phase and a message holding every
// part of want.
func wantErr(t *testing.T, p authdoctor.Probe, phase string, want ...string) {
	t.Helper()
	if p.Err == nil {
		t.Fatalf("Err = nil, want phase %q", phase)
	}
	if p.Err.Phase != phase {
		t.Errorf("phase = %q, want %q (message %q)", p.Err.Phase, phase, p.Err.Message)
	}
	for _, w := range want {
		if !strings.Contains(p.Err.Message, w) {
			t.Errorf("message %q lacks %q", p.Err.Message, w)
		}
	}
	if p.Err.Hint == "" {
		t.Errorf("no hint for %q", p.Err.Message)
	}
}

func TestSendTLS(t *testing.T) {
	t.Parallel()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "secure") }))
	srv.Config.ErrorLog = quietLog
	srv.StartTLS()
	t.Cleanup(srv.Close)
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	pt := port(t, srv)

	t.Run("untrusted", func(t *testing.T) {
		t.Parallel()
		s := newSender(t, Config{})
		p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get(srv.URL))
		wantErr(t, p, authdoctor.PhaseTLS, "the certificate is signed by an authority this machine does not trust (self-signed or private CA)")
		if len(p.Hops) != 1 || p.Hops[0].Status != 0 {
			t.Errorf("hops = %+v; want one hop without a response", p.Hops)
		}
	})
	t.Run("trusted", func(t *testing.T) {
		t.Parallel()
		s := newSender(t, Config{RootCAs: pool})
		p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get(srv.URL))
		mustOK(t, p)
		ti := p.Hops[0].TLS
		if ti == nil || ti.Version != "TLS 1.3" || ti.NotAfter.IsZero() || !strings.Contains(ti.Subject+ti.Issuer, "Acme Co") {
			t.Errorf("TLS = %+v", ti)
		}
		if string(p.Hops[0].Body) != "secure" {
			t.Errorf("body %q", p.Hops[0].Body)
		}
	})
	t.Run("insecure", func(t *testing.T) {
		t.Parallel()
		s := newSender(t, Config{Insecure: true})
		mustOK(t, s.Send(context.Background(), authdoctor.RoleBaseline, "", get(srv.URL)))
	})
	t.Run("wrong name", func(t *testing.T) {
		t.Parallel()
		s := newSender(t, Config{RootCAs: pool, Resolve: map[string]string{"api.lab.test:" + pt: "127.0.0.1:" + pt}})
		p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get("https://api.lab.test:"+pt+"/"))
		wantErr(t, p, authdoctor.PhaseTLS, "not valid for api.lab.test", "example.com", "127.0.0.1")
	})
	t.Run("plain http on a TLS port", func(t *testing.T) {
		t.Parallel()
		s := newSender(t, Config{})
		p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get("http://127.0.0.1:"+pt+"/"))
		if p.Err != nil {
			// Go's server answers plain HTTP on a TLS port with a 400.
			t.Fatalf("Err = %+v", p.Err)
		}
		if p.Status() != 400 {
			t.Errorf("status %d", p.Status())
		}
	})
}

func TestSendTLSToPlainServer(t *testing.T) {
	t.Parallel()
	srv := startServer(t, &recorder{})
	s := newSender(t, Config{})
	p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get("https://127.0.0.1:"+port(t, srv)+"/"))
	wantErr(t, p, authdoctor.PhaseTLS, "does not speak TLS")
}

// expiredCert returns a self-signed certificate for 127.0.0.1 valid only
// during 2019.
func expiredCert(t *testing.T) (tls.Certificate, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "expired.lab.test"},
		NotBefore:             time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, leaf
}

func TestSendExpiredCertificate(t *testing.T) {
	t.Parallel()
	cert, leaf := expiredCert(t)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.Config.ErrorLog = quietLog
	srv.StartTLS()
	t.Cleanup(srv.Close)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)

	s := newSender(t, Config{RootCAs: pool})
	p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get(srv.URL))
	wantErr(t, p, authdoctor.PhaseTLS, "expired on 2020-01-01 00:00 UTC")
}

func TestSendConnectionRefused(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	s := newSender(t, Config{})
	p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get("http://"+addr+"/"))
	wantErr(t, p, authdoctor.PhaseConnect, "nothing listens on "+addr)
	if s.Sent() != 1 || len(p.Hops) != 1 {
		t.Errorf("sent %d, hops %d; a failed attempt counts", s.Sent(), len(p.Hops))
	}
}

func TestSendDNSFailure(t *testing.T) {
	t.Parallel()
	// noDNS fails every lookup without a packet, as a broken resolver would.
	s := newSender(t, Config{})
	p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get("http://nowhere.lab.test/"))
	wantErr(t, p, authdoctor.PhaseDNS, "nowhere.lab.test")
}

// hangingServer accepts requests and never answers until the client goes.
func hangingServer(t *testing.T, got chan<- struct{}) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		// Reading the body lets the server notice when the client hangs
		// up, which cancels r.Context().
		_, _ = io.Copy(io.Discard, r.Body)
		if got != nil {
			got <- struct{}{}
		}
		// Bounded, so srv.Close (which waits for handlers) can never hang
		// the test binary; the clients under test give up far sooner.
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestSendTimeouts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		cfg   Config
		phase string
		want  []string
	}{
		{"header timeout", Config{HeaderTimeout: 50 * time.Millisecond}, authdoctor.PhaseTimeout,
			[]string{"sent no response header within 50ms"}},
		{"whole probe timeout", Config{Timeout: 80 * time.Millisecond}, authdoctor.PhaseTimeout,
			[]string{"longer than 80ms", "waiting for"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := hangingServer(t, nil)
			s := newSender(t, tc.cfg)
			p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get(srv.URL))
			wantErr(t, p, tc.phase, tc.want...)
		})
	}
}

func TestSendSlowBody(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(401)
		_, _ = io.WriteString(w, "partial ")
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	s := newSender(t, Config{Timeout: 100 * time.Millisecond})
	p := s.Send(context.Background(), authdoctor.RoleAuthenticated, "", get(srv.URL))
	wantErr(t, p, authdoctor.PhaseTimeout, "reading the response body")
	if p.Status() != 401 || string(p.Hops[0].Body) != "partial " || !p.Hops[0].BodyTruncated {
		t.Errorf("hop = %d %q truncated=%v", p.Status(), p.Hops[0].Body, p.Hops[0].BodyTruncated)
	}
}

func TestSendCancelled(t *testing.T) {
	t.Parallel()
	got := make(chan struct{}, 1)
	srv := hangingServer(t, got)
	s := newSender(t, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-got
		cancel()
	}()
	p := s.Send(ctx, authdoctor.RoleBaseline, "", get(srv.URL))
	wantErrNoHint(t, p, authdoctor.PhaseCancelled, "interrupted")
}

func wantErrNoHint(t *testing.T, p authdoctor.Probe, phase, want string) {
	t.Helper()
	if p.Err == nil || p.Err.Phase != phase || !strings.Contains(p.Err.Message, want) {
		t.Fatalf("Err = %+v, want phase %q with %q", p.Err, phase, want)
	}
}

func TestSendHugeBody(t *testing.T) {
	t.Parallel()
	const size = 50 << 20
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		chunk := []byte(strings.Repeat("x", 32<<10))
		for sent := 0; sent < size; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return // the client closed the connection
			}
		}
	}))
	t.Cleanup(srv.Close)
	tests := []struct {
		name    string
		maxBody int64
		want    int
	}{
		{"default limit", 0, DefaultMaxBody},
		{"small limit", 10, 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSender(t, Config{MaxBody: tc.maxBody})
			p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get(srv.URL))
			mustOK(t, p)
			if ex := p.Hops[0]; len(ex.Body) != tc.want || !ex.BodyTruncated {
				t.Errorf("body %d bytes, truncated %v; want %d, true", len(ex.Body), ex.BodyTruncated, tc.want)
			}
		})
	}
}

// endlessHeaderServer answers every connection with a header that never
// ends, until the client hangs up.
func endlessHeaderServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_, _ = http.ReadRequest(bufio.NewReader(c))
				if _, err := io.WriteString(c, "HTTP/1.1 200 OK\r\nX-Endless: "); err != nil {
					return
				}
				chunk := []byte(strings.Repeat("a", 4096))
				for {
					if _, err := c.Write(chunk); err != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

func TestSendEndlessHeader(t *testing.T) {
	t.Parallel()
	addr := endlessHeaderServer(t)
	s := newSender(t, Config{})
	p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get("http://"+addr+"/"))
	wantErr(t, p, authdoctor.PhaseResponse, "longer than 64 KiB")
}

func TestSendProxy(t *testing.T) {
	t.Parallel()
	rc := &recorder{routes: map[string]http.HandlerFunc{}}
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc.ServeHTTP(httptest.NewRecorder(), r)
		w.Header().Set("Proxy-Authenticate", `Basic realm="corp"`)
		w.WriteHeader(http.StatusProxyAuthRequired)
	}))
	t.Cleanup(proxy.Close)
	pu, _ := url.Parse(proxy.URL)

	t.Run("plain http: the 407 is the answer", func(t *testing.T) {
		t.Parallel()
		s := newSender(t, Config{Proxy: pu})
		p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get("http://api.lab.test/v1"))
		mustOK(t, p)
		if p.Status() != 407 || p.Hops[0].Header.Get("Proxy-Authenticate") == "" {
			t.Errorf("status %d, header %v", p.Status(), p.Hops[0].Header)
		}
	})
	t.Run("https: the CONNECT is refused", func(t *testing.T) {
		t.Parallel()
		s := newSender(t, Config{Proxy: pu})
		p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get("https://api.lab.test/v1"))
		wantErr(t, p, authdoctor.PhaseProxy, "wants credentials", "api.lab.test:443", "407")
	})
	t.Run("loopback targets use the proxy too", func(t *testing.T) {
		t.Parallel()
		s := newSender(t, Config{Proxy: pu})
		p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get("http://127.0.0.1:1/"))
		mustOK(t, p)
		if p.Status() != 407 {
			t.Errorf("status %d", p.Status())
		}
	})
	t.Run("proxy not running", func(t *testing.T) {
		t.Parallel()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		dead := &url.URL{Scheme: "http", Host: ln.Addr().String()}
		ln.Close()
		s := newSender(t, Config{Proxy: dead})
		p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get("https://api.lab.test/"))
		wantErr(t, p, authdoctor.PhaseProxy, "nothing listens on "+dead.Host)
	})
}

func TestSendResolve(t *testing.T) {
	t.Parallel()
	rc := &recorder{}
	srv := startServer(t, rc)
	pt := port(t, srv)
	// noDNS makes any lookup fail: the probe can only succeed through the map.
	s := newSender(t, Config{Resolve: map[string]string{"API.lab.test:" + pt: "127.0.0.1:" + pt}})
	p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get("http://api.lab.test:"+pt+"/x"))
	mustOK(t, p)
	if got := rc.requests()[0].Host; got != "api.lab.test:"+pt {
		t.Errorf("Host = %q", got)
	}
	if p.Hops[0].Timing.DNS != 0 {
		t.Errorf("DNS time %v; a mapped name must not be looked up", p.Hops[0].Timing.DNS)
	}
	// Another port of the same name is not mapped.
	p = s.Send(context.Background(), authdoctor.RoleBaseline, "", get("http://api.lab.test:1/x"))
	wantErr(t, p, authdoctor.PhaseDNS, "api.lab.test")
}

func TestSendScrubsEcho(t *testing.T) {
	t.Parallel()
	const tok = "tok_5ecr3t_ech0ed"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Echo", r.Header.Get("Authorization"))
		w.WriteHeader(401)
		_, _ = io.WriteString(w, `{"error":"invalid token `+strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")+`","key":"`+r.Header.Get("X-Api-Key")+`"}`)
	}))
	t.Cleanup(srv.Close)
	s := newSender(t, Config{})
	p := s.Send(context.Background(), authdoctor.RoleAuthenticated, "", get(srv.URL, field("Authorization", "Bearer "+tok), field("X-Api-Key", "k3y-"+tok)))
	mustOK(t, p)
	ex := p.Hops[0]
	if want := `{"error":"invalid token [redacted]","key":"[redacted]"}`; string(ex.Body) != want {
		t.Errorf("body %q, want %q", ex.Body, want)
	}
	if got := ex.Header.Get("X-Echo"); got != authdoctor.Redacted {
		t.Errorf("X-Echo %q", got)
	}
}
