package lab

import (
	"net/http"
	"strconv"
)

// proxyRealm is the realm of the lab proxy's challenge.
const proxyRealm = "corp-proxy"

// serveProxy is a corporate forward proxy in the shape of Squid: every
// request without the proxy's own credentials gets 407 with a
// Proxy-Authenticate challenge (RFC 9110 §11.7.1) and never reaches the
// API. With the right Proxy-Authorization it forwards plain-HTTP requests
// for the main lab listener (and nothing else: the lab never proxies to
// the outside world). It does not tunnel CONNECT.
func (l *Lab) serveProxy(w http.ResponseWriter, r *http.Request) {
	l.hit(r.URL.Path)
	w.Header().Set("Via", "1.1 "+proxyRealm+" (squid/6.10)")
	if r.Method != http.MethodConnect && l.proxyAuthorized(r) && r.URL.IsAbs() &&
		r.URL.Scheme == "http" && r.URL.Port() == strconv.Itoa(l.mainPort) {
		fwd := r.Clone(r.Context())
		// Proxy-Authorization is hop-by-hop: it is for this proxy only
		// (RFC 9110 §11.7.2).
		fwd.Header.Del("Proxy-Authorization")
		fwd.Header.Del("Proxy-Connection")
		l.serve(w, fwd, l.mainSite)
		return
	}
	h := w.Header()
	h.Set("Server", "squid/6.10")
	h.Set("Proxy-Authenticate", `Basic realm="`+proxyRealm+`"`)
	h.Set("X-Squid-Error", "ERR_CACHE_ACCESS_DENIED 0")
	h.Set("X-Cache", "MISS from "+proxyRealm)
	h.Set("Date", l.now().UTC().Format(http.TimeFormat))
	writeBody(&call{l: l, w: w, r: r}, http.StatusProxyAuthRequired, "text/html;charset=utf-8", []byte(squidPage))
}

// proxyAuthorized reports whether r carries the proxy's Basic credentials.
func (l *Lab) proxyAuthorized(r *http.Request) bool {
	user, pass, ok := parseBasic(r.Header.Get("Proxy-Authorization"))
	return ok && user == l.creds.proxyUser && pass == l.creds.proxyPassword
}

// proxyURL is the URL to pass to --proxy.
func (l *Lab) proxyURL() string { return l.base("http", l.host, l.proxyPort) }

// squidPage is the page a proxy shows when it wants credentials.
const squidPage = `<!DOCTYPE html><html><head><title>ERROR: Cache Access Denied</title></head><body>` +
	`<h1>ERROR</h1><h2>Cache Access Denied.</h2>` +
	`<p>Sorry, you are not currently allowed to request this URL from this cache until you have authenticated yourself.</p>` +
	`<p>Your cache administrator is the corp-proxy team.</p></body></html>` + "\n"
