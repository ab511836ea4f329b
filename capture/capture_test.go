package capture

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/authdoctor/authdoctor/source"
	"github.com/authdoctor/authdoctor/source/har"
)

// seen is what the fake upstream received.
type seen struct {
	Method, Path, Query, Host string
	Header                    http.Header
	Body                      string
}

// TestForward sends requests of every method through capture and asserts
// the upstream got them as the application sent them (path joined to the
// upstream's base path, the upstream's Host, no X-Forwarded-*) and the
// application got the upstream's answer.
func TestForward(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		method, path, body string
		header             map[string]string
	}{
		"get with query":    {method: "GET", path: "/v1/orders?limit=2&sort=desc", header: map[string]string{"Accept": "application/json"}},
		"head":              {method: "HEAD", path: "/v1/orders"},
		"options":           {method: "OPTIONS", path: "/v1/orders"},
		"post json":         {method: "POST", path: "/v1/orders", body: `{"item":"book","qty":2}`, header: map[string]string{"Content-Type": "application/json"}},
		"put":               {method: "PUT", path: "/v1/orders/7", body: "qty=3", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}},
		"patch":             {method: "PATCH", path: "/v1/orders/7", body: `{"qty":4}`},
		"delete":            {method: "DELETE", path: "/v1/orders/7"},
		"custom headers":    {method: "GET", path: "/v1/me", header: map[string]string{"X-Request-Id": "r-1", "X-Api-Version": "2024-01-01", "X-Forwarded-For": "10.9.9.9"}},
		"credential sent":   {method: "GET", path: "/v1/me", header: map[string]string{"Authorization": "Bearer " + canary}},
		"escaped path":      {method: "GET", path: "/v1/files/a%2Fb?q=x%20y"},
		"empty body put":    {method: "PUT", path: "/v1/flags/on"},
		"trailing slash ok": {method: "GET", path: "/v1/"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := make(chan seen, 1)
			up := upstream(t, func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				got <- seen{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery, Host: r.Host, Header: r.Header.Clone(), Body: string(b)}
				w.Header().Set("X-Upstream", "yes")
				w.WriteHeader(http.StatusCreated)
				if r.Method != "HEAD" {
					_, _ = w.Write([]byte("answer to " + r.Method))
				}
			})
			u, _ := url.Parse(up.URL + "/base")
			p, col := startProxy(t, "", Config{Upstream: u})
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			req, err := http.NewRequest(tc.method, "http://"+p.Addr()+tc.path, body)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			resp, err := client(t).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			rb, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated || resp.Header.Get("X-Upstream") != "yes" {
				t.Errorf("application got %d, X-Upstream %q", resp.StatusCode, resp.Header.Get("X-Upstream"))
			}
			if tc.method != "HEAD" && string(rb) != "answer to "+tc.method {
				t.Errorf("application got body %q", rb)
			}
			s := <-got
			wantPath, wantQuery, _ := strings.Cut(tc.path, "?")
			want := seen{Method: tc.method, Path: "/base" + wantPath, Query: wantQuery, Host: strings.TrimPrefix(up.URL, "http://"), Body: tc.body}
			if diff := cmp.Diff(want, s, cmp.FilterPath(func(p cmp.Path) bool { return p.String() == "Header" }, cmp.Ignore())); diff != "" {
				t.Errorf("upstream received (-want +got):\n%s", diff)
			}
			for k, v := range tc.header {
				if k == "X-Forwarded-For" {
					continue
				}
				if s.Header.Get(k) != v {
					t.Errorf("upstream got %s %q, want %q", k, s.Header.Get(k), v)
				}
			}
			for _, k := range []string{"X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded"} {
				if v := s.Header.Get(k); v != "" {
					t.Errorf("upstream got %s: %q; capture adds and forwards none", k, v)
				}
			}
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}
			recs := col.all()
			if len(recs) != 1 {
				t.Fatalf("got %d records, want 1", len(recs))
			}
			r := recs[0]
			if r.Exchange.Method != tc.method || r.Exchange.Status != http.StatusCreated || r.Diagnosis != nil || r.Error != "" {
				t.Errorf("record: %s %d diagnosis %v error %q", r.Exchange.Method, r.Exchange.Status, r.Diagnosis, r.Error)
			}
			if want := up.URL + "/base" + wantPath; !strings.HasPrefix(r.Entry.Request.URL, want) {
				t.Errorf("HAR URL %q, want the upstream's %q", r.Entry.Request.URL, want)
			}
			if r.Entry.Request.BodySize != int64(len(tc.body)) {
				t.Errorf("HAR request bodySize %d, want %d", r.Entry.Request.BodySize, len(tc.body))
			}
		})
	}
}

