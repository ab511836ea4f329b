package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/authdoctor/authdoctor"
)

// The messages below are built from parts the probe knows are safe: host
// names, ports, limits, certificate names and dates. An error's own text is
// never copied, because net/http quotes the URL (and its query) in it and
// some errors quote response or header bytes.

// proxyConnectError is a proxy's refusal of a CONNECT tunnel.
type proxyConnectError struct{ status int }

func (e *proxyConnectError) Error() string {
	return "proxy refused CONNECT: " + strconv.Itoa(e.status)
}

// validateFields refuses a header Go would refuse to send, naming the
// field and the offending byte, never the value (a trailing newline in a
// token is the usual case, root causes C01). The rules are RFC 9110 §5.1
// (field names are tokens) and §5.5 (no control bytes but HTAB in values),
// the ones net/http applies.
func validateFields(fields []authdoctor.Field) *authdoctor.TransportError {
	for i, f := range fields {
		if off, ok := badNameByte(f.Name); !ok {
			msg := fmt.Sprintf("header number %d has an empty name", i+1)
			if off >= 0 {
				msg = fmt.Sprintf("header number %d has a name Go refuses to send: %s at byte offset %d of the name",
					i+1, byteKind(f.Name[off]), off)
			}
			return &authdoctor.TransportError{Phase: authdoctor.PhaseHeader, Message: msg,
				Hint: "a header name is letters, digits and - only; check for a missing colon or a stray space"}
		}
		v := f.Value.Reveal()
		for j := 0; j < len(v); j++ {
			if b := v[j]; (b < ' ' && b != '\t') || b == 0x7f {
				return &authdoctor.TransportError{Phase: authdoctor.PhaseHeader,
					Message: fmt.Sprintf("Go refuses to send the %s header: its value has %s at byte offset %d (the value is %d bytes long)",
						f.Name, byteKind(b), j, len(v)),
					Hint: headerHint(b, j, len(v), f)}
			}
		}
	}
	return nil
}

// badNameByte returns the offset of the first byte of name that is not a
// token character, -1 and false for an empty name, and true when the name
// is valid.
func badNameByte(name string) (int, bool) {
	if name == "" {
		return -1, false
	}
	for i := 0; i < len(name); i++ {
		if !isTokenByte(name[i]) {
			return i, false
		}
	}
	return 0, true
}

// isTokenByte reports whether b is a tchar (RFC 9110 §5.6.2).
func isTokenByte(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0
}

// validToken reports whether s is a non-empty token (a method name).
func validToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isTokenByte(s[i]) {
			return false
		}
	}
	return true
}

// byteKind names a byte without showing the text around it.
func byteKind(b byte) string {
	switch b {
	case '\r':
		return "a carriage return (CR)"
	case '\n':
		return "a line feed (LF)"
	case 0:
		return "a NUL byte"
	case ' ':
		return "a space"
	}
	if b < ' ' || b == 0x7f {
		return fmt.Sprintf("a control character (0x%02X)", b)
	}
	if b >= 0x80 {
		return "a non-ASCII byte"
	}
	return fmt.Sprintf("the character %q", rune(b))
}

// headerHint says where a bad byte usually comes from.
func headerHint(b byte, off, n int, f authdoctor.Field) string {
	from := "where the value is read"
	if f.Source != "" {
		from = "in " + f.Source
	}
	if (b == '\n' || b == '\r') && off >= n-2 {
		return "the value ends with a newline, usually from a token file or an echo; strip it " + from + " (for example: tr -d '\\r\\n' < token.txt)"
	}
	return "remove the control character " + from + "; a token never contains one"
}

