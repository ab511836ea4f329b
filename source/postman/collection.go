package postman

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ErrV1 is returned for a collection in the old v1 format, which has
// top-level "requests" and "folders" instead of "info" and "item".
var ErrV1 = errors.New("postman collection format v1 is not supported: export it again as Collection v2.1")

// Collection is a Postman collection: its folders and requests, its auth
// and its variables. It prints as its name only, with every verb, because
// what it holds may include credentials typed into the collection.
type Collection struct {
	// Name is info.name.
	Name  string
	items []*Item
	auth  *auth
	vars  []variable
}

// Item is a folder or a request of a collection. Like Collection it prints
// as its name only.
type Item struct {
	// Name is the item's name as shown in Postman.
	Name   string
	folder bool
	items  []*Item
	auth   *auth
	req    *request
}

// IsFolder reports whether the item is a folder.
func (it *Item) IsFolder() bool { return it.folder }

// Method is the request's HTTP method in upper case ("GET" when the
// collection does not say), or "" for a folder.
func (it *Item) Method() string {
	if it.req == nil {
		return ""
	}
	return it.req.method()
}

// String returns the item's name.
func (it *Item) String() string { return it.Name }

// Format prints the item's name whatever the verb, so that %+v or %#v
// cannot print a credential stored in the collection.
func (it *Item) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, it.Name) }

// String returns "Postman collection NAME".
func (c *Collection) String() string { return "Postman collection " + c.Name }

// Format prints String whatever the verb.
func (c *Collection) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// auth is an auth helper: its type and its parameters, keyed by name.
type auth struct {
	typ    string
	params map[string]string
}

// variable is one collection, environment or globals variable.
type variable struct {
	key, value string
	disabled   bool
}

// request is one request as the collection stores it, before variables.
type request struct {
	meth   string
	url    rawURL
	header []keyValue
	body   *rawBody
	auth   *auth
}

func (r *request) method() string {
	if m := strings.ToUpper(strings.TrimSpace(r.meth)); m != "" {
		return m
	}
	return "GET"
}

// keyValue is a header, query parameter, form field or path variable.
type keyValue struct {
	Key      text `json:"key"`
	Value    text `json:"value"`
	Disabled flag `json:"disabled"`
}

// The JSON shapes. Every field tolerates the wrong JSON type so that a
// strange export decodes as far as it can and no value lands in an error.

type rawCollection struct {
	Info       json.RawMessage   `json:"info"`
	Item       list[rawItem]     `json:"item"`
	Auth       json.RawMessage   `json:"auth"`
	Variable   list[rawVariable] `json:"variable"`
	Requests   json.RawMessage   `json:"requests"`
	Folders    json.RawMessage   `json:"folders"`
	Values     json.RawMessage   `json:"values"`
	Collection json.RawMessage   `json:"collection"`
}

type rawInfo struct {
	Name   text `json:"name"`
	Schema text `json:"schema"`
}

type rawItem struct {
	Name    text            `json:"name"`
	Item    json.RawMessage `json:"item"`
	Request json.RawMessage `json:"request"`
	Auth    json.RawMessage `json:"auth"`
}

type rawVariable struct {
	Key      text    `json:"key"`
	ID       text    `json:"id"`
	Value    text    `json:"value"`
	Disabled flag    `json:"disabled"`
	Enabled  optFlag `json:"enabled"`
}

func (v rawVariable) variable() variable {
	k := string(v.Key)
	if k == "" {
		k = string(v.ID) // v2.0 files sometimes name variables by id only
	}
	return variable{key: k, value: string(v.Value), disabled: bool(v.Disabled) || (v.Enabled.set && !v.Enabled.v)}
}

type rawRequest struct {
	Method text            `json:"method"`
	URL    rawURL          `json:"url"`
	Header json.RawMessage `json:"header"`
	Body   *rawBody        `json:"body"`
	Auth   json.RawMessage `json:"auth"`
}