// TestStreamResponse passes a 20 MB response through: the upstream sends
// the first megabyte and waits until the application has read from it, so
// a proxy that buffered the body whole would never finish. The kept
// buffers stay within MaxBody.
func TestStreamResponse(t *testing.T) {
	t.Parallel()
	const size, first = 20 << 20, 1 << 20
	read := make(chan struct{})
	sum := sha256.New()
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		chunk := bytes.Repeat([]byte("0123456789abcdef"), 4096) // 64 KiB
		written := 0
		for written < size {
			n, err := w.Write(chunk)
			if err != nil {
				return
			}
			written += n
			if written == first {
				w.(http.Flusher).Flush()
				select {
				case <-read:
				case <-r.Context().Done():
					return
				}
			}
		}
	})
	for i := 0; i < size/(64<<10); i++ {
		sum.Write(bytes.Repeat([]byte("0123456789abcdef"), 4096))
	}
	var mu sync.Mutex
	var caps []int
	p, col := startProxy(t, up.URL, Config{MaxBody: 32 << 10, inspect: func(x *exchange) {
		mu.Lock()
		caps = append(caps, x.respBody.capacity(), x.reqBody.capacity())
		mu.Unlock()
	}})
	resp, err := client(t).Get("http://" + p.Addr() + "/big")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	one := make([]byte, 1)
	if _, err := io.ReadFull(resp.Body, one); err != nil {
		t.Fatal(err)
	}
	close(read)
	h := sha256.New()
	h.Write(one)
	n, err := io.Copy(h, resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if n+1 != size || !bytes.Equal(h.Sum(nil), sum.Sum(nil)) {
		t.Fatalf("application got %d bytes (want %d) or a different body", n+1, size)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	rec := col.all()[0]
	if len(rec.Exchange.Body) > 32<<10 || !rec.Exchange.BodyTruncated {
		t.Errorf("kept %d bytes of the response (truncated %v), want at most %d", len(rec.Exchange.Body), rec.Exchange.BodyTruncated, 32<<10)
	}
	if rec.Entry.Response.BodySize != size {
		t.Errorf("HAR response bodySize %d, want %d", rec.Entry.Response.BodySize, size)
	}
	for _, c := range caps {
		if c > 32<<10 {
			t.Errorf("a kept buffer grew to %d bytes, beyond MaxBody", c)
		}
	}
}

// TestStreamRequest uploads 20 MB through capture: the application sends
// the first megabyte and waits until the upstream has read from it.
func TestStreamRequest(t *testing.T) {
	t.Parallel()
	const size, first = 20 << 20, 1 << 20
	started := make(chan struct{})
	got := make(chan [2]any, 1)
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		one := make([]byte, 1)
		if _, err := io.ReadFull(r.Body, one); err != nil {
			got <- [2]any{0, err}
			return
		}
		close(started)
		n, err := io.Copy(io.Discard, r.Body)
		got <- [2]any{int(n) + 1, err}
		w.WriteHeader(http.StatusNoContent)
	})
	var mu sync.Mutex
	var caps []int
	p, col := startProxy(t, up.URL, Config{MaxBody: 16 << 10, inspect: func(x *exchange) {
		mu.Lock()
		caps = append(caps, x.reqBody.capacity())
		mu.Unlock()
	}})
	pr, pw := io.Pipe()
	go func() {
		chunk := bytes.Repeat([]byte("abcdefgh"), 8192) // 64 KiB, no digits: nothing to scrub
		for written := 0; written < size; written += len(chunk) {
			if written == first {
				<-started
			}
			if _, err := pw.Write(chunk); err != nil {
				return
			}
		}
		pw.Close()
	}()
	req, _ := http.NewRequest("POST", "http://"+p.Addr()+"/upload", pr)
	req.ContentLength = size
	resp, err := client(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	r := <-got
	if r[0].(int) != size || r[1] != nil {
		t.Fatalf("upstream got %v bytes, error %v; want %d", r[0], r[1], size)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	rec := col.all()[0]
	if rec.Entry.Request.BodySize != size {
		t.Errorf("HAR request bodySize %d, want %d", rec.Entry.Request.BodySize, size)
	}
	if pd := rec.Entry.Request.PostData; pd == nil || len(pd.Text) > 16<<10 || !strings.Contains(pd.Comment, "truncated") {
		t.Errorf("HAR postData kept more than MaxBody or is not marked truncated")
	}
	for _, c := range caps {
		if c > 16<<10 {
			t.Errorf("the kept request buffer grew to %d bytes, beyond MaxBody", c)
		}
	}
}

// TestDiagnosis runs the checks on refused exchanges as they pass.
func TestDiagnosis(t *testing.T) {
	t.Parallel()
	expired, valid := expiredJWT(), validJWT()
	cases := map[string]struct {
		auth    string
		handler http.HandlerFunc
		cause   authdoctor.Cause
		status  int
	}{
		"expired jwt": {
			auth:    "Bearer " + expired,
			handler: refuse(401, `Bearer realm="api", error="invalid_token", error_description="The access token expired"`, `{"error":"invalid_token"}`),
			cause:   authdoctor.CauseTokenExpired, status: 401,
		},
		"double scheme": {
			auth:    "Bearer Bearer " + valid,
			handler: refuse(401, `Bearer realm="api", error="invalid_token"`, `{"error":"invalid_token"}`),
			cause:   authdoctor.CauseHeaderMalformed, status: 401,
		},
		"insufficient scope": {
			auth:    "Bearer " + valid,
			handler: refuse(403, `Bearer realm="api", error="insufficient_scope", scope="orders:write"`, `{"error":"insufficient_scope"}`),
			cause:   authdoctor.CauseInsufficientScope, status: 403,
		},
		"accepted has no diagnosis": {
			auth:    "Bearer " + valid,
			handler: refuse(200, "", `{"orders":[]}`),
			status:  200,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			up := upstream(t, tc.handler)
			p, col := startProxy(t, up.URL, Config{})
			req, _ := http.NewRequest("GET", "http://"+p.Addr()+"/v1/orders", nil)
			req.Header.Set("Authorization", tc.auth)
			resp, err := client(t).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("application got %d, want %d", resp.StatusCode, tc.status)
			}
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}
			rec := col.all()[0]
			if tc.cause == "" {
				if rec.Diagnosis != nil {
					t.Fatalf("a %d got a diagnosis: %v", tc.status, rec.Diagnosis.Verdict)
				}
				return
			}
			if rec.Diagnosis == nil {
				t.Fatal("no diagnosis")
			}
			if got := rec.Diagnosis.Verdict.Cause; got != tc.cause {
				t.Errorf("cause %s, want %s (%s)", got, tc.cause, rec.Diagnosis.Verdict.Summary)
			}
			minimal := false
			for _, it := range rec.Diagnosis.Checklist {
				if it.ID == diagnose.ItemMinimal {
					minimal = it.Status == authdoctor.NotChecked && strings.Contains(it.Detail, "no baseline")
				}
			}
			if !minimal {
				t.Errorf("the checklist does not say that no baseline was sent")
			}
			b, _ := json.Marshal(rec.Diagnosis)
			if bytes.Contains(b, []byte(strings.TrimPrefix(strings.TrimPrefix(tc.auth, "Bearer "), "Bearer "))) {
				t.Errorf("the diagnosis holds the token in clear")
			}
		})
	}
}

