// Package credential recognises what a credential is without revealing it:
// the kind of value carried in a header (JWT, JWE, Basic, Digest, vendor API
// key, opaque bearer token), the unverified claims of a JWT, the shape of a
// Basic credential, documentation placeholders, vendor key prefixes and the
// environment (test, live, sandbox, production) that a key or a host name
// gives away.
//
// Everything here is pure: no I/O, no clock, no state. The recognisers are
// data — an ordered table of vendor prefixes, a list of placeholder
// patterns, a table of vendor hosts — so adding a vendor is one table entry
// and one test case.
//
// Nothing this package returns holds a credential: results carry a kind,
// a length, a fingerprint (Fingerprint) and at most a vendor's
// literal, non-secret prefix (sk_test_, ghp_). Errors name the part that is
// bad (the claims segment, byte 12 of the Basic value), never its content.
package credential
