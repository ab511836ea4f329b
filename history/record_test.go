package history

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func TestNormaliseURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"https://API.Example.com:443/v1/me", "https://api.example.com/v1/me"},
		{"http://api.example.com:80", "http://api.example.com/"},
		{"http://api.example.com:8080/x#frag", "http://api.example.com:8080/x"},
		{"https://u:p@api.example.com/x?b=2&a=1", "https://api.example.com/x?a=1&b=2"},
		{"https://api.example.com/x?api_key=s3cret&access_token=t&page=2&client_secret=c", "https://api.example.com/x?page=2"},
		{"https://[::1]:8443/x?", "https://[::1]:8443/x"},
		{"not a url", "[unparseable URL]"},
		{"%zz", "[unparseable URL]"},
	} {
		if got := NormaliseURL(tc.in); got != tc.want {
			t.Errorf("NormaliseURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if a, b := RequestIdentity("get", "https://api.example.com/x?token=1"), RequestIdentity("GET", "https://API.example.com/x?token=2"); a != b || a.Request != "GET https://api.example.com/x" {
		t.Errorf("identities %v and %v", a, b)
	}
}

// TestFromRunKeepsNoSecret: a run whose URL, challenge, summary and
// report all quote the credential gives a record that does not.
func TestFromRunKeepsNoSecret(t *testing.T) {
	t.Parallel()
	const secret = "s3cretCanaryValue0123456789abcdefXYZ"
	u := "https://api.example.com/v1/" + secret + "/orders?api_key=" + secret + "&page=2"
	h := http.Header{}
	h.Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="token `+secret+` is not valid"`)
	run := authdoctor.Run{
		Version: "test",
		Started: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
		Observation: &authdoctor.Observation{
			Request: authdoctor.Request{Method: "GET", URL: u},
			Probes: []authdoctor.Probe{{Role: authdoctor.RoleAuthenticated, Hops: []authdoctor.Exchange{
				{Method: "GET", URL: u, Status: 401, Header: h, Body: []byte(secret)},
			}}},
		},
		Diagnosis: authdoctor.Diagnosis{Verdict: authdoctor.Verdict{Cause: authdoctor.CauseTokenRejected, Summary: "the server refused " + secret}},
		Scrubber:  authdoctor.NewScrubber(secret),
	}
	rec := FromRun(run, RequestIdentity("GET", u), []byte(`{"echo":"`+secret+`"}`))
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), secret) {
		t.Errorf("the record holds the secret:\n%s", b)
	}
	if rec.Exchanges[0].Status != 401 || !strings.Contains(rec.Exchanges[0].Challenge, "invalid_token") || !strings.Contains(rec.URL, "page=2") {
		t.Errorf("the record lost what it should keep: %+v", rec)
	}
}

// FuzzNormaliseURL: never panics; the result keeps no credential-named
// query parameter, and normalising it again changes nothing.
func FuzzNormaliseURL(f *testing.F) {
	for _, s := range []string{"https://API.Example.com:443/v1/me", "https://u:p@api.example.com/x?b=2&a=1", "https://api.example.com/x?api_key=s3cret&page=2", "https://[::1]:8443/x?", "http://h/%zz", "not a url"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormaliseURL(s)
		if n == "[unparseable URL]" {
			return
		}
		u, err := url.Parse(n)
		if err != nil {
			t.Fatalf("NormaliseURL(%q) = %q, which does not parse: %v", s, n, err)
		}
		for k := range u.Query() {
			if authdoctor.SensitiveParam(k) {
				t.Fatalf("NormaliseURL(%q) = %q keeps %s", s, n, k)
			}
		}
		if u.User != nil {
			t.Fatalf("NormaliseURL(%q) = %q keeps userinfo", s, n)
		}
		if again := NormaliseURL(n); again != n {
			t.Fatalf("NormaliseURL is not idempotent: %q → %q → %q", s, n, again)
		}
	})
}