// TestHARCanary sends a canary credential every way an application can,
// against an upstream that echoes it back everywhere, and asserts the
// HAR file capture writes (read back with har.Read) and every record
// hold it nowhere in clear.
func TestHARCanary(t *testing.T) {
	t.Parallel()
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var b strings.Builder
		for k, vs := range r.Header {
			for _, v := range vs {
				b.WriteString(k + ": " + v + "\n")
			}
		}
		w.Header().Set("X-Echo", r.Header.Get("Authorization")+r.Header.Get("X-Api-Key"))
		w.Header().Set("Location", "/next?access_token="+canary)
		http.SetCookie(w, &http.Cookie{Name: "s", Value: canary})
		w.Header().Set("WWW-Authenticate", `Bearer realm="echo", error="invalid_token", error_description="token `+canary+` is not valid"`)
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, "you sent %s\nquery %s\nbody %s\n", b.String(), r.URL.RawQuery, body)
	})
	p, col := startProxy(t, up.URL, Config{})
	c := client(t)
	type send struct {
		method, path, body, ctype string
		header                    map[string]string
	}
	for _, s := range []send{
		{method: "GET", path: "/a", header: map[string]string{"Authorization": "Bearer " + canary}},
		{method: "GET", path: "/b", header: map[string]string{"Authorization": "Bearer Bearer " + canary}},
		{method: "GET", path: "/c", header: map[string]string{"X-API-Key": canary}},
		{method: "GET", path: "/d", header: map[string]string{"Cookie": "session=" + canary}},
		{method: "GET", path: "/e?access_token=" + canary},
		{method: "POST", path: "/f", body: `{"password":"` + canary + `"}`, ctype: "application/json"},
		{method: "POST", path: "/g", body: "grant_type=client_credentials&client_secret=" + canary, ctype: "application/x-www-form-urlencoded"},
		{method: "GET", path: "/h", header: map[string]string{"Authorization": "Basic " + base64Std("svc:"+canary)}},
	} {
		var body io.Reader
		if s.body != "" {
			body = strings.NewReader(s.body)
		}
		req, _ := http.NewRequest(s.method, "http://"+p.Addr()+s.path, body)
		for k, v := range s.header {
			req.Header.Set(k, v)
		}
		if s.ctype != "" {
			req.Header.Set("Content-Type", s.ctype)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := har.Write(&buf, p.HAR()); err != nil {
		t.Fatal(err)
	}
	l, err := har.Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("har.Read of what capture wrote: %v", err)
	}
	if len(l.Entries) != 8 {
		t.Errorf("HAR has %d entries, want 8", len(l.Entries))
	}
	for _, leak := range []string{canary, base64Std("svc:" + canary)} {
		if bytes.Contains(buf.Bytes(), []byte(leak)) {
			t.Errorf("the HAR file contains a credential in clear")
		}
	}
	for i, r := range col.all() {
		b, _ := json.Marshal(struct {
			E har.Entry
			D *authdoctor.Diagnosis
			X authdoctor.Exchange
		}{r.Entry, r.Diagnosis, r.Exchange})
		s := string(b) + fmt.Sprintf("%+v %#v %s", r, r, r.Error)
		for _, f := range r.Exchange.RequestHeader {
			s += f.Value.Reveal()
		}
		s += string(r.Exchange.Body)
		if strings.Contains(s, canary) {
			t.Errorf("record %d contains the canary", i)
		}
		if r.Diagnosis == nil {
			t.Errorf("record %d (401) has no diagnosis", i)
		}
	}
}

