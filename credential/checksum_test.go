package credential

import "testing"

// TestCRC32Base62Vectors pins the algorithm with check digits of expired
// GitHub tokens published in therootcompany/base62-token.js (issue 2):
// the random part and its digits, given apart so that no token-shaped
// literal sits in the source. They fix the digit order (0-9A-Za-z) and
// that the CRC covers the random part only, not the ghp_ prefix.
func TestCRC32Base62Vectors(t *testing.T) {
	t.Parallel()
	tests := []struct{ body, sum string }{
		{"zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ", "0mLq17"},
		{"adE7dp8rHP6gUTuPwxLTZjZdtya3sV", "0UQzQM"},
		{"H3xbiBdlzffNx7Y56iNsPw3joObj7U", "2nO29h"},
		{"", "000000"},
	}
	for _, tc := range tests {
		if got := crc32Base62(tc.body); string(got[:]) != tc.sum {
			t.Errorf("crc32Base62(%q) = %s, want %s", tc.body, got[:], tc.sum)
		}
		if tc.body == "" {
			continue
		}
		if got := checkCRC32Base62(tc.body + tc.sum); got != ChecksumValid {
			t.Errorf("checkCRC32Base62(%s…) = %s, want valid", tc.body[:4], got)
		}
		v, ok := Recognise("ghp_" + tc.body + tc.sum)
		if !ok || v.ChecksumResult != ChecksumValid || v.ChecksumWrong() {
			t.Errorf("Recognise(ghp_%s…) = %v %v, want GitHub with a valid checksum", tc.body[:4], v.ChecksumResult, ok)
		}
	}
}

func TestCRC32Base62Rejects(t *testing.T) {
	t.Parallel()
	tok := withCRC(3)
	if tok[0] == 'Z' || tok[0] == tok[1] {
		t.Fatalf("withCRC(3) = %q: the cases below would not change it; pick another salt", tok)
	}
	tests := []struct{ name, s string }{
		{"last digit changed", breakCRC(tok)},
		{"a body character changed", "Z" + tok[1:]},
		{"two characters swapped", tok[1:2] + tok[0:1] + tok[2:]},
		{"truncated", tok[:len(tok)-1]},
		{"digits only", tok[len(tok)-6:]},
		{"empty", ""},
	}
	for _, tc := range tests {
		if tc.s == tok {
			continue
		}
		if got := checkCRC32Base62(tc.s); got != ChecksumInvalid {
			t.Errorf("%s: checkCRC32Base62 = %s, want invalid", tc.name, got)
		}
	}
	v, ok := Recognise("gho_" + breakCRC(tok))
	if !ok || v.Name != "GitHub" || !v.ChecksumWrong() {
		t.Errorf("a GitHub token with a wrong checksum: %s %v recognised %v; want GitHub, checksum wrong", v.Name, v.ChecksumResult, ok)
	}
}
