package check_test

import (
	"fmt"
	"net/http"
	"time"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
)

// The checks run on recorded traffic as well as on live requests: here a
// 401 whose challenge says the token expired, with the server's Date.
func ExampleRun() {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	hdr := http.Header{}
	hdr.Set("WWW-Authenticate", `Bearer realm="api", error="invalid_token", error_description="The access token expired"`)
	o := &authdoctor.Observation{
		Now: now,
		Request: authdoctor.Request{Method: "GET", URL: "https://api.example.com/v1/orders", Header: []authdoctor.Field{
			{Name: "Authorization", Value: authdoctor.NewSecret("Bearer opaque-token-0123456789"), Origin: authdoctor.OriginEnv},
		}},
		Probes: []authdoctor.Probe{{Role: authdoctor.RoleAuthenticated, Hops: []authdoctor.Exchange{{
			Method: "GET", URL: "https://api.example.com/v1/orders", Status: 401, Header: hdr, Sent: now, ServerDate: now,
			RequestHeader: []authdoctor.Field{{Name: "Authorization", Value: authdoctor.NewSecret("Bearer opaque-token-0123456789")}},
		}}}},
	}
	for _, f := range check.Run(o, check.Options{}) {
		fmt.Println(f.ID, f.Cause, f.Severity, f.Confidence)
	}
	// Output:
	// token.expired token_expired error likely
	// token.rejected token_rejected error likely
}
