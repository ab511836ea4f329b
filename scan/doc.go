// Package scan finds leaked credentials in files: logs, HAR files,
// Postman exports, .env files, built frontend bundles, shell history.
//
// It reads text line by line and reports, for each credential, where it
// is (path, line, column), what it is (kind, vendor, environment), how
// bad it is (severity), its fingerprint (8 hex of SHA-256) and the line
// with every credential redacted. It never reports a value.
//
// What it finds is what authdoctor.FindSecrets finds (the spans
// authdoctor.ScrubText hides: vendor keys, JWTs, Bearer and Basic
// credentials, URL user info, credential-named fields), judged for a
// leak report: values a scrubber hides to be safe but that are no
// credential (placeholders, masked keys, truncated keys, prose-length
// values, AWS's documented example keys) are dropped, Stripe-style
// publishable keys are reported at SeverityInfo, and PEM private keys and
// AWS secret access keys next to their key id, which FindSecrets does not
// look for, are added.
package scan
