package capture_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/authdoctor/authdoctor/capture"
)

// An application points at the proxy instead of its API; every exchange
// is recorded and every 401 or 403 diagnosed as it passes.
func ExampleStart() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer api.Close()
	upstream, _ := url.Parse(api.URL)

	p, err := capture.Start(context.Background(), capture.Config{
		Upstream: upstream,
		OnRecord: func(r capture.Record) {
			for _, h := range r.Entry.Request.Headers {
				if h.Name == "Authorization" {
					fmt.Println(r.Exchange.Method, r.Exchange.Status, h.Value)
				}
			}
			if r.Diagnosis != nil {
				fmt.Println("verdict:", r.Diagnosis.Verdict.Cause)
			}
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	req, _ := http.NewRequest("GET", "http://"+p.Addr()+"/v1/orders", nil)
	req.Header.Set("Authorization", "Bearer Bearer made-up-token-0001")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	p.Close() // waits until every exchange is recorded
	fmt.Println(len(p.HAR().Entries), "entry in the HAR log")
	// Output:
	// GET 401 Bearer [redacted len=25 sha256=3b5d257e]
	// verdict: header_malformed
	// 1 entry in the HAR log
}
