package postman

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/source"
)

// Spec turns the request at path (as Find returns it) into a source.Spec.
//
// Variables are resolved with Postman's precedence: the environments
// given (the first one wins among them), then the collection's variables,
// then the globals exports given (an Environment with Globals set). A
// {{name}} inside a value is resolved in turn, up to 5 levels. Dynamic
// variables ({{$guid}}) and undefined ones stay as written, with a note;
// the checks then report the placeholder.
//
// The effective auth is the request's own, else its folders' from the
// innermost out, else the collection's; "noauth" (No Auth) stops the
// search and "inherit" continues it. Auth helpers become what Postman
// sends: bearer → Authorization: Bearer; basic → Authorization: Basic
// base64(user:pass); apikey → the named header or query parameter;
// oauth2 with a stored access token → Authorization with its header
// prefix (Bearer when the key is absent, none when it is set empty), or
// the access_token query parameter. Other
// auth types are noted as not supported. Like Postman, an auth helper
// replaces a header or query parameter of the same name, and sends
// nothing when its token is empty.
//
// Disabled headers, query parameters and form fields are dropped. Every
// header has Origin authdoctor.OriginFile; its Source names the variables
// it came from ("Postman environment Staging: {{token}}") or, for a value
// typed into the collection, the collection. Neither Source, Notes nor
// errors ever hold a value.
func (c *Collection) Spec(path []string, envs ...*Environment) (source.Spec, error) {
	chain, err := c.lookup(path)
	if err != nil {
		return source.Spec{}, fmt.Errorf("postman spec: %w", err)
	}
	it := chain[len(chain)-1]
	b := &builder{c: c, ns: &notes{}}
	b.r = &resolver{scopes: scopes(c, envs), notes: b.ns}

	req := authdoctor.Request{Method: it.req.method()}
	req.URL = b.url(it.req.url)
	for _, h := range it.req.header {
		b.header(&req, h)
	}
	b.body(&req, it.req.body)

	a, where, shadowed, shadowWhere := c.effectiveAuth(chain)
	switch {
	case a != nil:
		if where != "request" {
			b.ns.add("auth: %s, inherited from the %s", a.typ, where)
		}
		b.auth(&req, a, where)
	case shadowed != nil:
		b.ns.add("auth: No Auth on the %s, overriding the %s auth of the %s", where, shadowed.typ, shadowWhere)
	}
	spec := source.Spec{
		Name:    it.Name,
		From:    c.String() + ": " + strings.Join(path, " / "),
		Request: req,
		Notes:   b.ns.list,
	}
	return spec, nil
}

func scopes(c *Collection, envs []*Environment) []scope {
	var out []scope
	for _, e := range envs {
		if e != nil && !e.Globals {
			out = append(out, newScope(e.String(), e.vars))
		}
	}
	out = append(out, newScope("Postman collection variable", c.vars))
	for _, e := range envs {
		if e != nil && e.Globals {
			out = append(out, newScope("Postman globals", e.vars))
		}
	}
	return out
}

// builder assembles one request.
type builder struct {
	c  *Collection
	r  *resolver
	ns *notes
}

// url builds the request URL from Postman's parsed parts when it has them
// (that is what Postman sends), else from the raw string.
func (b *builder) url(u rawURL) string {
	if !u.Object || (len(u.Host) == 0 && u.Protocol == "") {
		s, _ := b.r.expand(strings.TrimSpace(u.Raw))
		return b.withScheme(s)
	}
	var s strings.Builder
	if p := strings.TrimRight(strings.TrimSpace(u.Protocol), ":/"); p != "" {
		v, _ := b.r.expand(p)
		s.WriteString(v + "://")
	}
	host, _ := b.r.expand(strings.Join(u.Host, "."))
	s.WriteString(host)
	if u.Port != "" {
		v, _ := b.r.expand(u.Port)
		s.WriteString(":" + v)
	}
	if len(u.Path) > 0 {
		segs := make([]string, len(u.Path))
		for i, seg := range u.Path {
			segs[i] = b.pathSegment(seg, u.Variable)
		}
		s.WriteString("/" + strings.TrimPrefix(strings.Join(segs, "/"), "/"))
	}
	var q []string
	for _, kv := range u.Query {
		if kv.Disabled || kv.Key == "" && kv.Value == "" {
			continue
		}
		k, _ := b.r.expand(string(kv.Key))
		v, _ := b.r.expand(string(kv.Value))
		q = append(q, escapeQuery(k)+"="+escapeQuery(v))
	}
	if len(q) > 0 {
		s.WriteString("?" + strings.Join(q, "&"))
	}
	if u.Hash != "" {
		v, _ := b.r.expand(u.Hash)
		s.WriteString("#" + v)
	}
	return b.withScheme(s.String())
}

