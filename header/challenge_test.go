package header

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var challengeCases = []struct {
	name     string
	in       []string
	want     []Challenge
	problems []Problem // nil: no error
}{
	{
		name: "rfc 9110 example: two challenges in one value",
		in:   []string{`Basic realm="simple", Newauth realm="apps", type=1, title="Login to \"apps\""`},
		want: []Challenge{
			{Scheme: "Basic", Params: []Param{{"realm", "simple"}}},
			{Scheme: "Newauth", Params: []Param{{"realm", "apps"}, {"type", "1"}, {"title", `Login to "apps"`}}},
		},
	},
	{
		name: "rfc 6750 invalid_token with description",
		in:   []string{`Bearer realm="api", error="invalid_token", error_description="The access token expired"`},
		want: []Challenge{{Scheme: "Bearer", Params: []Param{{"realm", "api"}, {"error", "invalid_token"}, {"error_description", "The access token expired"}}}},
	},
	{
		name: "bare Bearer",
		in:   []string{"Bearer"},
		want: []Challenge{{Scheme: "Bearer"}},
	},
	{
		name: "Basic realm",
		in:   []string{`Basic realm="Restricted"`},
		want: []Challenge{{Scheme: "Basic", Params: []Param{{"realm", "Restricted"}}}},
	},
	{
		name: "Digest with comma inside qop and bare tokens",
		in:   []string{`Digest realm="x", qop="auth,auth-int", nonce="abc", algorithm=SHA-256, stale=true`},
		want: []Challenge{{Scheme: "Digest", Params: []Param{{"realm", "x"}, {"qop", "auth,auth-int"}, {"nonce", "abc"}, {"algorithm", "SHA-256"}, {"stale", "true"}}}},
	},
	{
		name: "two Digest challenges with different algorithms",
		in:   []string{`Digest realm="x", algorithm=SHA-256, nonce="n1", Digest realm="x", algorithm=MD5, nonce="n2"`},
		want: []Challenge{
			{Scheme: "Digest", Params: []Param{{"realm", "x"}, {"algorithm", "SHA-256"}, {"nonce", "n1"}}},
			{Scheme: "Digest", Params: []Param{{"realm", "x"}, {"algorithm", "MD5"}, {"nonce", "n2"}}},
		},
	},
	{
		name: "bare Negotiate",
		in:   []string{"Negotiate"},
		want: []Challenge{{Scheme: "Negotiate"}},
	},
	{
		name: "Negotiate with token68 and padding",
		in:   []string{"Negotiate YIIB...=="},
		want: []Challenge{{Scheme: "Negotiate", Token68: "YIIB...=="}},
	},
	{
		name: "token68 with slash plus and one pad",
		in:   []string{"Negotiate oYG/MIG8+oAD="},
		want: []Challenge{{Scheme: "Negotiate", Token68: "oYG/MIG8+oAD="}},
	},
	{
		name: "token68 that looks like a param name with padding",
		in:   []string{"Newauth abc="},
		want: []Challenge{{Scheme: "Newauth", Token68: "abc="}},
	},
	{
		name: "Negotiate and NTLM",
		in:   []string{"Negotiate, NTLM"},
		want: []Challenge{{Scheme: "Negotiate"}, {Scheme: "NTLM"}},
	},
	{
		name: "bare Token (DRF)",
		in:   []string{"Token"},
		want: []Challenge{{Scheme: "Token"}},
	},
	{
		name: "Bearer with scope",
		in:   []string{`Bearer realm="example", scope="openid profile email"`},
		want: []Challenge{{Scheme: "Bearer", Params: []Param{{"realm", "example"}, {"scope", "openid profile email"}}}},
	},
	{
		name: "lower-case bearer with bare error token",
		in:   []string{"bearer error=invalid_token"},
		want: []Challenge{{Scheme: "bearer", Params: []Param{{"error", "invalid_token"}}}},
	},
	{
		name: "docker registry, no space after commas",
		in:   []string{`Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull"`},
		want: []Challenge{{Scheme: "Bearer", Params: []Param{{"realm", "https://auth.docker.io/token"}, {"service", "registry.docker.io"}, {"scope", "repository:library/ubuntu:pull"}}}},
	},
	{
		name: "azure ad bearer then basic",
		in:   []string{`Bearer authorization_uri="https://login.example/authorize", error="invalid_token", error_description="The token is expired", Basic realm="x"`},
		want: []Challenge{
			{Scheme: "Bearer", Params: []Param{{"authorization_uri", "https://login.example/authorize"}, {"error", "invalid_token"}, {"error_description", "The token is expired"}}},
			{Scheme: "Basic", Params: []Param{{"realm", "x"}}},
		},
	},
	{
		name: "several field lines",
		in:   []string{`Basic realm="a"`, `Bearer realm="b"`, "Negotiate"},
		want: []Challenge{
			{Scheme: "Basic", Params: []Param{{"realm", "a"}}},
			{Scheme: "Bearer", Params: []Param{{"realm", "b"}}},
			{Scheme: "Negotiate"},
		},
	},
	{
		name: "a parameter on the next field line joins the last challenge",
		in:   []string{`Basic realm="a"`, `charset="UTF-8"`},
		want: []Challenge{{Scheme: "Basic", Params: []Param{{"realm", "a"}, {"charset", "UTF-8"}}}},
	},
	{
		name: "empty list elements and surrounding whitespace",
		in:   []string{`, ,Basic realm="a" , ,  Bearer ,`, "", " , "},
		want: []Challenge{{Scheme: "Basic", Params: []Param{{"realm", "a"}}}, {Scheme: "Bearer"}},
	},
	{
		name: "whitespace around equals",
		in:   []string{`Bearer realm = "x" , error= invalid_token,scope ="a b"`},
		want: []Challenge{{Scheme: "Bearer", Params: []Param{{"realm", "x"}, {"error", "invalid_token"}, {"scope", "a b"}}}},
	},
	{
		name: "tab after the scheme",
		in:   []string{"Bearer\trealm=\"x\""},
		want: []Challenge{{Scheme: "Bearer", Params: []Param{{"realm", "x"}}}},
	},
	{
		name: "quoted-pair escapes",
		in:   []string{`Newauth title="a \\ b \"c\" \d"`},
		want: []Challenge{{Scheme: "Newauth", Params: []Param{{"title", `a \ b "c" d`}}}},
	},
	{
		name: "empty quoted value",
		in:   []string{`Bearer realm=""`},
		want: []Challenge{{Scheme: "Bearer", Params: []Param{{"realm", ""}}}},
	},
	{
		name: "challenge without params before one with",
		in:   []string{`Bearer, Basic realm="a"`},
		want: []Challenge{{Scheme: "Bearer"}, {Scheme: "Basic", Params: []Param{{"realm", "a"}}}},
	},
	{
		name: "no field values",
		in:   nil,
		want: nil,
	},
	{
		name:     "unterminated quoted string keeps its text",
		in:       []string{`Bearer realm="api`},
		want:     []Challenge{{Scheme: "Bearer", Params: []Param{{"realm", "api"}}}},
		problems: []Problem{{Field: 0, Offset: 13, Msg: "unterminated quoted string"}},
	},
	{
		name:     "garbage",
		in:       []string{"@@@ ###, Basic"},
		want:     []Challenge{{Scheme: "Basic"}},
		problems: []Problem{{Field: 0, Offset: 0, Msg: "expected an auth scheme, found '@'"}},
	},
	{
		name:     "json body in the header",
		in:       []string{`{"error":"unauthorized"}`},
		want:     nil,
		problems: []Problem{{Field: 0, Offset: 0, Msg: "expected an auth scheme, found '{'"}},
	},
	{
		name:     "duplicate parameter keeps the first",
		in:       []string{`Bearer realm="a", REALM="b", error="invalid_token"`},
		want:     []Challenge{{Scheme: "Bearer", Params: []Param{{"realm", "a"}, {"error", "invalid_token"}}}},
		problems: []Problem{{Field: 0, Offset: 18, Msg: `duplicate parameter "REALM" in challenge "Bearer"`}},
	},
	{
		name:     "parameter before any scheme",
		in:       []string{`realm="x", Basic`},
		want:     []Challenge{{Scheme: "Basic"}},
		problems: []Problem{{Field: 0, Offset: 0, Msg: `parameter "realm" has no auth scheme before it`}},
	},
	{
		name:     "parameter after token68",
		in:       []string{`Negotiate abc==, realm="x", Basic realm="y"`},
		want:     []Challenge{{Scheme: "Negotiate", Token68: "abc=="}, {Scheme: "Basic", Params: []Param{{"realm", "y"}}}},
		problems: []Problem{{Field: 0, Offset: 17, Msg: `parameter "realm" follows a token68`}},
	},
	{
		name:     "scheme glued to a quote",
		in:       []string{`Basic"realm", Bearer`},
		want:     []Challenge{{Scheme: "Basic"}, {Scheme: "Bearer"}},
		problems: []Problem{{Field: 0, Offset: 5, Msg: `unexpected '"' after auth scheme "Basic"`}},
	},
	{
		name:     "missing value",
		in:       []string{`Bearer realm="x", error=, Basic`},
		want:     []Challenge{{Scheme: "Bearer", Params: []Param{{"realm", "x"}}}, {Scheme: "Basic"}},
		problems: []Problem{{Field: 0, Offset: 24, Msg: `missing value for parameter "error"`}},
	},
	{
		name:     "unquoted value with non-token bytes is kept",
		in:       []string{"Bearer realm=https://api.example"},
		want:     []Challenge{{Scheme: "Bearer", Params: []Param{{"realm", "https://api.example"}}}},
		problems: []Problem{{Field: 0, Offset: 18, Msg: `parameter "realm" has ':' in an unquoted value`}},
	},
	{
		name:     "junk after a value, recovery at the next comma",
		in:       []string{`Basic realm="a" junk, Bearer realm="b"`},
		want:     []Challenge{{Scheme: "Basic", Params: []Param{{"realm", "a"}}}, {Scheme: "Bearer", Params: []Param{{"realm", "b"}}}},
		problems: []Problem{{Field: 0, Offset: 16, Msg: "unexpected 'j' after parameter value"}},
	},
	{
		name:     "control byte in a quoted string",
		in:       []string{"Bearer realm=\"a\nb\""},
		want:     []Challenge{{Scheme: "Bearer", Params: []Param{{"realm", "a\nb"}}}},
		problems: []Problem{{Field: 0, Offset: 15, Msg: "LF in quoted string"}},
	},
	{
		name:     "problem on the second field line",
		in:       []string{`Basic realm="a"`, `Bearer realm="b`},
		want:     []Challenge{{Scheme: "Basic", Params: []Param{{"realm", "a"}}}, {Scheme: "Bearer", Params: []Param{{"realm", "b"}}}},
		problems: []Problem{{Field: 1, Offset: 13, Msg: "unterminated quoted string"}},
	},
}