func base64Std(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// TestBodyToken is an application that posts its token in a form body:
// the HAR entry's Spec still shows where the credential went (body
// access_token), without the value.
func TestBodyToken(t *testing.T) {
	t.Parallel()
	up := upstream(t, refuse(401, "", `{"error":"invalid_token","error_description":"The access token is invalid"}`))
	p, col := startProxy(t, up.URL, Config{})
	form := url.Values{"access_token": {canary}, "order": {"7"}}
	resp, err := client(t).PostForm("http://"+p.Addr()+"/v1/orders", form)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if len(col.all()) != 1 {
		t.Fatal("no record")
	}
	l := p.HAR()
	spec := l.Entries[0].Spec(1, "capture.har")
	if strings.Contains(spec.Request.Body.Reveal(), canary) {
		t.Fatal("the HAR body holds the token in clear")
	}
	header := source.Spec{Request: authdoctor.Request{Method: "POST", URL: spec.Request.URL,
		Header: []authdoctor.Field{{Name: "Authorization", Value: authdoctor.NewSecret("Bearer x")}}}}
	d := diagnose.Diff(spec, header)
	var placement *authdoctor.DiffLine
	for i := range d.Auth {
		if d.Auth[i].Field == "credential placement" {
			placement = &d.Auth[i]
		}
	}
	if placement == nil || placement.A != "body access_token" {
		t.Fatalf("credential placement = %+v, want body access_token", placement)
	}
}

// TestUpstreamDown: the application gets a 502 and the record says why.
func TestUpstreamDown(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	p, col := startProxy(t, "http://"+addr, Config{})
	req, _ := http.NewRequest("GET", "http://"+p.Addr()+"/v1/me?access_token="+canary, nil)
	resp, err := client(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadGateway {
		t.Errorf("application got %d, want 502", resp.StatusCode)
	}
	p.Close()
	r := col.all()[0]
	if r.Exchange.Status != 0 || !strings.Contains(r.Error, "could not connect") || r.Diagnosis != nil {
		t.Errorf("record: status %d, error %q, diagnosis %v", r.Exchange.Status, r.Error, r.Diagnosis)
	}
	if strings.Contains(r.Error+r.Entry.Comment+r.Entry.Request.URL, canary) {
		t.Error("the record of a failed exchange holds the token")
	}
}

// TestStartErrors: bad upstreams and a busy port are errors, named
// without the URL's credentials.
func TestStartErrors(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { busy.Close() })
	ok, _ := url.Parse("http://127.0.0.1:1")
	cases := map[string]struct {
		cfg  Config
		want string
	}{
		"no upstream": {Config{}, "no upstream"},
		"ftp":         {Config{Upstream: &url.URL{Scheme: "ftp", Host: "x"}}, "not an http"},
		"no host":     {Config{Upstream: &url.URL{Scheme: "https"}}, "not an http"},
		"userinfo":    {Config{Upstream: &url.URL{Scheme: "https", Host: "127.0.0.1", User: url.UserPassword("u", canary)}}, "user:password"},
		"busy port":   {Config{Upstream: ok, Listen: busy.Addr().String()}, "listen"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, err := Start(context.Background(), tc.cfg)
			if err == nil {
				p.Close()
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), canary) {
				t.Errorf("error %q, want it to mention %q and no credential", err, tc.want)
			}
		})
	}
}

