// Package realserver holds tests only: they prove authdoctor's verdicts
// against real servers rather than our own lab. Each test writes a complete
// standalone configuration for a real nginx or Apache httpd (the Debian
// packages) into a temporary directory, starts the server on 127.0.0.1 on
// free ports, runs doctor.Run (and once the CLI) against it, asserts the
// cause, confidence and finding the engine names, and stops the server.
//
// The tests skip when nginx or apache2 is not installed, and fail instead
// when CI=true: CI installs both (see .ci/run).
package realserver
