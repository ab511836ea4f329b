// Package leakgen writes deterministic application logs with planted
// credentials and near-miss decoys, for the accuracy test and the
// benchmarks of package scan and for the comparison with other secret
// scanners (scripts/bench-scan.sh).
//
// The log is what services write: logfmt and JSON lines of a Go
// service (log/slog's text and JSON handlers), the debug log of an HTTP
// client (request lines and headers) and the JSON access log of a proxy,
// with timestamps, levels, messages, methods, paths, statuses,
// latencies, request ids (UUIDs), trace ids (hex) and user agents.
//
// At most one credential is planted per line, of the kinds in
// LeakKinds, each built the way its vendor documents it; a PEM private
// key spans lines and counts on its BEGIN line. Decoys, of the kinds in
// DecoyKinds, are what a careless scanner takes for a credential but is
// none: masked and redacted values, placeholders, publishable keys,
// UUIDs, hashes, AWS's documented example keys, prose, token metadata,
// base64 that is data. Write returns the ground truth: the line and kind
// of every credential and decoy, computed from what it chose rather than
// by looking at the text.
//
// Everything comes from the seed: the same Config writes the same
// bytes. No credential sits in the source: each is built at run time
// from its vendor's prefix and generated characters.
package leakgen
