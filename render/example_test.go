package render_test

import (
	"net/http"
	"os"
	"time"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/render"
)

func ExampleText() {
	sent := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	auth := []authdoctor.Field{{Name: "Authorization", Value: authdoctor.NewSecret("Bearer not-a-real-token")}}
	r := authdoctor.Run{
		Observation: &authdoctor.Observation{
			Now:         sent,
			MaxRequests: 6,
			Request:     authdoctor.Request{Method: "GET", URL: "http://127.0.0.1:4000/api/orders", Header: auth},
			Probes: []authdoctor.Probe{{
				Role:  authdoctor.RoleAuthenticated,
				Label: "as given",
				Hops: []authdoctor.Exchange{{
					Method: "GET", URL: "http://127.0.0.1:4000/api/orders", RequestHeader: auth,
					Status: 403,
					Header: http.Header{"Www-Authenticate": {`Bearer error="insufficient_scope", scope="orders:write"`}},
					Timing: authdoctor.Timing{Total: 12 * time.Millisecond},
				}},
			}},
		},
		Diagnosis: authdoctor.Diagnosis{
			Verdict: authdoctor.Verdict{
				Cause:      authdoctor.CauseInsufficientScope,
				Confidence: authdoctor.Confirmed,
				Summary:    "The token lacks the scope orders:write, which the server asks for.",
				Fix:        "Request a token with the scope orders:write.",
			},
		},
	}
	if err := render.Text(os.Stdout, r, render.Options{}); err != nil {
		panic(err)
	}
	// Output:
	// ✗ Insufficient scope (insufficient_scope, confirmed)
	//   The token lacks the scope orders:write, which the server asks for.
	//   Fix: Request a token with the scope orders:write.
	//   More: docs/causes.md#insufficient_scope
	//
	// Requests sent (1 of 6)
	//   1 authenticated  GET http://127.0.0.1:4000/api/orders → 403 Forbidden  12ms
	//                    as given
	//                    WWW-Authenticate: Bearer error="insufficient_scope", scope="orders:write"
}
