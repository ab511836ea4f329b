// Package check holds the checks: pure functions from an Observation to
// Findings. Each check is one file named after its id, one entry in the
// ordered List, one table test and one section of docs/causes.md.
//
// Checks never do I/O and never read the clock: the Observation carries the
// time the check started and the server's Date. That makes every check a
// table test over recorded exchanges, and lets the engine run on captured
// traffic.
package check
