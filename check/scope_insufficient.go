package check

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// scopeInsufficient: the token is valid but lacks a scope the request
// needs. Evidence: RFC 6750 error="insufficient_scope" with scope=,
// GitHub's X-OAuth-Scopes vs X-Accepted-OAuth-Scopes, Google's
// ACCESS_TOKEN_SCOPE_INSUFFICIENT (root-causes C35, C36).
func scopeInsufficient(in *Input) []authdoctor.Finding {
	f := in.Final()
	if f == nil {
		return nil
	}
	ghPerm := f.Header.Get("X-Accepted-GitHub-Permissions")
	if f.Status != 403 && f.Status != 401 && !(f.Status == 404 && ghPerm != "") && !slackScope(in.Parse(f).Body) {
		return nil
	}
	r := in.Parse(f)
	var granted []string
	if c := in.Primary(); c != nil && c.Info.JWT != nil {
		granted = c.Info.JWT.Scopes
	}
	if r := in.Obs.Issuer; len(granted) == 0 && r != nil && r.Introspection != nil && len(r.Introspection.Scopes) > 0 {
		granted = r.Introspection.Scopes // an opaque token's scopes, from its issuer
	}
	var required []string
	var ev []string
	conf := authdoctor.Confidence("")
	if code, _ := r.BearerError(); code == "insufficient_scope" {
		conf = authdoctor.Confirmed
		ev = append(ev, in.challengeLines(f)...)
		for _, ch := range r.Challenges {
			required = append(required, ch.Scopes()...)
		}
	}
	if acc := f.Header.Get("X-Accepted-OAuth-Scopes"); acc != "" {
		has := splitScopes(f.Header.Get("X-OAuth-Scopes"))
		want := splitScopes(acc)
		if !githubScopeGranted(want, has) {
			conf = authdoctor.Confirmed
			granted = has
			required = want
			ev = append(ev, "X-OAuth-Scopes: "+f.Header.Get("X-OAuth-Scopes")+" (what the token has)", "X-Accepted-OAuth-Scopes: "+acc+" (any one of these is needed)")
		}
	}
	if ghPerm != "" {
		// GitHub names the fine-grained permission the endpoint needs; a
		// private resource the token may not see answers 404, not 403.
		conf = authdoctor.Likely
		required = append(required, splitScopes(ghPerm)...)
		ev = append(ev, "X-Accepted-GitHub-Permissions: "+ghPerm+" (the permission this endpoint needs)")
		if f.Status == 404 {
			ev = append(ev, "GitHub answers 404, not 403, for a private resource the token is not allowed to see")
		}
	}
	// With X-Accepted-OAuth-Scopes granted, GitHub's phrase is about
	// permissions on the resource, not the token's scopes.
	if phrase, ok := r.Body.Has("resource not accessible by integration", "resource not accessible by personal access token"); ok && conf == "" && f.Header.Get("X-Accepted-OAuth-Scopes") == "" {
		conf = authdoctor.Likely
		ev = append(ev, fmt.Sprintf("the server says %q", phrase))
	}
	if slackScope(r.Body) {
		conf = authdoctor.Confirmed
		ev = append(ev, "the answer carries the code missing_scope")
		required = append(required, scopesNamed(f.Body)...)
	}
	if r.Body.HasCode("ACCESS_TOKEN_SCOPE_INSUFFICIENT") {
		conf = authdoctor.Confirmed
		ev = append(ev, "reason: ACCESS_TOKEN_SCOPE_INSUFFICIENT")
	}
	if phrase := scopeWords.FindString(r.Body.Text); phrase != "" && conf == "" {
		conf = authdoctor.Likely
		ev = append(ev, fmt.Sprintf("the server says %q", phrase))
		required = append(required, scopesNamed(f.Body)...)
	}
	if want := in.Obs.Expect.Scopes; conf == "" && len(want) > 0 && granted != nil && f.Status == 403 {
		if m := minus(want, granted); len(m) > 0 {
			conf = authdoctor.Likely
			required = want
			ev = append(ev, "this request needs (--scope or OpenAPI): "+strings.Join(want, " "))
		}
	}
	if conf == "" {
		return nil
	}
	missing := minus(required, granted)
	ev = append([]string{Describe(in.Auth)}, ev...)
	if len(granted) > 0 {
		ev = append(ev, "the token grants: "+strings.Join(granted, " "))
	}
	if s := serverSaid(r); s != "" {
		ev = append(ev, s)
	}
	sum := "The token is valid but lacks a scope this request needs."
	fix := "Request a token with the required scopes, or grant them to the key in the provider's settings."
	if len(missing) > 0 {
		sum = fmt.Sprintf("The token is valid but lacks the scope %s.", strings.Join(missing, ", "))
		fix = fmt.Sprintf("Get a token that includes %s (add it to the scope parameter of the token request, or to the key's permissions).", strings.Join(missing, " "))
	}
	fs := found(authdoctor.SeverityError, conf, sum, ev...)
	fs[0].Fix = fix
	return fs
}

