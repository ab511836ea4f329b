package lab

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor"
)

// obj is a JSON object that keeps its members in order, as the servers the
// lab imitates write them.
type obj []member

type member struct {
	k string
	v any
}

// MarshalJSON writes the members in order.
func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(m.k)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(m.v)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// writeJSON answers status with v encoded compactly; Content-Type is
// application/json unless a step set another.
func writeJSON(c *call, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal"}`)
	}
	writeBody(c, status, "application/json", append(b, '\n'))
}

// writeBody answers status with body, setting Content-Type to ctype unless
// a step set one.
func writeBody(c *call, status int, ctype string, body []byte) {
	h := c.w.Header()
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", ctype)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.w.WriteHeader(status)
	_, _ = c.w.Write(body)
}

// reply answers status with a JSON body.
func reply(status int, v any) step {
	return func(c *call) bool {
		writeJSON(c, status, v)
		return false
	}
}

// onMethod runs s for method m and lets other methods through.
func onMethod(m string, s step) step {
	return func(c *call) bool {
		if c.r.Method != m {
			return true
		}
		return s(c)
	}
}

// headers returns a step that sets response headers, given as name,
// value pairs.
func headers(kv ...string) step {
	return func(c *call) bool {
		for i := 0; i+1 < len(kv); i += 2 {
			c.w.Header().Set(kv[i], kv[i+1])
		}
		return true
	}
}

// Server flavours: the headers each kind of server adds to every response.
var (
	nginxHeaders  = headers("Server", "nginx")
	apacheHeaders = headers("Server", "Apache/2.4.62 (Debian)", "X-Powered-By", "PHP/8.3.14")
	// django is what gunicorn, Django's SecurityMiddleware and DRF's
	// APIView put on a response.
	djangoHeaders = headers("Server", "gunicorn", "Vary", "Accept, Cookie", "Allow", "GET, HEAD, OPTIONS",
		"X-Frame-Options", "DENY", "X-Content-Type-Options", "nosniff",
		"Referrer-Policy", "same-origin", "Cross-Origin-Opener-Policy", "same-origin")
	expressHeaders = headers("X-Powered-By", "Express", "Content-Type", "application/json; charset=utf-8")
)

// ordersJSON is the resource every orders endpoint serves.
var ordersJSON = json.RawMessage(`{"orders":[{"id":"ord_1001","status":"shipped","total":4200},{"id":"ord_1002","status":"pending","total":1999}]}`)

// quote writes s as an RFC 9110 quoted-string.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// bearerChallenge builds a Bearer challenge (RFC 6750 §3): with no error
// code when the request carried no token, as §3 asks.
func bearerChallenge(code, desc, scope string) string {
	v := `Bearer realm="lab"`
	if code != "" {
		v += ", error=" + quote(code)
	}
	if desc != "" {
		v += ", error_description=" + quote(desc)
	}
	if scope != "" {
		v += ", scope=" + quote(scope)
	}
	return v
}

// bearerError answers an RFC 6750 error: the challenge and a JSON body
// with the same code and description.
func bearerError(c *call, status int, code, desc, scope string) {
	c.w.Header().Set("WWW-Authenticate", bearerChallenge(code, desc, scope))
	body := obj{{"error", code}, {"error_description", desc}}
	if scope != "" {
		body = append(body, member{"scope", scope})
	}
	writeJSON(c, status, body)
}

