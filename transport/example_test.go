package transport_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/authdoctor/authdoctor/lab"
	"github.com/authdoctor/authdoctor/transport"
)

// The three lines: wrap the client's transport and say what to do with
// a failure. Here the embedded lab refuses an expired token.
func ExampleNew() {
	l, _ := lab.Start(context.Background(), lab.Config{})
	defer l.Close()
	expired, _ := l.Scenario("expired")

	client := &http.Client{Transport: transport.New(http.DefaultTransport, transport.Config{
		OnFailure: func(e transport.Event) { fmt.Println(e.Status, e.Cause, e.Route, e.Environment) },
	})}

	req, _ := http.NewRequest("GET", l.URL()+"/api/orders", nil)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(expired.Env["LAB_TOKEN"]))
	resp, err := client.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	// Output:
	// 401 token_expired /api/orders production
}

// With a registry of your own, the transport counts every request and
// every refusal by environment, route and cause.
func ExampleConfig_registerer() {
	l, _ := lab.Start(context.Background(), lab.Config{})
	defer l.Close()
	reg := prometheus.NewRegistry()
	client := &http.Client{Transport: transport.New(nil, transport.Config{Registerer: reg})}
	for range 3 {
		if resp, err := client.Get(l.URL() + "/api/orders"); err == nil { // no token
			resp.Body.Close()
		}
	}
	mfs, _ := reg.Gather()
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			labels := ""
			for _, lp := range m.GetLabel() {
				labels += " " + lp.GetName() + "=" + lp.GetValue()
			}
			fmt.Println(mf.GetName()+labels, m.GetCounter().GetValue())
		}
	}
	// Output:
	// authdoctor_client_auth_failures_total cause=credential_missing environment=production route=/api/orders 3
	// authdoctor_client_requests_total code=401 environment=production route=/api/orders 3
}
