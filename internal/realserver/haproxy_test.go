package realserver_test

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor"
)

// haproxyRateLimit is how many requests to /limited/ one address may make
// in haproxyRateWindow before HAProxy answers 429.
const (
	haproxyRateLimit  = 5
	haproxyRateWindow = "60s"
)

// haproxyConf is a complete standalone haproxy.cfg, one frontend in front
// of the backend. The rules run in order, as in most HAProxy configs:
//
//	/internal/  denied (403) outside 10.0.0.0/8, before any authentication
//	/limited/   a stick table counts requests per address; above
//	            haproxyRateLimit it answers 429, then wants Basic auth
//	/basic/     Basic auth against the userlist, answered by HAProxy
//	/admin/     Basic auth, then 403 unless the user is in group admins
//	/strip/     Authorization deleted on the way to the backend
//	/           the backend as it is
func haproxyConf(port int, users, backendAddr string) string {
	return fmt.Sprintf(`global
    maxconn 64

defaults
    mode http
    timeout connect 5s
    timeout client 15s
    timeout server 15s

userlist api_users
    group admins
%[2]s
frontend api
    bind 127.0.0.1:%[1]d
    stick-table type ip size 1k expire %[5]s store http_req_rate(%[5]s)
    acl internal_net src 10.0.0.0/8
    acl authed http_auth(api_users)
    http-request deny if { path_beg /internal/ } !internal_net
    http-request track-sc0 src if { path_beg /limited/ }
    http-request deny deny_status 429 if { path_beg /limited/ } { sc_http_req_rate(0) gt %[4]d }
    http-request auth realm "haproxy api" if { path_beg /basic/ /limited/ /admin/ } !authed
    http-request deny if { path_beg /admin/ } !{ http_auth_group(api_users) admins }
    http-request return status 200 content-type application/json string '{"ok":true}' if { path_beg /basic/ /limited/ /admin/ }
    http-request del-header Authorization if { path_beg /strip/ }
    default_backend api

backend api
    server api1 %[3]s
`, port, users, backendAddr, haproxyRateLimit, haproxyRateWindow)
}

// haproxyUser is one user of the userlist.
type haproxyUser struct {
	name, password string
	admin          bool // in group admins
}

// startHAProxy starts haproxy in the foreground with haproxyConf and
// returns its base URL.
func startHAProxy(t *testing.T, users []haproxyUser, backendAddr string) string {
	t.Helper()
	bin := requireBinary(t, "haproxy", "/usr/sbin/haproxy")
	dir := serverDir(t)
	var list strings.Builder
	for _, u := range users {
		// HAProxy checks "password" with crypt(3), which on Debian
		// (libxcrypt) knows bcrypt.
		fmt.Fprintf(&list, "    user %s password %s", u.name, bcryptHash(t, u.name, u.password))
		if u.admin {
			list.WriteString(" groups admins")
		}
		list.WriteString("\n")
	}
	ports := startServer(t, "haproxy", bin, 1, func(ports []int) ([]string, string) {
		conf := writeFile(t, dir, "haproxy.cfg", haproxyConf(ports[0], list.String(), backendAddr), 0o644)
		// -db: foreground, logs and alerts to stderr, which startServer keeps.
		return []string{"-db", "-f", conf}, filepath.Join(dir, "no-error-log")
	})
	return "http://127.0.0.1:" + strconv.Itoa(ports[0])
}

// exhaustRate sends requests without a credential to url until HAProxy
// answers 429, at most haproxyRateLimit+1 of them: the stick table then
// refuses this address for haproxyRateWindow.
func exhaustRate(t *testing.T, url string) {
	t.Helper()
	client := &http.Client{Timeout: runTimeout}
	for range haproxyRateLimit + 1 {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
		if err != nil {
			t.Fatalf("build request: %v", err)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("use up the rate limit: %v", err)
		}
		res.Body.Close()
		if res.StatusCode == http.StatusTooManyRequests {
			return
		}
	}
	t.Fatalf("HAProxy did not answer 429 after %d requests to %s", haproxyRateLimit+1, url)
}

