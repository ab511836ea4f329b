package authdoctor

import (
	"regexp"
	"strings"
)

// ScrubText returns s with everything that looks like a credential
// replaced by [redacted], for free text that may echo one: response
// bodies, error bodies, log lines. It replaces, in this order:
//
//   - JSON, quoted and form or query values of keys named like a
//     credential (access_token, refresh_token, id_token, token, api_key,
//     apikey, password, secret, client_secret…):
//     "access_token":"…" becomes "access_token":"[redacted]";
//   - the password in URL user info (https://user:[redacted]@host);
//   - JWT- and JWE-shaped strings (eyJ….….…);
//   - vendor keys, keeping only the non-secret prefix (sk_test_[redacted]);
//   - the credential after Bearer or Basic, keeping the scheme word;
//   - any run of 32 or more [A-Za-z0-9+/=_-] holding both letters and
//     digits.
//
// It errs on the side of hiding: a long request id is redacted too. Keys
// named like token_type or token_endpoint are left alone.
func ScrubText(s string) string {
	s = replaceKeyValue(s, scrubJSONValue, `"`)
	s = replaceKeyValue(s, scrubQuotedValue, `'`)
	s = scrubUserinfo.ReplaceAllString(s, "${1}"+Redacted+"${3}")
	s = scrubJWT.ReplaceAllString(s, Redacted)
	s = replaceVendorKeys(s)
	s = replaceSchemeCredentials(s)
	s = replaceBareKeyValue(s)
	s = scrubHighEntropy.ReplaceAllStringFunc(s, func(m string) string {
		if strings.ContainsAny(m, "0123456789") && containsLetter(m) {
			return Redacted
		}
		return m
	})
	return s
}

// scrubKeyWord matches a key name that says it holds a credential.
const scrubKeyWord = `[A-Za-z0-9_.-]*(?i:token|secret|passw(?:or)?d|api[_-]?key|authorization|credentials?|private[_-]?key|session[_-]?(?:id|key)|signature|cookie)[A-Za-z0-9_.-]*`

var (
	scrubJSONValue   = regexp.MustCompile(`("` + scrubKeyWord + `"\s*:\s*)"((?:[^"\\]|\\.)*)"`)
	scrubQuotedValue = regexp.MustCompile(`('` + scrubKeyWord + `'\s*:\s*)'((?:[^'\\]|\\.)*)'`)
	scrubBareValue   = regexp.MustCompile(`(` + scrubKeyWord + `)(\s*[=:]\s*)([^\s&,;"'<>(){}\[\]]+)`)
	scrubUserinfo    = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]+:)([^@\s/]+)(@)`)
	scrubJWT         = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?`)
	scrubScheme      = regexp.MustCompile(`(?i)\b(Bearer|Basic)(\s+)([A-Za-z0-9._~+/-]+=*)`)
	scrubHighEntropy = regexp.MustCompile(`[A-Za-z0-9+/=_-]{32,}`)
)

// scrubVendorPrefixes is a small duplicate of the prefix table in package
// credential (which imports this package, so this package cannot import
// it), with the shape of what follows each prefix. Longer prefixes come
// first so that sk-ant- keeps its whole prefix rather than sk-.
var scrubVendorPrefixes = []struct{ prefixes, rest string }{
	{"sandbox-sq0atb-|sandbox-sq0idb-|sandbox-sq0idp-|sandbox-sq0csb-", `[0-9A-Za-z_-]{16,}`},
	{"sk-ant-admin01-|sk-ant-api03-|sk-svcacct-|sk-admin-|sk-proj-|sk-ant-|sk-", `[0-9A-Za-z_-]{16,}`},
	{"xoxe\\.xoxb-|xoxe\\.xoxp-|xoxb-|xoxp-|xapp-|xoxe-|xoxa-|xoxr-", `[0-9A-Za-z-]{8,}`},
	{"github_pat_", `[0-9A-Za-z_]{20,}`},
	{"sk_test_|sk_live_|rk_test_|rk_live_|pk_test_|pk_live_", `[0-9A-Za-z]{8,}`},
	{"sq0atp-|sq0idp-|sq0csp-", `[0-9A-Za-z_-]{16,}`},
	{"pat-na1-|pat-eu1-", `[0-9a-f-]{20,}`},
	{"shpat_|shpca_|shppa_|shpss_", `[0-9a-fA-F]{16,}`},
	{"glpat-", `[0-9A-Za-z_.-]{16,}`},
	{"ghp_|gho_|ghu_|ghs_|ghr_", `[0-9A-Za-z]{20,}`},
	{"pypi-", `[0-9A-Za-z_-]{30,}`},
	{"npm_|hf_", `[0-9A-Za-z]{20,}`},
	{"ya29\\.", `[0-9A-Za-z_.-]{16,}`},
	{"test_|live_", `[0-9A-Za-z]{30,}`},
	{"key-", `[0-9a-zA-Z]{32}`},
	{"AKIA|ASIA", `[0-9A-Z]{16}`},
	{"AIza", `[0-9A-Za-z_-]{30,}`},
	{"EAAA", `[0-9A-Za-z_-]{30,}`},
	{"SG\\.", `[0-9A-Za-z_.-]{16,}`},
	{"1//", `[0-9A-Za-z_-]{16,}`},
	{"SK|AC", `[0-9a-f]{32}`},
}

