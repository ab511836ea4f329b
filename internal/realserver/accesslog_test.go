package realserver_test

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor/monitor/accesslog"
)

// updateAccessLogs copies the access logs the servers wrote into
// monitor/accesslog/testdata, the fixtures its table test reads without
// the servers: go test ./internal/realserver -run TestAccessLogs
// -update-access-logs.
var updateAccessLogs = flag.Bool("update-access-logs", false, "copy the real servers' access logs into monitor/accesslog/testdata")

// logKey is the fake credential every query string of logRequests
// carries: it must never reach a route.
const logKey = "not-a-real-key-5f0c2a9e"

// logRequest is one request the access-log test sends, and what the
// server config answers it with.
type logRequest struct {
	host, target string
	status       int
	// route is what accesslog's default rule makes of the path.
	route string
}

// logRequests are sent to every server, in this order. The config of
// each server answers /private/ with 401 (Basic auth, no credential
// sent), /admin/ with 403, /v1/ with 200 and anything else from an empty
// document root (404).
var logRequests = []logRequest{
	{"api.example.com", "/v1/orders/17?api_key=" + logKey, 200, "/v1/orders/{id}"},
	{"api.example.com", "/v1/orders/18", 200, "/v1/orders/{id}"},
	{"api.sandbox.example.com", "/v1/orders/550e8400-e29b-41d4-a716-446655440000?page=2&api_key=" + logKey, 200, "/v1/orders/{id}"},
	{"api.example.com", "/private/orders/19?access_token=" + logKey, 401, "/private/orders/{id}"},
	{"api.sandbox.example.com", "/private/orders/20", 401, "/private/orders/{id}"},
	{"api.example.com", "/admin/users/cus_Q1w2E3r4T5?api_key=" + logKey, 403, "/admin/users/{id}"},
	{"api.sandbox.example.com", "/missing.txt?api_key=" + logKey, 404, "/missing.txt"},
}

// badRequestLine is the start of a TLS ClientHello sent to the plain
// port, the usual bad request line of a real log (no space in it: the
// servers escape the control bytes but not a space).
var badRequestLine = []byte("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n")

// accessLog is one log file a server wrote and what reading it must give.
type accessLog struct {
	// name is the fixture's file name under monitor/accesslog/testdata.
	name   string
	path   string
	format accesslog.Format
	// hasHost: the format names the virtual host (else every request is
	// in accesslog.NoHost).
	hasHost bool
	// bad is the bad request line's entry when the server logs it: its
	// environment (the default virtual host's when hasHost).
	bad *logRequest
}

// sendLogRequests sends logRequests to base (and the bad request line to
// addr when bad) and checks each answer's status.
func sendLogRequests(t *testing.T, base string, bad bool) {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	for _, r := range logRequests {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+r.target, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = r.host
		req.Header.Set("User-Agent", "authdoctor-realserver-test")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", r.target, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != r.status {
			t.Fatalf("GET %s (Host %s) = %d, want %d: the server config is not what the test expects", r.target, r.host, resp.StatusCode, r.status)
		}
	}
	if !bad {
		return
	}
	conn, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write(badRequestLine); err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(conn)
	if !strings.HasPrefix(string(answer), "HTTP/1.1 400") {
		t.Fatalf("the bad request line got %.40q, want a 400", answer)
	}
}

// waitLines polls a log file a bounded number of times until it holds n
// lines: the servers write a request's line after its response.
func waitLines(t *testing.T, path string, n int) []byte {
	t.Helper()
	var b []byte
	for range readyTries {
		b, _ = os.ReadFile(path)
		if strings.Count(string(b), "\n") >= n {
			return b
		}
		time.Sleep(readyBackoff)
	}
	t.Fatalf("%s has %d lines after %d tries, want %d:\n%s", path, strings.Count(string(b), "\n"), readyTries, n, b)
	return nil
}

