package accesslog

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// entry is an Entry with strings, for comparing.
type entry struct {
	Time               int64
	Host, Method, Path string
	Status             int
}

func asEntry(e Entry) entry {
	return entry{Time: e.Time, Host: string(e.Host), Method: string(e.Method), Path: string(e.Path), Status: e.Status}
}

// 2026-12-04T10:00:00Z
const t0 = 1796378400

func TestParse(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		format Format
		line   string
		want   entry
		ok     bool
	}{
		{"combined", Combined, `203.0.113.7 - - [04/Dec/2026:10:00:00 +0000] "GET /v1/orders/17?api_key=sk_live_x HTTP/1.1" 401 52 "-" "curl/8.5.0"`,
			entry{t0, "", "GET", "/v1/orders/17", 401}, true},
		{"combined offset", Combined, `203.0.113.7 - frank [04/Dec/2026:11:30:00 +0130] "POST /v1/charges HTTP/2.0" 201 10 "https://x/" "ua"`,
			entry{t0, "", "POST", "/v1/charges", 201}, true},
		{"common", Common, `::1 - - [04/Dec/2026:10:00:00 +0000] "HEAD / HTTP/1.0" 200 -`,
			entry{t0, "", "HEAD", "/", 200}, true},
		{"no request line", Combined, `192.0.2.1 - - [04/Dec/2026:10:00:00 +0000] "\x16\x03\x01" 400 157 "-" "-"`,
			entry{t0, "", "-", "-", 400}, true},
		{"escaped quote in path", Combined, `192.0.2.1 - - [04/Dec/2026:10:00:00 +0000] "GET /a\"b HTTP/1.1" 404 1 "-" "x"`,
			entry{t0, "", "GET", `/a\"b`, 404}, true},
		{"absolute target", Combined, `192.0.2.1 - - [04/Dec/2026:10:00:00 +0000] "GET https://api.sandbox.example.com:8443/v1/me?x=1 HTTP/1.1" 403 1 "-" "x"`,
			entry{t0, "api.sandbox.example.com", "GET", "/v1/me", 403}, true},
		{"target without a path", Combined, `192.0.2.1 - - [04/Dec/2026:10:00:00 +0000] "GET orders?api_key=sk_live_x#top HTTP/1.1" 400 1 "-" "x"`,
			entry{t0, "", "GET", "orders", 400}, true},
		{"vhost", VhostCombined, `api.example.com:443 203.0.113.7 - - [04/Dec/2026:10:00:00 +0000] "GET /v1/orders HTTP/1.1" 200 512 "-" "ua"`,
			entry{t0, "api.example.com", "GET", "/v1/orders", 200}, true},
		{"vhost is not combined", Combined, `api.example.com:443 203.0.113.7 - - [04/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "ua"`,
			entry{}, false},
		{"combined is not vhost", VhostCombined, `203.0.113.7 - - [04/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "ua"`,
			entry{}, false},
		{"bad time", Combined, `203.0.113.7 - - [04/Dek/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "ua"`, entry{}, false},
		{"bad status", Combined, `203.0.113.7 - - [04/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 2x0 1 "-" "ua"`, entry{}, false},
		{"traefik", Traefik, `192.0.2.1 - - [04/Dec/2026:10:00:00 +0000] "GET /v1/orders HTTP/1.1" 401 12 "-" "ua" 17 "orders@docker" "http://10.0.0.5:8080" 3ms`,
			entry{t0, "", "GET", "/v1/orders", 401}, true},
		{"nginx json", JSON, `{"time_iso8601":"2026-12-04T11:00:00+01:00","host":"api.staging.example.com","request":"GET /v1/orders?token=x HTTP/1.1","status":"401"}`,
			entry{t0, "api.staging.example.com", "GET", "/v1/orders", 401}, true},
		{"nginx json escaped", JSON, `{"time_local":"04/Dec/2026:10:00:00 +0000","http_host":"a.example.com","request_method":"GET","request_uri":"/x\/y\u0041?q","status":200}`,
			entry{t0, "a.example.com", "GET", "/x/yA", 200}, true},
		{"caddy", JSON, `{"level":"info","ts":1796378400.123,"logger":"http.log.access","msg":"handled request","request":{"remote_ip":"127.0.0.1","proto":"HTTP/1.1","method":"GET","host":"localhost:8443","uri":"/v1/orders/42?x=1","headers":{"Authorization":["REDACTED"]}},"status":403,"size":9}`,
			entry{t0, "localhost", "GET", "/v1/orders/42", 403}, true},
		{"traefik json", JSON, `{"RequestHost":"api.example.com","RequestMethod":"DELETE","RequestPath":"/v1/orders/9","DownstreamStatus":204,"StartUTC":"2026-12-04T10:00:00.5Z"}`,
			entry{t0, "api.example.com", "DELETE", "/v1/orders/9", 204}, true},
		{"nginx json bad request line", JSON, `{"host":"api.example.com","request":"\u0016\u0003\u0001\u0000¥\u0001","status":400}`,
			entry{0, "api.example.com", "-", "-", 400}, true},
		{"json url without method", JSON, `{"url":"https://api.example.com/v1/me?x=1","status":401}`,
			entry{0, "api.example.com", "-", "/v1/me", 401}, true},
		{"json without status", JSON, `{"msg":"starting","level":"info"}`, entry{}, false},
		{"json broken", JSON, `{"status":200,"path":"/x"`, entry{}, false},
		{"json millis", JSON, `{"status":200,"path":"/x","ts":1796378400123}`, entry{t0, "", "-", "/x", 200}, true},
		{"alb", ALB, `https 2026-12-04T10:00:00.186641Z app/my-lb/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 401 401 0 57 "GET https://api.example.com:443/v1/orders?key=1 HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:1:targetgroup/t/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "api.example.com" "arn:cert" 0 2026-12-04T10:00:00.100000Z "forward" "-" "-" "10.0.0.1:80" "401" "-" "-"`,
			entry{t0, "api.example.com", "GET", "/v1/orders", 401}, true},
		{"classic elb", ALB, `2026-12-04T10:00:00.000000Z my-elb 192.0.2.1:1 10.0.0.1:80 0.1 0.2 0.3 200 200 0 5 "GET http://www.example.com:80/ HTTP/1.1" "ua" - -`,
			entry{t0, "www.example.com", "GET", "/", 200}, true},
		{"empty", Combined, ``, entry{}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var e Entry
			ok := NewParser(tc.format, nil).Parse([]byte(tc.line), &e)
			if ok != tc.ok {
				t.Fatalf("Parse = %v, want %v (entry %+v)", ok, tc.ok, asEntry(e))
			}
			if !ok {
				return
			}
			if d := cmp.Diff(tc.want, asEntry(e)); d != "" {
				t.Errorf("entry (-want +got):\n%s", d)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	t.Parallel()
	lines := func(ls ...string) [][]byte {
		var out [][]byte
		for _, l := range ls {
			out = append(out, []byte(l))
		}
		return out
	}
	comb := `203.0.113.7 - - [04/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "ua"`
	vh := `api.example.com:443 ` + comb
	tr := `192.0.2.1 - - [04/Dec/2026:10:00:00 +0000] "GET /v1/orders HTTP/1.1" 401 12 "-" "ua" 17 "orders@docker" "http://10.0.0.5:8080" 3ms`
	js := `{"status":200,"request_uri":"/"}`
	cases := []struct {
		name  string
		lines [][]byte
		want  Format
	}{
		{"combined", lines(comb, comb, "garbage"), Combined},
		{"vhost", lines(vh, vh), VhostCombined},
		{"traefik", lines(tr, tr), Traefik},
		{"json", lines(js, js, ""), JSON},
		{"common", lines(`::1 - - [04/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 -`), Combined},
	}
	for _, tc := range cases {
		got, err := Detect(tc.lines)
		if err != nil || got != tc.want {
			t.Errorf("%s: Detect = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
	if _, err := Detect(lines("hello", "world")); err == nil {
		t.Error("Detect of prose: no error")
	}
	if _, err := Detect(nil); err == nil {
		t.Error("Detect of nothing: no error")
	}
}
