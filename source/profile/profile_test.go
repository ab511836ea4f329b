package profile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
)

func TestStarterLoads(t *testing.T) {
	t.Parallel()
	f, err := Read(strings.NewReader(Starter), "authdoctor.yaml")
	if err != nil {
		t.Fatalf("the starter file does not load: %v", err)
	}
	if diff := cmp.Diff([]string{"sandbox", "production"}, f.EnvOrder); diff != "" {
		t.Errorf("environments (-want +got):\n%s", diff)
	}
	if _, ok := f.Requests["orders.list"]; !ok {
		t.Error("starter has no orders.list")
	}
}

func TestReadErrors(t *testing.T) {
	t.Parallel()
	const token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlLXRlc3Q"
	for _, tc := range []struct {
		name, in, want string
	}{
		{"literal bearer token", "environments:\n  prod:\n    base_url: https://api.example.com\n    headers:\n      Authorization: Bearer " + token + "\n",
			"authdoctor.yaml:5:22: header Authorization holds a literal credential"},
		{"literal api key", "environments:\n  prod:\n    base_url: https://api.example.com\n    headers:\n      X-API-Key: abc123def456\n",
			"authdoctor.yaml:5:18: header X-API-Key holds a literal credential"},
		{"token in a harmless-looking header", "environments:\n  prod:\n    base_url: https://api.example.com\n    headers:\n      X-Debug: " + token + "\n",
			"authdoctor.yaml:5:16: header X-Debug holds a literal credential"},
		{"literal after a reference", "environments:\n  prod:\n    base_url: https://api.example.com\n    headers:\n      Authorization: Bearer $T" + token + "\n",
			"authdoctor.yaml:5:22: header Authorization holds a literal credential"}, // $TeyJ… ends at the first '.', the rest is literal
		{"scheme and reference only", "environments:\n  prod:\n    base_url: https://api.example.com\n    headers:\n      Authorization: Basic ${B64}\n      X-API-Key: $KEY\n",
			""},
		{"token in the base URL", "environments:\n  prod:\n    base_url: https://api.example.com/?access_token=abc\n",
			"authdoctor.yaml:3:15: base_url holds a credential"},
		{"user info in the base URL", "environments:\n  prod:\n    base_url: https://u:p@api.example.com/\n",
			"authdoctor.yaml:3:15: base_url holds a credential"},
		{"bad YAML", "environments:\n  prod: [\n", "authdoctor.yaml:2:1: not valid YAML"},
		{"unknown key", "environment:\n  prod: {}\n", "authdoctor.yaml:1:1: unknown key \"environment\""},
		{"no base_url", "environments:\n  prod:\n    headers: {}\n", "authdoctor.yaml:2:3: environment prod has no base_url"},
		{"ftp base_url", "environments:\n  prod:\n    base_url: ftp://x\n", "authdoctor.yaml:3:15: base_url must be an http:// or https:// URL"},
		{"duplicate environment", "environments:\n  a:\n    base_url: https://a.example.com\n  a:\n    base_url: https://b.example.com\n", "appears twice"},
		{"path without slash", "environments:\n  a:\n    base_url: https://a.example.com\nrequests:\n  r:\n    path: v1\n", "authdoctor.yaml:6:11: path must start with /"},
		{"empty", "", "the file is empty"},
		{"no environments", "requests: {}\n", "no environments"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Read(strings.NewReader(tc.in), "authdoctor.yaml")
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), token) || strings.Contains(err.Error(), "abc123def456") {
				t.Errorf("the error quotes the credential: %v", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("multi-line error: %q", err)
			}
		})
	}
}

const sample = `environments:
  sandbox:
    base_url: https://api.sandbox.example.com/
    headers:
      Authorization: Bearer $SANDBOX_TOKEN
      Accept: application/json
    issuer: https://login.example.com/
    audience: [orders-api]
    credential_environment: sandbox
  production:
    base_url: https://api.example.com
    headers:
      Authorization: Bearer ${PROD_TOKEN}
requests:
  orders.get:
    method: get
    path: /v1/orders/42
    headers:
      Accept: text/plain
    scopes: orders:read orders:list
`

func TestSpec(t *testing.T) {
	t.Parallel()
	f, err := Read(strings.NewReader(sample), "/p/authdoctor.yaml")
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SANDBOX_TOKEN": "sbx-token-value"}
	s, err := f.Spec("sandbox", "orders.get", func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	if s.Request.Method != "GET" || s.Request.URL != "https://api.sandbox.example.com/v1/orders/42" {
		t.Errorf("request %s %s", s.Request.Method, s.Request.URL)
	}
	got := map[string]string{}
	for _, h := range s.Request.Header {
		got[h.Name] = h.Value.Reveal()
	}
	if diff := cmp.Diff(map[string]string{"Authorization": "Bearer sbx-token-value", "Accept": "text/plain"}, got); diff != "" {
		t.Errorf("headers (-want +got):\n%s", diff)
	}
	auth, _ := s.Request.Get("Authorization")
	if auth.Template != "Bearer $SANDBOX_TOKEN" || auth.Origin != authdoctor.OriginEnv || !strings.Contains(auth.Source, "$SANDBOX_TOKEN") {
		t.Errorf("auth field %+v", auth)
	}
	want := authdoctor.Expect{Audience: []string{"orders-api"}, Issuer: "https://login.example.com/", Scopes: []string{"orders:read", "orders:list"}, Environment: "sandbox"}
	if diff := cmp.Diff(want, s.Expect); diff != "" {
		t.Errorf("expect (-want +got):\n%s", diff)
	}
	// unset variable: recorded, not an error (the check reports it)
	p, err := f.Spec("production", "orders.get", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := p.Request.Get("Authorization"); len(a.Vars) != 1 || a.Vars[0].Set {
		t.Errorf("unset variable not recorded: %+v", a.Vars)
	}
	if _, err := f.Spec("staging", "orders.get", nil); !errors.Is(err, ErrUnknown) || !strings.Contains(err.Error(), "sandbox, production") {
		t.Errorf("unknown environment: %v", err)
	}
	if _, err := f.Spec("sandbox", "nope", nil); !errors.Is(err, ErrUnknown) || !strings.Contains(err.Error(), "orders.get") {
		t.Errorf("unknown request: %v", err)
	}
}

func TestFind(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(root, "a", "authdoctor.yaml")
	if err := os.WriteFile(want, []byte(Starter), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Find(deep)
	if err != nil || got != want {
		t.Fatalf("Find = %q, %v; want %q", got, err, want)
	}
	if f, err := Load(got); err != nil || len(f.Environments) != 2 {
		t.Fatalf("Load: %v", err)
	}
	if _, err := Find(t.TempDir()); err == nil || !strings.Contains(err.Error(), "authdoctor init") {
		t.Errorf("Find in an empty tree: %v", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(Starter)
	f.Add(sample)
	f.Add("environments:\n  a: [\n")
	f.Add(opsHead + "defaults:\n  owner: x\n  review_every: 2w\n  blocks: [publishing]\nrequests:\n  r:\n    path: /x\n    expected:\n      status: 200\n      json_path: $.a[0].b\n  d:\n    path: /y\n    expect_denied: true\n")
	f.Add(opsHead + "requests:\n  r:\n    path: /x\n    expected:\n      status: 403\n")
	f.Fuzz(func(t *testing.T, in string) {
		file, err := Read(strings.NewReader(in), "p.yaml")
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		for _, e := range file.EnvOrder {
			for _, r := range file.RequestOrder {
				_, _ = file.Spec(e, r, func(string) (string, bool) { return "v", true })
			}
		}
	})
}