// TestLoopback tells loopback listen addresses from the others without
// resolving names.
func TestLoopback(t *testing.T) {
	t.Parallel()
	cases := map[string]bool{
		"127.0.0.1:8080": true, "127.1.2.3:0": true, "localhost:8080": true, "[::1]:8080": true,
		"LOCALHOST:1": true, "[fe80::1%lo0]:1": false,
		":8080": false, "0.0.0.0:8080": false, "[::]:8080": false, "192.0.2.1:80": false,
		"api.example.com:80": false, "": false, "127.0.0.1": true, "garbage": false,
	}
	for addr, want := range cases {
		t.Run(addr, func(t *testing.T) {
			t.Parallel()
			if got := Loopback(addr); got != want {
				t.Errorf("Loopback(%q) = %v, want %v", addr, got, want)
			}
		})
	}
}

// TestHAROrderAndBound: HAR keeps arrival order and at most MaxEntries.
func TestHAROrderAndBound(t *testing.T) {
	t.Parallel()
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	p, _ := startProxy(t, up.URL, Config{MaxEntries: 4})
	c := client(t)
	for i := range 10 {
		resp, err := c.Get(fmt.Sprintf("http://%s/n/%d", p.Addr(), i))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	p.Close()
	l := p.HAR()
	var got []string
	for _, e := range l.Entries {
		got = append(got, e.Request.URL[strings.LastIndex(e.Request.URL, "/")+1:])
	}
	if diff := cmp.Diff([]string{"6", "7", "8", "9"}, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if !strings.Contains(l.Comment, "6 earlier entries were dropped") {
		t.Errorf("log comment %q does not count the dropped entries", l.Comment)
	}
}

// TestKeep: the kept buffer never grows beyond its bound.
func TestKeep(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		max    int
		writes []int
	}{
		"small writes":  {max: 1000, writes: []int{1, 7, 300, 300, 300, 300, 5}},
		"one big write": {max: 64 << 10, writes: []int{20 << 20}},
		"exact":         {max: 512, writes: []int{512}},
		"zero":          {max: 0, writes: []int{10}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			k := newKeep(tc.max)
			total := 0
			for _, n := range tc.writes {
				if w, err := k.Write(make([]byte, n)); w != n || err != nil {
					t.Fatalf("Write(%d) = %d, %v", n, w, err)
				}
				total += n
				if k.capacity() > tc.max {
					t.Fatalf("capacity %d > max %d", k.capacity(), tc.max)
				}
			}
			b, n, cut := k.snapshot()
			if n != int64(total) || len(b) != min(total, tc.max) || cut != (total > tc.max) {
				t.Errorf("snapshot: %d bytes kept, %d seen, cut %v", len(b), n, cut)
			}
		})
	}
}

