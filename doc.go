// Package authdoctor is the vocabulary shared by every part of authdoctor:
// the request a user wants to test (Request), what was sent and received
// (Observation), what the checks found (Finding), the verdict (Diagnosis),
// the fixed list of causes (Cause) and the type that keeps a credential out
// of every output (Secret).
//
// The package does no I/O. Packages around it (probe, check, diagnose,
// render, lab) depend on it and not on one another, so that the analysis
// can run on recorded traffic as well as on live requests.
package authdoctor
