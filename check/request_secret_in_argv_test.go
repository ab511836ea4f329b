package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestRequestSecretInArgv(t *testing.T) {
	t.Parallel()
	tok := opaque(40)
	runTable(t, "request.secret-in-argv", []tc{
		{
			name: "bearer typed on the command line",
			obs:  observe(req(apiURL, literal("Authorization", "Bearer "+tok))).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Confirmed,
				evidence: []string{"Authorization: Bearer [redacted len=40 sha256=", "given literally in argv"},
				summary:  "typed on the command line", fix: "-H 'Authorization: Bearer $TOKEN'"},
		},
		{
			name: "api key typed on the command line, accepted",
			obs:  observe(req(apiURL, literal("X-API-Key", tok))).auth(rec{status: 200}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Confirmed, fix: "-H 'X-API-Key: $TOKEN'"},
		},
		{
			name: "from the environment",
			obs:  observe(req(apiURL, bearer(tok))).auth(rec{status: 401}).obs(),
		},
		{
			name: "from a file",
			obs: func() *authdoctor.Observation {
				f := bearer(tok)
				f.Origin = authdoctor.OriginFile
				return observe(req(apiURL, f)).auth(rec{status: 401}).obs()
			}(),
		},
		{
			name: "literal but empty",
			obs:  observe(req(apiURL, literal("Authorization", ""))).auth(rec{status: 401}).obs(),
		},
		{
			name: "literal header that is not a credential",
			obs:  observe(req(apiURL, literal("Accept", "application/json"), bearer(tok))).auth(rec{status: 401}).obs(),
		},
		{
			name: "a placeholder typed literally exposes nothing",
			obs:  observe(req(apiURL, literal("Authorization", "Bearer YOUR_ACCESS_TOKEN"))).auth(rec{status: 401}).obs(),
		},
	})
}
