package realserver_test

import (
	"crypto/md5"
	"crypto/rand"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

// lighttpdRealm is the realm of every protected location; an htdigest
// line is bound to its realm, for Basic as for Digest.
const lighttpdRealm = "lighttpd authdoctor"

// lighttpdConf is a complete standalone lighttpd.conf: only the modules it
// needs, every path inside dir. Locations:
//
//	/basic/    mod_auth Basic against the htdigest file
//	/digest/   mod_auth Digest (MD5, qop=auth) against the same file
//	/strip/    mod_proxy to the backend, Authorization removed by mod_setenv
//	/api/      mod_proxy to the backend as it is
func lighttpdConf(dir string, port int, backendPort string) string {
	user := ""
	if os.Geteuid() == 0 {
		// lighttpd binds as root, then drops to this user.
		user = "server.username = \"nobody\"\nserver.groupname = \"nogroup\"\n"
	}
	return fmt.Sprintf(`server.modules = ("mod_auth", "mod_authn_file", "mod_setenv", "mod_proxy")
server.document-root = "%[1]s/htdocs"
server.bind = "127.0.0.1"
server.port = %[2]d
server.errorlog = "%[1]s/error.log"
%[4]smimetype.assign = (".txt" => "text/plain")

auth.backend = "htdigest"
auth.backend.htdigest.userfile = "%[1]s/htdigest"
auth.require = (
    "/basic/"  => ("method" => "basic",  "realm" => "%[5]s", "require" => "valid-user"),
    "/digest/" => ("method" => "digest", "realm" => "%[5]s", "require" => "valid-user"),
)

$HTTP["url"] =~ "^/strip/" {
    setenv.set-request-header = ("Authorization" => "")
    proxy.server = ("" => (("host" => "127.0.0.1", "port" => %[3]s)))
}
$HTTP["url"] =~ "^/api/" {
    proxy.server = ("" => (("host" => "127.0.0.1", "port" => %[3]s)))
}
`, dir, port, backendPort, user, lighttpdRealm)
}

// htdigestLine is a line of an htdigest file (Apache's format, which
// lighttpd reads): user:realm:MD5(user:realm:password) in hex.
func htdigestLine(user, realm, password string) string {
	return fmt.Sprintf("%s:%s:%x\n", user, realm, md5.Sum([]byte(user+":"+realm+":"+password)))
}

// startLighttpd starts lighttpd with lighttpdConf and returns its base URL.
func startLighttpd(t *testing.T, user, password, backendURL string) string {
	t.Helper()
	bin := requireBinary(t, "lighttpd", "/usr/sbin/lighttpd")
	dir := serverDir(t)
	writeFile(t, dir, "htdigest", htdigestLine(user, lighttpdRealm, password), 0o644)
	writeFile(t, dir, "htdocs/basic/ok.txt", "ok\n", 0o644)
	writeFile(t, dir, "htdocs/digest/ok.txt", "ok\n", 0o644)
	// lighttpd opens its error log after dropping to nobody.
	writeFile(t, dir, "error.log", "", 0o666)
	backendPort := backendURL[strings.LastIndexByte(backendURL, ':')+1:]
	ports := startServer(t, "lighttpd", bin, 1, func(ports []int) ([]string, string) {
		conf := writeFile(t, dir, "lighttpd.conf", lighttpdConf(dir, ports[0], backendPort), 0o644)
		return []string{"-D", "-f", conf}, dir + "/error.log"
	})
	return "http://127.0.0.1:" + strconv.Itoa(ports[0])
}

// digestAuthorization answers the Digest challenge that url gets with
// user's password, as curl --digest does (RFC 7616 §3.4, MD5, qop=auth):
// the test asks for a fresh nonce, then builds the header authdoctor is
// given, as a user would paste it from curl -v.
func digestAuthorization(t *testing.T, url, user, password string) string {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	req, err := http.NewRequestWithContext(t.Context(), "GET", url, nil)
	if err != nil {
		t.Fatalf("digest challenge: %v", err)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("digest challenge: %v", err)
	}
	resp.Body.Close()
	params := map[string]string{}
	for _, ch := range resp.Header.Values("WWW-Authenticate") {
		scheme, rest, _ := strings.Cut(ch, " ")
		if !strings.EqualFold(scheme, "Digest") {
			continue
		}
		for p := range strings.SplitSeq(rest, ",") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			params[strings.ToLower(k)] = strings.Trim(v, `"`)
		}
	}
	if resp.StatusCode != http.StatusUnauthorized || params["nonce"] == "" {
		t.Fatalf("digest challenge: %s answered %d with %q, want 401 and a Digest nonce", url, resp.StatusCode, resp.Header.Values("WWW-Authenticate"))
	}
	h := func(s string) string { return fmt.Sprintf("%x", md5.Sum([]byte(s))) }
	uri := req.URL.RequestURI()
	cnonce := strings.ToLower(rand.Text()[:16])
	const nc = "00000001"
	ha1 := h(user + ":" + params["realm"] + ":" + password)
	ha2 := h("GET:" + uri)
	response := h(ha1 + ":" + params["nonce"] + ":" + nc + ":" + cnonce + ":auth:" + ha2)
	return fmt.Sprintf(`Digest username="%s", realm="%s", nonce="%s", uri="%s", algorithm=MD5, qop=auth, nc=%s, cnonce="%s", response="%s"`,
		user, params["realm"], params["nonce"], uri, nc, cnonce, response)
}

