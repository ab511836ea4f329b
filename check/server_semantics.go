package check

import (
	"strings"

	"github.com/authdoctor/authdoctor"
)

// statusSemantics is what some servers mean by a status, where it is
// narrower than RFC 9110's. Each entry is recognised from the answer
// itself (a header it always sends), never from the host name.
var statusSemantics = []struct {
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
}{
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
	for _, s := range statusSemantics {
		if !s.BasicNeedsTLS {
			continue
		}
		for _, v := range e.Header.Values(s.Header) {
			if strings.Contains(v, s.Contains) {
				return s.Server
			}
		}
	}
	return ""
}

// NoUser401 names the server when the final answer is a 401 from a server
// whose 401 means that no user was authenticated; "" otherwise.
func (in *Input) NoUser401() string {
	f := in.Final()
	if f == nil || f.Status != 401 {
		return ""
	}
	for _, s := range statusSemantics {
		if !s.NoUser401 {
			continue
		}
		for _, v := range f.Header.Values(s.Header) {
			if strings.Contains(v, s.Contains) {
				return s.Server
			}
		}
	}
	return ""
}