// bearer is the lab's OAuth 2.0 resource server (RFC 6750): it reads one
// Bearer token from Authorization or the access_token query parameter and
// verifies it as a lab JWT. bare is the message of the 401 sent when there
// is no token.
func (l *Lab) bearer(bare string) step {
	return func(c *call) bool {
		fields := c.r.Header.Values("Authorization")
		query := c.r.URL.Query().Get("access_token")
		// §2: a client must not use more than one method in a request.
		if len(fields) > 1 || len(fields) == 1 && query != "" {
			bearerError(c, http.StatusBadRequest, "invalid_request", "Multiple credentials in request", "")
			return false
		}
		token := query
		if len(fields) == 1 {
			token = ""
			// Scheme names are case-insensitive (RFC 9110 §11.1); another
			// scheme, or "Bearer:" with a colon, is no Bearer credential.
			if scheme, rest, _ := strings.Cut(fields[0], " "); strings.EqualFold(scheme, "Bearer") {
				token = strings.TrimLeft(rest, " ")
			}
		}
		if token == "" {
			c.w.Header().Set("WWW-Authenticate", bearerChallenge("", "", ""))
			writeJSON(c, http.StatusUnauthorized, obj{{"message", bare}})
			return false
		}
		cl, desc := l.verify(token, c.now)
		if cl == nil {
			bearerError(c, http.StatusUnauthorized, "invalid_token", desc, "")
			return false
		}
		c.claims = cl
		return true
	}
}

// needScope refuses a verified token that lacks scope (RFC 6750 §3.1).
func needScope(scope string) step {
	return func(c *call) bool {
		if c.claims != nil && c.claims.hasScope(scope) {
			return true
		}
		bearerError(c, http.StatusForbidden, "insufficient_scope",
			"The request requires higher privileges than provided by the access token", scope)
		return false
	}
}

// carriesCredential reports whether the request holds any credential: a
// sensitive header or a credential query parameter.
func carriesCredential(r *http.Request) bool {
	for name := range r.Header {
		if authdoctor.SensitiveHeader(name) {
			return true
		}
	}
	for name := range r.URL.Query() {
		if authdoctor.SensitiveParam(name) {
			return true
		}
	}
	return false
}

// httpsRequired is what a production API does on plain HTTP: it refuses
// any request that carries a credential, which has already crossed the
// network in clear.
func httpsRequired(c *call) bool {
	if !carriesCredential(c.r) {
		return true
	}
	writeJSON(c, http.StatusForbidden, obj{{"error", "https_required"}, {"message", "SSL is required"}})
	return false
}

// stripAuthorization is Apache running the app as CGI without CGIPassAuth:
// the header is dropped before the app sees the request.
func stripAuthorization(c *call) bool {
	c.r.Header.Del("Authorization")
	return true
}

// redirect answers 301 to path on the second listener, reached as
// "localhost": another host name, so clients drop Authorization.
func (l *Lab) redirect(path string) step {
	return func(c *call) bool {
		c.w.Header().Set("Location", l.secondURL()+path)
		writeBody(c, http.StatusMovedPermanently, "text/html", []byte(nginxPage("301 Moved Permanently")))
		return false
	}
}

// nginxPage is the page nginx writes for an error status.
func nginxPage(title string) string {
	return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
		"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
}

// parseBasic decodes a Basic credential (RFC 7617) from a header value.
func parseBasic(v string) (user, pass string, ok bool) {
	scheme, rest, found := strings.Cut(v, " ")
	if !found || !strings.EqualFold(scheme, "Basic") {
		return "", "", false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimLeft(rest, " "))
	if err != nil {
		return "", "", false
	}
	return strings.Cut(string(raw), ":")
}

// nginxBasic is nginx auth_basic with realm "Restricted": anything but the
// exact user and password gets nginx's 401 page.
func (l *Lab) nginxBasic(c *call) bool {
	user, pass, ok := parseBasic(c.r.Header.Get("Authorization"))
	if ok && user == l.creds.basicUser && pass == l.creds.basicPassword {
		return true
	}
	c.w.Header().Set("WWW-Authenticate", `Basic realm="Restricted"`)
	writeBody(c, http.StatusUnauthorized, "text/html", []byte(nginxPage("401 Authorization Required")))
	return false
}

// apiKey checks X-API-Key. An absent or empty key gets missing (400 or
// 401, as APIs differ) and neither answer has a challenge.
func (l *Lab) apiKey(missing int) step {
	return func(c *call) bool {
		switch strings.TrimSpace(c.r.Header.Get("X-API-Key")) {
		case "":
			writeJSON(c, missing, obj{{"message", "Missing API key"}})
			return false
		case l.creds.apiKey:
			return true
		}
		writeJSON(c, http.StatusUnauthorized, obj{{"message", "Invalid API key"}})
		return false
	}
}

