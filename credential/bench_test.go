package credential

import (
	"strings"
	"testing"
)

// Classifying one value runs on every line the coming log scanner reads:
// Recognise and Inspect must stay under 5 µs (docs/performance.md).

func BenchmarkRecognise(b *testing.B) {
	for _, bc := range []struct{ name, value string }{
		{"stripe", "sk_live_" + fill(alnum, 99, 1)},
		{"github-checksum", "ghp_" + withCRC(2)},
		{"pypi", "pypi-" + macaroon(2, "pypi.org")},
		{"clerk", "pk_test_" + clerkPK("foo-bar-13.clerk.accounts.dev", false)},
		{"opaque-miss", fill(alnum, 40, 3)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Recognise(bc.value)
			}
		})
	}
}

func BenchmarkInspectVendorKey(b *testing.B) {
	value := "Bearer ghp_" + withCRC(4)
	b.ReportAllocs()
	for b.Loop() {
		if c := Inspect("Authorization", value); c.Vendor != "GitHub" {
			b.Fatal(c.Vendor)
		}
	}
}

func BenchmarkFindKeys(b *testing.B) {
	line := `2026-11-29T10:00:00Z level=error msg="stripe call failed" key=sk_live_` + fill(alnum, 24, 5) + ` status=401 request_id=req_` + fill(alnum, 14, 6) + "\n"
	for _, bc := range []struct{ name, text string }{
		{"log-line", line},
		{"64KiB-logs", strings.Repeat(line, 64<<10/len(line))},
		{"64KiB-adversarial", strings.Repeat("sk-", 64<<10/3)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.text)))
			for b.Loop() {
				FindKeys(bc.text, func(KeyMatch) bool { return true })
			}
		})
	}
}
