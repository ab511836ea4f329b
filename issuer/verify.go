package issuer

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/go-jose/go-jose/v4"

	"github.com/authdoctor/authdoctor"
)

// Limits on what Verify and Keys read from outside input.
const (
	// maxKeys is the most keys of one set tried against a token: real
	// issuers publish a handful; thousands would only make verification
	// slow.
	maxKeys = 64
	// maxShown is the longest kid or alg quoted in a report.
	maxShown = 80
)

// asymmetric maps each JWS algorithm Verify can check (RFC 7518 §3.1,
// RFC 8037 §3.1) to the key type it needs. HMAC algorithms are missing on
// purpose: a shared secret cannot be checked with published keys.
var asymmetric = map[string]string{
	"RS256": "RSA", "RS384": "RSA", "RS512": "RSA",
	"PS256": "RSA", "PS384": "RSA", "PS512": "RSA",
	"ES256": "EC", "ES384": "EC", "ES512": "EC",
	"EdDSA": "OKP",
}

// hmacAlgs are the HMAC algorithms of RFC 7518 §3.2, checked only with a
// shared secret the user gives (VerifyHMAC), never with a published key.
var hmacAlgs = map[string]jose.SignatureAlgorithm{"HS256": jose.HS256, "HS384": jose.HS384, "HS512": jose.HS512}

// VerifyHMAC checks a compact JWS signed with HS256, HS384 or HS512
// against a shared secret: Verified when the secret verifies it, Invalid
// when it does not (the token was altered, or signed with another
// secret), Unverifiable for any other alg or a token that is not a
// compact JWS. Only the token's own HMAC alg is accepted, and only when it
// is one of the three. Detail never quotes the token or the secret.
func VerifyHMAC(token string, secret []byte) authdoctor.Verification {
	v := authdoctor.Verification{Status: authdoctor.Unverifiable}
	if n := strings.Count(token, ".") + 1; n != 3 {
		v.Detail = fmt.Sprintf("not a compact JWS: %d segments instead of 3", n)
		return v
	}
	h, err := parseHeader(token[:strings.IndexByte(token, '.')])
	if err != nil {
		v.Detail = "the token's header is not " + err.Error()
		return v
	}
	v.Alg, v.Kid = printable(h.Alg), printable(h.Kid)
	alg, ok := hmacAlgs[h.Alg]
	switch {
	case !ok:
		v.Detail = "alg " + strconv.Quote(v.Alg) + " is not HS256, HS384 or HS512: a shared secret cannot check it"
		return v
	case len(secret) == 0:
		v.Detail = "the shared secret is empty"
		return v
	}
	jws, err := jose.ParseSignedCompact(token, []jose.SignatureAlgorithm{alg})
	if err != nil {
		v.Detail = "the token does not parse as a JWS"
		return v
	}
	short := len(secret) < hmacSize(alg)
	if short {
		// go-jose refuses a secret shorter than the hash (RFC 7518 §3.2
		// requires at least that much), yet many issuers use one: check
		// the MAC with the standard library and say so.
		if !shortHMAC(token, alg, secret) {
			err = errors.New("signature mismatch")
		}
	} else {
		_, err = jws.Verify(secret)
	}
	if err != nil {
		v.Status = authdoctor.Invalid
		v.Detail = "the signature does not verify with the shared secret given: the token was altered, or signed with another secret (another environment's, or a rotated one)"
		return v
	}
	v.Status = authdoctor.Verified
	v.Detail = "the signature verifies with the shared secret given (" + v.Alg + ")"
	if short {
		v.Detail += fmt.Sprintf("; the secret is %d bytes, shorter than the %d RFC 7518 §3.2 requires, so strict libraries refuse it", len(secret), hmacSize(alg))
	}
	return v
}

// hmacSize is the output size of the hash of an HMAC alg, the shortest
// secret RFC 7518 §3.2 allows.
func hmacSize(alg jose.SignatureAlgorithm) int {
	switch alg {
	case jose.HS384:
		return sha512.Size384
	case jose.HS512:
		return sha512.Size
	}
	return sha256.Size
}

