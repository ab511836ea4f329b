package probe

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
)

func TestSendRecordsExchange(t *testing.T) {
	t.Parallel()
	rc := &recorder{}
	srv := startServer(t, rc)
	s := newSender(t, Config{})

	req := get(srv.URL+"/v1/me?page=2",
		field("Authorization", "Bearer one-tok3n-value"),
		field("X-Trace", "abc"),
		field("Authorization", "Bearer two-tok3n-value"))
	p := s.Send(context.Background(), authdoctor.RoleAuthenticated, "as given", req)
	mustOK(t, p)

	if len(p.Hops) != 1 {
		t.Fatalf("hops = %d, want 1", len(p.Hops))
	}
	ex := p.Hops[0]
	if ex.Status != 200 || ex.Proto != "HTTP/1.1" || string(ex.Body) != "ok" || ex.BodyTruncated {
		t.Errorf("exchange = %d %s %q truncated=%v", ex.Status, ex.Proto, ex.Body, ex.BodyTruncated)
	}
	if !ex.Sent.Equal(fixedNow) {
		t.Errorf("Sent = %v, want the test clock", ex.Sent)
	}
	if ex.ServerDate.IsZero() {
		t.Error("ServerDate is zero; httptest sends a Date header")
	}
	if ex.Method != "GET" || ex.URL != srv.URL+"/v1/me?page=2" {
		t.Errorf("recorded %s %s", ex.Method, ex.URL)
	}
	if p.Role != authdoctor.RoleAuthenticated || p.Label != "as given" {
		t.Errorf("role, label = %q, %q", p.Role, p.Label)
	}
	var names []string
	for _, f := range ex.RequestHeader {
		names = append(names, f.Name)
	}
	if diff := cmp.Diff([]string{"Authorization", "X-Trace", "Authorization", "Accept", "User-Agent"}, names); diff != "" {
		t.Errorf("RequestHeader names (-want +got):\n%s", diff)
	}
	got := rc.requests()[0]
	if diff := cmp.Diff([]string{"Bearer one-tok3n-value", "Bearer two-tok3n-value"}, got.Header["Authorization"]); diff != "" {
		t.Errorf("two Authorization lines (-want +got):\n%s", diff)
	}
	if got.Header.Get("Accept") != "*/*" || got.Header.Get("User-Agent") != DefaultUserAgent {
		t.Errorf("defaults: Accept %q, User-Agent %q", got.Header.Get("Accept"), got.Header.Get("User-Agent"))
	}
	if got.Header.Get("Accept-Encoding") != "" {
		t.Errorf("unrecorded Accept-Encoding %q went out", got.Header.Get("Accept-Encoding"))
	}
	if s.Sent() != 1 || s.Remaining() != DefaultMaxRequests-1 {
		t.Errorf("Sent, Remaining = %d, %d", s.Sent(), s.Remaining())
	}
}

func TestSendKeepsUserDefaults(t *testing.T) {
	t.Parallel()
	rc := &recorder{}
	srv := startServer(t, rc)
	s := newSender(t, Config{UserAgent: "custom/1"})
	p := s.Send(context.Background(), authdoctor.RoleBaseline, "", get(srv.URL, field("accept", "application/json"), field("Host", "api.lab.test")))
	mustOK(t, p)
	got := rc.requests()[0]
	if got.Header.Get("Accept") != "application/json" || got.Header.Get("User-Agent") != "custom/1" || got.Host != "api.lab.test" {
		t.Errorf("Accept %q, User-Agent %q, Host %q", got.Header.Get("Accept"), got.Header.Get("User-Agent"), got.Host)
	}
	if n := len(got.Header.Values("Accept")); n != 1 {
		t.Errorf("%d Accept lines, want 1", n)
	}
}