// TestCloseIdempotent: Close twice is fine, and a closed proxy no longer
// accepts connections.
func TestCloseIdempotent(t *testing.T) {
	t.Parallel()
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) {})
	p, _ := startProxy(t, up.URL, Config{})
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := client(t).Get("http://" + p.Addr() + "/"); err == nil {
		t.Error("a closed proxy still answers")
	}
}

// TestMemo: an identical exchange in the same second reuses the
// diagnosis; a change in any input or a new second runs the checks again.
func TestMemo(t *testing.T) {
	t.Parallel()
	base := authdoctor.Exchange{Method: "GET", URL: "https://api.example.com/v1", Sent: t0, Status: 401,
		RequestHeader: []authdoctor.Field{{Name: "Authorization", Value: authdoctor.NewSecret("Bearer " + canary)}},
		Header:        http.Header{"Www-Authenticate": {`Bearer error="invalid_token"`}}, Body: []byte(`{"error":"x"}`)}
	other := func(f func(*authdoctor.Exchange)) authdoctor.Exchange {
		x := base
		f(&x)
		return x
	}
	cases := map[string]struct {
		x    authdoctor.Exchange
		body string
		runs int
	}{
		"identical":         {x: base, runs: 0},
		"later same second": {x: other(func(x *authdoctor.Exchange) { x.Sent = t0.Add(900 * time.Millisecond) }), runs: 0},
		"next second":       {x: other(func(x *authdoctor.Exchange) { x.Sent = t0.Add(time.Second) }), runs: 1},
		"other token": {x: other(func(x *authdoctor.Exchange) {
			x.RequestHeader = []authdoctor.Field{{Name: "Authorization", Value: authdoctor.NewSecret("Bearer other-" + canary)}}
		}), runs: 1},
		"other status": {x: other(func(x *authdoctor.Exchange) { x.Status = 403 }), runs: 1},
		"other body":   {x: other(func(x *authdoctor.Exchange) { x.Body = []byte(`{"error":"y"}`) }), runs: 1},
		"other header": {x: other(func(x *authdoctor.Exchange) { x.Header = http.Header{"Www-Authenticate": {"Basic"}} }), runs: 1},
		"request body": {x: base, body: "a=b", runs: 1},
		"other path":   {x: other(func(x *authdoctor.Exchange) { x.URL += "/x" }), runs: 1},
		"other method": {x: other(func(x *authdoctor.Exchange) { x.Method = "HEAD" }), runs: 1},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var m memo
			runs := 0
			run := func() authdoctor.Diagnosis {
				runs++
				return authdoctor.Diagnosis{Verdict: authdoctor.Verdict{Summary: strconv.Itoa(runs)}}
			}
			m.diagnosis(base, nil, run)
			runs = 0
			m.diagnosis(tc.x, []byte(tc.body), run)
			if runs != tc.runs {
				t.Errorf("the checks ran %d times, want %d", runs, tc.runs)
			}
		})
	}
}
