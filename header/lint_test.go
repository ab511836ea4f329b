package header

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// co is an expected issue without its detail.
type co struct {
	code   Code
	offset int
}

func codes(is []Issue) []co {
	var out []co
	for _, i := range is {
		out = append(out, co{i.Code, i.Offset})
	}
	return out
}

const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXZhbHVl"

var authCases = []struct {
	name    string
	value   string
	want    []co
	fixed   string // "" means unchanged
	changed bool
}{
	// clean values
	{name: "bearer jwt", value: "Bearer " + jwt},
	{name: "basic", value: "Basic dXNlcjpwYXNzd29yZA=="},
	{name: "token68 alphabet", value: "Bearer aZ09-._~+/=="},
	{name: "digest params with spaces and quotes", value: `Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", qop=auth, nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", response="8ca523f5e9506fed4657c9700eebdbec", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`},
	{name: "aws sigv4", value: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"},
	{name: "unknown scheme with params", value: `Custom a="b", c=d`},
	{name: "unknown scheme with token", value: "Custom abc"},
	{name: "canonical NTLM", value: "NTLM TlRMTVNTUAABAAAAB4IIAAAAAAAAAAAAAAAAAAAAAAA="},
	{name: "credential word that starts like a scheme", value: "Bearer Bearerabc123"},
	{name: "Rails token params", value: `Token token="abc", nonce="def"`},

	// ctl-byte
	{name: "trailing LF", value: "Bearer abcdef\n", want: []co{{CodeCtlByte, 13}}, fixed: "Bearer abcdef", changed: true},
	{name: "trailing CRLF", value: "Bearer abcdef\r\n", want: []co{{CodeCtlByte, 13}}, fixed: "Bearer abcdef", changed: true},
	{name: "inner CR", value: "Bea\rrer abc", want: []co{{CodeCtlByte, 3}}, fixed: "Bearer abc", changed: true},
	{name: "leading NUL", value: "\x00Bearer abc", want: []co{{CodeCtlByte, 0}}, fixed: "Bearer abc", changed: true},
	{name: "tab as separator", value: "Bearer\tabc", want: []co{{CodeCtlByte, 6}}, fixed: "Bearer abc", changed: true},
	{name: "base64 wrapped at 76", value: "Basic dXNl\r\ncjpwYXNz", want: []co{{CodeCtlByte, 10}}, fixed: "Basic dXNlcjpwYXNz", changed: true},
	{name: "DEL inside", value: "Bearer ab\x7fcd", want: []co{{CodeCtlByte, 9}}, fixed: "Bearer abcd", changed: true},

	// leading / trailing space
	{name: "trailing space", value: "Bearer abc ", want: []co{{CodeTrailingSpace, 10}}, fixed: "Bearer abc", changed: true},
	{name: "leading spaces", value: "  Bearer abc", want: []co{{CodeLeadingSpace, 0}}, fixed: "Bearer abc", changed: true},
	{name: "space then LF", value: "Bearer abc \n", want: []co{{CodeTrailingSpace, 10}, {CodeCtlByte, 11}}, fixed: "Bearer abc", changed: true},

	// inner-space
	{name: "space inside credentials", value: "Bearer abc def", want: []co{{CodeInnerSpace, 10}}},
	{name: "three spaces after scheme", value: "Bearer   abc", want: []co{{CodeInnerSpace, 6}}, fixed: "Bearer abc", changed: true},
	{name: "no inner-space for digest", value: `Digest username="a b", realm="x"`},
	{name: "token scheme with a spaced token", value: "Token abc def", want: []co{{CodeInnerSpace, 9}}},
	{name: "bearer with params is not token68", value: `Bearer token="abc"`, want: []co{{CodeNotToken68, 12}}},

	// quoted
	{name: "value in double quotes", value: `"Bearer abc"`, want: []co{{CodeQuoted, 0}}, fixed: "Bearer abc", changed: true},
	{name: "value in single quotes", value: `'Bearer abc'`, want: []co{{CodeQuoted, 0}}, fixed: "Bearer abc", changed: true},
	{name: "credentials in double quotes", value: `Bearer "abc"`, want: []co{{CodeQuoted, 7}}, fixed: "Bearer abc", changed: true},
	{name: "credentials in single quotes", value: `Basic 'dXNlcg=='`, want: []co{{CodeQuoted, 6}}, fixed: "Basic dXNlcg==", changed: true},
	{name: "quotes and newline from env file", value: "\"Bearer abc\"\n", want: []co{{CodeQuoted, 0}, {CodeCtlByte, 12}}, fixed: "Bearer abc", changed: true},
	{name: "nested quotes", value: `"'Bearer abc'"`, want: []co{{CodeQuoted, 0}, {CodeQuoted, 1}}, fixed: "Bearer abc", changed: true},
	{name: "one quote only is not wrapping", value: `Bearer abc"`, want: []co{{CodeNotToken68, 10}}},

	// lookalike
	{name: "no-break space separator", value: "Bearer\u00a0abc", want: []co{{CodeLookalike, 6}}, fixed: "Bearer abc", changed: true},
	{name: "zero-width space at start", value: "\u200bBearer abc", want: []co{{CodeLookalike, 0}}, fixed: "Bearer abc", changed: true},
	{name: "byte order mark at start", value: "\ufeffBearer abc", want: []co{{CodeLookalike, 0}}, fixed: "Bearer abc", changed: true},
	{name: "zero-width joiner inside", value: "Bearer ab\u200dc", want: []co{{CodeLookalike, 9}}, fixed: "Bearer abc", changed: true},
	{name: "curly quotes around credentials", value: "Bearer \u201cabc\u201d", want: []co{{CodeQuoted, 7}}, fixed: "Bearer abc", changed: true},
	{name: "curly quote inside", value: "Bearer ab\u2019c", want: []co{{CodeLookalike, 9}}},
	{name: "en dash inside", value: "Bearer sk\u2013abc", want: []co{{CodeLookalike, 9}}},
	{name: "em dash inside", value: "Bearer sk\u2014abc", want: []co{{CodeLookalike, 9}}},
	{name: "other non-ASCII", value: "Bearer ab\u00e9\u00e9c", want: []co{{CodeLookalike, 9}}},
	{name: "invalid UTF-8", value: "Bearer ab\xffc", want: []co{{CodeLookalike, 9}}},

	// double-scheme
	{name: "Bearer Bearer", value: "Bearer Bearer abc", want: []co{{CodeDoubleScheme, 7}}, fixed: "Bearer abc", changed: true},
	{name: "Bearer Basic", value: "Bearer Basic abc", want: []co{{CodeDoubleScheme, 7}}, fixed: "Bearer abc", changed: true},
	{name: "Bearer bearer", value: "Bearer bearer abc", want: []co{{CodeDoubleScheme, 7}}, fixed: "Bearer abc", changed: true},
	{name: "triple scheme", value: "Bearer Bearer Token abc", want: []co{{CodeDoubleScheme, 7}}, fixed: "Bearer abc", changed: true},
	{name: "doubled with colon", value: "Bearer Bearer: abc", want: []co{{CodeDoubleScheme, 7}}, fixed: "Bearer abc", changed: true},
	{name: "doubled and nothing else", value: "Bearer Bearer", want: []co{{CodeDoubleScheme, 7}, {CodeEmptyCredentials, 13}}, fixed: "Bearer", changed: true},
	{name: "doubled inside quotes", value: `Bearer "Bearer abc"`, want: []co{{CodeQuoted, 7}, {CodeDoubleScheme, 8}}, fixed: "Bearer abc", changed: true},
	{name: "scheme word glued in credentials is no double", value: "Bearer Tokenizer123"},

	// pasted-header
	{name: "pasted header in credentials", value: "Bearer Authorization: Bearer abc", want: []co{{CodePastedHeader, 7}}, fixed: "Bearer abc", changed: true},
	{name: "value starts with header name", value: "Authorization: Bearer abc", want: []co{{CodePastedHeader, 0}}, fixed: "Bearer abc", changed: true},
	{name: "header name without colon", value: "Authorization Bearer abc", want: []co{{CodePastedHeader, 0}}, fixed: "Bearer abc", changed: true},
	{name: "lower-case pasted header", value: "authorization: Bearer abc", want: []co{{CodePastedHeader, 0}}, fixed: "Bearer abc", changed: true},
	{name: "proxy header pasted", value: "Basic Proxy-Authorization: Basic dXNlcg==", want: []co{{CodePastedHeader, 6}}, fixed: "Basic dXNlcg==", changed: true},
	{name: "header name later in credentials", value: "Bearer abcAuthorization:def", want: []co{{CodePastedHeader, 10}}},
	{name: "word Authorization alone is fine", value: "Bearer Authorization"},

	// scheme-colon
	{name: "colon and space", value: "Bearer: abc", want: []co{{CodeSchemeColon, 6}}, fixed: "Bearer abc", changed: true},
	{name: "colon no space", value: "Bearer:abc", want: []co{{CodeSchemeColon, 6}}, fixed: "Bearer abc", changed: true},
	{name: "colon and nothing", value: "Bearer:", want: []co{{CodeSchemeColon, 6}, {CodeEmptyCredentials, 7}}, fixed: "Bearer", changed: true},
	{name: "basic user:pass is not scheme-colon", value: "Basic user:pass", want: []co{{CodeNotToken68, 10}}},

	// no-space
	{name: "glued bearer", value: "Bearerabcdefgh12", want: []co{{CodeNoSpace, 6}}, fixed: "Bearer abcdefgh12", changed: true},
	{name: "glued bearer jwt", value: "Bearer" + jwt, want: []co{{CodeNoSpace, 6}}, fixed: "Bearer " + jwt, changed: true},
	{name: "glued lower-case basic", value: "basicdXNlcjpwYXNz", want: []co{{CodeSchemeCase, 0}, {CodeNoSpace, 5}}, fixed: "Basic dXNlcjpwYXNz", changed: true},
	{name: "glued JWT scheme", value: "JWT" + jwt, want: []co{{CodeNoSpace, 3}}, fixed: "JWT " + jwt, changed: true},
	{name: "scheme glued to a quote", value: `Bearer"abc"`, want: []co{{CodeNoSpace, 6}, {CodeQuoted, 6}}, fixed: "Bearer abc", changed: true},
	{name: "ordinary word Basically", value: "Basically", want: []co{{CodeNoScheme, 0}}},
	{name: "short scheme Key before a non-JWT", value: "Keyboard12345678", want: []co{{CodeNoScheme, 0}}},

	// no-scheme
	{name: "bare jwt", value: jwt, want: []co{{CodeNoScheme, 0}}},
	{name: "bare vendor key", value: "sk_test_4eC39HqLyjWDarjtT1zdp7dc", want: []co{{CodeNoScheme, 0}}},
	{name: "bare placeholder", value: "{{token}}", want: []co{{CodeNoScheme, 0}}},
	{name: "bare key with newline: fix the newline only", value: "sk_test_4eC39HqLyjWDarjtT1zdp7dc\n", want: []co{{CodeNoScheme, 0}, {CodeCtlByte, 32}}, fixed: "sk_test_4eC39HqLyjWDarjtT1zdp7dc", changed: true},
	{name: "pasted other header", value: "X-Api-Key:abc", want: []co{{CodeNoScheme, 0}}},

	// empty-credentials
	{name: "scheme only", value: "Bearer", want: []co{{CodeEmptyCredentials, 6}}},
	{name: "scheme and spaces", value: "Bearer   ", want: []co{{CodeEmptyCredentials, 6}, {CodeTrailingSpace, 6}}, fixed: "Bearer", changed: true},
	{name: "empty value", value: "", want: []co{{CodeEmptyCredentials, -1}}},
	{name: "empty quotes", value: `""`, want: []co{{CodeEmptyCredentials, -1}, {CodeQuoted, 0}}, fixed: "", changed: true},
	{name: "header name only", value: "Authorization:", want: []co{{CodePastedHeader, 0}, {CodeEmptyCredentials, 14}}, fixed: "", changed: true},

	// scheme-case
	{name: "lower-case bearer", value: "bearer abc", want: []co{{CodeSchemeCase, 0}}, fixed: "Bearer abc", changed: true},
	{name: "upper-case BASIC", value: "BASIC dXNlcg==", want: []co{{CodeSchemeCase, 0}}, fixed: "Basic dXNlcg==", changed: true},
	{name: "lower-case ntlm", value: "ntlm abc", want: []co{{CodeSchemeCase, 0}}, fixed: "NTLM abc", changed: true},

	// not-token68
	{name: "equals inside", value: "Bearer abc=def", want: []co{{CodeNotToken68, 10}}},
	{name: "at sign", value: "Bearer a@b", want: []co{{CodeNotToken68, 8}}},
	{name: "rfc 8959 secret-token colon", value: "Bearer secret-token:abc", want: []co{{CodeNotToken68, 19}}},
	{name: "lookalike explains the byte", value: "Bearer a\u00e9b", want: []co{{CodeLookalike, 8}}},

	// multiple-schemes
	{name: "two schemes", value: "Bearer abc, Basic dXNlcg==", want: []co{{CodeMultipleSchemes, 10}}},
	{name: "two schemes no space", value: "Basic dXNlcg==,Bearer abc", want: []co{{CodeMultipleSchemes, 14}}},
	{name: "digest params are not schemes", value: `Digest username="a", realm="b", Basic`, want: []co{{CodeMultipleSchemes, 30}}},
	{name: "comma without scheme", value: "Bearer a,b", want: []co{{CodeNotToken68, 8}}},
}

func TestLintAuthorization(t *testing.T) {
	t.Parallel()
	for _, tc := range authCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := LintAuthorization(tc.value)
			if diff := cmp.Diff(tc.want, codes(got), cmp.AllowUnexported(co{})); diff != "" {
				t.Errorf("LintAuthorization(%q) (-want +got):\n%s\ndetails: %v", tc.value, diff, got)
			}
			fixed, changed := Fix(tc.value, got)
			want := tc.fixed
			if !tc.changed {
				want = tc.value
			}
			if fixed != want || changed != tc.changed {
				t.Errorf("Fix(%q) = %q, %v; want %q, %v", tc.value, fixed, changed, want, tc.changed)
			}
			again, changed2 := Fix(fixed, LintAuthorization(fixed))
			if changed2 || again != fixed {
				t.Errorf("Fix is not idempotent: %q -> %q -> %q", tc.value, fixed, again)
			}
		})
	}
}