func splitScopes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}

func intersect(a, b []string) []string {
	var out []string
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
			}
		}
	}
	return out
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		found := false
		for _, y := range b {
			if x == y {
				found = true
			}
		}
		if !found {
			out = append(out, x)
		}
	}
	return out
}

// githubImplied lists the GitHub OAuth scopes a broader scope includes
// (GitHub docs, "Scopes for OAuth apps"): a token with repo may do what
// repo:status allows.
var githubImplied = map[string][]string{
	"repo":             {"repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events"},
	"admin:org":        {"write:org", "read:org", "manage_runners:org"},
	"write:org":        {"read:org"},
	"admin:public_key": {"write:public_key", "read:public_key"},
	"write:public_key": {"read:public_key"},
	"admin:repo_hook":  {"write:repo_hook", "read:repo_hook"},
	"write:repo_hook":  {"read:repo_hook"},
	"admin:gpg_key":    {"write:gpg_key", "read:gpg_key"},
	"write:gpg_key":    {"read:gpg_key"},
	"user":             {"read:user", "user:email", "user:follow"},
	"write:packages":   {"read:packages"},
	"project":          {"read:project"},
	"write:discussion": {"read:discussion"},
}

// githubScopeGranted reports whether any accepted scope is granted, directly
// or through a broader granted scope.
func githubScopeGranted(accepted, granted []string) bool {
	for _, a := range accepted {
		for _, g := range granted {
			if a == g {
				return true
			}
			for _, imp := range githubImplied[g] {
				if imp == a {
					return true
				}
			}
		}
	}
	return false
}

// scopeWords is a server saying a scope is missing, singular or plural,
// with a space or an underscore: "insufficient scope", "missing_scope",
// "required scopes" (HubSpot), "scopes are required",
// "insufficient authentication scopes" (Google). "scope" alone is not
// enough: it appears in every OAuth answer.
var scopeWords = regexp.MustCompile(`\b(?:insufficient|missing|required)[ _](?:authentication[ _])?scopes?\b|\bscopes? (?:is |are )?required\b`)

// slackScope reports a missing_scope code in a JSON answer: Slack's (an
// HTTP 200 with "ok": false) or Dropbox's tagged union ({".tag":
// "missing_scope"}).
func slackScope(b ErrorBody) bool { return b.JSON && b.HasCode("missing_scope") }

// scopeKeys are the JSON fields that name the scopes an answer says are
// needed: Slack "needed", Dropbox "required_scope", HubSpot
// context.requiredScopes.
var scopeKeys = []string{"needed", "required_scope", "required_scopes", "requiredScopes"}

// scopesNamed reads the scopes a JSON answer names as needed.
func scopesNamed(body []byte) []string {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return nil
	}
	var out []string
	var walk func(x any, depth int)
	walk = func(x any, depth int) {
		if depth > 6 {
			return
		}
		switch t := x.(type) {
		case map[string]any:
			for _, k := range scopeKeys {
				switch s := t[k].(type) {
				case string:
					out = append(out, splitScopes(s)...)
				case []any:
					for _, e := range s {
						if str, ok := e.(string); ok {
							out = append(out, str)
						}
					}
				}
			}
			for _, y := range t {
				walk(y, depth+1)
			}
		case []any:
			for _, y := range t {
				walk(y, depth+1)
			}
		}
	}
	walk(v, 0)
	return dedupe(out)
}
