package curl

import (
	"net/url"
	"strings"
	"unicode"
)

// A placeholder is text documentation puts where the reader's own value
// goes: {{companyname}} (Postman), {id} (OpenAPI), <group_id>, :id
// (Express routes), YOUR_DOMAIN, INSERT_REGION_HERE, your-domain. curl
// sends it as written (or, for {id}, globs it to "id"), so the request
// cannot be the one the user meant.

// placeholderWords are the words that make an upper-case or hyphenated
// token a placeholder (YOUR_DOMAIN, INSERT_REGION_HERE, REPLACE_ME).
var placeholderWords = map[string]bool{"your": true, "insert": true, "replace": true, "replaceme": true, "placeholder": true, "changeme": true, "enter": true}

// yourNouns are the things "your…" names in a host or path:
// yourdomain.com, yourcompany.zendesk.com, yourstore.myshopify.com.
var yourNouns = []string{"domain", "company", "store", "shop", "site", "server", "host", "instance", "org", "account", "tenant", "subdomain", "app", "project", "region", "name", "api", "url", "workspace", "team", "id", "key", "token", "env", "cluster", "bucket", "endpoint"}

// placeholder reports whether one piece of text (a host label, a path
// segment, a query value or a whole header value) is a placeholder, and
// returns it as written.
func placeholder(s string) (string, bool) {
	if s == "" || len(s) > 80 {
		return "", false
	}
	if i := strings.Index(s, "{{"); i >= 0 {
		if j := strings.Index(s[i:], "}}"); j > 2 {
			return s[i : i+j+2], true
		}
	}
	if i := strings.IndexByte(s, '{'); i >= 0 && (i == 0 || s[i-1] != '$') {
		if j := strings.IndexByte(s[i:], '}'); j > 1 && ident(s[i+1:i+j]) {
			return s[i : i+j+1], true
		}
	}
	if i := strings.IndexByte(s, '<'); i >= 0 {
		if j := strings.IndexByte(s[i:], '>'); j > 1 {
			return s[i : i+j+1], true
		}
	}
	if len(s) > 1 && s[0] == ':' && ident(s[1:]) {
		return s, true
	}
	words := splitWords(s)
	if len(words) == 0 {
		return "", false
	}
	upper := strings.ToUpper(s) == s && strings.ContainsAny(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	if upper && len(words) > 1 {
		for _, w := range words {
			if placeholderWords[w] {
				return s, true
			}
		}
		if words[len(words)-1] == "here" {
			return s, true
		}
	}
	l := strings.ToLower(s)
	if l == "your" {
		return s, true
	}
	if rest, ok := strings.CutPrefix(l, "your"); ok && len(s) > 4 {
		switch {
		case rest[0] == '-' || rest[0] == '_' || unicode.IsUpper(rune(s[4])):
			return s, true
		}
		for _, n := range yourNouns {
			if strings.HasPrefix(rest, n) {
				return s, true
			}
		}
	}
	return "", false
}

// ident reports whether s is a template variable name: letters, digits,
// '_', '-' and '.', not starting with a digit.
func ident(s string) bool {
	if s == "" || len(s) > 64 || '0' <= s[0] && s[0] <= '9' {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '-' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// splitWords splits a placeholder into lower-case words at '_', '-',
// '.', spaces and camel-case humps: "yourOktaDomain" → your okta domain.
func splitWords(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r == '_' || r == '-' || r == '.' || r == ' ' || r == '{' || r == '}' || r == '<' || r == '>' || r == ':' || r == '[' || r == ']':
			flush()
		case unicode.IsUpper(r) && i > 0 && unicode.IsLower(rs[i-1]):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

// meaning says in words what goes where a placeholder stands:
// INSERT_REGION_HERE → "region", <group_id> → "group id".
func meaning(p string) string {
	var keep []string
	for _, w := range splitWords(p) {
		switch w {
		case "your", "insert", "here", "replace", "with", "enter", "the", "me", "replaceme", "placeholder", "put", "a", "an":
			continue
		}
		keep = append(keep, w)
	}
	if len(keep) == 0 {
		return "value"
	}
	return strings.Join(keep, " ")
}

// urlPlaceholder finds a placeholder in a URL and says in which part.
func urlPlaceholder(raw string) (part, what string, ok bool) {
	rest := raw
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	host, path := rest, ""
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		host, path = rest[:i], rest[i:]
	}
	if p, ok := placeholder(host); ok && strings.ContainsAny(p, "{<") {
		return "host", p, true
	}
	if h, _, found := strings.Cut(host, ":"); found {
		host = h // a port
	}
	for _, l := range strings.Split(host, ".") {
		if p, ok := placeholder(l); ok {
			if strings.EqualFold(l, "your") {
				p = host
			}
			return "host", p, true
		}
	}
	query := ""
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query = path[:i], path[i+1:]
	}
	if i := strings.IndexByte(query, '#'); i >= 0 {
		query = query[:i]
	}
	for _, s := range strings.Split(path, "/") {
		if d, err := url.PathUnescape(s); err == nil {
			s = d
		}
		if p, ok := placeholder(s); ok {
			return "path", p, true
		}
	}
	for _, kv := range strings.Split(query, "&") {
		_, v, _ := strings.Cut(kv, "=")
		if d, err := url.QueryUnescape(v); err == nil {
			v = d
		}
		if p, ok := placeholder(v); ok && !(strings.HasPrefix(p, ":") && len(p) == len(v)) {
			return "query", p, true
		}
	}
	return "", "", false
}
