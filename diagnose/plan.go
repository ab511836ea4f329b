package diagnose

import (
	"encoding/base64"
	"net"
	"net/url"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
	"github.com/authdoctor/authdoctor/header"
)

// Plan is one extra probe the diagnosis wants sent.
type Plan struct {
	Role authdoctor.Role
	// Hypothesis is the finding id a confirmation tests.
	Hypothesis string
	Label      string
	Request    authdoctor.Request
}

// PlanOptions limit what may be planned.
type PlanOptions struct {
	// NoConfirm turns confirmation probes off.
	NoConfirm bool
	// TrustRedirects allows confirming a dropped-on-redirect credential by
	// sending it to a host other than the one the user named.
	TrustRedirects bool
}

// Differential returns the corrupted-token probe, when the authenticated
// answer looks exactly like the baseline and the credential is a bearer
// token or API key (never a password: accounts lock).
func Differential(o *authdoctor.Observation, opt check.Options) (Plan, bool) {
	in := check.NewInput(o, opt)
	c := in.Primary()
	st := in.Status()
	if c == nil || in.Baseline == nil || in.Corrupted != nil || !authdoctor.SafeMethod(o.Request.Method) {
		return Plan{}, false
	}
	if st != 401 && st != 403 && st != 400 {
		return Plan{}, false
	}
	if !in.SameAs(in.Auth, in.Baseline) || !in.Corruptible() {
		return Plan{}, false
	}
	f := in.Final()
	if f == nil || !f.Sends(c.Field.Name) {
		return Plan{}, false
	}
	r, _ := damaged(in, o.Request)
	return Plan{Role: authdoctor.RoleCorrupted, Label: "same request, last characters of the token changed", Request: r}, true
}

// corrupt changes the last four characters of v to other characters of
// the same class, so the damaged token keeps its shape.
func corrupt(v string) string {
	b := []byte(strings.TrimRight(v, "\r\n \t"))
	n := 0
	for i := len(b) - 1; i >= 0 && n < 4; i-- {
		switch c := b[i]; {
		case c >= '0' && c <= '9':
			b[i] = '0' + (c-'0'+5)%10
		case c >= 'a' && c <= 'z':
			b[i] = 'a' + (c-'a'+13)%26
		case c >= 'A' && c <= 'Z':
			b[i] = 'A' + (c-'A'+13)%26
		default:
			continue
		}
		n++
	}
	return string(b)
}

