package postman

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// maxFile is the largest export read: a collection with thousands of
// requests and saved responses stays well below it.
const maxFile = 64 << 20

// readAll reads at most maxFile bytes and drops a UTF-8 byte order mark,
// which editors on Windows like to add.
func readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFile {
		return nil, fmt.Errorf("file larger than %d MiB", maxFile>>20)
	}
	return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), nil
}

// decode unmarshals data into v and rewrites the error so that it says where
// the JSON broke but never quotes what the file holds: encoding/json puts a
// mistyped number's digits in its message, and a value may be a credential.
func decode(data []byte, v any) error {
	err := json.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("invalid JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		if typ.Field == "" {
			return errors.New("the file is not a JSON object")
		}
		return fmt.Errorf("unexpected JSON value at %s (byte %d)", typ.Field, typ.Offset)
	}
	return errors.New("invalid JSON")
}

// text is a JSON value read as a string, whatever its JSON type: Postman
// writes variable values as strings, numbers or booleans, and hand-edited
// files mix them. null is the empty string; an object or array keeps its
// JSON text. Decoding a text never fails, so no value reaches an error.
type text string

// UnmarshalJSON implements json.Unmarshaler.
func (t *text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*t = ""
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			*t = ""
			return nil
		}
		*t = text(s)
	default:
		*t = text(b)
	}
	return nil
}

// flag is a JSON boolean that also accepts the strings "true" and "false"
// and ignores anything else (left false).
type flag bool

// UnmarshalJSON implements json.Unmarshaler.
func (f *flag) UnmarshalJSON(b []byte) error {
	s := string(bytes.Trim(bytes.TrimSpace(b), `"`))
	v, err := strconv.ParseBool(s)
	*f = flag(err == nil && v)
	return nil
}

// optFlag is a flag that remembers whether it was present, for "enabled",
// whose absence means true.
type optFlag struct {
	set, v bool
}

// UnmarshalJSON implements json.Unmarshaler.
func (f *optFlag) UnmarshalJSON(b []byte) error {
	var v flag
	_ = v.UnmarshalJSON(b)
	s := string(bytes.TrimSpace(b))
	f.set = s != "null"
	f.v = bool(v)
	return nil
}

// list is a JSON array of T that tolerates a single object or null in its
// place; anything else is an empty list.
type list[T any] []T

// UnmarshalJSON implements json.Unmarshaler.
func (l *list[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*l = nil
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case '[':
		var raw []json.RawMessage
		if json.Unmarshal(b, &raw) != nil {
			return nil
		}
		for _, r := range raw {
			var v T
			if json.Unmarshal(r, &v) == nil {
				*l = append(*l, v)
			}
		}
	case '{':
		var v T
		if json.Unmarshal(b, &v) == nil {
			*l = append(*l, v)
		}
	}
	return nil
}
