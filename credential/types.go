package credential

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Credential describes a credential without revealing it.
type Credential struct {
	// Header is where it was sent (Authorization, X-API-Key…).
	Header string `json:"header"`
	// Scheme is the Authorization scheme as written (Bearer, Basic…).
	Scheme string `json:"scheme,omitempty"`
	// Kind is jwt, jwe, opaque, basic, api_key or unknown.
	Kind        string `json:"kind"`
	Length      int    `json:"length"`
	Fingerprint string `json:"fingerprint"`
	// Prefix is a vendor prefix that is not secret (sk_test_, ghp_).
	Prefix string `json:"prefix,omitempty"`
	// Vendor names the issuer recognised from the prefix or shape.
	Vendor string `json:"vendor,omitempty"`
	// Environment is what the credential says of its environment:
	// test, live, sandbox, production or empty when unknown.
	Environment string `json:"environment,omitempty"`
	// BasicUser is the user name of a Basic credential; user names are
	// not secret and are needed to debug (never the password).
	BasicUser string `json:"basic_user,omitempty"`
	JWT       *JWT   `json:"jwt,omitempty"`
	// Placeholder is true when the value is a stand-in (YOUR_API_KEY,
	// <token>, xxxx…), not a credential.
	Placeholder bool `json:"placeholder,omitempty"`
}

// Uses of a credential, as Credential.Use returns them: what it is for,
// finer than Kind for JWTs.
const (
	UseAccessToken  = "access_token"
	UseIDToken      = "id_token"
	UseRefreshToken = "refresh_token"
	UseAPIKey       = "api_key"
	UseBasic        = "basic"
	UseOpaque       = "opaque"
	UsePlaceholder  = "placeholder"
	UseJWE          = "jwe"
	UseMalformed    = "malformed"
)

// Use says what the credential is for: placeholder for a stand-in; for a
// JWT, id_token (OpenID Connect markers: token_use id, typ id_token,
// nonce, at_hash), refresh_token (a typ, token_type or token_use claim
// saying refresh) or access_token; jwe for an encrypted token; malformed
// for a value shaped like a JWT that does not decode, and for an empty
// one; basic (Digest too: a user and a password); api_key; else opaque.
func (c Credential) Use() string {
	switch {
	case c.Placeholder:
		return UsePlaceholder
	case c.Kind == KindJWE:
		return UseJWE
	case c.Kind == KindJWT && c.JWT == nil, c.Kind == KindEmpty:
		return UseMalformed
	case c.Kind == KindJWT:
		j := c.JWT
		switch {
		case j.Refresh:
			return UseRefreshToken
		case strings.EqualFold(j.TokenUse, "id") || strings.EqualFold(j.Typ, "id_token"):
			return UseIDToken
		case strings.EqualFold(j.TokenUse, "access") || strings.EqualFold(j.Typ, "at+jwt") || strings.EqualFold(j.Typ, "application/at+jwt"):
			return UseAccessToken
		case j.HasNonce || j.HasAtHash:
			return UseIDToken
		}
		return UseAccessToken
	case c.Kind == KindBasic, c.Kind == KindDigest:
		return UseBasic
	case c.Kind == KindAPIKey:
		return UseAPIKey
	}
	return UseOpaque
}

// JWT holds the diagnostic parts of a decoded (unverified) JWT: never the
// signature, never the raw token.
type JWT struct {
	Alg string   `json:"alg,omitempty"`
	Kid string   `json:"kid,omitempty"`
	Typ string   `json:"typ,omitempty"`
	Iss string   `json:"iss,omitempty"`
	Aud []string `json:"aud,omitempty"`
	// Sub is shown as a fingerprint: it can be personal data.
	SubFingerprint string     `json:"sub_fingerprint,omitempty"`
	ClientID       string     `json:"client_id,omitempty"`
	Scopes         []string   `json:"scopes,omitempty"`
	TokenUse       string     `json:"token_use,omitempty"`
	Exp            *time.Time `json:"exp,omitempty"`
	Nbf            *time.Time `json:"nbf,omitempty"`
	Iat            *time.Time `json:"iat,omitempty"`
	// ExpMillis is true when exp looks like milliseconds, not seconds.
	ExpMillis bool `json:"exp_millis,omitempty"`
	// Nonce and AtHash are present in OpenID Connect ID tokens.
	HasNonce  bool   `json:"has_nonce,omitempty"`
	HasAtHash bool   `json:"has_at_hash,omitempty"`
	Azp       string `json:"azp,omitempty"`
	// Enc is the content encryption of a JWE (RFC 7516 §4.1.2); its
	// claims cannot be read.
	Enc string `json:"enc,omitempty"`
	// Roles are the roles and groups the token grants, kept apart from
	// Scopes: Keycloak realm_access.roles, Entra ID and plain roles,
	// Cognito cognito:groups, a single role (Supabase: anon,
	// authenticated, service_role).
	Roles []string `json:"roles,omitempty"`
	// ClientRoles are Keycloak's resource_access roles, by client id.
	ClientRoles map[string][]string `json:"client_roles,omitempty"`
	// Issues are the defects the decoder tolerated or found, as the
	// credential package's JWT* codes (padded, whitespace, exp-millis…),
	// in the order found; a check turns each into a finding.
	Issues []string `json:"issues,omitempty"`
	// Refresh is true when a claim says the token is a refresh token
	// (simplejwt token_type "refresh", Keycloak typ "Refresh").
	Refresh bool `json:"refresh,omitempty"`
}

// Fingerprint is the first 8 hex digits of the SHA-256 of v: enough to
// tell two credentials apart, useless to recover one. "" for "".
func Fingerprint(v string) string {
	if v == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(v))
	return hex.EncodeToString(sum[:4])
}
