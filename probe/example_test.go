package probe_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/probe"
)

func ExampleSender_Send() {
	// A server that redirects to another origin, where the token is needed.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer api.Close()
	front := httptest.NewServer(http.RedirectHandler(api.URL+"/v1/me", http.StatusFound))
	defer front.Close()

	s := probe.New(probe.Config{MaxRequests: 4})
	defer s.Close()
	p := s.Send(context.Background(), authdoctor.RoleAuthenticated, "as given", authdoctor.Request{
		Method: "GET",
		URL:    front.URL + "/v1/me",
		Header: []authdoctor.Field{{Name: "Authorization", Value: authdoctor.NewSecret("Bearer example-token")}},
	})
	for _, ex := range p.Hops {
		fmt.Println(ex.Status, ex.SentCredential())
		if r := ex.Redirect; r != nil {
			fmt.Println("go keeps:", r.Keeps[authdoctor.ClientGo], "curl keeps:", r.Keeps[authdoctor.ClientCurl], "forwarded:", r.Forwarded)
		}
	}
	fmt.Println("requests left:", s.Remaining())
	// Output:
	// 302 true
	// go keeps: true curl keeps: false forwarded: false
	// 401 false
	// requests left: 2
}
