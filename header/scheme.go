package header

import "strings"

// knownSchemes are the authentication scheme words authdoctor recognises,
// in their canonical spelling. params is true for schemes whose credentials
// are a list of auth-params (RFC 9110 §11.4) rather than one token68.
// Keep this the only list of schemes in the package.
var knownSchemes = []struct {
	name   string
	params bool
}{
	{"Bearer", false}, // RFC 6750
	{"Basic", false},  // RFC 7617
	{"Digest", true},  // RFC 7616
	{"Token", true},   // DRF, GitHub legacy; Rails sends Token token="…"
	{"JWT", false},    // drf-jwt, djoser
	{"Api-Key", false},
	{"ApiKey", false},
	{"Key", false},       // FCM legacy
	{"Negotiate", false}, // RFC 4559
	{"NTLM", false},
	{"HOBA", true},             // RFC 7486
	{"Mutual", true},           // RFC 8120
	{"AWS4-HMAC-SHA256", true}, // AWS Signature Version 4
	{"DPoP", false},            // RFC 9449
	{"OAuth", true},            // RFC 5849 (OAuth 1.0)
	{"Client", false},          // Square
	{"SSWS", false},            // Okta
	{"GenieKey", false},        // Opsgenie
	{"Splunk", false},          // Splunk HEC
}

// Schemes returns the known scheme words in their canonical spelling. The
// slice is a copy.
func Schemes() []string {
	out := make([]string, len(knownSchemes))
	for i, s := range knownSchemes {
		out[i] = s.name
	}
	return out
}

// KnownScheme returns the canonical spelling of word when it is a known
// scheme, compared case-insensitively (RFC 9110 §11.1).
func KnownScheme(word string) (canonical string, ok bool) {
	i := schemeIndex(word)
	if i < 0 {
		return "", false
	}
	return knownSchemes[i].name, true
}

func schemeIndex(word string) int {
	for i, s := range knownSchemes {
		if strings.EqualFold(s.name, word) {
			return i
		}
	}
	return -1
}

// gluedScheme reports the known scheme that word starts with when the
// scheme is glued to a credential ("Bearerabc…"): the scheme must be written
// in canonical, lower or upper case and at least 8 bytes must follow it, so
// that ordinary words ("Basically", "Keyboard") do not match. Schemes shorter
// than four letters match only before a JWT ("eyJ").
func gluedScheme(word string) (canonical string, n int, ok bool) {
	best := -1
	for i, s := range knownSchemes {
		l := len(s.name)
		if len(word) < l+8 {
			continue
		}
		p := word[:l]
		if p != s.name && p != strings.ToLower(s.name) && p != strings.ToUpper(s.name) {
			continue
		}
		if l < 4 && !strings.HasPrefix(word[l:], "eyJ") {
			continue
		}
		if best < 0 || l > len(knownSchemes[best].name) {
			best = i
		}
	}
	if best < 0 {
		return "", 0, false
	}
	return knownSchemes[best].name, len(knownSchemes[best].name), true
}
