package credential

import (
	"crypto/sha256"
	"encoding/hex"
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
