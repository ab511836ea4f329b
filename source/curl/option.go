package curl

// option is one curl command-line option.
type option struct {
	long  string
	short byte
	// arg is true when the option takes a value.
	arg bool
	// do applies the option; nil means it is not understood and is listed
	// in Spec.Unknown (its value, if any, is consumed and never shown).
	do func(b *builder, name string, v word)
	// quiet options only change curl's output: they are dropped without
	// a note.
	quiet bool
}

// options are the curl options Parse knows, from curl(1). Options that
// take a value must be here even when not understood, or their value would
// be read as a URL.
var options = []option{
	// Understood.
	{long: "request", short: 'X', arg: true, do: (*builder).optMethod},
	{long: "header", short: 'H', arg: true, do: (*builder).optHeader},
	{long: "user", short: 'u', arg: true, do: (*builder).optUser},
	{long: "oauth2-bearer", arg: true, do: (*builder).optBearer},
	{long: "data", short: 'd', arg: true, do: (*builder).optData},
	{long: "data-ascii", arg: true, do: (*builder).optData},
	{long: "data-binary", arg: true, do: (*builder).optData},
	{long: "data-raw", arg: true, do: (*builder).optDataRaw},
	{long: "data-urlencode", arg: true, do: (*builder).optDataURLEncode},
	{long: "json", arg: true, do: (*builder).optJSON},
	{long: "get", short: 'G', do: (*builder).optGet},
	{long: "url", arg: true, do: (*builder).optURL},
	{long: "url-query", arg: true, do: (*builder).optURLQuery},
	{long: "cookie", short: 'b', arg: true, do: (*builder).optCookie},
	{long: "insecure", short: 'k', do: (*builder).optInsecure},
	{long: "location", short: 'L', do: (*builder).optLocation},
	{long: "location-trusted", do: (*builder).optLocationTrusted},
	{long: "proxy", short: 'x', arg: true, do: (*builder).optProxy},
	{long: "user-agent", short: 'A', arg: true, do: (*builder).optUserAgent},
	{long: "referer", short: 'e', arg: true, do: (*builder).optReferer},
	{long: "compressed", do: (*builder).optCompressed},
	{long: "head", short: 'I', do: (*builder).optHead},
	{long: "output", short: 'o', arg: true, do: (*builder).optOutput},
	{long: "form", short: 'F', arg: true, do: (*builder).optForm},
	{long: "form-string", arg: true, do: (*builder).optForm},
	{long: "next", short: ':', do: (*builder).optNext},
	{long: "basic", quiet: true},
	{long: "digest", do: (*builder).optScheme},
	{long: "ntlm", do: (*builder).optScheme},
	{long: "ntlm-wb", do: (*builder).optScheme},
	{long: "negotiate", do: (*builder).optScheme},
	{long: "anyauth", do: (*builder).optScheme},
	{long: "netrc", short: 'n', do: (*builder).optNetrc},
	{long: "netrc-optional", do: (*builder).optNetrc},
	{long: "netrc-file", arg: true, do: (*builder).optNetrc},
	{long: "cert", short: 'E', arg: true, do: (*builder).optCert},
	{long: "key", arg: true, do: (*builder).optCert},
	{long: "aws-sigv4", arg: true, do: (*builder).optSigv4},
	{long: "config", short: 'K', arg: true, do: (*builder).optConfig},

	// Output only.
	{long: "silent", short: 's', quiet: true},
	{long: "show-error", short: 'S', quiet: true},
	{long: "verbose", short: 'v', quiet: true},
	{long: "include", short: 'i', quiet: true},
	{long: "show-headers", quiet: true},
	{long: "no-progress-meter", quiet: true},
	{long: "progress-bar", short: '#', quiet: true},
	{long: "fail", short: 'f', quiet: true},
	{long: "fail-with-body", quiet: true},
	{long: "fail-early", quiet: true},
	{long: "no-buffer", short: 'N', quiet: true},
	{long: "remote-name", short: 'O', quiet: true},
	{long: "remote-name-all", quiet: true},
	{long: "remote-header-name", short: 'J', quiet: true},
	{long: "create-dirs", quiet: true},
	{long: "globoff", short: 'g', quiet: true},
	{long: "trace-time", quiet: true},
	{long: "styled-output", quiet: true},
	{long: "disable", short: 'q', quiet: true},
	{long: "write-out", short: 'w', arg: true, quiet: true},
	{long: "dump-header", short: 'D', arg: true, quiet: true},
	{long: "trace", arg: true, quiet: true},
	{long: "trace-ascii", arg: true, quiet: true},
	{long: "stderr", arg: true, quiet: true},
	{long: "output-dir", arg: true, quiet: true},

	// Not understood, with a value.
	{long: "cookie-jar", short: 'c', arg: true},
	{long: "continue-at", short: 'C', arg: true},
	{long: "max-time", short: 'm', arg: true},
	{long: "ftp-port", short: 'P', arg: true},
	{long: "quote", short: 'Q', arg: true},
	{long: "range", short: 'r', arg: true},
	{long: "upload-file", short: 'T', arg: true},
	{long: "proxy-user", short: 'U', arg: true},
	{long: "speed-time", short: 'y', arg: true},
	{long: "speed-limit", short: 'Y', arg: true},
	{long: "time-cond", short: 'z', arg: true},
	{long: "telnet-option", short: 't', arg: true},
	{long: "abstract-unix-socket", arg: true},
	{long: "alt-svc", arg: true},
	{long: "cacert", arg: true},
	{long: "capath", arg: true},
	{long: "cert-type", arg: true},
	{long: "ciphers", arg: true},
	{long: "connect-timeout", arg: true},
	{long: "connect-to", arg: true},
	{long: "create-file-mode", arg: true},
	{long: "crlfile", arg: true},
	{long: "curves", arg: true},
	{long: "delegation", arg: true},
	{long: "dns-interface", arg: true},
	{long: "dns-ipv4-addr", arg: true},
	{long: "dns-ipv6-addr", arg: true},
	{long: "dns-servers", arg: true},
	{long: "doh-url", arg: true},
	{long: "ech", arg: true},
	{long: "egd-file", arg: true},
	{long: "engine", arg: true},
	{long: "etag-compare", arg: true},
	{long: "etag-save", arg: true},
	{long: "expect100-timeout", arg: true},
	{long: "ftp-account", arg: true},
	{long: "ftp-alternative-to-user", arg: true},
	{long: "ftp-method", arg: true},
	{long: "ftp-ssl-ccc-mode", arg: true},
	{long: "happy-eyeballs-timeout-ms", arg: true},
	{long: "haproxy-clientip", arg: true},
	{long: "hostpubmd5", arg: true},
	{long: "hostpubsha256", arg: true},
	{long: "hsts", arg: true},
	{long: "interface", arg: true},
	{long: "ip-tos", arg: true},
	{long: "ipfs-gateway", arg: true},
	{long: "keepalive-cnt", arg: true},
	{long: "keepalive-time", arg: true},
	{long: "key-type", arg: true},
	{long: "krb", arg: true},
	{long: "libcurl", arg: true},
	{long: "limit-rate", arg: true},
	{long: "local-port", arg: true},
	{long: "login-options", arg: true},
	{long: "mail-auth", arg: true},
	{long: "mail-from", arg: true},
	{long: "mail-rcpt", arg: true},
	{long: "max-filesize", arg: true},
	{long: "max-redirs", arg: true},
	{long: "noproxy", arg: true},
	{long: "parallel-max", arg: true},
	{long: "pass", arg: true},
	{long: "pinnedpubkey", arg: true},
	{long: "preproxy", arg: true},
	{long: "proto", arg: true},
	{long: "proto-default", arg: true},
	{long: "proto-redir", arg: true},
	{long: "proxy-cacert", arg: true},
	{long: "proxy-capath", arg: true},
	{long: "proxy-cert", arg: true},
	{long: "proxy-cert-type", arg: true},
	{long: "proxy-ciphers", arg: true},
	{long: "proxy-crlfile", arg: true},
	{long: "proxy-header", arg: true},
	{long: "proxy-key", arg: true},
	{long: "proxy-key-type", arg: true},
	{long: "proxy-pass", arg: true},
	{long: "proxy-pinnedpubkey", arg: true},
	{long: "proxy-service-name", arg: true},
	{long: "proxy-tls13-ciphers", arg: true},
	{long: "proxy-tlsauthtype", arg: true},
	{long: "proxy-tlspassword", arg: true},
	{long: "proxy-tlsuser", arg: true},
	{long: "proxy1.0", arg: true},
	{long: "random-file", arg: true},
	{long: "rate", arg: true},
	{long: "request-target", arg: true},
	{long: "resolve", arg: true},
	{long: "retry", arg: true},
	{long: "retry-delay", arg: true},
	{long: "retry-max-time", arg: true},
	{long: "sasl-authzid", arg: true},
	{long: "service-name", arg: true},
	{long: "socks4", arg: true},
	{long: "socks4a", arg: true},
	{long: "socks5", arg: true},
	{long: "socks5-gssapi-service", arg: true},
	{long: "socks5-hostname", arg: true},
	{long: "ssl-sessions", arg: true},
	{long: "tftp-blksize", arg: true},
	{long: "tls-max", arg: true},
	{long: "tls13-ciphers", arg: true},
	{long: "tlsauthtype", arg: true},
	{long: "tlspassword", arg: true},
	{long: "tlsuser", arg: true},
	{long: "trace-config", arg: true},
	{long: "unix-socket", arg: true},
	{long: "variable", arg: true},
}

// longOption finds an option by its long name.
func longOption(name string) (option, bool) {
	for _, o := range options {
		if o.long == name {
			return o, true
		}
	}
	return option{}, false
}

// shortOption finds an option by its letter.
func shortOption(c byte) (option, bool) {
	for _, o := range options {
		if o.short == c && c != 0 {
			return o, true
		}
	}
	return option{}, false
}
