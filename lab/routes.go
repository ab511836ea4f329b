package lab

import (
	"encoding/json"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"
)

// site names a virtual host of the lab.
type site string

// The lab's sites.
const (
	// siteAPI is the lab API: the main and second HTTP listeners, the
	// untrusted HTTPS listener, and api.lab.test / 127.0.0.1 on the HTTPS
	// listener.
	siteAPI site = "api"
	// siteSandbox and siteLive are the Stripe-like test and live hosts on
	// the HTTPS listener.
	siteSandbox site = sandboxHost
	siteLive    site = liveHost
)

// A resolver picks the site that serves a request's host name and the
// gates that run before routing; ok is false for a host the listener does
// not serve.
type resolver func(hostname string) (s site, gates []step, ok bool)

// apiOnly serves the lab API whatever the host.
func apiOnly(string) (site, []step, bool) { return siteAPI, nil, true }

// mainSite serves the lab API; reached as api.lab.test (with --resolve) it
// behaves like a production API on plain HTTP and refuses credentials.
func (l *Lab) mainSite(h string) (site, []step, bool) {
	if h == apiHost {
		return siteAPI, []step{httpsRequired}, true
	}
	return siteAPI, nil, true
}

// tlsSite routes the HTTPS listener by Host header.
func (l *Lab) tlsSite(h string) (site, []step, bool) {
	switch h {
	case sandboxHost:
		return siteSandbox, nil, true
	case liveHost:
		return siteLive, nil, true
	case apiHost, "127.0.0.1", "localhost", l.host:
		return siteAPI, nil, true
	}
	return "", nil, false
}

// route is one entry of the routing table: a path on a site, the methods
// it allows and the steps that answer it, in order.
type route struct {
	site site
	path string
	// methods allowed; nil means GET (and HEAD).
	methods []string
	// skew is how far this server's clock runs ahead of the lab clock.
	skew  time.Duration
	steps []step
}

// allows reports whether the route accepts method m; GET implies HEAD.
func (rt *route) allows(m string) bool {
	ms := rt.allowed()
	return slices.Contains(ms, m)
}

func (rt *route) allowed() []string {
	ms := rt.methods
	if ms == nil {
		ms = []string{http.MethodGet}
	}
	if slices.Contains(ms, http.MethodGet) && !slices.Contains(ms, http.MethodHead) {
		ms = append(slices.Clone(ms), http.MethodHead)
	}
	return ms
}

// call is one request going through the steps of a route.
type call struct {
	l   *Lab
	w   http.ResponseWriter
	r   *http.Request
	now time.Time // the server's clock: the lab clock plus the route's skew
	// claims are set by a step that verified an access token.
	claims *claims
	// github is set by the GitHub-like step for a known token.
	github *githubUser
}

// A step handles one stage of a request. It either answers and returns
// false, or returns true to let the next step run.
type step func(c *call) bool

// routeTable is the lab's one routing table, indexed by site and path.
func (l *Lab) routeTable() map[site]map[string]*route {
	t := map[site]map[string]*route{}
	for _, rt := range l.routeList() {
		if t[rt.site] == nil {
			t[rt.site] = map[string]*route{}
		}
		t[rt.site][rt.path] = &rt
	}
	return t
}

