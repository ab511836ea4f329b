package credential

import (
	"regexp"
	"slices"
	"sort"
	"strings"
)

// placeholderRule is one pattern of the placeholder list: a short name
// shown to the user and a test on the normalised value.
type placeholderRule struct {
	name  string
	match func(p placeholderText) bool
}

// placeholderText is a candidate value in the forms the rules test.
type placeholderText struct {
	v      string // trimmed, outer quotes removed
	lower  string // v lower-cased
	joined string // lower without the separators - _ . and space
	words  bool   // v is letters and separators only
}

func newPlaceholderText(v string) placeholderText {
	p := placeholderText{v: v, lower: strings.ToLower(v)}
	var b strings.Builder
	p.words = v != ""
	for i := 0; i < len(p.lower); i++ {
		c := p.lower[i]
		switch {
		case c == '-' || c == '_' || c == '.' || c == ' ':
		case 'a' <= c && c <= 'z':
			b.WriteByte(c)
		default:
			p.words = false
			b.WriteByte(c)
		}
	}
	p.joined = b.String()
	return p
}

var (
	reTemplate     = regexp.MustCompile(`^\{\{.*\}\}$`)
	reCIExpression = regexp.MustCompile(`^\$\{\{.*\}\}$`)
	reShellBraces  = regexp.MustCompile(`^\$\{.*\}$`)
	reShellVar     = regexp.MustCompile(`^\$[A-Za-z_][A-Za-z0-9_]*$`)
	rePowerShell   = regexp.MustCompile(`(?i)^\$env:[A-Za-z_][A-Za-z0-9_]*$`)
	reShellCommand = regexp.MustCompile("^(\\$\\(.*\\)|`.*`)$")
	reWindowsVar   = regexp.MustCompile(`^%[A-Za-z_][A-Za-z0-9_]*%$`)
	reSingleBraces = regexp.MustCompile(`^\{[A-Za-z_][A-Za-z0-9_ .-]*\}$`)
	reAngle        = regexp.MustCompile(`^<[^<>]+>$`)
	reSquare       = regexp.MustCompile(`^\[[A-Za-z][A-Za-z0-9 _.-]*\]$`)
	reIdentifier   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)+$`)
)

// placeholderWords are whole values, compared lower-cased and without
// separators (CHANGE_ME is changeme), that are never real credentials.
var placeholderWords = map[string]string{
	"undefined":       "undefined",
	"null":            "null",
	"none":            "none",
	"nil":             "nil",
	"nan":             "nan",
	"objectobject":    "js-object", // [object Object]
	"token":           "token",
	"test":            "test",
	"todo":            "todo",
	"tbd":             "todo",
	"fixme":           "todo",
	"changeme":        "changeme",
	"changeit":        "changeme",
	"replaceme":       "replace-me",
	"placeholder":     "placeholder",
	"dummy":           "dummy",
	"example":         "example",
	"sample":          "example",
	"fake":            "dummy",
	"foo":             "dummy",
	"bar":             "dummy",
	"foobar":          "dummy",
	"secret":          "secret",
	"password":        "secret",
	"apikey":          "api-key",
	"accesstoken":     "access-token",
	"bearertoken":     "access-token",
	"authtoken":       "access-token",
	"redacted":        "redacted",
	"hidden":          "redacted",
	"abc123":          "dummy",
	"bearer":          "scheme-only",
	"basic":           "scheme-only",
	"digest":          "scheme-only",
	"jwt":             "scheme-only",
	"empty":           "empty",
	"false":           "boolean",
	"true":            "boolean",
	"yourtoken":       "your-credential",
	"yourkey":         "your-credential",
	"tokenhere":       "token-here",
	"keyhere":         "token-here",
	"insertkeyhere":   "replace-me",
	"inserttokenhere": "replace-me",
}

// credentialWords are the words that make a phrase a stand-in for a
// credential (YOUR_STRIPE_SECRET_KEY, INSERT_TOKEN_HERE).
var placeholderCredentialWords = []string{"token", "key", "secret", "password", "passwd", "pat", "jwt", "credential", "auth", "apikey"}

func hasCredentialWord(s string) bool {
	for _, w := range placeholderCredentialWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// placeholderRules is the ordered list Placeholder tries; the first match
// names the value.
var placeholderRules = []placeholderRule{
	{"template-variable", func(p placeholderText) bool { return reTemplate.MatchString(p.v) }},         // {{token}} Postman, Handlebars
	{"ci-expression", func(p placeholderText) bool { return reCIExpression.MatchString(p.v) }},         // ${{ secrets.TOKEN }}
	{"shell-variable", func(p placeholderText) bool { return reShellBraces.MatchString(p.v) }},         // ${TOKEN}
	{"shell-variable", func(p placeholderText) bool { return reShellVar.MatchString(p.v) }},            // $TOKEN
	{"shell-variable", func(p placeholderText) bool { return rePowerShell.MatchString(p.v) }},          // $env:TOKEN
	{"shell-command", func(p placeholderText) bool { return reShellCommand.MatchString(p.v) }},         // $(cat token)
	{"windows-variable", func(p placeholderText) bool { return reWindowsVar.MatchString(p.v) }},        // %TOKEN%
	{"single-braces", func(p placeholderText) bool { return reSingleBraces.MatchString(p.v) }},         // {ACCESS_TOKEN}
	{"angle-brackets", func(p placeholderText) bool { return reAngle.MatchString(p.v) }},               // <token>, <your-api-key>
	{"redacted-copy", func(p placeholderText) bool { return strings.HasPrefix(p.lower, "[redacted") }}, // pasted from redacted output
	{"redacted-copy", func(p placeholderText) bool { return p.lower == "[empty]" }},
	{"js-object", func(p placeholderText) bool { return p.lower == "[object object]" }},
	{"square-brackets", func(p placeholderText) bool { return reSquare.MatchString(p.v) }}, // [TOKEN]
	{"masked", func(p placeholderText) bool { return strings.Contains(p.v, "***") || onlyOf(p.v, "*•·", 3) }},
	{"ellipsis", func(p placeholderText) bool {
		return onlyOf(p.v, ".…", 1) && (strings.Contains(p.v, "...") || strings.Contains(p.v, "…"))
	}},
	{"xxx", func(p placeholderText) bool { return onlyOf(p.lower, "x-_ ", 3) && strings.Count(p.lower, "x") >= 3 }},
	{"zeros", func(p placeholderText) bool { return len(p.v) >= 8 && onlyOf(p.v, "0-", 8) }},
	{"sequence", func(p placeholderText) bool {
		return len(p.v) >= 4 && (strings.HasPrefix("12345678901234567890", p.v) || strings.HasPrefix("abcdefghijklmnopqrstuvwxyz", p.lower))
	}},
	{"word", func(p placeholderText) bool {
		_, ok := placeholderWords[p.joined]
		return ok && (p.words || p.lower == p.joined)
	}},
	{"your-credential", func(p placeholderText) bool {
		return p.words && len(p.v) <= 64 && strings.Contains(p.joined, "your") && hasCredentialWord(p.joined)
	}},
	{"replace-me", func(p placeholderText) bool {
		if !p.words || len(p.v) > 64 {
			return false
		}
		for _, verb := range []string{"replace", "insert", "enter", "put", "paste", "add", "fill", "change", "set"} {
			if strings.HasPrefix(p.joined, verb) && (strings.Contains(p.joined, "me") || strings.Contains(p.joined, "here") || hasCredentialWord(p.joined)) {
				return true
			}
		}
		return false
	}},
	{"token-here", func(p placeholderText) bool {
		return p.words && len(p.v) <= 64 && strings.HasSuffix(p.joined, "here") && hasCredentialWord(p.joined)
	}},
	{"variable-name", func(p placeholderText) bool { // GITHUB_TOKEN pasted without its $
		if !reIdentifier.MatchString(p.v) || (p.v != strings.ToUpper(p.v) && p.v != p.lower) {
			return false
		}
		for _, w := range strings.Split(p.lower, "_") {
			for _, c := range placeholderCredentialWords {
				if w == c || w == c+"s" {
					return true
				}
			}
		}
		return false
	}},
}

// onlyOf reports whether s is at least min bytes and made only of runes in
// set.
func onlyOf(s, set string, min int) bool {
	if len(s) < min {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune(set, r) {
			return false
		}
	}
	return true
}

// Placeholder reports whether v is a stand-in copied from documentation or
// a template rather than a credential: {{token}}, ${TOKEN}, $TOKEN,
// <your-api-key>, YOUR_ACCESS_TOKEN, REPLACE_ME, changeme, xxxx, ***,
// undefined, null, the scheme word alone, or a vendor prefix followed by
// one of these (sk_test_REPLACE_ME, ghp_xxxx) or by nothing. what is the
// short name of the pattern, never the value; the comparison ignores case,
// surrounding white space and quotes.
//
// Matches are anchored: the whole value, or a vendor prefix plus a whole
// placeholder, so that a real token with "xxx" or "test" inside is never
// taken for one. The empty value is not a placeholder (it is missing).
func Placeholder(v string) (what string, ok bool) {
	v = unquote(strings.TrimSpace(v))
	if v == "" {
		return "", false
	}
	if p := longestVendorPrefixFold(v); p != "" {
		rest := v[len(p):]
		if rest == "" {
			return "vendor-prefix-only", true
		}
		if what, ok := placeholderCore(rest); ok {
			return "vendor-prefix+" + what, true
		}
	}
	return placeholderCore(v)
}

// PlaceholderNames lists every name Placeholder can return, except that
// a name may also be prefixed with "vendor-prefix+". Callers can map them
// to explanations.
func PlaceholderNames() []string {
	seen := map[string]bool{"vendor-prefix-only": true}
	out := []string{"vendor-prefix-only"}
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, r := range placeholderRules {
		if r.name != "word" {
			add(r.name)
		}
	}
	for _, n := range placeholderWords {
		add(n)
	}
	sort.Strings(out)
	return out
}

// placeholderCore runs the rule list on a whole value.
func placeholderCore(v string) (string, bool) {
	if clearlyNotPlaceholder(v) {
		return "", false
	}
	return runPlaceholderRules(v)
}

// clearlyNotPlaceholder reports, cheaply, values no rule can match: at
// least 16 ASCII bytes starting with a letter or digit (the template,
// shell, bracket and ellipsis rules need another first byte), no '*'
// (masked), both a letter and a digit (xxx, zeros, sequence, the word
// rules that need letters only), and either no '_' or both cases
// (variable-name needs an all-upper or all-lower identifier). The words
// of placeholderWords are shorter than 16. It keeps the rules'
// regular expressions off the path of every real key;
// TestClearlyNotPlaceholder checks it never hides a match.
func clearlyNotPlaceholder(v string) bool {
	if len(v) < 16 || !setAlnum.has(v[0]) {
		return false
	}
	var digit, upper, lower, under bool
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 0x80 || c == '*':
			return false
		case '0' <= c && c <= '9':
			digit = true
		case 'A' <= c && c <= 'Z':
			upper = true
		case 'a' <= c && c <= 'z':
			lower = true
		case c == '_':
			under = true
		}
	}
	return digit && (upper || lower) && (!under || upper && lower)
}

// runPlaceholderRules runs the rule list on a whole value.
func runPlaceholderRules(v string) (string, bool) {
	p := newPlaceholderText(v)
	for _, r := range placeholderRules {
		if r.match(p) {
			if r.name == "word" {
				return placeholderWords[p.joined], true
			}
			return r.name, true
		}
	}
	return "", false
}

// longestVendorPrefixFold returns the longest vendor prefix v starts with,
// or "". Prefixes of 5 bytes or more match ignoring case (SK_TEST_); the
// short ones (AC, SK, hf_) only as written, or access_token would start
// with Twilio's AC.
func longestVendorPrefixFold(v string) string {
	for _, p := range foldPrefixes {
		if len(v) >= len(p) && (v[:len(p)] == p || len(p) >= 5 && strings.EqualFold(v[:len(p)], p)) {
			return p
		}
	}
	return ""
}

// foldPrefixes are the catalogue's vendor prefixes that
// longestVendorPrefixFold tries, longest first (catalogue order among
// equal lengths), without placeholderWordPrefixes: the first that matches
// is the longest, so a check stops there instead of scanning the whole
// catalogue (every check of watch asks, several times per request).
var foldPrefixes = func() []string {
	var ps []string
	for _, k := range vendorKeys {
		if k.Prefix != "" && !placeholderWordPrefixes[k.Prefix] && !slices.Contains(ps, k.Prefix) {
			ps = append(ps, k.Prefix)
		}
	}
	slices.SortStableFunc(ps, func(a, b string) int { return len(b) - len(a) })
	return ps
}()

// placeholderWordPrefixes are vendor prefixes that also start ordinary
// variable names (access_token, secret_key, production_url): a value
// starting with one is judged as a whole, not as prefix and placeholder.
var placeholderWordPrefixes = map[string]bool{
	"access_": true, "secret_": true, "sandbox_": true, "production_": true, "pat": true, "TEST-": true,
}

// unquote removes one or two layers of matching quotes around v, as left by
// .env files and shell mistakes.
func unquote(v string) string {
	for range 2 {
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
			v = strings.TrimSpace(v[1 : len(v)-1])
		}
	}
	return v
}