// rawURL is the url of a request: a string, or an object with raw and the
// parts Postman parsed from it.
type rawURL struct {
	Raw      string
	Object   bool
	Protocol string
	Host     []string
	Port     string
	Path     []string
	Query    []keyValue
	Variable []keyValue
	Hash     string
}

// UnmarshalJSON implements json.Unmarshaler.
func (u *rawURL) UnmarshalJSON(b []byte) error {
	*u = rawURL{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		var t text
		_ = t.UnmarshalJSON(b)
		u.Raw = string(t)
		return nil
	}
	var o struct {
		Raw      text            `json:"raw"`
		Protocol text            `json:"protocol"`
		Host     json.RawMessage `json:"host"`
		Port     text            `json:"port"`
		Path     json.RawMessage `json:"path"`
		Query    list[keyValue]  `json:"query"`
		Variable list[keyValue]  `json:"variable"`
		Hash     text            `json:"hash"`
	}
	if json.Unmarshal(b, &o) != nil {
		return nil
	}
	u.Object = true
	u.Raw, u.Protocol, u.Port, u.Hash = string(o.Raw), string(o.Protocol), string(o.Port), string(o.Hash)
	u.Host = strings1(o.Host)
	u.Path = strings1(o.Path)
	u.Query, u.Variable = o.Query, o.Variable
	return nil
}

// strings1 reads a string or an array of strings (or of {"value": …}
// objects, as path segments may be) into a slice; a bare string is one
// element.
func strings1(b json.RawMessage) []string {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] != '[' {
		var t text
		_ = t.UnmarshalJSON(b)
		return []string{string(t)}
	}
	var raw []json.RawMessage
	if json.Unmarshal(b, &raw) != nil {
		return nil
	}
	out := make([]string, 0, len(raw))
	for _, r := range raw {
		r = bytes.TrimSpace(r)
		if len(r) > 0 && r[0] == '{' {
			var o struct {
				Value text `json:"value"`
			}
			_ = json.Unmarshal(r, &o)
			out = append(out, string(o.Value))
			continue
		}
		var t text
		_ = t.UnmarshalJSON(r)
		out = append(out, string(t))
	}
	return out
}

type rawBody struct {
	Mode       text           `json:"mode"`
	Raw        text           `json:"raw"`
	URLEncoded list[keyValue] `json:"urlencoded"`
	FormData   list[keyValue] `json:"formdata"`
	GraphQL    *struct {
		Query     text `json:"query"`
		Variables text `json:"variables"`
	} `json:"graphql"`
	Options *struct {
		Raw *struct {
			Language text `json:"language"`
		} `json:"raw"`
	} `json:"options"`
	Disabled flag `json:"disabled"`
}

// ReadCollection reads a Postman collection export in format v2.1 (or
// v2.0, whose differences it accepts: auth parameters as an object, string
// headers). An export wrapped as {"collection": …}, as the Postman API
// returns it, is unwrapped. A v1 collection gives ErrV1.
func ReadCollection(r io.Reader) (*Collection, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, fmt.Errorf("read postman collection: %w", err)
	}
	c, err := parseCollection(data, 0)
	if err != nil {
		return nil, fmt.Errorf("read postman collection: %w", err)
	}
	return c, nil
}

func parseCollection(data []byte, depth int) (*Collection, error) {
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '[' {
		return nil, errors.New("not a collection: the file holds a JSON array (a globals export?)")
	}
	var raw rawCollection
	if err := decode(data, &raw); err != nil {
		return nil, err
	}
	var info rawInfo
	if t := bytes.TrimSpace(raw.Info); len(t) == 0 || t[0] != '{' || json.Unmarshal(t, &info) != nil {
		switch {
		case len(raw.Collection) > 0 && depth == 0:
			return parseCollection(raw.Collection, depth+1)
		case len(raw.Requests) > 0 || len(raw.Folders) > 0:
			return nil, ErrV1
		case len(raw.Values) > 0:
			return nil, errors.New("not a collection: the file is a Postman environment or globals export")
		}
		return nil, errors.New("not a postman collection: no info object")
	}
	if s := strings.ToLower(string(info.Schema)); strings.Contains(s, "/v1.") {
		return nil, ErrV1
	}
	c := &Collection{Name: string(info.Name)}
	c.auth = parseAuth(raw.Auth)
	for _, v := range raw.Variable {
		c.vars = append(c.vars, v.variable())
	}
	c.items = parseItems(raw.Item, 0)
	return c, nil
}

