// Package monitor keeps watch: it runs checks on a schedule, keeps the
// state of every target (a profile request in one environment), exports
// it as Prometheus metrics, answers blackbox-style /probe requests and
// serves a status page.
//
// monitor does not know how a check is made: the caller passes a Check
// function (internal/cli passes the path authdoctor check uses) and a Load
// function that reads the targets (the profile). The package holds the
// schedule, the bounded concurrency, the metrics and the HTTP endpoints;
// signal handling stays with the caller, which calls Reload and Run.
package monitor