// TestLighttpd runs lighttpd's mod_auth (Basic and Digest from one
// htdigest file) and mod_proxy in front of the bearer backend.
func TestLighttpd(t *testing.T) {
	t.Parallel()
	const user = "carol"
	password := rand.Text()
	token := rand.Text()
	be := newBackend(t, token, rand.Text())
	base := startLighttpd(t, user, password, be.url)
	basicURL := base + "/basic/ok.txt"
	digestURL := base + "/digest/ok.txt"

	runCases(t, []realCase{
		{
			name: "basic/right-password",
			req:  get(basicURL, field("Authorization", basic(user, password))),
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			name: "basic/no-credential",
			req:  get(basicURL),
			want: want{cause: authdoctor.CauseCredentialMissing, verdictFinding: "request.no-credential"},
		},
		{
			name: "basic/wrong-password",
			req:  get(basicURL, field("Authorization", basic(user, "not-"+password))),
			want: want{cause: authdoctor.CauseCredentialsRejected, confidence: authdoctor.Likely, verdictFinding: "credential.rejected"},
		},
		{
			// 401 WWW-Authenticate: Basic realm=…, exactly as to no
			// credential: the location knows only Basic.
			name: "basic/bearer-token",
			req:  get(basicURL, field("Authorization", "Bearer "+token)),
			want: want{cause: authdoctor.CauseSchemeMismatch},
		},
		{
			name: "digest/right-password",
			req:  get(digestURL, field("Authorization", digestAuthorization(t, digestURL, user, password))),
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			name: "digest/no-credential",
			req:  get(digestURL),
			want: want{cause: authdoctor.CauseCredentialMissing, verdictFinding: "request.no-credential"},
		},
		{
			name: "digest/wrong-password",
			req:  get(digestURL, field("Authorization", digestAuthorization(t, digestURL, user, "not-"+password))),
			want: want{cause: authdoctor.CauseCredentialsRejected, confidence: authdoctor.Likely, verdictFinding: "credential.rejected"},
		},
		{
			// The right password, as Basic, to a location that wants
			// Digest: lighttpd answers with a Digest challenge.
			name: "digest/basic-sent",
			req:  get(digestURL, field("Authorization", basic(user, password))),
			want: want{cause: authdoctor.CauseSchemeMismatch},
		},
		{
			name: "proxy/pass-through",
			req:  get(base+"/api/v1/me", field("Authorization", "Bearer "+token)),
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			name: "proxy/setenv-removes-authorization",
			req:  get(base+"/strip/v1/me", field("Authorization", "Bearer "+token)),
			want: want{cause: authdoctor.CauseCredentialNotReceived, confidence: authdoctor.Likely, verdictFinding: "delivery.not-received"},
			after: func(t *testing.T) {
				for _, a := range be.arrivals("/strip/") {
					if a.authorization {
						t.Errorf("the backend received Authorization under %s; mod_setenv should have removed it", a.path)
					}
				}
			},
		},
		{
			name: "proxy/expired-jwt",
			req:  get(base+"/api/v1/me", field("Authorization", "Bearer "+expiredJWT(t))),
			want: want{cause: authdoctor.CauseTokenExpired, confidence: authdoctor.Confirmed, verdictFinding: "token.expired"},
		},
	})
}
