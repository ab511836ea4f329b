package render

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestJSONIgnoresOptions renders the text in every mode between JSON
// renderings: the JSON bytes stay those of the golden file whatever a
// terminal asked for.
func TestJSONIgnoresOptions(t *testing.T) {
	t.Parallel()
	for _, rc := range reportCases {
		t.Run(rc.name, func(t *testing.T) {
			t.Parallel()
			want, err := os.ReadFile(filepath.Join("testdata", rc.name+".json.golden"))
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range []Options{{}, {Color: true}, {Verbose: true}, {Color: true, Verbose: true}} {
				r := rc.build(rc.secret)
				if err := Text(io.Discard, r, o); err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := JSON(&buf, r); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(string(want), buf.String()); diff != "" {
					t.Errorf("after Text with %+v (-want +got):\n%s", o, diff)
				}
				if bytes.Contains(buf.Bytes(), []byte("\x1b")) {
					t.Errorf("JSON holds an escape sequence")
				}
			}
		})
	}
}

// Key orders of the JSON document: the schema promises them.
var (
	documentKeys   = []string{"schema", "tool", "checked_at", "request", "verdict", "findings", "checklist", "credential", "token", "issuer", "exchanges", "requests_sent", "requests_to_api", "requests_to_issuer", "max_requests", "skipped", "notes"}
	verdictKeys    = []string{"cause", "confidence", "summary", "fix", "finding", "doc", "decided_by", "ruled_out"}
	findingKeys    = []string{"id", "cause", "severity", "confidence", "summary", "evidence", "fix", "doc"}
	checklistKeys  = []string{"id", "label", "status", "detail"}
	credentialKeys = []string{"header", "scheme", "kind", "format", "length", "fingerprint", "prefix", "vendor", "environment", "basic_user", "jwt"}
	jwtKeys        = []string{"alg", "kid", "typ", "iss", "aud", "client_id", "azp", "scopes", "token_use", "exp", "exp_millis", "nbf", "iat", "sub_fingerprint", "has_nonce", "has_at_hash"}
	exchangeKeys   = []string{"probe", "label", "hypothesis", "hop", "method", "url", "request_headers", "status", "proto", "response_headers", "body", "body_truncated", "server_date", "timing_ms", "tls", "redirect", "error"}
	timingKeys     = []string{"dns", "connect", "tls", "first_byte", "total"}
	tlsKeys        = []string{"version", "server_name", "subject", "issuer", "not_after"}
	redirectKeys   = []string{"location", "next", "host_changed", "scheme_changed", "port_changed", "downgrade", "method_changed", "keeps_authorization", "forwarded"}
	errorKeys      = []string{"phase", "message", "hint"}
)

// orderedObject decodes one JSON object keeping its keys in order.
type orderedObject struct {
	keys   []string
	values map[string]json.RawMessage
}

func (o *orderedObject) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		return err
	}
	o.values = map[string]json.RawMessage{}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		o.keys = append(o.keys, k.(string))
		o.values[k.(string)] = v
	}
	return nil
}

// checkKeys asserts that raw is an object with exactly keys, in order.
func checkKeys(t *testing.T, what string, raw json.RawMessage, keys []string) orderedObject {
	t.Helper()
	var o orderedObject
	if err := json.Unmarshal(raw, &o); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if diff := cmp.Diff(keys, o.keys); diff != "" {
		t.Errorf("%s keys (-want +got):\n%s", what, diff)
	}
	return o
}

func TestJSONDocument(t *testing.T) {
	t.Parallel()
	for _, rc := range reportCases {
		t.Run(rc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := JSON(&buf, rc.build(rc.secret)); err != nil {
				t.Fatal(err)
			}
			if !json.Valid(buf.Bytes()) {
				t.Fatalf("invalid JSON:\n%s", buf.String())
			}
			// Round trip into a map: the generic view a script has.
			var m map[string]any
			if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
				t.Fatal(err)
			}
			if m["schema"] != Schema {
				t.Errorf("schema = %v, want %s", m["schema"], Schema)
			}
			if tool, _ := m["tool"].(map[string]any); tool["name"] != "authdoctor" || tool["version"] != "v0.1.0-test" {
				t.Errorf("tool = %v", m["tool"])
			}
			for _, k := range []string{"findings", "checklist", "exchanges", "skipped"} {
				if _, ok := m[k].([]any); !ok {
					t.Errorf("%s = %#v, want a list", k, m[k])
				}
			}

			doc := checkKeys(t, "document", buf.Bytes(), documentKeys)
			checkKeys(t, "verdict", doc.values["verdict"], verdictKeys)
			for _, f := range list(t, doc.values["findings"]) {
				checkKeys(t, "finding", f, findingKeys)
			}
			for _, c := range list(t, doc.values["checklist"]) {
				checkKeys(t, "checklist", c, checklistKeys)
			}
			if string(doc.values["credential"]) != "null" {
				cred := checkKeys(t, "credential", doc.values["credential"], credentialKeys)
				if string(cred.values["jwt"]) != "null" {
					checkKeys(t, "jwt", cred.values["jwt"], jwtKeys)
				}
			}
			exchanges := list(t, doc.values["exchanges"])
			if len(exchanges) == 0 {
				t.Fatal("no exchanges")
			}
			for _, e := range exchanges {
				x := checkKeys(t, "exchange", e, exchangeKeys)
				checkKeys(t, "timing_ms", x.values["timing_ms"], timingKeys)
				for k, keys := range map[string][]string{"tls": tlsKeys, "redirect": redirectKeys, "error": errorKeys} {
					if string(x.values[k]) != "null" {
						checkKeys(t, k, x.values[k], keys)
					}
				}
				var hs []field
				if err := json.Unmarshal(x.values["response_headers"], &hs); err != nil {
					t.Fatal(err)
				}
				if !slices.IsSortedFunc(hs, func(a, b field) int { return cmpFold(a.Name, b.Name) }) {
					t.Errorf("response headers not sorted: %v", hs)
				}
			}
		})
	}
}

func list(t *testing.T, raw json.RawMessage) []json.RawMessage {
	t.Helper()
	var l []json.RawMessage
	if err := json.Unmarshal(raw, &l); err != nil {
		t.Fatal(err)
	}
	return l
}