// classify turns a transport error into a TransportError. u is the hop's
// URL and tr its trace, which says how far the exchange got.
func (s *Sender) classify(c *chain, err error, u *url.URL, tr *hopTrace) *authdoctor.TransportError {
	host := u.Hostname()
	addr := net.JoinHostPort(host, effectivePort(u))
	st := tr.current()

	if perr := c.parent.Err(); perr != nil {
		if errors.Is(perr, context.Canceled) {
			return &authdoctor.TransportError{Phase: authdoctor.PhaseCancelled,
				Message: "the probe was interrupted before " + addr + " answered"}
		}
		return &authdoctor.TransportError{Phase: authdoctor.PhaseTimeout,
			Message: "the caller's deadline passed " + stageWords(st, addr),
			Hint:    "allow more time, or check why " + addr + " is slow"}
	}

	if pe, ok := errors.AsType[*proxyConnectError](err); ok {
		return proxyStatusError(pe.status, s.proxyAddr(), addr)
	}

	if errors.Is(c.ctx.Err(), context.DeadlineExceeded) {
		msg := fmt.Sprintf("the probe took longer than %s (the limit for the whole probe, redirects included); it stopped %s",
			s.cfg.Timeout, stageWords(st, addr))
		return &authdoctor.TransportError{Phase: authdoctor.PhaseTimeout, Message: msg,
			Hint: "the server or the network is slow or hangs; raise the timeout only if the service is known to be slow"}
	}

	if terr := goHeaderRefusal(err); terr != nil {
		return terr
	}

	de, isDial := errors.AsType[*dialError](err)
	viaProxy := isDial && s.cfg.Proxy != nil && strings.EqualFold(de.addr, s.proxyAddr())
	if viaProxy {
		return s.proxyDialError(err)
	}

	if dnsErr, ok := errors.AsType[*net.DNSError](err); ok {
		return s.dnsError(dnsErr, host)
	}

	if terr := s.tlsError(err, host, addr); terr != nil {
		return terr
	}

	if isDial {
		return s.connectError(err, de.addr)
	}

	if isTimeout(err) {
		switch st {
		case stageTLS:
			return &authdoctor.TransportError{Phase: authdoctor.PhaseTimeout,
				Message: fmt.Sprintf("the TLS handshake with %s did not finish within %s", addr, s.cfg.TLSTimeout),
				Hint:    "something accepts the connection but does not speak TLS in time: a firewall, a wrong port, or an overloaded server"}
		case stageWrite, stageWait:
			return &authdoctor.TransportError{Phase: authdoctor.PhaseTimeout,
				Message: fmt.Sprintf("%s sent no response header within %s of getting the request", addr, s.cfg.HeaderTimeout),
				Hint:    "the server accepted the request but did not answer; check its logs, or whether the endpoint is very slow"}
		}
		return &authdoctor.TransportError{Phase: authdoctor.PhaseTimeout,
			Message: "the exchange with " + addr + " timed out " + stageWords(st, addr),
			Hint:    "check the network path to " + addr}
	}

	return s.responseError(err, st, addr)
}

// stageWords says in words where an exchange with addr stopped.
func stageWords(st stage, addr string) string {
	switch st {
	case stageDNS:
		return "while looking up the name of " + addr
	case stageConnect:
		return "while connecting to " + addr
	case stageTLS:
		return "during the TLS handshake with " + addr
	case stageWrite:
		return "while sending the request to " + addr
	case stageWait:
		return "while waiting for " + addr + " to answer"
	case stageHeader:
		return "while reading the response header from " + addr
	case stageBody:
		return "while reading the response body from " + addr
	}
	return "before reaching " + addr
}

// goHeaderRefusal maps net/http's own refusal of a header ("invalid header
// field value for %q"), in case validateFields let something through. Only
// the quoted field name is taken from the text.
func goHeaderRefusal(err error) *authdoctor.TransportError {
	msg := innerText(err)
	for _, pre := range []string{"invalid header field value for ", "invalid header field name "} {
		_, rest, ok := strings.Cut(msg, pre)
		if !ok {
			continue
		}
		what := "a header"
		if name, err := strconv.Unquote(rest); err == nil && validToken(name) && strings.HasPrefix(pre, "invalid header field value") {
			what = "the " + name + " header"
		}
		return &authdoctor.TransportError{Phase: authdoctor.PhaseHeader,
			Message: "Go refuses to send " + what + ": it holds a byte a header may not contain",
			Hint:    "look for a trailing newline or another control character where the value is read"}
	}
	if strings.Contains(msg, "invalid Host header") {
		return &authdoctor.TransportError{Phase: authdoctor.PhaseHeader,
			Message: "Go refuses to send the Host header: it is not a valid host name",
			Hint:    "set Host to a plain host name, optionally with :port"}
	}
	return nil
}

