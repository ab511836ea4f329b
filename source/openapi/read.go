package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxFile is the largest document read; real API descriptions are a few
// megabytes at most.
const maxFile = 64 << 20

// methods are the operations a path item may hold (OpenAPI 3.1 §4.8.9).
var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// Doc is a parsed OpenAPI document: what its security depends on.
type Doc struct {
	// Version is the openapi field ("3.0.3", "3.1.0").
	Version string
	// Title is info.title.
	Title   string
	servers []server
	paths   []pathItem
	schemes map[string]map[string]any
	// security is the top-level requirement list; nil when absent.
	security []any
	hasSec   bool
}

// server is a Server Object: a URL template and its variables.
type server struct {
	url  string
	vars map[string]serverVar
	m    serverMatcher
}

func newServer(u string, vars map[string]serverVar) server {
	s := server{url: u, vars: vars}
	s.m = compileServer(s)
	return s
}

type serverVar struct {
	def  string
	enum []string
}

// pathItem is one entry of paths with its operations.
type pathItem struct {
	template string
	segs     []segment
	servers  []server
	ops      map[string]operation // by lower-case method
}

type operation struct {
	id       string
	servers  []server
	security []any
	hasSec   bool
}

// Read reads an OpenAPI 3.0 or 3.1 document, JSON (when it starts with
// '{') or YAML. A Swagger 2.0 document is refused with a hint to convert it.
func Read(r io.Reader) (*Doc, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil {
		return nil, fmt.Errorf("read openapi document: %w", err)
	}
	if len(data) > maxFile {
		return nil, fmt.Errorf("read openapi document: larger than %d MiB", maxFile>>20)
	}
	d, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("read openapi document: %w", err)
	}
	return d, nil
}

func parse(data []byte) (*Doc, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var root any
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		if err := json.Unmarshal(t, &root); err != nil {
			var syn *json.SyntaxError
			if errors.As(err, &syn) {
				return nil, fmt.Errorf("invalid JSON at byte %d", syn.Offset)
			}
			return nil, errors.New("invalid JSON")
		}
	} else if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("invalid YAML: %w", err)
	}
	top := obj(root)
	if top == nil {
		return nil, errors.New("not an OpenAPI document: not an object")
	}
	if v := str(top["swagger"]); v != "" {
		return nil, fmt.Errorf("swagger %s is not supported: convert the document to OpenAPI 3", v)
	}
	version := str(top["openapi"])
	if version == "" {
		return nil, errors.New("not an OpenAPI document: no openapi field")
	}
	if major, _, _ := strings.Cut(version, "."); major != "3" {
		return nil, fmt.Errorf("openapi %s is not supported: want 3.0 or 3.1", version)
	}
	d := &Doc{Version: version, Title: str(obj(top["info"])["title"])}
	d.servers = servers(top["servers"])
	d.security, d.hasSec = security(top)
	d.schemes = map[string]map[string]any{}
	for name, s := range obj(obj(top["components"])["securitySchemes"]) {
		if o := obj(s); o != nil {
			d.schemes[name] = o
		}
	}
	paths := obj(top["paths"])
	templates := make([]string, 0, len(paths))
	for k := range paths {
		templates = append(templates, k)
	}
	sort.Strings(templates)
	for _, tmpl := range templates {
		if !strings.HasPrefix(tmpl, "/") {
			continue // extensions (x-…) and junk
		}
		item := obj(paths[tmpl])
		if item == nil {
			continue
		}
		p := pathItem{template: tmpl, segs: compilePath(tmpl), servers: servers(item["servers"]), ops: map[string]operation{}}
		for _, m := range methods {
			o := obj(item[m])
			if o == nil {
				continue
			}
			op := operation{id: str(o["operationId"]), servers: servers(o["servers"])}
			op.security, op.hasSec = security(o)
			p.ops[m] = op
		}
		d.paths = append(d.paths, p)
	}
	return d, nil
}

// security returns a security field: the list and whether it is there. A
// null value counts as absent.
func security(o map[string]any) ([]any, bool) {
	v, ok := o["security"]
	if !ok || v == nil {
		return nil, false
	}
	l, ok := v.([]any)
	if !ok {
		return nil, false
	}
	return l, true
}

func servers(v any) []server {
	var out []server
	for _, s := range arr(v) {
		o := obj(s)
		if o == nil {
			continue
		}
		vars := map[string]serverVar{}
		for name, raw := range obj(o["variables"]) {
			vo := obj(raw)
			x := serverVar{def: str(vo["default"])}
			for _, e := range arr(vo["enum"]) {
				x.enum = append(x.enum, str(e))
			}
			vars[name] = x
		}
		out = append(out, newServer(str(o["url"]), vars))
	}
	return out
}

// obj returns v as a JSON-style object. YAML mappings with keys that are
// not strings get their keys printed.
func obj(v any) map[string]any {
	switch m := v.(type) {
	case map[string]any:
		return m
	case map[any]any:
		out := make(map[string]any, len(m))
		for k, x := range m {
			out[fmt.Sprint(k)] = x
		}
		return out
	}
	return nil
}

func arr(v any) []any {
	a, _ := v.([]any)
	return a
}

// str returns a scalar as a string: YAML reads "openapi: 3.1" as a number.
func str(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case int:
		return strconv.Itoa(s)
	case int64:
		return strconv.FormatInt(s, 10)
	case uint64:
		return strconv.FormatUint(s, 10)
	case float64:
		return strconv.FormatFloat(s, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(s)
	case nil:
		return ""
	}
	return ""
}
