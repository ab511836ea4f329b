package authdoctor

// Cause is the root cause a verdict names. The values are stable strings
// that appear in JSON output and in docs/causes.md, one section each.
type Cause string

// Layer orders causes from the bottom of the stack to the top. When several
// findings fail, the verdict goes to the lowest layer: a request that never
// reaches the server says nothing about its token.
type Layer int

// Layers, lowest first.
const (
	LayerNone          Layer = iota // accepted: nothing failed
	LayerTransport                  // could not talk to the right server at all
	LayerGate                       // something in front of auth answered (proxy, WAF, rate limiter)
	LayerEndpoint                   // the URL or method is wrong
	LayerRequest                    // the header or credential is malformed before it is sent
	LayerDelivery                   // the credential did not arrive where it should
	LayerCredential                 // the credential arrived and is not valid
	LayerAuthorization              // authenticated, not allowed
	LayerServer                     // the server failed or answered something unexpected
	LayerAdvisory                   // does not explain a failure; worth fixing anyway
)

// The causes. Keep this list, causeInfo below and docs/causes.md in step;
// a test fails when they drift.
const (
	CauseAccepted              Cause = "accepted"
	CauseEndpointUnreachable   Cause = "endpoint_unreachable"
	CauseEndpointNotFound      Cause = "endpoint_not_found"
	CauseMethodNotAllowed      Cause = "method_not_allowed"
	CauseInsecureTransport     Cause = "insecure_transport"
	CauseCredentialMissing     Cause = "credential_missing"
	CauseCredentialPlaceholder Cause = "credential_placeholder"
	CauseCredentialMalformed   Cause = "credential_malformed"
	CauseHeaderMalformed       Cause = "header_malformed"
	CauseMultipleCredentials   Cause = "multiple_credentials"
	CauseSchemeMismatch        Cause = "scheme_mismatch"
	CauseCredentialNotReceived Cause = "credential_not_received"
	CauseAuthDroppedOnRedirect Cause = "auth_dropped_on_redirect"
	CauseTokenExpired          Cause = "token_expired"
	CauseTokenNotYetValid      Cause = "token_not_yet_valid"
	CauseClockSkew             Cause = "clock_skew"
	CauseTokenRejected         Cause = "token_rejected"
	CauseWrongCredentialKind   Cause = "wrong_credential_kind"
	CauseInsufficientScope     Cause = "insufficient_scope"
	CausePermissionDenied      Cause = "permission_denied"
	CauseNetworkPolicy         Cause = "network_policy"
	CauseCSRFRequired          Cause = "csrf_required"
	CauseEnvironmentMismatch   Cause = "environment_mismatch"
	CauseCredentialsRejected   Cause = "credentials_rejected"
	CauseRateLimited           Cause = "rate_limited"
	CauseProxyAuthRequired     Cause = "proxy_auth_required"
	CauseServerError           Cause = "server_error"
	CauseUnexpectedStatus      Cause = "unexpected_status"
	CauseCredentialExposed     Cause = "credential_exposed"
	CauseAudienceMismatch      Cause = "audience_mismatch"
	CauseIssuerMismatch        Cause = "issuer_mismatch"
	CauseSignatureInvalid      Cause = "signature_invalid"
	CauseSigningKeyUnknown     Cause = "signing_key_unknown"
)

// CauseInfo documents one cause.
type CauseInfo struct {
	Cause Cause
	Layer Layer
	// Title is a few words for tables.
	Title string
	// Meaning says in one plain sentence what went wrong.
	Meaning string
	// Fix says in one plain sentence what to do.
	Fix string
}

// Doc is the link to the cause's section in docs/causes.md.
func (c Cause) Doc() string { return "docs/causes.md#" + string(c) }

// Info returns the documentation of c and whether c is a known cause.
func (c Cause) Info() (CauseInfo, bool) {
	for _, ci := range causeInfo {
		if ci.Cause == c {
			return ci, true
		}
	}
	return CauseInfo{}, false
}

// Layer is the layer of c; unknown causes sort with LayerServer.
func (c Cause) Layer() Layer {
	if ci, ok := c.Info(); ok {
		return ci.Layer
	}
	return LayerServer
}

// Causes returns every cause in documentation order. The slice is a copy.
func Causes() []CauseInfo { return append([]CauseInfo(nil), causeInfo...) }

