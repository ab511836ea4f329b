package lab

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
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
	keyID      = "lab-1"
	audience   = "lab-api"
	clientID   = "lab-client"
	baseScope  = "orders:read"
	adminScope = "admin:read"
	subject    = "user-1001"
	// tokenLife is how long a freshly minted access token lives.
	tokenLife = time.Hour
	// leeway is the clock tolerance of the lab's token checks, the one
	// go-jose uses by default (RFC 7519 §4.1.4 allows "a few minutes").
	leeway = jwt.DefaultLeeway
)

// keys holds the lab's signing keys.
type keys struct {
	access  jose.Signer // lab key, typ at+jwt (RFC 9068)
	id      jose.Signer // lab key, typ JWT, for OpenID Connect ID tokens
	retired jose.Signer // another key under the same kid: its tokens fail verification
	public  *ecdsa.PublicKey
	jwks    jose.JSONWebKeySet
}

func newKeys() (*keys, error) {
	current, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate signing key: %w", err)
	}
	old, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate retired key: %w", err)
	}
	signer := func(k *ecdsa.PrivateKey, typ jose.ContentType) (jose.Signer, error) {
		s, err := jose.NewSigner(
			jose.SigningKey{Algorithm: jose.ES256, Key: jose.JSONWebKey{Key: k, KeyID: keyID}},
			(&jose.SignerOptions{}).WithType(typ))
		if err != nil {
			return nil, fmt.Errorf("create signer: %w", err)
		}
		return s, nil
	}
	k := &keys{public: &current.PublicKey}
	if k.access, err = signer(current, "at+jwt"); err != nil {
		return nil, err
	}
	if k.id, err = signer(current, "JWT"); err != nil {
		return nil, err
	}
	if k.retired, err = signer(old, "at+jwt"); err != nil {
		return nil, err
	}
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

// tokenSpec describes a token to mint. Zero times are left out, except
// iat which defaults to the mint time.
type tokenSpec struct {
	iat, nbf, exp time.Time
	scope         string
	retired       bool // signed by the retired key
}

// mint signs an access token.
func (l *Lab) mint(s tokenSpec) string {
	c := claims{
		Claims: jwt.Claims{
			Issuer:   l.issuer(),
			Subject:  subject,
			Audience: jwt.Audience{audience},
			IssuedAt: jwt.NewNumericDate(s.iat),
			ID:       randomString(alnum, 16),
		},
		Scope:    s.scope,
		ClientID: clientID,
	}
	if !s.nbf.IsZero() {
		c.NotBefore = jwt.NewNumericDate(s.nbf)
	}
	if !s.exp.IsZero() {
		c.Expiry = jwt.NewNumericDate(s.exp)
	}
	signer := l.keys.access
	if s.retired {
		signer = l.keys.retired
	}
	return sign(signer, c)
}

// mintIDToken signs an OpenID Connect ID token issued next to the access
// token at: its audience is the client, not the API, and it carries a
// nonce and at_hash (OpenID Connect Core §2, §3.1.3.6).
func (l *Lab) mintIDToken(now time.Time, at string) string {
	sum := sha256.Sum256([]byte(at))
	c := claims{
		Claims: jwt.Claims{
			Issuer:   l.issuer(),
			Subject:  subject,
			Audience: jwt.Audience{clientID},
			IssuedAt: jwt.NewNumericDate(now),
			Expiry:   jwt.NewNumericDate(now.Add(tokenLife)),
		},
		Azp:      clientID,
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

// Descriptions the lab's resource server puts in error_description
// (RFC 6750 §3). They are data for the checks, so they stay stable.
const (
	descMalformed = "Malformed token"
	descKid       = "Unknown signing key"
	descSignature = "signature verification failed"
	descIssuer    = "Invalid issuer"
	descAudience  = "Invalid audience"
	descNotYet    = "The access token is not valid yet"
	descExpired   = "The access token expired"
)

// verify checks an access token against the lab key and the clock now. It
// returns the claims, or the error_description to answer with.
func (l *Lab) verify(token string, now time.Time) (*claims, string) {
	tok, err := jwt.ParseSigned(token, []jose.SignatureAlgorithm{jose.ES256})
	if err != nil {
		return nil, descMalformed
	}
	if len(tok.Headers) != 1 || tok.Headers[0].KeyID != keyID {
		return nil, descKid
	}
	var c claims
	if err := tok.Claims(l.keys.public, &c); err != nil {
		return nil, descSignature
	}
	err = c.ValidateWithLeeway(jwt.Expected{
		Issuer:      l.issuer(),
		AnyAudience: jwt.Audience{audience},
		Time:        now,
	}, leeway)
	switch {
	case err == nil:
		return &c, ""
	case errors.Is(err, jwt.ErrInvalidIssuer):
		return nil, descIssuer
	case errors.Is(err, jwt.ErrInvalidAudience):
		return nil, descAudience
	case errors.Is(err, jwt.ErrNotValidYet), errors.Is(err, jwt.ErrIssuedInTheFuture):
		return nil, descNotYet
	case errors.Is(err, jwt.ErrExpired):
		return nil, descExpired
	}
	return nil, descMalformed
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