func TestHAProxy(t *testing.T) {
	t.Parallel()
	const user, admin = "dave", "erin"
	password, adminPassword := rand.Text(), rand.Text()
	token := rand.Text()
	be := newBackend(t, token, rand.Text())
	base := startHAProxy(t, []haproxyUser{{name: user, password: password}, {name: admin, password: adminPassword, admin: true}},
		strings.TrimPrefix(be.url, "http://"))
	// Someone else from this address (a retry loop, a cron job) used up
	// the quota before the user's request.
	exhaustRate(t, base+"/limited/warm-up")

	runCases(t, []realCase{
		{
			name: "basic/right-password",
			req:  get(base+"/basic/ok", field("Authorization", basic(user, password))),
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			// The same Basic challenge and page as without a credential:
			// HAProxy checked the password against the userlist.
			name: "basic/wrong-password",
			req:  get(base+"/basic/ok", field("Authorization", basic(user, "not-"+password))),
			want: want{cause: authdoctor.CauseCredentialsRejected, confidence: authdoctor.Likely, verdictFinding: "credential.rejected"},
		},
		{
			name: "basic/wrong-user",
			req:  get(base+"/basic/ok", field("Authorization", basic("not-"+user, password))),
			want: want{cause: authdoctor.CauseCredentialsRejected, confidence: authdoctor.Likely, verdictFinding: "credential.rejected"},
		},
		{
			name: "basic/no-credential",
			req:  get(base + "/basic/ok"),
			want: want{cause: authdoctor.CauseCredentialMissing, verdictFinding: "request.no-credential"},
		},
		{
			name: "basic/bearer-to-basic",
			req:  get(base+"/basic/ok", field("Authorization", "Bearer "+token)),
			want: want{cause: authdoctor.CauseSchemeMismatch, verdictFinding: "header.scheme-mismatch"},
		},
		{
			// The right password, refused by the stick table before the
			// userlist is consulted.
			name: "gate/stick-table-429",
			req:  get(base+"/limited/ok", field("Authorization", basic(user, password))),
			want: want{cause: authdoctor.CauseRateLimited, confidence: authdoctor.Confirmed, verdictFinding: "gate.rate-limited"},
		},
		{
			// HAProxy's own 403 page ("Request forbidden by administrative
			// rules"), the same with and without a credential, no challenge.
			name: "gate/acl-deny",
			req:  get(base+"/internal/ok", field("Authorization", basic(user, password))),
			want: want{cause: authdoctor.CauseNetworkPolicy},
		},
		{
			// Without a credential the baseline gets the 401 challenge;
			// with dave's it gets 403: known, and not in group admins.
			name: "authz/not-in-group",
			req:  get(base+"/admin/ok", field("Authorization", basic(user, password))),
			want: want{cause: authdoctor.CausePermissionDenied, confidence: authdoctor.Likely, verdictFinding: "authz.forbidden"},
		},
		{
			name: "authz/in-group",
			req:  get(base+"/admin/ok", field("Authorization", basic(admin, adminPassword))),
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			name: "proxy/pass-through",
			req:  get(base+"/v1/me", field("Authorization", "Bearer "+token)),
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			name: "proxy/del-header",
			req:  get(base+"/strip/v1/me", field("Authorization", "Bearer "+token)),
			want: want{cause: authdoctor.CauseCredentialNotReceived, confidence: authdoctor.Likely, verdictFinding: "delivery.not-received"},
			after: func(t *testing.T) {
				got := be.arrivals("/strip/")
				if len(got) == 0 {
					t.Fatal("no request under /strip/ reached the backend")
				}
				for _, a := range got {
					if a.authorization {
						t.Errorf("the backend received Authorization under %s; del-header should have removed it", a.path)
					}
				}
			},
		},
		{
			name: "proxy/wrong-token",
			req:  get(base+"/v1/me", field("Authorization", "Bearer not-"+token)),
			want: want{cause: authdoctor.CauseTokenRejected, verdictFinding: "token.rejected"},
		},
	})
}
