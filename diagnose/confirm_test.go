package diagnose

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
)

// planned is what a confirmation plan should send: the hypothesis, the
// corrected Authorization value, and the URL (apiURL when empty).
type planned struct {
	Hypothesis string
	Value      string
	URL        string
}

const otherSiteSkip = "confirmation of redirect.auth-dropped not sent: the final URL is on another site or plain http; pass --trust-redirects to send your credential there"

func TestConfirmations(t *testing.T) {
	t.Parallel()
	tok := opaque(11)
	refused := challenge401()
	refusedObs := func(fields ...authdoctor.Field) *authdoctor.Observation {
		return observe(req(apiURL, fields...)).baseline(refused).auth(refused).obs()
	}
	redirected := func(from, to string) *authdoctor.Observation {
		return observe(req(from, bearer(tok))).auth(redirectTo(to), rec{status: 401, url: to, noCred: true}).obs()
	}
	post := req(apiURL, bearer(`"`+tok+`"`))
	post.Method, post.AllowWrite = "POST", true
	cases := []struct {
		name string
		obs  *authdoctor.Observation
		// findings are hand-made; nil means check.Run supplies them.
		findings    []authdoctor.Finding
		po          PlanOptions
		want        []planned
		wantSkipped []string
		// skippedAny accepts any recorded reason instead of wantSkipped.
		skippedAny bool
		bug        string
	}{
		{name: "quoted", obs: refusedObs(bearer(`"` + tok + `"`)),
			want: []planned{{"header.quoted", "Bearer " + tok, ""}}},
		{name: "trailing newline refused by Go", obs: observe(req(apiURL, bearer(tok+"\n"))).fail(authdoctor.RoleAuthenticated, authdoctor.PhaseHeader, "invalid header field value").obs(),
			want: []planned{{"header.control-char", "Bearer " + tok, ""}}},
		{name: "two spaces and a trailing one", obs: refusedObs(fld("Authorization", "Bearer  "+tok+" ")),
			want: []planned{{"header.whitespace", "Bearer " + tok, ""}}},
		{name: "zero-width space", obs: refusedObs(bearer(tok + "\u200b")),
			want: []planned{{"header.lookalike", "Bearer " + tok, ""}}},
		{name: "double scheme", obs: refusedObs(bearer("Bearer " + tok)),
			want: []planned{{"header.double-scheme", "Bearer " + tok, ""}}},
		{name: "scheme colon", obs: refusedObs(fld("Authorization", "Bearer: "+tok)),
			want: []planned{{"header.scheme-colon", "Bearer " + tok, ""}}},
		{name: "scheme case, an info finding", obs: observe(req(apiURL, fld("Authorization", "bearer "+tok))).baseline(refused).auth(jsonRec(401, `{"error":"bad"}`)).obs(),
			want: []planned{{"header.scheme-case", "Bearer " + tok, ""}}},
		{name: "basic with a trailing newline", obs: refusedObs(basic("user:password\n")),
			want: []planned{{"credential.basic-malformed", "Basic dXNlcjpwYXNzd29yZA==", ""}}},
		{name: "scheme swapped to the challenged one",
			obs:  observe(req(apiURL, bearer(tok))).auth(jsonRec(401, `{"detail":"Authentication credentials were not provided."}`, "WWW-Authenticate", "Token")).obs(),
			want: []planned{{"header.scheme-mismatch", "Token " + tok, ""}}},
		{name: "Basic never swapped for a token scheme", obs: refusedObs(basic("alice:" + tok))},
		{name: "redirect to the parent domain", obs: redirected(apiURL, "https://example.com/v1/things"),
			want: []planned{{"redirect.auth-dropped", "Bearer " + tok, "https://example.com/v1/things"}}},
		{name: "redirect to a sibling subdomain needs --trust-redirects", obs: redirected(apiURL, "https://www.example.com/v1/things"),
			wantSkipped: []string{otherSiteSkip}},
		{name: "redirect between loopback hosts", obs: redirected("http://127.0.0.1:8080/v1", "http://localhost:9090/v1"),
			want: []planned{{"redirect.auth-dropped", "Bearer " + tok, "http://localhost:9090/v1"}}},
		{name: "redirect to another site", obs: redirected(apiURL, "https://api.other.net/v1/things"),
			wantSkipped: []string{otherSiteSkip}},
		{name: "redirect to another site, trusted", obs: redirected(apiURL, "https://api.other.net/v1/things"), po: PlanOptions{TrustRedirects: true},
			want: []planned{{"redirect.auth-dropped", "Bearer " + tok, "https://api.other.net/v1/things"}}},
		{name: "redirect between IP addresses of different hosts", obs: redirected("https://10.0.0.1/v1", "https://192.168.0.1/v1"),
			wantSkipped: []string{otherSiteSkip}},
		{name: "redirect downgraded to plain http", obs: redirected(apiURL, "http://www.example.com/v1/things"), skippedAny: true},
		{name: "POST is never repeated", obs: observe(post).baseline(refused).auth(refused).obs()},
		{name: "NoConfirm", obs: refusedObs(bearer(`"` + tok + `"`)), po: PlanOptions{NoConfirm: true}},
		{name: "accepted", obs: observe(req(apiURL, bearer(`"`+tok+`"`))).auth(jsonRec(200, `[]`)).obs()},
		{name: "accepted with an info finding", obs: observe(req(apiURL, fld("Authorization", "bearer "+tok))).auth(jsonRec(200, `[]`)).obs()},
		{name: "unfollowed redirect is not a failure", obs: observe(req(apiURL, bearer(`"`+tok+`"`))).auth(rec{status: 302, header: hdr("Location", "/login")}).obs()},
		{name: "already confirmed", obs: observe(req(apiURL, bearer(`"`+tok+`"`))).baseline(refused).auth(refused).confirm("header.quoted", refused).obs()},
		{name: "identical corrections planned once: quoted and scheme case", obs: refusedObs(fld("Authorization", `bearer "`+tok+`"`)),
			want: []planned{{"header.quoted", "Bearer " + tok, ""}}},
		{name: "identical corrections planned once: quoted and scheme colon", obs: refusedObs(fld("Authorization", `Bearer: "`+tok+`"`)),
			want: []planned{{"header.quoted", "Bearer " + tok, ""}}},
		{name: "no credential", obs: refusedObs(),
			findings: []authdoctor.Finding{mk("header.quoted", authdoctor.CauseCredentialMalformed, sevErr, authdoctor.Likely)}},
		{name: "hand-made redirect finding without an authenticated probe",
			obs:      observe(req(apiURL, bearer(tok))).obs(),
			findings: []authdoctor.Finding{mk("redirect.auth-dropped", authdoctor.CauseAuthDroppedOnRedirect, sevErr, authdoctor.Likely)},
		},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.bug != "" {
				t.Skip("bug: " + tt.bug)
			}
			fs := tt.findings
			if fs == nil {
				fs = check.Run(tt.obs, check.Options{})
			}
			orig := tt.obs.Request
			plans := Confirmations(tt.obs, fs, check.Options{}, tt.po)
			var got []planned
			for _, p := range plans {
				if p.Role != authdoctor.RoleConfirm || p.Label == "" {
					t.Errorf("%s: role %q, label %q", p.Hypothesis, p.Role, p.Label)
				}
				f, _ := p.Request.Get("Authorization")
				u := p.Request.URL
				if u == orig.URL {
					u = ""
				}
				got = append(got, planned{p.Hypothesis, f.Value.Reveal(), u})
				// Only the credential (and the URL of a redirect) changes.
				want := orig.With(f)
				want.URL = p.Request.URL
				if d := cmp.Diff(want, p.Request, secretEq); d != "" {
					t.Errorf("%s: request differs beyond the correction (-want +got):\n%s", p.Hypothesis, d)
				}
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("plans (-want +got):\n%s\nfindings:\n%s", d, dump(Rank(fs)))
			}
			if tt.skippedAny {
				if len(tt.obs.Skipped) == 0 {
					t.Error("no reason recorded in Skipped")
				}
			} else if d := cmp.Diff(tt.wantSkipped, tt.obs.Skipped); d != "" {
				t.Errorf("Skipped (-want +got):\n%s", d)
			}
			if d := cmp.Diff(orig, tt.obs.Request, secretEq); d != "" {
				t.Errorf("Confirmations changed the request:\n%s", d)
			}
		})
	}
}

