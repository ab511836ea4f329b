package authdoctor

import "time"

// Expect holds what the user says the request should satisfy; checks
// compare the credential with it. The zero value expects nothing.
type Expect struct {
	// Audience lists acceptable aud values (--audience).
	Audience []string `json:"audience,omitempty"`
	// Issuer is the issuer the API trusts (--issuer).
	Issuer string `json:"issuer,omitempty"`
	// Scopes the request needs (--scope).
	Scopes []string `json:"scopes,omitempty"`
	// Environment is the environment the target belongs to (a profile's
	// credential_environment): sandbox, test, production, live.
	Environment string `json:"environment,omitempty"`
}

// IssuerReport is what authdoctor learnt from the token's issuer:
// metadata, keys, the signature check and introspection. Every request it
// sent is in Exchanges.
type IssuerReport struct {
	// Issuer is the issuer asked: the token's iss or --issuer.
	Issuer string `json:"issuer"`
	// MetadataURL is where the metadata came from (OpenID Connect
	// discovery or RFC 8414); empty when none was fetched.
	MetadataURL string          `json:"metadata_url,omitempty"`
	Metadata    *IssuerMetadata `json:"metadata,omitempty"`
	// JWKSURL is where the keys came from (metadata jwks_uri or --jwks).
	JWKSURL string `json:"jwks_url,omitempty"`
	Keys    []JWK  `json:"keys,omitempty"`
	// Verification is the result of checking the token's signature.
	Verification  *Verification  `json:"verification,omitempty"`
	Introspection *Introspection `json:"introspection,omitempty"`
	// Exchanges are the requests sent to the issuer, in order.
	Exchanges []Exchange `json:"-"`
	// Problems are steps that could not complete, in plain words.
	Problems []string `json:"problems,omitempty"`
}

// IssuerMetadata is the part of RFC 8414 / OpenID Connect discovery
// metadata authdoctor uses.
type IssuerMetadata struct {
	Issuer                string   `json:"issuer"`
	JWKSURI               string   `json:"jwks_uri,omitempty"`
	TokenEndpoint         string   `json:"token_endpoint,omitempty"`
	IntrospectionEndpoint string   `json:"introspection_endpoint,omitempty"`
	RevocationEndpoint    string   `json:"revocation_endpoint,omitempty"`
	SigningAlgs           []string `json:"id_token_signing_alg_values_supported,omitempty"`
	AuthMethods           []string `json:"token_endpoint_auth_methods_supported,omitempty"`
	ScopesSupported       []string `json:"scopes_supported,omitempty"`
}

// JWK describes one published key, never its material.
type JWK struct {
	Kid string `json:"kid,omitempty"`
	Kty string `json:"kty"`
	Alg string `json:"alg,omitempty"`
	Use string `json:"use,omitempty"`
}

// Verification statuses.
const (
	Verified     = "verified"     // the signature checks out with a published key
	Invalid      = "invalid"      // a published key matched by kid, and the signature is wrong
	KidUnknown   = "kid-unknown"  // no published key has the token's kid
	Unverifiable = "unverifiable" // cannot be checked here (HS*, JWE, alg none, no keys)
)

// Verification is the result of checking a JWT's signature against the
// issuer's keys.
type Verification struct {
	Status string `json:"status"`
	Alg    string `json:"alg,omitempty"`
	Kid    string `json:"kid,omitempty"`
	// Detail says why, in plain words.
	Detail string `json:"detail,omitempty"`
}

// Introspection is an RFC 7662 answer. Active is nil when the endpoint
// did not say (an error, or a broken answer without "active").
type Introspection struct {
	Endpoint  string     `json:"endpoint"`
	Status    int        `json:"status"`
	Active    *bool      `json:"active"`
	Scopes    []string   `json:"scopes,omitempty"`
	ClientID  string     `json:"client_id,omitempty"`
	Aud       []string   `json:"aud,omitempty"`
	TokenType string     `json:"token_type,omitempty"`
	Exp       *time.Time `json:"exp,omitempty"`
	// Error is the OAuth error code or a plain description when the
	// endpoint refused (a 401 here is about the client credentials).
	Error string `json:"error,omitempty"`
}