// shortHMAC checks the HMAC of a compact JWS with a secret go-jose
// refuses as too short. The token was parsed by go-jose already.
func shortHMAC(token string, alg jose.SignatureAlgorithm, secret []byte) bool {
	i := strings.LastIndexByte(token, '.')
	sig, err := base64.RawURLEncoding.DecodeString(token[i+1:])
	if err != nil {
		return false
	}
	h := sha256.New
	switch alg {
	case jose.HS384:
		h = sha512.New384
	case jose.HS512:
		h = sha512.New
	}
	m := hmac.New(h, secret)
	m.Write([]byte(token[:i]))
	return hmac.Equal(m.Sum(nil), sig)
}

// Keys lists the kid, kty, alg and use of every key in a JWK Set (RFC 7517
// §5), never their material. A key whose type authdoctor cannot use is
// listed too. It fails when jwks is not a JSON object with a "keys" array
// of objects.
func Keys(jwks []byte) ([]authdoctor.JWK, error) {
	set, err := parseSet(jwks, false)
	if err != nil {
		return nil, err
	}
	out := make([]authdoctor.JWK, len(set))
	for i, k := range set {
		out[i] = k.info
	}
	return out, nil
}

// setKey is one member of a JWK Set: what is shown, and the public key
// when go-jose could read it.
type setKey struct {
	info authdoctor.JWK
	pub  any    // *rsa.PublicKey, *ecdsa.PublicKey or ed25519.PublicKey; nil when unusable
	why  string // why pub is nil
}

// parseSet reads every member of a JWK Set, and with withKeys its public
// key.
func parseSet(jwks []byte, withKeys bool) ([]setKey, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(jwks, &doc); err != nil {
		return nil, fmt.Errorf("read key set: not a JSON object: %s", jsonProblem(err))
	}
	rawKeys, ok := doc["keys"]
	if !ok {
		return nil, errors.New(`read key set: no "keys" member`)
	}
	var members []json.RawMessage
	if err := json.Unmarshal(rawKeys, &members); err != nil {
		return nil, errors.New(`read key set: "keys" is not an array`)
	}
	set := make([]setKey, 0, len(members))
	for i, m := range members {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(m, &fields); err != nil || fields == nil {
			return nil, fmt.Errorf("read key set: key %d is not a JSON object", i+1)
		}
		k := setKey{info: authdoctor.JWK{
			Kid: member(fields, "kid"), Kty: member(fields, "kty"),
			Alg: member(fields, "alg"), Use: member(fields, "use"),
		}}
		if withKeys {
			k.pub, k.why = publicKey(m)
		}
		set = append(set, k)
	}
	return set, nil
}

// member is the string value of a member, or "" when absent or not a string.
func member(fields map[string]json.RawMessage, name string) string {
	var s string
	if raw, ok := fields[name]; ok && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return ""
}

// publicKey reads the public key of one JWK with go-jose. Only RSA, EC and
// Ed25519 public keys come back: a symmetric ("oct") key in a published set
// is never used to verify, which rules out HMAC-with-the-public-key
// confusion at the source.
func publicKey(raw json.RawMessage) (any, string) {
	var jk jose.JSONWebKey
	if err := jk.UnmarshalJSON(raw); err != nil {
		return nil, "go-jose could not read it"
	}
	pub := jk.Public()
	switch pub.Key.(type) {
	case *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey:
		if pub.Valid() {
			return pub.Key, ""
		}
		return nil, "its public key is not valid"
	}
	return nil, "it is not an RSA, EC or Ed25519 public key"
}

// algs are the JWS algorithms a key may verify: fixed by its type and
// curve, narrowed to its "alg" member when it has one (RFC 7517 §4.4), none
// when its "use" is "enc" (RFC 7517 §4.2).
func (k setKey) algs() []string {
	var out []string
	switch p := k.pub.(type) {
	case *rsa.PublicKey:
		out = []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}
	case *ecdsa.PublicKey:
		switch p.Curve {
		case elliptic.P256():
			out = []string{"ES256"}
		case elliptic.P384():
			out = []string{"ES384"}
		case elliptic.P521():
			out = []string{"ES512"}
		}
	case ed25519.PublicKey:
		out = []string{"EdDSA"}
	}
	if k.info.Use == "enc" {
		return nil
	}
	if k.info.Alg != "" {
		if slices.Contains(out, k.info.Alg) {
			return []string{k.info.Alg}
		}
		return nil
	}
	return out
}

// header is the part of a JOSE header Verify reads.
type header struct {
	Alg string
	Kid string
}

