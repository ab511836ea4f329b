package authdoctor

import (
	"net"
	"net/url"
	"slices"
	"strings"

	"github.com/authdoctor/authdoctor/credential"
)

// Origin says where a header value came from. It matters because a
// credential typed on the command line is visible in ps and shell history.
type Origin string

// Origins of a value.
const (
	OriginLiteral Origin = "literal" // typed in argv as it is
	OriginEnv     Origin = "env"     // expanded from $VAR references
	OriginFile    Origin = "file"    // read from a file (--token-file)
	OriginStdin   Origin = "stdin"   // read from standard input (--token-stdin)
)

// VarRef is a $NAME reference in a header template and what the
// environment held for it. The value itself is in the Field's Value.
type VarRef struct {
	Name string `json:"name"`
	// Set is false when the variable is not in the environment at all.
	Set bool `json:"set"`
	// Empty is true when the variable is set to the empty string.
	Empty bool `json:"empty"`
	// Len is the length of the variable's value.
	Len int `json:"len"`
}

// DataVar is a $NAME reference in the value of a credential parameter of
// the body or the query (-d token=$TOKEN, ?api_key=$KEY) that the
// environment did not fill: the parameter went out without its value.
type DataVar struct {
	VarRef
	// In is "body" or "query".
	In string `json:"in"`
	// Param is the parameter's name (token, api_key).
	Param string `json:"param"`
}

// Field is one request header. Every value is held as a Secret, whether or
// not the header carries a credential; Sensitive says whether renderers may
// show it.
type Field struct {
	Name  string `json:"name"`
	Value Secret `json:"-"`
	// Template is the value as the user wrote it, before $VAR expansion.
	// It is only kept when it holds at least one reference, so it never
	// holds a literal credential.
	Template string   `json:"template,omitempty"`
	Vars     []VarRef `json:"vars,omitempty"`
	Origin   Origin   `json:"origin,omitempty"`
	// Source names the variable or file the value came from, for messages.
	Source string `json:"source,omitempty"`
	// Added is text authdoctor put in front of the value the user gave
	// (inspect sends a bare token as "Bearer " + token); byte offsets in
	// messages count from after it, in the value as the user wrote it.
	// Empty when the value is the user's own.
	Added string `json:"-"`
}

// Sensitive reports whether the field carries a credential.
func (f Field) Sensitive() bool { return SensitiveHeader(f.Name) }

// Request is the request the user wants to test, before anything is sent.
type Request struct {
	Method string  `json:"method"`
	URL    string  `json:"url"`
	Header []Field `json:"header,omitempty"`
	// Body is held as a Secret: request bodies often carry tokens.
	Body Secret `json:"-"`
	// AllowWrite is true when the user approved a method other than GET,
	// HEAD and OPTIONS.
	AllowWrite bool `json:"-"`
	// Unfilled lists the credential parameters of the body and query whose
	// $VAR was unset or empty.
	Unfilled []DataVar `json:"unfilled,omitempty"`
}

// Get returns the first field named name (case-insensitively).
func (r Request) Get(name string) (Field, bool) {
	for _, f := range r.Header {
		if strings.EqualFold(f.Name, name) {
			return f, true
		}
	}
	return Field{}, false
}

// Fields returns every field named name (case-insensitively).
func (r Request) Fields(name string) []Field {
	var out []Field
	for _, f := range r.Header {
		if strings.EqualFold(f.Name, name) {
			out = append(out, f)
		}
	}
	return out
}

// Without returns a copy of r without the sensitive fields: the baseline.
func (r Request) Without() Request {
	c := r
	c.Header = nil
	for _, f := range r.Header {
		if !f.Sensitive() {
			c.Header = append(c.Header, f)
		}
	}
	return c
}

// With returns a copy of r with the field named f.Name replaced by f
// (or added when absent). Other fields of the same name are dropped.
func (r Request) With(f Field) Request {
	c := r
	c.Header = nil
	done := false
	for _, g := range r.Header {
		if strings.EqualFold(g.Name, f.Name) {
			if !done {
				c.Header = append(c.Header, f)
				done = true
			}
			continue
		}
		c.Header = append(c.Header, g)
	}
	if !done {
		c.Header = append(c.Header, f)
	}
	return c
}

// SafeMethod reports whether m is one authdoctor sends without approval.
func SafeMethod(m string) bool {
	switch strings.ToUpper(m) {
	case "GET", "HEAD", "OPTIONS":
		return true
	}
	return false
}

