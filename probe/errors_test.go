package probe

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestValidateFields(t *testing.T) {
	t.Parallel()
	const tok = "s3cr3t-tok3n"
	tests := []struct {
		name   string
		fields []authdoctor.Field
		want   string // "" means valid; otherwise a part of the message
	}{
		{"valid", []authdoctor.Field{field("Authorization", "Bearer "+tok), field("X-Empty", "")}, ""},
		{"tab allowed", []authdoctor.Field{field("X-A", "a\tb")}, ""},
		{"non-ASCII allowed", []authdoctor.Field{field("X-A", "café")}, ""},
		{"trailing LF", []authdoctor.Field{field("Authorization", "Bearer "+tok+"\n")},
			"the Authorization header: its value has a line feed (LF) at byte offset 19 (the value is 20 bytes long)"},
		{"trailing CRLF", []authdoctor.Field{field("X-Api-Key", tok+"\r\n")},
			"X-Api-Key header: its value has a carriage return (CR) at byte offset 12"},
		{"NUL", []authdoctor.Field{field("X-Api-Key", "ab\x00cd")}, "a NUL byte at byte offset 2"},
		{"escape", []authdoctor.Field{field("X-Api-Key", "\x1b[0m")}, "a control character (0x1B) at byte offset 0"},
		{"DEL", []authdoctor.Field{field("X-Api-Key", "a\x7f")}, "a control character (0x7F) at byte offset 1"},
		{"second field", []authdoctor.Field{field("Accept", "*/*"), field("Cookie", "a=b\n")}, "the Cookie header"},
		{"space in name", []authdoctor.Field{field("Authorization Bearer "+tok, "x")}, "header number 1 has a name Go refuses to send: a space at byte offset 13"},
		{"colon in name", []authdoctor.Field{field("Accept", "*/*"), field("X-Key:", "x")}, "header number 2 has a name Go refuses to send: the character ':' at byte offset 5"},
		{"empty name", []authdoctor.Field{field("", "x")}, "header number 1 has an empty name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			terr := validateFields(tc.fields)
			if tc.want == "" {
				if terr != nil {
					t.Fatalf("validateFields = %v, want nil", terr)
				}
				return
			}
			if terr == nil {
				t.Fatalf("validateFields = nil, want %q", tc.want)
			}
			if terr.Phase != authdoctor.PhaseHeader {
				t.Errorf("phase = %q, want header", terr.Phase)
			}
			if !strings.Contains(terr.Message, tc.want) {
				t.Errorf("message = %q, want it to contain %q", terr.Message, tc.want)
			}
			if strings.Contains(terr.Message+terr.Hint, tok) {
				t.Errorf("message leaks the token: %q / %q", terr.Message, terr.Hint)
			}
		})
	}
}

func TestParseTarget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		raw  string
		want string // "" means accepted
	}{
		{"https", "https://api.example.com/v1?x=1#frag", ""},
		{"http with port", "http://127.0.0.1:8080/", ""},
		{"upper-case scheme", "HTTPS://api.example.com/", ""},
		{"no scheme", "api.example.com/v1?access_token=abcdef123", "must start with http:// or https://"},
		{"host and port without scheme", "localhost:8080/v1", "must start with http:// or https://"},
		{"ftp", "ftp://files.example.com/", "not ftp:"},
		{"no host", "https:///v1?token=abcdef123", "no host name"},
		{"bad escape", "https://api.example.com/%zz?token=abcdef123", "could not be parsed"},
		{"control byte", "https://api.example.com/\n?token=abcdef123", "could not be parsed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			u, terr := parseTarget(tc.raw)
			if tc.want == "" {
				if terr != nil {
					t.Fatalf("parseTarget = %v", terr)
				}
				if u.Fragment != "" {
					t.Errorf("fragment kept: %q", u.Fragment)
				}
				return
			}
			if terr == nil || terr.Phase != authdoctor.PhaseURL || !strings.Contains(terr.Message, tc.want) {
				t.Fatalf("parseTarget = %+v, want phase url and %q", terr, tc.want)
			}
			if terr.Hint == "" {
				t.Error("no hint")
			}
			if strings.Contains(terr.Message+terr.Hint, "abcdef123") {
				t.Errorf("message quotes the URL: %q", terr.Message)
			}
		})
	}
}

