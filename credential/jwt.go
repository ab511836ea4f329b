package credential

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// JWT decoding errors. DecodeJWT wraps them; match with errors.Is.
var (
	// ErrNotJWT: the value does not have the 3 segments of a JWS.
	ErrNotJWT = errors.New("not a JWT")
	// ErrEncrypted: the value has the 5 segments of a JWE; its claims are
	// encrypted and cannot be read.
	ErrEncrypted = errors.New("encrypted JWT (JWE): claims cannot be read")
	// ErrBase64: a segment is not base64url.
	ErrBase64 = errors.New("not base64url")
	// ErrJSONObject: a segment decodes to something that is not a JSON object.
	ErrJSONObject = errors.New("not a JSON object")
	// ErrEmptySegment: a segment that must hold data is empty.
	ErrEmptySegment = errors.New("empty")
)

// SegmentError says which segment of a JWT is bad and why. It never holds
// the segment itself.
type SegmentError struct {
	// Segment is "header", "claims" or "signature" (JWS), or
	// "protected header" (JWE).
	Segment string
	// Err is ErrBase64, ErrJSONObject or ErrEmptySegment.
	Err error
}

// Error names the segment and the reason.
func (e *SegmentError) Error() string { return e.Segment + " segment: " + e.Err.Error() }

// Unwrap returns the reason.
func (e *SegmentError) Unwrap() error { return e.Err }

// JWT issue codes in Token.Issues and JWT.Issues: defects
// DecodeJWT tolerated or found. Each is a stable code a check can turn
// into a finding; none is an error, because the token could be read.
const (
	// JWTPadded: a segment ends in '=' padding, which RFC 7515 §2 forbids
	// (base64url without padding); strict verifiers reject it.
	JWTPadded = "padded"
	// JWTStandardAlphabet: a segment uses '+' or '/' (RFC 4648 §4) instead
	// of the URL-safe '-' and '_' (§5): the token was encoded with
	// standard base64, and strict verifiers reject it.
	JWTStandardAlphabet = "standard-alphabet"
	// JWTWhitespace: white space (a line break, a space, a tab) inside the
	// token, as a copy from a wrapped terminal or a YAML block leaves it.
	// The token was decoded with the white space removed, so it is not
	// the token as sent: a signature verified on the decoded form says
	// nothing of what the server receives, which it will reject.
	JWTWhitespace = "whitespace"
	// JWTMissingSignature: two segments, header and claims, with no
	// signature segment: the token was cut when copied, or built by hand.
	JWTMissingSignature = "missing-signature"
	// JWTEmptySignature: the signature segment is empty, an unsecured JWT
	// (RFC 7519 §6), which APIs reject.
	JWTEmptySignature = "empty-signature"
	// JWTAlgNone: the header says alg "none".
	JWTAlgNone = "alg-none"
	// JWTAlgNoneSigned: alg "none" with a non-empty signature segment,
	// which RFC 7518 §3.6 forbids: the header was edited, or the token
	// forged.
	JWTAlgNoneSigned = "alg-none-with-signature"
	// JWTEncMissing: a five-segment token whose header has no enc,
	// which every JWE needs (RFC 7516 §4.1.2).
	JWTEncMissing = "jwe-enc-missing"
	// JWTExpString, JWTNbfString, JWTIatString: the claim is a JSON
	// string, where RFC 7519 §2 wants a number of seconds; it was read
	// from the string, but most libraries reject or ignore it.
	JWTExpString = "exp-string"
	JWTNbfString = "nbf-string"
	JWTIatString = "iat-string"
	// JWTExpMillis, JWTNbfMillis, JWTIatMillis: the claim is above 1e11,
	// milliseconds rather than seconds (the Date.now() mistake); it was
	// read as milliseconds, but verifiers read it as a date thousands of
	// years away.
	JWTExpMillis = "exp-millis"
	JWTNbfMillis = "nbf-millis"
	JWTIatMillis = "iat-millis"
	// JWTExpInvalid, JWTNbfInvalid, JWTIatInvalid: the claim is present
	// but not a date at all (true, an object, a word, a number outside
	// years 1–9999); it is not read.
	JWTExpInvalid = "exp-invalid"
	JWTNbfInvalid = "nbf-invalid"
	JWTIatInvalid = "iat-invalid"
)

