package issuer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/authdoctor/authdoctor"
)

// Grant types Mint can use.
const (
	// GrantClientCredentials is the client credentials grant (RFC 6749 §4.4).
	GrantClientCredentials = "client_credentials"
	// GrantRefreshToken is the refresh token grant (RFC 6749 §6).
	GrantRefreshToken = "refresh_token"
)

// Client authentication methods at the token endpoint (RFC 6749 §2.3.1;
// the names are those of RFC 7591 §2).
const (
	// AuthMethodBasic sends the client id and secret with HTTP Basic.
	AuthMethodBasic = "client_secret_basic"
	// AuthMethodPost sends them as client_id and client_secret in the form.
	AuthMethodPost = "client_secret_post"
)

// Limits of Mint.
const (
	// mintReadLimit is what the recorder reads of a token response; it is
	// x/oauth2's own limit, so the library sees all it would have read.
	mintReadLimit = 1 << 20
	// mintStoredBody is what an Exchange keeps of a token response: an
	// error document or a token response fits; a huge page does not need
	// to.
	mintStoredBody = 4 << 10
	// maxDescription is the most runes of an error_description kept:
	// real ones are a sentence or two.
	maxDescription = 300
)

// MintConfig says how Mint asks the token endpoint for a token. The zero
// value, with a Client, ClientID and ClientSecret and one of TokenURL and
// Issuer, asks for a client_credentials token with the client's default
// scope, trying client_secret_basic and then client_secret_post.
type MintConfig struct {
	// Client sends every request; required. Its redirect policy is
	// replaced: a token request carries the client secret, so a redirect
	// is reported, never followed.
	Client *http.Client
	// TokenURL is the token endpoint (--token-url). Empty: the
	// token_endpoint of the issuer's metadata, discovered from Issuer.
	TokenURL string
	// Issuer is the issuer whose metadata names the token endpoint; used
	// only when TokenURL is empty.
	Issuer string
	// ClientID and ClientSecret authenticate the client (RFC 6749 §2.3.1).
	ClientID     string
	ClientSecret authdoctor.Secret
	// Grant is GrantClientCredentials (the default when empty) or
	// GrantRefreshToken.
	Grant string
	// RefreshToken is the refresh token to redeem; required with
	// GrantRefreshToken.
	RefreshToken authdoctor.Secret
	// Scopes are asked for in the scope parameter (RFC 6749 §3.3); empty
	// means the client's default scope (or, for a refresh, the original
	// scope).
	Scopes []string
	// Audience, when set, is sent as an audience form parameter, the way
	// Auth0 and others select the API a token is for.
	Audience string
	// AuthMethod is AuthMethodBasic, AuthMethodPost, or "" to try basic
	// first and, when that is refused with invalid_client, post once.
	AuthMethod string
	// Now stamps each Exchange (Sent, Timing.Total); nil means time.Now.
	Now func() time.Time
}

// MintResult is what Mint got and what it means. Only Token and Refresh
// hold a credential, as Secrets; every other field is safe to print.
type MintResult struct {
	// Token is the access token issued; zero when none was.
	Token authdoctor.Secret
	// Refresh is a new refresh token, when the endpoint issued one that
	// differs from the one redeemed (rotation).
	Refresh authdoctor.Secret
	// TokenURL is the token endpoint asked, redacted; "" when none was
	// found.
	TokenURL string
	// TokenType is the token_type of the answer (RFC 6749 §5.1), "Bearer"
	// mostly.
	TokenType string
	// ExpiresIn is the answer's expires_in; 0 when it did not say.
	ExpiresIn time.Duration
	// Scopes are the scopes granted: the answer's scope, or the scopes
	// asked for when it did not say (RFC 6749 §5.1).
	Scopes []string
	// AuthMethod is the client authentication method that worked, or the
	// one tried last.
	AuthMethod string
	// Exchanges are every request sent, in order: discovery, then each
	// token request. No request body is kept, the Authorization header is
	// kept as its scheme and [redacted], and response bodies are cut to a
	// few KiB and scrubbed of every token and secret.
	Exchanges []authdoctor.Exchange
	// Error is the endpoint's refusal (RFC 6749 §5.2), or the status of an
	// answer that carried no token; nil when a token came, or no answer
	// did.
	Error *TokenError
	// Explanation says in plain words what happened and what to do.
	Explanation string
	// Problems are steps that could not complete or things to know, one
	// plain line each.
	Problems []string
}

