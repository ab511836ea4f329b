// Package capture is a reverse proxy on loopback that an application is
// pointed at instead of its API. It forwards every request as the
// application sent it, records each exchange, and runs the check engine on
// every 401 and 403 as it passes.
//
// Capture is passive: it never sends a request of its own. A verdict rests
// on the one exchange the application made — there is no baseline without
// the credential, no corrupted copy and no confirmation — so it is at most
// as sure as the evidence in that exchange, and the Diagnosis says no
// baseline was sent.
//
// Bodies stream through untouched; only the first Config.MaxBody bytes of
// each are kept, for analysis and the HAR file. Credentials are held as
// Secrets only until the checks ran: what a Record keeps and what HAR
// returns went through har.FromExchange, so request headers show kind,
// length and fingerprint, URLs lose their credentials and bodies are
// scrubbed. The proxy listens on 127.0.0.1 unless Config.Listen says
// otherwise; warning about a non-loopback address is the caller's job
// (see Loopback).
package capture
