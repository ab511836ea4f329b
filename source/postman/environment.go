package postman

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Environment is a Postman environment or globals export. Globals rank
// below collection variables, environments above them. It prints as its
// name only, whatever the verb, because its values are often credentials.
type Environment struct {
	// Name is the export's name ("Staging", "My Workspace Globals").
	Name string
	// Globals is true for a globals export (_postman_variable_scope
	// "globals", or the older bare array of values).
	Globals bool
	vars    []variable
}

// String returns "Postman environment NAME" or "Postman globals NAME".
func (e *Environment) String() string {
	if e.Globals {
		if e.Name == "" {
			return "Postman globals"
		}
		return "Postman globals " + e.Name
	}
	return "Postman environment " + e.Name
}

// Format prints String whatever the verb.
func (e *Environment) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, e.String()) }

// Len is the number of variables the export holds, disabled ones included.
func (e *Environment) Len() int { return len(e.vars) }

type rawEnvironment struct {
	Name        text            `json:"name"`
	Scope       text            `json:"_postman_variable_scope"`
	Values      json.RawMessage `json:"values"`
	Environment json.RawMessage `json:"environment"`
	Info        json.RawMessage `json:"info"`
	Item        json.RawMessage `json:"item"`
}

// ReadEnvironment reads a Postman environment export or a globals export:
// {"name", "values": [{"key", "value", "enabled"}], "_postman_variable_scope"},
// the same wrapped as {"environment": …} by the Postman API, or the older
// globals form, a bare array of values. A value with "enabled": false is
// kept but never used.
func ReadEnvironment(r io.Reader) (*Environment, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, fmt.Errorf("read postman environment: %w", err)
	}
	e, err := parseEnvironment(data, 0)
	if err != nil {
		return nil, fmt.Errorf("read postman environment: %w", err)
	}
	return e, nil
}

func parseEnvironment(data []byte, depth int) (*Environment, error) {
	t := bytes.TrimSpace(data)
	if len(t) > 0 && t[0] == '[' {
		var vs list[rawVariable]
		if err := decode(t, &vs); err != nil {
			return nil, err
		}
		e := &Environment{Name: "", Globals: true}
		for _, v := range vs {
			e.vars = append(e.vars, v.variable())
		}
		return e, nil
	}
	var raw rawEnvironment
	if err := decode(t, &raw); err != nil {
		return nil, err
	}
	values := bytes.TrimSpace(raw.Values)
	if len(values) == 0 || values[0] != '[' {
		switch {
		case len(raw.Environment) > 0 && depth == 0:
			return parseEnvironment(raw.Environment, depth+1)
		case len(raw.Info) > 0 || len(raw.Item) > 0:
			return nil, errors.New("not an environment: the file is a Postman collection")
		}
		return nil, errors.New("not a postman environment: no values array")
	}
	var vs list[rawVariable]
	_ = vs.UnmarshalJSON(values)
	e := &Environment{Name: string(raw.Name), Globals: strings.EqualFold(string(raw.Scope), "globals")}
	for _, v := range vs {
		e.vars = append(e.vars, v.variable())
	}
	return e, nil
}
