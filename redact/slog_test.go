package redact

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
)

// opaque is a credential with no shape of its own: only where it stands
// (after Bearer, in a credential header or field) says what it is.
const opaque = "opaqueCanaryQ7Zx91LmT4wR8"

type holder struct {
	Name  string
	Token string
}

type valuer struct{}

func (valuer) LogValue() slog.Value { return slog.StringValue("token=" + opaque) }

// TestHandler logs a credential every way slog can carry one and reads
// the JSON the wrapped handler wrote.
func TestHandler(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	log := slog.New(NewHandler(slog.NewJSONHandler(&out, nil)))
	req, _ := http.NewRequest("GET", "https://svc:"+opaque+"@api.example.com/v1/me?access_token="+opaque+"&page=2", nil)
	req.Header.Set("Authorization", "Bearer "+opaque)
	req.Header.Set("Cookie", "session="+opaque)
	req.Header.Set("X-Request-Id", "req-42")
	u, _ := url.Parse("https://api.example.com/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ/getMe")
	log = log.With("client_secret", opaque).WithGroup("call")
	log.Info("calling with Bearer "+opaque,
		"token", opaque,
		"err", errors.New("401 for token "+stripe),
		"request", req,
		"header", http.Header{"X-Api-Key": {opaque}, "X-Shop-Token": {opaque}},
		"url", u,
		"body", []byte(`{"password":"`+opaque+`"}`),
		"holder", holder{Name: "svc", Token: opaque},
		"valuer", valuer{},
		slog.Group("nested", slog.Group("deeper", "api_key", opaque)),
		"status", 401,
	)
	got := out.String()
	if strings.Contains(got, opaque) || strings.Contains(got, "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ") || strings.Contains(got, stripe[8:]) {
		t.Fatalf("a credential reached the log:\n%s", got)
	}
	for _, want := range []string{
		`"msg":"calling with Bearer [redacted:bearer:`,
		`"Authorization":"Bearer [redacted:`,
		`"X-Request-Id":"req-42"`,
		`"status":401`,
		`"method":"GET"`,
		`sk_live_[redacted:vendor-key:`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("log lacks %s:\n%s", want, got)
		}
	}
}

func TestHeader(t *testing.T) {
	t.Parallel()
	h := http.Header{"Authorization": {"Bearer " + jwt}, "Cookie": {"a=1; session=" + opaque}, "Accept": {"application/json"}}
	red := Header(h)
	if red.Get("Accept") != "application/json" || !strings.HasPrefix(red.Get("Authorization"), "Bearer [redacted:jwt:") ||
		strings.Contains(red.Get("Cookie"), opaque) {
		t.Errorf("Header = %v", red)
	}
	if h.Get("Authorization") != "Bearer "+jwt {
		t.Error("Header changed its argument")
	}
}

func ExampleNewHandler() {
	log := slog.New(NewHandler(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{} // a fixed output for the example
			}
			return a
		},
	})))
	log.Warn("upstream refused the token", "status", 401, "authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ")
	// Output:
	// level=WARN msg="upstream refused the token" status=401 authorization="Bearer [redacted:jwt:8a299f2a]"
}

func ExampleString() {
	fmt.Println(String("retry https://api.example.com/v1/me?access_token=opaqueTOKEN12345&page=2"))
	// Output:
	// retry https://api.example.com/v1/me?access_token=[redacted:credential-field:a3149e43]&page=2
}
