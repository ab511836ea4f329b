package diagnose

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
)

// item is the expected status of a checklist item and a substring of its
// detail ("" accepts any).
type item struct {
	status authdoctor.Status
	detail string
}

const (
	pass = authdoctor.Pass
	fail = authdoctor.Fail
	nc   = authdoctor.NotChecked
)

func TestChecklist(t *testing.T) {
	t.Parallel()
	scope403 := jsonRec(403, `{"error":"insufficient_scope"}`, "WWW-Authenticate", `Bearer error="insufficient_scope", scope="things:write"`)
	redaction := item{pass, "sha256 fingerprint"}
	cases := []struct {
		name string
		obs  *authdoctor.Observation
		want map[string]item
	}{
		{
			name: "no credential",
			obs:  observe(req(apiURL)).auth(challenge401()).obs(),
			want: map[string]item{
				ItemEndpoint:  {pass, "GET https://api.example.com/v1/things answered 401 Unauthorized"},
				ItemMinimal:   {pass, "1 request(s) sent by authdoctor"},
				ItemHeader:    {nc, "no credential header"},
				ItemExpiry:    {nc, "no credential"},
				ItemScopes:    {nc, ""},
				ItemStorage:   {nc, "no credential"},
				ItemRedaction: redaction,
			},
		},
		{
			name: "opaque token accepted",
			obs:  observe(req(apiURL, bearer(opaque(1)))).baseline(challenge401()).auth(jsonRec(200, `[]`)).obs(),
			want: map[string]item{
				ItemEndpoint:  {pass, "answered 200 OK"},
				ItemMinimal:   {pass, "2 request(s)"},
				ItemHeader:    {pass, "Authorization (Bearer): well formed"},
				ItemExpiry:    {nc, "this opaque credential carries no expiry"},
				ItemScopes:    {nc, ""},
				ItemStorage:   {pass, "read from API_TOKEN"},
				ItemRedaction: redaction,
			},
		},
		{
			name: "literal argv",
			obs:  observe(req(apiURL, literal("Authorization", "Bearer "+opaque(2)))).auth(jsonRec(200, `[]`)).obs(),
			want: map[string]item{
				ItemEndpoint:  {pass, ""},
				ItemMinimal:   {pass, ""},
				ItemHeader:    {pass, ""},
				ItemExpiry:    {nc, ""},
				ItemScopes:    {nc, ""},
				ItemStorage:   {fail, "typed on the command line"},
				ItemRedaction: redaction,
			},
		},
		{
			name: "expired JWT",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(-time.Hour))))).baseline(challenge401()).auth(challenge401()).obs(),
			want: map[string]item{
				ItemEndpoint:  {pass, ""},
				ItemMinimal:   {pass, ""},
				ItemHeader:    {pass, ""},
				ItemExpiry:    {fail, "The token expired 1h ago"},
				ItemScopes:    {nc, ""},
				ItemStorage:   {pass, ""},
				ItemRedaction: redaction,
			},
		},
		{
			name: "valid JWT accepted",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(time.Hour))))).auth(jsonRec(200, `[]`)).obs(),
			want: map[string]item{
				ItemEndpoint:  {pass, ""},
				ItemMinimal:   {pass, ""},
				ItemHeader:    {pass, ""},
				ItemExpiry:    {pass, "valid until 2026-11-29 13:00:00 UTC"},
				ItemScopes:    {pass, "accepted the token's scopes"},
				ItemStorage:   {pass, ""},
				ItemRedaction: redaction,
			},
		},
		{
			name: "JWT without exp",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(time.Hour, "exp", nil))))).auth(jsonRec(200, `[]`)).obs(),
			want: map[string]item{
				ItemEndpoint:  {pass, ""},
				ItemMinimal:   {pass, ""},
				ItemHeader:    {pass, ""},
				ItemExpiry:    {pass, "no exp claim"},
				ItemScopes:    {pass, ""},
				ItemStorage:   {pass, ""},
				ItemRedaction: redaction,
			},
		},
		{
			name: "insufficient scope",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(time.Hour))))).auth(scope403).obs(),
			want: map[string]item{
				ItemEndpoint:  {pass, "answered 403 Forbidden"},
				ItemMinimal:   {pass, ""},
				ItemHeader:    {pass, ""},
				ItemExpiry:    {pass, "valid until"},
				ItemScopes:    {fail, "lacks the scope things:write"},
				ItemStorage:   {pass, ""},
				ItemRedaction: redaction,
			},
		},
		{
			name: "quoted token refused",
			obs:  observe(req(apiURL, bearer(`"`+opaque(3)+`"`))).baseline(challenge401()).auth(challenge401()).obs(),
			want: map[string]item{
				ItemEndpoint:  {pass, ""},
				ItemMinimal:   {pass, ""},
				ItemHeader:    {fail, "wrapped in quotes"},
				ItemExpiry:    {nc, ""},
				ItemScopes:    {nc, ""},
				ItemStorage:   {pass, ""},
				ItemRedaction: redaction,
			},
		},
		{
			name: "endpoint not found",
			obs: observe(req(apiURL, bearer(opaque(4)))).
				baseline(jsonRec(404, `{"message":"not found"}`)).auth(jsonRec(404, `{"message":"not found"}`)).obs(),
			want: map[string]item{
				ItemEndpoint:  {fail, "404 Not Found"},
				ItemMinimal:   {pass, ""},
				ItemHeader:    {pass, ""},
				ItemExpiry:    {nc, ""},
				ItemScopes:    {nc, ""},
				ItemStorage:   {pass, ""},
				ItemRedaction: redaction,
			},
		},
		{
			name: "no response",
			obs:  observe(req(apiURL, bearer(opaque(5)+"\n"))).fail(authdoctor.RoleAuthenticated, authdoctor.PhaseHeader, "invalid header field value").obs(),
			want: map[string]item{
				ItemEndpoint:  {nc, "no response"},
				ItemMinimal:   {fail, "no response"},
				ItemHeader:    {fail, "control character"},
				ItemExpiry:    {nc, ""},
				ItemScopes:    {nc, ""},
				ItemStorage:   {pass, ""},
				ItemRedaction: redaction,
			},
		},
		{
			name: "secret in the query is redacted in the endpoint detail",
			obs:  observe(req(apiURL+"?access_token="+opaque(6), bearer(opaque(6)))).auth(jsonRec(200, `[]`)).obs(),
			want: map[string]item{
				ItemEndpoint:  {pass, "access_token=[redacted] answered 200 OK"},
				ItemMinimal:   {pass, ""},
				ItemHeader:    {fail, "More than one credential"},
				ItemExpiry:    {nc, ""},
				ItemScopes:    {nc, ""},
				ItemStorage:   {pass, ""},
				ItemRedaction: redaction,
			},
		},
	}
	wantIDs := []string{ItemEndpoint, ItemMinimal, ItemHeader, ItemExpiry, ItemScopes, ItemStorage, ItemRedaction}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fs := check.Run(tt.obs, check.Options{})
			d := Diagnose(tt.obs, fs, check.Options{})
			var gotIDs []string
			got := map[string]item{}
			for _, it := range d.Checklist {
				gotIDs = append(gotIDs, it.ID)
				if it.Label == "" {
					t.Errorf("%s: empty label", it.ID)
				}
				w := tt.want[it.ID]
				detail := ""
				if strings.Contains(it.Detail, w.detail) {
					detail = w.detail
				} else {
					detail = it.Detail
				}
				got[it.ID] = item{it.Status, detail}
			}
			if d := cmp.Diff(wantIDs, gotIDs); d != "" {
				t.Fatalf("checklist ids (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.want, got, cmp.AllowUnexported(item{})); d != "" {
				t.Errorf("checklist (-want +got; a detail shows in full when it lacks the wanted substring):\n%s\nfindings:\n%s", d, dump(fs))
			}
		})
	}
}
