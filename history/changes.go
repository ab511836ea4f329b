package history

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor"
)

// clockDrift is how much the server's clock must have moved against this
// machine's between two runs to count as a change.
const clockDrift = 30 * time.Second

// SinceLastOK compares cur, a failing run not yet stored, with ok, the
// last accepted run of the same request: what changed, the most likely
// culprit first. Only what a Record holds is compared, so nothing secret
// is read or shown.
func SinceLastOK(ok, cur Record) *authdoctor.SinceLastOK {
	s := &authdoctor.SinceLastOK{Run: ok.ID, At: ok.Time, Changes: []authdoctor.Change{}}
	add := func(what, before, after, summary string) {
		s.Changes = append(s.Changes, authdoctor.Change{What: what, Before: before, After: after, Summary: summary})
	}
	a, b := ok.Credential, cur.Credential
	if a == nil {
		a = &Credential{}
	}
	if b == nil {
		b = &Credential{}
	}
	if b.Expires != nil && !b.Expires.After(cur.Time) && a.Fingerprint == b.Fingerprint && (a.Expires == nil || a.Expires.After(ok.Time)) {
		add("token_expired", "valid", "expired "+b.Expires.UTC().Format(time.RFC3339),
			fmt.Sprintf("The same token expired since (at %s): get a fresh one.", b.Expires.UTC().Format(time.RFC3339)))
	}
	if a.Fingerprint != b.Fingerprint {
		add("credential", fp(a), fp(b), "Another credential is sent now than when it worked.")
	}
	if a.Environment != b.Environment || a.Vendor != b.Vendor {
		add("environment", join(a.Vendor, a.Environment), join(b.Vendor, b.Environment), "The credential belongs to another vendor or environment than the one that worked.")
	}
	if lost := missing(a.Scopes, b.Scopes); len(lost) > 0 {
		add("scopes", strings.Join(a.Scopes, " "), strings.Join(b.Scopes, " "), "The token has lost scopes it had: "+strings.Join(lost, " ")+".")
	} else if !slices.Equal(a.Scopes, b.Scopes) {
		add("scopes", strings.Join(a.Scopes, " "), strings.Join(b.Scopes, " "), "The token's scopes changed.")
	}
	if lost := missing(a.Roles, b.Roles); len(lost) > 0 {
		add("roles", strings.Join(a.Roles, " "), strings.Join(b.Roles, " "), "The token has lost roles it had: "+strings.Join(lost, " ")+".")
	} else if !slices.Equal(a.Roles, b.Roles) {
		add("roles", strings.Join(a.Roles, " "), strings.Join(b.Roles, " "), "The token's roles changed.")
	}
	if !slices.Equal(a.Audience, b.Audience) {
		add("audience", strings.Join(a.Audience, " "), strings.Join(b.Audience, " "), "The token is meant for another audience than the one that worked.")
	}
	if a.Issuer != b.Issuer {
		add("issuer", a.Issuer, b.Issuer, "The token comes from another issuer.")
	}
	if a.KeyID != b.KeyID && a.KeyID != "" && b.KeyID != "" {
		add("key_id", a.KeyID, b.KeyID, "The token is signed with another key (kid): the issuer may have rotated its keys.")
	}
	if ok.Method != cur.Method || ok.URL != cur.URL {
		add("request", ok.Method+" "+ok.URL, cur.Method+" "+cur.URL, "The request goes to another method, host or path than the one that worked.")
	}
	ea, eb := authenticated(ok), authenticated(cur)
	if ea.Status != eb.Status {
		add("status", status(ea), status(eb), fmt.Sprintf("The server answered %s then and %s now.", status(ea), status(eb)))
	}
	if ea.Challenge != eb.Challenge && eb.Challenge != "" {
		add("challenge", ea.Challenge, eb.Challenge, "The server's WWW-Authenticate challenge changed.")
	}
	if da, db, okA, okB := skew(ok), skew(cur), !ok.ServerDate.IsZero(), !cur.ServerDate.IsZero(); okA && okB && (da-db > clockDrift || db-da > clockDrift) {
		add("server_clock", da.Round(time.Second).String(), db.Round(time.Second).String(),
			fmt.Sprintf("The server's clock moved %s against this machine's since it worked.", (db-da).Round(time.Second)))
	}
	if ok.Version != cur.Version && ok.Version != "" {
		add("version", ok.Version, cur.Version, "authdoctor itself changed version.")
	}
	return s
}

func fp(c *Credential) string {
	if c.Fingerprint == "" {
		return "none"
	}
	return strings.TrimSpace(c.Kind + " sha256 " + c.Fingerprint)
}

func join(a, b string) string { return strings.TrimSpace(a + " " + b) }

// missing lists the members of was that now lacks.
func missing(was, now []string) []string {
	var out []string
	for _, s := range was {
		if !slices.Contains(now, s) {
			out = append(out, s)
		}
	}
	return out
}

// authenticated is the final exchange of the request as given.
func authenticated(r Record) Exchange {
	var last Exchange
	for _, e := range r.Exchanges {
		if e.Role == authdoctor.RoleAuthenticated {
			last = e
		}
	}
	return last
}

func status(e Exchange) string {
	if e.Status == 0 {
		if e.Error != "" {
			return "no answer"
		}
		return "nothing"
	}
	return fmt.Sprint(e.Status)
}

// skew is the server's clock minus this machine's, at the run.
func skew(r Record) time.Duration { return r.ServerDate.Sub(r.Time) }