func TestLintDetails(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		value string
		want  []Issue
	}{
		{"trailing LF", "Bearer " + strings.Repeat("x", 805) + "\n", []Issue{{CodeCtlByte, 812, "trailing LF at byte 812"}}},
		{"CR inside", "Bea\rrer x", []Issue{{CodeCtlByte, 3, "CR at byte 3"}}},
		{"trailing CRLF", "Bearer x\r\n", []Issue{{CodeCtlByte, 8, "trailing CR LF at bytes 8-9"}}},
		{"many control bytes", "Bearer x\x01\x02\x03\x04\x05", []Issue{{CodeCtlByte, 8, "trailing 5 control bytes starting with SOH at bytes 8-12"}}},
		{"quoted", `"Bearer x"`, []Issue{{CodeQuoted, 0, "value is wrapped in double quotes (bytes 0 and 9)"}}},
		{"double scheme", "Bearer Basic x", []Issue{{CodeDoubleScheme, 7, "credentials start with the scheme word Basic again at byte 7"}}},
		{"scheme colon", "Bearer:x", []Issue{{CodeSchemeColon, 6, "colon after the scheme Bearer at byte 6; write the scheme, one space, then the credentials"}}},
		{"no space", "Bearerabcdefghij", []Issue{{CodeNoSpace, 6, "no space between the scheme Bearer and the credentials at byte 6"}}},
		{"no scheme", "abcdefghij", []Issue{{CodeNoScheme, 0, "value has no scheme word; it is a bare 10-byte credential"}}},
		{"lookalike", "Bearer\u00a0x", []Issue{{CodeLookalike, 6, "no-break space U+00A0 at bytes 6-7"}}},
		{"leading spaces", "  Bearer x", []Issue{{CodeLeadingSpace, 0, "2 leading spaces from byte 0"}}},
		{"multiple schemes", "Bearer a, Basic b", []Issue{{CodeMultipleSchemes, 8, "a second credential with the scheme Basic follows the comma at byte 8; send one credential"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, LintAuthorization(tc.value)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestLintValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		value string
		want  []co
		fixed string
	}{
		{name: "clean key", value: "sk_test_4eC39HqLyjWDarjtT1zdp7dc", fixed: "sk_test_4eC39HqLyjWDarjtT1zdp7dc"},
		{name: "trailing LF", value: "abcdef\n", want: []co{{CodeCtlByte, 6}}, fixed: "abcdef"},
		{name: "quoted", value: `"abcdef"`, want: []co{{CodeQuoted, 0}}, fixed: "abcdef"},
		{name: "space inside", value: "abc def", want: []co{{CodeInnerSpace, 3}}, fixed: "abc def"},
		{name: "no scheme rules", value: "Bearer:abc", fixed: "Bearer:abc"},
		{name: "lower-case scheme word is left alone", value: "bearer abc", want: []co{{CodeInnerSpace, 6}}, fixed: "bearer abc"},
		{name: "empty", value: "", want: []co{{CodeEmptyCredentials, -1}}, fixed: ""},
		{name: "only spaces", value: "   ", want: []co{{CodeEmptyCredentials, -1}, {CodeLeadingSpace, 0}}, fixed: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := LintValue(tc.value)
			if diff := cmp.Diff(tc.want, codes(got), cmp.AllowUnexported(co{})); diff != "" {
				t.Errorf("LintValue(%q) (-want +got):\n%s", tc.value, diff)
			}
			if fixed, _ := Fix(tc.value, got); fixed != tc.fixed {
				t.Errorf("Fix(%q) = %q, want %q", tc.value, fixed, tc.fixed)
			}
		})
	}
}

func TestFixSubset(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		value string
		keep  []Code
		want  string
	}{
		{"newline only keeps the case", "bearer abc\n", []Code{CodeCtlByte}, "bearer abc"},
		{"case only keeps the newline", "bearer abc\n", []Code{CodeSchemeCase}, "Bearer abc\n"},
		{"no issues", "bearer abc\n", nil, "bearer abc\n"},
		{"no-scheme alone", "abcdefghijkl", []Code{CodeNoScheme}, "abcdefghijkl"},
		{"quotes uncover a doubled scheme", `"Bearer Bearer abc"`, []Code{CodeQuoted}, "Bearer Bearer abc"},
		{"colon only", "bearer: abc ", []Code{CodeSchemeColon}, "bearer abc "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var is []Issue
			for _, i := range LintAuthorization(tc.value) {
				for _, c := range tc.keep {
					if i.Code == c {
						is = append(is, i)
					}
				}
			}
			got, changed := Fix(tc.value, is)
			if got != tc.want || changed != (tc.want != tc.value) {
				t.Errorf("Fix(%q, %v) = %q, %v; want %q", tc.value, tc.keep, got, changed, tc.want)
			}
		})
	}
}

