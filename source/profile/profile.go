package profile

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/header"
	"github.com/authdoctor/authdoctor/source"
)

// Names of the file, looked up from the current directory to the root.
var Names = []string{"authdoctor.yaml", ".authdoctor.yaml"}

// maxFile bounds the file: a profile is a few KiB.
const maxFile = 1 << 20

// File is a loaded profile.
type File struct {
	Path         string
	Environments map[string]*Environment
	// EnvOrder and RequestOrder keep the file's order.
	EnvOrder     []string
	Requests     map[string]*Request
	RequestOrder []string
	// Defaults are the defaults: section, already applied to every
	// request (Request.Ops holds the merged values).
	Defaults Ops
}

// Environment is one deployment of the API.
type Environment struct {
	Name    string
	BaseURL string
	Headers []Header
	// Issuer and Audience are what this environment's API trusts.
	Issuer   string
	Audience []string
	// CredentialEnvironment is the environment the credential should
	// belong to (sandbox, test, production, live); empty when unknown.
	CredentialEnvironment string
	Line                  int
}

// Header is a header template: its value may reference $VARIABLES.
type Header struct {
	Name, Value  string
	Line, Column int
}

// Request is a named request any environment can run.
type Request struct {
	Name    string
	Method  string
	Path    string
	Headers []Header
	Scopes  []string
	Line    int
	// Ops are the request's owner, use case, expected answer, review
	// interval and what it blocks, with the file's defaults applied.
	Ops Ops
	// ExpectDenied says the credential must NOT be allowed this request:
	// validate passes when it is refused (403, or 401).
	ExpectDenied bool
	// Every is how often authdoctor watch runs the request; zero means
	// watch's --every.
	Every time.Duration
}

// Error is a problem in the file, with its position.
type Error struct {
	Path         string
	Line, Column int
	Msg          string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Msg)
	}
	return e.Path + ": " + e.Msg
}

// Find returns the profile in dir or the nearest parent directory.
func Find(dir string) (string, error) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("find profile: %w", err)
	}
	for {
		for _, n := range Names {
			p := filepath.Join(d, n)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p, nil
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no %s in %s or any parent directory: run authdoctor init, or pass --config FILE", Names[0], dir)
		}
		d = parent
	}
}

// Load reads and validates the profile at path.
func Load(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read profile: %w", err)
	}
	defer f.Close()
	return Read(f, path)
}

// Read parses a profile; path names it in errors.
func Read(r io.Reader, path string) (*File, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil {
		return nil, fmt.Errorf("read profile %s: %w", path, err)
	}
	if len(data) > maxFile {
		return nil, &Error{Path: path, Msg: "larger than 1 MiB: is it the right file?"}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(path, err)
	}
	if len(root.Content) == 0 {
		return nil, &Error{Path: path, Msg: "the file is empty: run authdoctor init for a starter file"}
	}
	p := &parser{path: path, f: &File{Path: path, Environments: map[string]*Environment{}, Requests: map[string]*Request{}}}
	if err := p.top(root.Content[0]); err != nil {
		return nil, err
	}
	if len(p.f.Environments) == 0 {
		return nil, &Error{Path: path, Msg: "no environments: add an environments: section (see authdoctor init)"}
	}
	for _, r := range p.f.Requests {
		d := p.f.Defaults
		if r.ExpectDenied {
			// A refusal is what this request expects; the file's expected
			// answer is for the requests that must work.
			d.Expected = Expected{}
		}
		r.Ops = r.Ops.merge(d)
	}
	return p.f, nil
}

// yamlError turns a yaml.v3 error ("yaml: line 3: …") into a positioned
// Error without echoing the file's content.
func yamlError(path string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		if _, rest, ok := strings.Cut(msg, ": "); ok {
			msg = rest
		}
	}
	return &Error{Path: path, Line: line, Column: 1, Msg: "not valid YAML: " + msg}
}

type parser struct {
	path string
	f    *File
}

func (p *parser) errf(n *yaml.Node, format string, a ...any) error {
	return &Error{Path: p.path, Line: n.Line, Column: n.Column, Msg: fmt.Sprintf(format, a...)}
}