// innerText is the text of the error below a *url.Error, which is the only
// layer that quotes the URL. It is matched against known phrases and never
// shown.
func innerText(err error) string {
	if ue, ok := errors.AsType[*url.Error](err); ok && ue.Err != nil {
		return ue.Err.Error()
	}
	return err.Error()
}

// dnsError maps a failed name lookup.
func (s *Sender) dnsError(e *net.DNSError, host string) *authdoctor.TransportError {
	name := e.Name
	if name == "" {
		name = host
	}
	hint := "check the spelling of " + name + ", your network, VPN and DNS settings (try: nslookup " + name + ")"
	switch {
	case e.IsTimeout:
		return &authdoctor.TransportError{Phase: authdoctor.PhaseTimeout,
			Message: fmt.Sprintf("looking up the name %s took longer than %s", name, s.cfg.DialTimeout), Hint: hint}
	case e.IsNotFound:
		return &authdoctor.TransportError{Phase: authdoctor.PhaseDNS,
			Message: "the name " + name + " does not resolve: no such host", Hint: hint}
	}
	return &authdoctor.TransportError{Phase: authdoctor.PhaseDNS,
		Message: "the name " + name + " could not be looked up (the DNS server did not give an answer)", Hint: hint}
}

// connectError maps a failed TCP connect to addr.
func (s *Sender) connectError(err error, addr string) *authdoctor.TransportError {
	switch {
	case isTimeout(err):
		return &authdoctor.TransportError{Phase: authdoctor.PhaseTimeout,
			Message: fmt.Sprintf("connecting to %s took longer than %s", addr, s.cfg.DialTimeout),
			Hint:    "a firewall may drop the packets, or the host is down; check the host, the port and your network"}
	case errors.Is(err, syscall.ECONNREFUSED):
		return &authdoctor.TransportError{Phase: authdoctor.PhaseConnect,
			Message: "nothing listens on " + addr + ": the connection was refused",
			Hint:    "check the port, and that the service is running on that host"}
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return &authdoctor.TransportError{Phase: authdoctor.PhaseConnect,
			Message: "there is no route to " + addr,
			Hint:    "check the network, VPN and the address"}
	}
	return &authdoctor.TransportError{Phase: authdoctor.PhaseConnect,
		Message: "could not connect to " + addr,
		Hint:    "check the host, the port and your network"}
}

// proxyAddr is the host:port of the configured proxy, or "".
func (s *Sender) proxyAddr() string {
	if s.cfg.Proxy == nil {
		return ""
	}
	return net.JoinHostPort(s.cfg.Proxy.Hostname(), effectivePort(s.cfg.Proxy))
}

// proxyDialError maps a failure to reach the proxy itself.
func (s *Sender) proxyDialError(err error) *authdoctor.TransportError {
	p := s.proxyAddr()
	hint := "check the proxy address, and whether you need a proxy at all on this network"
	switch {
	case isTimeout(err):
		return &authdoctor.TransportError{Phase: authdoctor.PhaseProxy,
			Message: fmt.Sprintf("connecting to the proxy at %s took longer than %s", p, s.cfg.DialTimeout), Hint: hint}
	case errors.Is(err, syscall.ECONNREFUSED):
		return &authdoctor.TransportError{Phase: authdoctor.PhaseProxy,
			Message: "nothing listens on " + p + ", the proxy's address: the connection was refused", Hint: hint}
	}
	if _, ok := errors.AsType[*net.DNSError](err); ok {
		return &authdoctor.TransportError{Phase: authdoctor.PhaseProxy,
			Message: "the proxy's name in " + p + " does not resolve", Hint: hint}
	}
	return &authdoctor.TransportError{Phase: authdoctor.PhaseProxy,
		Message: "could not connect to the proxy at " + p, Hint: hint}
}