func TestSplit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, value, scheme, credentials string
		ok                               bool
	}{
		{"bearer", "Bearer abc", "Bearer", "abc", true},
		{"several spaces", "Basic   dXNl", "Basic", "dXNl", true},
		{"surrounding whitespace", " \tBearer abc \t", "Bearer", "abc", true},
		{"params", `Digest username="a", realm="b"`, "Digest", `username="a", realm="b"`, true},
		{"newline stays in the credentials", "Bearer abc\n", "Bearer", "abc\n", true},
		{"scheme only", "Bearer", "", "", false},
		{"scheme and space only", "Bearer ", "", "", false},
		{"colon", "Bearer: abc", "", "", false},
		{"bare token", jwt, "", "", false},
		{"empty", "", "", "", false},
		{"tab separator", "Bearer\tabc", "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, c, ok := Split(tc.value)
			if s != tc.scheme || c != tc.credentials || ok != tc.ok {
				t.Errorf("Split(%q) = %q, %q, %v; want %q, %q, %v", tc.value, s, c, ok, tc.scheme, tc.credentials, tc.ok)
			}
		})
	}
}

func TestLintName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, header string
		want         []co
	}{
		{"canonical", "Authorization", nil},
		{"api key", "X-API-Key", nil},
		{"underscores", "x_api_key", []co{{CodeNameUnderscore, 1}}},
		{"django meta name", "HTTP_AUTHORIZATION", []co{{CodeNameUnderscore, 4}}},
		{"space: colon lost", "Authorization Bearer", []co{{CodeNameSpace, 13}}},
		{"trailing space", "X-Api-Key ", []co{{CodeNameSpace, 9}}},
		{"colon", "Authorization:", []co{{CodeNameColon, 13}}},
		{"empty", "", []co{{CodeNameEmpty, -1}}},
		{"non-token bytes", "X-Api-Kéy", []co{{CodeNameInvalid, 7}}},
		{"several", "a_b c:d", []co{{CodeNameUnderscore, 1}, {CodeNameSpace, 3}, {CodeNameColon, 5}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := LintName(tc.header)
			if diff := cmp.Diff(tc.want, codes(got), cmp.AllowUnexported(co{})); diff != "" {
				t.Errorf("LintName(%q) (-want +got):\n%s", tc.header, diff)
			}
			for _, i := range got {
				if tc.header != "" && strings.Contains(i.Detail, tc.header) {
					t.Errorf("detail %q repeats the name", i.Detail)
				}
			}
		})
	}
}

