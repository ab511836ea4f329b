package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func TestTokenAlgNone(t *testing.T) {
	t.Parallel()
	unsigned := makeJWTHeader(map[string]any{"alg": "none", "typ": "JWT"}, claims(time.Hour))
	runTable(t, "token.alg-none", []tc{
		{name: "unsigned token refused", obs: observe(req(apiURL, bearer(unsigned))).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "not signed"}},
		{name: "unsigned token accepted: the server is unsafe", obs: observe(req(apiURL, bearer(unsigned))).auth(rec{status: 200}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Confirmed, summary: "anyone can forge"}},
		{name: "signed token", obs: observe(req(apiURL, bearer(makeJWT(claims(time.Hour))))).auth(rec{status: 401}).obs()},
	})
}
