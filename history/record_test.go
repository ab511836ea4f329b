package history

import "testing"

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