// express is an Express app with a hand-written JWT middleware: 401 with a
// JSON message and no WWW-Authenticate.
func (l *Lab) express(c *call) bool {
	expressHeaders(c)
	scheme, token, _ := strings.Cut(c.r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		writeJSON(c, http.StatusUnauthorized, obj{{"message", "No token provided"}})
		return false
	}
	cl, _ := l.verify(token, c.now)
	if cl == nil {
		writeJSON(c, http.StatusUnauthorized, obj{{"message", "Invalid token"}})
		return false
	}
	c.claims = cl
	return true
}

// drfToken is Django REST framework's TokenAuthentication: it only reads
// "Authorization: Token <key>"; any other scheme counts as no credentials
// and the 401 challenges with "Token".
func (l *Lab) drfToken(c *call) bool {
	fail := func(detail string) bool {
		c.w.Header().Set("WWW-Authenticate", "Token")
		writeJSON(c, http.StatusUnauthorized, obj{{"detail", detail}})
		return false
	}
	parts := strings.Fields(c.r.Header.Get("Authorization"))
	switch {
	case len(parts) == 0 || !strings.EqualFold(parts[0], "Token"):
		return fail("Authentication credentials were not provided.")
	case len(parts) == 1:
		return fail("Invalid token header. No credentials provided.")
	case len(parts) > 2:
		return fail("Invalid token header. Token string should not contain spaces.")
	case parts[1] != l.creds.drfKey:
		return fail("Invalid token.")
	}
	return true
}

// drfSession is Django REST framework's SessionAuthentication. It has no
// challenge, so a refusal is a 403; it enforces Django's CSRF check on
// unsafe methods once the session is known.
func (l *Lab) drfSession(c *call) bool {
	fail := func(detail string) bool {
		writeJSON(c, http.StatusForbidden, obj{{"detail", detail}})
		return false
	}
	c.w.Header().Set("Allow", "GET, POST, HEAD, OPTIONS")
	if sid, err := c.r.Cookie("sessionid"); err != nil || sid.Value != l.creds.sessionID {
		return fail("Authentication credentials were not provided.")
	}
	if authdoctor.SafeMethod(c.r.Method) {
		return true
	}
	cookie, err := c.r.Cookie("csrftoken")
	if err != nil || cookie.Value == "" {
		return fail("CSRF Failed: CSRF cookie not set.")
	}
	switch c.r.Header.Get("X-CSRFToken") {
	case "":
		return fail("CSRF Failed: CSRF token missing.")
	case cookie.Value:
		return true
	}
	return fail("CSRF Failed: CSRF token incorrect.")
}

// rateLimited is a rate limiter in front of the API: 429 for every request.
func rateLimited(c *call) bool {
	h := c.w.Header()
	h.Set("Retry-After", "30")
	h.Set("X-RateLimit-Limit", "100")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", strconv.FormatInt(c.now.Unix()+30, 10))
	writeJSON(c, http.StatusTooManyRequests, obj{{"error", "rate_limited"}, {"message", "Too many requests. Retry in 30 seconds."}})
	return false
}

// cloudflareChallenge is Cloudflare's managed challenge: a 403 HTML page
// for every request, before the origin sees it.
func cloudflareChallenge(c *call) bool {
	h := c.w.Header()
	h.Set("Server", "cloudflare")
	h.Set("Cf-Mitigated", "challenge")
	h.Set("Cf-Ray", randomString("0123456789abcdef", 16)+"-FRA")
	h.Set("Cache-Control", "private, max-age=0, no-store, no-cache, must-revalidate")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Referrer-Policy", "same-origin")
	writeBody(c, http.StatusForbidden, "text/html; charset=UTF-8", []byte(challengePage))
	return false
}

