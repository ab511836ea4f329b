// Package har reads and writes HAR 1.2 files (HTTP Archive, as exported by
// browser DevTools, Charles, Insomnia and Postman, and written by
// authdoctor capture).
//
// Read parses a file (bounded by MaxSize); Log.Select picks one entry by
// position, URL substring or recorded status; Entry.Spec turns its request
// into a source.Spec and Entry.Exchange turns the recording into an
// authdoctor.Exchange for the checks. FromExchange and Write go the other
// way for the capture proxy, redacting every credential on the way out: a
// HAR file authdoctor writes holds nothing in clear.
//
// HAR values are plain strings, as in the file; they become Secrets in
// Spec and Exchange. Nothing in this package prints them.
package har
