package monitor_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/doctor"
	"github.com/authdoctor/authdoctor/monitor"
)

// A watcher over two targets: the same request with a good and a stale
// key. Once checks each one; Status is what the page and /api/status
// show. authdoctor watch passes the profile as Load and check's own path
// as Check.
func ExampleWatcher_Once() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Bearer good-key-0123456789" {
			fmt.Fprintln(w, `{"orders":[]}`)
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="api", error="invalid_token"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	keys := map[string]string{"production": "good-key-0123456789", "staging": "stale-key-9876543210"}

	w, err := monitor.New(monitor.Config{
		Load: func(context.Context) ([]monitor.Target, error) {
			return []monitor.Target{{Request: "orders", Environment: "production"}, {Request: "orders", Environment: "staging"}}, nil
		},
		Check: func(ctx context.Context, t monitor.Target) (authdoctor.Run, error) {
			req := authdoctor.Request{Method: "GET", URL: srv.URL + "/v1/orders",
				Header: []authdoctor.Field{{Name: "Authorization", Value: authdoctor.NewSecret("Bearer " + keys[t.Environment]), Origin: authdoctor.OriginEnv}}}
			return doctor.Run(ctx, req, doctor.Config{})
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := w.Once(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range r.Targets {
		fmt.Println(t.Request, t.Environment, t.State, t.Cause, t.Status)
	}
	// Output:
	// orders production healthy accepted 200
	// orders staging failing token_rejected 401
}