var causeInfo = []CauseInfo{
	{CauseAccepted, LayerNone, "accepted",
		"The server accepted the request with this credential.",
		"Nothing to fix here; if your application still fails, compare what it sends with this request."},
	{CauseEndpointUnreachable, LayerTransport, "endpoint unreachable",
		"The server could not be reached: the name did not resolve, the connection failed or timed out, or TLS failed.",
		"Check the host name, port, network, proxy and certificate before looking at credentials."},
	{CauseInsecureTransport, LayerTransport, "insecure transport",
		"The credential was sent over plain http://, where anyone on the path can read it, and the server did not accept it.",
		"Use the https:// URL; if the credential was sent in clear on a shared network, rotate it."},
	{CauseProxyAuthRequired, LayerGate, "proxy authentication required",
		"A proxy between you and the API asked for its own credentials (407); the API never saw the request.",
		"Set the proxy credentials (HTTPS_PROXY=http://user:pass@proxy) or add the host to NO_PROXY; the API credential is not the problem."},
	{CauseRateLimited, LayerGate, "rate limited",
		"The server refused the request because too many requests were made; this is not a credential problem.",
		"Wait until the limit resets (see Retry-After or the rate-limit headers) and slow down the client."},
	{CauseNetworkPolicy, LayerGate, "network policy",
		"A firewall, WAF, bot protection or IP allow list blocked the request; the credential is not what is refused.",
		"Call from an allowed network or IP address, or ask the API owner to allow yours; changing the token will not help."},
	{CauseEndpointNotFound, LayerEndpoint, "endpoint not found",
		"The URL does not exist on this server (404), so authentication cannot succeed there.",
		"Check the path, API version and base URL against the API documentation."},
	{CauseMethodNotAllowed, LayerEndpoint, "method not allowed",
		"The URL exists but does not accept this HTTP method (405).",
		"Use the method the documentation gives for this endpoint (see the Allow header)."},
	{CauseCredentialMissing, LayerRequest, "credential missing",
		"No credential was sent: the header is absent, or the variable that should hold the token is unset or empty.",
		"Set the variable or pass the credential (for example export API_TOKEN=… and -H 'Authorization: Bearer $API_TOKEN')."},
	{CauseCredentialPlaceholder, LayerRequest, "placeholder credential",
		"The credential is a placeholder from documentation or a template (such as YOUR_ACCESS_TOKEN or {{token}}), not a real token.",
		"Replace the placeholder with a real credential from the provider's dashboard or your secret store."},
	{CauseCredentialMalformed, LayerRequest, "credential malformed",
		"The credential itself is damaged: a stray newline or space, quotes from an env file, look-alike characters, or a Basic value that is not base64 user:password.",
		"Strip the newline, quotes or spaces where the value is stored (for example tr -d '\\n' < token), and re-encode Basic credentials with printf, not echo."},
	{CauseHeaderMalformed, LayerRequest, "header malformed",
		"The credential header is written wrong: the scheme is doubled (Bearer Bearer …), has a colon (Bearer:) or is missing, or the header name is one proxies drop (an underscore in it).",
		"Write the header as 'Authorization: <Scheme> <credential>' with one scheme, one space and no colon after the scheme, under the header name the API documents."},
	{CauseMultipleCredentials, LayerRequest, "multiple credentials",
		"More than one credential was sent (two Authorization headers, or a header plus a token in the URL), and the server refused the ambiguity.",
		"Send exactly one credential, in the place the API documents."},
	{CauseSchemeMismatch, LayerRequest, "scheme mismatch",
		"The server expects another authentication scheme than the one sent (for example Basic or Token instead of Bearer).",
		"Use the scheme the server names in its WWW-Authenticate challenge or documentation."},
	{CauseCredentialNotReceived, LayerDelivery, "credential not received",
		"The server answered exactly as if no credential had been sent: something in front of the auth layer (proxy, CDN, app server) strips it, or it is in the wrong header.",
		"Make the proxy, CDN or app server pass the Authorization header through (Apache: CGIPassAuth On; CloudFront: add it to the cache policy), or use the header name the API documents."},
	{CauseAuthDroppedOnRedirect, LayerDelivery, "auth dropped on redirect",
		"The request was redirected to another host or scheme, and the client dropped the Authorization header on the way, as HTTP clients do to protect it.",
		"Call the final URL directly (see the redirect chain), or fix the base URL (https://, www., trailing slash)."},
	{CauseTokenExpired, LayerCredential, "token expired",
		"The token's expiry time has passed.",
		"Get a new token (refresh it or log in again) and make the client refresh before expiry."},
	{CauseTokenNotYetValid, LayerCredential, "token not yet valid",
		"The token says it is valid only from a time that has not come yet (nbf or iat in the future).",
		"Wait, or fix the clock of the machine that issued the token; if this repeats, allow a small leeway."},
	{CauseClockSkew, LayerCredential, "clock skew",
		"Your clock and the server's disagree enough that a token valid by one clock is invalid by the other.",
		"Synchronise the clocks with NTP (timedatectl set-ntp true) on the client, the issuer and the server."},
	{CauseTokenRejected, LayerCredential, "token rejected",
		"The server saw the token and rejected it: revoked, signed by another key, issued for another API, or simply unknown.",
		"Get a fresh token from the right issuer for this API and environment, then retry."},
	{CauseWrongCredentialKind, LayerCredential, "wrong credential kind",
		"The credential is of the wrong kind for this API: a publishable key, an ID token, a refresh token or a client id where an access credential belongs.",
		"Send the access credential the API expects (a secret key or an access token), not this one."},
	{CauseEnvironmentMismatch, LayerCredential, "environment mismatch",
		"The credential belongs to another environment than the server (a sandbox/test key against production, or the reverse).",
		"Use the credential issued for this environment, or point the request at the environment the credential belongs to."},
	{CauseAudienceMismatch, LayerCredential, "audience mismatch",
		"The token was issued for another API (its aud claim names another audience than this one).",
		"Request the token for this API: pass its identifier as the audience (or resource) parameter of the token request."},
	{CauseIssuerMismatch, LayerCredential, "issuer mismatch",
		"The token comes from another issuer than the one this API trusts: another tenant, environment or identity provider, or the same one written differently (a trailing slash).",
		"Get the token from the issuer this API trusts for this environment, or fix the issuer URL in the API's configuration."},
	{CauseSignatureInvalid, LayerCredential, "signature invalid",
		"The token's signature does not verify with the issuer's published keys, or it is not signed at all (alg none) or signed in a way the issuer never uses.",
		"Get a fresh token from the issuer; a token edited by hand, minted with a development secret or copied incompletely will not verify."},
	{CauseSigningKeyUnknown, LayerCredential, "signing key unknown",
		"The key that signed the token (its kid) is not among the issuer's published keys: the key was rotated away, or the token comes from another issuer or environment.",
		"Get a fresh token; if fresh tokens fail too, the API or the issuer caches an old key set: restart or refresh the verifier's JWKS cache."},
	{CauseCredentialsRejected, LayerCredential, "credentials rejected",
		"The server received the credentials and rejected them: wrong user name or password, or an invalid API key.",
		"Check the user name and password or API key for this server, and that the account is active; do not retry blindly (accounts lock)."},
	{CauseInsufficientScope, LayerAuthorization, "insufficient scope",
		"The token is valid but lacks a scope (permission) this request needs.",
		"Request a token with the missing scopes, or give the key those permissions in the provider's settings."},
	{CausePermissionDenied, LayerAuthorization, "permission denied",
		"The server knows who you are but this identity is not allowed to do this (role, ownership, organisation policy).",
		"Ask the API owner to grant this account or key access to the resource, or use an account that has it."},
	{CauseCSRFRequired, LayerAuthorization, "CSRF token required",
		"The server treats the request as a browser session and refuses it without a CSRF token.",
		"Authenticate with a token instead of a session cookie, or fetch the CSRF token first and send it in the header the server names."},
	{CauseServerError, LayerServer, "server error",
		"The server failed (5xx) while handling the request; the credential may be fine.",
		"Retry later and check the service status; if it persists, report it to the API owner with the request id."},
	{CauseUnexpectedStatus, LayerServer, "unexpected status",
		"The server answered with a status that does not tell an auth problem apart from others.",
		"Read the response body and the evidence below; compare with a request that works."},
	{CauseCredentialExposed, LayerAdvisory, "credential exposed",
		"The credential is exposed where others can read it (typed on the command line, or forwarded to another host); it did not cause the failure.",
		"Pass credentials through environment variables or files, and rotate any that may have leaked."},
}
