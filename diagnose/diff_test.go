package diagnose

import (
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/source"
)

func spec(method, u, body string, fields ...authdoctor.Field) source.Spec {
	return source.Spec{Request: authdoctor.Request{Method: method, URL: u, Header: fields, Body: authdoctor.NewSecret(body)}}
}

func field(name, v string) authdoctor.Field {
	return authdoctor.Field{Name: name, Value: authdoctor.NewSecret(v)}
}

func TestDiff(t *testing.T) {
	t.Parallel()
	const tok = "opaque-token-value-0123456789"
	header := spec("POST", "https://api.example.com/v1/orders", `{"item":1}`, field("Authorization", "Bearer "+tok), field("Content-Type", "application/json"))
	inBody := spec("POST", "https://api.example.com/v1/orders", "access_token="+tok+"&item=1", field("Content-Type", "application/x-www-form-urlencoded"))
	other := spec("POST", "https://api.example.com/v1/orders", `{"item":1}`, field("Authorization", "Bearer another-token-value-987654"), field("Content-Type", "application/json"))
	otherHost := spec("POST", "https://api.sandbox.example.com/v1/orders", `{"item":1}`, field("Authorization", "Bearer "+tok), field("Content-Type", "application/json"))
	for _, tc := range []struct {
		name string
		a, b source.Spec
		want string
	}{
		{"token in the body", header, inBody, "B sends the token in the request body (access_token); A sends the credential in the Authorization (Bearer) header."},
		{"different credentials", header, other, "They send different credentials"},
		{"same credential, other host", header, otherHost, "Same credential, but the host differs: A api.example.com, B api.sandbox.example.com."},
		{"identical", header, header, "The two requests are the same."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := Diff(tc.a, tc.b)
			if !strings.Contains(d.Conclusion, tc.want) {
				t.Errorf("conclusion %q, want %q", d.Conclusion, tc.want)
			}
			for _, l := range append(d.Auth, d.Other...) {
				if strings.Contains(l.A+l.B, tok) || strings.Contains(l.A+l.B, "another-token-value") {
					t.Errorf("line %s shows a credential: %q / %q", l.Field, l.A, l.B)
				}
			}
			if d.Auth[0].Field != "credential placement" {
				t.Errorf("auth-relevant lines do not come first: %v", d.Auth[0])
			}
		})
	}
}

func TestDiffRecognisesRecordedCredentials(t *testing.T) {
	t.Parallel()
	const tok = "opaque-token-value-0123456789"
	live := spec("GET", "https://api.example.com/v1", "", field("Authorization", "Bearer "+tok))
	recorded := spec("GET", "https://api.example.com/v1", "", field("Authorization", "Bearer "+authdoctor.NewSecret(tok).String()))
	d := Diff(live, recorded)
	if d.Auth[1].Field != "credential" || !strings.Contains(d.Auth[1].B, authdoctor.Fingerprint(tok)) {
		t.Errorf("recorded credential line %+v", d.Auth[1])
	}
	if d.Conclusion != "The two requests are the same." {
		t.Errorf("a recorded copy of the same credential is called different: %s", d.Conclusion)
	}
}
