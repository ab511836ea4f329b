package authdoctor

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestSecretRedacts(t *testing.T) {
	t.Parallel()
	const v = "s3cr3t-value-0123456789"
	s := NewSecret(v)
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("m", "token", s)
	j, _ := json.Marshal(struct{ S Secret }{s})
	txt, _ := s.MarshalText()
	forms := map[string]string{
		"String": s.String(), "%v": fmt.Sprintf("%v", s), "%+v": fmt.Sprintf("%+v", s), "%#v": fmt.Sprintf("%#v", s),
		"%s": fmt.Sprintf("%s", s), "%q": fmt.Sprintf("%q", s), "%x": fmt.Sprintf("%x", s), "%d": fmt.Sprintf("%d", s),
		"struct %+v": fmt.Sprintf("%+v", struct{ S Secret }{s}), "json": string(j), "text": string(txt), "slog": logged.String(),
		"error": fmt.Errorf("wrapped: %v", s).Error(),
	}
	for name, got := range forms {
		if strings.Contains(got, v) {
			t.Errorf("%s leaks the value: %s", name, got)
		}
	}
	if s.Reveal() != v || s.Len() != len(v) || s.IsZero() || !s.Equal(NewSecret(v)) {
		t.Error("Reveal, Len, IsZero or Equal wrong")
	}
	if got, want := s.String(), "[redacted len=23 sha256="+Fingerprint(v)+"]"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if (Secret{}).String() != "[empty]" || (Secret{}).Fingerprint() != "" {
		t.Error("zero Secret")
	}
}

func FuzzSecret(f *testing.F) {
	for _, s := range []string{"abcdef", "Bearer eyJhbGciOi.x.y", "%v", "[redacted]", "\x00\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if len(v) < 4 {
			return
		}
		s := NewSecret(v)
		for _, out := range []string{s.String(), fmt.Sprintf("%#v", s), fmt.Sprintf("%+v", struct{ X Secret }{s})} {
			// The redacted form may contain v only where v is itself part
			// of the fixed text around it.
			if strings.Contains(out, v) && !strings.Contains("authdoctor.Secret[redacted len= sha256=]"+Fingerprint(v)+fmt.Sprint(len(v))+"{X:}", v) {
				t.Fatalf("redacted form %q contains the value", out)
			}
		}
	})
}

func TestRedactURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"https://api.example.com/v1?access_token=abc123&page=2", "https://api.example.com/v1?access_token=[redacted]&page=2"},
		{"https://user:pw@api.example.com/", "https://[redacted]@api.example.com/"},
		{"https://api.example.com/?X-Amz-Signature=ff&X-Amz-Date=1", "https://api.example.com/?X-Amz-Signature=[redacted]&X-Amz-Date=1"},
		{"https://api.example.com/path", "https://api.example.com/path"},
		{"https://api.telegram.org/bot8123456701:AAH3kLm9Qx2Vb7Rt5Yw0Zp4Sd6Fg8Hj1KlE/getMe", "https://api.telegram.org/bot[redacted]/getMe"},
		{"https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json", "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json"},
		{"https://example.com/robot/8123456701/status", "https://example.com/robot/8123456701/status"},
		{"http://[::1]:80/%zz", "[unparseable URL]"},
	} {
		if got := RedactURL(tc.in); got != tc.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSensitiveHeader(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"Authorization": true, "Proxy-Authorization": true, "Cookie": true, "Set-Cookie": true, "X-API-Key": true,
		"Api-Key": true, "Ocp-Apim-Subscription-Key": true, "X-Auth-Token": true, "PRIVATE-TOKEN": true,
		"X-JFrog-Art-Api": true, "X-Honeycomb-Team": true, "X-JFrog-Art": false, "X-Team": false,
		"WWW-Authenticate": false, "Proxy-Authenticate": false, "X-OAuth-Scopes": false, "X-Accepted-OAuth-Scopes": false,
		"Content-Type": false, "Accept": false, "Keep-Alive": false, "X-GitHub-SSO": false,
	} {
		if got := SensitiveHeader(name); got != want {
			t.Errorf("SensitiveHeader(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestFieldDisplay(t *testing.T) {
	t.Parallel()
	f := Field{Name: "Authorization", Value: NewSecret("Bearer abcdef123456")}
	if got := f.Display(); got != "Bearer "+NewSecret("abcdef123456").String() {
		t.Errorf("Display() = %q", got)
	}
	if got := (Field{Name: "X-API-Key", Value: NewSecret("k-123456")}).Display(); strings.Contains(got, "123456") {
		t.Errorf("API key shown: %q", got)
	}
	if got := (Field{Name: "Accept", Value: NewSecret("*/*")}).Display(); got != "*/*" {
		t.Errorf("ordinary header hidden: %q", got)
	}
}

func TestRequestWithWithout(t *testing.T) {
	t.Parallel()
	r := Request{Method: "GET", URL: "https://x/", Header: []Field{
		{Name: "Accept", Value: NewSecret("*/*")},
		{Name: "Authorization", Value: NewSecret("Bearer a")},
		{Name: "authorization", Value: NewSecret("Basic b")},
	}}
	if got := len(r.Without().Header); got != 1 {
		t.Errorf("Without kept %d fields, want 1", got)
	}
	w := r.With(Field{Name: "Authorization", Value: NewSecret("Bearer c")})
	if n := len(w.Fields("Authorization")); n != 1 || w.Fields("Authorization")[0].Value.Reveal() != "Bearer c" {
		t.Errorf("With: %d Authorization fields", n)
	}
	if len(r.Header) != 3 {
		t.Error("With or Without changed the original")
	}
}

func TestLoopbackHost(t *testing.T) {
	t.Parallel()
	for h, want := range map[string]bool{
		"localhost": true, "LOCALHOST.": true, "api.localhost": true, "127.0.0.1": true, "127.1.2.3": true,
		"::1": true, "[::1]": true, "fe80::1%lo0": false, "[::1%lo]": true,
		"localhost.example.com": false, "10.0.0.1": false, "example.com": false, "": false,
	} {
		if got := LoopbackHost(h); got != want {
			t.Errorf("LoopbackHost(%q) = %v, want %v", h, got, want)
		}
	}
}