// Verify checks a compact JWS against a JWK Set:
//
//   - Verified: a published key verifies the signature;
//   - Invalid: a key with the token's kid exists and the signature does
//     not verify with it (or its type does not fit the token's alg); for
//     a token without kid, no key of a fitting type verifies it;
//   - KidUnknown: no published key has the token's kid;
//   - Unverifiable: alg none, HMAC (HS*), an encrypted (JWE) or opaque
//     token, an unreadable token or key set, or no keys.
//
// The algorithm is pinned to the key's type before go-jose sees the token:
// the token's alg never chooses how a key is used, so an HS256 token whose
// secret is an RSA public key can never verify. It never panics and never
// quotes the token.
func Verify(token string, keys []byte) authdoctor.Verification {
	v := authdoctor.Verification{Status: authdoctor.Unverifiable}
	switch n := strings.Count(token, ".") + 1; {
	case n == 1:
		v.Detail = "an opaque token, not a JWT: only the issuer can tell (introspection)"
		return v
	case n == 5:
		v.Detail = "an encrypted token (JWE): only its recipient can decrypt and check it"
		return v
	case n != 3:
		v.Detail = fmt.Sprintf("not a compact JWS: %d segments instead of 3", n)
		return v
	}
	h, err := parseHeader(token[:strings.IndexByte(token, '.')])
	if err != nil {
		v.Detail = "the token's header is not " + err.Error()
		return v
	}
	// The token's own values are not shortened here: a caller that scrubs
	// other secrets from them must see them whole (Inspect does).
	v.Alg, v.Kid = printable(h.Alg), printable(h.Kid)

	set, setErr := []setKey(nil), error(nil)
	if len(keys) > 0 {
		set, setErr = parseSet(keys, true)
	}
	switch {
	case h.Alg == "":
		v.Detail = "the token's header has no alg"
		return v
	case strings.EqualFold(h.Alg, "none"):
		v.Detail = "alg none: the token is unsigned, and no API should accept it"
		return v
	case strings.HasPrefix(strings.ToUpper(h.Alg), "HS"):
		v.Detail = v.Alg + " is an HMAC with a shared secret: only a holder of the secret can check it"
		if len(set) > 0 && !slices.ContainsFunc(set, func(k setKey) bool { return k.info.Kty == "oct" }) {
			v.Detail += "; this issuer publishes only public keys, so it did not sign this token with them"
		}
		return v
	case asymmetric[h.Alg] == "":
		v.Detail = "alg " + strconv.Quote(v.Alg) + " is not one authdoctor can check"
		return v
	case setErr != nil:
		v.Detail = "the key set could not be read: " + strings.TrimPrefix(setErr.Error(), "read key set: ")
		return v
	case len(set) == 0:
		v.Detail = "no published keys to check it with"
		return v
	}

	// Only the token's own alg is accepted, and only when a key of the
	// matching type is tried below.
	jws, err := jose.ParseSignedCompact(token, []jose.SignatureAlgorithm{jose.SignatureAlgorithm(h.Alg)})
	if err != nil {
		v.Detail = "the token does not parse as a JWS"
		return v
	}

	// Values from the key set are quoted in Detail: scrub the token from
	// them before shortening, so a cut cannot leave its start behind.
	sc := newScrubber(authdoctor.NewSecret(token), authdoctor.Secret{}, "")
	if h.Kid != "" {
		return verifyKid(v, jws, h, set, sc)
	}
	return verifyAny(v, jws, h, set, sc)
}

// verifyKid tries the keys that carry the token's kid. Several keys may
// share one kid (RFC 7517 §4.5 only says SHOULD be unique).
func verifyKid(v authdoctor.Verification, jws *jose.JSONWebSignature, h header, set []setKey, sc *authdoctor.Scrubber) authdoctor.Verification {
	var matched, fitting []setKey
	for _, k := range set {
		if k.info.Kid == h.Kid {
			matched = append(matched, k)
			if slices.Contains(k.algs(), h.Alg) {
				fitting = append(fitting, k)
			}
		}
	}
	kid := strconv.Quote(v.Kid)
	if len(matched) == 0 {
		v.Status = authdoctor.KidUnknown
		v.Detail = fmt.Sprintf("no published key has kid %s (published: %s): the token comes from another issuer or environment, or its key was retired", kid, kidList(set, sc))
		return v
	}
	if len(fitting) == 0 {
		k := matched[0]
		if k.pub == nil {
			v.Status = authdoctor.Unverifiable
			v.Detail = fmt.Sprintf("the key with kid %s cannot be used: %s", kid, k.why)
			return v
		}
		v.Status = authdoctor.Invalid
		v.Detail = fmt.Sprintf("the key with kid %s is %s and cannot verify %s: the algorithm does not fit the key", kid, describe(k, sc), v.Alg)
		return v
	}
	for _, k := range fitting[:min(len(fitting), maxKeys)] {
		if verifies(jws, k) {
			v.Status = authdoctor.Verified
			v.Detail = fmt.Sprintf("the signature verifies with the published key kid %s (%s)", kid, describe(k, sc))
			return v
		}
	}
	v.Status = authdoctor.Invalid
	v.Detail = fmt.Sprintf("the signature does not verify with the published key kid %s: the token was altered, or signed by another key under the same kid", kid)
	return v
}

