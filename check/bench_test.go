package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/check"
)

// BenchmarkRun is the analysis of one recorded exchange: a 401 to an
// expired JWT with a baseline and a damaged copy, through every check.
func BenchmarkRun(b *testing.B) {
	tok := makeJWT(claims(-2*time.Hour, "roles", []string{"reader", "writer"}))
	x := jsonRec(401, `{"error":"invalid_token","error_description":"Jwt is expired","request_id":"9f1c2e7a"}`,
		"WWW-Authenticate", `Bearer realm="api", error="invalid_token", error_description="Jwt is expired"`, "Server", "envoy", "X-Request-Id", "9f1c2e7a").at(now.Add(time.Second))
	o := observe(req(apiURL, bearer(tok), fld("Accept", "application/json"))).
		baseline(jsonRec(401, `{"error":"unauthorized"}`, "WWW-Authenticate", `Bearer realm="api"`).at(now)).
		auth(x).corrupted(x).obs()
	if fs := check.Run(o, check.Options{}); len(fs) == 0 {
		b.Fatal("no finding: the benchmark measures nothing")
	}
	b.ReportAllocs()
	for b.Loop() {
		check.Run(o, check.Options{})
	}
}