// TestConfirmationsSkipOnce: planning twice records the skipped redirect
// once.
func TestConfirmationsSkipOnce(t *testing.T) {
	t.Parallel()
	to := "https://api.other.net/v1/things"
	o := observe(req(apiURL, bearer(opaque(12)))).auth(redirectTo(to), rec{status: 401, url: to, noCred: true}).obs()
	fs := check.Run(o, check.Options{})
	for range 2 {
		if ps := Confirmations(o, fs, check.Options{}, PlanOptions{}); len(ps) != 0 {
			t.Fatalf("planned %d confirmations, want none", len(ps))
		}
	}
	if d := cmp.Diff([]string{otherSiteSkip}, o.Skipped); d != "" {
		t.Errorf("Skipped (-want +got):\n%s", d)
	}
}

func TestFixBasic(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in string
		want     string
		ok       bool
	}{
		{"trailing newline", "Basic dXNlcjpwYXNzd29yZAo=", "Basic dXNlcjpwYXNzd29yZA==", true},
		{"trailing CRLF", "Basic " + b64("user:password\r\n"), "Basic dXNlcjpwYXNzd29yZA==", true},
		{"line-wrapped", "Basic dXNlcjpw\r\nYXNzd29yZA==", "Basic dXNlcjpwYXNzd29yZA==", true},
		{"wrapped with spaces", "Basic dXNl cjpw YXNz d29y ZA==", "Basic dXNlcjpwYXNzd29yZA==", true},
		{"missing padding", "Basic dXNlcjpwYXNzd29yZA", "Basic dXNlcjpwYXNzd29yZA==", true},
		{"surrounding whitespace is header.Fix's job", "  Basic dXNlcjpwYXNzd29yZA==\n", "Basic dXNlcjpwYXNzd29yZA==", false},
		{"lower-case scheme kept", "basic dXNlcjpwYXNzd29yZAo=", "basic dXNlcjpwYXNzd29yZA==", true},
		{"already clean", "Basic dXNlcjpwYXNzd29yZA==", "Basic dXNlcjpwYXNzd29yZA==", false},
		{"no colon", "Basic " + b64("userpassword\n"), "", false},
		{"not base64", "Basic user:password", "", false},
		{"no scheme", "dXNlcjpwYXNzd29yZAo=", "", false},
		{"empty", "", "", false},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := fixBasic(tt.in)
			if ok != tt.ok || (tt.want != "" && got != tt.want) {
				t.Errorf("fixBasic(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestSameSite(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, a, b string
		want       bool
		bug        string
	}{
		{"same host", apiURL, "https://api.example.com/v2", true, ""},
		{"subdomain to apex", apiURL, "https://example.com/v1", true, ""},
		{"sibling subdomains need --trust-redirects", apiURL, "https://www.example.com/v1", false, ""},
		{"parent domain", apiURL, "https://example.com/v1", true, ""},
		{"other port", apiURL, "https://api.example.com:8443/v1", true, ""},
		{"host case", apiURL, "https://API.Example.COM/v1", true, ""},
		{"other domain", apiURL, "https://api.other.net/v1", false, ""},
		{"same label, other TLD", apiURL, "https://api.example.net/v1", false, ""},
		{"both loopback", "http://127.0.0.1:8080/", "http://localhost:9090/", true, ""},
		{"IPv6 loopback", "http://[::1]:8080/", "http://app.localhost/", true, ""},
		{"loopback to public", "http://127.0.0.1/", "https://example.com/", false, ""},
		{"single-label host, same host", "http://intranet/", "http://intranet/x", true, ""},
		{"single-label hosts differ", "http://intranet/", "http://wiki/x", false, ""},
		{"unparseable", "http://[::1", apiURL, false, ""},
		{"empty", "", "", false, ""},
		{"IP addresses sharing the last two octets", "https://10.0.0.1/", "https://192.168.0.1/", false,
			"sameSite takes the last two labels of an IP address as its registered domain"},
		{"public suffix of two labels", "https://api.example.co.uk/", "https://evil.co.uk/", false,
			"sameSite's last-two-labels rule treats every *.co.uk (and other two-label public suffixes) as one site"},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.bug != "" {
				t.Skip("bug: " + tt.bug)
			}
			if got := sameSite(tt.a, tt.b); got != tt.want {
				t.Errorf("sameSite(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
			if got := sameSite(tt.b, tt.a); got != tt.want {
				t.Errorf("sameSite(%q, %q) = %v, want %v (not symmetric)", tt.b, tt.a, got, tt.want)
			}
		})
	}
}