func TestCheckMethod(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		method     string
		allowWrite bool
		want       string
		refused    string
	}{
		{"empty is GET", "", false, "GET", ""},
		{"lower-case get", "get", false, "GET", ""},
		{"HEAD", "HEAD", false, "HEAD", ""},
		{"options", "Options", false, "OPTIONS", ""},
		{"POST refused", "POST", false, "", "--allow-write"},
		{"DELETE refused", "DELETE", false, "", "--allow-write"},
		{"POST allowed", "POST", true, "POST", ""},
		{"invalid token", "GE T", true, "", "not a valid HTTP method"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, terr := checkMethod(tc.method, tc.allowWrite)
			if tc.refused != "" {
				if terr == nil || terr.Phase != authdoctor.PhaseURL || !strings.Contains(terr.Message, tc.refused) {
					t.Fatalf("checkMethod = %q, %+v; want refusal with %q", got, terr, tc.refused)
				}
				return
			}
			if terr != nil || got != tc.want {
				t.Fatalf("checkMethod = %q, %+v; want %q", got, terr, tc.want)
			}
		})
	}
}

// FuzzValidateFields checks that the message says nothing about a value
// beyond the kind and place of its first bad byte and its length: masking
// every other byte gives the same message.
func FuzzValidateFields(f *testing.F) {
	f.Add("Authorization", "Bearer s3cr3t-tok3n\n")
	f.Add("X-Api-Key", "ab\x00cd")
	f.Add("Cookie", "a=b\r\n")
	f.Add("Authorization Bearer x", "y")
	f.Add("X-A", "caf\xc3\xa9\t")
	f.Fuzz(func(t *testing.T, name, value string) {
		terr := validateFields([]authdoctor.Field{field(name, value)})
		masked := []byte(value)
		for i, b := range masked {
			if !((b < ' ' && b != '\t') || b == 0x7f) {
				masked[i] = 'x'
			}
		}
		mterr := validateFields([]authdoctor.Field{field(name, string(masked))})
		if (terr == nil) != (mterr == nil) {
			t.Fatalf("validity depends on more than control bytes: %v vs %v", terr, mterr)
		}
		if terr != nil && (terr.Message != mterr.Message || terr.Hint != mterr.Hint) {
			t.Errorf("message depends on the value:\n%q\n%q", terr.Message, mterr.Message)
		}
	})
}

