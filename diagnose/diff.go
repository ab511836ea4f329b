package diagnose

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
	"github.com/authdoctor/authdoctor/source"
)

// placement says where a request carries a credential: "header
// Authorization (Bearer)", "query access_token", "body access_token",
// "cookie session".
func placements(r authdoctor.Request) []string {
	var out []string
	for _, f := range r.Header {
		if !f.Sensitive() || strings.EqualFold(f.Name, "Cookie") {
			continue
		}
		p := "header " + f.Name
		if s, _, ok := strings.Cut(strings.TrimSpace(f.Value.Reveal()), " "); ok && strings.EqualFold(f.Name, "Authorization") && authdoctor.SchemeWord(s) {
			p += " (" + s + ")"
		}
		out = append(out, p)
	}
	if u, err := url.Parse(r.URL); err == nil {
		for _, k := range sortedKeys(u.Query()) {
			if authdoctor.SensitiveParam(k) {
				out = append(out, "query "+k)
			}
		}
	}
	for _, k := range bodyCredentialKeys(r.Body.Reveal()) {
		out = append(out, "body "+k)
	}
	for _, c := range cookieNames(r) {
		out = append(out, "cookie "+c)
	}
	return out
}

func sortedKeys(v url.Values) []string {
	var ks []string
	for k := range v {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// bodyCredentialKeys lists credential-named keys of a form or JSON body.
func bodyCredentialKeys(body string) []string {
	var out []string
	body = strings.TrimSpace(body)
	if body == "" {
		return nil
	}
	var m map[string]any
	if json.Unmarshal([]byte(body), &m) == nil {
		for k := range m {
			if authdoctor.SensitiveParam(k) {
				out = append(out, k)
			}
		}
	} else if v, err := url.ParseQuery(body); err == nil {
		for k := range v {
			if authdoctor.SensitiveParam(k) {
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

func cookieNames(r authdoctor.Request) []string {
	var out []string
	for _, f := range r.Fields("Cookie") {
		for _, part := range strings.Split(f.Value.Reveal(), ";") {
			if name, _, ok := strings.Cut(strings.TrimSpace(part), "="); ok && name != "" {
				out = append(out, name)
			}
		}
	}
	sort.Strings(out)
	return out
}

// credentialOf returns the description of the request's main credential,
// wherever it is carried, and its fingerprint.
func credentialOf(r authdoctor.Request) *authdoctor.Credential {
	for _, f := range r.Header {
		if f.Sensitive() && !strings.EqualFold(f.Name, "Cookie") {
			if c, ok := redactedCredential(f); ok {
				return c
			}
			c := credential.Inspect(f.Name, f.Value.Reveal())
			return &c
		}
	}
	if u, err := url.Parse(r.URL); err == nil {
		for _, k := range sortedKeys(u.Query()) {
			if authdoctor.SensitiveParam(k) {
				c := credential.Inspect("X-Query-"+k, u.Query().Get(k))
				c.Header = "query " + k
				return &c
			}
		}
	}
	body := strings.TrimSpace(r.Body.Reveal())
	var m map[string]any
	if json.Unmarshal([]byte(body), &m) == nil {
		for _, k := range bodyCredentialKeys(body) {
			if s, ok := m[k].(string); ok {
				c := credential.Inspect("X-Body-"+k, s)
				c.Header = "body " + k
				return &c
			}
		}
	} else if v, err := url.ParseQuery(body); err == nil {
		for _, k := range bodyCredentialKeys(body) {
			c := credential.Inspect("X-Body-"+k, v.Get(k))
			c.Header = "body " + k
			return &c
		}
	}
	return nil
}

// Diff compares two requests.
func Diff(a, b source.Spec) authdoctor.DiffReport {
	var d authdoctor.DiffReport
	add := func(dst *[]authdoctor.DiffLine, field, av, bv string) {
		*dst = append(*dst, authdoctor.DiffLine{Field: field, A: av, B: bv, Same: av == bv})
	}
	pa, pb := placements(a.Request), placements(b.Request)
	add(&d.Auth, "credential placement", joinOr(pa, "none"), joinOr(pb, "none"))
	ca, cb := credentialOf(a.Request), credentialOf(b.Request)
	desc := func(c *authdoctor.Credential, f func(*authdoctor.Credential) string) string {
		if c == nil {
			return "–"
		}
		return f(c)
	}
	line := credLine
	if recorded(ca) || recorded(cb) {
		line = credShortLine // a recorded side only knows scheme, length and fingerprint
	}
	add(&d.Auth, "credential", desc(ca, line), desc(cb, line))
	add(&d.Auth, "environment", desc(ca, func(c *authdoctor.Credential) string { return orDash(c.Environment) }), desc(cb, func(c *authdoctor.Credential) string { return orDash(c.Environment) }))
	jwtField := func(name string, f func(j *authdoctor.JWT) string) {
		g := func(c *authdoctor.Credential) string {
			if c.JWT == nil {
				return "–"
			}
			return orDash(f(c.JWT))
		}
		if (ca != nil && ca.JWT != nil) || (cb != nil && cb.JWT != nil) {
			add(&d.Auth, name, desc(ca, g), desc(cb, g))
		}
	}
	jwtField("token issuer", func(j *authdoctor.JWT) string { return j.Iss })
	jwtField("token audience", func(j *authdoctor.JWT) string { return strings.Join(j.Aud, " ") })
	jwtField("token expiry", func(j *authdoctor.JWT) string {
		if j.Exp == nil {
			return ""
		}
		return j.Exp.UTC().Format(time.RFC3339)
	})
	jwtField("token scopes", func(j *authdoctor.JWT) string { return strings.Join(j.Scopes, " ") })
	ua, _ := url.Parse(a.Request.URL)
	ub, _ := url.Parse(b.Request.URL)
	part := func(u *url.URL, f func(*url.URL) string) string {
		if u == nil {
			return "–"
		}
		return f(u)
	}
	add(&d.Auth, "scheme", part(ua, func(u *url.URL) string { return u.Scheme }), part(ub, func(u *url.URL) string { return u.Scheme }))
	add(&d.Auth, "host", part(ua, func(u *url.URL) string { return u.Hostname() }), part(ub, func(u *url.URL) string { return u.Hostname() }))
	add(&d.Auth, "port", part(ua, port), part(ub, port))
	add(&d.Auth, "path", part(ua, func(u *url.URL) string { return u.EscapedPath() }), part(ub, func(u *url.URL) string { return u.EscapedPath() }))
	add(&d.Auth, "method", orGET(a.Request.Method), orGET(b.Request.Method))
	add(&d.Auth, "cookies", joinOr(cookieNames(a.Request), "none"), joinOr(cookieNames(b.Request), "none"))
	add(&d.Auth, "content type", headerValue(a.Request, "Content-Type"), headerValue(b.Request, "Content-Type"))
	add(&d.Auth, "proxy", orDash(authdoctor.RedactURL(a.Proxy)), orDash(authdoctor.RedactURL(b.Proxy)))
	if a.Proxy == "" && b.Proxy == "" {
		d.Auth = d.Auth[:len(d.Auth)-1]
	}
	// The rest: every other header, and the query without credentials.
	names := map[string]bool{}
	for _, r := range []authdoctor.Request{a.Request, b.Request} {
		for _, f := range r.Header {
			if !f.Sensitive() && !strings.EqualFold(f.Name, "Content-Type") {
				names[strings.ToLower(f.Name)] = true
			}
		}
	}
	var sorted []string
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, n := range sorted {
		add(&d.Other, "header "+n, headerValue(a.Request, n), headerValue(b.Request, n))
	}
	add(&d.Other, "query", part(ua, safeQuery), part(ub, safeQuery))
	add(&d.Other, "body", bodyLine(a.Request), bodyLine(b.Request))
	d.Conclusion = conclude(pa, pb, ca, cb, d)
	return d
}

// credLine describes a credential without where it travels (the
// placement line says that), so one token sent two ways shows as equal.
func credLine(c *authdoctor.Credential) string {
	parts := []string{c.Kind}
	if c.Prefix != "" {
		parts = append(parts, c.Prefix)
	}
	parts = append(parts, fmt.Sprintf("%d bytes", c.Length), "sha256 "+c.Fingerprint)
	return strings.Join(parts, " · ")
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch u.Scheme {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

func safeQuery(u *url.URL) string {
	q := u.Query()
	for k := range q {
		if authdoctor.SensitiveParam(k) {
			q[k] = []string{authdoctor.Redacted}
		}
	}
	return strings.ReplaceAll(q.Encode(), url.QueryEscape(authdoctor.Redacted), authdoctor.Redacted)
}

func bodyLine(r authdoctor.Request) string {
	b := r.Body.Reveal()
	if b == "" {
		return "none"
	}
	return fmt.Sprintf("%d bytes, sha256 %s", len(b), authdoctor.Fingerprint(b))
}

func headerValue(r authdoctor.Request, name string) string {
	var vs []string
	for _, f := range r.Fields(name) {
		vs = append(vs, f.Display())
	}
	return joinOr(vs, "–")
}

func joinOr(ss []string, empty string) string {
	if len(ss) == 0 {
		return empty
	}
	return strings.Join(ss, ", ")
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

func orGET(m string) string {
	if m == "" {
		return "GET"
	}
	return strings.ToUpper(m)
}

// conclude says in one line what matters most.
func conclude(pa, pb []string, ca, cb *authdoctor.Credential, d authdoctor.DiffReport) string {
	where := func(ps []string) string {
		if len(ps) == 0 {
			return "no credential at all"
		}
		p := ps[0]
		switch {
		case strings.HasPrefix(p, "body "):
			return "the token in the request body (" + strings.TrimPrefix(p, "body ") + ")"
		case strings.HasPrefix(p, "query "):
			return "the token in the URL query (" + strings.TrimPrefix(p, "query ") + ")"
		case strings.HasPrefix(p, "header "):
			return "the credential in the " + strings.TrimPrefix(p, "header ") + " header"
		}
		return p
	}
	if joinOr(pa, "") != joinOr(pb, "") {
		return fmt.Sprintf("B sends %s; A sends %s.", where(pb), where(pa))
	}
	if ca != nil && cb != nil && ca.Fingerprint != cb.Fingerprint {
		s := fmt.Sprintf("They send different credentials: A %s, B %s", credShort(ca), credShort(cb))
		if ca.Environment != cb.Environment && ca.Environment != "" && cb.Environment != "" {
			s += fmt.Sprintf(" (A is %s, B is %s)", ca.Environment, cb.Environment)
		}
		return s + "."
	}
	for _, l := range d.Auth {
		if !l.Same {
			return fmt.Sprintf("Same credential, but the %s differs: A %s, B %s.", l.Field, l.A, l.B)
		}
	}
	for _, l := range d.Other {
		if !l.Same {
			return fmt.Sprintf("The auth-relevant parts are identical; the %s differs: A %s, B %s.", l.Field, l.A, l.B)
		}
	}
	return "The two requests are the same."
}

func credShort(c *authdoctor.Credential) string {
	s := c.Kind + " sha256 " + c.Fingerprint
	if c.Prefix != "" {
		s = c.Prefix + "… " + s
	}
	return s
}

// redactedPattern is how authdoctor writes a credential it recorded
// (Secret.String): a HAR from authdoctor capture holds only this.
var redactedPattern = regexp.MustCompile(`\[redacted len=(\d+) sha256=([0-9a-f]{8})\]`)

// redactedCredential reads a recorded, redacted credential: its length
// and fingerprint are enough to tell whether two sides send the same one.
func redactedCredential(f authdoctor.Field) (*authdoctor.Credential, bool) {
	v := f.Value.Reveal()
	m := redactedPattern.FindStringSubmatch(v)
	if m == nil {
		return nil, false
	}
	n, _ := strconv.Atoi(m[1])
	c := &authdoctor.Credential{Header: f.Name, Kind: "recorded (redacted)", Length: n, Fingerprint: m[2]}
	if s, _, ok := strings.Cut(strings.TrimSpace(v), " "); ok && authdoctor.SchemeWord(s) {
		c.Scheme = s
	}
	return c, true
}

func recorded(c *authdoctor.Credential) bool { return c != nil && c.Kind == "recorded (redacted)" }

func credShortLine(c *authdoctor.Credential) string {
	return fmt.Sprintf("%d bytes · sha256 %s", c.Length, c.Fingerprint)
}