// Confirmations returns the corrected requests that would prove the
// findings that can be proven by sending once more, lowest layer first.
// Unsafe methods are never repeated.
func Confirmations(o *authdoctor.Observation, findings []authdoctor.Finding, opt check.Options, po PlanOptions) []Plan {
	if po.NoConfirm || !authdoctor.SafeMethod(o.Request.Method) {
		return nil
	}
	in := check.NewInput(o, opt)
	if !in.Failed() && !(in.Auth != nil && in.Auth.Err != nil) {
		return nil
	}
	var out []Plan
	seen := map[string]bool{}
	add := func(id, label string, r authdoctor.Request) {
		key := requestKey(r)
		if seen[key] || o.Confirmation(id) != nil {
			return
		}
		seen[key] = true
		out = append(out, Plan{Role: authdoctor.RoleConfirm, Hypothesis: id, Label: label, Request: r})
	}
	for _, f := range Rank(findings) {
		if f.Severity < authdoctor.SeverityWarning && f.ID != "header.scheme-case" {
			continue
		}
		c := in.Primary()
		if c == nil {
			continue
		}
		switch f.ID {
		case "header.control-char", "header.quoted", "header.whitespace", "header.lookalike", "header.double-scheme", "header.scheme-colon", "header.scheme-case":
			for _, cr := range in.Creds {
				fixed, changed := header.Fix(cr.Field.Value.Reveal(), cr.Issues)
				if !changed {
					continue
				}
				field := cr.Field
				field.Value = authdoctor.NewSecret(fixed)
				add(f.ID, "same request with the header corrected", o.Request.With(field))
			}
		case "header.no-scheme":
			if !c.Authorization || (c.Info.Kind != "jwt" && c.Info.Kind != "opaque") {
				continue
			}
			field := c.Field
			field.Value = authdoctor.NewSecret("Bearer " + strings.TrimSpace(c.Field.Value.Reveal()))
			add(f.ID, "same request with \"Bearer \" in front of the token", o.Request.With(field))
		case "credential.basic-malformed":
			if fixed, ok := fixBasic(c.Field.Value.Reveal()); ok {
				field := c.Field
				field.Value = authdoctor.NewSecret(fixed)
				add(f.ID, "same request with the Basic credential re-encoded", o.Request.With(field))
			}
		case "header.scheme-mismatch":
			want, ok := in.ChallengedScheme()
			if !ok || !check.SimpleScheme(want) || !check.SimpleScheme(c.Scheme) {
				continue
			}
			_, cred, ok := header.Split(strings.TrimSpace(c.Field.Value.Reveal()))
			if !ok {
				continue
			}
			field := c.Field
			field.Value = authdoctor.NewSecret(want + " " + cred)
			add(f.ID, "same request with the scheme "+want, o.Request.With(field))
		case "redirect.auth-dropped":
			if in.Auth == nil || len(in.Auth.Hops) == 0 {
				continue
			}
			final := in.Auth.Hops[len(in.Auth.Hops)-1].URL
			if !po.TrustRedirects && !sameSite(o.Request.URL, final) {
				o.Skipped = appendOnce(o.Skipped, "confirmation of redirect.auth-dropped not sent: the final URL is on another site or plain http; pass --trust-redirects to send your credential there")
				continue
			}
			r := o.Request
			r.URL = final
			add(f.ID, "the credential sent directly to the final URL", r)
		}
	}
	return out
}

func appendOnce(ss []string, s string) []string {
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}

// fixBasic re-encodes a Basic value whose decoded form has a trailing
// newline, is line-wrapped or badly padded.
func fixBasic(v string) (string, bool) {
	scheme, cred, ok := header.Split(strings.TrimSpace(v))
	if !ok {
		return "", false
	}
	cred = strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, cred)
	raw, err := base64.StdEncoding.DecodeString(cred)
	if err != nil {
		raw, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(cred, "="))
		if err != nil {
			return "", false
		}
	}
	clean := strings.TrimRight(string(raw), "\r\n")
	if !strings.Contains(clean, ":") {
		return "", false
	}
	fixed := scheme + " " + base64.StdEncoding.EncodeToString([]byte(clean))
	return fixed, fixed != strings.TrimSpace(v)
}

// sameSite reports whether a credential sent to URL a may be sent to URL
// b without asking: both loopback, or the same host, or one host a
// subdomain of the other (api.example.com and example.com), never across
// IP addresses and never from https down to http. The rule is narrow on
// purpose: without the public suffix list, siblings such as
// api.example.co.uk and evil.co.uk cannot be told apart from siblings of
// one organisation.
func sameSite(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil {
		return false
	}
	if ua.Scheme == "https" && ub.Scheme != "https" {
		return false
	}
	ha, hb := strings.ToLower(ua.Hostname()), strings.ToLower(ub.Hostname())
	if ha == "" || hb == "" {
		return false
	}
	if authdoctor.LoopbackHost(ha) && authdoctor.LoopbackHost(hb) || ha == hb {
		return true
	}
	if net.ParseIP(ha) != nil || net.ParseIP(hb) != nil {
		return false
	}
	return subdomain(ha, hb) || subdomain(hb, ha)
}

// subdomain reports whether h is a subdomain of parent with at least two
// labels (never a bare top-level domain).
func subdomain(h, parent string) bool {
	return strings.Contains(parent, ".") && strings.HasSuffix(h, "."+parent)
}

// requestKey identifies a request for de-duplication without keeping the
// secret: fingerprints only.
func requestKey(r authdoctor.Request) string {
	var b strings.Builder
	b.WriteString(r.Method + " " + r.URL)
	for _, f := range r.Header {
		b.WriteString("|" + f.Name + "=" + f.Value.Fingerprint())
	}
	return b.String()
}