// TokenError is a refusal by the token endpoint: the RFC 6749 §5.2 error
// code, its description and URI as the endpoint sent them (scrubbed), and
// the HTTP status. Code is "" when the answer carried no OAuth error (a
// 404 page, a redirect, a 200 without access_token).
type TokenError struct {
	Code, Description, URI string
	Status                 int
}

// Error words the refusal on one line.
func (e *TokenError) Error() string {
	s := "token endpoint answered " + strconv.Itoa(e.Status)
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Description != "" {
		s += ": " + e.Description
	}
	return s
}

// Mint asks the token endpoint for a new token with the client
// credentials or refresh token grant, through golang.org/x/oauth2, and
// explains the answer. It never returns an error: a refusal is in Error
// and Explanation, a step that could not complete in Problems. Every
// request sent is in Exchanges. Neither the client secret, nor the
// refresh token, nor a token issued appears in any field but Token and
// Refresh.
func Mint(ctx context.Context, cfg MintConfig) MintResult {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	grant := cfg.Grant
	if grant == "" {
		grant = GrantClientCredentials
	}
	basic := basicCredential(cfg.ClientID, cfg.ClientSecret.Reveal())
	sc := newScrubber(cfg.RefreshToken, cfg.ClientSecret, basic)
	var res MintResult
	problem := func(format string, args ...any) {
		res.Problems = append(res.Problems, sc.String(oneLine(sc.String(fmt.Sprintf(format, args...)))))
	}

	switch {
	case cfg.Client == nil:
		problem("no token requested: %v", errNoClient)
	case grant != GrantClientCredentials && grant != GrantRefreshToken:
		problem("no token requested: grant %q is not one authdoctor can use: give %s or %s", shown(sc.String(grant)), GrantClientCredentials, GrantRefreshToken)
	case grant == GrantRefreshToken && cfg.RefreshToken.IsZero():
		problem("no token requested: the refresh_token grant needs a refresh token")
	case cfg.ClientID == "":
		problem("no token requested: no client id given")
	case cfg.AuthMethod != "" && cfg.AuthMethod != AuthMethodBasic && cfg.AuthMethod != AuthMethodPost:
		problem("no token requested: client authentication method %q is not %s or %s", shown(sc.String(cfg.AuthMethod)), AuthMethodBasic, AuthMethodPost)
	case cfg.TokenURL == "" && cfg.Issuer == "":
		problem("no token requested: give the token endpoint, or an issuer to discover it from")
	}
	if len(res.Problems) > 0 {
		return res
	}

	// The endpoint: as given, or from the issuer's metadata.
	tokenURL := cfg.TokenURL
	var meta *authdoctor.IssuerMetadata
	if tokenURL == "" {
		f := newFetcher(ctx, cfg.Client, now, defaultMaxBody, discoverBudget, sc)
		m, mu, err := f.discover(cfg.Issuer)
		res.Exchanges = append(res.Exchanges, f.exchanges...)
		if err != nil {
			problem("could not find the token endpoint: %v", err)
			return res
		}
		meta = m
		ep := m.TokenEndpoint
		if ep == "" {
			problem("the metadata at %s has no token_endpoint: give the endpoint explicitly", showURL(mu))
			return res
		}
		if m.Issuer != cfg.Issuer {
			problem("the metadata at %s names issuer %q, not %q as asked: RFC 8414 §3.3 requires them identical, so a verifier configured with one rejects tokens of the other",
				showURL(mu), showIssuer(sc.String(m.Issuer)), showIssuer(sc.String(cfg.Issuer)))
			if !sameOrigin(ep, cfg.Issuer) {
				problem("no token requested: the token endpoint %s comes from metadata naming another issuer on another host, and the client secret goes there; give the endpoint explicitly to use it anyway", showURL(ep))
				return res
			}
		}
		tokenURL = ep
	}
	res.TokenURL = sc.String(authdoctor.RedactURL(tokenURL))
	u, err := httpURL(tokenURL)
	if err != nil {
		problem("no token requested: the token endpoint %s is %v", showURL(tokenURL), err)
		return res
	}
	if !credentialsSafe(u) {
		problem("no token requested: the token endpoint %s is plain http on a host that is not loopback, and the client secret would cross the network in clear; use its https URL", showURL(tokenURL))
		return res
	}

	methods := []string{AuthMethodBasic, AuthMethodPost}
	if cfg.AuthMethod != "" {
		methods = []string{cfg.AuthMethod}
	}
	rec := &recorder{now: now, base: sc}
	rec.rt = http.DefaultTransport
	if cfg.Client.Transport != nil {
		rec.rt = cfg.Client.Transport
	}
	client := *cfg.Client
	client.Transport = rec
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	octx := context.WithValue(ctx, oauth2.HTTPClient, &client)

	var tries []attempt
	for i, m := range methods {
		before := rec.count()
		tok, err := requestToken(octx, cfg, grant, tokenURL, m)
		a := attempt{method: m, token: tok, err: err, answered: rec.answered(before)}
		tries = append(tries, a)
		if i == 0 && len(methods) > 1 && a.invalidClient() {
			continue
		}
		break
	}
	res.Exchanges = append(res.Exchanges, rec.exchanges()...)
	last := tries[len(tries)-1]
	res.AuthMethod = last.method

	if last.token != nil {
		fillToken(&res, last.token, cfg)
	} else {
		res.Error = last.tokenError(sc)
		if res.Error == nil {
			problem("could not reach the token endpoint at %s (%v)", showURL(tokenURL), transportProblem(ctx, last.err, sc))
		}
	}
	res.Explanation = explain(tries, grant, cfg, meta, showURL(tokenURL))
	if last.token != nil {
		granted(&res, cfg, problem)
	}

	// Scrub everything once more with every secret known now, the tokens
	// issued included.
	final := sc.Merge(newScrubber(res.Token, res.Refresh, ""))
	res.Explanation = final.String(res.Explanation)
	res.Problems = final.Strings(res.Problems)
	res.TokenURL = final.String(res.TokenURL)
	if e := res.Error; e != nil {
		e.Code, e.Description, e.URI = final.String(e.Code), final.String(e.Description), final.String(e.URI)
	}
	for i := range res.Exchanges {
		scrubExchange(&res.Exchanges[i], final)
	}
	return res
}