// verifyAny tries every key of a fitting type, for a token without kid.
func verifyAny(v authdoctor.Verification, jws *jose.JSONWebSignature, h header, set []setKey, sc *authdoctor.Scrubber) authdoctor.Verification {
	tried := 0
	for _, k := range set {
		if !slices.Contains(k.algs(), h.Alg) {
			continue
		}
		if tried++; tried > maxKeys {
			break
		}
		if verifies(jws, k) {
			v.Status = authdoctor.Verified
			v.Detail = "the token has no kid; the signature verifies with the published key " + keyName(k, sc)
			return v
		}
	}
	v.Status = authdoctor.Invalid
	if tried == 0 {
		v.Detail = fmt.Sprintf("the token has no kid, and no published key can verify %s (published: %s)", v.Alg, kidList(set, sc))
		return v
	}
	v.Detail = fmt.Sprintf("the token has no kid, and none of the %d published keys that fit %s verifies the signature", min(tried, maxKeys), v.Alg)
	return v
}

// verifies checks the signature with one key whose type fits the alg.
func verifies(jws *jose.JSONWebSignature, k setKey) bool {
	_, err := jws.Verify(k.pub)
	return err == nil
}

// parseHeader decodes the protected header of a compact JWS.
func parseHeader(seg string) (header, error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return header{}, errors.New("base64url")
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil || raw == nil {
		return header{}, errors.New("a JSON object")
	}
	var h header
	for name, dst := range map[string]*string{"alg": &h.Alg, "kid": &h.Kid} {
		m, ok := raw[name]
		if !ok {
			continue
		}
		if err := json.Unmarshal(m, dst); err != nil {
			return header{}, fmt.Errorf("valid: %s is not a string", name)
		}
	}
	return h, nil
}

// describe names a key's type for messages: "RSA", "EC P-256", "OKP Ed25519".
func describe(k setKey, sc *authdoctor.Scrubber) string {
	switch p := k.pub.(type) {
	case *rsa.PublicKey:
		return fmt.Sprintf("RSA %d-bit", p.N.BitLen())
	case *ecdsa.PublicKey:
		return "EC " + p.Curve.Params().Name
	case ed25519.PublicKey:
		return "OKP Ed25519"
	}
	return shown(sc.String(k.info.Kty))
}

// keyName names a key in messages by kid and type.
func keyName(k setKey, sc *authdoctor.Scrubber) string {
	if k.info.Kid != "" {
		return "kid " + strconv.Quote(shown(sc.String(k.info.Kid))) + " (" + describe(k, sc) + ")"
	}
	return "without kid (" + describe(k, sc) + ")"
}

// kidList lists the published kids for messages, at most a few.
func kidList(set []setKey, sc *authdoctor.Scrubber) string {
	const most = 5
	var kids []string
	for _, k := range set {
		if k.info.Kid != "" {
			kids = append(kids, strconv.Quote(shown(sc.String(k.info.Kid))))
		}
	}
	switch {
	case len(kids) == 0:
		return "no kids"
	case len(kids) > most:
		return strings.Join(kids[:most], ", ") + fmt.Sprintf(" and %d more", len(kids)-most)
	}
	return strings.Join(kids, ", ")
}

// printable replaces the characters of s that are not printable.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return '?'
	}, s)
}

// shown makes a value from outside input safe to quote: printable, and at
// most maxShown runes. Scrub secrets from s before, never after: a cut can
// leave the start of a secret behind.
func shown(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == maxShown {
			b.WriteString("…")
			break
		}
		if !unicode.IsPrint(r) {
			r = '?'
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
