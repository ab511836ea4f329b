package credential

import (
	"encoding/base64"
	"strings"
)

// Authentication platforms. Clerk comes first in the catalogue: its keys
// share Stripe's prefixes.

const (
	docsClerk         = "https://clerk.com/docs/deployments/clerk-environment-variables"
	docsOkta          = "https://developer.okta.com/docs/guides/create-an-api-token/main/"
	docsSupabaseKeys  = "https://supabase.com/docs/guides/api/api-keys"
	docsSupabaseMgmt  = "https://supabase.com/docs/reference/api/introduction"
	docsClerkBackend  = "https://clerk.com/docs/reference/backend-api"
	noteClerkPK       = "A publishable key configures the Clerk frontend SDK; the Backend API needs the secret key (sk_)."
	noteClerkSK       = "Clerk secret keys go to api.clerk.com; Stripe's keys share the sk_ prefixes."
	noteSupabaseNoJWT = "The new keys are not JWTs: send them in the apikey header, not as Authorization: Bearer."
)

var authKeys = []vendorKey{
	// Clerk publishable keys are the base64 of the instance's Frontend
	// API host followed by '$' (buildPublishableKey in clerk/javascript
	// packages/shared/src/keys.ts); pk_test_ marks a development
	// instance, pk_live_ a production one. Decoding tells them from
	// Stripe's publishable keys, which are plain alphanumerics.
	{Vendor: Vendor{Name: "Clerk", Prefix: "pk_test_", Kind: "publishable", Environment: EnvTest, Note: noteClerkPK, Docs: docsClerk}, rest: one(run(setB64, 8, 400)), read: rdClerkPublishable},
	{Vendor: Vendor{Name: "Clerk", Prefix: "pk_live_", Kind: "publishable", Environment: EnvLive, Note: noteClerkPK, Docs: docsClerk}, rest: one(run(setB64, 8, 400)), read: rdClerkPublishable},
	// Clerk secret keys: Clerk documents the prefixes only; the keys seen
	// are 42 alphanumerics after them, where Stripe's are 24 or 99.
	{Vendor: Vendor{Name: "Clerk", Prefix: "sk_test_", Kind: "secret", Environment: EnvTest, Header: hdrBearer, AccessCredential: true, Note: noteClerkSK, Docs: docsClerkBackend}, rest: one(run(setAlnum, 40, 50))},
	{Vendor: Vendor{Name: "Clerk", Prefix: "sk_live_", Kind: "secret", Environment: EnvLive, Header: hdrBearer, AccessCredential: true, Note: noteClerkSK, Docs: docsClerkBackend}, rest: one(run(setAlnum, 40, 50))},

	// Okta API tokens: "00" and 40 more (gitleaks rules/okta.go), sent
	// with the SSWS scheme. The value alone is too plain to name Okta.
	{Vendor: Vendor{Name: "Okta", Kind: "api-token", Header: "Authorization: SSWS", AccessCredential: true, Note: "Okta API tokens take the SSWS scheme, not Bearer; they expire after 30 days without use.", Docs: docsOkta}, rest: one(lit("00"), exactly(setWord.or(bytesOf("=-")), 40)), scheme: "SSWS", findPrefix: "SSWS "},

	// Supabase: personal access tokens for the Management API (sbp_ and
	// 40 of a–z0–9, trufflehog supabasetoken detector) and the project
	// API keys that replace the anon and service_role JWTs.
	{Vendor: Vendor{Name: "Supabase", Prefix: "sbp_", Kind: "pat", Header: hdrBearer, AccessCredential: true, Note: "Personal access tokens work on the Management API (api.supabase.com), not on a project's REST API.", Docs: docsSupabaseMgmt}, rest: one(exactly(setLowerNum, 40))},
	{Vendor: Vendor{Name: "Supabase", Prefix: "sb_publishable_", Kind: "publishable", Header: "apikey", AccessCredential: true, Note: "Publishable keys reach only what Row Level Security allows. " + noteSupabaseNoJWT, Docs: docsSupabaseKeys}, rest: one(run(setB64URL, 20, 128))},
	{Vendor: Vendor{Name: "Supabase", Prefix: "sb_secret_", Kind: "secret", Header: "apikey", AccessCredential: true, Note: "Secret keys bypass Row Level Security; keep them on servers. " + noteSupabaseNoJWT, Docs: docsSupabaseKeys}, rest: one(run(setB64URL, 20, 128))},
}

// readClerkPublishable decodes a Clerk publishable key: base64, padded or
// not, of a host name and '$'. The host is recorded.
func readClerkPublishable(rest string, v *Vendor) bool {
	body := strings.TrimRight(rest, "=")
	if len(body) > 400 {
		return false
	}
	var buf [300]byte
	n, err := base64.RawStdEncoding.Decode(buf[:], []byte(body))
	if err != nil || n < 2 || buf[n-1] != '$' {
		return false
	}
	host := buf[:n-1]
	if !isHostName(host) {
		return false
	}
	v.Host = string(host)
	return true
}

// isHostName reports whether h is a DNS name of at least two labels of
// letters, digits and hyphens.
func isHostName(h []byte) bool {
	if len(h) < 3 || len(h) > 253 || h[0] == '.' || h[len(h)-1] == '.' {
		return false
	}
	dot := false
	for _, c := range h {
		switch {
		case c == '.':
			dot = true
		case c == '-', '0' <= c && c <= '9', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		default:
			return false
		}
	}
	return dot
}
