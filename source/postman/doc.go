// Package postman reads Postman collections (format v2.1, and v2.0 where it
// is the same) and Postman environment or globals exports, and turns one
// request of a collection into a source.Spec: variables resolved with
// Postman's precedence, the effective auth helper (request, then folder,
// then collection) turned into the header or query parameter Postman would
// send, disabled headers and query parameters dropped.
//
// Credential values are only ever put in Secrets (and in the URL, for an
// API key Postman sends as a query parameter). Notes, Source fields and
// errors name variables and where they were defined, never their values;
// the types of this package print their names only, whatever the verb.
package postman
