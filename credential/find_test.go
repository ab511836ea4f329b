package credential

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// found is what the FindKeys tests compare of a match.
type found struct {
	Key         string // s[Start:End]
	Kept        string // s[Start:Start+Keep]
	Vendor      string
	Kind        string
	Exact       bool
	Placeholder bool
}

func findAll(s string) []found {
	var out []found
	FindKeys(s, func(m KeyMatch) bool {
		out = append(out, found{s[m.Start:m.End], s[m.Start : m.Start+m.Keep], m.Vendor.Name, m.Vendor.Kind, m.Exact, m.Placeholder})
		return true
	})
	return out
}

func TestFindKeys(t *testing.T) {
	t.Parallel()
	stripe := "sk_live_" + fill(alnum, 24, 1)
	ghp := "ghp_" + withCRC(2)
	aws := "AKIA" + fill(base32Chars, 16, 3)
	tg := fill(digits, 10, 4) + ":" + fill(b64url, 35, 5)
	mc := fill(hexLower, 32, 6) + "-us14"
	okta := "SSWS 00" + fill(b64url, 40, 7)
	dc := discordToken("123456789012345678", 8)
	tests := []struct {
		name string
		text string
		want []found
	}{
		{"nothing", "GET /v1/charges 401 Unauthorized", nil},
		{"a key in a log line", "level=error msg=\"No such API key: " + stripe + "\" status=401",
			[]found{{stripe, "sk_live_", "Stripe", "secret", true, false}}},
		{"two keys", "a=" + ghp + ", b=" + aws + ".",
			[]found{{ghp, "ghp_", "GitHub", "pat", true, false}, {aws, "AKIA", "AWS", "long-term", true, false}}},
		{"a key at the start and at the end", stripe + " " + stripe,
			[]found{{stripe, "sk_live_", "Stripe", "secret", true, false}, {stripe, "sk_live_", "Stripe", "secret", true, false}}},
		{"not at a word boundary before", "my" + stripe, nil},
		{"not at a word boundary after", stripe + "_suffix", nil},
		{"a truncated key is still found", "token sk_live_" + fill(alnum, 12, 9) + " rejected",
			[]found{{"sk_live_" + fill(alnum, 12, 9), "sk_live_", "Stripe", "secret", false, false}}},
		{"a placeholder is found and flagged", "STRIPE_KEY=sk_test_" + strings.Repeat("x", 24),
			[]found{{"sk_test_" + strings.Repeat("x", 24), "sk_test_", "Stripe", "secret", false, true}}},
		{"a sentence ends after the key", "the key is " + ghp + ".",
			[]found{{ghp, "ghp_", "GitHub", "pat", true, false}}},
		{"telegram token glued to /bot in the URL path", "https://api.telegram.org/bot" + tg + "/getMe",
			[]found{{tg, "", "Telegram", "bot-token", true, false}}},
		{"glued to a longer word: not the bot path", "https://example.com/robot" + tg + "/x", nil},
		{"glue is Telegram's alone", "/bot" + stripe, nil},
		{"digits glued to another word", "id" + tg, nil},
		{"telegram token alone", "TELEGRAM_TOKEN=" + tg,
			[]found{{tg, "", "Telegram", "bot-token", true, false}}},
		{"mailchimp key", "apikey " + mc + " dc",
			[]found{{mc, "", "Mailchimp", "api-key", true, false}}},
		{"okta after SSWS keeps the scheme", "Authorization: " + okta,
			[]found{{okta, "SSWS ", "Okta", "api-token", true, false}}},
		{"discord bot token", "Authorization: Bot " + dc,
			[]found{{dc, "", "Discord", "bot-token", true, false}}},
		{"digits that are no token", "2026-11-29T10:00:00Z 1234567890 id=99", nil},
		{"a longer prefix that fails claims nothing exact below it", "k=sk-or-v1-" + fill(hexLower, 70, 10),
			[]found{{"sk-or-v1-" + fill(hexLower, 70, 10), "sk-", "OpenAI", "user", false, false}}},
		{"a word that starts like a prefix", "test_user_creation key-value live_stream pattern", nil},
		{"json", `{"key":"` + stripe + `","other":"` + aws + `"}`,
			[]found{{stripe, "sk_live_", "Stripe", "secret", true, false}, {aws, "AKIA", "AWS", "long-term", true, false}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if d := cmp.Diff(tc.want, findAll(tc.text)); d != "" {
				t.Errorf("FindKeys mismatch (-want +got):\n%s", d)
			}
		})
	}
}

// TestFindKeysEveryVendor embeds every positive Recognise case in text:
// FindKeys must find it whole, with the same vendor, unless the kind is
// known only by its header, or is a URL or query string (DSN, SAS).
func TestFindKeysEveryVendor(t *testing.T) {
	t.Parallel()
	for _, tc := range vendorCases() {
		if tc.header != "" || tc.want.Kind == "dsn" || tc.want.Kind == "sas" {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, text := range []string{tc.value, "x " + tc.value + " y", `{"k":"` + tc.value + `"}`, "k=" + tc.value + "&x=1"} {
				got := findAll(text)
				if len(got) != 1 || got[0].Key != tc.value || !got[0].Exact || got[0].Vendor != tc.want.Name || got[0].Kind != tc.want.Kind {
					t.Errorf("FindKeys(%q…) = %+v, want one exact %s %s", text[:min(len(text), 16)], got, tc.want.Name, tc.want.Kind)
				}
				if len(got) == 1 && got[0].Kept != tc.want.Prefix {
					t.Errorf("kept %q, want the prefix %q", got[0].Kept, tc.want.Prefix)
				}
			}
		})
	}
}