// proxyStatusError maps a proxy's answer other than 200 to a CONNECT.
func proxyStatusError(status int, proxy, target string) *authdoctor.TransportError {
	if status == http.StatusProxyAuthRequired {
		return &authdoctor.TransportError{Phase: authdoctor.PhaseProxy,
			Message: "the proxy at " + proxy + " wants credentials before it opens a tunnel to " + target + " (407 Proxy Authentication Required)",
			Hint:    "give the proxy its credentials in the proxy URL (http://user:password@proxy:port), or check that this network needs the proxy"}
	}
	return &authdoctor.TransportError{Phase: authdoctor.PhaseProxy,
		Message: fmt.Sprintf("the proxy at %s refused to open a tunnel to %s (status %d)", proxy, target, status),
		Hint:    "the proxy may block this host or port; ask its administrator, or try without the proxy"}
}

// tlsError maps handshake and certificate failures, or returns nil.
func (s *Sender) tlsError(err error, host, addr string) *authdoctor.TransportError {
	insecureHint := "; -k skips verification while you diagnose, never in production"
	if _, ok := errors.AsType[x509.UnknownAuthorityError](err); ok {
		return &authdoctor.TransportError{Phase: authdoctor.PhaseTLS,
			Message: "the certificate is signed by an authority this machine does not trust (self-signed or private CA)",
			Hint:    "give the probe the CA certificate that signed it (RootCAs)" + insecureHint}
	}
	if he, ok := errors.AsType[x509.HostnameError](err); ok {
		return &authdoctor.TransportError{Phase: authdoctor.PhaseTLS,
			Message: "the certificate of " + addr + " is not valid for " + host + ": it is valid for " + certNames(he.Certificate),
			Hint:    "use a host name the certificate covers, or fix the certificate" + insecureHint}
	}
	if ce, ok := errors.AsType[x509.CertificateInvalidError](err); ok {
		return s.certInvalid(ce, addr, insecureHint)
	}
	_, notTLS := errors.AsType[tls.RecordHeaderError](err)
	if notTLS || strings.Contains(innerText(err), "server gave HTTP response to HTTPS client") {
		return &authdoctor.TransportError{Phase: authdoctor.PhaseTLS,
			Message: addr + " does not speak TLS: its first answer is not a TLS record",
			Hint:    "the port may serve plain HTTP; try http:// instead of https://, or check the port"}
	}
	if oe, ok := errors.AsType[*net.OpError](err); ok && oe.Op == "remote error" && oe.Err != nil {
		// The alert text is a fixed name from crypto/tls ("tls: handshake failure").
		alert := strings.TrimPrefix(oe.Err.Error(), "tls: ")
		return &authdoctor.TransportError{Phase: authdoctor.PhaseTLS,
			Message: "the server at " + addr + " ended the TLS handshake with the alert: " + alert,
			Hint:    "the server may require a client certificate, a newer TLS version or another server name"}
	}
	if _, ok := errors.AsType[*tls.CertificateVerificationError](err); ok {
		return &authdoctor.TransportError{Phase: authdoctor.PhaseTLS,
			Message: "the certificate of " + addr + " did not verify",
			Hint:    "check the certificate chain the server sends" + insecureHint}
	}
	return nil
}