func TestSendBody(t *testing.T) {
	t.Parallel()
	rc := &recorder{}
	srv := startServer(t, rc)
	s := newSender(t, Config{})
	req := authdoctor.Request{Method: "POST", URL: srv.URL + "/token", AllowWrite: true,
		Header: []authdoctor.Field{field("Content-Type", "application/x-www-form-urlencoded")},
		Body:   authdoctor.NewSecret("grant_type=client_credentials")}
	mustOK(t, s.Send(context.Background(), authdoctor.RoleAuthenticated, "", req))
	got := rc.requests()[0]
	if got.Method != "POST" || got.Body != "grant_type=client_credentials" || got.Header.Get("Content-Length") != "29" {
		t.Errorf("server got %s %q Content-Length %q", got.Method, got.Body, got.Header.Get("Content-Length"))
	}

	// An empty body sends no Content-Length on a GET.
	mustOK(t, s.Send(context.Background(), authdoctor.RoleBaseline, "", get(srv.URL)))
	if got := rc.requests()[1]; got.Body != "" || got.Header.Get("Content-Length") != "" {
		t.Errorf("GET carried body %q, Content-Length %q", got.Body, got.Header.Get("Content-Length"))
	}
}

func TestSendRefusesBeforeSending(t *testing.T) {
	t.Parallel()
	rc := &recorder{}
	srv := startServer(t, rc)
	tests := []struct {
		name  string
		req   authdoctor.Request
		phase string
		want  string
	}{
		{"no scheme", get("127.0.0.1/x?token=abcdef123"), authdoctor.PhaseURL, "http:// or https://"},
		{"no host", get("http:///x"), authdoctor.PhaseURL, "no host name"},
		{"unsafe method", authdoctor.Request{Method: "DELETE", URL: srv.URL}, authdoctor.PhaseURL, "--allow-write"},
		{"invalid header", get(srv.URL, field("Authorization", "Bearer abcdef123\n")), authdoctor.PhaseHeader, "line feed (LF) at byte offset 16"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSender(t, Config{})
			p := s.Send(context.Background(), authdoctor.RoleAuthenticated, "", tc.req)
			if p.Err == nil || p.Err.Phase != tc.phase || !strings.Contains(p.Err.Message, tc.want) {
				t.Fatalf("Err = %+v, want phase %q with %q", p.Err, tc.phase, tc.want)
			}
			if strings.Contains(p.Err.Message+p.Err.Hint, "abcdef123") {
				t.Errorf("message leaks: %q", p.Err.Message)
			}
			if len(p.Hops) != 0 || s.Sent() != 0 {
				t.Errorf("hops %d, sent %d; want nothing sent", len(p.Hops), s.Sent())
			}
		})
	}
	if n := len(rc.requests()); n != 0 {
		t.Errorf("server got %d requests", n)
	}
}

func TestSendUserInfoBecomesBasic(t *testing.T) {
	t.Parallel()
	rc := &recorder{}
	srv := startServer(t, rc)
	s := newSender(t, Config{})
	u := strings.Replace(srv.URL, "http://", "http://alice:pa55word@", 1)
	p := s.Send(context.Background(), authdoctor.RoleAuthenticated, "", get(u+"/x"))
	mustOK(t, p)
	if got := rc.requests()[0].Header.Get("Authorization"); got != "Basic YWxpY2U6cGE1NXdvcmQ=" {
		t.Errorf("Authorization = %q", got)
	}
	if strings.Contains(p.Hops[0].URL, "pa55word") || strings.Contains(p.Hops[0].URL, "alice") {
		t.Errorf("URL keeps user info: %q", p.Hops[0].URL)
	}
	if !p.Hops[0].SentCredential() {
		t.Error("RequestHeader lacks the Basic credential")
	}
}

func TestSendHead(t *testing.T) {
	t.Parallel()
	rc := &recorder{}
	srv := startServer(t, rc)
	s := newSender(t, Config{})
	p := s.Send(context.Background(), authdoctor.RoleBaseline, "", authdoctor.Request{Method: "head", URL: srv.URL})
	mustOK(t, p)
	if got := rc.requests()[0].Method; got != "HEAD" {
		t.Errorf("method = %q", got)
	}
	if len(p.Hops[0].Body) != 0 {
		t.Errorf("HEAD body %q", p.Hops[0].Body)
	}
}
