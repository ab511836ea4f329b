package check

import (
	"time"

	"github.com/authdoctor/authdoctor"
)

// Check is one entry of the ordered list. Run returns what it found; the
// engine stamps ID, Cause and Doc on every finding, so a check cannot
// mistype its own.
type Check struct {
	ID    string
	Cause authdoctor.Cause
	Run   func(in *Input) []authdoctor.Finding
}

// Options tune the checks. The zero value uses the defaults.
type Options struct {
	// Leeway is the clock tolerance for exp and nbf. Zero means
	// DefaultLeeway; RFC 7519 §4.1.4 allows "a few minutes".
	Leeway time.Duration
}

// DefaultLeeway is 60 s: most verifiers allow between 0 and 5 minutes
// (Microsoft's JWT handler 5 min, jwt-go 0), so a token within a minute of
// its limit is reported as a risk, not as the cause.
const DefaultLeeway = 60 * time.Second

// SkewThreshold is the clock difference between this machine and the
// server beyond which authdoctor reports it: HTTP Date has one-second
// resolution and a minute is well beyond network delay.
const SkewThreshold = 60 * time.Second

// Run runs every check of List on o, in order, and returns the findings with
// their ids, causes and doc links stamped.
func Run(o *authdoctor.Observation, opt Options) []authdoctor.Finding {
	return RunList(List(), o, opt)
}

// RunList runs the given checks; tests use it to run one check alone.
func RunList(list []Check, o *authdoctor.Observation, opt Options) []authdoctor.Finding {
	return runList(list, NewInput(o, opt))
}

// RunInput runs every check of List on an Input already built, so the one
// analysis step derives it once.
func RunInput(in *Input) []authdoctor.Finding { return runList(List(), in) }

func runList(list []Check, in *Input) []authdoctor.Finding {
	var out []authdoctor.Finding
	for _, c := range list {
		in.id = c.ID
		for _, f := range c.Run(in) {
			f.ID = c.ID
			f.Cause = c.Cause
			f.Doc = c.Cause.Doc()
			if f.Confidence == "" {
				f.Confidence = authdoctor.Possible
			}
			if f.Fix == "" {
				if ci, ok := c.Cause.Info(); ok {
					f.Fix = ci.Fix
				}
			}
			out = append(out, f)
		}
	}
	return out
}

