package realserver_test

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/doctor"
	"github.com/authdoctor/authdoctor/probe"
)

// nginxConf is a complete standalone nginx.conf: no include of the
// system's sites, every path inside dir. Port 0 of ports is the API
// server, port 1 the old address that redirects to it under another host
// name. Locations:
//
//	/basic/    auth_basic against a {PLAIN} htpasswd
//	/limited/  limit_req at 1 r/min (429, Retry-After) in front of auth_basic
//	/busy/     a plain 429 with Retry-After, as a rate limiter answers
//	/denied/   deny 127.0.0.1 in front of auth_basic
//	/strip/    proxy to the backend that blanks Authorization
//	/          proxy to the backend as it is (api_key dropped: underscores)
func nginxConf(dir string, ports []int, backendAddr string) string {
	return fmt.Sprintf(`worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 64; }
http {
    access_log %[1]s/access.log;
    client_body_temp_path %[1]s/tmp/body;
    proxy_temp_path %[1]s/tmp/proxy;
    fastcgi_temp_path %[1]s/tmp/fastcgi;
    uwsgi_temp_path %[1]s/tmp/uwsgi;
    scgi_temp_path %[1]s/tmp/scgi;
    default_type text/plain;
    limit_req_zone $binary_remote_addr zone=perip:1m rate=1r/m;

    server {
        listen 127.0.0.1:%[2]d;
        root %[1]s/www;

        location /basic/ {
            auth_basic "nginx basic";
            auth_basic_user_file %[1]s/htpasswd;
        }
        location /limited/ {
            limit_req zone=perip nodelay;
            limit_req_status 429;
            add_header Retry-After 60 always;
            auth_basic "nginx basic";
            auth_basic_user_file %[1]s/htpasswd;
        }
        location /busy/ {
            add_header Retry-After 30 always;
            default_type application/json;
            return 429 '{"error":"too many requests"}\n';
        }
        location /denied/ {
            deny 127.0.0.1;
            auth_basic "nginx basic";
            auth_basic_user_file %[1]s/htpasswd;
        }
        location /strip/ {
            proxy_set_header Authorization "";
            proxy_pass http://%[4]s;
        }
        location / {
            proxy_pass http://%[4]s;
        }
    }

    server {
        listen 127.0.0.1:%[3]d;
        location / {
            return 301 http://localhost:%[2]d$request_uri;
        }
    }
}
`, dir, ports[0], ports[1], backendAddr)
}

// startNginx starts nginx with nginxConf and returns its two ports.
func startNginx(t *testing.T, user, password, backendAddr string) (api, old int) {
	t.Helper()
	bin := requireBinary(t, "nginx", "/usr/sbin/nginx")
	dir := serverDir(t)
	writeFile(t, dir, "htpasswd", user+":{PLAIN}"+password+"\n", 0o644)
	for _, loc := range []string{"basic", "limited", "denied"} {
		writeFile(t, dir, filepath.Join("www", loc, "ok.txt"), "ok\n", 0o644)
	}
	writeFile(t, dir, "tmp/.keep", "", 0o644)
	ports := startServer(t, "nginx", bin, 2, func(ports []int) ([]string, string) {
		conf := writeFile(t, dir, "nginx.conf", nginxConf(dir, ports, backendAddr), 0o644)
		errLog := filepath.Join(dir, "error.log")
		return []string{"-c", conf, "-p", dir + "/", "-e", errLog, "-g", "daemon off;"}, errLog
	})
	return ports[0], ports[1]
}

