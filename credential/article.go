package credential

import "strings"

// Article returns the indefinite article for a name as spoken: "an" before
// a vowel sound (an Adyen key, an AWS key, an npm token, an SSH key), "a"
// otherwise (a Stripe key, a Hugging Face token, a Unicode string). Letters
// of an initialism are read by name, so an initialism starting with F, H,
// L, M, N, R, S or X takes "an"; a word starting with "u" followed by a
// consonant and a vowel (Unicode, Uber) reads "you" and takes "a".
func Article(name string) string {
	w, _, _ := strings.Cut(strings.TrimSpace(name), " ")
	if w == "" {
		return "a"
	}
	first := w[0] | 0x20 // lower case for ASCII letters
	if initialism(w) {
		if strings.IndexByte("aefhilmnorsx", first) >= 0 {
			return "an"
		}
		return "a"
	}
	switch first {
	case 'a', 'e', 'i', 'o':
		return "an"
	case 'u':
		if len(w) >= 3 && strings.IndexByte("aeiou", w[1]|0x20) < 0 && strings.IndexByte("aeiou", w[2]|0x20) >= 0 {
			return "a" // Unicode, Uber: "you"
		}
		return "an"
	}
	return "a"
}

// initialism reports a word read letter by letter: all capitals and digits
// (AWS, GCP, SSO), or one of the lower-case names spelled that way.
func initialism(w string) bool {
	switch strings.ToLower(w) {
	case "npm", "ssh", "sso", "hmac":
		return true
	}
	if len(w) < 2 || len(w) > 5 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; !('A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}
