package profile

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const opsHead = "environments:\n  a:\n    base_url: https://a.example.com\n"

func TestOpsFields(t *testing.T) {
	t.Parallel()
	in := opsHead + `defaults:
  owner: payments-team
  review_every: 2w
  blocks: [publishing, retrying]
  expected:
    status: 200
requests:
  orders:
    path: /v1/orders
    use_case: lists orders
    expected:
      json_path: $.orders[0].id
  refunds:
    path: /v1/refunds
    owner: finance
    blocks: []
    expect_denied: true
`
	f, err := Read(strings.NewReader(in), "authdoctor.yaml")
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		Owner, UseCase, Path string
		Status               int
		Review               time.Duration
		Blocks               []string
		Denied               bool
	}
	view := func(r *Request) got {
		return got{r.Ops.Owner, r.Ops.UseCase, r.Ops.Expected.JSONPath.String(), r.Ops.Expected.Status, r.Ops.Review(), r.Ops.Blocks, r.ExpectDenied}
	}
	want := map[string]got{
		"orders":  {"payments-team", "lists orders", "$.orders[0].id", 200, 14 * 24 * time.Hour, []string{"publishing", "retrying"}, false},
		"refunds": {"finance", "", "", 0, 14 * 24 * time.Hour, []string{}, true},
	}
	for name, w := range want {
		if diff := cmp.Diff(w, view(f.Requests[name])); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
	// Without review_every anywhere, the default applies.
	f, err = Read(strings.NewReader(opsHead+"requests:\n  r:\n    path: /x\n"), "p.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Requests["r"].Ops.Review(); got != DefaultReviewEvery {
		t.Errorf("default review = %v", got)
	}
}

func TestOpsErrors(t *testing.T) {
	t.Parallel()
	req := func(body string) string { return opsHead + "requests:\n  r:\n    path: /x\n" + body }
	for _, tc := range []struct{ name, in, want string }{
		{"unknown block", req("    blocks: [deploys]\n"), `p.yaml:7:13: blocks: "deploys" is not one of publishing, retrying, automation`},
		{"bad interval", req("    review_every: monthly\n"), `p.yaml:7:19: review_every: "monthly" is not an interval like 30d, 2w or 12h`},
		{"zero days", req("    review_every: 0d\n"), `p.yaml:7:19: review_every: "0d" is not a number of days`},
		{"tiny interval", req("    review_every: 5m\n"), `p.yaml:7:19: review_every: "5m" is not an interval`},
		{"bad status", req("    expected:\n      status: 2000\n"), `p.yaml:8:15: expected status "2000" is not an HTTP status (100 to 599)`},
		{"status word", req("    expected:\n      status: ok\n"), `p.yaml:8:15: expected status "ok" is not an HTTP status`},
		{"expected not a mapping", req("    expected: 200\n"), `p.yaml:7:15: expected must be a mapping`},
		{"unknown expected key", req("    expected:\n      body: x\n"), `p.yaml:8:7: unknown key "body" in expected: use status, json_path`},
		{"bad json_path", req("    expected:\n      json_path: $..orders\n"), `p.yaml:8:18: expected json_path: "$..orders": a member name is missing`},
		{"unclosed index", req("    expected:\n      json_path: $.orders[0\n"), `p.yaml:8:18: expected json_path: "$.orders[0": [ without ]`},
		{"whole body", req("    expected:\n      json_path: $\n"), `names the whole body`},
		{"403 without expect_denied", req("    expected:\n      status: 403\n"), `p.yaml:8:7: request r expects 403: for a request the credential must not be allowed, write expect_denied: true`},
		{"denied expecting 200", req("    expect_denied: true\n    expected:\n      status: 200\n"), `p.yaml:9:7: request r has expect_denied: true, so its expected status must be 403 or 401, not 200`},
		{"denied with a json path", req("    expect_denied: true\n    expected:\n      json_path: $.a\n"), `a refusal has no json_path`},
		{"expect_denied word", req("    expect_denied: maybe\n"), `p.yaml:7:20: expect_denied must be true or false`},
		{"multi-line owner", req("    owner: |\n      a\n      b\n"), `p.yaml:7:12: owner must be one line`},
		{"empty use_case", req("    use_case: \"\"\n"), `p.yaml:7:15: use_case is empty`},
		{"token as owner", req("    owner: ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"), `p.yaml:7:12: owner looks like a credential`},
		{"unknown request key", req("    ownr: x\n"), `p.yaml:7:5: unknown key "ownr" in request r: use method, path, headers, scopes, expect_denied, every, owner, use_case, expected, review_every, blocks`},
		{"unknown defaults key", opsHead + "defaults:\n  expect_denied: true\n", `p.yaml:5:3: unknown key "expect_denied" in defaults`},
		{"defaults expect 401", opsHead + "defaults:\n  expected:\n    status: 401\n", `p.yaml:6:5: defaults expect 401`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Read(strings.NewReader(tc.in), "p.yaml")
			if err == nil {
				t.Fatalf("no error; want %q", tc.want)
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Errorf("error %T is not *Error", err)
			}
			if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q; want one line containing %q", err, tc.want)
			}
		})
	}
}

