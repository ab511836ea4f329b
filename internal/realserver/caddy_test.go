package realserver_test

import (
	"crypto/rand"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor"
)

// caddyfile is a complete standalone Caddyfile: no admin endpoint (it
// would listen on localhost:2019 for every test), no automatic HTTPS,
// storage inside dir, HTTP/1 and HTTP/2 only (HTTP/3 would also take the
// UDP port). Routes:
//
//	/internal/  `respond 403` outside 10.0.0.0/8, the allow-list snippet
//	            of Caddy's remote_ip documentation, with an empty body
//	/staff/     the same with the body "Access denied"
//	/basic/     basicauth with Caddy's own bcrypt hash
//	/strip/     reverse_proxy to the backend with header_up -Authorization
//	/           reverse_proxy to the backend as it is
func caddyfile(dir string, port int, user, hash, backendAddr string) string {
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
	@outside not remote_ip 10.0.0.0/8

	handle /internal/* {
		respond @outside 403
		respond "ok" 200
	}
	handle /staff/* {
		respond @outside "Access denied" 403
		respond "ok" 200
	}
	handle /basic/* {
		basicauth {
			%[3]s %[4]s
		}
		header Content-Type application/json
		respond `+"`"+`{"ok":true}`+"`"+` 200
	}
	handle /strip/* {
		reverse_proxy %[5]s {
			header_up -Authorization
		}
	}
	handle {
		reverse_proxy %[5]s
	}
}
`, dir, port, user, hash, backendAddr)
}

// caddyHash is the bcrypt hash `caddy hash-password` prints for password
// (Caddy's default cost, 14: about a second of CPU per check).
func caddyHash(t *testing.T, bin, password string) string {
	t.Helper()
	hash := strings.TrimSpace(hashTool(t, bin, password, "hash-password"))
	if !strings.HasPrefix(hash, "$2") {
		t.Fatal("caddy hash-password printed no bcrypt hash")
	}
	return hash
}

// startCaddy starts caddy with caddyfile and returns its base URL.
func startCaddy(t *testing.T, user, password, backendAddr string) string {
	t.Helper()
	bin := requireBinary(t, "caddy", "/usr/bin/caddy")
	dir := serverDir(t)
	hash := caddyHash(t, bin, password)
	// Caddy finds its config and data directories from these variables
	// (the autosave of the loaded config goes there); the envfile sets
	// them before the config is loaded, so nothing lands in the test's
	// working directory.
	env := writeFile(t, dir, "caddy.env", fmt.Sprintf("HOME=%[1]s/home\nXDG_CONFIG_HOME=%[1]s/config\nXDG_DATA_HOME=%[1]s/data\n", dir), 0o644)
	ports := startServer(t, "caddy", bin, 1, func(ports []int) ([]string, string) {
		conf := writeFile(t, dir, "Caddyfile", caddyfile(dir, ports[0], user, hash, backendAddr), 0o644)
		// Caddy logs to stderr, which startServer keeps; there is no
		// error log file.
		return []string{"run", "--envfile", env, "--config", conf, "--adapter", "caddyfile"}, filepath.Join(dir, "no-error-log")
	})
	return "http://127.0.0.1:" + strconv.Itoa(ports[0])
}

func TestCaddy(t *testing.T) {
	t.Parallel()
	const user = "carol"
	password := rand.Text()
	token := rand.Text()
	be := newBackend(t, token, rand.Text())
	base := startCaddy(t, user, password, strings.TrimPrefix(be.url, "http://"))

	runCases(t, []realCase{
		{
			name: "basic/right-password",
			req:  get(base+"/basic/ok", field("Authorization", basic(user, password))),
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			// Caddy answers a wrong password with the same Basic challenge
			// it sends to no credential: it checked and refused.
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
			// A token sent to a route that only offers Basic: the 401
			// challenges Basic and is the same as without a credential.
			name: "basic/bearer-to-basic",
			req:  get(base+"/basic/ok", field("Authorization", "Bearer "+token)),
			want: want{cause: authdoctor.CauseSchemeMismatch, verdictFinding: "header.scheme-mismatch"},
		},
		{
			// respond 403 outside the allow list: the same empty 403 with
			// and without a credential, no challenge.
			name: "gate/remote-ip-empty-403",
			req:  get(base+"/internal/ok", field("Authorization", "Bearer "+token)),
			want: want{cause: authdoctor.CauseNetworkPolicy},
		},
		{
			// The same rule with the body most Caddyfiles give it. "Access
			// denied" alone does not make it a permission problem: the
			// refusal is the same without a credential, before any
			// authentication.
			name: "gate/remote-ip-access-denied",
			req:  get(base+"/staff/ok", field("Authorization", "Bearer "+token)),
			want: want{cause: authdoctor.CauseNetworkPolicy},
		},
		{
			name: "proxy/header-up-strips-authorization",
			req:  get(base+"/strip/v1/me", field("Authorization", "Bearer "+token)),
			want: want{cause: authdoctor.CauseCredentialNotReceived, confidence: authdoctor.Likely, verdictFinding: "delivery.not-received"},
			after: func(t *testing.T) {
				got := be.arrivals("/strip/")
				if len(got) == 0 {
					t.Fatal("no request under /strip/ reached the backend")
				}
				for _, a := range got {
					if a.authorization {
						t.Errorf("the backend received Authorization under %s; header_up -Authorization should have removed it", a.path)
					}
				}
			},
		},
		{
			name: "proxy/pass-through",
			req:  get(base+"/v1/me", field("Authorization", "Bearer "+token)),
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			name: "proxy/wrong-token",
			req:  get(base+"/v1/me", field("Authorization", "Bearer not-"+token)),
			want: want{cause: authdoctor.CauseTokenRejected, verdictFinding: "token.rejected"},
		},
		{
			name: "proxy/expired-jwt",
			req:  get(base+"/v1/me", field("Authorization", "Bearer "+expiredJWT(t))),
			want: want{cause: authdoctor.CauseTokenExpired, confidence: authdoctor.Confirmed, verdictFinding: "token.expired"},
		},
	})
}
