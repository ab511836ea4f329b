// Package curl reads a curl command line, as copied from browser DevTools
// ("Copy as cURL"), Postman's code view or API documentation, into a
// source.Spec.
//
// The command line is read with a real shell parser (mvdan.cc/sh), so
// backslash continuations, '…', "…" and $'…' quoting, comments and a
// leading prompt all work as they would in bash. Nothing is ever executed:
// command substitutions are refused, and $VAR references are expanded only
// when the caller passes a lookup function. Windows cmd command lines (^
// continuations, ^" quoting) are read on a best-effort basis.
//
// Options that change the request are applied; output-only options (-s,
// -v, -i…) are dropped; every other option is listed in Spec.Unknown, never
// silently ignored. Files the command names (-d @file, -b cookies.txt) are
// not read: a note says so.
package curl