// JWTIssueCodes lists every code DecodeJWT can report, for callers that
// map codes to findings and for tests that check none is left out.
func JWTIssueCodes() []string {
	return []string{
		JWTPadded, JWTStandardAlphabet, JWTWhitespace, JWTMissingSignature, JWTEmptySignature,
		JWTAlgNone, JWTAlgNoneSigned, JWTEncMissing,
		JWTExpString, JWTNbfString, JWTIatString, JWTExpMillis, JWTNbfMillis, JWTIatMillis,
		JWTExpInvalid, JWTNbfInvalid, JWTIatInvalid,
	}
}

// Token is a JWT decoded without verifying its signature.
type Token struct {
	// Header is the JOSE header. JSON numbers are json.Number.
	Header map[string]any
	// Claims is the claims set, nil for a JWE. It holds every claim as sent,
	// personal data included (sub, email): show Info, not Claims.
	Claims map[string]any
	// Info is what may be shown: algorithm, key id, issuer, audience,
	// times, scopes and a fingerprint of sub.
	Info JWT
	// Issues lists the defects found while decoding (JWTPadded…), in the
	// order found; nil when there are none. Info.Issues holds the same.
	Issues []string
}

// Time bounds: a NumericDate outside years 0001–9999 is not shown (nor
// could it be encoded as JSON). millisThreshold: a NumericDate above 1e11
// seconds (year 5138) is taken to be in milliseconds, the common mistake of
// issuers that use Date.now() (root-causes.md C25).
const (
	minNumericDate  = -62135596800 // 0001-01-01T00:00:00Z
	maxNumericDate  = 253402300799 // 9999-12-31T23:59:59Z
	millisThreshold = 1e11
)

// DecodeJWT decodes the header and claims of a JWS in compact form (RFC 7515
// §7.1) without verifying it. It tolerates, and reports in Issues, what
// clients get wrong: '=' padding and the standard base64 alphabet, white
// space inside the token (removed before decoding), a missing signature
// segment (two segments), claims of time written as strings or in
// milliseconds. Surrounding white space is ignored. For a JWE (5
// segments, RFC 7516 §7.1) it decodes the protected header only and
// returns it with an error wrapping ErrEncrypted. Errors name the bad
// segment, never its content.
func DecodeJWT(s string) (Token, error) {
	var issues issueSet
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, " \t\r\n\f\v") {
		issues.add(JWTWhitespace)
		s = removeSpace(s)
	}
	parts := strings.Split(s, ".")
	var t Token
	switch len(parts) {
	case 2, 3:
	case 5:
		h, err := decodeSegment("protected header", parts[0], &issues)
		if err != nil {
			return Token{}, fmt.Errorf("decode jwt: %w", err)
		}
		t.Header = h
		t.Info.Alg, t.Info.Kid, t.Info.Typ, t.Info.Enc = str(h["alg"]), str(h["kid"]), str(h["typ"]), str(h["enc"])
		if t.Info.Enc == "" {
			issues.add(JWTEncMissing)
		}
		t.Issues = issues.list()
		t.Info.Issues = t.Issues
		return t, fmt.Errorf("decode jwt: %w", ErrEncrypted)
	default:
		return Token{}, fmt.Errorf("decode jwt: %w: %d segments, want 3", ErrNotJWT, len(parts))
	}
	h, err := decodeSegment("header", parts[0], &issues)
	if err != nil {
		return Token{}, fmt.Errorf("decode jwt: %w", err)
	}
	c, err := decodeSegment("claims", parts[1], &issues)
	if err != nil {
		return Token{}, fmt.Errorf("decode jwt: %w", err)
	}
	sig := ""
	switch {
	case len(parts) == 2:
		issues.add(JWTMissingSignature)
	case parts[2] == "":
		issues.add(JWTEmptySignature)
	default:
		sig = parts[2]
		if _, ok := checkAlphabet(sig, &issues); !ok {
			return Token{}, fmt.Errorf("decode jwt: %w", &SegmentError{"signature", ErrBase64})
		}
	}
	t.Header, t.Claims = h, c
	t.Info = info(h, c, &issues)
	if strings.EqualFold(t.Info.Alg, "none") {
		issues.add(JWTAlgNone)
		if sig != "" {
			issues.add(JWTAlgNoneSigned)
		}
	}
	t.Issues = issues.list()
	t.Info.Issues = t.Issues
	return t, nil
}

