// Package source turns requests as people keep them — curl command lines,
// HAR entries, Postman requests, profile requests — into the Request
// authdoctor checks, with what the file says the API expects. The readers
// live in sub-packages (source/curl, source/har, source/postman,
// source/openapi); this package holds what they share.
package source