// requestToken sends one token request with x/oauth2, authenticating the
// client with method. Both grants go through clientcredentials.Config:
// oauth2.Config's refresher sends neither scope (RFC 6749 §6 allows a
// narrower one) nor extra parameters such as audience, and it silently
// keeps the old refresh token when none comes back, which hides whether
// the endpoint rotates. clientcredentials lets grant_type be replaced for
// exactly this kind of interoperability.
func requestToken(ctx context.Context, cfg MintConfig, grant, tokenURL, method string) (*oauth2.Token, error) {
	cc := clientcredentials.Config{
		ClientID:       cfg.ClientID,
		ClientSecret:   cfg.ClientSecret.Reveal(),
		TokenURL:       tokenURL,
		Scopes:         cfg.Scopes,
		EndpointParams: url.Values{},
		AuthStyle:      oauth2.AuthStyleInHeader,
	}
	if method == AuthMethodPost {
		cc.AuthStyle = oauth2.AuthStyleInParams
	}
	if grant == GrantRefreshToken {
		cc.EndpointParams.Set("grant_type", GrantRefreshToken)
		cc.EndpointParams.Set("refresh_token", cfg.RefreshToken.Reveal())
	}
	if cfg.Audience != "" {
		cc.EndpointParams.Set("audience", cfg.Audience)
	}
	return cc.Token(ctx)
}

// attempt is one token request and its outcome.
type attempt struct {
	method string
	token  *oauth2.Token
	err    error
	// answered is the status of the endpoint's answer, 0 when none came.
	answered int
}

// invalidClient reports whether the endpoint refused the client's
// authentication: invalid_client, which RFC 6749 §5.2 answers with 401
// when the client used the Authorization header (400 is seen too).
func (a attempt) invalidClient() bool {
	var re *oauth2.RetrieveError
	return errors.As(a.err, &re) && re.ErrorCode == "invalid_client" &&
		re.Response != nil && (re.Response.StatusCode == http.StatusUnauthorized || re.Response.StatusCode == http.StatusBadRequest)
}

