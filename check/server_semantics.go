package check

import (
	"net/http"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// statusSemantic is one server's narrower meaning of a status.
type statusSemantic struct {
	// Server names it for evidence.
	Server string
	// Header and Contains recognise the server's answers.
	Header, Contains string
	// NoUser401 is set when the server answers 401 only when no user was
	// authenticated and 403 once one is: its 401 says the credential never
	// counted, whatever the words ("Sorry, you are not allowed to create
	// posts" is rest_cannot_create's text for both).
	NoUser401 bool
	// BasicNeedsTLS is set when the server does not read Basic
	// credentials that come over plain http.
	BasicNeedsTLS bool
	// Source says where the behaviour is documented.
	Source string
}

// statusSemantics is what some servers mean by a status, where it is
// narrower than RFC 9110's. Each entry is recognised from the answer
// itself (a header it always sends), never from the host name.
var statusSemantics = []statusSemantic{
	{Server: "the WordPress REST API", Header: "Link", Contains: `rel="https://api.w.org/"`, NoUser401: true, BasicNeedsTLS: true,
		Source: "WordPress rest_authorization_required_code(): 401 when no user is logged in, 403 otherwise; " +
			"wp_is_application_passwords_available(): application passwords (Basic) only over HTTPS; " +
			"WooCommerce REST API docs, \"Authentication over HTTP\": Basic only over HTTPS, OAuth 1.0a over HTTP"},
}

// BasicNeedsTLS names the server when e comes from a server that does not
// read Basic credentials sent over plain http; "" otherwise.
func BasicNeedsTLS(e *authdoctor.Exchange) string {
	if e == nil {
		return ""
	}
	return semanticServer(e.Header, func(s statusSemantic) bool { return s.BasicNeedsTLS })
}

// NoUser401 names the server when the final answer is a 401 from a server
// whose 401 means that no user was authenticated; "" otherwise.
func (in *Input) NoUser401() string {
	f := in.Final()
	if f == nil || f.Status != 401 {
		return ""
	}
	return semanticServer(f.Header, func(s statusSemantic) bool { return s.NoUser401 })
}

// semanticServer names the first server of statusSemantics that has the
// behaviour and whose answers h looks like; "" when none.
func semanticServer(h http.Header, has func(statusSemantic) bool) string {
	for _, s := range statusSemantics {
		if !has(s) {
			continue
		}
		for _, v := range h.Values(s.Header) {
			if strings.Contains(v, s.Contains) {
				return s.Server
			}
		}
	}
	return ""
}
