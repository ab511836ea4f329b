package check_test

import (
	"encoding/base64"
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestCredentialBasicMalformed(t *testing.T) {
	t.Parallel()
	nginx := nginxBasic401()
	runTable(t, "credential.basic-malformed", []tc{
		{
			name: "echo adds a newline",
			obs:  observe(req(apiURL, basic("alice:correct-horse\n"))).baseline(nginx).auth(nginx).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"echo user:pass | base64", `user name "alice", password 13 bytes`},
				summary:  "not a clean base64", fix: "printf"},
		},
		{
			name: "user:password not encoded",
			obs:  observe(req(apiURL, fld("Authorization", "Basic alice:correct-horse"))).auth(nginx).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`not base64`}},
		},
		{
			name: "no colon",
			obs:  observe(req(apiURL, basic("alice"))).auth(nginx).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"no ':' between user name and password"}},
		},
		{
			name: "url-safe alphabet",
			obs: observe(req(apiURL, fld("Authorization", "Basic "+base64.URLEncoding.EncodeToString([]byte("alice:p>>?>>?"))))).
				auth(nginx).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"URL-safe alphabet"}},
		},
		{
			name: "re-encoded request accepted",
			obs:  observe(req(apiURL, basic("alice:correct-horse\n"))).auth(nginx).confirm("credential.basic-malformed", rec{status: 200}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed},
		},
		{
			name: "server accepted it anyway",
			obs:  observe(req(apiURL, basic("alice:correct-horse\n"))).auth(rec{status: 200}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Possible},
		},
		{
			name: "well built",
			obs:  observe(req(apiURL, basic("alice:correct-horse"))).baseline(nginx).auth(nginx).obs(),
		},
		{
			name: "bearer is not basic",
			obs:  observe(req(apiURL, bearer(opaque(15)))).auth(rec{status: 401}).obs(),
		},
		{
			// Stripe documents curl -u sk_test_…: — the key as the user
			// name and an empty password.
			name:   "stripe key as the user name with an empty password",
			obs:    observe(req("https://api.stripe.com/v1/charges", basic("sk_"+"test_"+fill(alnum, 24, 2)+":"))).auth(rec{status: 200}).obs(),
			absent: []string{"credential.basic-malformed"},
		},
	})
}

// nginxBasic401 is nginx's auth_basic answer.
func nginxBasic401() rec {
	return rec{status: 401, header: hdr("Server", "nginx/1.24.0", "Content-Type", "text/html", "WWW-Authenticate", `Basic realm="Restricted"`),
		body: "<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n"}
}
