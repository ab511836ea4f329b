package diagnose

import (
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
)

func TestDamaged(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, header, value string
		ok                  bool
	}{
		{"bearer token", "Authorization", "Bearer abcdefgh12345678", true},
		{"api key header", "X-API-Key", "k3y-abcdefgh-0042", true},
		{"basic password", "Authorization", "Basic dXNlcjpwYXNzd29yZA==", false},
		{"cookie", "Cookie", "session=abcdefghijkl", false},
		{"short token", "Authorization", "Bearer abc", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := authdoctor.Request{Method: "GET", URL: "https://api.example.com/v1/orders",
				Header: []authdoctor.Field{{Name: tc.header, Value: authdoctor.NewSecret(tc.value)}}}
			got, ok := Damaged(&authdoctor.Observation{Request: req}, check.Options{})
			if ok != tc.ok {
				t.Fatalf("ok = %v; want %v", ok, tc.ok)
			}
			f, _ := got.Get(tc.header)
			v := f.Value.Reveal()
			if !ok {
				if v != tc.value {
					t.Errorf("a credential that must not be damaged changed")
				}
				return
			}
			if v == tc.value || len(v) != len(tc.value) {
				t.Errorf("damaged value has length %d, same=%v; want another value of length %d", len(v), v == tc.value, len(tc.value))
			}
			if s, _, _ := strings.Cut(tc.value, " "); tc.header == "Authorization" && !strings.HasPrefix(v, s+" ") {
				t.Errorf("scheme word not kept")
			}
			if orig, _ := req.Get(tc.header); orig.Value.Reveal() != tc.value {
				t.Errorf("the original request was changed")
			}
		})
	}
}