// credentialWords are the name fragments that make a header sensitive, the
// same heuristic secret scanners use for header names.
var credentialWords = []string{"auth", "token", "secret", "key", "session", "cookie", "password", "signature", "credential"}

// SensitiveHeader reports whether a header of that name carries a
// credential: Authorization, Proxy-Authorization, Cookie, Set-Cookie, API-key
// headers and anything whose name says token, secret, key, auth or session.
func SensitiveHeader(name string) bool {
	n := strings.ToLower(name)
	for _, x := range notSensitive {
		if n == x || strings.HasSuffix(n, x) {
			return false
		}
	}
	for _, w := range credentialWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return slices.Contains(vendorCredentialHeaders, n)
}

// vendorCredentialHeaders are vendors' credential headers whose names hold
// none of the credential words: Artifactory's X-JFrog-Art-Api (an API
// key), Honeycomb's X-Honeycomb-Team (an API key).
var vendorCredentialHeaders = []string{"x-jfrog-art-api", "x-honeycomb-team"}

// notSensitive are header names (or name suffixes) that match a credential
// word but carry none: challenges, scope lists and permission names are
// diagnostic and shown in clear.
var notSensitive = []string{"www-authenticate", "proxy-authenticate", "authentication-info", "oauth-scopes", "x-accepted-github-permissions", "x-github-sso", "access-control-allow-headers", "access-control-request-headers"}

// sensitiveParams are query parameters redacted in shown URLs.
var sensitiveParams = []string{"access_token", "token", "key", "api_key", "apikey", "client_secret", "code", "sig", "signature", "password", "x-amz-signature", "x-amz-credential", "x-amz-security-token", "auth", "secret", "refresh_token", "id_token"}

// SensitiveParam reports whether a URL query parameter carries a credential.
func SensitiveParam(name string) bool {
	n := strings.ToLower(name)
	for _, p := range sensitiveParams {
		if n == p {
			return true
		}
	}
	return strings.Contains(n, "token") || strings.Contains(n, "secret") || strings.Contains(n, "key") || strings.Contains(n, "password")
}

// RedactURL returns raw with userinfo and credential-bearing query values
// replaced by [redacted]. A URL that does not parse is returned as
// "[unparseable URL]" rather than risk printing what it holds.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "[unparseable URL]"
	}
	if u.User != nil {
		u.User = url.User(Redacted)
	}
	if u.RawQuery != "" {
		parts := strings.Split(u.RawQuery, "&")
		for i, p := range parts {
			k, _, found := strings.Cut(p, "=")
			key, err := url.QueryUnescape(k)
			if err != nil {
				key = k
			}
			if found && SensitiveParam(key) {
				parts[i] = k + "=" + url.QueryEscape(Redacted)
			}
		}
		u.RawQuery = strings.Join(parts, "&")
	}
	// Show the marker as written, not percent-encoded.
	out := strings.ReplaceAll(u.String(), url.QueryEscape(Redacted), Redacted)
	// A vendor key in the path (Telegram's /bot<token>/getMe) is a
	// credential too: the catalogue knows its shape.
	credential.FindKeys(u.Path, func(m credential.KeyMatch) bool {
		if !m.Placeholder && !(m.Exact && identifierKind[m.Vendor.Kind]) && m.End-m.Start-m.Keep >= 8 {
			out = strings.ReplaceAll(out, u.Path[m.Start+m.Keep:m.End], Redacted)
		}
		return true
	})
	return out
}

// Display returns the field's value as it may be shown: in clear for
// ordinary headers, and for credential headers the scheme word (when there
// is one) followed by the redacted form, as in
// "Bearer [redacted len=812 sha256=1a2b3c4d]".
func (f Field) Display() string {
	v := f.Value.Reveal()
	if !f.Sensitive() {
		return v
	}
	if scheme, rest, ok := strings.Cut(v, " "); ok && SchemeWord(scheme) && rest != "" {
		return scheme + " " + NewSecret(rest).String()
	}
	return f.Value.String()
}

// SchemeWord reports whether s looks like an auth-scheme (RFC 9110 §11.1)
// rather than part of a credential: letters, digits and '-' only, at most
// 20 bytes. Redaction keeps such a first word and hides the rest.
func SchemeWord(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// LoopbackHost reports whether host — a name or an IP address, with or
// without brackets or an IPv6 zone — stays on this machine: localhost,
// a *.localhost name (RFC 6761 §6.3), or a loopback address. Credentials
// sent there cross no network.
func LoopbackHost(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	if i := strings.IndexByte(h, '%'); i >= 0 {
		h = h[:i]
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