// checkAccessLog reads the log with accesslog.Read, format detected, and
// compares what it counted with what was sent.
func checkAccessLog(t *testing.T, l accessLog) {
	t.Helper()
	n := len(logRequests)
	if l.bad != nil {
		n++
	}
	data := waitLines(t, l.path, n)
	res, err := accesslog.Read(context.Background(), []accesslog.Input{{Name: l.name, R: strings.NewReader(string(data))}}, accesslog.Options{})
	if err != nil {
		t.Fatalf("read %s: %v\n%s", l.name, err, data)
	}
	if res.Formats[0] != l.format {
		t.Errorf("%s: detected %s, want %s", l.name, res.Formats[0], l.format)
	}
	if res.Lines != int64(n) || res.Parsed != int64(n) || res.MalformedLines != 0 {
		t.Errorf("%s: %d lines, %d parsed, %d malformed (%+v); want %d, %d, 0\n%s", l.name, res.Lines, res.Parsed, res.MalformedLines, res.Malformed, n, n, data)
	}
	if d := cmp.Diff(wantLogCounts(l), gotLogCounts(res)); d != "" {
		t.Errorf("%s: counts (-sent +read):\n%s\n%s", l.name, d, data)
	}
	for _, s := range res.Counter.Series() {
		if strings.ContainsAny(s.Route, "?&=") || strings.Contains(s.Route, logKey) {
			t.Errorf("%s: the query string reached route %q", l.name, s.Route)
		}
	}
	if *updateAccessLogs {
		dst := filepath.Join("..", "..", "monitor", "accesslog", "testdata", l.name)
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// logCount is a count per environment and route, for comparing.
type logCount struct {
	Env, Route                        string
	Requests, Unauthorized, Forbidden int64
}

func wantLogCounts(l accessLog) map[string]logCount {
	out := map[string]logCount{}
	reqs := logRequests
	if l.bad != nil {
		reqs = append(append([]logRequest(nil), reqs...), *l.bad)
	}
	envs := &accesslog.Environments{}
	for _, r := range reqs {
		env := accesslog.NoHost
		if l.hasHost {
			env = envs.Of(r.host)
		}
		k := env + " " + r.route
		c := out[k]
		c.Env, c.Route = env, r.route
		c.Requests++
		switch r.status {
		case 401:
			c.Unauthorized++
		case 403:
			c.Forbidden++
		}
		out[k] = c
	}
	return out
}

func gotLogCounts(res *accesslog.Result) map[string]logCount {
	out := map[string]logCount{}
	for _, s := range res.Counter.Series() {
		k := s.Env + " " + s.Route
		c := out[k]
		c.Env, c.Route = s.Env, s.Route
		c.Requests += s.Requests
		c.Unauthorized += s.Unauthorized
		c.Forbidden += s.Forbidden
		out[k] = c
	}
	return out
}

// The bad request line's entry: no method, no path ("-"), a 400; the
// host is the default server's.
var badLogged = &logRequest{host: "api.example.com", status: 400, route: "-"}

// nginxLogConf is a standalone nginx.conf writing two access logs: the
// predefined combined format and a JSON format with escape=json, the
// shape nginx's documentation gives for log_format escape=json.
func nginxLogConf(dir string, port int) string {
	return fmt.Sprintf(`worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 64; }
http {
    log_format authjson escape=json '{"time":"$time_iso8601","remote_addr":"$remote_addr",'
        '"host":"$host","request":"$request","status":$status,'
        '"body_bytes_sent":$body_bytes_sent,"http_user_agent":"$http_user_agent"}';
    access_log %[1]s/combined.log combined;
    access_log %[1]s/json.log authjson;
    client_body_temp_path %[1]s/tmp/body;
    proxy_temp_path %[1]s/tmp/proxy;
    fastcgi_temp_path %[1]s/tmp/fastcgi;
    uwsgi_temp_path %[1]s/tmp/uwsgi;
    scgi_temp_path %[1]s/tmp/scgi;
    default_type text/plain;

    server {
        listen 127.0.0.1:%[2]d;
        server_name api.example.com api.sandbox.example.com;
        root %[1]s/www;
        location /private/ {
            auth_basic "private";
            auth_basic_user_file %[1]s/htpasswd;
        }
        location /admin/ {
            return 403;
        }
        location /v1/ {
            return 200 "ok\n";
        }
    }
}
`, dir, port)
}

// apacheLogConf is a standalone httpd.conf with two name-based virtual
// hosts and Debian's combined and vhost_combined LogFormats (from its
// apache2.conf), each to its own file.
func apacheLogConf(dir string, port int) string {
	user := ""
	if os.Geteuid() == 0 {
		user = "User nobody\nGroup nogroup\n"
	}
	mods := ""
	for _, m := range []string{"mpm_prefork", "unixd", "authz_core", "authn_core", "authn_file", "auth_basic", "authz_user", "alias", "log_config", "logio"} {
		mods += fmt.Sprintf("<IfModule !%[1]s_module>\n    LoadModule %[1]s_module %[2]s/mod_%[1]s.so\n</IfModule>\n", m, apacheModules)
	}
	return fmt.Sprintf(`ServerRoot "%[1]s"
DefaultRuntimeDir "%[1]s"
PidFile "%[1]s/httpd.pid"
Mutex file:%[1]s default
%[3]s%[4]sServerName api.example.com
Listen 127.0.0.1:%[2]d
StartServers 1
MinSpareServers 1
MaxSpareServers 3
ErrorLog "%[1]s/error.log"
LogLevel warn
LogFormat "%%v:%%p %%h %%l %%u %%t \"%%r\" %%>s %%O \"%%{Referer}i\" \"%%{User-Agent}i\"" vhost_combined
LogFormat "%%h %%l %%u %%t \"%%r\" %%>s %%O \"%%{Referer}i\" \"%%{User-Agent}i\"" combined
CustomLog "%[1]s/combined.log" combined
CustomLog "%[1]s/vhost_combined.log" vhost_combined
DocumentRoot "%[1]s/htdocs"

<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "%[1]s/htdocs">
    Require all granted
</Directory>
<Location /private/>
    AuthType Basic
    AuthName "private"
    AuthBasicProvider file
    AuthUserFile "%[1]s/htpasswd"
    Require valid-user
</Location>
<Location /admin/>
    Require all denied
</Location>
AliasMatch "^/v1/" "%[1]s/htdocs/ok.txt"

<VirtualHost 127.0.0.1:%[2]d>
    ServerName api.example.com
</VirtualHost>
<VirtualHost 127.0.0.1:%[2]d>
    ServerName api.sandbox.example.com
</VirtualHost>
`, dir, port, mods, user)
}

// caddyLogfile is a standalone Caddyfile whose site writes Caddy's JSON
// access log to a file.
func caddyLogfile(dir string, port int, user, hash string) string {
	return fmt.Sprintf(`{
	admin off
	auto_https off
	storage file_system {
		root %[1]s/data
	}
	servers {
		protocols h1 h2
	}
}

http://:%[2]d {
	bind 127.0.0.1
	log {
		output file %[1]s/access.log
		format json
	}
	handle /private/* {
		basicauth {
			%[3]s %[4]s
		}
		respond "ok" 200
	}
	handle /admin/* {
		respond 403
	}
	handle /v1/* {
		respond "ok" 200
	}
	handle {
		root * %[1]s/www
		file_server
	}
}
`, dir, port, user, hash)
}

// TestAccessLogs starts nginx, Apache and Caddy with access logs in
// their usual formats, sends each the same requests, and checks that
// accesslog reads the logs they wrote: the format detected, every line
// parsed, the exact requests, 401s and 403s per environment and route,
// and no query string in any route.
func TestAccessLogs(t *testing.T) {
	t.Parallel()
	password := rand.Text()

	t.Run("nginx", func(t *testing.T) {
		t.Parallel()
		bin := requireBinary(t, "nginx", "/usr/sbin/nginx")
		dir := serverDir(t)
		writeFile(t, dir, "htpasswd", "dave:{PLAIN}"+password+"\n", 0o644)
		writeFile(t, dir, "www/.keep", "", 0o644)
		writeFile(t, dir, "tmp/.keep", "", 0o644)
		ports := startServer(t, "nginx", bin, 1, func(ports []int) ([]string, string) {
			conf := writeFile(t, dir, "nginx.conf", nginxLogConf(dir, ports[0]), 0o644)
			errLog := filepath.Join(dir, "error.log")
			return []string{"-c", conf, "-p", dir + "/", "-e", errLog, "-g", "daemon off;"}, errLog
		})
		sendLogRequests(t, "http://127.0.0.1:"+strconv.Itoa(ports[0]), true)
		checkAccessLog(t, accessLog{name: "nginx-combined.log", path: filepath.Join(dir, "combined.log"), format: accesslog.Combined, bad: badLogged})
		checkAccessLog(t, accessLog{name: "nginx-json.log", path: filepath.Join(dir, "json.log"), format: accesslog.JSON, hasHost: true, bad: badLogged})
	})

	t.Run("apache", func(t *testing.T) {
		t.Parallel()
		bin := requireBinary(t, "apache2", "/usr/sbin/apache2", "/usr/sbin/httpd")
		if _, err := os.Stat(filepath.Join(apacheModules, "mod_alias.so")); err != nil {
			missing(t, "the apache2 modules are not in "+apacheModules)
		}
		dir := serverDir(t)
		writeFile(t, dir, "htpasswd", htpasswdSHA("dave", password), 0o644)
		writeFile(t, dir, "htdocs/ok.txt", "ok\n", 0o644)
		ports := startServer(t, "apache2", bin, 1, func(ports []int) ([]string, string) {
			conf := writeFile(t, dir, "httpd.conf", apacheLogConf(dir, ports[0]), 0o644)
			return []string{"-d", dir, "-f", conf, "-DFOREGROUND"}, filepath.Join(dir, "error.log")
		})
		sendLogRequests(t, "http://127.0.0.1:"+strconv.Itoa(ports[0]), true)
		checkAccessLog(t, accessLog{name: "apache-combined.log", path: filepath.Join(dir, "combined.log"), format: accesslog.Combined, bad: badLogged})
		checkAccessLog(t, accessLog{name: "apache-vhost_combined.log", path: filepath.Join(dir, "vhost_combined.log"), format: accesslog.VhostCombined, hasHost: true, bad: badLogged})
	})

	t.Run("caddy", func(t *testing.T) {
		t.Parallel()
		bin := requireBinary(t, "caddy", "/usr/bin/caddy")
		dir := serverDir(t)
		hash := caddyHash(t, bin, password)
		writeFile(t, dir, "www/.keep", "", 0o644)
		env := writeFile(t, dir, "caddy.env", fmt.Sprintf("HOME=%[1]s/home\nXDG_CONFIG_HOME=%[1]s/config\nXDG_DATA_HOME=%[1]s/data\n", dir), 0o644)
		ports := startServer(t, "caddy", bin, 1, func(ports []int) ([]string, string) {
			conf := writeFile(t, dir, "Caddyfile", caddyLogfile(dir, ports[0], "dave", hash), 0o644)
			return []string{"run", "--envfile", env, "--config", conf, "--adapter", "caddyfile"}, filepath.Join(dir, "no-error-log")
		})
		// Go's HTTP server answers a bad request line itself, before any
		// handler: Caddy does not log it.
		sendLogRequests(t, "http://127.0.0.1:"+strconv.Itoa(ports[0]), false)
		checkAccessLog(t, accessLog{name: "caddy.json.log", path: filepath.Join(dir, "access.log"), format: accesslog.JSON, hasHost: true})
	})
}
