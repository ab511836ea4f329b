// Package header reads and lints the HTTP authentication header fields.
//
// ParseChallenges parses WWW-Authenticate and Proxy-Authenticate field values
// (RFC 9110 §11.6.1 and §11.7.1) into challenges, leniently, the way a
// tolerant client does: it returns every challenge it could read and
// reports what was malformed in a *ParseError.
//
// LintAuthorization, LintValue and LintName find the mistakes people make
// when they write an Authorization header or another credential header by
// hand or from a template: a trailing newline from a token file, quotes from
// an .env file, a doubled scheme, "Bearer:" with a colon, and so on. Each
// Issue has a stable Code, a byte offset and a Detail that never contains
// any part of the credential: only positions, lengths, byte names such as
// "LF", known scheme words and header names. Fix builds the corrected value
// for a confirmation request.
//
// The package is pure: no I/O and no clock.
package header
