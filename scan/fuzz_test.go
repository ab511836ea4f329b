package scan

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
)

// fuzzSecret is a 32-character token from seed, with a digit and both
// cases, the shape every context below must catch.
func fuzzSecret(seed uint64) string {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, 32)
	for i := range b {
		b[i] = alnum[r.IntN(len(alnum))]
	}
	b[3], b[9], b[17] = '7', 'q', 'Z'
	return string(b)
}

// FuzzReader: the line scanner never panics on any input, reports
// lines and columns inside it, and never puts a planted secret in any
// field of a finding, while it finds it on its own line.
func FuzzReader(f *testing.F) {
	for _, s := range []string{"", "\n", "Bearer ", "Basic =", `{"access_token":"x"}`, "sk_live_", "eyJ.a.b", "https://u:p@h/",
		"-----BEGIN PRIVATE KEY-----", `-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----`, "[redacted]", "\x00", "\x1f\x8b",
		expand("{{STRIPE_LIVE}} {{JWT}}\nAuthorization: Basic {{BASIC}}\r\n"), pemKey(),
		expand(`a {{GITHUB}} -----BEGIN PRIVATE KEY-----\n{{PEM_BODY}}\n-----END PRIVATE KEY----- b {{STRIPE_LIVE}} c {{SLACK}}`)} {
		f.Add(s, s, uint8(len(s)), uint64(len(s)))
	}
	contexts := []func(string) string{
		func(t string) string { return "Authorization: Bearer " + t },
		func(t string) string { return `{"access_token":"` + t + `"}` },
		func(t string) string { return "GET /x?api_key=" + t + "&page=1" },
		func(t string) string { return "https://user:" + t + "@host.example/" },
		func(t string) string { return "X-Api-Key: " + t },
		func(t string) string { return "sk_live_" + t },
		func(t string) string { return "ghp_" + t + "abcd" },
	}
	f.Fuzz(func(t *testing.T, before, after string, ctx uint8, seed uint64) {
		secret := fuzzSecret(seed)
		planted := contexts[int(ctx)%len(contexts)](secret)
		in := before + "\n" + planted + "\n" + after
		lines := strings.Count(in, "\n") + 1
		var got []Finding
		_, err := Reader(context.Background(), "f.log", strings.NewReader(in), func(x Finding) { got = append(got, x) })
		if err != nil {
			return // binary or gzip-looking input: nothing read
		}
		plantedLine := strings.Count(before, "\n") + 2
		found := false
		for _, x := range got {
			if x.Line < 1 || x.Line > lines || x.Column < 1 {
				t.Fatalf("finding outside the input: %+v", x)
			}
			for _, field := range []string{x.Path, x.Kind, x.Vendor, x.Environment, x.Severity, x.Fingerprint, x.Prefix, x.Field, x.Excerpt} {
				if strings.Contains(field, secret) {
					t.Fatalf("a finding holds the secret: %+v", x)
				}
			}
			found = found || x.Line == plantedLine
		}
		if !found && !strings.Contains(before, "-----BEGIN ") && !strings.Contains(before, "\x00") {
			t.Fatalf("the secret planted on line %d (%q) was not found: %+v", plantedLine, planted, got)
		}
	})
}