// tokenError is the refusal of an attempt that got an answer, or nil
// when it got a token or no answer at all.
func (a attempt) tokenError(sc *authdoctor.Scrubber) *TokenError {
	if a.token != nil || a.err == nil {
		return nil
	}
	var re *oauth2.RetrieveError
	if errors.As(a.err, &re) {
		e := &TokenError{
			Code:        shown(sc.String(strings.TrimSpace(re.ErrorCode))),
			Description: cut(authdoctor.ScrubText(sc.String(oneLine(re.ErrorDescription))), maxDescription),
		}
		if u := strings.TrimSpace(re.ErrorURI); u != "" {
			e.URI = shown(sc.String(authdoctor.RedactURL(u)))
		}
		if re.Response != nil {
			e.Status = re.Response.StatusCode
		}
		return e
	}
	if a.answered != 0 {
		// A 2xx answer x/oauth2 could not use: not JSON, or no
		// access_token.
		return &TokenError{Status: a.answered, Description: "the answer is not a token response: " + answerProblem(a.err)}
	}
	return nil
}

// answerProblem words why x/oauth2 could not use a 2xx answer, without
// quoting it.
func answerProblem(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "missing access_token"):
		return "it has no access_token"
	case strings.Contains(msg, "cannot parse json"):
		return "it is not valid JSON"
	case strings.Contains(msg, "cannot parse response"):
		return "it is not a valid form"
	}
	return "it could not be read"
}

// transportProblem words a failed request without the URL (url.Error
// quotes it) and without any secret.
func transportProblem(ctx context.Context, err error, sc *authdoctor.Scrubber) error {
	if err == nil {
		return errors.New("no answer")
	}
	f := &fetcher{ctx: ctx, scrub: sc}
	return f.transportError(err)
}

// fillToken copies what the answer says about the token into res.
func fillToken(res *MintResult, tok *oauth2.Token, cfg MintConfig) {
	res.Token = authdoctor.NewSecret(tok.AccessToken)
	if tok.RefreshToken != "" && tok.RefreshToken != cfg.RefreshToken.Reveal() {
		res.Refresh = authdoctor.NewSecret(tok.RefreshToken)
	}
	res.TokenType = shown(tok.TokenType)
	if s, ok := seconds(tok.Extra("expires_in")); ok {
		res.ExpiresIn = s
	}
	if s, ok := tok.Extra("scope").(string); ok && strings.TrimSpace(s) != "" {
		res.Scopes = strings.Fields(s)
	} else if len(cfg.Scopes) > 0 {
		// RFC 6749 §5.1: an answer without scope grants the scope asked.
		res.Scopes = slices.Clone(cfg.Scopes)
	}
	for i, s := range res.Scopes {
		res.Scopes[i] = shown(s)
	}
}

// granted adds what a successful answer tells beyond the token: scopes
// narrowed (RFC 6749 §3.3), a token type other than Bearer.
func granted(res *MintResult, cfg MintConfig, problem func(string, ...any)) {
	var missing []string
	for _, s := range cfg.Scopes {
		if !slices.Contains(res.Scopes, s) {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		problem("the endpoint granted fewer scopes than asked: missing %s (RFC 6749 §3.3 allows it); calls that need them will get 403 insufficient_scope", strings.Join(missing, " "))
	}
	if res.TokenType != "" && !strings.EqualFold(res.TokenType, "Bearer") {
		problem("token_type is %q, not Bearer: send it with that scheme (a DPoP token also needs a proof on every request, RFC 9449)", res.TokenType)
	}
	if res.ExpiresIn == 0 {
		problem("the answer has no expires_in: the token's lifetime is unknown until the API refuses it (RFC 6749 §5.1 recommends sending it)")
	}
}

// seconds reads expires_in: a JSON number, a numeric string (PayPal) or
// what x/oauth2 parsed from a form answer.
func seconds(v any) (time.Duration, bool) {
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case int64:
		f = float64(n)
	case json.Number:
		x, err := n.Float64()
		if err != nil {
			return 0, false
		}
		f = x
	case string:
		x, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
		if err != nil {
			return 0, false
		}
		f = x
	default:
		return 0, false
	}
	// Ten years is far beyond any token lifetime; more is nonsense.
	if math.IsNaN(f) || f <= 0 || f > 10*365*24*3600 {
		return 0, false
	}
	return time.Duration(f) * time.Second, true
}