func TestFindKeysStops(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("sk_test_"+fill(alnum, 24, 1)+" ", 5)
	n := 0
	FindKeys(text, func(KeyMatch) bool { n++; return n < 2 })
	if n != 2 {
		t.Errorf("fn called %d times after returning false, want 2", n)
	}
}

// scrubVendorShapes is the prefix table the root scrubber had before it
// called FindKeys, as data: prefix, the bytes after it, their lengths.
// TestFindKeysFindsTheOldScrubTable keeps FindKeys finding all of them.
var scrubVendorShapes = func() []struct {
	prefix, bytes string
	min, max      int
} {
	const (
		an      = alnumChars
		word    = alnumChars + "_"
		keyByte = word + ".-"
		b64u    = word + "-"
		anDash  = alnumChars + "-"
		upNum   = digitChars + upperChars
		hexLo   = "0123456789abcdef"
		hex     = hexLo + "ABCDEF"
		hexDash = hexLo + "-"
	)
	type e = struct {
		prefix, bytes string
		min, max      int
	}
	return []e{
		{"sk_test_", an, 8, 255}, {"sk_live_", an, 8, 255}, {"rk_test_", an, 8, 255}, {"rk_live_", an, 8, 255},
		{"pk_test_", an, 8, 255}, {"pk_live_", an, 8, 255},
		{"ghp_", an, 20, 255}, {"gho_", an, 20, 255}, {"ghu_", an, 20, 255}, {"ghs_", an, 20, 255}, {"ghr_", an, 20, 255},
		{"github_pat_", word, 20, 255}, {"glpat-", keyByte, 16, 255},
		{"xoxb-", anDash, 8, 255}, {"xoxp-", anDash, 8, 255}, {"xapp-", anDash, 8, 255}, {"xoxe-", anDash, 8, 255},
		{"xoxe.xoxb-", anDash, 8, 255}, {"xoxe.xoxp-", anDash, 8, 255}, {"xoxa-", anDash, 8, 255}, {"xoxr-", anDash, 8, 255},
		{"sk-ant-api03-", b64u, 16, 512}, {"sk-ant-admin01-", b64u, 16, 512}, {"sk-ant-", b64u, 16, 512},
		{"sk-proj-", b64u, 16, 512}, {"sk-svcacct-", b64u, 16, 512}, {"sk-admin-", b64u, 16, 512}, {"sk-", b64u, 16, 512},
		{"AKIA", upNum, 16, 16}, {"ASIA", upNum, 16, 16},
		{"AIza", b64u, 30, 64}, {"ya29.", keyByte, 16, 1000}, {"1//", b64u, 16, 512},
		{"SG.", keyByte, 16, 255}, {"SK", hexLo, 32, 32}, {"AC", hexLo, 32, 32},
		{"shpat_", hex, 16, 64}, {"shpca_", hex, 16, 64}, {"shppa_", hex, 16, 64}, {"shpss_", hex, 16, 64},
		{"EAAA", b64u, 30, 255}, {"sq0atp-", b64u, 16, 255}, {"sq0idp-", b64u, 16, 255}, {"sq0csp-", b64u, 16, 255},
		{"sandbox-sq0atb-", b64u, 16, 255}, {"sandbox-sq0idb-", b64u, 16, 255}, {"sandbox-sq0idp-", b64u, 16, 255}, {"sandbox-sq0csb-", b64u, 16, 255},
		{"npm_", an, 20, 255}, {"pypi-", b64u, 30, 512}, {"hf_", an, 20, 255},
		{"pat-na1-", hexDash, 20, 64}, {"pat-eu1-", hexDash, 20, 64},
		{"test_", an, 30, 255}, {"live_", an, 30, 255}, {"key-", an, 32, 32},
	}
}()

// TestFindKeysFindsTheOldScrubTable generates keys of every shape the root
// scrubber used to redact with a table of its own and checks that FindKeys
// reports each whole, so the scrubber lost nothing by calling it.
func TestFindKeysFindsTheOldScrubTable(t *testing.T) {
	t.Parallel()
	for si, sh := range scrubVendorShapes {
		for li, n := range []int{sh.min, (sh.min + sh.max) / 2, sh.max} {
			rest := []byte(fill(sh.bytes, n, si*3+li))
			// FindKeys leaves a final dot to the sentence.
			if rest[len(rest)-1] == '.' {
				rest[len(rest)-1] = 'a'
			}
			key := sh.prefix + string(rest)
			text := "id: " + key + " ok"
			var got []KeyMatch
			FindKeys(text, func(m KeyMatch) bool { got = append(got, m); return true })
			if len(got) != 1 || got[0].Start != 4 || got[0].End != 4+len(key) || got[0].Keep > len(sh.prefix) {
				t.Errorf("%s + %d bytes: FindKeys reports %+v, want one match of the whole key keeping at most the prefix", sh.prefix, n, got)
			}
		}
	}
}