// certInvalid explains an x509.CertificateInvalidError.
func (s *Sender) certInvalid(ce x509.CertificateInvalidError, addr, insecureHint string) *authdoctor.TransportError {
	const day = "2006-01-02 15:04 MST"
	te := &authdoctor.TransportError{Phase: authdoctor.PhaseTLS, Hint: "fix the certificate on the server" + insecureHint}
	cert := ce.Cert
	switch {
	case ce.Reason == x509.Expired && cert != nil && s.cfg.Now().Before(cert.NotBefore):
		te.Message = "the certificate of " + addr + " is not valid before " + cert.NotBefore.UTC().Format(day) +
			" (or this machine's clock is behind)"
		te.Hint = "check this machine's clock, then the certificate" + insecureHint
	case ce.Reason == x509.Expired && cert != nil:
		te.Message = "the certificate of " + addr + " expired on " + cert.NotAfter.UTC().Format(day)
		te.Hint = "renew the certificate on the server (or check this machine's clock)" + insecureHint
	case ce.Reason == x509.Expired:
		te.Message = "the certificate of " + addr + " has expired or is not yet valid"
	case ce.Reason == x509.NotAuthorizedToSign:
		te.Message = "the certificate of " + addr + " was signed by a certificate that may not sign others"
	case ce.Reason == x509.IncompatibleUsage:
		te.Message = "the certificate of " + addr + " is not meant for a TLS server"
	case ce.Reason == x509.TooManyIntermediates:
		te.Message = "the certificate chain of " + addr + " is too long"
	default:
		te.Message = "the certificate of " + addr + " is not valid"
	}
	return te
}

// certNames lists the names a certificate is valid for, at most ten.
func certNames(c *x509.Certificate) string {
	if c == nil {
		return "no name that could be read"
	}
	var names []string
	names = append(names, c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 {
		if c.Subject.CommonName != "" {
			return "no host name (only the common name " + c.Subject.CommonName + ", which Go no longer accepts)"
		}
		return "no host name"
	}
	if len(names) > 10 {
		names = append(names[:10], fmt.Sprintf("and %d more", len(names)-10))
	}
	return strings.Join(names, ", ")
}

// responseError maps failures after the connection was made.
func (s *Sender) responseError(err error, st stage, addr string) *authdoctor.TransportError {
	msg := innerText(err)
	switch {
	case strings.Contains(msg, "server response headers exceeded"):
		return &authdoctor.TransportError{Phase: authdoctor.PhaseResponse,
			Message: fmt.Sprintf("the response header from %s is longer than %d KiB; the probe stopped reading", addr, MaxHeaderBytes>>10),
			Hint:    "the server sends a runaway header; check it, or whatever sits in front of it"}
	case strings.Contains(msg, "malformed HTTP"):
		return &authdoctor.TransportError{Phase: authdoctor.PhaseResponse,
			Message: addr + " answered with something that is not HTTP",
			Hint:    "the port may serve another protocol, or TLS: try https:// instead of http://"}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &authdoctor.TransportError{Phase: authdoctor.PhaseResponse,
			Message: "the connection to " + addr + " closed " + stageWords(st, addr),
			Hint:    "the server or something in front of it dropped the request; check its logs"}
	case errors.Is(err, syscall.ECONNRESET):
		return &authdoctor.TransportError{Phase: authdoctor.PhaseResponse,
			Message: "the connection to " + addr + " was reset " + stageWords(st, addr),
			Hint:    "the server or a firewall in front of it dropped the connection"}
	}
	phase := authdoctor.PhaseResponse
	if st <= stageConnect {
		phase = authdoctor.PhaseConnect
	}
	return &authdoctor.TransportError{Phase: phase,
		Message: "the exchange with " + addr + " failed " + stageWords(st, addr),
		Hint:    "try the same request with curl -v to see more"}
}

// isTimeout reports whether err, or any error it wraps, is a timeout. The
// whole chain is walked because an outer layer (url.Error) may answer
// false for a timeout it does not see through.
func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, syscall.ETIMEDOUT) {
		return true
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		if t, ok := e.(interface{ Timeout() bool }); ok && t.Timeout() {
			return true
		}
	}
	return false
}