// challengePage is a bot-protection interstitial in the shape Cloudflare
// serves (its own words, not its markup).
const challengePage = `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>` +
	`<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta name="robots" content="noindex,nofollow">` +
	`</head><body><h1>Checking your browser before accessing the site.</h1>` +
	`<noscript>Enable JavaScript and cookies to continue</noscript></body></html>` + "\n"

// stripeMode is the mode of a Stripe-like host.
type stripeMode string

const (
	stripeTest stripeMode = "test"
	stripeLive stripeMode = "live"
)

// stripeHeaders are on every Stripe-like response.
func stripeHeaders(c *call) bool {
	h := c.w.Header()
	h.Set("Server", "nginx")
	h.Set("Request-Id", "req_"+randomString(alnum, 14))
	h.Set("Cache-Control", "no-cache, no-store")
	h.Set("Access-Control-Allow-Origin", "*")
	return true
}

// writeStripeError answers Stripe's error envelope, pretty-printed as
// Stripe does. A 401 carries Stripe's Basic challenge: Stripe accepts the
// key as a Basic user name as well as a Bearer token.
func writeStripeError(c *call, status int, msg string) {
	if status == http.StatusUnauthorized {
		c.w.Header().Set("WWW-Authenticate", `Basic realm="Stripe"`)
	}
	b, err := json.MarshalIndent(obj{{"error", obj{{"message", msg}, {"type", "invalid_request_error"}}}}, "", "  ")
	if err != nil {
		b = []byte(`{"error":{"type":"api_error"}}`)
	}
	writeBody(c, status, "application/json", append(b, '\n'))
}

// stripeCharges is the charge list a valid secret key gets.
var stripeCharges = reply(http.StatusOK, json.RawMessage(`{"object":"list","data":[],"has_more":false,"url":"/v1/charges"}`))

// stripe checks a Stripe-like secret key for mode. A key is sent as a
// Bearer token or as the Basic user name.
func (l *Lab) stripe(mode stripeMode) step {
	secret, publishable := l.creds.stripeTestSecret, l.creds.stripeTestPublishable
	if mode == stripeLive {
		secret, publishable = l.creds.stripeLiveSecret, ""
	}
	return func(c *call) bool {
		key := stripeKey(c.r.Header.Get("Authorization"))
		switch {
		case key == "":
			writeStripeError(c, http.StatusUnauthorized, "You did not provide an API key. You need to provide your API key "+
				"in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').")
			return false
		case key == secret:
			return true
		case key == publishable:
			writeStripeError(c, http.StatusUnauthorized,
				"This API call cannot be made with a publishable API key. Please use a secret API key.")
			return false
		}
		writeStripeError(c, http.StatusUnauthorized, "Invalid API Key provided: "+maskKey(key))
		return false
	}
}

