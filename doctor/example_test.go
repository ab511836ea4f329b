package doctor_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/doctor"
)

// A server that reads the Authorization header exactly: "Bearer Bearer …"
// is refused, and the corrected header — sent once by the pipeline to
// confirm — is accepted.
func ExampleRun() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Header.Get("Authorization") {
		case "Bearer s3cr3t-token-value":
			fmt.Fprintln(w, `{"orders":[]}`)
		case "":
			w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
			w.WriteHeader(http.StatusUnauthorized)
		default:
			w.Header().Set("WWW-Authenticate", `Bearer realm="api", error="invalid_token"`)
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer srv.Close()

	req := authdoctor.Request{
		Method: "GET",
		URL:    srv.URL + "/v1/orders",
		Header: []authdoctor.Field{{Name: "Authorization", Value: authdoctor.NewSecret("Bearer Bearer s3cr3t-token-value"), Origin: authdoctor.OriginEnv}},
	}
	res, err := doctor.Run(context.Background(), req, doctor.Config{})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	v := res.Diagnosis.Verdict
	fmt.Println(v.Cause, v.Confidence, v.Finding)
	fmt.Println("requests sent:", res.Observation.RequestCount())
	// Output:
	// header_malformed confirmed header.double-scheme
	// requests sent: 3
}
