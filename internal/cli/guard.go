package cli

import (
	"encoding/base64"
	"fmt"
	"html"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
)

// guard is the output policy's last line of defence. Every value is
// redacted by type and scrubbed long before a report is rendered; the
// guard looks once more for each secret of the run in the bytes about to
// be printed, redacts what it finds and says so on stderr. It withholds a
// report only when redaction could not remove a secret, and then the
// command exits 2 with the reason.
type guard struct {
	items []guarded
}

// guarded is one secret the guard knows, with the name the warning uses.
type guarded struct {
	what string
	sc   *authdoctor.Scrubber
}

// request adds the credentials of req: each sensitive field (its value,
// its parts and their encodings), the body's credential parameters, the
// query's, and the values of the variables the fields were expanded from
// — except a Basic user name, which is not a secret (curl -v shows it).
func (g *guard) request(req authdoctor.Request, env Env) *guard {
	for _, f := range req.Header {
		if !f.Sensitive() {
			continue
		}
		if _, placeholder := credential.Placeholder(strings.TrimSpace(f.Value.Reveal())); placeholder {
			continue // a placeholder is public text, not a secret
		}
		sc := (&authdoctor.Scrubber{}).AddFields(f)
		user := basicUser(f.Value.Reveal())
		for _, r := range f.Vars {
			if val, _ := env.Lookup(r.Name); strings.TrimSpace(val) != "" && strings.TrimSpace(val) != user {
				sc.AddSecret(authdoctor.NewSecret(val))
			}
		}
		g.items = append(g.items, guarded{"the credential from " + f.Name, sc})
	}
	if !req.Body.IsZero() {
		g.items = append(g.items, guarded{"the request body", (&authdoctor.Scrubber{}).AddBody(req.Body)})
	}
	g.items = append(g.items, guarded{"the URL's credential", authdoctor.ScrubberFor(authdoctor.Request{URL: req.URL})})
	return g
}

// secret adds one more secret by name (the client secret, a minted token).
func (g *guard) secret(what string, v authdoctor.Secret) *guard {
	if !v.IsZero() {
		g.items = append(g.items, guarded{what, authdoctor.NewScrubber(v.Reveal())})
	}
	return g
}

// scrubber adds a run's scrubber.
func (g *guard) scrubber(what string, sc *authdoctor.Scrubber) *guard {
	if sc != nil {
		g.items = append(g.items, guarded{what, sc})
	}
	return g
}

// basicUser is the user name of a Basic credential, or "".
func basicUser(v string) string {
	scheme, rest, ok := strings.Cut(strings.TrimSpace(v), " ")
	if !ok || !strings.EqualFold(scheme, "Basic") {
		return ""
	}
	dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(rest))
	if err != nil {
		return ""
	}
	user, pass, _ := strings.Cut(string(dec), ":")
	if pass == "" {
		return "" // the user name is the key (Stripe's -u sk_…:)
	}
	return user
}

// write redacts out and writes it to env.Stdout; what it had to redact it
// names on stderr. A report that still holds a secret is not printed.
func (g *guard) write(env Env, out []byte, what string) error {
	var found []string
	for _, it := range g.items {
		if it.sc.Contains(out) {
			out = it.sc.Bytes(out, false)
			found = append(found, it.what)
		}
	}
	for _, it := range g.items {
		if it.sc.Contains(out) {
			return &exitError{code: ExitUsage, msg: fmt.Sprintf("refusing to print the %s: it would contain %s and redacting it failed (please report this bug)", what, it.what)}
		}
	}
	if len(found) > 0 {
		fmt.Fprintf(env.Stderr, "warning: the %s quoted %s; authdoctor redacted it before printing (please report this: it should have been scrubbed earlier)\n", what, strings.Join(dedupeStrings(found), " and "))
	}
	if _, err := env.Stdout.Write(out); err != nil {
		return &exitError{code: ExitUnreachable, msg: "writing the " + what + ": " + err.Error()}
	}
	return nil
}

// escaped looks for the secrets in an HTML page once its escapes are
// undone (&#43; for +): redaction cannot reach a secret written that way,
// so a page that holds one is not printed. The HTML renderer scrubs every
// string with the run's scrubber before escaping, so this never happens.
func (g *guard) escaped(out []byte, what string) error {
	plain := []byte(html.UnescapeString(string(out)))
	for _, it := range g.items {
		if it.sc.Contains(plain) {
			return &exitError{code: ExitUsage, msg: fmt.Sprintf("refusing to print the %s: its HTML would contain %s (please report this bug)", what, it.what)}
		}
	}
	return nil
}

func dedupeStrings(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
