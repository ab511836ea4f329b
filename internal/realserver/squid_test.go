package realserver_test

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/doctor"
	"github.com/authdoctor/authdoctor/probe"
)

// squidAuthHelper is Debian's Basic auth helper for htpasswd files.
const squidAuthHelper = "/usr/lib/squid/basic_ncsa_auth"

// squidConf is a complete standalone squid.conf for a forward proxy that
// wants Basic proxy credentials, as corporate proxies do. No cache_dir
// (memory only, nothing cached), every file in run (writable by the user
// Squid drops to), no ICP/HTCP/pinger, no wait on shutdown. The rules:
// without valid proxy credentials 407; to the host name localhost 403
// (a destination the proxy blocks); everything else allowed.
func squidConf(dir, run string, port int, effectiveUser string) string {
	drop := ""
	if effectiveUser != "" {
		drop = "cache_effective_user " + effectiveUser + "\n"
	}
	return fmt.Sprintf(`http_port 127.0.0.1:%[3]d
visible_hostname authdoctor-test
%[4]spid_filename %[2]s/squid.pid
cache_log %[2]s/cache.log
access_log stdio:%[2]s/access.log
cache_store_log none
netdb_filename none
coredump_dir %[2]s
cache_mem 8 MB
cache deny all
shutdown_lifetime 0 seconds
pinger_enable off
icp_port 0
htcp_port 0

auth_param basic program %[5]s %[1]s/passwd
auth_param basic children 2 startup=1 idle=1
auth_param basic realm authdoctor test proxy

acl blocked dstdomain localhost
acl authenticated proxy_auth REQUIRED
http_access deny !authenticated
http_access deny blocked
http_access allow authenticated
http_access deny all
`, dir, run, port, drop, squidAuthHelper)
}

// squidUser is who Squid runs as when the tests run as root: it refuses
// to stay root and drops to cache_effective_user. Debian's squid package
// uses proxy; nobody is the fallback.
func squidUser(t *testing.T) (name string, uid, gid int) {
	t.Helper()
	if os.Geteuid() != 0 {
		return "", -1, -1
	}
	for _, n := range []string{"proxy", "nobody"} {
		u, err := user.Lookup(n)
		if err != nil {
			continue
		}
		uid, err1 := strconv.Atoi(u.Uid)
		gid, err2 := strconv.Atoi(u.Gid)
		if err1 == nil && err2 == nil {
			return n, uid, gid
		}
	}
	t.Fatal("running as root, and neither user proxy nor nobody exists for Squid to drop to")
	return "", -1, -1
}

// startSquid starts squid in the foreground (-N: no daemon, no SMP
// workers) and returns its host:port.
func startSquid(t *testing.T, proxyUser, proxyPassword string) string {
	t.Helper()
	bin := requireBinary(t, "squid", "/usr/sbin/squid")
	if _, err := os.Stat(squidAuthHelper); err != nil {
		missing(t, "squid's "+squidAuthHelper)
	}
	dir := serverDir(t)
	writeFile(t, dir, "passwd", htpasswdBcrypt(t, proxyUser, proxyPassword)+"\n", 0o644)
	run := filepath.Join(dir, "run")
	if err := os.Mkdir(run, 0o755); err != nil {
		t.Fatalf("create squid's run directory: %v", err)
	}
	effective, uid, gid := squidUser(t)
	if effective != "" {
		if err := os.Chown(run, uid, gid); err != nil {
			t.Fatalf("give squid's run directory to %s: %v", effective, err)
		}
	}
	ports := startServer(t, "squid", bin, 1, func(ports []int) ([]string, string) {
		conf := writeFile(t, dir, "squid.conf", squidConf(dir, run, ports[0], effective), 0o644)
		return []string{"-N", "-f", conf}, filepath.Join(run, "cache.log")
	})
	return "127.0.0.1:" + strconv.Itoa(ports[0])
}