func TestParseChallenges(t *testing.T) {
	t.Parallel()
	for _, tc := range challengeCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseChallenges(tc.in)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("challenges (-want +got):\n%s", diff)
			}
			if tc.problems == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error = %v, want a *ParseError", err)
			}
			if diff := cmp.Diff(tc.problems, pe.Problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			msg := err.Error()
			if strings.ContainsAny(msg, "\r\n") || msg != strings.ToLower(msg[:1])+msg[1:] || strings.HasSuffix(msg, ".") {
				t.Errorf("error %q is not one lower-case line without a period", msg)
			}
		})
	}
}

func TestParseErrorMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   []string
		want string
	}{
		{"one value", []string{`Bearer realm="a`}, "parse challenges: byte 13: unterminated quoted string"},
		{"second value", []string{"Basic", `Bearer realm="a`}, "parse challenges: value[1] byte 13: unterminated quoted string"},
		{"several problems", []string{`@, realm=x, Bearer realm="a`}, "parse challenges: byte 0: expected an auth scheme, found '@' (and 2 more problems)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseChallenges(tc.in)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestChallengeHelpers(t *testing.T) {
	t.Parallel()
	cs, err := ParseChallenges([]string{`bearer Realm="api", error="insufficient_scope", scope="repo  read:org	admin"`})
	if err != nil || len(cs) != 1 {
		t.Fatalf("ParseChallenges = %v, %v", cs, err)
	}
	c := cs[0]
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"Is canonical", c.Is("Bearer"), true},
		{"Is upper", c.Is("BEARER"), true},
		{"Is other", c.Is("Basic"), false},
		{"Param any case", first(c.Param("REALM")), "api"},
		{"Param present", second(c.Param("error")), true},
		{"Param absent", second(c.Param("error_uri")), false},
		{"Scopes", c.Scopes(), []string{"repo", "read:org", "admin"}},
		{"Scopes absent", Challenge{Scheme: "Bearer"}.Scopes(), []string(nil)},
		{"Scopes empty", Challenge{Scheme: "Bearer", Params: []Param{{"scope", " "}}}.Scopes(), []string(nil)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, tc.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func first(s string, _ bool) string { return s }
func second(_ string, ok bool) bool { return ok }

func BenchmarkParseChallenges(b *testing.B) {
	in := []string{
		`Bearer realm="api", error="invalid_token", error_description="The access token expired"`,
		`Digest realm="x", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", algorithm=SHA-256, stale=true, Basic realm="Restricted"`,
		`Negotiate YIIBhwYGKwYBBQUCoIIBezCCAXegMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICCqKCAUEEggE9YIIBOQ==`,
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseChallenges(in); err != nil {
			b.Fatal(err)
		}
	}
}
