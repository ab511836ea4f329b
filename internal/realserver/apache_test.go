package realserver_test

import (
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/internal/cli"
)

// apacheModules is the path of Debian's Apache modules.
const apacheModules = "/usr/lib/apache2/modules"

// apacheConf is a complete standalone httpd.conf: only the modules it
// needs, every path inside dir, no include of the system's sites.
// Locations:
//
//	/basic/     Basic auth against an htpasswd with a {SHA} entry
//	/cgi/       a CGI that does bearer auth itself; Apache does not pass it
//	            Authorization (no CGIPassAuth)
//	/cgi-pass/  the same CGI with CGIPassAuth On
func apacheConf(dir string, port int) string {
	user := ""
	if os.Geteuid() == 0 {
		// httpd refuses to serve as root; its children drop to this user.
		user = "User nobody\nGroup nogroup\n"
	}
	mods := ""
	// Debian compiles unixd and log_config in; IfModule keeps the list
	// working on builds that compile in others.
	for _, m := range []string{"mpm_prefork", "unixd", "authz_core", "authn_core", "authn_file", "auth_basic", "authz_user", "alias", "cgi", "log_config"} {
		mods += fmt.Sprintf("<IfModule !%[1]s_module>\n    LoadModule %[1]s_module %[2]s/mod_%[1]s.so\n</IfModule>\n", m, apacheModules)
	}
	return fmt.Sprintf(`ServerRoot "%[1]s"
DefaultRuntimeDir "%[1]s"
PidFile "%[1]s/httpd.pid"
Mutex file:%[1]s default
%[3]s%[4]sServerName 127.0.0.1
Listen 127.0.0.1:%[2]d
StartServers 1
MinSpareServers 1
MaxSpareServers 3
ErrorLog "%[1]s/error.log"
LogLevel warn
LogFormat "%%h %%l %%u %%t \"%%r\" %%>s %%b" common
CustomLog "%[1]s/access.log" common
DocumentRoot "%[1]s/htdocs"

<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "%[1]s/htdocs">
    Require all granted
</Directory>
<Location /basic/>
    AuthType Basic
    AuthName "apache basic"
    AuthBasicProvider file
    AuthUserFile "%[1]s/htpasswd"
    Require valid-user
</Location>

ScriptAlias /cgi/ "%[1]s/cgi/"
ScriptAlias /cgi-pass/ "%[1]s/cgi-pass/"
<Directory "%[1]s/cgi">
    Options +ExecCGI
    Require all granted
</Directory>
<Directory "%[1]s/cgi-pass">
    Options +ExecCGI
    CGIPassAuth On
    Require all granted
</Directory>
`, dir, port, mods, user)
}

// cgiScript is the classic shell CGI doing bearer auth itself: it reads
// $HTTP_AUTHORIZATION, which Apache sets only with CGIPassAuth On.
func cgiScript(token string) string {
	return `#!/bin/sh
if [ "$HTTP_AUTHORIZATION" = "Bearer ` + token + `" ]; then
    printf 'Status: 200 OK\r\nContent-Type: application/json\r\n\r\n{"ok":true}\n'
elif [ -z "$HTTP_AUTHORIZATION" ]; then
    printf 'Status: 401 Unauthorized\r\nWWW-Authenticate: Bearer realm="cgi"\r\nContent-Type: application/json\r\n\r\n{"error":"unauthorized"}\n'
else
    printf 'Status: 401 Unauthorized\r\nWWW-Authenticate: Bearer realm="cgi", error="invalid_token"\r\nContent-Type: application/json\r\n\r\n{"error":"invalid_token"}\n'
fi
`
}

// htpasswdSHA is an htpasswd line in the {SHA} scheme Apache accepts:
// base64 of the SHA-1 of the password.
func htpasswdSHA(user, password string) string {
	sum := sha1.Sum([]byte(password))
	return user + ":{SHA}" + base64.StdEncoding.EncodeToString(sum[:]) + "\n"
}

// startApache starts httpd with apacheConf and returns its base URL.
func startApache(t *testing.T, user, password, token string) string {
	t.Helper()
	bin := requireBinary(t, "apache2", "/usr/sbin/apache2", "/usr/sbin/httpd")
	if _, err := os.Stat(filepath.Join(apacheModules, "mod_cgi.so")); err != nil {
		missing(t, "the apache2 modules are not in "+apacheModules)
	}
	dir := serverDir(t)
	writeFile(t, dir, "htpasswd", htpasswdSHA(user, password), 0o644)
	writeFile(t, dir, "htdocs/basic/ok.txt", "ok\n", 0o644)
	writeFile(t, dir, "cgi/me", cgiScript(token), 0o755)
	writeFile(t, dir, "cgi-pass/me", cgiScript(token), 0o755)
	ports := startServer(t, "apache2", bin, 1, func(ports []int) ([]string, string) {
		conf := writeFile(t, dir, "httpd.conf", apacheConf(dir, ports[0]), 0o644)
		return []string{"-d", dir, "-f", conf, "-DFOREGROUND"}, filepath.Join(dir, "error.log")
	})
	return "http://127.0.0.1:" + strconv.Itoa(ports[0])
}

func TestApache(t *testing.T) {
	t.Parallel()
	const user = "bob"
	password := rand.Text()
	token := rand.Text()
	base := startApache(t, user, password, token)

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
			name: "cgi/without-cgipassauth",
			req:  get(base+"/cgi/me", field("Authorization", "Bearer "+token)),
			want: want{cause: authdoctor.CauseCredentialNotReceived, confidence: authdoctor.Likely, verdictFinding: "delivery.not-received", fixMentions: "CGIPassAuth On"},
		},
		{
			name: "cgi/with-cgipassauth",
			req:  get(base+"/cgi-pass/me", field("Authorization", "Bearer "+token)),
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			name: "cgi/with-cgipassauth-wrong-token",
			req:  get(base+"/cgi-pass/me", field("Authorization", "Bearer not-"+token)),
			want: want{cause: authdoctor.CauseTokenRejected, confidence: authdoctor.Likely, verdictFinding: "token.rejected"},
		},
	})

	// The binary's path, flags to JSON, on the classic case: what a user
	// types, with the token expanded by authdoctor from the environment.
	t.Run("cli/without-cgipassauth", func(t *testing.T) {
		t.Parallel()
		code, out := runCLI(t, map[string]string{"CGI_TOKEN": token}, token,
			"check", base+"/cgi/me", "-H", "Authorization: Bearer $CGI_TOKEN", "-o", "json")
		if code != cli.ExitDiagnosed {
			t.Errorf("exit code = %d, want %d (a failure was diagnosed)", code, cli.ExitDiagnosed)
		}
		if out.Verdict.Cause != authdoctor.CauseCredentialNotReceived {
			t.Errorf("verdict.cause = %s, want %s", out.Verdict.Cause, authdoctor.CauseCredentialNotReceived)
		}
		if out.Verdict.Finding != "delivery.not-received" {
			t.Errorf("verdict.finding = %q, want delivery.not-received", out.Verdict.Finding)
		}
	})
}