// routeList is every endpoint of the lab. Each server kind is built from
// the same small steps (steps.go); the scenarios in scenario.go point at
// these paths.
func (l *Lab) routeList() []route {
	bearer := l.bearer("Authentication required")
	orders := reply(http.StatusOK, ordersJSON)
	return []route{
		// The lab's authorization server (oauth.go): metadata under both
		// well-known names, the key set that verifies lab tokens, and the
		// token, introspection and revocation endpoints.
		{site: siteAPI, path: pathOIDC, steps: []step{l.metadata}},
		{site: siteAPI, path: pathOAuthMetadata, steps: []step{l.metadata}},
		{site: siteAPI, path: pathJWKS, steps: []step{l.jwksDocument}},
		{site: siteAPI, path: pathToken, methods: []string{http.MethodPost}, steps: []step{l.token}},
		{site: siteAPI, path: pathIntrospect, methods: []string{http.MethodPost}, steps: []step{l.introspect}},
		{site: siteAPI, path: pathRevoke, methods: []string{http.MethodPost}, steps: []step{l.revoke}},
		// A second tenant on the same host: OpenID Connect discovery
		// appends the well-known path to the issuer, RFC 8414 §3.1 inserts
		// it before the issuer's path (with or without its trailing slash).
		{site: siteAPI, path: strings.TrimSuffix(otherTenant, "/") + pathOIDC, steps: []step{l.otherTenantMetadata}},
		{site: siteAPI, path: pathOAuthMetadata + otherTenant, steps: []step{l.otherTenantMetadata}},
		{site: siteAPI, path: pathOAuthMetadata + strings.TrimSuffix(otherTenant, "/"), steps: []step{l.otherTenantMetadata}},

		// The lab's OAuth 2.0 resource server (RFC 6750).
		{site: siteAPI, path: "/api/orders", steps: []step{bearer, orders}},
		{site: siteAPI, path: "/api/orders/export", methods: []string{http.MethodPost},
			steps: []step{bearer, reply(http.StatusAccepted, json.RawMessage(`{"export":"queued"}`))}},
		{site: siteAPI, path: "/api/admin/users", steps: []step{bearer, needScope(adminScope),
			reply(http.StatusOK, json.RawMessage(`{"users":[{"id":"user-1001","role":"admin"}]}`))}},
		{site: siteAPI, path: "/api/projects/7", steps: []step{bearer,
			reply(http.StatusOK, json.RawMessage(`{"id":7,"name":"storefront"}`))}},
		{site: siteAPI, path: "/api/projects/42", steps: []step{bearer,
			reply(http.StatusForbidden, json.RawMessage(`{"error":"forbidden","message":"You do not have access to this project"}`))}},
		// A server that answers a permission refusal with 401, not 403.
		{site: siteAPI, path: "/api/reports/export", steps: []step{bearer,
			reply(http.StatusUnauthorized, json.RawMessage(`{"error":"forbidden","message":"User lacks permission to export reports"}`))}},
		{site: siteAPI, path: "/api/stats", steps: []step{bearer,
			reply(http.StatusInternalServerError, json.RawMessage(`{"error":"internal"}`))}},
		{site: siteAPI, path: "/api/inventory", steps: []step{bearer,
			reply(http.StatusConflict, json.RawMessage(`{"error":"conflict"}`))}},
		// A rate limiter in front of the API answers before auth runs.
		{site: siteAPI, path: "/api/search", steps: []step{rateLimited}},
		// A server whose clock runs 10 minutes fast.
		{site: siteAPI, path: "/skewed/orders", skew: 10 * time.Minute, steps: []step{bearer, orders}},
		// A legacy endpoint that checks nothing.
		{site: siteAPI, path: "/legacy/orders", steps: []step{reply(http.StatusOK, json.RawMessage(`{"orders":[]}`))}},
		// An old URL moved to another host name.
		{site: siteAPI, path: "/old/orders", steps: []step{nginxHeaders, l.redirect("/api/orders")}},

		// Apache running the app as CGI without CGIPassAuth: the app never
		// sees Authorization.
		{site: siteAPI, path: "/php/orders", steps: []step{apacheHeaders, stripAuthorization, l.bearer("Unauthenticated."), orders}},
		// An Express app that answers 401 without a challenge.
		{site: siteAPI, path: "/express/orders", steps: []step{l.express, orders}},
		// Django REST framework: TokenAuthentication, then
		// SessionAuthentication with its CSRF check.
		{site: siteAPI, path: "/drf/orders", steps: []step{djangoHeaders, l.drfToken, orders}},
		{site: siteAPI, path: "/app/orders", methods: []string{http.MethodGet, http.MethodPost},
			steps: []step{djangoHeaders, l.drfSession,
				onMethod(http.MethodPost, reply(http.StatusCreated, json.RawMessage(`{"id":"ord_1003","status":"pending"}`))),
				orders}},
		// nginx auth_basic in front of an app.
		{site: siteAPI, path: "/admin/status", steps: []step{nginxHeaders, l.nginxBasic,
			reply(http.StatusOK, json.RawMessage(`{"status":"ok"}`))}},
		// API-key APIs: one answers a missing key with 400, one with 401.
		{site: siteAPI, path: "/catalog/items", steps: []step{l.apiKey(http.StatusBadRequest),
			reply(http.StatusOK, json.RawMessage(`{"items":[{"sku":"LAB-1","stock":12}]}`))}},
		{site: siteAPI, path: "/reports/daily", steps: []step{l.apiKey(http.StatusUnauthorized),
			reply(http.StatusOK, json.RawMessage(`{"report":"daily","rows":3}`))}},
		// Stripe-like charges: test mode on the lab API and the sandbox
		// host, live mode on the live host.
		{site: siteAPI, path: "/v1/charges", steps: []step{stripeHeaders, l.stripe(stripeTest), stripeCharges}},
		{site: siteSandbox, path: "/v1/charges", steps: []step{stripeHeaders, l.stripe(stripeTest), stripeCharges}},
		{site: siteLive, path: "/v1/charges", steps: []step{stripeHeaders, l.stripe(stripeLive), stripeCharges}},
		// GitHub-like REST API.
		{site: siteAPI, path: "/gh/orgs/acme/hooks", steps: []step{
			l.github(false, "admin:org_hook", docHooks), githubScope("admin:org_hook", docHooks),
			reply(http.StatusOK, json.RawMessage(`[]`))}},
		{site: siteAPI, path: "/gh/repos/acme/widgets", steps: []step{
			l.github(true, "repo", docRepo), githubIPAllowList("acme", docRepo),
			reply(http.StatusOK, json.RawMessage(`{"id":1296269,"name":"widgets","full_name":"acme/widgets","private":false}`))}},
		{site: siteAPI, path: "/gh/repos/acme/widgets/issues", steps: []step{
			l.github(true, "repo", docIssues), githubRateLimited, reply(http.StatusOK, json.RawMessage(`[]`))}},
		// Cloudflare bot protection in front of a shop.
		{site: siteAPI, path: "/shop/orders", steps: []step{cloudflareChallenge}},
	}
}