// maxDepth bounds folder nesting, so that a crafted file cannot exhaust
// the stack; Postman's own interface stops far earlier.
const maxDepth = 64

func parseItems(raw []rawItem, depth int) []*Item {
	if depth > maxDepth {
		return nil
	}
	var out []*Item
	for _, ri := range raw {
		it := &Item{Name: string(ri.Name)}
		if t := bytes.TrimSpace(ri.Item); len(t) > 0 && t[0] == '[' {
			it.folder = true
			var sub list[rawItem]
			_ = sub.UnmarshalJSON(t)
			it.items = parseItems(sub, depth+1)
			it.auth = parseAuth(ri.Auth)
		} else {
			it.req = parseRequest(ri.Request)
			if it.req == nil {
				continue // neither a folder nor a request: nothing to send
			}
		}
		out = append(out, it)
	}
	return out
}

func parseRequest(b json.RawMessage) *request {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] == '"' { // a bare URL: GET with nothing else
		var u rawURL
		_ = u.UnmarshalJSON(b)
		return &request{url: u}
	}
	var rr rawRequest
	if json.Unmarshal(b, &rr) != nil {
		return nil
	}
	return &request{meth: string(rr.Method), url: rr.URL, header: parseHeaders(rr.Header), body: rr.Body, auth: parseAuth(rr.Auth)}
}

// parseHeaders reads the header list, or a v2.0 header string with one
// "Name: value" per line (a line starting with // is disabled).
func parseHeaders(b json.RawMessage) []keyValue {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	if b[0] == '"' {
		var s text
		_ = s.UnmarshalJSON(b)
		var out []keyValue
		for _, line := range strings.Split(string(s), "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			off := strings.HasPrefix(line, "//")
			line = strings.TrimSpace(strings.TrimPrefix(line, "//"))
			k, v, _ := strings.Cut(line, ":")
			out = append(out, keyValue{Key: text(strings.TrimSpace(k)), Value: text(strings.TrimSpace(v)), Disabled: flag(off)})
		}
		return out
	}
	var l list[keyValue]
	_ = l.UnmarshalJSON(b)
	return l
}

// parseAuth reads an auth object. It returns nil when there is none (the
// request inherits), and an auth with typ "noauth" or "inherit" for those.
// Parameters are an array of {key, value} (v2.1) or an object (v2.0).
func parseAuth(b json.RawMessage) *auth {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	var typ text
	_ = typ.UnmarshalJSON(m["type"])
	a := &auth{typ: strings.ToLower(strings.TrimSpace(string(typ))), params: map[string]string{}}
	if a.typ == "" {
		return nil
	}
	p := bytes.TrimSpace(m[a.typ])
	if len(p) == 0 {
		// Postman keeps the original spelling of the type as the key.
		for k, v := range m {
			if strings.EqualFold(k, a.typ) {
				p = bytes.TrimSpace(v)
			}
		}
	}
	switch {
	case len(p) > 0 && p[0] == '[':
		var kvs list[struct {
			Key   text `json:"key"`
			Value text `json:"value"`
		}]
		_ = kvs.UnmarshalJSON(p)
		for _, kv := range kvs {
			if _, dup := a.params[string(kv.Key)]; !dup {
				a.params[string(kv.Key)] = string(kv.Value)
			}
		}
	case len(p) > 0 && p[0] == '{':
		var obj map[string]text
		_ = json.Unmarshal(p, &obj)
		for k, v := range obj {
			a.params[k] = string(v)
		}
	}
	return a
}
