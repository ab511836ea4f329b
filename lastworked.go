package authdoctor

import "time"

// SinceLastOK is what changed between a failing run and the last run of
// the same request (and environment) that was accepted: "it worked
// yesterday, what changed?". History builds it; renderers show it.
type SinceLastOK struct {
	// Run is the history id of the accepted run, At when it started.
	Run int64     `json:"run"`
	At  time.Time `json:"at"`
	// Changes come most likely culprit first; empty when nothing authdoctor
	// records changed (the cause is then outside what it sees).
	Changes []Change `json:"changes"`
}

// Change is one difference between the accepted run and this one. Before
// and After never hold a secret: fingerprints, claims, status lines.
type Change struct {
	// What names it: credential, token_expired, scopes, roles, audience,
	// issuer, key_id, environment, request, status, challenge,
	// server_clock, version.
	What   string `json:"what"`
	Before string `json:"before"`
	After  string `json:"after"`
	// Summary says it in words.
	Summary string `json:"summary"`
}