// pairs iterates a mapping node, refusing any other kind and duplicate keys.
func (p *parser) pairs(n *yaml.Node, what string, fn func(k, v *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return p.errf(n, "%s must be a mapping (key: value lines)", what)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			return p.errf(k, "%q appears twice in %s", k.Value, what)
		}
		seen[k.Value] = true
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) scalar(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", p.errf(n, "%s must be a single value", what)
	}
	return n.Value, nil
}

func (p *parser) list(n *yaml.Node, what string) ([]string, error) {
	if n.Kind == yaml.ScalarNode {
		return strings.Fields(n.Value), nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, p.errf(n, "%s must be a list", what)
	}
	var out []string
	for _, c := range n.Content {
		s, err := p.scalar(c, what+" item")
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (p *parser) top(n *yaml.Node) error {
	return p.pairs(n, "the file", func(k, v *yaml.Node) error {
		switch k.Value {
		case "environments":
			return p.pairs(v, "environments", func(k, v *yaml.Node) error { return p.environment(k, v) })
		case "requests":
			return p.pairs(v, "requests", func(k, v *yaml.Node) error { return p.request(k, v) })
		case "version":
			return nil
		case "defaults":
			return p.pairs(v, "defaults", func(k, v *yaml.Node) error {
				ok, err := p.opsField(&p.f.Defaults, k, v)
				if !ok {
					return p.errf(k, "unknown key %q in defaults: use %s (expect_denied belongs to a request)", k.Value, opsKeys)
				}
				if st := p.f.Defaults.Expected.Status; err == nil && (st == 401 || st == 403) {
					return p.errf(v, "defaults expect %d: write expect_denied: true on the requests that must be refused instead", st)
				}
				return err
			})
		}
		return p.errf(k, "unknown key %q: the file has environments:, requests: and defaults:", k.Value)
	})
}

func (p *parser) environment(k, v *yaml.Node) error {
	e := &Environment{Name: k.Value, Line: k.Line}
	err := p.pairs(v, "environment "+k.Value, func(k, v *yaml.Node) error {
		var err error
		switch k.Value {
		case "base_url":
			if e.BaseURL, err = p.scalar(v, "base_url"); err != nil {
				return err
			}
			u, perr := url.Parse(e.BaseURL)
			if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return p.errf(v, "base_url must be an http:// or https:// URL with a host")
			}
			if u.User != nil || literalCredentialInQuery(u) {
				return p.errf(v, "base_url holds a credential (user info or a token parameter); the file must hold no secrets: use a header with a $VARIABLE")
			}
		case "headers":
			e.Headers, err = p.headers(v)
		case "issuer":
			e.Issuer, err = p.scalar(v, "issuer")
		case "audience":
			e.Audience, err = p.list(v, "audience")
		case "credential_environment":
			e.CredentialEnvironment, err = p.scalar(v, "credential_environment")
		default:
			return p.errf(k, "unknown key %q in environment %s: use base_url, headers, issuer, audience, credential_environment", k.Value, e.Name)
		}
		return err
	})
	if err != nil {
		return err
	}
	if e.BaseURL == "" {
		return p.errf(k, "environment %s has no base_url", e.Name)
	}
	p.f.Environments[e.Name] = e
	p.f.EnvOrder = append(p.f.EnvOrder, e.Name)
	return nil
}

func (p *parser) request(k, v *yaml.Node) error {
	r := &Request{Name: k.Value, Method: "GET", Line: k.Line}
	var expected *yaml.Node
	err := p.pairs(v, "request "+k.Value, func(k, v *yaml.Node) error {
		var err error
		switch k.Value {
		case "method":
			var m string
			if m, err = p.scalar(v, "method"); err == nil {
				r.Method = strings.ToUpper(m)
			}
		case "path":
			if r.Path, err = p.scalar(v, "path"); err == nil && !strings.HasPrefix(r.Path, "/") {
				return p.errf(v, "path must start with /")
			}
			if u, perr := url.Parse(r.Path); perr == nil && literalCredentialInQuery(u) {
				return p.errf(v, "path holds a token parameter; the file must hold no secrets")
			}
		case "headers":
			r.Headers, err = p.headers(v)
		case "scopes":
			r.Scopes, err = p.list(v, "scopes")
		case "every":
			var s string
			if s, err = p.scalar(v, "every"); err != nil {
				return err
			}
			d, perr := ParseEvery(s)
			if perr != nil {
				return p.errf(v, "every: %v", perr)
			}
			r.Every = d
		case "expect_denied":
			var s string
			if s, err = p.scalar(v, "expect_denied"); err != nil {
				return err
			}
			switch s {
			case "true", "yes":
				r.ExpectDenied = true
			case "false", "no":
			default:
				return p.errf(v, "expect_denied must be true or false")
			}
		default:
			ok, err := p.opsField(&r.Ops, k, v)
			if !ok {
				return p.errf(k, "unknown key %q in request %s: use method, path, headers, scopes, expect_denied, every, %s", k.Value, r.Name, opsKeys)
			}
			if k.Value == "expected" {
				expected = v
			}
			return err
		}
		return err
	})
	if err != nil {
		return err
	}
	if st := r.Ops.Expected.Status; expected != nil {
		switch {
		case r.ExpectDenied && st != 0 && st != 401 && st != 403:
			return p.errf(expected, "request %s has expect_denied: true, so its expected status must be 403 or 401, not %d", r.Name, st)
		case r.ExpectDenied && !r.Ops.Expected.JSONPath.IsZero():
			return p.errf(expected, "request %s has expect_denied: true: a refusal has no json_path to expect", r.Name)
		case !r.ExpectDenied && (st == 401 || st == 403):
			return p.errf(expected, "request %s expects %d: for a request the credential must not be allowed, write expect_denied: true", r.Name, st)
		}
	}

	if r.Path == "" {
		return p.errf(k, "request %s has no path", r.Name)
	}
	p.f.Requests[r.Name] = r
	p.f.RequestOrder = append(p.f.RequestOrder, r.Name)
	return nil
}

// headers reads a header mapping and refuses literal credentials: a
// credential header, or any value that looks like a credential, must be a
// template with a $VARIABLE.
func (p *parser) headers(n *yaml.Node) ([]Header, error) {
	var out []Header
	err := p.pairs(n, "headers", func(k, v *yaml.Node) error {
		val, err := p.scalar(v, "header "+k.Value)
		if err != nil {
			return err
		}
		if literal(k.Value, val) {
			return p.errf(v, "header %s holds a literal credential; the file must hold no secrets: write a $VARIABLE reference, e.g. %s: Bearer $API_TOKEN", k.Value, k.Value)
		}
		out = append(out, Header{Name: k.Value, Value: val, Line: v.Line, Column: v.Column})
		return nil
	})
	return out, err
}

// literal reports whether a header value holds a credential in clear: a
// credential header with anything but a scheme word outside its $VARIABLE
// references, or any value the scrubber would redact.
func literal(name, val string) bool {
	rest := val
	if strings.Contains(val, "$") {
		r, _, err := source.Expand(val, func(string) (string, bool) { return "", true })
		if err != nil {
			return false // reported when the request is built
		}
		rest = r
	}
	if authdoctor.SensitiveHeader(name) {
		rest = strings.TrimSpace(rest)
		if strings.EqualFold(name, "Authorization") || strings.EqualFold(name, "Proxy-Authorization") {
			rest = withoutScheme(rest)
		}
		return rest != ""
	}
	return authdoctor.ScrubText(rest) != rest
}

// withoutScheme drops a leading auth-scheme word (RFC 9110 §11.1).
func withoutScheme(v string) string {
	if _, ok := header.KnownScheme(v); ok {
		return ""
	}
	if s, rest, ok := strings.Cut(v, " "); ok && authdoctor.SchemeWord(s) {
		return strings.TrimSpace(rest)
	}
	return v
}

func literalCredentialInQuery(u *url.URL) bool {
	for k, vs := range u.Query() {
		for _, v := range vs {
			if authdoctor.SensitiveParam(k) && v != "" && !strings.HasPrefix(v, "$") {
				return true
			}
		}
	}
	return false
}

// ErrUnknown is wrapped by Spec for an unknown environment or request.
var ErrUnknown = errors.New("not in the profile")

// Spec builds the request named req in environment env, expanding
// $VARIABLES with lookup. The request's headers override the
// environment's of the same name.
func (f *File) Spec(env, req string, lookup func(string) (string, bool)) (source.Spec, error) {
	e, ok := f.Environments[env]
	if !ok {
		return source.Spec{}, fmt.Errorf("environment %q %w %s: it has %s", env, ErrUnknown, f.Path, strings.Join(f.EnvOrder, ", "))
	}
	r, ok := f.Requests[req]
	if !ok {
		return source.Spec{}, fmt.Errorf("request %q %w %s: it has %s", req, ErrUnknown, f.Path, strings.Join(f.RequestOrder, ", "))
	}
	spec := source.Spec{Name: req, From: fmt.Sprintf("%s: %s in %s", f.Path, req, env)}
	spec.Request = authdoctor.Request{Method: r.Method, URL: strings.TrimSuffix(e.BaseURL, "/") + r.Path}
	spec.Expect = authdoctor.Expect{Audience: e.Audience, Issuer: e.Issuer, Scopes: r.Scopes, Environment: e.CredentialEnvironment}
	headers := map[string]Header{}
	var order []string
	for _, h := range append(append([]Header(nil), e.Headers...), r.Headers...) {
		key := strings.ToLower(h.Name)
		if _, seen := headers[key]; !seen {
			order = append(order, key)
		}
		headers[key] = h
	}
	for _, key := range order {
		h := headers[key]
		val, refs, err := source.Expand(h.Value, lookup)
		if err != nil {
			return source.Spec{}, &Error{Path: f.Path, Line: h.Line, Column: h.Column, Msg: fmt.Sprintf("header %s: %v", h.Name, err)}
		}
		fld := authdoctor.Field{Name: h.Name, Value: authdoctor.NewSecret(val), Vars: refs, Origin: authdoctor.OriginEnv}
		if len(refs) > 0 {
			fld.Template = h.Value
			var names []string
			for _, r := range refs {
				names = append(names, "$"+r.Name)
			}
			sort.Strings(names)
			fld.Source = "environment variable " + strings.Join(names, ", ") + " (" + filepath.Base(f.Path) + ")"
		} else {
			fld.Origin = authdoctor.OriginFile
		}
		spec.Request.Header = append(spec.Request.Header, fld)
	}
	return spec, nil
}

// Starter is the commented file authdoctor init writes.
const Starter = `# authdoctor.yaml — environments and named requests for authdoctor.
# This file holds no secrets: credentials are $VARIABLE references that
# authdoctor expands from the environment when it runs. A literal token here
# is refused, with its line.
#
#   authdoctor check --env sandbox orders.list
#   authdoctor compare orders.list            # every environment side by side
#   authdoctor validate orders.list --env sandbox   # the validation scenarios
#   authdoctor runbook -o html --out runbook.html   # the runbook, from this file
#   authdoctor watch                                # every request, every environment, every minute

environments:
  sandbox:
    base_url: https://api.sandbox.example.com
    headers:
      Authorization: Bearer $SANDBOX_API_TOKEN
    # issuer: https://login.sandbox.example.com/   # the issuer this API trusts
    # audience: [orders-api]                        # the aud its tokens must carry
    credential_environment: sandbox                 # a live key here is a mistake

  production:
    base_url: https://api.example.com
    headers:
      Authorization: Bearer $PROD_API_TOKEN
    credential_environment: production

# What the people who run these requests need; authdoctor runbook writes
# it up. Every request inherits these unless it sets its own.
defaults:
  owner: payments-team                              # who is called when it fails
  review_every: 30d                                 # review the runbook this often (default 30d)
  blocks: [publishing]                              # what stops while it fails: publishing, retrying, automation

requests:
  orders.list:
    method: GET
    path: /v1/orders
    scopes: [orders:read]                           # what the request needs
    use_case: the shop lists today's orders for fulfilment
    expected:
      status: 200                                   # the answer of a working request
      json_path: $.orders                           # must exist in its JSON body
    # blocks: [publishing, automation]              # overrides the default
    # every: 5m                                     # authdoctor watch runs it this often (default --every 1m)

  # A request the credential must NOT be allowed: validate passes when the
  # server refuses it (403, or 401), proving the permission holds.
  # orders.refund-denied:
  #   path: /v1/admin/refunds
  #   expect_denied: true
`