// explain says what the attempts mean, in plain words.
func explain(tries []attempt, grant string, cfg MintConfig, meta *authdoctor.IssuerMetadata, where string) string {
	last := tries[len(tries)-1]
	auto := cfg.AuthMethod == ""
	if len(tries) == 2 {
		first := "The endpoint refused client_secret_basic (invalid_client), so authdoctor tried client_secret_post once: "
		switch {
		case last.token != nil:
			return first + "it worked. This client must send its id and secret in the form body, not in an Authorization header: configure your client library that way (golang.org/x/oauth2: AuthStyleInParams; curl: client_id and client_secret as -d form fields), or register the client for client_secret_basic."
		case last.invalidClient():
			return "Neither client_secret_basic nor client_secret_post was accepted (invalid_client both times): the client secret is wrong, or the client id is — a rotated or revoked secret, the client of another environment or tenant, a stray newline or quote in the variable. Copy both again from the authorization server."
		case last.answered == 0:
			return first + "that request got no answer."
		}
		return first + "the client authenticated, and the endpoint refused the request itself. " + explainCode(last, grant, cfg, meta, where)
	}
	if last.token != nil {
		if auto {
			return "The endpoint issued a token; the client authenticated with client_secret_basic, the first method tried."
		}
		return "The endpoint issued a token; the client authenticated with " + last.method + "."
	}
	if last.answered == 0 {
		return "The token endpoint " + where + " could not be reached, so nothing is known about the client yet: see the problems below."
	}
	return explainCode(last, grant, cfg, meta, where)
}

// explainCode explains one refusal by its RFC 6749 §5.2 code, or by its
// status when there is no code.
func explainCode(a attempt, grant string, cfg MintConfig, meta *authdoctor.IssuerMetadata, where string) string {
	var re *oauth2.RetrieveError
	code, status := "", a.answered
	if errors.As(a.err, &re) {
		code = strings.TrimSpace(re.ErrorCode)
		if re.Response != nil {
			status = re.Response.StatusCode
		}
	}
	other := AuthMethodPost
	if a.method == AuthMethodPost {
		other = AuthMethodBasic
	}
	switch code {
	case "invalid_client":
		return "The endpoint refused the client (invalid_client) with " + a.method + ": the client id or secret is wrong (rotated, revoked, from another environment, a stray newline), or this client must authenticate with " + other + ". Try " + other + ", or leave the method out to try both."
	case "invalid_grant":
		if grant == GrantRefreshToken {
			return "The refresh token was refused (invalid_grant): it expired, was revoked (logout, password change, an administrator), was already used once — with rotation each refresh token works once, so store the new one every time — or was issued to another client. Get a new one by signing in again."
		}
		return "The endpoint refused the grant itself (invalid_grant). In a client credentials request this is unusual: read the description. In an authorization code flow it means the code expired or was used twice, or the redirect_uri differs from the one in the authorization request."
	case "invalid_scope":
		return scopeExplanation(grant, cfg, meta)
	case "unauthorized_client":
		s := "This client may not use the " + grant + " grant (unauthorized_client): the grant is not enabled for it in the authorization server. Enable it for this client (Auth0: Application → Advanced Settings → Grant Types; Okta: Allowed grant types; Keycloak: Service accounts roles for client credentials), or use a client that has it."
		if grant == GrantRefreshToken {
			s += " A refresh token only works with the client it was issued to."
		}
		return s
	case "unsupported_grant_type":
		return "The authorization server does not support the " + grant + " grant (unsupported_grant_type), or did not see the grant_type parameter. Check the grant types it supports, and that " + where + " is really its token endpoint."
	case "invalid_request":
		s := "The endpoint found the request malformed (invalid_request): a required parameter is missing, one is repeated or not supported, or the client authenticated in more than one way. Its description says which."
		if cfg.Audience != "" {
			s += " Some servers refuse an audience parameter they do not know this way: try without it."
		}
		return s
	case "access_denied":
		return "The authorization server denied the request (access_denied): a policy forbids this client the token (a disabled client or application, an IP or tenant rule)."
	case "server_error", "temporarily_unavailable":
		return "The authorization server failed (" + code + "): nothing is wrong with the request as far as it says; try again later."
	}
	lead := ""
	if code != "" {
		lead = "The endpoint answered error " + strconv.Quote(shown(code)) + ", which is not one of RFC 6749 §5.2. "
	}
	return lead + explainStatus(status, where)
}