// withScheme adds http:// to a URL without a scheme, as Postman does when
// it sends one.
func (b *builder) withScheme(s string) string {
	if s == "" || strings.Contains(s, "://") || strings.HasPrefix(s, "{{") {
		return s
	}
	b.ns.add("the URL has no scheme; Postman sends it over http://")
	return "http://" + s
}

// pathSegment resolves a segment, replacing a ":name" path variable by
// the value the request gives it.
func (b *builder) pathSegment(seg string, vars []keyValue) string {
	if strings.HasPrefix(seg, ":") && len(seg) > 1 {
		for _, v := range vars {
			if string(v.Key) == seg[1:] {
				if v.Value == "" {
					b.ns.add("the path variable %s has no value", seg)
					return seg
				}
				val, _ := b.r.expand(string(v.Value))
				return val
			}
		}
	}
	s, _ := b.r.expand(seg)
	return s
}

// escapeQuery percent-encodes what cannot stand in a query component as
// written (controls, space, non-ASCII, '#', '&', '=' and quotes), leaving
// existing %XX escapes alone, as Postman's encoder does.
func escapeQuery(s string) string {
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("#&=\"'<>`", c) >= 0 {
			fmt.Fprintf(&out, "%%%02X", c)
			continue
		}
		out.WriteByte(c)
	}
	return out.String()
}

// field makes a header from a name and a value template: the value is
// resolved into a Secret; Source and Template say where it came from.
func (b *builder) field(name, raw, prefix, what string) authdoctor.Field {
	v, uses := b.r.expand(raw)
	f := authdoctor.Field{Name: name, Value: authdoctor.NewSecret(prefix + v), Origin: authdoctor.OriginFile}
	switch {
	case len(uses) > 0:
		f.Source = describe(uses)
		if what != "" {
			f.Source += " (" + what + ")"
		}
		if pureRefs(raw) {
			f.Template = prefix + strings.TrimSpace(raw)
		}
	case authdoctor.SensitiveHeader(name):
		f.Source = b.c.String()
		if what != "" {
			f.Source += " (" + what + ")"
		}
	}
	return f
}

func (b *builder) header(req *authdoctor.Request, h keyValue) {
	name, _ := b.r.expand(strings.TrimSpace(string(h.Key)))
	if name == "" {
		return
	}
	if h.Disabled {
		if authdoctor.SensitiveHeader(name) {
			// Notes name the header as written: a name may come from a variable.
			b.ns.add("the %s header is disabled in the request, so it is not sent", strings.TrimSpace(string(h.Key)))
		}
		return
	}
	req.Header = append(req.Header, b.field(name, string(h.Value), "", ""))
}

// contentTypes are the Content-Type Postman adds for a raw body's language.
var contentTypes = map[string]string{
	"json":       "application/json",
	"xml":        "application/xml",
	"text":       "text/plain",
	"html":       "text/html",
	"javascript": "application/javascript",
}

