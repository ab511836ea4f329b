package check

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// requestNoCredential: the request carries no credential at all (or only
// empty ones that did not come from a variable), and the server wants one.
func requestNoCredential(in *Input) []authdoctor.Finding {
	if in.Final() == nil {
		return nil
	}
	for _, c := range in.Creds {
		if strings.TrimSpace(c.credentials) != "" || len(c.Field.Vars) > 0 {
			return nil // something was sent, or requestVarUnset explains it
		}
	}
	if len(in.Obs.Request.Unfilled) > 0 {
		return nil // a $VAR left a credential parameter empty: requestVarUnset
	}
	if _, signed := parseSignedURL(in.Obs.Request.URL); signed {
		return nil // the URL carries its credential by design (SAS, presigned)
	}
	st := in.Status()
	r := in.Parse(in.Final())
	notAuthed := st >= 200 && st < 300 && r.Body.HasCode("not_authed") // Slack: 200 {"ok": false}
	if st != 401 && st != 403 && st != 400 && !notAuthed {
		return nil
	}
	ev := []string{Describe(in.Auth)}
	ev = append(ev, in.challengeLines(in.Final())...)
	ev = append(ev, serverSaid(r))
	sum := "No credential was sent, and the server requires one."
	if len(in.Creds) > 0 {
		sum = "The credential header was sent empty, and the server requires a credential."
	}
	fix := "Pass a credential: -H 'Authorization: Bearer $TOKEN', --bearer-env VAR, --token-file PATH or --basic-env USER:PASS."
	if where := credentialOutsideHeaders(in.Obs.Request); where != "" {
		if _, rejected := saysRejected(r.Body); rejected {
			return nil // the server read it there and refused it: credentialRejected
		}
		// RFC 6750 §2.2–2.3 allow a form body or the query, but most APIs
		// read only the Authorization header (root-causes C12).
		sum = fmt.Sprintf("No credential in the headers: the token is in the %s, which this API does not seem to read.", where)
		fix = "Send the token in the Authorization header (Authorization: Bearer <token>) instead of the " + where + "."
		ev = append(ev, "the request carries a credential in the "+where)
	}
	fs := found(authdoctor.SeverityError, authdoctor.Likely, sum, ev...)
	fs[0].Fix = fix
	return fs
}

// credentialOutsideHeaders names where a request carries a token outside
// its headers: "request body (access_token)", "URL query (api_key)". An
// empty parameter carries nothing; of several, the first by name is named,
// so the text does not depend on map order.
func credentialOutsideHeaders(r authdoctor.Request) string {
	if u, err := url.Parse(r.URL); err == nil {
		if k := firstSensitive(u.Query()); k != "" {
			return "URL query (" + k + ")"
		}
	}
	body := strings.TrimSpace(r.Body.Reveal())
	if body == "" {
		return ""
	}
	var m map[string]any
	if json.Unmarshal([]byte(body), &m) == nil {
		var keys []string
		for k, v := range m {
			if authdoctor.SensitiveParam(k) && v != nil && v != "" {
				keys = append(keys, k)
			}
		}
		if len(keys) == 0 {
			return ""
		}
		return "request body (" + slices.Min(keys) + ")"
	}
	if v, err := url.ParseQuery(body); err == nil {
		if k := firstSensitive(v); k != "" {
			return "request body (" + k + ")"
		}
	}
	return ""
}

// firstSensitive returns the first, by name, of the credential parameters
// of v with a value; "" when there is none.
func firstSensitive(v url.Values) string {
	first := ""
	for k, vs := range v {
		if authdoctor.SensitiveParam(k) && slices.ContainsFunc(vs, func(s string) bool { return s != "" }) && (first == "" || k < first) {
			first = k
		}
	}
	return first
}
