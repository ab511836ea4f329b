package curl_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/source/curl"
)

// TestDocumentedCommandsRealCurl is the oracle for the table: it runs each
// documented command in real bash with real curl, every host routed to a
// loopback server, and compares what curl sent with what the reader says
// curl would send. It needs bash and curl and starts a process per case,
// so it runs only with AUTHDOCTOR_REAL_CURL=1:
//
//	AUTHDOCTOR_REAL_CURL=1 go test ./source/curl -run RealCurl -v
func TestDocumentedCommandsRealCurl(t *testing.T) {
	if os.Getenv("AUTHDOCTOR_REAL_CURL") != "1" {
		t.Skip("set AUTHDOCTOR_REAL_CURL=1 to replay the table with bash and curl")
	}
	for _, tool := range []string{"bash", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found", tool)
		}
	}
	srv := newEchoServer(t)
	agree := 0
	replayed := 0
	for _, tt := range docCases {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err != "" {
				t.Skip("the reader refuses it; nothing to replay")
			}
			if tt.differs != "" {
				t.Skip(tt.differs)
			}
			lookup := func(k string) (string, bool) {
				for _, u := range tt.unset {
					if u == k {
						return "", false
					}
				}
				v, ok := docEnv[k]
				return v, ok
			}
			spec, err := curl.Parse(tt.cmd, lookup)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			replayed++
			sent := srv.replay(t, tt, lookup)
			if sent == nil {
				t.Fatal("curl sent nothing")
			}
			want := got(spec.Request)
			ok := true
			if sent.Method != want.Method {
				t.Errorf("method: curl sent %q, reader says %q", sent.Method, want.Method)
				ok = false
			}
			if !sameURL(sent.URL, want.URL) {
				t.Errorf("URL: curl sent %q, reader says %q", sent.URL, want.URL)
				ok = false
			}
			for _, c := range want.Creds {
				// The server trims the optional whitespace around a
				// header value (RFC 9110 §5.5); curl sends it as written.
				if v := sent.Header.Values(c.Header); len(v) == 0 || !contains(v, strings.TrimSpace(c.Value)) {
					t.Errorf("%s: curl sent %q, reader says %q", c.Header, v, c.Value)
					ok = false
				}
			}
			if sent.Body != want.Body {
				t.Errorf("body: curl sent %q, reader says %q", sent.Body, want.Body)
				ok = false
			}
			if want.ContentType != "" && sent.Header.Get("Content-Type") != want.ContentType {
				t.Errorf("Content-Type: curl sent %q, reader says %q", sent.Header.Get("Content-Type"), want.ContentType)
				ok = false
			}
			if ok {
				agree++
			}
		})
	}
	t.Logf("%d of %d replayed commands read exactly as bash and curl sent them", agree, replayed)
}

func contains(vs []string, v string) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// sameURL compares URLs the way they go on the wire: curl sends "/" for
// an empty path and leaves out the default port.
func sameURL(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil {
		return a == b
	}
	norm := func(u *url.URL) string {
		host := u.Host
		if (u.Scheme == "https" && strings.HasSuffix(host, ":443")) || (u.Scheme == "http" && strings.HasSuffix(host, ":80")) {
			host = host[:strings.LastIndexByte(host, ':')]
		}
		p := u.EscapedPath()
		if p == "" {
			p = "/"
		}
		return strings.ToLower(u.Scheme) + "://" + strings.ToLower(host) + p + "?" + u.RawQuery
	}
	return norm(ua) == norm(ub)
}

// sentRequest is what the loopback server received.
type sentRequest struct {
	Method, URL string
	Header      http.Header
	Body        string
}

// echoServer answers every request on one port, TLS or not (it looks at
// the first byte), and records what it received.
type echoServer struct {
	addr string
	mu   sync.Mutex
	got  []*sentRequest
}

func newEchoServer(t *testing.T) *echoServer {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	ts.StartTLS() // for its certificate
	cfg := ts.TLS.Clone()
	ts.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &echoServer{addr: ln.Addr().String()}
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		s.mu.Lock()
		s.got = append(s.got, &sentRequest{Method: r.Method, URL: scheme + "://" + r.Host + r.RequestURI, Header: r.Header, Body: string(b)})
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}), ReadHeaderTimeout: 5 * time.Second}
	go hs.Serve(&sniffListener{Listener: ln, cfg: cfg})
	t.Cleanup(func() { hs.Close() })
	return s
}

// prompt matches a "$ " or "> " prompt a reader of the docs would not type.
var prompt = regexp.MustCompile(`(?m)^(\$|>) `)

// replay runs the command in bash with curl sent to the server and
// returns the first request curl made.
func (s *echoServer) replay(t *testing.T, tt docCase, lookup func(string) (string, bool)) *sentRequest {
	t.Helper()
	s.mu.Lock()
	s.got = nil
	s.mu.Unlock()
	// curl goes to the server; sudo, where it is not installed, runs its
	// command as it would for a user allowed to.
	script := "curl() { command curl --connect-to ::" + s.addr + " -k -s -o /dev/null --max-time 5 \"$@\"; }\n" +
		"sudo() { while [ \"${1#-}\" != \"$1\" ]; do shift; done; \"$@\"; }\n" +
		prompt.ReplaceAllString(tt.cmd, "") + "\n"
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "--noprofile", "--norc", "-c", script)
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + cmd.Dir}
	for k := range docEnv {
		if v, ok := lookup(k); ok {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	out, _ := cmd.CombinedOutput()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.got) == 0 {
		t.Logf("bash said: %s", out)
		return nil
	}
	return s.got[0]
}

// sniffListener hands out TLS connections for clients that start a TLS
// handshake and plain ones for the rest.
type sniffListener struct {
	net.Listener
	cfg *tls.Config
}

func (l *sniffListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	br := bufio.NewReader(c)
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	first, err := br.Peek(1)
	_ = c.SetReadDeadline(time.Time{})
	pc := &peekedConn{Conn: c, r: br}
	if err == nil && first[0] == 0x16 {
		return tls.Server(pc, l.cfg), nil
	}
	return pc, nil
}

type peekedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *peekedConn) Read(p []byte) (int, error) { return c.r.Read(p) }
