package profile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Path is the small subset of JSONPath (RFC 9535) a profile's expected
// json_path uses: member names and array indexes from the root, as in
// $.orders, $.data[0].id or orders[0]. The zero value is no path.
type Path struct {
	raw   string
	steps []pathStep
}

type pathStep struct {
	key   string
	index int // when key is ""
}

// maxPathSteps bounds a path: a deeper one is a typo, not an API.
const maxPathSteps = 32

// ParsePath reads a json_path.
func ParsePath(s string) (Path, error) {
	raw := s
	s = strings.TrimSpace(s)
	if s == "" {
		return Path{}, errors.New("empty path: write one like $.orders")
	}
	s = strings.TrimPrefix(s, "$")
	var steps []pathStep
	for first := true; s != ""; first = false {
		switch {
		case s[0] == '.' || first && s[0] != '[':
			s = strings.TrimPrefix(s, ".")
			end := strings.IndexAny(s, ".[")
			if end < 0 {
				end = len(s)
			}
			key := s[:end]
			if key == "" || strings.ContainsAny(key, "] \t\"'*") {
				return Path{}, fmt.Errorf("%q: a member name is missing or holds ] * space or a quote; write $.orders or $.data[0].id", raw)
			}
			steps = append(steps, pathStep{key: key})
			s = s[end:]
		case s[0] == '[':
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return Path{}, fmt.Errorf("%q: [ without ]", raw)
			}
			n, err := strconv.Atoi(s[1:end])
			if err != nil || n < 0 || n > 1<<20 {
				return Path{}, fmt.Errorf("%q: [%s] is not an array index like [0]", raw, s[1:end])
			}
			steps = append(steps, pathStep{index: n})
			s = s[end+1:]
		default:
			return Path{}, fmt.Errorf("%q: unexpected %q", raw, s[:1])
		}
		if len(steps) > maxPathSteps {
			return Path{}, fmt.Errorf("%q: more than %d steps", raw, maxPathSteps)
		}
	}
	if len(steps) == 0 {
		return Path{}, fmt.Errorf("%q names the whole body: write a member, like $.orders", raw)
	}
	return Path{raw: strings.TrimSpace(raw), steps: steps}, nil
}

// IsZero reports whether p is no path.
func (p Path) IsZero() bool { return len(p.steps) == 0 }

// String returns the path as written.
func (p Path) String() string { return p.raw }

// ErrNotJSON is returned by In for a body that is not JSON.
var ErrNotJSON = errors.New("the body is not JSON")

// In reports whether the path exists in the JSON document body (a null
// value exists). A truncated body is not JSON.
func (p Path) In(body []byte) (bool, error) {
	var v any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return false, ErrNotJSON
	}
	for _, st := range p.steps {
		switch x := v.(type) {
		case map[string]any:
			if st.key == "" {
				return false, nil
			}
			var ok bool
			if v, ok = x[st.key]; !ok {
				return false, nil
			}
		case []any:
			if st.key != "" || st.index >= len(x) {
				return false, nil
			}
			v = x[st.index]
		default:
			return false, nil
		}
	}
	return true, nil
}
