package openapi

import (
	"fmt"
	"sort"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// Requirement is one security scheme an operation requires, with the
// scopes it requires of it.
type Requirement struct {
	// Scheme is the scheme's name in components.securitySchemes.
	Scheme string
	// Type is http, apiKey, oauth2, openIdConnect or mutualTLS.
	Type string
	// HTTPScheme is the lower-case scheme of an http type: bearer, basic,
	// digest…
	HTTPScheme string
	// In and Header say where an apiKey goes: header, query or cookie,
	// and the header, parameter or cookie name.
	In, Header string
	// Scopes are the scopes required: OAuth 2.0 and OpenID Connect scopes,
	// or, for other types in OpenAPI 3.1, role names.
	Scopes []string
}

// maxRefs bounds a chain of $ref between security schemes.
const maxRefs = 8

const schemesPrefix = "#/components/securitySchemes/"

// scheme resolves a scheme by name, following $ref inside
// components.securitySchemes.
func (d *Doc) scheme(name string) (map[string]any, error) {
	cur := name
	for range maxRefs {
		s, ok := d.schemes[cur]
		if !ok {
			if cur != name {
				return nil, fmt.Errorf("security scheme %q refers to %q, which components.securitySchemes does not define", name, cur)
			}
			return nil, fmt.Errorf("security scheme %q is not defined in components.securitySchemes", name)
		}
		ref, isRef := s["$ref"]
		if !isRef {
			return s, nil
		}
		r := str(ref)
		if !strings.HasPrefix(r, schemesPrefix) {
			return nil, fmt.Errorf("security scheme %q: $ref %q is not supported (only %s…)", name, r, schemesPrefix)
		}
		// JSON Pointer escapes (RFC 6901 §4).
		cur = strings.NewReplacer("~1", "/", "~0", "~").Replace(strings.TrimPrefix(r, schemesPrefix))
	}
	return nil, fmt.Errorf("security scheme %q: $ref chain too long or circular", name)
}

// types are the spellings of the scheme types, by lower case.
var types = map[string]string{"http": "http", "apikey": "apiKey", "oauth2": "oauth2", "openidconnect": "openIdConnect", "mutualtls": "mutualTLS"}

// requirements turns one Security Requirement Object into Requirements.
func (d *Doc) requirements(o map[string]any) ([]Requirement, error) {
	names := make([]string, 0, len(o))
	for k := range o {
		names = append(names, k)
	}
	sort.Strings(names)
	out := []Requirement{}
	for _, name := range names {
		s, err := d.scheme(name)
		if err != nil {
			return nil, err
		}
		typ := str(s["type"])
		r := Requirement{Scheme: name, Type: types[strings.ToLower(typ)]}
		if r.Type == "" {
			return nil, fmt.Errorf("security scheme %q has unknown type %q", name, typ)
		}
		switch r.Type {
		case "http":
			r.HTTPScheme = strings.ToLower(strings.TrimSpace(str(s["scheme"])))
		case "apiKey":
			r.In, r.Header = strings.ToLower(str(s["in"])), str(s["name"])
			if r.Header == "" {
				return nil, fmt.Errorf("security scheme %q (apiKey) has no name", name)
			}
		}
		for _, sc := range arr(o[name]) {
			if v := str(sc); v != "" {
				r.Scopes = append(r.Scopes, v)
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// Expect folds the first alternative into an authdoctor.Expect — the
// OAuth 2.0 and OpenID Connect scopes it requires — and says in words what
// every alternative expects: "Authorization: Bearer with scopes
// orders:write", "X-API-Key header", "… , or …". No alternatives (or an
// empty first one) expects nothing.
func Expect(alts [][]Requirement) (authdoctor.Expect, string) {
	var e authdoctor.Expect
	if len(alts) == 0 {
		return e, "no authentication (the operation is public)"
	}
	seen := map[string]bool{}
	for _, r := range alts[0] {
		if r.Type != "oauth2" && r.Type != "openIdConnect" {
			continue
		}
		for _, s := range r.Scopes {
			if !seen[s] {
				seen[s] = true
				e.Scopes = append(e.Scopes, s)
			}
		}
	}
	words := make([]string, 0, len(alts))
	for _, alt := range alts {
		words = append(words, describeAlt(alt))
	}
	return e, strings.Join(words, ", or ")
}

func describeAlt(alt []Requirement) string {
	if len(alt) == 0 {
		return "no authentication"
	}
	parts := make([]string, 0, len(alt))
	for _, r := range alt {
		parts = append(parts, describe(r))
	}
	return strings.Join(parts, " and ")
}

// describe says what one requirement expects on the wire.
func describe(r Requirement) string {
	var s string
	scoped := false
	switch r.Type {
	case "http":
		switch r.HTTPScheme {
		case "":
			s = "Authorization header"
		case "bearer":
			s = "Authorization: Bearer"
		default:
			s = "Authorization: " + strings.ToUpper(r.HTTPScheme[:1]) + r.HTTPScheme[1:]
		}
	case "oauth2":
		s, scoped = "Authorization: Bearer", true
	case "openIdConnect":
		s, scoped = "Authorization: Bearer (OpenID Connect)", true
	case "apiKey":
		switch r.In {
		case "query":
			s = r.Header + " query parameter"
		case "cookie":
			s = r.Header + " cookie"
		default:
			s = r.Header + " header"
		}
	case "mutualTLS":
		s = "a client TLS certificate"
	default:
		s = r.Scheme
	}
	if len(r.Scopes) > 0 {
		if scoped {
			s += " with scopes " + strings.Join(r.Scopes, ", ")
		} else {
			s += " with roles " + strings.Join(r.Scopes, ", ")
		}
	}
	return s
}
