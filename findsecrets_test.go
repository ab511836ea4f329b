package authdoctor

import (
	"strings"
	"testing"
)

// findSecretsSeeds are inputs where the old passes interact: a pass that
// sees what an earlier one replaced, nested quotes, keys in user info,
// schemes before JWTs and vendor keys.
func findSecretsSeeds() []string {
	key := "sk_test_" + scrubFill(scrubAlnum, 24, 4)
	jwt := "eyJhbGciOiJIUzI1NiJ9." + scrubFill(scrubB64, 30, 2) + "." + scrubFill(scrubB64, 43, 3)
	jwe := "eyJhbGciOiJSU0EtT0FFUCJ9." + scrubFill(scrubB64, 20, 5) + "." + scrubFill(scrubB64, 16, 6) + "." + scrubFill(scrubB64, 30, 7) + "." + scrubFill(scrubB64, 22, 8)
	return []string{
		"", "Bearer ", "Basic =", `{"access_token":"x"}`, "access_token=&x=1", "sk_test_", "AKIA", "eyJ.a.b",
		"https://u:p@h/", "Bearer realm=\"x\"", "password: \n", "[redacted]",
		"Authorization: Bearer " + jwt,
		"Authorization: Bearer " + key,
		"Bearer abc." + key + ".def",
		`{"password":"https://u:` + key + `@h"}`,
		`'password':'a"token":"x"b'`,
		`"token":"a'secret':'b'c"`,
		"https://bob:" + key + "@proxy.example.com/",
		"https://bob:a\"token\":\"zz\"b@h/",
		"token=" + jwt + "&api_key=" + key,
		"X-Api-Key: " + key + " Basic dXNlcjpwYXNz",
		"id_token=" + jwe,
		"SSWS 00" + scrubFill(scrubB64, 40, 9),
		"GET https://api.telegram.org/bot8123456701:AAH3kLm9Qx2Vb7Rt5Yw0Zp4Sd6Fg8Hj1KlE/getMe",
		"AC0123456789abcdef0123456789abcdef sk_live_0123456789abcdefABCDEF12",
		`{"access_token":"[redacted]"} Bearer [redacted] sk_test_[redacted]`,
		"password=[redacted]x token: Bearer " + key,
		"Credential=AKIA" + scrubFill(scrubUpper, 16, 7) + "/20240101",
	}
}

// checkFindSecrets fails when ScrubText differs from the old passes or
// the spans are out of order, overlapping or out of s.
func checkFindSecrets(t *testing.T, s string) {
	t.Helper()
	if got, want := ScrubText(s), oldScrubText(s); got != want {
		t.Fatalf("ScrubText(%q)\n got %q\nwant %q (the passes before FindSecrets)", s, got, want)
	}
	prev := 0
	FindSecrets(s, func(sp Span) bool {
		if sp.Start < prev || sp.Keep < 0 || sp.Start+sp.Keep >= sp.End || sp.End > len(s) {
			t.Fatalf("FindSecrets(%q): span %+v after offset %d", s, sp, prev)
		}
		if sp.Kind == "" {
			t.Fatalf("FindSecrets(%q): span %+v has no kind", s, sp)
		}
		prev = sp.End
		return true
	})
}

func TestFindSecretsMatchesOld(t *testing.T) {
	t.Parallel()
	for _, s := range findSecretsSeeds() {
		checkFindSecrets(t, s)
	}
}

// FuzzFindSecretsMatchesOld: ScrubText, which applies FindSecrets' spans
// to the original, returns byte for byte what the rewriting passes
// returned, and the spans are in order, apart and inside s. The second
// argument is planted in a credential context so that the passes meet.
func FuzzFindSecretsMatchesOld(f *testing.F) {
	for i, s := range findSecretsSeeds() {
		f.Add(s, s, uint8(i))
	}
	contexts := []func(a, b string) string{
		func(a, b string) string { return a + b },
		func(a, b string) string { return a + "Authorization: Bearer " + b },
		func(a, b string) string { return a + `{"access_token":"` + b + `"}` },
		func(a, b string) string { return a + "https://user:" + b + "@host.example/" },
		func(a, b string) string { return a + " api_key=" + b + "&x=1" },
		func(a, b string) string { return "'secret': '" + a + "' " + b },
	}
	f.Fuzz(func(t *testing.T, a, b string, ctx uint8) {
		checkFindSecrets(t, a)
		checkFindSecrets(t, contexts[int(ctx)%len(contexts)](a, b))
	})
}