// stripeKey extracts the key from a Bearer or Basic Authorization value.
func stripeKey(v string) string {
	if user, _, ok := parseBasic(v); ok {
		return user
	}
	scheme, rest, _ := strings.Cut(v, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimLeft(rest, " ")
}

// maskKey hides a key the way Stripe echoes it: the vendor prefix, stars,
// and the last four characters only when enough is hidden.
func maskKey(key string) string {
	prefix := ""
	for _, p := range []string{"sk_test_", "sk_live_", "pk_test_", "pk_live_", "rk_test_", "rk_live_"} {
		if strings.HasPrefix(key, p) {
			prefix = p
			break
		}
	}
	rest := key[len(prefix):]
	if len(rest) <= 8 {
		return prefix + strings.Repeat("*", len(rest))
	}
	return prefix + strings.Repeat("*", len(rest)-4) + rest[len(rest)-4:]
}

// githubUser is the identity behind a GitHub-like token.
type githubUser struct {
	id     int
	scopes string // as in X-OAuth-Scopes
}

// GitHub documentation pages named in the lab's GitHub-like errors.
const (
	docHooks  = "https://docs.github.com/rest/orgs/webhooks#list-organization-webhooks"
	docRepo   = "https://docs.github.com/rest/repos/repos#get-a-repository"
	docIssues = "https://docs.github.com/rest/issues/issues#list-repository-issues"
	docLimits = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"
)

// githubError answers GitHub's error body.
func githubError(c *call, status int, msg, doc string) {
	writeJSON(c, status, obj{{"message", msg}, {"documentation_url", doc}, {"status", strconv.Itoa(status)}})
}

// githubRate sets GitHub's rate-limit headers.
func githubRate(c *call, limit, remaining int) {
	h := c.w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Used", strconv.Itoa(limit-remaining))
	// GitHub's primary limit resets every hour.
	h.Set("X-RateLimit-Reset", strconv.FormatInt(c.now.Truncate(time.Hour).Add(time.Hour).Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
}

// github authenticates like GitHub's REST API: "token X" or "Bearer X";
// an unknown token is 401 "Bad credentials" even on public resources; no
// token is fine on a public resource and 401 "Requires authentication"
// elsewhere. accepted is the scope the endpoint checks.
func (l *Lab) github(public bool, accepted, doc string) step {
	users := map[string]githubUser{
		l.creds.githubRepo:  {id: 1001, scopes: "repo"},
		l.creds.githubAdmin: {id: 1001, scopes: "admin:org_hook, repo"},
	}
	return func(c *call) bool {
		h := c.w.Header()
		h.Set("Server", "github.com")
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("X-GitHub-Media-Type", "github.v3; format=json")
		h.Set("X-GitHub-Request-Id", randomString("0123456789ABCDEF", 4)+":"+randomString("0123456789ABCDEF", 6))
		h.Set("X-Accepted-OAuth-Scopes", accepted)
		h.Set("X-Content-Type-Options", "nosniff")
		scheme, token, _ := strings.Cut(c.r.Header.Get("Authorization"), " ")
		token = strings.TrimSpace(token)
		if !strings.EqualFold(scheme, "token") && !strings.EqualFold(scheme, "Bearer") || token == "" {
			githubRate(c, 60, 59)
			if public {
				return true
			}
			githubError(c, http.StatusUnauthorized, "Requires authentication", doc)
			return false
		}
		u, ok := users[token]
		if !ok {
			githubRate(c, 60, 59)
			githubError(c, http.StatusUnauthorized, "Bad credentials", "https://docs.github.com/rest")
			return false
		}
		h.Set("X-OAuth-Scopes", u.scopes)
		githubRate(c, 5000, 4999)
		c.github = &u
		return true
	}
}

// githubScope refuses a token without scope the way GitHub does.
func githubScope(scope, doc string) step {
	return func(c *call) bool {
		if c.github != nil && strings.Contains(", "+c.github.scopes+",", " "+scope+",") {
			return true
		}
		githubError(c, http.StatusForbidden, "Resource not accessible by personal access token", doc)
		return false
	}
}

// githubIPAllowList is an organisation with an IP allow list: anonymous
// reads of its public repositories work, authenticated ones are refused.
func githubIPAllowList(org, doc string) step {
	return func(c *call) bool {
		if c.github == nil {
			return true
		}
		githubError(c, http.StatusForbidden, "Although you appear to have the correct authorization credentials, the `"+org+
			"` organization has an IP allow list enabled, and your IP address is not permitted to access this resource.", doc)
		return false
	}
}

// githubRateLimited is GitHub's primary rate limit, spent both for the
// user and for the anonymous caller's address.
func githubRateLimited(c *call) bool {
	if c.github == nil {
		githubRate(c, 60, 0)
		githubError(c, http.StatusForbidden, "API rate limit exceeded for "+hostname(c.r.RemoteAddr)+
			". (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)", docLimits)
		return false
	}
	githubRate(c, 5000, 0)
	githubError(c, http.StatusForbidden, fmt.Sprintf("API rate limit exceeded for user ID %d.", c.github.id), docLimits)
	return false
}