// explainStatus explains an answer without an OAuth error code by its
// status.
func explainStatus(status int, where string) string {
	switch {
	case status >= 300 && status < 400:
		return "The token endpoint " + where + " answered " + strconv.Itoa(status) + " and redirected: the redirect was not followed, because a token request carries the client secret. Use the URL it redirects to as the token endpoint (often https instead of http, or a trailing slash)."
	case status == http.StatusNotFound || status == http.StatusMethodNotAllowed:
		return "The token endpoint " + where + " answered " + strconv.Itoa(status) + ": it is not a token endpoint. Take token_endpoint from the issuer's metadata."
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return "The token endpoint answered " + strconv.Itoa(status) + ": the client was refused (id, secret or method), or something in front of the endpoint (a gateway, a WAF) refused the request."
	case status >= 500:
		return "The token endpoint failed (" + strconv.Itoa(status) + "): try again later."
	case status >= 200 && status < 300:
		return "The token endpoint answered " + strconv.Itoa(status) + " but not with a token: it is probably not a token endpoint (a login page, an API gateway's default answer)."
	}
	return "The token endpoint answered " + strconv.Itoa(status) + " without saying why."
}

// scopeExplanation names the scope an invalid_scope is about, as far as
// the issuer's published scopes tell.
func scopeExplanation(grant string, cfg MintConfig, meta *authdoctor.IssuerMetadata) string {
	s := "The endpoint refused the scope (invalid_scope). "
	if len(cfg.Scopes) == 0 {
		s += "No scope was asked for, so the client's default scope is what it refused: ask for a scope explicitly, or give the client a default one."
		return s
	}
	asked := strings.Join(cfg.Scopes, " ")
	if meta != nil && len(meta.ScopesSupported) > 0 {
		var unknown []string
		for _, sc := range cfg.Scopes {
			if !slices.Contains(meta.ScopesSupported, sc) {
				unknown = append(unknown, sc)
			}
		}
		if len(unknown) > 0 {
			s += "The issuer does not publish " + quoteAll(unknown) + " in scopes_supported: check the spelling and the API it belongs to. "
			if len(unknown) == len(cfg.Scopes) {
				return strings.TrimSpace(s)
			}
		}
	}
	switch {
	case len(cfg.Scopes) == 1:
		s += "This client may not have " + quoteAll(cfg.Scopes) + ": grant that scope to the client in the authorization server, or ask without it."
	default:
		s += "At least one of " + strconv.Quote(asked) + " is unknown or not granted to this client: ask for them one at a time to find which, then grant it to the client or drop it."
	}
	if grant == GrantRefreshToken {
		s += " A refresh may only ask for the scope originally granted, or less (RFC 6749 §6)."
	}
	return s
}

// cut makes s printable and at most n runes. Scrub before, never after.
func cut(s string, n int) string {
	s = printable(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// quoteAll quotes each of ss, made safe to show, comma-separated.
func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(shown(s))
	}
	return strings.Join(q, ", ")
}

// sameOrigin reports whether a and b have the same scheme and host.
func sameOrigin(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && ua.Host != "" &&
		strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Host, ub.Host)
}

// recorder is the http.RoundTripper Mint puts under x/oauth2, which
// hides the exchange: it records every request and response as an
// Exchange, without the request body, with the Authorization header
// reduced to its scheme, and with the response body cut and scrubbed of
// every secret and every token it carries.
type recorder struct {
	rt   http.RoundTripper
	now  func() time.Time
	base *authdoctor.Scrubber

	mu  sync.Mutex
	exs []authdoctor.Exchange
}