// removeSpace returns s without ASCII white space.
func removeSpace(s string) string {
	if !strings.ContainsAny(s, " \t\r\n\f\v") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n', '\f', '\v':
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// decodeSegment decodes one base64url segment holding a JSON object.
func decodeSegment(name, seg string, issues *issueSet) (map[string]any, error) {
	if seg == "" {
		return nil, &SegmentError{name, ErrEmptySegment}
	}
	raw, ok := checkAlphabet(seg, issues)
	if !ok {
		return nil, &SegmentError{name, ErrBase64}
	}
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil {
		return nil, &SegmentError{name, ErrBase64}
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil || m == nil {
		return nil, &SegmentError{name, ErrJSONObject}
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return nil, &SegmentError{name, ErrJSONObject} // data after the object
	}
	return m, nil
}

// checkAlphabet checks that seg is base64 (URL-safe or standard alphabet,
// '=' padding only at the end) and returns it in the unpadded URL-safe
// alphabet, recording tolerated deviations.
func checkAlphabet(seg string, issues *issueSet) (string, bool) {
	unpadded := strings.TrimRight(seg, "=")
	if len(seg)-len(unpadded) > 2 {
		return "", false
	}
	std := false
	for i := 0; i < len(unpadded); i++ {
		switch c := unpadded[i]; {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_':
		case c == '+' || c == '/':
			std = true
		default:
			return "", false
		}
	}
	if len(unpadded)%4 == 1 {
		return "", false
	}
	if len(unpadded) != len(seg) {
		issues.add(JWTPadded)
	}
	if std {
		issues.add(JWTStandardAlphabet)
		unpadded = strings.NewReplacer("+", "-", "/", "_").Replace(unpadded)
	}
	return unpadded, true
}

// info extracts what may be shown from a decoded header and claims set,
// and records defects of the time claims.
func info(h, c map[string]any, issues *issueSet) JWT {
	j := JWT{
		Alg:      str(h["alg"]),
		Kid:      str(h["kid"]),
		Typ:      str(h["typ"]),
		Iss:      str(c["iss"]),
		Aud:      strs(c["aud"], false),
		ClientID: firstStr(c, "client_id", "appid", "cid"),
		Azp:      str(c["azp"]),
		TokenUse: str(c["token_use"]),
	}
	if sub := str(c["sub"]); sub != "" {
		j.SubFingerprint = Fingerprint(sub)
	}
	// Scopes are what the client may do (OAuth scope, Entra scp, Auth0
	// permissions); roles say who the subject is and are kept apart.
	var scopes []string
	for _, k := range []string{"scope", "scp", "permissions"} {
		scopes = append(scopes, strs(c[k], true)...)
	}
	j.Scopes = dedupe(scopes)
	j.Roles, j.ClientRoles = roles(c)
	j.Exp = timeClaim(c, "exp", JWTExpString, JWTExpMillis, JWTExpInvalid, issues)
	j.Nbf = timeClaim(c, "nbf", JWTNbfString, JWTNbfMillis, JWTNbfInvalid, issues)
	j.Iat = timeClaim(c, "iat", JWTIatString, JWTIatMillis, JWTIatInvalid, issues)
	j.ExpMillis = issues.has(JWTExpMillis)
	for _, k := range []string{"token_type", "typ", "token_use"} {
		if strings.EqualFold(str(c[k]), "refresh") {
			j.Refresh = true
		}
	}
	_, j.HasNonce = c["nonce"]
	_, j.HasAtHash = c["at_hash"]
	return j
}

// roles reads the role claims issuers use:
//
//   - Keycloak: realm_access.roles, and resource_access.<client>.roles
//     (returned by client);
//   - Amazon Cognito: cognito:groups;
//   - Microsoft Entra ID app roles, and the plain roles claim: roles;
//   - a single role: role (Supabase: anon, authenticated, service_role).
//
// Entra's scp is a scope, not a role, and stays in Scopes.
func roles(c map[string]any) ([]string, map[string][]string) {
	var out []string
	if ra, ok := c["realm_access"].(map[string]any); ok {
		out = append(out, strs(ra["roles"], false)...)
	}
	out = append(out, strs(c["cognito:groups"], false)...)
	out = append(out, strs(c["roles"], true)...)
	out = append(out, strs(c["role"], false)...)
	var byClient map[string][]string
	if ra, ok := c["resource_access"].(map[string]any); ok {
		for client, v := range ra {
			m, ok := v.(map[string]any)
			if !ok {
				continue
			}
			if rs := dedupe(strs(m["roles"], false)); len(rs) > 0 {
				if byClient == nil {
					byClient = map[string][]string{}
				}
				byClient[client] = rs
			}
		}
	}
	return dedupe(out), byClient
}

// timeClaim reads the NumericDate claim name (RFC 7519 §2): a JSON
// number of seconds, fractions allowed. It also reads, and reports with
// the given codes, a number in milliseconds (above millisThreshold) and a
// string holding a number or an RFC 3339 time. Anything else present is
// reported invalid and gives nil: the claim is shown as absent rather
// than guessed.
func timeClaim(c map[string]any, name, asString, asMillis, invalid string, issues *issueSet) *time.Time {
	v, present := c[name]
	if !present {
		return nil
	}
	var n string
	switch x := v.(type) {
	case json.Number:
		n = string(x)
	case string:
		issues.add(asString)
		x = strings.TrimSpace(x)
		if t, err := time.Parse(time.RFC3339, x); err == nil {
			t = t.UTC()
			return &t
		}
		n = x
	default:
		issues.add(invalid)
		return nil
	}
	t, millis, ok := numericDate(n)
	if !ok {
		issues.add(invalid)
		return nil
	}
	if millis {
		issues.add(asMillis)
	}
	return t
}

// numericDate reads a number of seconds since the epoch, or of
// milliseconds when above millisThreshold. ok is false for what is not a
// finite number within years 0001–9999.
func numericDate(n string) (t *time.Time, millis, ok bool) {
	f, err := strconv.ParseFloat(n, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, false, false
	}
	if f > millisThreshold {
		f /= 1000
		millis = true
	}
	if f < minNumericDate || f > maxNumericDate {
		return nil, false, false
	}
	sec := math.Floor(f)
	tt := time.Unix(int64(sec), int64((f-sec)*1e9)).UTC()
	return &tt, millis, true
}

// str returns v when it is a string, else "".
func str(v any) string {
	s, _ := v.(string)
	return s
}

// firstStr returns the first non-empty string claim among keys.
func firstStr(c map[string]any, keys ...string) string {
	for _, k := range keys {
		if s := str(c[k]); s != "" {
			return s
		}
	}
	return ""
}

// strs reads a claim that is a string or an array of strings; split says
// whether a string holds space-delimited values (scope, RFC 8693 §4.2).
// Non-string array members are skipped.
func strs(v any, split bool) []string {
	switch x := v.(type) {
	case string:
		if split {
			return strings.Fields(x)
		}
		if x == "" {
			return nil
		}
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// dedupe drops repeated values, keeping the first of each.
func dedupe(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	seen := make(map[string]bool, len(in))
	out := in[:0:0]
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// issueSet collects issue codes once each, in the order first seen.
type issueSet struct{ codes []string }

func (s *issueSet) add(code string) {
	for _, c := range s.codes {
		if c == code {
			return
		}
	}
	s.codes = append(s.codes, code)
}

func (s *issueSet) has(code string) bool {
	for _, c := range s.codes {
		if c == code {
			return true
		}
	}
	return false
}

func (s *issueSet) list() []string {
	if len(s.codes) == 0 {
		return nil
	}
	return s.codes
}
