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

	"github.com/authdoctor/authdoctor"
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

// JWT issue codes in Token.Issues: deviations DecodeJWT tolerated.
const (
	// JWTPadded: a segment ends in '=' padding, which RFC 7515 §2 forbids
	// (base64url without padding); strict verifiers reject it.
	JWTPadded = "padded"
	// JWTStandardAlphabet: a segment uses '+' or '/' (RFC 4648 §4) instead
	// of the URL-safe '-' and '_' (§5).
	JWTStandardAlphabet = "standard-alphabet"
	// JWTEmptySignature: the signature segment is empty, an unsecured JWT
	// (RFC 7519 §6), which APIs reject.
	JWTEmptySignature = "empty-signature"
	// JWTAlgNone: the header says alg "none".
	JWTAlgNone = "alg-none"
)

// Token is a JWT decoded without verifying its signature.
type Token struct {
	// Header is the JOSE header. JSON numbers are json.Number.
	Header map[string]any
	// Claims is the claims set, nil for a JWE. It holds every claim as sent,
	// personal data included (sub, email): show Info, not Claims.
	Claims map[string]any
	// Info is what may be shown: algorithm, key id, issuer, audience,
	// times, scopes and a fingerprint of sub.
	Info authdoctor.JWT
	// Issues lists the deviations tolerated while decoding (JWTPadded…),
	// in a fixed order; nil when there are none.
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
// §7.1) without verifying it. It tolerates '=' padding and the standard
// base64 alphabet, and reports them in Issues. For a JWE (5 segments, RFC
// 7516 §7.1) it decodes the protected header only and returns it with an
// error wrapping ErrEncrypted. Errors name the bad segment, never its
// content.
func DecodeJWT(s string) (Token, error) {
	parts := strings.Split(s, ".")
	var t Token
	var issues issueSet
	switch len(parts) {
	case 3:
	case 5:
		h, err := decodeSegment("protected header", parts[0], &issues)
		if err != nil {
			return Token{}, fmt.Errorf("decode jwt: %w", err)
		}
		t.Header = h
		t.Info.Alg, t.Info.Kid, t.Info.Typ = str(h["alg"]), str(h["kid"]), str(h["typ"])
		t.Issues = issues.list()
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
	sig := parts[2]
	if sig == "" {
		issues.add(JWTEmptySignature)
	} else if _, ok := checkAlphabet(sig, &issues); !ok {
		return Token{}, fmt.Errorf("decode jwt: %w", &SegmentError{"signature", ErrBase64})
	}
	t.Header, t.Claims = h, c
	t.Info = info(h, c)
	if strings.EqualFold(t.Info.Alg, "none") {
		issues.add(JWTAlgNone)
	}
	t.Issues = issues.list()
	return t, nil
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

// info extracts what may be shown from a decoded header and claims set.
func info(h, c map[string]any) authdoctor.JWT {
	j := authdoctor.JWT{
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
		j.SubFingerprint = authdoctor.Fingerprint(sub)
	}
	var scopes []string
	for _, k := range []string{"scope", "scp", "roles", "permissions"} {
		scopes = append(scopes, strs(c[k], true)...)
	}
	j.Scopes = dedupe(scopes)
	j.Exp, j.ExpMillis = numericDate(c["exp"])
	j.Nbf, _ = numericDate(c["nbf"])
	j.Iat, _ = numericDate(c["iat"])
	_, j.HasNonce = c["nonce"]
	_, j.HasAtHash = c["at_hash"]
	return j
}

// numericDate reads a NumericDate (RFC 7519 §2): a JSON number of seconds,
// fractions allowed. A value above millisThreshold is read as milliseconds
// and reported. Strings and out-of-range values give nil: the claim is
// shown as absent rather than guessed.
func numericDate(v any) (*time.Time, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return nil, false
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, false
	}
	millis := false
	if f > millisThreshold {
		f /= 1000
		millis = true
	}
	if f < minNumericDate || f > maxNumericDate {
		return nil, false
	}
	sec := math.Floor(f)
	t := time.Unix(int64(sec), int64((f-sec)*1e9)).UTC()
	return &t, millis
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

func (s *issueSet) list() []string {
	if len(s.codes) == 0 {
		return nil
	}
	return s.codes
}