var scrubVendor = func() *regexp.Regexp {
	alts := make([]string, len(scrubVendorPrefixes))
	for i, v := range scrubVendorPrefixes {
		alts[i] = "(" + v.prefixes + ")" + v.rest
	}
	return regexp.MustCompile(`\b(?:` + strings.Join(alts, "|") + `)\b`)
}()

// replaceVendorKeys keeps the matched prefix and redacts the rest.
func replaceVendorKeys(s string) string {
	return replaceMatches(s, scrubVendor, func(s string, m []int) string {
		for g := 1; 2*g < len(m); g++ {
			if m[2*g] >= 0 {
				return s[m[2*g]:m[2*g+1]] + Redacted
			}
		}
		return Redacted
	})
}

// replaceKeyValue redacts quoted values of credential-named keys, leaving
// empty values and keys such as token_type alone.
func replaceKeyValue(s string, re *regexp.Regexp, quote string) string {
	return replaceMatches(s, re, func(s string, m []int) string {
		whole, head, val := s[m[0]:m[1]], s[m[2]:m[3]], s[m[4]:m[5]]
		if val == "" || val == Redacted || scrubKeyExcluded(head) {
			return whole
		}
		return head + quote + Redacted + quote
	})
}

// replaceBareKeyValue redacts key=value and key: value for keys named like
// a credential. A scheme word as the value (Authorization: Bearer …) is
// left for replaceSchemeCredentials, which keeps it.
func replaceBareKeyValue(s string) string {
	return replaceMatches(s, scrubBareValue, func(s string, m []int) string {
		whole, key, sep, val := s[m[0]:m[1]], s[m[2]:m[3]], s[m[4]:m[5]], s[m[6]:m[7]]
		if scrubKeyExcluded(key) || schemeFollows(val) || strings.HasPrefix(s[m[1]:], Redacted) {
			return whole
		}
		return key + sep + Redacted
	})
}

// schemeFollows reports whether val is an auth-scheme word the scheme rule
// keeps (Bearer, Basic).
func schemeFollows(val string) bool {
	return strings.EqualFold(val, "Bearer") || strings.EqualFold(val, "Basic")
}

// replaceSchemeCredentials redacts what follows Bearer or Basic, keeping
// the scheme word. It leaves challenge parameters (Bearer realm="api",
// Bearer error=invalid_token) and prose (Basic authentication) alone.
func replaceSchemeCredentials(s string) string {
	return replaceMatches(s, scrubScheme, func(s string, m []int) string {
		whole, scheme, sp, tok := s[m[0]:m[1]], s[m[2]:m[3]], s[m[4]:m[5]], s[m[6]:m[7]]
		after := s[m[1]:]
		if strings.HasPrefix(after, Redacted) {
			return whole
		}
		if strings.HasSuffix(tok, "=") && after != "" && !strings.ContainsAny(after[:1], " \t\r\n,;") {
			return whole // an auth-param: realm="…"
		}
		if proseWord(strings.TrimRight(tok, ".")) {
			return whole
		}
		return scheme + sp + Redacted
	})
}

// proseWord reports whether t reads as an ordinary word (authentication,
// Token) rather than a credential: letters only, shorter than 16, and
// lower case or capitalised.
func proseWord(t string) bool {
	if t == "" || len(t) >= 16 {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case 'a' <= c && c <= 'z':
		case 'A' <= c && c <= 'Z' && i == 0:
		default:
			return false
		}
	}
	return true
}

// scrubKeyExcluded reports whether a key names something about a
// credential rather than the credential: token_type, token_endpoint,
// password_policy.
func scrubKeyExcluded(key string) bool {
	k := strings.ToLower(strings.Trim(key, "\"' :\t\r\n"))
	for _, suf := range []string{"type", "url", "uri", "endpoint", "expires_in", "expires_at", "expiry", "hint", "count", "length", "policy", "required", "format", "name"} {
		if strings.HasSuffix(k, suf) {
			return true
		}
	}
	return false
}

// replaceMatches is ReplaceAllStringFunc with the submatch indexes and the
// whole input, so a replacement can look at what follows the match.
func replaceMatches(s string, re *regexp.Regexp, f func(s string, m []int) string) string {
	ms := re.FindAllStringSubmatchIndex(s, -1)
	if ms == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range ms {
		b.WriteString(s[last:m[0]])
		b.WriteString(f(s, m))
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

func containsLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; 'a' <= c && c <= 'z' {
			return true
		}
	}
	return false
}