// List returns the checks in order: the order breaks ties in the verdict,
// so specific checks come before generic ones of the same cause layer.
func List() []Check {
	return []Check{
		// transport and gates
		{"transport.unreachable", authdoctor.CauseEndpointUnreachable, transportUnreachable},
		{"transport.plain-http", authdoctor.CauseInsecureTransport, transportPlainHTTP},
		{"proxy.auth-required", authdoctor.CauseProxyAuthRequired, proxyAuthRequired},
		{"gate.rate-limited", authdoctor.CauseRateLimited, gateRateLimited},
		{"gate.waf-challenge", authdoctor.CauseNetworkPolicy, gateWAFChallenge},
		{"gate.ip-allowlist", authdoctor.CauseNetworkPolicy, gateIPAllowlist},
		// endpoint
		{"endpoint.not-found", authdoctor.CauseEndpointNotFound, endpointNotFound},
		{"endpoint.method-not-allowed", authdoctor.CauseMethodNotAllowed, endpointMethodNotAllowed},
		// request, before anything is sent
		{"request.var-unset", authdoctor.CauseCredentialMissing, requestVarUnset},
		{"request.no-credential", authdoctor.CauseCredentialMissing, requestNoCredential},
		{"credential.aws-session-token", authdoctor.CauseCredentialMissing, credentialAWSSessionToken},
		{"credential.placeholder", authdoctor.CauseCredentialPlaceholder, credentialPlaceholder},
		{"header.control-char", authdoctor.CauseCredentialMalformed, headerControlChar},
		{"header.quoted", authdoctor.CauseCredentialMalformed, headerQuoted},
		{"header.whitespace", authdoctor.CauseCredentialMalformed, headerWhitespace},
		{"header.lookalike", authdoctor.CauseCredentialMalformed, headerLookalike},
		{"credential.basic-malformed", authdoctor.CauseCredentialMalformed, credentialBasicMalformed},
		{"token.jwt-encoding", authdoctor.CauseCredentialMalformed, tokenJWTEncoding},
		{"header.double-scheme", authdoctor.CauseHeaderMalformed, headerDoubleScheme},
		{"header.scheme-colon", authdoctor.CauseHeaderMalformed, headerSchemeColon},
		{"header.no-scheme", authdoctor.CauseHeaderMalformed, headerNoScheme},
		{"header.name", authdoctor.CauseHeaderMalformed, headerName},
		{"header.multiple-credentials", authdoctor.CauseMultipleCredentials, headerMultipleCredentials},
		{"header.scheme-mismatch", authdoctor.CauseSchemeMismatch, headerSchemeMismatch},
		{"header.scheme-case", authdoctor.CauseSchemeMismatch, headerSchemeCase},
		// delivery
		{"redirect.auth-dropped", authdoctor.CauseAuthDroppedOnRedirect, redirectAuthDropped},
		{"delivery.not-received", authdoctor.CauseCredentialNotReceived, deliveryNotReceived},
		// the credential itself
		{"credential.wrong-kind", authdoctor.CauseWrongCredentialKind, credentialWrongKind},
		{"credential.environment", authdoctor.CauseEnvironmentMismatch, credentialEnvironment},
		{"token.issuer", authdoctor.CauseIssuerMismatch, tokenIssuer},
		{"token.audience", authdoctor.CauseAudienceMismatch, tokenAudience},
		{"token.alg-none", authdoctor.CauseSignatureInvalid, tokenAlgNone},
		{"token.signature", authdoctor.CauseSignatureInvalid, tokenSignature},
		{"credential.signature-refused", authdoctor.CauseSignatureInvalid, credentialSignatureRefused},
		{"token.kid-unknown", authdoctor.CauseSigningKeyUnknown, tokenKidUnknown},
		{"token.kid-missing", authdoctor.CauseSigningKeyUnknown, tokenKidMissing},
		{"token.alg-mismatch", authdoctor.CauseSignatureInvalid, tokenAlgMismatch},
		{"token.introspection", authdoctor.CauseTokenRejected, tokenIntrospection},
		{"token.fresh", authdoctor.CauseTokenRejected, tokenFresh},
		{"token.expired", authdoctor.CauseTokenExpired, tokenExpired},
		{"credential.signed-url-expired", authdoctor.CauseTokenExpired, credentialSignedURLExpired},
		{"token.not-yet-valid", authdoctor.CauseTokenNotYetValid, tokenNotYetValid},
		{"token.clock-skew", authdoctor.CauseClockSkew, tokenClockSkew},
		{"token.rejected", authdoctor.CauseTokenRejected, tokenRejected},
		{"credential.rejected", authdoctor.CauseCredentialsRejected, credentialRejected},
		{"endpoint.login-redirect", authdoctor.CauseCredentialsRejected, endpointLoginRedirect},
		{"body.refused-in-ok", authdoctor.CauseTokenRejected, bodyRefusedInOK},
		// authorisation
		{"scope.insufficient", authdoctor.CauseInsufficientScope, scopeInsufficient},
		{"authz.csrf", authdoctor.CauseCSRFRequired, authzCSRF},
		{"authz.forbidden", authdoctor.CausePermissionDenied, authzForbidden},
		// server
		{"server.error", authdoctor.CauseServerError, serverError},
		{"status.unexpected", authdoctor.CauseUnexpectedStatus, statusUnexpected},
		// advisories
		{"request.secret-in-argv", authdoctor.CauseCredentialExposed, requestSecretInArgv},
		{"redirect.auth-forwarded", authdoctor.CauseCredentialExposed, redirectAuthForwarded},
	}
}
