// Command transport is a small application that uses authdoctor's Go
// library: it calls the embedded practice API with an expired token
// through transport.New, and prints the event the transport hands it and
// the metrics it counted. Run it with go run ./examples/transport.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/authdoctor/authdoctor/lab"
	"github.com/authdoctor/authdoctor/redact"
	"github.com/authdoctor/authdoctor/transport"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "example:", err)
		os.Exit(1)
	}
}

// run is the application; it writes to w.
func run(w io.Writer) error {
	api, err := lab.Start(context.Background(), lab.Config{})
	if err != nil {
		return err
	}
	defer api.Close()
	expired, _ := api.Scenario("expired")
	token := strings.TrimSpace(expired.Env["LAB_TOKEN"])

	// The application's logger, made safe, and its registry.
	log := slog.New(redact.NewHandler(slog.NewTextHandler(w, nil)))
	reg := prometheus.NewRegistry()

	// The three lines.
	client := &http.Client{Transport: transport.New(http.DefaultTransport, transport.Config{
		OnFailure: func(e transport.Event) { fmt.Fprintln(w, "event:", e) }, Logger: log, Registerer: reg,
	})}

	req, err := http.NewRequest("GET", api.URL()+"/api/orders", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	// A careless log line: the handler removes the token.
	log.Info("called the orders API", "status", resp.StatusCode, "authorization", req.Header.Get("Authorization"))

	mfs, err := reg.Gather()
	if err != nil {
		return err
	}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, l.GetName()+"="+fmt.Sprintf("%q", l.GetValue()))
			}
			fmt.Fprintf(w, "%s{%s} %v\n", mf.GetName(), strings.Join(labels, ","), m.GetCounter().GetValue())
		}
	}
	return nil
}
