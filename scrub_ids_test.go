package authdoctor

import "testing"

// TestScrubKeepsIdsAndSchemes: only credentials are secret. A Twilio
// account SID in an API path, a bare scheme word left by an unset
// $TOKEN, a documentation placeholder and the ellipsis of a fix text
// stay readable; the credentials
// next to them do not.
func TestScrubKeepsIdsAndSchemes(t *testing.T) {
	t.Parallel()
	const sid = "AC0123456789abcdef0123456789abcdef"
	for _, tc := range []struct{ name, in, want string }{
		{"twilio account sid in a path", "/2010-04-01/Accounts/" + sid + ".json", "/2010-04-01/Accounts/" + sid + ".json"},
		{"a secret key beside it", sid + " sk_live_0123456789abcdefABCDEF12", sid + " sk_live_" + Redacted},
		{"ellipsis in a fix", "Set it (export LAB_TOKEN=…), or", "Set it (export LAB_TOKEN=…), or"},
		{"a value in the same place", "export LAB_TOKEN=abc123def456", "export LAB_TOKEN=" + Redacted},
		{"telegram bot token in the url path", "GET https://api.telegram.org/bot8123456701:AAH3kLm9Qx2Vb7Rt5Yw0Zp4Sd6Fg8Hj1KlE/getMe", "GET https://api.telegram.org/bot" + Redacted + "/getMe"},
		{"robot is not the bot path", "/robot/8123456701/status", "/robot/8123456701/status"},
	} {
		if got := ScrubText(tc.in); got != tc.want {
			t.Errorf("%s: ScrubText(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ name, value, in, want string }{
		{"bare scheme", "Bearer ", `template "Bearer $TOKEN"`, `template "Bearer $TOKEN"`},
		{"bare scheme, other case", "basic  ", "Basic authentication", "Basic authentication"},
		{"a short credential with a trailing space", "abc123def ", "got abc123def.", "got " + Redacted + "."},
		{"scheme and credential", "Bearer abc123def", "got abc123def back", "got " + Redacted + " back"},
		{"documentation placeholder", "Bearer YOUR_ACCESS_TOKEN", "holds YOUR_ACCESS_TOKEN: replace it", "holds YOUR_ACCESS_TOKEN: replace it"},
		{"angle placeholder", "Bearer <token>", "holds <token>: replace it", "holds <token>: replace it"},
		{"digest: realm and user are public, the response is not",
			`Digest username="carol", realm="lighttpd authdoctor", nonce="6b12e9a2:097570e9", uri="/digest/ok.txt", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1"`,
			`WWW-Authenticate: Digest realm="lighttpd authdoctor", nonce="6b12e9a2:097570e9"; got response 6629fae49393a05397450978507c4ef1`,
			`WWW-Authenticate: Digest realm="lighttpd authdoctor", nonce="6b12e9a2:097570e9"; got response ` + Redacted},
		{"aws signature v4: the signature is secret, the signed headers are not",
			"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
			"The request signature we calculated does not match 5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7 for host;x-amz-date",
			"The request signature we calculated does not match " + Redacted + " for host;x-amz-date"},
	} {
		sc := (&Scrubber{}).AddFields(Field{Name: "Authorization", Value: NewSecret(tc.value)})
		if got := sc.String(tc.in); got != tc.want {
			t.Errorf("%s: Scrubber(%q).String(%q) = %q, want %q", tc.name, tc.value, tc.in, got, tc.want)
		}
	}
}
