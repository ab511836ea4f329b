// Package render formats a finished check for people and programs: plain or
// coloured text for a terminal, JSON for scripts and markdown for tickets.
//
// Renderers format; they never decide. They take an authdoctor.Observation
// and the authdoctor.Diagnosis made from it and write them out. The output
// depends only on those values (and, for text, on Options): lists without a
// natural order are sorted, durations are rounded, and relative times such
// as "2h ago" are computed against Observation.Now, never the clock.
//
// No credential is ever written. Request headers are shown through
// Field.Display, URLs through authdoctor.RedactURL, and everything that
// came from the server (headers, bodies, error text) goes through
// authdoctor.ScrubText; sensitive response headers such as Set-Cookie are
// replaced by "[redacted]". Secret.Reveal is not called anywhere in this
// package.
package render
