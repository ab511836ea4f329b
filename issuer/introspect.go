package issuer

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor"
)

// basicCredential is the user-pass of client_secret_basic: the client id
// and secret each form-urlencoded first (RFC 6749 §2.3.1), so that a ':'
// in the id cannot move the split.
func basicCredential(id, secret string) string {
	return url.QueryEscape(id) + ":" + url.QueryEscape(secret)
}

// introspect asks endpoint about token (RFC 7662 §2.1): a form POST with
// token_type_hint=access_token and client_secret_basic authentication. It
// returns nil when the request could not be sent, and the problems met.
// The request body holds the token: it is sent, never stored, and the
// request is never redirected.
func (f *fetcher) introspect(endpoint string, token authdoctor.Secret, basic string) (*authdoctor.Introspection, []string) {
	where := showURL(endpoint)
	u, err := httpURL(endpoint)
	if err != nil {
		return nil, []string{"introspection endpoint " + where + " is " + err.Error()}
	}
	if !credentialsSafe(u) {
		return nil, []string{"introspection endpoint " + where + " is plain http on a host that is not loopback: the client credentials and the token were not sent"}
	}
	form := url.Values{"token": {token.Reveal()}, "token_type_hint": {"access_token"}}.Encode()
	fields := []authdoctor.Field{
		field("Content-Type", "application/x-www-form-urlencoded"),
		field("Accept", "application/json"),
		field("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(basic))),
	}
	resp, err := f.do(http.MethodPost, u, fields, form)
	if err != nil {
		return nil, []string{"introspection at " + where + " not done: " + err.Error()}
	}
	ins := &authdoctor.Introspection{Endpoint: f.scrub.String(authdoctor.RedactURL(endpoint)), Status: resp.Status}
	status := fmt.Sprintf("%d %s", resp.Status, http.StatusText(resp.Status))
	switch {
	case resp.Status == http.StatusUnauthorized:
		ins.Error = f.oauthError(resp.Body, "the client credentials were refused")
		return ins, []string{"introspection at " + where + " answered " + status + " (" + ins.Error + "): the endpoint refused the client credentials (id, secret or auth method), which says nothing about the token"}
	case isRedirect(resp.Status):
		ins.Error = "redirected"
		return ins, []string{"introspection at " + where + " answered " + status + ": the redirect was not followed, so the token went nowhere else"}
	case resp.Status != http.StatusOK:
		ins.Error = f.oauthError(resp.Body, "answered "+status)
		return ins, []string{"introspection at " + where + " answered " + status + " (" + ins.Error + ")"}
	case resp.Truncated:
		ins.Error = "the answer is too large"
		return ins, []string{fmt.Sprintf("introspection answer at %s is larger than %d bytes", where, f.maxBody)}
	}
	if err := parseIntrospection(ins, resp.Body, f.scrub); err != nil {
		ins.Error = err.Error()
		return ins, []string{"introspection answer at " + where + " " + err.Error()}
	}
	return ins, nil
}

// parseIntrospection fills ins from a 200 answer (RFC 7662 §2.2). A
// missing or non-boolean active leaves Active nil: the endpoint is broken,
// which is not the same as a rejected token. Optional members of the
// wrong type are ignored.
func parseIntrospection(ins *authdoctor.Introspection, body []byte, sc *authdoctor.Scrubber) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil || raw == nil {
		if err == nil {
			err = errors.New("null")
		}
		return fmt.Errorf("is not a JSON object: %s", jsonProblem(err))
	}
	if s, ok := stringMember(raw, "scope"); ok {
		ins.Scopes = strings.Fields(sc.String(s))
	}
	if s, ok := stringMember(raw, "client_id"); ok {
		ins.ClientID = shown(sc.String(s))
	}
	if s, ok := stringMember(raw, "token_type"); ok {
		ins.TokenType = shown(sc.String(s))
	}
	ins.Aud = audience(raw["aud"], sc)
	if t, ok := numericDate(raw["exp"]); ok {
		ins.Exp = &t
	}
	a, ok := raw["active"]
	if !ok {
		return errors.New("has no active member, which RFC 7662 §2.2 requires: the endpoint is broken, not the token")
	}
	var active bool
	if json.Unmarshal(a, &active) != nil {
		return errors.New("has an active member that is not true or false: the endpoint is broken, not the token")
	}
	ins.Active = &active
	return nil
}

// stringMember is a string member of raw.
func stringMember(raw map[string]json.RawMessage, name string) (string, bool) {
	m, ok := raw[name]
	if !ok {
		return "", false
	}
	var s string
	if json.Unmarshal(m, &s) != nil {
		return "", false
	}
	return s, true
}

// audience reads aud, a string or an array of strings (RFC 7519 §4.1.3),
// each scrubbed then shortened.
func audience(m json.RawMessage, sc *authdoctor.Scrubber) []string {
	if m == nil {
		return nil
	}
	var one string
	if json.Unmarshal(m, &one) == nil {
		return []string{shown(sc.String(one))}
	}
	var many []string
	if json.Unmarshal(m, &many) == nil && len(many) > 0 {
		for i := range many {
			many[i] = shown(sc.String(many[i]))
		}
		return many
	}
	return nil
}

// numericDate reads seconds since the epoch, fractions allowed (RFC 7519 §2).
func numericDate(m json.RawMessage) (time.Time, bool) {
	if m == nil {
		return time.Time{}, false
	}
	var n json.Number
	if json.Unmarshal(m, &n) != nil {
		return time.Time{}, false
	}
	v, err := n.Float64()
	// Beyond ±2^53 a float64 is no longer a whole second; such dates are
	// nonsense anyway.
	if err != nil || math.IsNaN(v) || math.Abs(v) > 1<<53 {
		return time.Time{}, false
	}
	sec, frac := math.Modf(v)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true
}

// oauthError is the error member of an OAuth error answer (RFC 6749
// §5.2), or fallback when there is none.
func (f *fetcher) oauthError(body []byte, fallback string) string {
	var e struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &e) == nil && strings.TrimSpace(e.Error) != "" {
		return shown(f.scrub.String(strings.TrimSpace(e.Error)))
	}
	return fallback
}

// credentialsSafe reports whether client credentials may go to u: over
// https, or over http to a loopback host (the lab, a local issuer). Names
// are not resolved: only "localhost" and loopback literals count.
func credentialsSafe(u *url.URL) bool {
	if u.Scheme == "https" {
		return true
	}
	h := strings.ToLower(u.Hostname())
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