// listener is the handler of an HTTP listener: it counts the hit and
// serves the request on the site res picks.
func (l *Lab) listener(res resolver) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.hit(r.URL.Path)
		l.serve(w, r, res)
	})
}

// serve routes one request: site, gates, route, method, steps.
func (l *Lab) serve(w http.ResponseWriter, r *http.Request, res resolver) {
	s, gates, ok := res(hostname(r.Host))
	var rt *route
	if ok {
		rt = l.routes[s][r.URL.Path]
	}
	now := l.now()
	if rt != nil {
		now = now.Add(rt.skew)
	}
	// The Date header tells the client the server's clock (RFC 9110 §6.6.1);
	// it follows the lab clock, not the wall clock.
	w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
	c := &call{l: l, w: w, r: r, now: now}
	if !ok {
		writeJSON(c, http.StatusMisdirectedRequest, json.RawMessage(`{"error":"misdirected_request","message":"This server does not serve this host name"}`))
		return
	}
	for _, g := range gates {
		if !g(c) {
			return
		}
	}
	if rt == nil {
		notFound(c, s)
		return
	}
	if !rt.allows(r.Method) {
		allow := rt.allowed()
		c.w.Header().Set("Allow", strings.Join(allow, ", "))
		writeJSON(c, http.StatusMethodNotAllowed, obj{
			{"error", "method_not_allowed"},
			{"message", "Method " + r.Method + " is not allowed here; use " + strings.Join(allow, " or ")},
		})
		return
	}
	for _, st := range rt.steps {
		if !st(c) {
			return
		}
	}
	// Every route ends with a step that answers; reaching here is a bug in
	// the table.
	writeJSON(c, http.StatusInternalServerError, json.RawMessage(`{"error":"internal"}`))
}

// notFound answers 404 in the style of the site, for every request.
func notFound(c *call, s site) {
	if s == siteSandbox || s == siteLive {
		stripeHeaders(c)
		writeStripeError(c, http.StatusNotFound, "Unrecognized request URL ("+c.r.Method+": "+c.r.URL.Path+
			"). Please see the API reference for the URLs this server serves.")
		return
	}
	writeJSON(c, http.StatusNotFound, json.RawMessage(`{"error":"not_found","message":"No such endpoint"}`))
}

// hostname is the lower-cased host of a Host header, without port or
// trailing dot.
func hostname(hostport string) string {
	h := hostport
	if host, _, err := net.SplitHostPort(hostport); err == nil {
		h = host
	}
	return strings.TrimSuffix(strings.ToLower(h), ".")
}