func (b *builder) body(req *authdoctor.Request, body *rawBody) {
	if body == nil || body.Disabled {
		return
	}
	var ctype, data string
	switch mode := strings.ToLower(string(body.Mode)); mode {
	case "raw":
		data, _ = b.r.expand(string(body.Raw))
		if body.Options != nil && body.Options.Raw != nil {
			ctype = contentTypes[strings.ToLower(string(body.Options.Raw.Language))]
		}
	case "urlencoded":
		var parts []string
		for _, kv := range body.URLEncoded {
			if kv.Disabled {
				continue
			}
			k, _ := b.r.expand(string(kv.Key))
			v, _ := b.r.expand(string(kv.Value))
			parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(v))
		}
		data, ctype = strings.Join(parts, "&"), "application/x-www-form-urlencoded"
	case "graphql":
		if body.GraphQL == nil {
			return
		}
		q, _ := b.r.expand(string(body.GraphQL.Query))
		m := map[string]any{"query": q}
		if vs, _ := b.r.expand(string(body.GraphQL.Variables)); strings.TrimSpace(vs) != "" {
			m["variables"] = json.RawMessage(vs)
			if !json.Valid([]byte(vs)) {
				delete(m, "variables")
				b.ns.add("the GraphQL variables are not valid JSON and are left out of the body")
			}
		}
		enc, _ := json.Marshal(m)
		data, ctype = string(enc), "application/json"
	case "":
		return
	default:
		b.ns.add("the %s body is not reproduced", mode)
		return
	}
	req.Body = authdoctor.NewSecret(data)
	if _, ok := req.Get("Content-Type"); !ok && ctype != "" && data != "" {
		req.Header = append(req.Header, authdoctor.Field{Name: "Content-Type", Value: authdoctor.NewSecret(ctype), Origin: authdoctor.OriginFile})
	}
}

// effectiveAuth walks from the request up to the collection and returns
// the auth in force and where it was set ("request", `folder "Orders"`,
// "collection"). The auth is nil for No Auth (where then says who chose
// it) or when nothing sets one (where is ""). shadowed is the auth No Auth
// hides, if any, with where it was set.
func (c *Collection) effectiveAuth(chain []*Item) (a *auth, where string, shadowed *auth, shadowWhere string) {
	type level struct {
		a     *auth
		where string
	}
	levels := []level{{chain[len(chain)-1].req.auth, "request"}}
	for i := len(chain) - 2; i >= 0; i-- {
		levels = append(levels, level{chain[i].auth, fmt.Sprintf("folder %q", chain[i].Name)})
	}
	levels = append(levels, level{c.auth, "collection"})
	for i, l := range levels {
		if l.a == nil || l.a.typ == "inherit" {
			continue
		}
		if l.a.typ != "noauth" {
			return l.a, l.where, nil, ""
		}
		for _, up := range levels[i+1:] {
			if up.a != nil && up.a.typ != "inherit" && up.a.typ != "noauth" {
				return nil, l.where, up.a, up.where
			}
		}
		return nil, l.where, nil, ""
	}
	return nil, "", nil, ""
}

