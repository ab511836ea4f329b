package lab

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"math/big"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Token facts every lab access token shares.
const (
	// keyID is the kid of the current signing key, the one the JWKS
	// publishes. retiredKeyID is the key before it: rotated away, no
	// longer published, and so unknown to every verifier.
	keyID        = "lab-2"
	retiredKeyID = "lab-1"
	audience     = "lab-api"
	// webClientID is the public client (a single-page app) that users log
	// in with: user tokens carry it as client_id and ID tokens as aud. It
	// is not a secret, unlike the confidential clients of the token
	// endpoint (oauth.go).
	webClientID = "lab-web"
	baseScope   = "orders:read"
	adminScope  = "admin:read"
	subject     = "user-1001"
	// tokenLife is how long a freshly minted access token lives.
	tokenLife = time.Hour
	// leeway is the clock tolerance of the lab's token checks, the one
	// go-jose uses by default (RFC 7519 §4.1.4 allows "a few minutes").
	leeway = jwt.DefaultLeeway
)

// keys holds the lab's signing keys.
type keys struct {
	access jose.Signer // current key lab-2, typ at+jwt (RFC 9068)
	id     jose.Signer // current key lab-2, typ JWT, for OpenID Connect ID tokens
	// retired is the previous key, lab-1: rotated away and no longer
	// published, so its tokens match no published key.
	retired jose.Signer
	// forged is a key nobody published, under the current kid: its tokens
	// name lab-2 and fail the signature check.
	forged jose.Signer
	public *ecdsa.PublicKey // the current key
	jwks   jose.JSONWebKeySet
}

func newKeys() (*keys, error) {
	var pair [3]*ecdsa.PrivateKey
	for i := range pair {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, fmt.Errorf("generate signing key: %w", err)
		}
		pair[i] = k
	}
	current, old, other := pair[0], pair[1], pair[2]
	signer := func(k *ecdsa.PrivateKey, kid string, typ jose.ContentType) (jose.Signer, error) {
		s, err := jose.NewSigner(
			jose.SigningKey{Algorithm: jose.ES256, Key: jose.JSONWebKey{Key: k, KeyID: kid}},
			(&jose.SignerOptions{}).WithType(typ))
		if err != nil {
			return nil, fmt.Errorf("create signer: %w", err)
		}
		return s, nil
	}
	k := &keys{public: &current.PublicKey}
	var err error
	if k.access, err = signer(current, keyID, "at+jwt"); err != nil {
		return nil, err
	}
	if k.id, err = signer(current, keyID, "JWT"); err != nil {
		return nil, err
	}
	if k.retired, err = signer(old, retiredKeyID, "at+jwt"); err != nil {
		return nil, err
	}
	if k.forged, err = signer(other, keyID, "at+jwt"); err != nil {
		return nil, err
	}
	// Only the current key is published: lab-1 was retired at rotation.
	k.jwks = jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{
		Key: &current.PublicKey, KeyID: keyID, Algorithm: string(jose.ES256), Use: "sig",
	}}}
	return k, nil
}

// claims are the members of a lab token: an access token (RFC 9068) or an
// OpenID Connect ID token.
type claims struct {
	jwt.Claims
	Scope    string           `json:"scope,omitempty"`
	ClientID string           `json:"client_id,omitempty"`
	Azp      string           `json:"azp,omitempty"`
	Nonce    string           `json:"nonce,omitempty"`
	AtHash   string           `json:"at_hash,omitempty"`
	AuthTime *jwt.NumericDate `json:"auth_time,omitempty"`
}

// hasScope reports whether the space-delimited scope claim holds s.
func (c *claims) hasScope(s string) bool {
	for _, f := range strings.Fields(c.Scope) {
		if f == s {
			return true
		}
	}
	return false
}

// signingKey picks the key that signs a minted token.
type signingKey int

const (
	keyCurrent signingKey = iota // lab-2, published
	keyRetired                   // lab-1, rotated away
	keyForged                    // an unpublished key under kid lab-2
	keyNone                      // alg none: not signed at all
)

// tokenSpec describes a token to mint. Zero times are left out, except
// iat which defaults to the mint time; empty strings take the defaults
// of a user's access token.
type tokenSpec struct {
	iat, nbf, exp time.Time
	scope         string
	key           signingKey
	iss           string // default: the lab issuer
	aud           string // default: lab-api
	sub           string // default: user-1001
	clientID      string // default: lab-web
}

