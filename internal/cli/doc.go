// Package cli holds the commands of the authdoctor binary: one file per
// command, each an options struct, its flag binding and a run function
// that tests call directly. It is the only package that knows flags, the
// process environment and exit codes.
package cli