func (b *builder) auth(req *authdoctor.Request, a *auth, where string) {
	what := a.typ + " auth of the " + where
	switch a.typ {
	case "bearer":
		b.setHeader(req, "Authorization", "Authorization", a.params["token"], "Bearer ", what)
	case "basic":
		user, uu := b.r.expand(a.params["username"])
		pass, pu := b.r.expand(a.params["password"])
		if user == "" && pass == "" {
			b.ns.add("the %s has no username or password, so Postman sends no Authorization header", what)
			return
		}
		f := authdoctor.Field{Name: "Authorization", Origin: authdoctor.OriginFile,
			Value: authdoctor.NewSecret("Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass)))}
		uses := append(uu, pu...)
		f.Source = b.c.String() + " (" + what + ")"
		if len(uses) > 0 {
			f.Source = describe(uses) + " (" + what + ")"
		}
		if pureRefs(a.params["username"]) && pureRefs(a.params["password"]) {
			f.Template = "Basic base64(" + strings.TrimSpace(a.params["username"]) + ":" + strings.TrimSpace(a.params["password"]) + ")"
		}
		if unresolved(uses) {
			b.ns.add("the %s encodes an unresolved variable into the Basic credentials", what)
		}
		b.replace(req, f, "Authorization", what)
	case "apikey":
		label := strings.TrimSpace(a.params["key"])
		key, _ := b.r.expand(label)
		if strings.EqualFold(strings.TrimSpace(a.params["in"]), "query") {
			b.setQuery(req, key, label, a.params["value"], what)
			return
		}
		if key == "" {
			b.ns.add("the %s has no key name, so Postman sends no API key header", what)
			return
		}
		b.setHeader(req, key, label, a.params["value"], "", what)
	case "oauth2":
		b.oauth2(req, a, what)
	default:
		b.ns.add("auth type %s (set on the %s) not supported: the request is checked without it", a.typ, where)
	}
}

func (b *builder) oauth2(req *authdoctor.Request, a *auth, what string) {
	if t := strings.TrimSpace(a.params["tokenType"]); t != "" && !strings.EqualFold(t, "bearer") {
		b.ns.add("the %s has token type %s; only bearer tokens are supported", what, t)
		return
	}
	if strings.TrimSpace(a.params["accessToken"]) == "" {
		b.ns.add("the %s holds no access token (Postman fetches one with Get New Access Token and does not always export it); pass the token another way", what)
		return
	}
	if strings.EqualFold(strings.TrimSpace(a.params["addTokenTo"]), "queryParams") {
		b.setQuery(req, "access_token", "access_token", a.params["accessToken"], what)
		return
	}
	prefix, set := a.params["headerPrefix"]
	prefix = strings.TrimSpace(prefix)
	if !set {
		prefix = "Bearer"
	}
	if prefix != "" {
		prefix = prefix + " "
	}
	b.setHeader(req, "Authorization", "Authorization", a.params["accessToken"], prefix, what)
}

// setHeader adds the header an auth helper generates, unless its value
// resolves to nothing (Postman then sends nothing). label is the header
// name as written, for notes: the name itself may come from a variable.
func (b *builder) setHeader(req *authdoctor.Request, name, label, raw, prefix, what string) {
	f := b.field(name, raw, prefix, what)
	if strings.TrimSpace(f.Value.Reveal()[len(prefix):]) == "" {
		b.ns.add("the %s has an empty value, so Postman sends no %s header", what, label)
		return
	}
	b.replace(req, f, label, what)
}

// replace puts f in the request in place of any header of the same name,
// as Postman's auth helpers do.
func (b *builder) replace(req *authdoctor.Request, f authdoctor.Field, label, what string) {
	if _, ok := req.Get(f.Name); ok {
		b.ns.add("the request's own %s header is replaced by the one the %s generates, as Postman does", label, what)
	}
	*req = req.With(f)
}

// setQuery adds a query parameter an auth helper generates, replacing one
// of the same name. The value goes into the URL: that is where the API
// reads it, and displays of a URL redact credential parameters.
func (b *builder) setQuery(req *authdoctor.Request, key, label, raw, what string) {
	v, _ := b.r.expand(raw)
	if key == "" || strings.TrimSpace(v) == "" {
		b.ns.add("the %s has an empty key or value, so Postman adds no query parameter", what)
		return
	}
	base, frag, _ := strings.Cut(req.URL, "#")
	path, query, _ := strings.Cut(base, "?")
	var kept []string
	if query != "" {
		for _, p := range strings.Split(query, "&") {
			k, _, _ := strings.Cut(p, "=")
			if uk, err := url.QueryUnescape(k); err == nil && uk == key || k == key {
				b.ns.add("the request's own %s query parameter is replaced by the one the %s generates, as Postman does", label, what)
				continue
			}
			kept = append(kept, p)
		}
	}
	kept = append(kept, escapeQuery(key)+"="+escapeQuery(v))
	u := path + "?" + strings.Join(kept, "&")
	if frag != "" {
		u += "#" + frag
	}
	req.URL = u
	b.ns.add("the %s sends the credential in the query parameter %s", what, label)
}
