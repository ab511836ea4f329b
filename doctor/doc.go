// Package doctor runs the pipeline once: probe the baseline and the
// authenticated request, run the checks, send the extra probes the
// diagnosis plans (a corrupted token, a corrected request) within the
// request budget, run the checks again and settle the Diagnosis.
//
// It is the one place that wires probe, check and diagnose together;
// commands (check, demo, and later compare and watch) call Run.
package doctor
