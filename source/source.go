package source

import "github.com/authdoctor/authdoctor"

// Spec is one request read from somewhere, ready to check or compare.
// Credentials in it are Secrets; Origin says where they came from, since a
// credential in a file is stored there in clear.
type Spec struct {
	// Name names the request: a Postman item, a profile request, "entry 3"
	// of a HAR file, "curl".
	Name string
	// From says where it was read: "curl command", "file.har entry 3",
	// "collection.json: Orders / Get order".
	From    string
	Request authdoctor.Request
	// Expect is what the source says the API expects (OpenAPI scopes,
	// a profile's issuer and audience).
	Expect authdoctor.Expect
	// Insecure, FollowRedirects and Proxy carry the client settings the
	// source asked for (curl -k, -L, -x).
	Insecure        bool
	FollowRedirects bool
	Proxy           string
	// Unknown lists options the reader did not understand; they are
	// reported, never silently dropped.
	Unknown []string
	// Notes are facts worth showing (a variable left unresolved, a body
	// encoding).
	Notes []string
}