// mint signs an access token.
func (l *Lab) mint(s tokenSpec) string {
	c := claims{
		Claims: jwt.Claims{
			Issuer:   or(s.iss, l.Issuer()),
			Subject:  or(s.sub, subject),
			Audience: jwt.Audience{or(s.aud, audience)},
			IssuedAt: jwt.NewNumericDate(s.iat),
			ID:       randomString(alnum, 16),
		},
		Scope:    s.scope,
		ClientID: or(s.clientID, webClientID),
	}
	if !s.nbf.IsZero() {
		c.NotBefore = jwt.NewNumericDate(s.nbf)
	}
	if !s.exp.IsZero() {
		c.Expiry = jwt.NewNumericDate(s.exp)
	}
	switch s.key {
	case keyRetired:
		return sign(l.keys.retired, c)
	case keyForged:
		return sign(l.keys.forged, c)
	case keyNone:
		return unsigned(c)
	}
	return sign(l.keys.access, c)
}

// or is s, or def when s is empty.
func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// mintIDToken signs an OpenID Connect ID token issued next to the access
// token at: its audience is the client, not the API, and it carries a
// nonce and at_hash (OpenID Connect Core §2, §3.1.3.6).
func (l *Lab) mintIDToken(now time.Time, at string) string {
	sum := sha256.Sum256([]byte(at))
	c := claims{
		Claims: jwt.Claims{
			Issuer:   l.Issuer(),
			Subject:  subject,
			Audience: jwt.Audience{webClientID},
			IssuedAt: jwt.NewNumericDate(now),
			Expiry:   jwt.NewNumericDate(now.Add(tokenLife)),
		},
		Azp:      webClientID,
		Nonce:    randomString(alnum, 22),
		AtHash:   base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2]),
		AuthTime: jwt.NewNumericDate(now),
	}
	return sign(l.keys.id, c)
}

// sign serialises c with s. Signing with a valid ECDSA key fails only when
// the system's random source does, which Go treats as fatal anyway (since
// Go 1.24 crypto/rand.Read never returns an error).
func sign(s jose.Signer, c claims) string {
	tok, err := jwt.Signed(s).Claims(c).Serialize()
	if err != nil {
		panic(fmt.Sprintf("lab: sign token: %v", err))
	}
	return tok
}

// unsigned serialises c as an unsecured JWT (RFC 7519 §6): header
// {"alg":"none"} and an empty signature. go-jose refuses to write one, as
// it should; the lab needs one to show why.
func unsigned(c claims) string {
	payload, err := json.Marshal(c)
	if err != nil {
		panic(fmt.Sprintf("lab: encode claims: %v", err))
	}
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none"}`)) + "." + enc(payload) + "."
}

// Descriptions the lab's resource server puts in error_description
// (RFC 6750 §3). They are data for the checks, so they stay stable.
const (
	descMalformed = "Malformed token"
	descKid       = "Unknown signing key"
	descUnsigned  = "Unsigned tokens (alg none) are not accepted"
	descAlg       = "Unsupported signing algorithm"
	descSignature = "signature verification failed"
	descIssuer    = "Invalid issuer"
	descAudience  = "Invalid audience"
	descNotYet    = "The access token is not valid yet"
	descExpired   = "The access token expired"
	descRevoked   = "The access token has been revoked"
)

// descNoKey is what a verifier that fetched the JWKS says of a kid it does
// not find there, in the words of node-jwks-rsa's SigningKeyNotFoundError.
// An unprintable or very long kid is not echoed.
func descNoKey(kid string) string {
	if kid == "" || len(kid) > 64 || strings.IndexFunc(kid, func(r rune) bool {
		return r <= ' ' || r >= 0x7f || r == '\'' || r == '"' || r == '\\'
	}) >= 0 {
		return descKid
	}
	return "Unable to find a signing key that matches '" + kid + "'"
}

// checkSignature checks a token's header and its signature with the
// published key. It returns the claims, unvalidated, and the header's typ,
// or the error_description to answer with.
func (l *Lab) checkSignature(token string) (*claims, string, string) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, "", descMalformed
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return nil, "", descMalformed
	}
	var h struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
		Typ string `json:"typ"`
	}
	if err := json.Unmarshal(raw, &h); err != nil {
		return nil, "", descMalformed
	}
	// RFC 8725 §3.1: the verifier pins the algorithms it accepts; an
	// unsigned token is refused before anything else.
	switch {
	case strings.EqualFold(h.Alg, "none"):
		return nil, "", descUnsigned
	case h.Alg != string(jose.ES256):
		return nil, "", descAlg
	case h.Kid != keyID:
		return nil, "", descNoKey(h.Kid)
	}
	tok, err := jwt.ParseSigned(token, []jose.SignatureAlgorithm{jose.ES256})
	if err != nil || len(tok.Headers) != 1 {
		return nil, "", descMalformed
	}
	var c claims
	if err := tok.Claims(l.keys.public, &c); err != nil {
		return nil, "", descSignature
	}
	return &c, h.Typ, ""
}

