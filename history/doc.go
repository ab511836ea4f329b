// Package history remembers every run: a Store records one Record per
// check or compare column and answers "what ran, when, with what verdict"
// and "when was this request last accepted".
//
// A Record holds only what is safe to keep: the request's identity, the
// verdict, the finding ids, the credential's kind, fingerprint, vendor
// and environment, the token claims that matter (iss, aud, exp, scopes,
// roles, kid), each exchange's status, challenge and timings, the
// server's Date, the version, and the report as it was printed (JSON,
// already scrubbed by the caller). Never a credential, never a body.
//
// Two implementations share one interface and one conformance suite:
// SQLite (modernc.org/sqlite, no cgo), the default, in the user's state
// directory; and PostgreSQL (github.com/jackc/pgx/v5) for a team.
package history
