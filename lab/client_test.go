package lab

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

// labClock is the fixed clock of every test lab.
var labClock = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)

// startLab starts a lab on the fixed clock, closed when the test ends.
func startLab(t testing.TB) *Lab {
	t.Helper()
	l, err := Start(context.Background(), Config{Now: func() time.Time { return labClock }})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := l.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return l
}

// request is what a client sends: the scenario's request after $VAR
// expansion, with the check flags that change how it is sent.
type request struct {
	method   string
	url      string
	header   [][2]string
	resolve  map[string]string // host:port → addr:port
	cacert   string
	proxy    string
	insecure bool
	body     string // sent when not empty
}

// fromScenario builds the request a scenario describes, expanding $VARS
// from its Env the way authdoctor does (unset variables expand to "").
func fromScenario(t testing.TB, s Scenario) request {
	t.Helper()
	r := request{method: s.Method, url: s.URL, resolve: map[string]string{}}
	if r.method == "" {
		r.method = http.MethodGet
	}
	for _, tmpl := range s.Headers {
		v := os.Expand(tmpl, func(name string) string { return s.Env[name] })
		name, value, ok := strings.Cut(v, ":")
		if !ok {
			t.Fatalf("header template %q has no colon", tmpl)
		}
		r.header = append(r.header, [2]string{strings.TrimSpace(name), strings.TrimLeft(value, " ")})
	}
	for i := 0; i < len(s.Args); i++ {
		switch a := s.Args[i]; a {
		case "--resolve":
			i++
			parts := strings.Split(s.Args[i], ":")
			if len(parts) != 3 {
				t.Fatalf("bad --resolve %q", s.Args[i])
			}
			r.resolve[parts[0]+":"+parts[1]] = net.JoinHostPort(strings.Trim(parts[2], "[]"), parts[1])
		case "--cacert":
			i++
			r.cacert = s.Args[i]
		case "--proxy":
			i++
			r.proxy = s.Args[i]
		case "-k":
			r.insecure = true
		case "--audience", "--issuer", "--jwks", "--scope", "--client-id-env", "--client-secret-env":
			// Flags for the checks and the issuer, not for the request.
			i++
		case "--allow-write", "--yes", "--no-issuer":
		default:
			t.Fatalf("unknown argument %q", a)
		}
	}
	return r
}

// with returns a copy of r with every header named name replaced by value
// (added when absent).
func (r request) with(name, value string) request {
	c := r
	c.header = nil
	for _, h := range r.header {
		if !strings.EqualFold(h[0], name) {
			c.header = append(c.header, h)
		}
	}
	c.header = append(c.header, [2]string{name, value})
	return c
}

// baseline is r without any credential header: the engine's first probe.
func (r request) baseline() request {
	c := r
	c.header = nil
	for _, h := range r.header {
		if !authdoctor.SensitiveHeader(h[0]) {
			c.header = append(c.header, h)
		}
	}
	return c
}

// corrupted changes the last characters of the first credential header,
// as the engine's corrupted probe does. Four characters, because the last
// base64url character of an ES256 signature holds padding bits only.
func (r request) corrupted() request {
	c := r
	c.header = append([][2]string(nil), r.header...)
	for i, h := range c.header {
		if authdoctor.SensitiveHeader(h[0]) && len(h[1]) > 4 {
			tail := []byte(h[1][len(h[1])-4:])
			for j, b := range tail {
				if b == 'x' {
					tail[j] = 'y'
				} else {
					tail[j] = 'x'
				}
			}
			c.header[i][1] = h[1][:len(h[1])-4] + string(tail)
			break
		}
	}
	return c
}

// response is what came back.
type response struct {
	status int
	header http.Header
	body   string
}

// send sends r once, without following redirects.
func (r request) send(t testing.TB) (*response, error) {
	t.Helper()
	// InsecureSkipVerify is -k, the fix of the tls-untrusted scenario.
	tr := &http.Transport{DisableKeepAlives: true, TLSClientConfig: &tls.Config{InsecureSkipVerify: r.insecure}}
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if to, ok := r.resolve[addr]; ok {
			addr = to
		}
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		// Tests talk to loopback only and never resolve other names.
		if ip := net.ParseIP(host); (ip == nil || !ip.IsLoopback()) && host != "localhost" {
			return nil, fmt.Errorf("test refuses to dial %s", addr)
		}
		return dialer.DialContext(ctx, network, addr)
	}
	if r.cacert != "" {
		pem, err := os.ReadFile(r.cacert)
		if err != nil {
			t.Fatalf("read CA: %v", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			t.Fatalf("no certificate in %s", r.cacert)
		}
		tr.TLSClientConfig.RootCAs = pool
	}
	if r.proxy != "" {
		u, err := url.Parse(r.proxy)
		if err != nil {
			t.Fatalf("proxy URL: %v", err)
		}
		tr.Proxy = http.ProxyURL(u)
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{
		Transport:     tr,
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	var reqBody io.Reader
	if r.body != "" {
		reqBody = strings.NewReader(r.body)
	}
	req, err := http.NewRequest(r.method, r.url, reqBody)
	if err != nil {
		return nil, err
	}
	for _, h := range r.header {
		req.Header.Add(h[0], h[1])
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err != nil {
		return nil, err
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: string(body)}, nil
}

// mustSend sends r and fails the test when no response comes.
func (r request) mustSend(t testing.TB) *response {
	t.Helper()
	resp, err := r.send(t)
	if err != nil {
		t.Fatalf("%s %s: %v", r.method, r.url, err)
	}
	return resp
}

// form is a POST of an application/x-www-form-urlencoded body built from
// name, value pairs.
func form(u string, kv ...string) request {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return request{method: http.MethodPost, url: u, body: v.Encode(),
		header: [][2]string{{"Content-Type", "application/x-www-form-urlencoded"}}}
}

// clientBasic is the Authorization value of client_secret_basic (RFC 6749
// §2.3.1: id and secret form-encoded, then Basic).
func clientBasic(id, secret string) string {
	return "Basic " + basic(url.QueryEscape(id)+":"+url.QueryEscape(secret))
}