// validate checks the claims of a token whose signature holds: the issuer,
// the audience when aud is not empty, and the times against now. It
// returns the error_description, or "".
func (l *Lab) validate(c *claims, aud string, now time.Time) string {
	exp := jwt.Expected{Issuer: l.Issuer(), Time: now}
	if aud != "" {
		exp.AnyAudience = jwt.Audience{aud}
	}
	err := c.ValidateWithLeeway(exp, leeway)
	switch {
	case err == nil:
		return ""
	case errors.Is(err, jwt.ErrInvalidIssuer):
		return descIssuer
	case errors.Is(err, jwt.ErrInvalidAudience):
		return descAudience
	case errors.Is(err, jwt.ErrNotValidYet), errors.Is(err, jwt.ErrIssuedInTheFuture):
		return descNotYet
	case errors.Is(err, jwt.ErrExpired):
		return descExpired
	}
	return descMalformed
}

// verify is the lab resource server's token check: signature with the
// published key, issuer, audience lab-api, times against now, and
// revocation. It returns the claims, or the error_description to answer
// with.
func (l *Lab) verify(token string, now time.Time) (*claims, string) {
	c, _, desc := l.checkSignature(token)
	if c == nil {
		return nil, desc
	}
	if desc := l.validate(c, audience, now); desc != "" {
		return nil, desc
	}
	if l.grants.isRevoked(token) {
		return nil, descRevoked
	}
	return c, ""
}

// credentials are the opaque secrets a lab generates at start. None is a
// literal in the source: each is random, shaped like the real thing.
type credentials struct {
	apiKey, staleAPIKey string // X-API-Key values

	drfKey string // Django REST framework TokenAuthentication key: 40 hex

	sessionID, csrf string // Django session and CSRF cookies

	basicUser, basicPassword, wrongPassword string

	stripeTestSecret, stripeLiveSecret, stripeTestPublishable string

	githubRepo, githubAdmin string // ghp_ tokens with scope repo / repo,admin:org_hook

	proxyUser, proxyPassword string

	// client and postClient are the confidential clients of the lab's
	// token endpoint: one authenticates with client_secret_basic only,
	// the other with client_secret_post only.
	client, postClient oauthClient
}

func newCredentials() (credentials, error) {
	drf := make([]byte, 20)
	if _, err := rand.Read(drf); err != nil {
		return credentials{}, fmt.Errorf("generate credentials: %w", err)
	}
	return credentials{
		apiKey:                "lab_" + randomString(alnum, 32),
		staleAPIKey:           "lab_" + randomString(alnum, 32),
		drfKey:                hex.EncodeToString(drf),
		sessionID:             randomString(lowerDigits, 32),
		csrf:                  randomString(alnum, 32),
		basicUser:             "lab",
		basicPassword:         randomString(alnum, 16),
		wrongPassword:         randomString(alnum, 16),
		stripeTestSecret:      "sk_test_" + randomString(alnum, 24),
		stripeLiveSecret:      "sk_live_" + randomString(alnum, 24),
		stripeTestPublishable: "pk_test_" + randomString(alnum, 24),
		githubRepo:            githubToken("ghp_"),
		githubAdmin:           githubToken("ghp_"),
		proxyUser:             "corp",
		proxyPassword:         randomString(alnum, 16),
		client: oauthClient{
			id: "lab-client-" + randomString(alnum, 12), secret: randomString(alnum, 40),
			method: authBasic, scopes: []string{baseScope, adminScope},
			grants: []string{grantClientCredentials, grantRefreshToken},
		},
		postClient: oauthClient{
			id: "lab-post-client-" + randomString(alnum, 12), secret: randomString(alnum, 40),
			method: authPost, scopes: []string{baseScope},
			grants: []string{grantClientCredentials},
		},
	}, nil
}

// Alphabets for random strings. alnum is base62 in the order GitHub's
// token checksum encoding uses.
const (
	alnum       = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	lowerDigits = "0123456789abcdefghijklmnopqrstuvwxyz"
)

// randomString returns n characters drawn uniformly from alphabet.
func randomString(alphabet string, n int) string {
	size := big.NewInt(int64(len(alphabet)))
	b := make([]byte, n)
	for i := range b {
		v, err := rand.Int(rand.Reader, size)
		if err != nil {
			// crypto/rand does not fail since Go 1.24; see sign.
			panic(fmt.Sprintf("lab: random: %v", err))
		}
		b[i] = alphabet[v.Int64()]
	}
	return string(b)
}

// githubToken returns a token in GitHub's 2021 format: prefix, 30 random
// base62 characters and a 6-character base62 CRC32 of them, so that
// checksum-aware scanners recognise it as well-formed.
func githubToken(prefix string) string {
	body := randomString(alnum, 30)
	return prefix + body + base62(crc32.ChecksumIEEE([]byte(body)), 6)
}

// base62 encodes v in alnum, left-padded with '0' to width.
func base62(v uint32, width int) string {
	var out []byte
	for v > 0 {
		out = append([]byte{alnum[v%62]}, out...)
		v /= 62
	}
	for len(out) < width {
		out = append([]byte{'0'}, out...)
	}
	return string(out)
}
