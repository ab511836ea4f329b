// Package diagnose turns findings into a Diagnosis — one verdict, the
// findings ranked under it, the checklist — and plans the extra probes that
// settle a hypothesis (a corrupted copy of the token, a corrected request).
// It is pure: it never sends; the caller executes the plans with probe.
package diagnose