func TestPath(t *testing.T) {
	t.Parallel()
	body := []byte(`{"orders":[{"id":"ord_1","note":null}],"meta":{"count":1}}`)
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"$.orders", true},
		{"orders", true},
		{"$.orders[0].id", true},
		{"$.orders[0].note", true}, // null exists
		{"$.orders[1]", false},
		{"$.meta.count", true},
		{"$.meta[0]", false},
		{"$.orders.id", false},
		{"$.missing", false},
		{"$.meta.count.x", false},
	} {
		p, err := ParsePath(tc.path)
		if err != nil {
			t.Fatalf("ParsePath(%q): %v", tc.path, err)
		}
		got, err := p.In(body)
		if err != nil || got != tc.want {
			t.Errorf("%s In = %v, %v; want %v", tc.path, got, err, tc.want)
		}
	}
	p, _ := ParsePath("$.a")
	if _, err := p.In([]byte(`<html>`)); !errors.Is(err, ErrNotJSON) {
		t.Errorf("In(html) error = %v; want ErrNotJSON", err)
	}
	if _, err := p.In([]byte(`{"a":[1,2`)); !errors.Is(err, ErrNotJSON) {
		t.Errorf("In(truncated) error = %v; want ErrNotJSON", err)
	}
}

func TestInterval(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{"30d": 30 * 24 * time.Hour, "2w": 14 * 24 * time.Hour, "12h": 12 * time.Hour, " 1d ": 24 * time.Hour} {
		got, err := ParseInterval(in)
		if err != nil || got != want {
			t.Errorf("ParseInterval(%q) = %v, %v; want %v", in, got, err, want)
		}
		if back, _ := ParseInterval(FormatInterval(got)); back != got {
			t.Errorf("FormatInterval(%v) = %q does not read back", got, FormatInterval(got))
		}
	}
	for _, bad := range []string{"", "d", "-3d", "30", "1.5d", "99999d", "30m"} {
		if _, err := ParseInterval(bad); err == nil {
			t.Errorf("ParseInterval(%q) accepted", bad)
		}
	}
}

func FuzzPath(f *testing.F) {
	for _, s := range []string{"$.orders", "orders[0]", "$.a.b[3].c", "$..x", "$[", "$.a[99999999]", "$"} {
		f.Add(s, `{"orders":[{"id":1}],"a":{"b":[0,1,2,{"c":null}]}}`)
	}
	f.Fuzz(func(t *testing.T, path, body string) {
		p, err := ParsePath(path)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if p.IsZero() {
			t.Fatalf("ParsePath(%q) gave no steps without an error", path)
		}
		again, err := ParsePath(p.String())
		if err != nil || len(again.steps) != len(p.steps) {
			t.Fatalf("String %q does not parse back: %v", p.String(), err)
		}
		_, _ = p.In([]byte(body))
	})
}

func FuzzInterval(f *testing.F) {
	for _, s := range []string{"30d", "2w", "12h", "1h30m", "0d", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseInterval(s)
		if err != nil {
			return
		}
		if d < time.Hour {
			t.Fatalf("ParseInterval(%q) = %v, under an hour", s, d)
		}
		if back, err := ParseInterval(FormatInterval(d)); err != nil || back != d {
			t.Fatalf("FormatInterval(%v) = %q reads back as %v, %v", d, FormatInterval(d), back, err)
		}
	})
}