// secrets are realistic credentials; no 6-byte window of one may appear in
// any Detail, whatever mistake surrounds it.
var secrets = []string{
	"ghp_Zq8xW2bR7nK4mT9vL1cY6hD3fJ0sP5gA8uE2",
	jwt,
	"sk_live_51HqLyjWDarjtT1zdp7dcXa9",
	"dXNlcjpwYXNzd29yZA==",
	"Qm9iOnMzY3JldCE",
}

func mistakes(s string) []string {
	return []string{
		"Bearer " + s,
		"Bearer " + s + "\n",
		"Bearer " + s + "\r\n",
		" Bearer " + s + " ",
		`"Bearer ` + s + `"`,
		`Bearer "` + s + `"`,
		"Bearer Bearer " + s,
		"Bearer Basic " + s,
		"Bearer Authorization: Bearer " + s,
		"Authorization: Bearer " + s,
		"Bearer: " + s,
		"Bearer:" + s,
		"Bearer" + s,
		"bearer " + s,
		s,
		s + "\n",
		"Bearer " + s[:5] + " " + s[5:],
		"Bearer " + s[:5] + "\u00a0" + s[5:],
		"Bearer " + s[:5] + "\u200b" + s[5:],
		"Bearer " + s[:5] + "\u2013" + s[5:],
		"Bearer " + s[:5] + "@" + s[5:],
		"Bearer " + s + ", Basic " + s,
		"Basic " + s + ":" + s,
		"Bearer\u00a0" + s,
		"\u201cBearer " + s + "\u201d",
	}
}