func TestClassify(t *testing.T) {
	t.Parallel()
	const leak = "cl4ss1fy-l3ak"
	u := mustURL(t, "https://api.lab.test/v1?token="+leak)
	dial := func(err error) error { return &dialError{addr: "api.lab.test:443", err: err} }
	tests := []struct {
		name  string
		err   error
		stage stage
		proxy bool
		phase string
		want  string
	}{
		{"dns not found", dial(&net.OpError{Op: "dial", Err: &net.DNSError{Name: "api.lab.test", Err: leak, IsNotFound: true}}), stageDNS, false,
			authdoctor.PhaseDNS, "the name api.lab.test does not resolve"},
		{"dns timeout", dial(&net.OpError{Op: "dial", Err: &net.DNSError{Name: "api.lab.test", Err: leak, IsTimeout: true}}), stageDNS, false,
			authdoctor.PhaseTimeout, "looking up the name api.lab.test took longer than 5s"},
		{"refused", dial(&net.OpError{Op: "dial", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}), stageConnect, false,
			authdoctor.PhaseConnect, "nothing listens on api.lab.test:443"},
		{"unreachable", dial(&net.OpError{Op: "dial", Err: &os.SyscallError{Syscall: "connect", Err: syscall.EHOSTUNREACH}}), stageConnect, false,
			authdoctor.PhaseConnect, "no route to api.lab.test:443"},
		{"dial timeout", dial(&net.OpError{Op: "dial", Err: os.ErrDeadlineExceeded}), stageConnect, false,
			authdoctor.PhaseTimeout, "connecting to api.lab.test:443 took longer than 5s"},
		{"proxy refused", &net.OpError{Op: "proxyconnect", Err: &dialError{addr: "proxy.lab.test:3128", err: syscall.ECONNREFUSED}}, stageConnect, true,
			authdoctor.PhaseProxy, "nothing listens on proxy.lab.test:3128"},
		{"proxy forbids", &proxyConnectError{status: 403}, stageConnect, true,
			authdoctor.PhaseProxy, "refused to open a tunnel to api.lab.test:443 (status 403)"},
		{"go header refusal", errors.New(`net/http: invalid header field value for "Authorization"`), stageStart, false,
			authdoctor.PhaseHeader, "Go refuses to send the Authorization header"},
		{"go header name refusal", errors.New(`net/http: invalid header field name "X ` + leak + `"`), stageStart, false,
			authdoctor.PhaseHeader, "Go refuses to send a header"},
		{"tls alert", &net.OpError{Op: "remote error", Err: tls.AlertError(40)}, stageTLS, false,
			authdoctor.PhaseTLS, "ended the TLS handshake with the alert: handshake failure"},
		{"tls timeout", os.ErrDeadlineExceeded, stageTLS, false,
			authdoctor.PhaseTimeout, "TLS handshake with api.lab.test:443 did not finish within 5s"},
		{"header timeout", os.ErrDeadlineExceeded, stageWait, false,
			authdoctor.PhaseTimeout, "sent no response header within 10s"},
		{"headers too long", errors.New("net/http: server response headers exceeded 65536 bytes; aborted"), stageHeader, false,
			authdoctor.PhaseResponse, "longer than 64 KiB"},
		{"not http", errors.New(`net/http: HTTP/1.x transport connection broken: malformed HTTP response "` + leak + `"`), stageHeader, false,
			authdoctor.PhaseResponse, "not HTTP"},
		{"closed", fmt.Errorf("read: %w", io.EOF), stageWait, false,
			authdoctor.PhaseResponse, "closed while waiting for api.lab.test:443 to answer"},
		{"reset", &net.OpError{Op: "read", Err: &os.SyscallError{Syscall: "read", Err: syscall.ECONNRESET}}, stageWait, false,
			authdoctor.PhaseResponse, "was reset"},
		{"unknown after connect", errors.New("weird " + leak), stageWait, false,
			authdoctor.PhaseResponse, "the exchange with api.lab.test:443 failed"},
		{"unknown before connect", errors.New("weird " + leak), stageStart, false,
			authdoctor.PhaseConnect, "failed before reaching api.lab.test:443"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := Config{}
			if tc.proxy {
				cfg.Proxy = mustURL(t, "http://proxy.lab.test:3128")
			}
			s := New(cfg)
			c := &chain{parent: context.Background(), ctx: context.Background()}
			tr := &hopTrace{stage: tc.stage}
			err := &url.Error{Op: "Get", URL: u.String(), Err: tc.err}
			terr := s.classify(c, err, u, tr)
			if terr.Phase != tc.phase || !strings.Contains(terr.Message, tc.want) {
				t.Errorf("classify = %q: %q; want %q with %q", terr.Phase, terr.Message, tc.phase, tc.want)
			}
			if terr.Hint == "" {
				t.Error("no hint")
			}
			if strings.Contains(terr.Message+terr.Hint, leak) {
				t.Errorf("message copies the error text: %q", terr.Message)
			}
		})
	}
}

func TestClassifyContext(t *testing.T) {
	t.Parallel()
	u := mustURL(t, "http://api.lab.test/")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithTimeout(context.Background(), 0)
	defer cancel2()
	tests := []struct {
		name        string
		parent, ctx context.Context
		phase, want string
	}{
		{"interrupted", cancelled, cancelled, authdoctor.PhaseCancelled, "interrupted"},
		{"caller deadline", expired, expired, authdoctor.PhaseTimeout, "caller's deadline"},
		{"probe timeout", context.Background(), expired, authdoctor.PhaseTimeout, "longer than 15s"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := New(Config{})
			terr := s.classify(&chain{parent: tc.parent, ctx: tc.ctx}, context.DeadlineExceeded, u, &hopTrace{stage: stageWait})
			if terr.Phase != tc.phase || !strings.Contains(terr.Message, tc.want) {
				t.Errorf("classify = %+v; want %q with %q", terr, tc.phase, tc.want)
			}
		})
	}
}