func TestSquid(t *testing.T) {
	t.Parallel()
	const proxyUser = "frank"
	proxyPassword := rand.Text()
	token := rand.Text()
	be := newBackend(t, token, rand.Text())
	addr := startSquid(t, proxyUser, proxyPassword)
	origin := be.url
	// localhost is what the proxy blocks; Squid refuses it by name before
	// resolving it, so the origin's real address does not matter.
	blocked := strings.Replace(be.url, "127.0.0.1", "localhost", 1)

	via := func(u *url.Userinfo) doctor.Config {
		return doctor.Config{Probe: probe.Config{Proxy: &url.URL{Scheme: "http", User: u, Host: addr}}}
	}
	// HTTP_PROXY=http://frank:…@127.0.0.1:port, as a user sets it.
	authed := via(url.UserPassword(proxyUser, proxyPassword))
	noProxyCredential := via(nil)
	wrongPassword := via(url.UserPassword(proxyUser, "not-"+proxyPassword))
	wrongUser := via(url.UserPassword("not-"+proxyUser, proxyPassword))

	runCases(t, []realCase{
		{
			name: "proxy/no-proxy-credential",
			req:  get(origin+"/v1/me", field("Authorization", "Bearer "+token)),
			cfg:  noProxyCredential,
			want: want{cause: authdoctor.CauseProxyAuthRequired, confidence: authdoctor.Confirmed, verdictFinding: "proxy.auth-required"},
		},
		{
			// Squid answers a wrong proxy password with 407 again.
			name: "proxy/wrong-proxy-password",
			req:  get(origin+"/v1/me", field("Authorization", "Bearer "+token)),
			cfg:  wrongPassword,
			want: want{cause: authdoctor.CauseProxyAuthRequired, confidence: authdoctor.Confirmed, verdictFinding: "proxy.auth-required"},
		},
		{
			name: "proxy/wrong-proxy-user",
			req:  get(origin+"/v1/me", field("Authorization", "Bearer "+token)),
			cfg:  wrongUser,
			want: want{cause: authdoctor.CauseProxyAuthRequired, confidence: authdoctor.Confirmed, verdictFinding: "proxy.auth-required"},
		},
		{
			// No credential for the API either: the proxy is the first
			// thing in the way, and the API never saw the request.
			name: "proxy/no-credential-at-all",
			req:  get(origin + "/v1/me"),
			cfg:  noProxyCredential,
			want: want{cause: authdoctor.CauseProxyAuthRequired, confidence: authdoctor.Confirmed, verdictFinding: "proxy.auth-required"},
		},
		{
			name: "proxy/right-proxy-credential",
			req:  get(origin+"/v1/me", field("Authorization", "Bearer "+token)),
			cfg:  authed,
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			// Through the proxy the origin's own refusal is what counts.
			name: "origin/wrong-token",
			req:  get(origin+"/v1/me", field("Authorization", "Bearer not-"+token)),
			cfg:  authed,
			want: want{cause: authdoctor.CauseTokenRejected, verdictFinding: "token.rejected"},
		},
		{
			name: "origin/expired-jwt",
			req:  get(origin+"/v1/me", field("Authorization", "Bearer "+expiredJWT(t))),
			cfg:  authed,
			want: want{cause: authdoctor.CauseTokenExpired, confidence: authdoctor.Confirmed, verdictFinding: "token.expired"},
		},
		{
			name: "origin/no-credential",
			req:  get(origin + "/v1/me"),
			cfg:  authed,
			want: want{cause: authdoctor.CauseCredentialMissing, verdictFinding: "request.no-credential"},
		},
		{
			// Squid's ERR_ACCESS_DENIED page for a destination its rules
			// block, with and without the API credential alike: the proxy's
			// policy, not the API's.
			name: "proxy/blocked-destination",
			req:  get(blocked+"/v1/me", field("Authorization", "Bearer "+token)),
			cfg:  authed,
			want: want{cause: authdoctor.CauseNetworkPolicy},
		},
	})

	// The proxy password lives in the proxy URL, outside the request's
	// Secret fields: it must not show in anything the run returns.
	t.Run("no-leak/proxy-password", func(t *testing.T) {
		t.Parallel()
		res := diagnose(t, get(origin+"/v1/me", field("Authorization", "Bearer "+token)), authed)
		js, err := json.Marshal(res)
		if err != nil {
			t.Fatalf("encode the result: %v", err)
		}
		for what, text := range map[string]string{"report": describe(res), "JSON": string(js), "%+v": fmt.Sprintf("%+v", res)} {
			if strings.Contains(text, proxyPassword) {
				t.Errorf("the proxy password appears in clear in the result's %s", what)
			}
		}
	})
}