func TestDetailNeverHoldsTheCredential(t *testing.T) {
	t.Parallel()
	for _, s := range secrets {
		for _, v := range mistakes(s) {
			for _, lint := range []func(string) []Issue{LintAuthorization, LintValue} {
				for _, is := range lint(v) {
					for k := 0; k+6 <= len(s); k++ {
						if strings.Contains(is.Detail, s[k:k+6]) {
							t.Errorf("detail %q of %s for %q holds part of the credential", is.Detail, is.Code, v)
							break
						}
					}
				}
			}
		}
	}
}

func TestIssuesSorted(t *testing.T) {
	t.Parallel()
	for _, tc := range authCases {
		got := LintAuthorization(tc.value)
		sorted := append([]Issue(nil), got...)
		sortIssues(sorted)
		if diff := cmp.Diff(sorted, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: issues not sorted:\n%s", tc.name, diff)
		}
	}
}

func TestSchemes(t *testing.T) {
	t.Parallel()
	s := Schemes()
	if len(s) != len(knownSchemes) || s[0] != "Bearer" {
		t.Fatalf("Schemes() = %v", s)
	}
	s[0] = "changed"
	if Schemes()[0] != "Bearer" {
		t.Error("Schemes returned the package slice, not a copy")
	}
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{{"bearer", "Bearer", true}, {"aws4-hmac-sha256", "AWS4-HMAC-SHA256", true}, {"dpop", "DPoP", true}, {"Newauth", "", false}} {
		if got, ok := KnownScheme(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("KnownScheme(%q) = %q, %v", tc.in, got, ok)
		}
	}
}
