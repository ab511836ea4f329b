// Package probe is the only part of authdoctor that sends HTTP requests.
//
// A Sender takes an authdoctor.Request and returns an authdoctor.Probe with
// every redirect hop recorded as an authdoctor.Exchange: the fields sent,
// the response status and header, the start of the body, the server's Date,
// per-phase timings (net/http/httptrace) and the TLS connection.
//
// Safety rules the Sender enforces on its own:
//   - only GET, HEAD and OPTIONS unless the request has AllowWrite;
//   - a request budget shared by every Send, each hop counting once;
//   - every wait bounded (dial, TLS, first byte, the whole probe), bodies
//     read only up to a limit, response headers at most 64 KiB;
//   - redirects followed by hand, with credential fields sent on only to
//     the origin of the first request (curl's rule) unless TrustRedirects;
//   - the values of the credentials sent are scrubbed from every stored
//     response header and body, and error messages are built from parts
//     (host names, ports, limits), never from an error's text, which could
//     quote a URL or a header value.
//
// This is the one place that calls Secret.Reveal for header values: when the
// request is written.
package probe
