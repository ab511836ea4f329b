package check

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// found builds a finding; the engine stamps id, cause and doc.
func found(sev authdoctor.Severity, conf authdoctor.Confidence, summary string, evidence ...string) []authdoctor.Finding {
	var ev []string
	seen := map[string]bool{}
	for _, e := range evidence {
		if e != "" && !seen[e] {
			seen[e] = true
			ev = append(ev, e)
		}
	}
	return []authdoctor.Finding{{Severity: sev, Confidence: conf, Summary: summary, Evidence: ev}}
}

// failSeverity is error when the authenticated request failed and warning
// when the server accepted it anyway: a defect the server tolerates is
// worth fixing but is not the cause of anything.
func (in *Input) failSeverity() authdoctor.Severity {
	if in.Auth != nil && in.Auth.Err != nil && in.Auth.Final() == nil {
		return authdoctor.SeverityError
	}
	if in.Failed() {
		return authdoctor.SeverityError
	}
	return authdoctor.SeverityWarning
}

// confirm reads the confirmation probe of the running check's hypothesis
// and adjusts a
// finding: accepted → confirmed; refused → the defect is real but not the
// whole story, so it drops to a warning.
func (in *Input) confirm(fs []authdoctor.Finding, what string) []authdoctor.Finding {
	p := in.Obs.Confirmation(in.id)
	if p == nil || len(fs) == 0 {
		return fs
	}
	f := &fs[0]
	st := p.Status()
	switch {
	case st >= 200 && st < 300:
		f.Confidence = authdoctor.Confirmed
		f.Severity = authdoctor.SeverityError
		f.Evidence = append(f.Evidence, fmt.Sprintf("confirmed: the same request %s got %s", what, StatusLine(st)))
	case st == 0:
		msg := "no response"
		if p.Err != nil {
			msg = p.Err.Message
		}
		f.Evidence = append(f.Evidence, fmt.Sprintf("not confirmed: the request %s got %s", what, msg))
	default:
		f.Evidence = append(f.Evidence, fmt.Sprintf("the request %s still got %s: fix this anyway, but it is not the whole story", what, StatusLine(st)))
		f.Severity = authdoctor.SeverityWarning
	}
	return fs
}

// serverSaid is evidence quoting the server's error message, scrubbed.
func serverSaid(r *Response) string {
	if r == nil {
		return ""
	}
	if code, desc := r.BearerError(); code != "" {
		if desc != "" {
			return fmt.Sprintf("server said: error=%q, %q", code, oneLine(authdoctor.ScrubText(desc)))
		}
		return fmt.Sprintf("server said: error=%q", code)
	}
	if r.Body.Message != "" {
		return fmt.Sprintf("server said: %q", r.Body.Message)
	}
	return ""
}

// isLoopback reports whether host is a loopback name or address, where a
// credential sent in clear does not cross a network.
func isLoopback(host string) bool { return authdoctor.LoopbackHost(host) }

// hostOf returns the host name of a URL, "" if it does not parse.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// probes returns the non-nil probes among ps.
func probes(ps ...*authdoctor.Probe) []*authdoctor.Probe {
	var out []*authdoctor.Probe
	for _, p := range ps {
		if p != nil {
			out = append(out, p)
		}
	}
	return out
}

// primaryProbes is the authenticated probe, or the baseline when the
// authenticated probe got no answer (or was not sent): the baseline lacks
// the credential fields, so its answer speaks for the request only when
// nothing else does.
func primaryProbes(in *Input) []*authdoctor.Probe {
	if in.Auth != nil && in.Auth.Final() != nil {
		return []*authdoctor.Probe{in.Auth}
	}
	return probes(in.Auth, in.Baseline)
}

// tokenLike reports whether the credential is a token a bearer-style server
// validates (JWT, opaque bearer), as opposed to a password or API key.
func (c *Cred) tokenLike() bool {
	switch c.Info.Kind {
	case "jwt", "jwe", "opaque":
		return true
	}
	// A vendor's OAuth access token or personal access token sent as a
	// bearer token is a token too (Google ya29., GitHub gho_/ghp_):
	// "get a fresh one" is the right advice, not "check the API key".
	if c.HasVendor && strings.EqualFold(c.Scheme, "Bearer") {
		switch c.Vendor.Kind {
		case "access-token", "oauth", "pat", "fine-grained-pat", "user-to-server", "server-to-server", "app", "bot", "user":
			return true
		}
	}
	return false
}

// corruptible reports whether a deliberately damaged copy may be sent:
// bearer tokens and API keys, never passwords (Basic, Digest: account
// lockout) nor negotiated schemes.
func (c *Cred) corruptible() bool {
	switch strings.ToLower(c.Scheme) {
	case "basic", "digest", "negotiate", "ntlm", "aws4-hmac-sha256":
		return false
	}
	if strings.EqualFold(c.Field.Name, "Cookie") {
		return false
	}
	return len(strings.TrimSpace(c.credentials)) >= 8
}

// Corruptible reports whether the primary credential may be sent damaged.
func (in *Input) Corruptible() bool {
	c := in.Primary()
	return c != nil && c.corruptible()
}

// sentOnFinal reports whether the primary credential went out on the last
// hop of the authenticated probe.
func (in *Input) sentOnFinal() bool {
	f := in.Final()
	c := in.Primary()
	return f != nil && c != nil && f.Sends(c.Field.Name)
}

// permissionPhrases are what a server says when it knows the caller and
// refuses the action. Contractions are listed as written ("isn't
// authorized to", Magento), with the typographic apostrophe too.
var permissionPhrases = []string{"permission", "not allowed", "isn't allowed", "isn’t allowed", "aren't allowed", "aren’t allowed",
	"not authorized to", "isn't authorized to", "isn’t authorized to", "aren't authorized to", "aren’t authorized to", "not authorised to", "isn't authorised to",
	"access denied", "do not have access", "don't have access", "don’t have access", "forbidden", "not permitted", "insufficient privileges", "lacks",
	// a known user refused a role: CouchDB's 401 "You are not a server
	// admin.", RabbitMQ's 401 "Not management user" (a user without the
	// management tag).
	"not an admin", "not a server admin", "not an administrator", "not a superuser", "not management user", "not a management user", "not a member of"}

// SentOnFinal reports whether the primary credential went out on the last
// hop of the authenticated probe.
func (in *Input) SentOnFinal() bool { return in.sentOnFinal() }

// ReceiptPhrases are what servers say only about a credential they read:
// it expired, its signature failed, it is unknown, revoked, malformed or
// refused. A server that says one of them did receive the credential,
// whatever else its answer looks like.
var ReceiptPhrases = []string{
	"expired", "token is expired", "token has expired", "jwt expired",
	"invalid signature", "signature verification failed", "signature is invalid", "bad signature", "jwt signature",
	"token unknown", "unknown token", "token not found", "revoked", "malformed", "invalid token", "token is invalid", "invalid jwt",
	"invalid api key", "invalid key", "bad credentials", "invalid credentials", "incorrect username or password",
	"invalid username or password", "invalid password", "api key not valid", "not authorized", "not authorised",
}