// TestFindSecretsKinds: each pass reports its kind, and a vendor key its
// vendor, prefix and environment.
func TestFindSecretsKinds(t *testing.T) {
	t.Parallel()
	key := "sk_live_" + scrubFill(scrubAlnum, 24, 4)
	jwt := "eyJhbGciOiJIUzI1NiJ9." + scrubFill(scrubB64, 30, 2) + "." + scrubFill(scrubB64, 43, 3)
	for _, tc := range []struct {
		name, in, kind, secret string
		keep                   int
	}{
		{"quoted field", `{"access_token":"s3cr3tValue"}`, SpanCredentialField, "s3cr3tValue", 0},
		{"bare field", "api_key=s3cr3tValue&x=1", SpanCredentialField, "s3cr3tValue", 0},
		{"user info", "https://bob:s3cr3tValue@h.example/", SpanUserinfoPassword, "s3cr3tValue", 0},
		{"jwt", "saw " + jwt + " here", SpanJWT, jwt, 0},
		{"vendor key", "key " + key + " here", SpanVendorKey, key, len("sk_live_")},
		{"bearer", "Authorization: Bearer s3cr3tValue", SpanBearer, "s3cr3tValue", 0},
		{"basic", "Authorization: Basic dXNlcjpwYXNz", SpanBasic, "dXNlcjpwYXNz", 0},
		{"bearer jwt is the jwt", "Authorization: Bearer " + jwt, SpanJWT, jwt, 0},
	} {
		var spans []Span
		FindSecrets(tc.in, func(sp Span) bool { spans = append(spans, sp); return true })
		if len(spans) != 1 {
			t.Errorf("%s: FindSecrets(%q) = %+v, want one span", tc.name, tc.in, spans)
			continue
		}
		sp := spans[0]
		if sp.Kind != tc.kind || tc.in[sp.Start:sp.End] != tc.secret || sp.Keep != tc.keep {
			t.Errorf("%s: span %+v (%q), want kind %s, %q, keep %d", tc.name, sp, tc.in[sp.Start:sp.End], tc.kind, tc.secret, tc.keep)
		}
		if tc.kind == SpanVendorKey && (sp.Vendor != "Stripe" || !sp.Exact || sp.Key.Environment != "live") {
			t.Errorf("%s: vendor %q exact %v environment %q, want Stripe, exact, live", tc.name, sp.Vendor, sp.Exact, sp.Key.Environment)
		}
	}
	// fn returning false stops the search.
	n := 0
	FindSecrets("token=a1b2c3d4 password=e5f6g7h8", func(Span) bool { n++; return false })
	if n != 1 {
		t.Errorf("FindSecrets called fn %d times after it returned false, want 1", n)
	}
	if strings.Contains(ScrubText("x"), Redacted) {
		t.Error("ScrubText(\"x\") redacted something")
	}
}

// BenchmarkScrubTextOld is BenchmarkScrubText's body through the passes
// before FindSecrets, for comparison.
func BenchmarkScrubTextOld(b *testing.B) {
	var sb strings.Builder
	for i := 0; sb.Len() < 16<<10; i++ {
		sb.WriteString(`{"id":"req_` + scrubFill(scrubAlnum, 12, i) + `","message":"The request was rejected because the token has expired","access_token":"` + scrubFill(scrubAlnum, 40, i) + `"},` + "\n")
	}
	body := sb.String()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		oldScrubText(body)
	}
}
