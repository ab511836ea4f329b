package probe

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// Clients returns the clients whose redirect policy is modelled, in the
// order reports list them. The slice is new on every call.
func Clients() []authdoctor.Client {
	return []authdoctor.Client{authdoctor.ClientGo, authdoctor.ClientCurl, authdoctor.ClientRequests, authdoctor.ClientBrowser}
}

// KeepsAuthorization reports whether client c sends the Authorization
// header it was given on the initial request to the redirect target to,
// reached from the hop from. strippedBefore says that the client already
// dropped the header on an earlier hop of the same chain. Unknown clients
// and nil URLs give false. The rules (shared reference root-causes §B):
//
//   - go (net/http since 1.22.1 and 1.23.5): keep when the target host name
//     equals the initial request's or is a subdomain of it; scheme and port
//     are ignored; once stripped it stays stripped (CVE-2024-45336). Host
//     names are compared byte for byte, as net/http does.
//   - curl (7.58 and later, without --location-trusted): keep only when the
//     scheme, host name and port all equal the initial request's. curl
//     decides each hop afresh, so strippedBefore does not matter.
//   - python-requests (should_strip_auth): compared with the previous hop,
//     strip when the host name differs; keep http:80 → https:443 on the
//     same host; strip any other scheme or port change; once stripped it
//     stays stripped.
//   - browser (Fetch, HTTP-redirect fetch step): strip on any cross-origin
//     hop from the previous URL; once stripped it stays stripped.
func KeepsAuthorization(c authdoctor.Client, initial, from, to *url.URL, strippedBefore bool) bool {
	if initial == nil || from == nil || to == nil {
		return false
	}
	switch c {
	case authdoctor.ClientGo:
		return !strippedBefore && isDomainOrSubdomain(to.Hostname(), initial.Hostname())
	case authdoctor.ClientCurl:
		return sameOrigin(initial, to)
	case authdoctor.ClientRequests:
		return !strippedBefore && requestsKeeps(from, to)
	case authdoctor.ClientBrowser:
		return !strippedBefore && sameOrigin(from, to)
	}
	return false
}

// isDomainOrSubdomain reports whether sub equals parent or ends in
// "."+parent. A name holding ':' or '%' is an IPv6 address (maybe with a
// zone) and only matches exactly.
func isDomainOrSubdomain(sub, parent string) bool {
	if sub == parent {
		return true
	}
	if parent == "" || strings.ContainsAny(sub, ":%") {
		return false
	}
	return strings.HasSuffix(sub, "."+parent)
}

// requestsKeeps is python-requests' should_strip_auth, negated.
func requestsKeeps(prev, next *url.URL) bool {
	if !strings.EqualFold(prev.Hostname(), next.Hostname()) {
		return false
	}
	op, np := portNumber(prev.Port()), portNumber(next.Port())
	if prev.Scheme == "http" && (op == "" || op == "80") && next.Scheme == "https" && (np == "" || np == "443") {
		return true
	}
	changedScheme := prev.Scheme != next.Scheme
	def := defaultPort(prev.Scheme)
	if !changedScheme && (op == "" || op == def) && (np == "" || np == def) {
		return true
	}
	return op == np && !changedScheme
}

// sameOrigin reports whether a and b have the same scheme, host name
// (case-insensitively) and effective port (RFC 6454).
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) &&
		effectivePort(a) == effectivePort(b)
}

// effectivePort is the URL's port, or the scheme's default when it names
// none: 80 for http, 443 for https.
func effectivePort(u *url.URL) string {
	if p := portNumber(u.Port()); p != "" {
		return p
	}
	return defaultPort(u.Scheme)
}

// defaultPort is the port a scheme implies, or "".
func defaultPort(scheme string) string {
	switch strings.ToLower(scheme) {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}

// portNumber normalises a decimal port ("0443" → "443"); anything else is
// returned as it is.
func portNumber(p string) string {
	if n, err := strconv.ParseUint(p, 10, 16); err == nil {
		return strconv.FormatUint(n, 10)
	}
	return p
}