// RoundTrip sends req with the wrapped transport and records it.
func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	start := r.now()
	ex := authdoctor.Exchange{
		Method:        req.Method,
		URL:           r.base.String(authdoctor.RedactURL(req.URL.String())),
		RequestHeader: requestFields(req.Header),
		Sent:          start.Round(0),
	}
	resp, err := r.rt.RoundTrip(req)
	if err != nil {
		ex.Timing.Total = r.now().Sub(start)
		r.add(ex)
		return nil, err
	}
	// A read error is x/oauth2's to meet: the rest of the body, error
	// included, stays behind what was read.
	data, _ := io.ReadAll(io.LimitReader(resp.Body, mintReadLimit))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(data), resp.Body), resp.Body}
	ex.Status = resp.StatusCode
	ex.Proto = resp.Proto
	sc := r.base.Merge(tokenScrubber(data))
	ex.Header = sc.Header(resp.Header)
	if d, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		ex.ServerDate = d
	}
	ex.TLS = tlsInfo(resp.TLS)
	ex.Body, ex.BodyTruncated = storedBody(data, mintStoredBody, sc)
	ex.Timing.Total = r.now().Sub(start)
	r.add(ex)
	return resp, nil
}

func (r *recorder) add(ex authdoctor.Exchange) {
	r.mu.Lock()
	r.exs = append(r.exs, ex)
	r.mu.Unlock()
}

// count is the number of requests recorded so far.
func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.exs)
}

// answered is the status of the last answer recorded after the first
// since requests, or 0 when none came.
func (r *recorder) answered(since int) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.exs) > since {
		return r.exs[len(r.exs)-1].Status
	}
	return 0
}

func (r *recorder) exchanges() []authdoctor.Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.exs)
}

// requestFields records request header fields sorted by name: credential
// fields as their scheme word and [redacted] only, the rest as sent.
func requestFields(h http.Header) []authdoctor.Field {
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []authdoctor.Field
	for _, n := range names {
		for _, v := range h[n] {
			if authdoctor.SensitiveHeader(n) {
				v = redactedValue(v)
			}
			out = append(out, field(n, v))
		}
	}
	return out
}

// redactedValue keeps only the scheme word of a credential field:
// "Basic [redacted]".
func redactedValue(v string) string {
	scheme, rest, ok := strings.Cut(strings.TrimSpace(v), " ")
	if ok && rest != "" && authdoctor.SchemeWord(scheme) {
		return scheme + " " + authdoctor.Redacted
	}
	return authdoctor.Redacted
}

// tokenKeys are the members of a token response that hold a credential
// (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3).
var tokenKeys = []string{"access_token", "refresh_token", "id_token"}

// tokenScrubber scrubs the credentials a token response carries: the
// values of its access_token, refresh_token and id_token, read as JSON or
// as a form.
func tokenScrubber(data []byte) *authdoctor.Scrubber {
	var vals []string
	var doc map[string]any
	if json.Unmarshal(data, &doc) == nil {
		for _, k := range tokenKeys {
			if s, ok := doc[k].(string); ok {
				vals = append(vals, s)
			}
		}
	} else if form, err := url.ParseQuery(string(data)); err == nil {
		for _, k := range tokenKeys {
			vals = append(vals, form[k]...)
		}
	}
	out := &authdoctor.Scrubber{}
	for _, v := range vals {
		out.AddSecret(authdoctor.NewSecret(v))
	}
	return out
}

// storedBody is the part of a response body an Exchange keeps: the first
// limit bytes, with every value sc knows and everything that looks like a
// credential replaced. A value cut at the end is redacted too.
func storedBody(data []byte, limit int, sc *authdoctor.Scrubber) ([]byte, bool) {
	truncated := len(data) > limit
	if truncated {
		data = data[:limit]
	}
	b := sc.Bytes(slices.Clone(data), truncated)
	return []byte(authdoctor.ScrubText(string(b))), truncated
}

// scrubExchange scrubs a recorded exchange again with sc.
func scrubExchange(ex *authdoctor.Exchange, sc *authdoctor.Scrubber) {
	ex.URL = sc.String(ex.URL)
	ex.Header = sc.Header(ex.Header)
	ex.Body = sc.Bytes(ex.Body, ex.BodyTruncated)
	for i, f := range ex.RequestHeader {
		if v := f.Value.Reveal(); sc.Contains([]byte(v)) {
			ex.RequestHeader[i].Value = authdoctor.NewSecret(sc.String(v))
		}
	}
}