func TestNginx(t *testing.T) {
	t.Parallel()
	const user = "alice"
	password := rand.Text()
	token := rand.Text()
	apiKey := rand.Text()
	be := newBackend(t, token, apiKey)
	api, old := startNginx(t, user, password, strings.TrimPrefix(be.url, "http://"))
	base := "http://127.0.0.1:" + strconv.Itoa(api)
	oldBase := "http://127.0.0.1:" + strconv.Itoa(old)
	// localhost:api is dialled at 127.0.0.1 without a name lookup: nginx
	// listens on IPv4 only, and the tests resolve no names.
	viaLocalhost := doctor.Config{Probe: probe.Config{Resolve: map[string]string{
		"localhost:" + strconv.Itoa(api): "127.0.0.1:" + strconv.Itoa(api),
	}}}
	// What `echo alice:pw | base64` gives: echo's newline is encoded too.
	echoed := "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password+"\n"))

	noneArrived := func(prefix string, authorization bool) func(t *testing.T) {
		return func(t *testing.T) {
			t.Helper()
			got := be.arrivals(prefix)
			if len(got) == 0 {
				t.Fatalf("no request under %s reached the backend", prefix)
			}
			for _, a := range got {
				if authorization && a.authorization || !authorization && a.apiKey {
					t.Errorf("the backend received the credential under %s; nginx should have dropped it", a.path)
				}
			}
		}
	}

	runCases(t, []realCase{
		{
			name: "basic/right-password",
			req:  get(base+"/basic/ok.txt", field("Authorization", basic(user, password))),
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			name: "basic/wrong-password",
			req:  get(base+"/basic/ok.txt", field("Authorization", basic(user, "not-"+password))),
			want: want{cause: authdoctor.CauseCredentialsRejected, confidence: authdoctor.Likely, verdictFinding: "credential.rejected"},
		},
		{
			name: "basic/no-credential",
			req:  get(base + "/basic/ok.txt"),
			want: want{cause: authdoctor.CauseCredentialMissing, verdictFinding: "request.no-credential"},
		},
		{
			name: "basic/echo-newline",
			req:  get(base+"/basic/ok.txt", field("Authorization", echoed)),
			want: want{cause: authdoctor.CauseCredentialMalformed, confidence: authdoctor.Confirmed, verdictFinding: "credential.basic-malformed"},
		},
		{
			name:  "proxy/strips-authorization",
			req:   get(base+"/strip/v1/me", field("Authorization", "Bearer "+token)),
			want:  want{cause: authdoctor.CauseCredentialNotReceived, confidence: authdoctor.Likely, verdictFinding: "delivery.not-received"},
			after: noneArrived("/strip/", true),
		},
		{
			name: "proxy/pass-through",
			req:  get(base+"/pass/v1/me", field("Authorization", "Bearer "+token)),
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
			after: func(t *testing.T) {
				for _, a := range be.arrivals("/pass/") {
					if a.authorization {
						return
					}
				}
				t.Error("no request under /pass/ reached the backend with its Authorization header")
			},
		},
		{
			name: "proxy/expired-jwt",
			req:  get(base+"/v1/me", field("Authorization", "Bearer "+expiredJWT(t))),
			want: want{cause: authdoctor.CauseTokenExpired, confidence: authdoctor.Confirmed, verdictFinding: "token.expired"},
		},
		{
			name:  "proxy/underscore-header-dropped",
			req:   get(base+"/keyed/v1/me", field("api_key", apiKey)),
			want:  want{cause: authdoctor.CauseHeaderMalformed, confidence: authdoctor.Likely, verdictFinding: "header.name", findings: []string{"header.name", "delivery.not-received"}},
			after: noneArrived("/keyed/", false),
		},
		{
			name: "proxy/redirect-to-other-host",
			req:  get(oldBase+"/v1/me", field("Authorization", "Bearer "+token)),
			cfg:  viaLocalhost,
			want: want{cause: authdoctor.CauseAuthDroppedOnRedirect, confidence: authdoctor.Confirmed, verdictFinding: "redirect.auth-dropped"},
		},
		{
			name: "gate/limit-req",
			req:  get(base+"/limited/ok.txt", field("Authorization", basic(user, password))),
			want: want{cause: authdoctor.CauseRateLimited, confidence: authdoctor.Confirmed, verdictFinding: "gate.rate-limited"},
		},
		{
			name: "gate/429-retry-after",
			req:  get(base+"/busy/v1/me", field("Authorization", basic(user, password))),
			want: want{cause: authdoctor.CauseRateLimited, confidence: authdoctor.Confirmed, verdictFinding: "gate.rate-limited"},
		},
		{
			name: "gate/deny-ip",
			req:  get(base+"/denied/ok.txt", field("Authorization", basic(user, password))),
			want: want{cause: authdoctor.CauseNetworkPolicy},
		},
	})
}
